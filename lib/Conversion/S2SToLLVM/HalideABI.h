//===- HalideABI.h - Halide runtime types for lowered host code -*- C++ -*-===//
///
/// Private to the conversion of host code to the LLVM dialect: the LLVM
/// types of HalideRuntime.h's buffer ABI (Halide 14) and the few builders
/// that kernel calls and device buffers share.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_CONVERSION_S2STOLLVM_HALIDEABI_H
#define S2S_LIB_CONVERSION_S2STOLLVM_HALIDEABI_H

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace s2s {
namespace halide_abi {

/// LLVM types of Halide's runtime ABI (HalideRuntime.h, Halide 14).
struct HalideTypes {
  explicit HalideTypes(mlir::MLIRContext *ctx) {
    auto i8 = mlir::IntegerType::get(ctx, 8), i16 = mlir::IntegerType::get(ctx, 16);
    auto i32 = mlir::IntegerType::get(ctx, 32), i64 = mlir::IntegerType::get(ctx, 64);
    auto i8Ptr = mlir::LLVM::LLVMPointerType::get(i8);
    // halide_dimension_t { int32_t min, extent, stride; uint32_t flags; }
    dim = mlir::LLVM::LLVMStructType::getLiteral(ctx, {i32, i32, i32, i32});
    // halide_type_t { uint8_t code; uint8_t bits; uint16_t lanes; }
    type = mlir::LLVM::LLVMStructType::getLiteral(ctx, {i8, i8, i16});
    // halide_buffer_t { device, device_interface, host, flags, type,
    //                   dimensions, dim, padding }
    buffer = mlir::LLVM::LLVMStructType::getLiteral(
        ctx, {i64, i8Ptr, i8Ptr, i64, type, i32, mlir::LLVM::LLVMPointerType::get(dim), i8Ptr});
    bufferPtr = mlir::LLVM::LLVMPointerType::get(buffer);
  }
  mlir::Type dim, type, buffer, bufferPtr;
};

inline mlir::Value constantI(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type, int64_t v) {
  return b.create<mlir::LLVM::ConstantOp>(loc, type, b.getIntegerAttr(type, v));
}

inline mlir::Value insert(mlir::OpBuilder &b, mlir::Location loc, mlir::Value agg, mlir::Value v,
                          llvm::ArrayRef<int64_t> pos) {
  return b.create<mlir::LLVM::InsertValueOp>(loc, agg, v, b.getI64ArrayAttr(pos));
}

/// status[0] = rc != 0 ? rc : status[0]: a status keeps the first failure.
inline void recordStatus(mlir::OpBuilder &b, mlir::Location loc, mlir::MemRefDescriptor status,
                         mlir::Value rc) {
  mlir::Value cell = b.create<mlir::LLVM::GEPOp>(loc, status.alignedPtr(b, loc).getType(),
                                                 status.alignedPtr(b, loc),
                                                 mlir::ValueRange{status.offset(b, loc)});
  mlir::Value old = b.create<mlir::LLVM::LoadOp>(loc, cell);
  mlir::Value failed = b.create<mlir::LLVM::ICmpOp>(loc, mlir::LLVM::ICmpPredicate::ne, rc,
                                                    constantI(b, loc, b.getI32Type(), 0));
  b.create<mlir::LLVM::StoreOp>(loc, b.create<mlir::LLVM::SelectOp>(loc, failed, rc, old), cell);
}

/// halide_type_t of a memref element type.
inline mlir::Value halideType(mlir::OpBuilder &b, mlir::Location loc, const HalideTypes &halide,
                              mlir::Type element) {
  int64_t code = element.isa<mlir::FloatType>() ? 2 : 0; // halide_type_float / _int
  mlir::Value type = b.create<mlir::LLVM::UndefOp>(loc, halide.type);
  type = insert(b, loc, type, constantI(b, loc, b.getI8Type(), code), {0});
  type =
      insert(b, loc, type, constantI(b, loc, b.getI8Type(), element.getIntOrFloatBitWidth()), {1});
  return insert(b, loc, type, constantI(b, loc, b.getIntegerType(16), 1), {2});
}

} // namespace halide_abi
} // namespace s2s

#endif
