//===- DeviceBuffers.h - Host buffers with a GPU copy -----------*- C++ -*-===//
///
/// Private to convert-s2s-to-llvm: how host code keeps data on the GPU for
/// CUDA targets (s2s.device_sync, s2s-device-residency).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_CONVERSION_S2STOLLVM_DEVICEBUFFERS_H
#define S2S_LIB_CONVERSION_S2STOLLVM_DEVICEBUFFERS_H

#include "HalideABI.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseMap.h"

namespace s2s {
namespace halide_abi {

/// halide_buffer_flag_host_dirty and halide_buffer_flag_device_dirty.
constexpr int64_t kHostDirty = 1, kDeviceDirty = 2;

/// Kernels on a GPU (module attribute `s2s.device = "cuda"`). Weights
/// (memref.get_global operands) get one halide_buffer_t per weight in a
/// global, uploaded once (by the first call, under a lock: threads share
/// it) and kept on the device for the life of the process. Every other allocation kernels see (a
/// root of their views, s2s-device-residency) gets one halide_buffer_t for the call: a stack slot
/// describing the whole allocation as one dimension, which owns the device
/// copy; s2s.device_sync keeps it consistent, and a kernel's view of it is
/// the root's device pointer plus the view's byte offset (CUDA device
/// pointers are addresses, as Halide's own cuda_device_crop assumes).
class DeviceBuffers {
public:
  explicit DeviceBuffers(const HalideTypes &halide) : halide(halide) {}

  bool enabled = false;

  /// The slot of `root` (a value of the original IR), made at the top of
  /// `user`'s function on first use: no device copy yet, host_dirty for an
  /// argument (the caller wrote it).
  mlir::Value slotFor(mlir::ConversionPatternRewriter &rewriter, mlir::Location loc,
                      mlir::Operation *user, mlir::Value root);

  /// Points `slot` at the whole of `root` (host pointer, type, extent).
  void describeRoot(mlir::OpBuilder &b, mlir::Location loc, mlir::Value slot,
                    mlir::MemRefDescriptor root, mlir::MemRefType type) const;

  /// flags |= bits.
  void setFlags(mlir::OpBuilder &b, mlir::Location loc, mlir::Value slot, int64_t bits) const;

  /// Makes weight `weight` resident on the device (the first call uploads
  /// it, under a lock, into a global halide_buffer_t that owns the device
  /// copy and is read-only from then on) and fills its device handle into
  /// `view`, this call's description of it. Returns the upload's status: on
  /// failure `view` is not usable.
  mlir::Value weightView(mlir::ConversionPatternRewriter &rewriter, mlir::Location loc,
                         mlir::ModuleOp module, llvm::StringRef weight, mlir::Value view) const;

  const HalideTypes &halide;

private:
  llvm::DenseMap<mlir::Value, mlir::Value> slots;
};

/// Declares the Halide runtime's device functions and defines the internal
/// helper `to_host` calls, once per module.
void declareDeviceRuntime(mlir::OpBuilder &b, mlir::ModuleOp module, const HalideTypes &halide);

/// s2s.device_sync to calls of the Halide runtime on `buffers`' slots.
void populateDeviceSyncLowering(mlir::LLVMTypeConverter &converter,
                                mlir::RewritePatternSet &patterns, DeviceBuffers &buffers);

} // namespace halide_abi
} // namespace s2s

#endif
