// RUN: s2s-opt %s -s2s-hoist-invariant-projections | FileCheck %s

// Cases where moving the projection would change what the function
// computes, so it must stay in the loop. Known to fail at the time of
// writing (s2s-hoist-invariant-projections moves both): kept apart from
// hoist-invariant-projections.mlir so that its coverage stays green.

// The input is a global that the loop writes through another
// memref.get_global of the same symbol (a different SSA root).
// CHECK-LABEL: func @global_written_in_loop(
// CHECK:       scf.for
// CHECK-NEXT:    s2s.seq_matmul
// CHECK-NEXT:    memref.get_global @buf
// CHECK-NEXT:    memref.store
memref.global "private" @buf : memref<4x2xf32>
func @global_written_in_loop(%wct: memref<2x8xf32>, %b: memref<8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  %pc = memref.alloc() : memref<4x8xf32>
  %g1 = memref.get_global @buf : memref<4x2xf32>
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul %g1, %wct, %b, %pc : memref<4x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<4x8xf32>
    %g2 = memref.get_global @buf : memref<4x2xf32>
    memref.store %f, %g2[%c0, %c0] : memref<4x2xf32>
  }
  memref.dealloc %pc : memref<4x8xf32>
  return
}

// The output holds a value from before the loop that is read after it: with
// zero iterations the projection must not run.
// CHECK-LABEL: func @zero_trip(
// CHECK-SAME:  %[[A:[^:]*]]: memref<4x2xf32>, %[[CTX:[^:]*]]: memref<4x2xf32>
// CHECK:       s2s.seq_matmul %[[A]],
// CHECK-NEXT:  scf.for
// CHECK-NEXT:    s2s.seq_matmul %[[CTX]],
func @zero_trip(%a: memref<4x2xf32>, %ctx: memref<4x2xf32>, %wct: memref<2x8xf32>,
                %b: memref<8xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pc = memref.alloc() : memref<4x8xf32>
  s2s.seq_matmul %a, %wct, %b, %pc : memref<4x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<4x8xf32>
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul %ctx, %wct, %b, %pc : memref<4x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<4x8xf32>
  }
  %v = memref.load %pc[%c0, %c0] : memref<4x8xf32>
  memref.dealloc %pc : memref<4x8xf32>
  return %v : f32
}
