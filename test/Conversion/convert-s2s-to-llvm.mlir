// RUN: s2s-opt %s -convert-s2s-to-llvm | FileCheck %s
// RUN: s2s-opt %s -convert-s2s-to-llvm | FileCheck %s --check-prefix=GONE

// Host code on memrefs with kernel calls, to the LLVM dialect only.
// GONE-NOT: s2s.
// GONE-NOT: {{^ *}}func @
// GONE-NOT: memref.
// GONE-NOT: scf.
// GONE-NOT: arith.
// GONE-NOT: unrealized_conversion_cast

// Kernels become external functions taking one halide_buffer_t* per memref
// and scalars by value; a kernel nobody calls is dropped.
// CHECK:     llvm.func @k_matmul(!llvm.ptr<[[BUF:struct<\(i64, ptr<i8>, ptr<i8>, i64, struct<\(i8, i8, i16\)>, i32, ptr<struct<\(i32, i32, i32, i32\)>>, ptr<i8>\)>]]>, !llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>) -> i32
// CHECK:     llvm.func @k_step(!llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>, i32, !llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>) -> i32
// CHECK-NOT: k_unused

// Buffer structs and their dimension arrays are stack slots of the entry
// block, so calls inside the loop do not grow the stack.
// CHECK-LABEL: llvm.func @host(
// CHECK-COUNT-8: = llvm.alloca %{{.*}} x !llvm.{{.*}} {alignment = 16 : i64}
// CHECK:         llvm.br ^bb1
// CHECK-NOT:     llvm.alloca
// CHECK:       ^bb2:
// Halide's dimension 0 is the innermost memref dimension.
// CHECK:         llvm.extractvalue %[[XD:[0-9]+]][3, 1]
// CHECK:         llvm.extractvalue %[[XD]][4, 1]
// CHECK:         llvm.getelementptr %[[DIMS_X:[0-9]+]][%{{.*}}]
// CHECK:         llvm.extractvalue %[[XD]][3, 0]
// CHECK:         llvm.extractvalue %[[XD]][4, 0]
// CHECK:         llvm.extractvalue %[[XD]][2]
// CHECK:         %[[HOST:.*]] = llvm.getelementptr
// f32 is halide_type_float (2), 32 bits, 1 lane; rank 2.
// CHECK:         llvm.mlir.constant(2 : i8) : i8
// CHECK:         llvm.mlir.constant(32 : i8) : i8
// CHECK:         llvm.mlir.constant(1 : i16) : i16
// CHECK:         llvm.mlir.constant(2 : i32) : i32
// CHECK:         llvm.insertvalue %[[DIMS_X]], %{{.*}}[6]
// CHECK:         llvm.store %{{.*}}, %[[BUF_X:[0-9]+]] :
// CHECK:         %[[R:.*]] = llvm.call @k_matmul(%[[BUF_X]], %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>, !llvm.ptr<[[BUF]]>) -> i32
// The status cell keeps the first failure.
// CHECK:         %[[CELL:.*]] = llvm.getelementptr
// CHECK-NEXT:    %[[OLD:.*]] = llvm.load %[[CELL]] : !llvm.ptr<i32>
// CHECK:         %[[FAILED:.*]] = llvm.icmp "ne" %[[R]], %{{.*}} : i32
// CHECK-NEXT:    %[[NEW:.*]] = llvm.select %[[FAILED]], %[[R]], %[[OLD]] : i1, i32
// CHECK-NEXT:    llvm.store %[[NEW]], %[[CELL]] : !llvm.ptr<i32>
// i32 (k_step's limit) is halide_type_int (0); the scalar goes by value.
// CHECK:         llvm.mlir.constant(0 : i8) : i8
// CHECK-NEXT:    llvm.insertvalue
// CHECK-NEXT:    llvm.mlir.constant(32 : i8) : i8
// CHECK:         llvm.call @k_step({{.*}}, %[[T:[0-9]+]], {{.*}}) : ({{.*}}, i32, {{.*}}) -> i32
// CHECK-NOT:     llvm.alloca
// CHECK:         llvm.return

// view_pointer: a descriptor around the raw pointer, row-major strides.
// CHECK-LABEL: llvm.func @view(
// CHECK-SAME:    %[[P:[^:]*]]: !llvm.ptr<i32>, %[[ROWS:[^:]*]]: i64) -> i32
// CHECK:         %[[PTR:.*]] = llvm.bitcast %[[P]] : !llvm.ptr<i32> to !llvm.ptr<i32>
// CHECK:         llvm.insertvalue %[[PTR]], %{{.*}}[0]
// CHECK-NEXT:    llvm.insertvalue %[[PTR]], %{{.*}}[1]
// CHECK:         %[[FIVE:.*]] = llvm.mlir.constant(5 : i64) : i64
// CHECK-NEXT:    %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT:    llvm.insertvalue %[[FIVE]], %{{.*}}[3, 1]
// CHECK-NEXT:    llvm.insertvalue %[[ONE]], %{{.*}}[4, 1]
// CHECK-NEXT:    %[[STRIDE0:.*]] = llvm.mul %[[ONE]], %[[FIVE]]
// CHECK-NEXT:    llvm.insertvalue %[[ROWS]], %{{.*}}[3, 0]
// CHECK-NEXT:    llvm.insertvalue %[[STRIDE0]], %{{.*}}[4, 0]

s2s.kernel @k_matmul {family = "matmul", input = 3 : i64, output = 8 : i64}
s2s.kernel @k_step {family = "lstm_step", hidden = 2 : i64}
s2s.kernel @k_unused {family = "gather", embed = 2 : i64, vocab = 3 : i64}

func @host(%x: memref<?x3xf32>, %wt: memref<3x8xf32>, %b: memref<8xf32>, %out: memref<?x8xf32>,
           %wh: memref<2x8xf32>, %h: memref<?x2xf32>, %lim: memref<?xi32>, %n: index) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ok = arith.constant 0 : i32
  %st = memref.alloca() : memref<1xi32>
  memref.store %ok, %st[%c0] : memref<1xi32>
  scf.for %i = %c0 to %n step %c1 {
    %t = arith.index_cast %i : index to i32
    s2s.kernel_call @k_matmul(%x, %wt, %b, %out : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>,
                              memref<?x8xf32>) status(%st : memref<1xi32>)
    s2s.kernel_call @k_step(%out, %wh, %h, %h, %lim, %t, %h, %h : memref<?x8xf32>, memref<2x8xf32>,
                            memref<?x2xf32>, memref<?x2xf32>, memref<?xi32>, i32, memref<?x2xf32>,
                            memref<?x2xf32>) status(%st : memref<1xi32>)
  }
  %r = memref.load %st[%c0] : memref<1xi32>
  return %r : i32
}

func @view(%p: !llvm.ptr<i32>, %rows: index) -> i32 {
  %c1 = arith.constant 1 : index
  %m = s2s.view_pointer %p[%rows] : !llvm.ptr<i32> -> memref<?x5xi32>
  %v = memref.load %m[%c1, %c1] : memref<?x5xi32>
  return %v : i32
}
