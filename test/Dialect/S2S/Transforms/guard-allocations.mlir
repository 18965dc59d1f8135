// RUN: s2s-opt %s -split-input-file -s2s-guard-allocations -verify-diagnostics | FileCheck %s

// Allocations move to the start with their sizes; the body runs under one
// check of them all; deallocations and the return stay outside, and the
// return gives -3 (out of memory) when the check failed.
// CHECK-LABEL: func @m_translate_impl(
// CHECK-SAME:  %[[SRC:[^:]*]]: memref<?x?xi32>
// CHECK:       %[[B:.*]] = memref.dim %[[SRC]], %c0
// CHECK-NEXT:  %[[A:.*]] = memref.alloc(%[[B]]) : memref<?xf32>
// CHECK:       %[[N:.*]] = arith.muli
// CHECK-NEXT:  %[[C:.*]] = memref.alloc(%[[N]]) : memref<?xf32>
// CHECK:       %[[OKA:.*]] = s2s.is_allocated %[[A]] : memref<?xf32>
// CHECK:       %[[OKC:.*]] = s2s.is_allocated %[[C]] : memref<?xf32>
// CHECK-NEXT:  %[[OK:.*]] = arith.andi %{{.*}}, %[[OKC]] : i1
// CHECK-NEXT:  scf.if %[[OK]] {
// CHECK:         memref.store
// CHECK:         memref.store
// CHECK:       }
// CHECK-NEXT:  memref.dealloc %[[A]]
// CHECK-NEXT:  memref.dealloc %[[C]]
// CHECK:       %[[OOM:.*]] = arith.constant -3 : i32
// CHECK-NEXT:  %[[R:.*]] = select %[[OK]], %{{.*}}, %[[OOM]] : i32
// CHECK-NEXT:  return %[[R]] : i32
func @m_translate_impl(%src: memref<?x?xi32>) -> i32 attributes {s2s.model = "m"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  %b = memref.dim %src, %c0 : memref<?x?xi32>
  %a = memref.alloc(%b) : memref<?xf32>
  memref.store %f, %a[%c0] : memref<?xf32>
  %t = memref.dim %src, %c1 : memref<?x?xi32>
  %n = arith.muli %t, %b : index
  %c = memref.alloc(%n) : memref<?xf32>
  memref.store %f, %c[%c0] : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  memref.dealloc %c : memref<?xf32>
  %r = arith.constant 0 : i32
  return %r : i32
}

// -----

// What comes before the first allocation (a loop computing the longest
// length) stays there; a size computed from it after that allocation
// moves up with its buffer, and a size that needs a loop after the first
// allocation cannot be checked up front.
// CHECK-LABEL: func @k_translate_impl(
// CHECK:       %[[LONGEST:.*]] = scf.for
// CHECK:       }
// CHECK:       %[[A:.*]] = memref.alloc(%[[LONGEST]]) : memref<?xf32>
// CHECK-NEXT:  %[[N:.*]] = arith.muli %[[LONGEST]], %[[LONGEST]] : index
// CHECK-NEXT:  %[[C:.*]] = memref.alloc(%[[N]]) : memref<?xf32>
// CHECK:       s2s.is_allocated %[[A]]
// CHECK:       s2s.is_allocated %[[C]]
// CHECK:       scf.if
func @k_translate_impl(%len: memref<?xi32>) -> i32 attributes {s2s.model = "k"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  %b = memref.dim %len, %c0 : memref<?xi32>
  %longest = scf.for %i = %c0 to %b step %c1 iter_args(%m = %c0) -> (index) {
    %l = memref.load %len[%i] : memref<?xi32>
    %li = arith.index_cast %l : i32 to index
    %gt = arith.cmpi sgt, %li, %m : index
    %next = select %gt, %li, %m : index
    scf.yield %next : index
  }
  %a = memref.alloc(%longest) : memref<?xf32>
  memref.store %f, %a[%c0] : memref<?xf32>
  %n = arith.muli %longest, %longest : index
  %c = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  memref.dealloc %c : memref<?xf32>
  %r = arith.constant 0 : i32
  return %r : i32
}

// -----

func @j_translate_impl(%len: memref<?xi32>) -> i32 attributes {s2s.model = "j"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc(%c1) : memref<?xindex>
  %b = memref.dim %len, %c0 : memref<?xi32>
  %longest = scf.for %i = %c0 to %b step %c1 iter_args(%m = %c0) -> (index) {
    scf.yield %m : index
  }
  // expected-error @+1 {{'memref.alloc' op has a size s2s-guard-allocations cannot compute up front}}
  %c = memref.alloc(%longest) : memref<?xf32>
  memref.dealloc %a : memref<?xindex>
  memref.dealloc %c : memref<?xf32>
  %r = arith.constant 0 : i32
  return %r : i32
}

// -----

// An allocation inside a loop cannot be checked up front.
func @l_translate_impl(%n: index) -> i32 attributes {s2s.model = "l"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @+1 {{'memref.alloc' op is not at the top level of its host function, where s2s-guard-allocations can check it}}
    %a = memref.alloc(%n) : memref<?xf32>
    memref.dealloc %a : memref<?xf32>
  }
  %r = arith.constant 0 : i32
  return %r : i32
}
