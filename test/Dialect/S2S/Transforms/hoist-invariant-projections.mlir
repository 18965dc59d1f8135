// RUN: s2s-opt %s -s2s-hoist-invariant-projections | FileCheck %s

// s2s.seq_matmul moves out of an scf.for when it computes the same value in
// every iteration: its inputs are not written in the loop, its output is a
// memref.alloc that only it writes there and nothing reads before it.

// The peek pattern of the decoder: the context's share of the gates moves
// before the loop, the feedback's projection stays inside.
// CHECK-LABEL: func @peek(
// CHECK-SAME:  %[[CTX:[^:]*]]: memref<?x2xf32>, %[[WCT:[^:]*]]: memref<2x8xf32>, %[[B:[^:]*]]: memref<8xf32>, %[[Y:[^:]*]]: memref<?x3xf32>, %[[WYT:[^:]*]]: memref<3x8xf32>, %[[XG:[^:]*]]: memref<?x8xf32>
// CHECK:       %[[PC:.*]] = memref.alloc
// CHECK-NEXT:  s2s.seq_matmul %[[CTX]], %[[WCT]], %[[B]], %[[PC]] {activation = "linear"}
// CHECK-NEXT:  scf.for
// CHECK-NEXT:    s2s.seq_matmul_add %[[Y]], %[[WYT]], %[[PC]], %[[XG]]
// CHECK-NEXT:    s2s.gather {{.*}}, %[[Y]]
// CHECK-NEXT:  }
// CHECK-NEXT:  memref.dealloc %[[PC]]
func @peek(%ctx: memref<?x2xf32>, %wct: memref<2x8xf32>, %b: memref<8xf32>, %y: memref<?x3xf32>,
           %wyt: memref<3x8xf32>, %xg: memref<?x8xf32>, %ids: memref<?xi32>,
           %table: memref<5x3xf32>, %n: index, %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pc = memref.alloc(%rows) : memref<?x8xf32>
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul %ctx, %wct, %b, %pc {activation = "linear"}
        : memref<?x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<?x8xf32>
    s2s.seq_matmul_add %y, %wyt, %pc, %xg
        : memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x8xf32>
    s2s.gather %ids, %table, %y : memref<?xi32>, memref<5x3xf32>, memref<?x3xf32>
  }
  memref.dealloc %pc : memref<?x8xf32>
  return
}

// Nested loops: it moves out of every loop it is invariant in.
// CHECK-LABEL: func @nested(
// CHECK:       memref.alloc
// CHECK-NEXT:  s2s.seq_matmul
// CHECK-NEXT:  scf.for
// CHECK-NEXT:    scf.for
// CHECK-NEXT:      s2s.seq_matmul_add
func @nested(%ctx: memref<?x2xf32>, %wct: memref<2x8xf32>, %b: memref<8xf32>, %y: memref<?x3xf32>,
             %wyt: memref<3x8xf32>, %xg: memref<?x8xf32>, %n: index, %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pc = memref.alloc(%rows) : memref<?x8xf32>
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      s2s.seq_matmul %ctx, %wct, %b, %pc : memref<?x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<?x8xf32>
      s2s.seq_matmul_add %y, %wyt, %pc, %xg : memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x8xf32>
    }
  }
  memref.dealloc %pc : memref<?x8xf32>
  return
}

// Its input is written in the loop (the fed-back y of a peek-none decoder):
// it stays.
// CHECK-LABEL: func @input_written(
// CHECK:       scf.for
// CHECK-NEXT:    s2s.seq_matmul
// CHECK-NEXT:    s2s.gather
func @input_written(%y: memref<?x3xf32>, %wt: memref<3x8xf32>, %b: memref<8xf32>,
                    %ids: memref<?xi32>, %table: memref<5x3xf32>, %n: index, %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %xg = memref.alloc(%rows) : memref<?x8xf32>
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul %y, %wt, %b, %xg : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>
    s2s.gather %ids, %table, %y : memref<?xi32>, memref<5x3xf32>, memref<?x3xf32>
  }
  memref.dealloc %xg : memref<?x8xf32>
  return
}

// Its input is written in the loop through a view of the same buffer (the
// top layer's h, as the vector decoder feeds it back): it stays.
// CHECK-LABEL: func @input_written_through_view(
// CHECK:       scf.for
// CHECK-NEXT:    s2s.seq_matmul
func @input_written_through_view(%wt: memref<3x8xf32>, %b: memref<8xf32>, %n: index,
                                 %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  %h = memref.alloc(%rows) : memref<?x3xf32>
  %xg = memref.alloc(%rows) : memref<?x8xf32>
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul %h, %wt, %b, %xg : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>
    %v = memref.subview %h[0, 0] [%rows, 3] [1, 1] : memref<?x3xf32> to memref<?x3xf32, affine_map<(d0, d1) -> (d0 * 3 + d1)>>
    memref.store %f, %v[%c0, %c0] : memref<?x3xf32, affine_map<(d0, d1) -> (d0 * 3 + d1)>>
  }
  memref.dealloc %xg : memref<?x8xf32>
  memref.dealloc %h : memref<?x3xf32>
  return
}

// Its output is read before it in the same iteration (the previous
// iteration's value): it stays.
// CHECK-LABEL: func @output_read_before(
// CHECK:       scf.for
// CHECK-NEXT:    s2s.seq_matmul_add
// CHECK-NEXT:    s2s.seq_matmul
func @output_read_before(%ctx: memref<?x2xf32>, %wct: memref<2x8xf32>, %b: memref<8xf32>,
                         %y: memref<?x3xf32>, %wyt: memref<3x8xf32>, %xg: memref<?x8xf32>,
                         %n: index, %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pc = memref.alloc(%rows) : memref<?x8xf32>
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul_add %y, %wyt, %pc, %xg : memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x8xf32>
    s2s.seq_matmul %ctx, %wct, %b, %pc : memref<?x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<?x8xf32>
  }
  memref.dealloc %pc : memref<?x8xf32>
  return
}

// Its output is not a memref.alloc (a caller's buffer may be read after the
// loop, or alias an input): it stays.
// CHECK-LABEL: func @output_not_alloc(
// CHECK:       scf.for
// CHECK-NEXT:    s2s.seq_matmul
// CHECK-LABEL: func @output_global(
// CHECK:       scf.for
// CHECK-NEXT:    s2s.seq_matmul
func @output_not_alloc(%ctx: memref<?x2xf32>, %wct: memref<2x8xf32>, %b: memref<8xf32>,
                       %y: memref<?x3xf32>, %wyt: memref<3x8xf32>, %xg: memref<?x8xf32>,
                       %pc: memref<?x8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul %ctx, %wct, %b, %pc : memref<?x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<?x8xf32>
    s2s.seq_matmul_add %y, %wyt, %pc, %xg : memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x8xf32>
  }
  return
}
memref.global "private" @scratch : memref<4x8xf32>
func @output_global(%ctx: memref<4x2xf32>, %wct: memref<2x8xf32>, %b: memref<8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pc = memref.get_global @scratch : memref<4x8xf32>
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul %ctx, %wct, %b, %pc : memref<4x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<4x8xf32>
  }
  return
}

// Its output is also written by another op in the loop: it stays.
// CHECK-LABEL: func @output_written_again(
// CHECK:       scf.for
// CHECK-NEXT:    s2s.seq_matmul %{{.*}}, %{{.*}}, %{{.*}}, %[[PC:[^ ]*]] :
// CHECK-NEXT:    s2s.seq_matmul_add %{{.*}}, %{{.*}}, %{{.*}}, %[[PC]] :
func @output_written_again(%ctx: memref<?x2xf32>, %wct: memref<2x8xf32>, %b: memref<8xf32>,
                           %y: memref<?x3xf32>, %wyt: memref<3x8xf32>, %xg: memref<?x8xf32>,
                           %n: index, %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pc = memref.alloc(%rows) : memref<?x8xf32>
  scf.for %s = %c0 to %n step %c1 {
    s2s.seq_matmul %ctx, %wct, %b, %pc : memref<?x2xf32>, memref<2x8xf32>, memref<8xf32>, memref<?x8xf32>
    s2s.seq_matmul_add %y, %wyt, %xg, %pc : memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x8xf32>
  }
  memref.dealloc %pc : memref<?x8xf32>
  return
}

// An operand defined in the loop (a view that depends on the step): it stays.
// CHECK-LABEL: func @operand_in_loop(
// CHECK:       scf.for
// CHECK-NEXT:    memref.subview
// CHECK-NEXT:    memref.cast
// CHECK-NEXT:    s2s.seq_matmul
func @operand_in_loop(%ctx: memref<?x2xf32>, %wct: memref<2x8xf32>, %b: memref<8xf32>,
                      %n: index, %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pc = memref.alloc(%rows) : memref<?x8xf32>
  scf.for %s = %c0 to %n step %c1 {
    %x = memref.subview %ctx[%s, 0] [1, 2] [1, 1] : memref<?x2xf32> to memref<1x2xf32, affine_map<(d0, d1)[s0] -> (d0 * 2 + s0 + d1)>>
    %xc = memref.cast %x : memref<1x2xf32, affine_map<(d0, d1)[s0] -> (d0 * 2 + s0 + d1)>> to memref<?x2xf32, affine_map<(d0, d1)[s0] -> (d0 * 2 + s0 + d1)>>
    s2s.seq_matmul %xc, %wct, %b, %pc : memref<?x2xf32, affine_map<(d0, d1)[s0] -> (d0 * 2 + s0 + d1)>>, memref<2x8xf32>, memref<8xf32>, memref<?x8xf32>
  }
  memref.dealloc %pc : memref<?x8xf32>
  return
}
