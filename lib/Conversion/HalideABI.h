//===- HalideABI.h - Halide runtime types for lowered host code -*- C++ -*-===//
///
/// Private to the conversion of host code to the LLVM dialect: the LLVM
/// types of HalideRuntime.h's buffer ABI (Halide 14) and the few builders
/// that kernel calls and device buffers share.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_CONVERSION_HALIDEABI_H
#define S2S_LIB_CONVERSION_HALIDEABI_H

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace s2s {
namespace halide_abi {

using namespace mlir;

/// LLVM types of Halide's runtime ABI (HalideRuntime.h, Halide 14).
struct HalideTypes {
  explicit HalideTypes(MLIRContext *ctx) {
    auto i8 = IntegerType::get(ctx, 8), i16 = IntegerType::get(ctx, 16);
    auto i32 = IntegerType::get(ctx, 32), i64 = IntegerType::get(ctx, 64);
    auto i8Ptr = LLVM::LLVMPointerType::get(i8);
    // halide_dimension_t { int32_t min, extent, stride; uint32_t flags; }
    dim = LLVM::LLVMStructType::getLiteral(ctx, {i32, i32, i32, i32});
    // halide_type_t { uint8_t code; uint8_t bits; uint16_t lanes; }
    type = LLVM::LLVMStructType::getLiteral(ctx, {i8, i8, i16});
    // halide_buffer_t { device, device_interface, host, flags, type,
    //                   dimensions, dim, padding }
    buffer = LLVM::LLVMStructType::getLiteral(
        ctx, {i64, i8Ptr, i8Ptr, i64, type, i32, LLVM::LLVMPointerType::get(dim), i8Ptr});
    bufferPtr = LLVM::LLVMPointerType::get(buffer);
  }
  Type dim, type, buffer, bufferPtr;
};

inline Value constantI(OpBuilder &b, Location loc, Type type, int64_t v) {
  return b.create<LLVM::ConstantOp>(loc, type, b.getIntegerAttr(type, v));
}

inline Value insert(OpBuilder &b, Location loc, Value agg, Value v, ArrayRef<int64_t> pos) {
  return b.create<LLVM::InsertValueOp>(loc, agg, v, b.getI64ArrayAttr(pos));
}

/// status[0] = rc != 0 ? rc : status[0]: a status keeps the first failure.
inline void recordStatus(OpBuilder &b, Location loc, MemRefDescriptor status, Value rc) {
  Value cell = b.create<LLVM::GEPOp>(loc, status.alignedPtr(b, loc).getType(),
                                     status.alignedPtr(b, loc), ValueRange{status.offset(b, loc)});
  Value old = b.create<LLVM::LoadOp>(loc, cell);
  Value failed = b.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::ne, rc,
                                        constantI(b, loc, b.getI32Type(), 0));
  b.create<LLVM::StoreOp>(loc, b.create<LLVM::SelectOp>(loc, failed, rc, old), cell);
}

/// halide_type_t of a memref element type.
inline Value halideType(OpBuilder &b, Location loc, const HalideTypes &halide, Type element) {
  int64_t code = element.isa<FloatType>() ? 2 : 0; // halide_type_float / _int
  Value type = b.create<LLVM::UndefOp>(loc, halide.type);
  type = insert(b, loc, type, constantI(b, loc, b.getI8Type(), code), {0});
  type = insert(b, loc, type, constantI(b, loc, b.getI8Type(), element.getIntOrFloatBitWidth()),
                {1});
  return insert(b, loc, type, constantI(b, loc, b.getIntegerType(16), 1), {2});
}

} // namespace halide_abi
} // namespace s2s

#endif
