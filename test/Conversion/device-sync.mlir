// RUN: s2s-opt %s -convert-s2s-to-llvm | FileCheck %s
// RUN: s2s-opt %s -convert-s2s-to-llvm | FileCheck %s --check-prefix=INIT

// s2s.device_sync on a CUDA module: each root (an allocation or argument
// that kernels see) gets one halide_buffer_t slot at the top of the
// function, which owns its device copy; every action becomes a flag update
// or a Halide runtime call on that slot, and a failed call's status is kept.

// Slots are made at the top of the function, before any action: the
// allocation's with nothing dirty, the argument's host_dirty (the caller
// wrote it).
// INIT-LABEL: llvm.func @m_translate_impl(
// INIT:       llvm.insertvalue %{{.*}}, %{{.*}}[2] : !llvm.struct<(i64, ptr<i8>, ptr<i8>, i64,
// INIT-NEXT:  %[[CLEAN:[0-9]+]] = llvm.mlir.constant(0 : i64) : i64
// INIT-NEXT:  llvm.insertvalue %[[CLEAN]], %{{.*}}[3] : !llvm.struct<(i64, ptr<i8>, ptr<i8>, i64,
// INIT:       llvm.store %{{.*}}, %[[H:[0-9]+]] : !llvm.ptr<struct<(i64,
// INIT:       llvm.insertvalue %{{.*}}, %{{.*}}[2] : !llvm.struct<(i64, ptr<i8>, ptr<i8>, i64,
// INIT-NEXT:  %[[DIRTY:[0-9]+]] = llvm.mlir.constant(1 : i64) : i64
// INIT-NEXT:  llvm.insertvalue %[[DIRTY]], %{{.*}}[3] : !llvm.struct<(i64, ptr<i8>, ptr<i8>, i64,
// INIT:       llvm.store %{{.*}}, %[[X:[0-9]+]] : !llvm.ptr<struct<(i64,
// INIT:       llvm.call @halide_copy_to_device(%{{.*}}, %[[X]], %{{.*}})
// INIT:       llvm.call @halide_copy_to_device(%{{.*}}, %[[H]], %{{.*}})

// CHECK-LABEL: llvm.func @m_translate_impl(
// to_device: the host side described, then uploaded by Halide (only if dirty).
// CHECK:       %[[CUDA:[0-9]+]] = llvm.call @halide_cuda_device_interface()
// CHECK-NEXT:  %[[RC:[0-9]+]] = llvm.call @halide_copy_to_device(%{{.*}}, %[[XSLOT:[0-9]+]], %[[CUDA]])
// CHECK:       llvm.icmp "ne" %[[RC]]
// CHECK:       llvm.call @halide_copy_to_device(%{{.*}}, %[[HSLOT:[0-9]+]], %{{.*}})
// The kernel sees both through views that carry the slot's device handle.
// CHECK:       llvm.load %[[XSLOT]]
// CHECK:       llvm.call @k_add(
// device_wrote: flags |= halide_buffer_flag_device_dirty.
// CHECK:       llvm.load %[[HSLOT]]
// CHECK-NEXT:  %[[F:[0-9]+]] = llvm.extractvalue %{{.*}}[3]
// CHECK-NEXT:  %[[TWO:[0-9]+]] = llvm.mlir.constant(2 : i64) : i64
// CHECK-NEXT:  llvm.or %[[F]], %[[TWO]]
// CHECK:       llvm.store %{{.*}}, %[[HSLOT]]
// to_host before the host reads: a download only if a kernel wrote it.
// CHECK:       llvm.call @s2s__copy_to_host_if_device_dirty(%[[HSLOT]])
// CHECK:       llvm.load %{{.*}} : !llvm.ptr<f32>
// CHECK:       llvm.store %{{.*}} : !llvm.ptr<f32>
// host_wrote: flags |= halide_buffer_flag_host_dirty.
// CHECK:       llvm.load %[[HSLOT]]
// CHECK-NEXT:  %[[G:[0-9]+]] = llvm.extractvalue %{{.*}}[3]
// CHECK-NEXT:  %[[ONE:[0-9]+]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT:  llvm.or %[[G]], %[[ONE]]
// release: the device copy is freed before the host memory.
// CHECK:       llvm.call @halide_device_free(%{{.*}}, %[[HSLOT]])
// CHECK:       llvm.call @free(
// CHECK:       llvm.return

module attributes {s2s.device = "cuda"} {
  s2s.kernel @k_add {family = "matmul_add", input = 8 : i64, output = 8 : i64}
  // A weight: on the device for the life of the process, no slot.
  memref.global "private" constant @w : memref<8x8xf32> = dense<0.5>

  func @m_translate_impl(%x: memref<?x8xf32>, %n: index) -> i32 attributes {s2s.model = "m"} {
    %c0 = arith.constant 0 : index
    %ok = arith.constant 0 : i32
    %st = memref.alloca() : memref<1xi32>
    memref.store %ok, %st[%c0] : memref<1xi32>
    %h = memref.alloc(%n) : memref<?x8xf32>
    %w = memref.get_global @w : memref<8x8xf32>
    s2s.device_sync "to_device" %x : memref<?x8xf32> status(%st : memref<1xi32>)
    s2s.device_sync "to_device" %h : memref<?x8xf32> status(%st : memref<1xi32>)
    s2s.kernel_call @k_add(%x, %w, %x, %h : memref<?x8xf32>, memref<8x8xf32>, memref<?x8xf32>,
                           memref<?x8xf32>) status(%st : memref<1xi32>)
    s2s.device_sync "device_wrote" %h : memref<?x8xf32> status(%st : memref<1xi32>)
    s2s.device_sync "to_host" %h : memref<?x8xf32> status(%st : memref<1xi32>)
    %v = memref.load %h[%c0, %c0] : memref<?x8xf32>
    memref.store %v, %h[%c0, %c0] : memref<?x8xf32>
    s2s.device_sync "host_wrote" %h : memref<?x8xf32> status(%st : memref<1xi32>)
    s2s.device_sync "release" %h : memref<?x8xf32> status(%st : memref<1xi32>)
    memref.dealloc %h : memref<?x8xf32>
    %r = memref.load %st[%c0] : memref<1xi32>
    return %r : i32
  }
}
