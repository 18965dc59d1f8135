//===- HostBuilder.h - Short-hands for building host code ------*- C++ -*-===//
///
/// The host code of a model is loops, loads, stores and kernel calls; these
/// helpers keep the passes that build it readable.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_DIALECT_S2S_TRANSFORMS_HOSTBUILDER_H
#define S2S_LIB_DIALECT_S2S_TRANSFORMS_HOSTBUILDER_H

#include "mlir/Dialect/Arithmetic/IR/Arithmetic.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/SCF.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace s2s {

class HostBuilder : public mlir::ImplicitLocOpBuilder {
public:
  using ImplicitLocOpBuilder::ImplicitLocOpBuilder;

  mlir::Value index(int64_t v) { return create<mlir::arith::ConstantIndexOp>(v); }
  mlir::Value i32(int64_t v) { return create<mlir::arith::ConstantIntOp>(v, 32); }
  mlir::Value f32(float v) {
    return create<mlir::arith::ConstantFloatOp>(llvm::APFloat(v), getF32Type());
  }
  mlir::Value add(mlir::Value a, mlir::Value b) { return create<mlir::arith::AddIOp>(a, b); }
  mlir::Value sub(mlir::Value a, mlir::Value b) { return create<mlir::arith::SubIOp>(a, b); }
  mlir::Value mul(mlir::Value a, mlir::Value b) { return create<mlir::arith::MulIOp>(a, b); }
  mlir::Value cmp(mlir::arith::CmpIPredicate p, mlir::Value a, mlir::Value b) {
    return create<mlir::arith::CmpIOp>(p, a, b);
  }
  mlir::Value minIndex(mlir::Value a, mlir::Value b) {
    return create<mlir::SelectOp>(cmp(mlir::arith::CmpIPredicate::ult, a, b), a, b);
  }
  mlir::Value toI32(mlir::Value index) {
    return create<mlir::arith::IndexCastOp>(getI32Type(), index);
  }
  mlir::Value toIndex(mlir::Value i) {
    return create<mlir::arith::IndexCastOp>(getIndexType(), i);
  }
  mlir::Value dim(mlir::Value memref, int64_t d) {
    return create<mlir::memref::DimOp>(memref, d);
  }
  mlir::Value load(mlir::Value memref, mlir::ValueRange indices) {
    return create<mlir::memref::LoadOp>(memref, indices);
  }
  void store(mlir::Value value, mlir::Value memref, mlir::ValueRange indices) {
    create<mlir::memref::StoreOp>(value, memref, indices);
  }

  /// for (iv = lb; iv < ub; ++iv) body(iv)
  void forLoop(mlir::Value lb, mlir::Value ub, llvm::function_ref<void(mlir::Value)> body) {
    auto loop = create<mlir::scf::ForOp>(lb, ub, index(1));
    InsertionGuard guard(*this);
    setInsertionPoint(loop.getBody()->getTerminator());
    body(loop.getInductionVar());
  }
  void forLoop(mlir::Value ub, llvm::function_ref<void(mlir::Value)> body) {
    forLoop(index(0), ub, body);
  }

  /// !flag of an i1.
  mlir::Value logicalNot(mlir::Value flag) {
    return create<mlir::arith::XOrIOp>(flag, create<mlir::arith::ConstantIntOp>(1, 1));
  }

  /// if (cond) then()
  void ifThen(mlir::Value cond, llvm::function_ref<void()> then) {
    auto op = create<mlir::scf::IfOp>(cond, /*withElseRegion=*/false);
    InsertionGuard guard(*this);
    setInsertionPoint(op.thenBlock()->getTerminator());
    then();
  }

  /// rows [offset, offset + count) of a 1-D or 2-D memref, as a strided view.
  mlir::Value rows(mlir::Value memref, mlir::Value offset, mlir::Value count) {
    auto type = memref.getType().cast<mlir::MemRefType>();
    llvm::SmallVector<mlir::OpFoldResult> offsets{offset}, sizes{count};
    llvm::SmallVector<mlir::OpFoldResult> strides{getIndexAttr(1)};
    if (type.getRank() == 2) {
      offsets.push_back(getIndexAttr(0));
      sizes.push_back(getIndexAttr(type.getDimSize(1)));
      strides.push_back(getIndexAttr(1));
    }
    return create<mlir::memref::SubViewOp>(memref, offsets, sizes, strides);
  }
};

} // namespace s2s

#endif
