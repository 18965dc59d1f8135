// RUN: s2s-opt %s -split-input-file -s2s-device-residency | FileCheck %s

// On a CUDA module: every allocation or argument kernels see through views
// is synced around kernel calls, host loads and host stores, and released
// before returning; weights (memref.get_global) are left alone.

// CHECK-LABEL: func @m_translate_impl(
// CHECK-SAME:    %[[LIMIT:[^:]*]]: memref<?xi32>
// CHECK:         %[[ST:.*]] = memref.alloca() : memref<1xi32>
// CHECK:         %[[H:.*]] = memref.alloc(%{{.*}}) : memref<?x2xf32>
// A host store: download first (if a kernel wrote it), then mark it newer.
// CHECK:         s2s.device_sync "to_host" %[[H]] : memref<?x2xf32> status(%[[ST]] : memref<1xi32>)
// CHECK-NEXT:    memref.store
// CHECK-NEXT:    s2s.device_sync "host_wrote" %[[H]]
// CHECK:         scf.for
// A kernel call: the roots of its views up, outputs' roots marked after.
// CHECK:           %[[IN:.*]] = memref.subview %[[H]]
// CHECK:           %[[OUT:.*]] = memref.subview %[[H]]
// CHECK:           s2s.device_sync "to_device" %[[H]]
// CHECK-NEXT:      s2s.device_sync "to_device" %[[LIMIT]]
// CHECK-NOT:       s2s.device_sync
// CHECK:           s2s.kernel_call @m_step
// CHECK-NEXT:      s2s.device_sync "device_wrote" %[[H]]
// CHECK-NOT:       s2s.device_sync
// CHECK:         }
// A host load: download first.
// CHECK:         s2s.device_sync "to_host" %[[H]]
// CHECK-NEXT:    memref.load %[[H]]
// CHECK:         s2s.device_sync "release" %[[H]]
// CHECK-NEXT:    s2s.device_sync "release" %[[LIMIT]]
// CHECK-NEXT:    return
module attributes {s2s.device = "cuda"} {
  s2s.kernel @m_step {family = "lstm_step", hidden = 2 : i64}
  memref.global "private" constant @m_whh : memref<2x8xf32> = dense<0.0>
  func @m_translate_impl(%limit: memref<?xi32>, %n: index) -> f32 attributes {s2s.model = "m"} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %ok = arith.constant 0 : i32
    %zero = arith.constant 0.0 : f32
    %st = memref.alloca() : memref<1xi32>
    memref.store %ok, %st[%c0] : memref<1xi32>
    %rows = arith.muli %n, %c1 : index
    %h = memref.alloc(%rows) : memref<?x2xf32>
    memref.store %zero, %h[%c0, %c0] : memref<?x2xf32>
    %w = memref.get_global @m_whh : memref<2x8xf32>
    scf.for %i = %c0 to %n step %c1 {
      %t = arith.index_cast %i : index to i32
      %in = memref.subview %h[0, 0] [1, 2] [1, 1] : memref<?x2xf32> to memref<1x2xf32>
      %out = memref.subview %h[0, 0] [1, 2] [1, 1] : memref<?x2xf32> to memref<1x2xf32>
      s2s.kernel_call @m_step(%in, %w, %in, %in, %limit, %t, %out, %out : memref<1x2xf32>,
          memref<2x8xf32>, memref<1x2xf32>, memref<1x2xf32>, memref<?xi32>, i32,
          memref<1x2xf32>, memref<1x2xf32>) status(%st : memref<1xi32>)
    }
    %r = memref.load %h[%c0, %c0] : memref<?x2xf32>
    return %r : f32
  }
}

// -----

// Without s2s.device (CPU targets) nothing changes.
// CHECK-LABEL: func @c_translate_impl(
// CHECK-NOT:     s2s.device_sync
s2s.kernel @c_step {family = "lstm_step", hidden = 2 : i64}
func @c_translate_impl(%limit: memref<?xi32>, %h: memref<1x2xf32>, %w: memref<2x8xf32>) -> f32
    attributes {s2s.model = "c"} {
  %c0 = arith.constant 0 : index
  %t = arith.constant 0 : i32
  %st = memref.alloca() : memref<1xi32>
  s2s.kernel_call @c_step(%h, %w, %h, %h, %limit, %t, %h, %h : memref<1x2xf32>, memref<2x8xf32>,
      memref<1x2xf32>, memref<1x2xf32>, memref<?xi32>, i32, memref<1x2xf32>, memref<1x2xf32>)
      status(%st : memref<1xi32>)
  %r = memref.load %h[%c0, %c0] : memref<1x2xf32>
  return %r : f32
}
