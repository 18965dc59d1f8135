//===- ModelLowering.cpp - What the model-to-cells patterns share -*- C++ -*-===//
#include "ModelLowering.h"

using namespace mlir;
using namespace s2s;

ModelLowering::ModelLowering(FuncOp impl, StringRef name)
    : b(impl.getLoc(), impl.getContext()), name(name.str()) {
  i32 = b.getI32Type();
  f32 = b.getF32Type();
  b.setInsertionPointToStart(&impl.getBody().front());
}

Value ModelLowering::alloc(Type elementType, int64_t cols, Value rows) {
  auto type = MemRefType::get({ShapedType::kDynamicSize, cols}, elementType);
  Value m = b.create<memref::AllocOp>(type, ValueRange{rows}, b.getI64IntegerAttr(64));
  allocations.push_back(m);
  return m;
}

Value ModelLowering::alloc1D(Type elementType, Value size) {
  auto type = MemRefType::get({ShapedType::kDynamicSize}, elementType);
  Value m = b.create<memref::AllocOp>(type, ValueRange{size}, b.getI64IntegerAttr(64));
  allocations.push_back(m);
  return m;
}

Value ModelLowering::allocCell(Type elementType) {
  auto type = MemRefType::get({1}, elementType);
  Value m = b.create<memref::AllocOp>(type, ValueRange{}, b.getI64IntegerAttr(64));
  allocations.push_back(m);
  return m;
}

void ModelLowering::fill2D(Value memref, Value rows, Value value) {
  b.forLoop(rows, [&](Value r) {
    b.forLoop(b.index(dimOf(memref, 1)), [&](Value c) { b.store(value, memref, {r, c}); });
  });
}

void ModelLowering::copy2D(Value from, Value to, Value rows) {
  b.forLoop(rows, [&](Value r) {
    b.forLoop(b.index(dimOf(to, 1)), [&](Value c) { b.store(b.load(from, {r, c}), to, {r, c}); });
  });
}

void ModelLowering::copyColumns(Value from, int64_t fromColumn, Value to, int64_t toColumn,
                                int64_t width, Value rows) {
  b.forLoop(rows, [&](Value r) {
    b.forLoop(b.index(width), [&](Value c) {
      b.store(b.load(from, {r, b.add(c, b.index(fromColumn))}), to,
              {r, b.add(c, b.index(toColumn))});
    });
  });
}

Value ModelLowering::firstRows(Value buffer, Value rows) {
  return rows == batch ? buffer : b.rows(buffer, b.index(0), rows);
}

std::string ModelLowering::symbol(StringRef role) const { return (name + "_" + role).str(); }

FailureOr<Value> ModelLowering::weight(Value tensor, StringRef role, bool transpose, int64_t begin,
                                       int64_t end, WeightRows rows) {
  auto constant = tensor.getDefiningOp<arith::ConstantOp>();
  auto dense = constant ? constant.getValue().dyn_cast<DenseElementsAttr>() : nullptr;
  if (!dense || !dense.getType().getElementType().isF32())
    return (emitError(tensor.getLoc())
            << "expects weight '" << role << "' to be a dense f32 constant"),
           failure();
  auto type = dense.getType().cast<RankedTensorType>();
  SmallVector<int64_t> shape = llvm::to_vector(type.getShape());
  if (transpose)
    shape = {(end < 0 ? shape[1] : end) - begin, shape[0]};
  return b
      .create<WeightOp>(MemRefType::get(shape, f32), b.getStringAttr(symbol(role)), dense,
                        transpose ? b.getUnitAttr() : UnitAttr(),
                        WeightRowsAttr::get(b.getContext(), rows), b.getI64IntegerAttr(begin),
                        b.getI64IntegerAttr(end))
      .getResult();
}

FailureOr<ModelLowering::LstmWeights> ModelLowering::lstmWeights(ValueRange layer, StringRef prefix,
                                                                 int64_t columns) {
  auto wIh = weight(layer[0], (prefix + "_w_ih_t").str(), true, 0, columns, WeightRows::Gates);
  auto wHh = weight(layer[1], (prefix + "_w_hh_t").str(), true, 0, -1, WeightRows::Recurrent);
  auto bias = weight(layer[2], (prefix + "_b").str(), false, 0, -1, WeightRows::Gates);
  if (failed(wIh) || failed(wHh) || failed(bias))
    return failure();
  return LstmWeights{*wIh, *wHh, *bias};
}

FailureOr<ModelLowering::Readout> ModelLowering::readout(Value wOut, Value bOut) {
  auto w = weight(wOut, "output_w_t", true);
  auto bias = weight(bOut, "output_b", false);
  if (failed(w) || failed(bias))
    return failure();
  return Readout{*w, *bias};
}

void ModelLowering::finish() {
  for (Value m : allocations)
    b.create<memref::DeallocOp>(m);
  b.create<ReturnOp>(b.i32(0));
}
