// RUN: s2s-opt %s -split-input-file -convert-s2s-to-llvm | FileCheck %s

// A multi-target library (two or more s2s.variants) holds each kernel once
// per variant; host code keeps calling the plain name, an internal function
// that asks the library's variant selector once per call and forwards to
// the variant it picked, in the module's preference order.

// CHECK-LABEL: module attributes {s2s.variants
// CHECK:       llvm.func @m_gather__avx512([[SIG:.*]]) -> i32
// CHECK-NEXT:  llvm.func @m_gather__avx2([[SIG]]) -> i32
// CHECK-NEXT:  llvm.func @m_gather__sse41([[SIG]]) -> i32
// CHECK-NEXT:  llvm.func internal @m_gather(%[[A0:[a-z0-9]+]]: {{.*}}, %[[A1:[a-z0-9]+]]: {{.*}}, %[[A2:[a-z0-9]+]]: {{.*}}) -> i32 {
// CHECK-NEXT:    %[[V:.*]] = llvm.call @m__select_variant() : () -> i32
// CHECK-NEXT:    %[[ZERO:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[IS0:.*]] = llvm.icmp "eq" %[[V]], %[[ZERO]] : i32
// CHECK-NEXT:    llvm.cond_br %[[IS0]], ^[[USE0:.*]], ^[[NEXT0:.*]]
// CHECK-NEXT:  ^[[USE0]]:
// CHECK-NEXT:    %[[R0:.*]] = llvm.call @m_gather__avx512(%[[A0]], %[[A1]], %[[A2]]) : ([[SIG]]) -> i32
// CHECK-NEXT:    llvm.return %[[R0]] : i32
// CHECK-NEXT:  ^[[NEXT0]]:
// CHECK-NEXT:    %[[ONE:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK-NEXT:    %[[IS1:.*]] = llvm.icmp "eq" %[[V]], %[[ONE]] : i32
// CHECK-NEXT:    llvm.cond_br %[[IS1]], ^[[USE1:.*]], ^[[NEXT1:.*]]
// CHECK-NEXT:  ^[[USE1]]:
// CHECK-NEXT:    %[[R1:.*]] = llvm.call @m_gather__avx2(%[[A0]], %[[A1]], %[[A2]]) : ([[SIG]]) -> i32
// CHECK-NEXT:    llvm.return %[[R1]] : i32
// The last variant needs no test (NAME_create refused a CPU none fits).
// CHECK-NEXT:  ^[[NEXT1]]:
// CHECK-NEXT:    %[[R2:.*]] = llvm.call @m_gather__sse41(%[[A0]], %[[A1]], %[[A2]]) : ([[SIG]]) -> i32
// CHECK-NEXT:    llvm.return %[[R2]] : i32
// CHECK-NEXT:  }
// CHECK-LABEL: llvm.func @m_translate_impl(
// CHECK:         llvm.call @m_gather(%{{.*}}, %{{.*}}, %{{.*}}) : ([[SIG]]) -> i32
module attributes {s2s.variants = [
    {name = "avx512", target = "x86-64-linux-avx512", suffix = "__avx512", features = [4096, 0]},
    {name = "avx2", target = "x86-64-linux-avx2", suffix = "__avx2", features = [1024, 0]},
    {name = "sse41", target = "x86-64-linux-sse41", suffix = "__sse41", features = [0, 0]}]} {
  // Defined by s2s-emit-c-api in a whole pipeline.
  llvm.func @m__select_variant() -> i32
  s2s.kernel @m_gather {family = "gather", embed = 3 : i64, vocab = 5 : i64}

  func @m_translate_impl(%ids: memref<?xi32>, %table: memref<5x3xf32>, %out: memref<?x3xf32>)
      -> i32 attributes {s2s.model = "m"} {
    %c0 = arith.constant 0 : index
    %ok = arith.constant 0 : i32
    %st = memref.alloca() : memref<1xi32>
    memref.store %ok, %st[%c0] : memref<1xi32>
    s2s.kernel_call @m_gather(%ids, %table, %out : memref<?xi32>, memref<5x3xf32>, memref<?x3xf32>)
        status(%st : memref<1xi32>)
    %r = memref.load %st[%c0] : memref<1xi32>
    return %r : i32
  }
}

// -----

// One variant: the kernel is called directly, no selector.
// CHECK-LABEL: module attributes {s2s.variants
// CHECK-NOT:   select_variant
// CHECK:       llvm.func @m_gather([[SIG:.*]]) -> i32
// CHECK-NOT:   select_variant
// CHECK-LABEL: llvm.func @m_translate_impl(
// CHECK:         llvm.call @m_gather(%{{.*}}, %{{.*}}, %{{.*}}) : ([[SIG]]) -> i32
// CHECK-NOT:   select_variant
module attributes {s2s.variants = [
    {name = "avx2", target = "x86-64-linux-avx2", suffix = "", features = [1024, 0]}]} {
  s2s.kernel @m_gather {family = "gather", embed = 3 : i64, vocab = 5 : i64}

  func @m_translate_impl(%ids: memref<?xi32>, %table: memref<5x3xf32>, %out: memref<?x3xf32>)
      -> i32 attributes {s2s.model = "m"} {
    %c0 = arith.constant 0 : index
    %ok = arith.constant 0 : i32
    %st = memref.alloca() : memref<1xi32>
    memref.store %ok, %st[%c0] : memref<1xi32>
    s2s.kernel_call @m_gather(%ids, %table, %out : memref<?xi32>, memref<5x3xf32>, memref<?x3xf32>)
        status(%st : memref<1xi32>)
    %r = memref.load %st[%c0] : memref<1xi32>
    return %r : i32
  }
}
