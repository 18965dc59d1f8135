//===- InspectWeights.cpp - s2sc --inspect-weights ---------------*- C++ -*-===//
///
/// What a weights file holds and how the spec's roles map onto it: the
/// first thing to read when an import fails.
///
//===----------------------------------------------------------------------===//
#include "s2s/Pipeline/Pipeline.h"
#include "s2s/Spec/SpecParser.h"
#include "s2s/Spec/WeightImport.h"
#include "s2s/Support/Safetensors.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SourceMgr.h"

#include <set>

using namespace mlir;
using namespace s2s;

namespace {
std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

void printTensors(const SafetensorsFile &file, raw_ostream &os) {
  os << "weights file: " << file.path << " (" << file.tensors.size() << " tensors)\n";
  size_t width = 4;
  for (const auto &it : file.tensors)
    width = std::max(width, it.first.size());
  for (const auto &it : file.tensors)
    os << "  " << llvm::left_justify(it.first, width) << "  "
       << llvm::left_justify(it.second.dtype, 4) << "  " << shapeString(it.second.shape) << "\n";
}
} // namespace

llvm::Error s2s::inspectWeightsFile(StringRef path, raw_ostream &os) {
  auto file = readSafetensors(path);
  if (!file)
    return file.takeError();
  printTensors(*file, os);
  return llvm::Error::success();
}

LogicalResult s2s::inspectSpecWeights(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                                      raw_ostream &os) {
  FailureOr<ModelSpec> spec = parseModelSpec(sourceMgr, context);
  if (failed(spec))
    return failure();
  auto file = readSafetensors(spec->weights.resolvedPath);
  if (!file) {
    emitError(toLocation(sourceMgr, spec->weights.file.range.Start, context))
        << "cannot read weights: " << llvm::toString(file.takeError());
    return failure();
  }
  printTensors(*file, os);
  std::vector<WeightUse> uses;
  LogicalResult imported = importWeights(*spec, sourceMgr, context, &uses);
  os << "\nspec roles (layout " << spec->weights.layout.value << ", separator '"
     << spec->weights.separator.value << "'):\n";
  size_t width = 4;
  for (const WeightUse &use : uses)
    width = std::max(width, use.tensor.size());
  std::set<std::string> used;
  for (const WeightUse &use : uses) {
    used.insert(use.tensor);
    os << "  " << llvm::left_justify(use.role, 18) << " " << llvm::left_justify(use.tensor, width)
       << "  expects " << llvm::left_justify(shapeString(use.expected), 12) << "  ";
    if (!use.found)
      os << "MISSING\n";
    else if (use.actual != use.expected)
      os << "WRONG SHAPE " << shapeString(use.actual) << "\n";
    else
      os << "ok (" << use.dtype << ")\n";
  }
  std::vector<std::string> unused;
  for (const auto &it : file->tensors)
    if (!used.count(it.first))
      unused.push_back(it.first);
  if (!unused.empty()) {
    os << "\nnot used by this spec:";
    for (const std::string &name : unused)
      os << " " << name;
    os << "\n";
  }
  return imported;
}
