//===- WeightPacking.cpp - Weights in the layouts the kernels read -*- C++ -*-===//
#include "WeightPacking.h"
#include "s2s/Support/GateLayout.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace s2s;

DenseElementsAttr s2s::packWeight(WeightOp weight) {
  DenseElementsAttr dense = weight.getValue();
  const bool transpose = weight.getTranspose();
  const WeightRows order = weight.getRows();
  const int64_t begin = weight.getBeginAttr().getInt();
  int64_t end = weight.getEndAttr().getInt();
  auto type = dense.getType().cast<RankedTensorType>();
  int64_t rows = type.getDimSize(0), hidden = rows / 4;
  // Where canonical row r goes: gate r / H of unit r % H in the gate layout.
  auto rowOf = [&](int64_t r) {
    return order == WeightRows::Plain ? r : gateColumn(r / hidden, r % hidden, hidden);
  };
  // Where element (r, c) of the weight goes once packed transposed.
  auto packedIndex = [&](int64_t r, int64_t c) {
    return order == WeightRows::Recurrent ? recurrentWeightIndex(r / hidden, r % hidden, c, hidden)
                                          : (c - begin) * rows + rowOf(r);
  };
  if (transpose) {
    int64_t cols = type.getDimSize(1);
    if (end < 0)
      end = cols;
    SmallVector<float> values(dense.getValues<float>().begin(), dense.getValues<float>().end());
    SmallVector<float> packed((end - begin) * rows);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = begin; c < end; ++c)
        packed[packedIndex(r, c)] = values[r * cols + c];
    type = RankedTensorType::get({end - begin, rows}, type.getElementType());
    dense = DenseElementsAttr::get(type, llvm::makeArrayRef(packed));
  } else if (order != WeightRows::Plain) {
    SmallVector<float> packed(rows);
    int64_t r = 0;
    for (float v : dense.getValues<float>())
      packed[rowOf(r++)] = v;
    dense = DenseElementsAttr::get(type, llvm::makeArrayRef(packed));
  }
  return dense;
}

bool s2s::worthFoldingInputProjection(int64_t vocab, int64_t embed, int64_t gates) {
  constexpr int64_t kMinProjectionBytes = 256 << 10, kMaxTableBytes = 64 << 20;
  return gates * embed * 4 >= kMinProjectionBytes && vocab * gates * 4 <= kMaxTableBytes;
}

DenseElementsAttr s2s::foldInputProjection(DenseElementsAttr embedding, DenseElementsAttr wIhT,
                                           DenseElementsAttr bias) {
  auto shape = embedding.getType().cast<RankedTensorType>().getShape();
  const int64_t vocab = shape[0], embed = shape[1];
  const int64_t gates = wIhT.getType().cast<RankedTensorType>().getDimSize(1);
  SmallVector<float> e(embedding.getValues<float>()), w(wIhT.getValues<float>());
  SmallVector<float> b0(gates, 0.0f), table;
  if (bias)
    b0.assign(bias.getValues<float>().begin(), bias.getValues<float>().end());
  table.reserve(vocab * gates);
  for (int64_t v = 0; v < vocab; ++v) {
    table.append(b0.begin(), b0.end());
    float *row = &table[v * gates];
    for (int64_t k = 0; k < embed; ++k) {
      const float x = e[v * embed + k], *wRow = &w[k * gates];
      for (int64_t c = 0; c < gates; ++c)
        row[c] += x * wRow[c];
    }
  }
  auto type = RankedTensorType::get({vocab, gates}, Float32Type::get(embedding.getContext()));
  return DenseElementsAttr::get(type, llvm::makeArrayRef(table));
}
