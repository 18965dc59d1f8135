//===- S2SDialect.cpp - The s2s dialect ------------------------*- C++ -*-===//
#include "s2s/Dialect/S2S/S2SDialect.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/S2SOps.h"
#include "s2s/Support/CIdentifier.h"
#include "s2s/Support/ReservedNames.h"

#include "mlir/IR/FunctionInterfaces.h"

using namespace mlir;
using namespace s2s;

#include "s2s/Dialect/S2S/S2SOpsDialect.cpp.inc"

void S2SDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "s2s/Dialect/S2S/S2SOps.cpp.inc"
      >();
}

LogicalResult S2SDialect::verifyOperationAttribute(Operation *op, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  auto fail = [&](const Twine &what) {
    return op->emitOpError() << "expects '" << name << "' to be " << what << ", got " << value;
  };
  if (name == attr::kModel) {
    auto model = value.dyn_cast<StringAttr>();
    if (!model || !isCIdentifier(model.getValue()))
      return fail("a string that is a C identifier (the model's name)");
    std::string reserved = reservedNameReason(model.getValue());
    if (!reserved.empty())
      return op->emitOpError() << "expects '" << name << "' not to be " << value << ": "
                               << reserved;
    if (!isa<FunctionOpInterface>(op))
      return op->emitOpError() << "expects '" << name << "' only on a function";
    return success();
  }
  if (name == attr::kSourceKind || name == attr::kTargetKind) {
    auto kind = value.dyn_cast<StringAttr>();
    if (!kind || (kind.getValue() != "tokens" && kind.getValue() != "vectors"))
      return fail("\"tokens\" or \"vectors\"");
    return success();
  }
  if (name == attr::kSourceVocab || name == attr::kTargetVocab || name == attr::kSourceDim ||
      name == attr::kTargetDim || name == attr::kMaxLength || name == attr::kBos ||
      name == attr::kEos || name == attr::kBeamWidth || name == attr::kStateWidth) {
    auto number = value.dyn_cast<IntegerAttr>();
    if (!number || number.getValue().isNegative())
      return fail("a non-negative integer");
    return success();
  }
  if (name == attr::kTarget || name == attr::kHostFeatures) {
    if (!value.isa<StringAttr>())
      return fail("a string");
    return success();
  }
  if (name == attr::kDevice) {
    auto device = value.dyn_cast<StringAttr>();
    if (!device || device.getValue() != "cuda")
      return fail("\"cuda\" (the one device kernels run on)");
    return success();
  }
  if (name == attr::kVariants) {
    auto list = value.dyn_cast<ArrayAttr>();
    bool ok = list && llvm::all_of(list, [](Attribute a) {
      auto dict = a.dyn_cast<DictionaryAttr>();
      auto features = dict ? dict.getAs<ArrayAttr>("features") : ArrayAttr();
      return dict && dict.getAs<StringAttr>("name") && dict.getAs<StringAttr>("target") &&
             features &&
             llvm::all_of(features, [](Attribute w) { return w.isa<IntegerAttr>(); });
    });
    if (!ok)
      return fail("an array of {name, target : string, features : [integer]}");
    return success();
  }
  return success();
}
