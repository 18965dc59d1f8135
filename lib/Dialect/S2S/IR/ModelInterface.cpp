//===- ModelInterface.cpp - The model's facts as s2s.* attributes -*- C++ -*-===//
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Version.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace s2s;

void ModelInterface::attachTo(FuncOp impl) const {
  Builder b(impl.getContext());
  impl->setAttr(attr::kModel, b.getStringAttr(name));
  impl->setAttr(attr::kSourceKind, b.getStringAttr(tokenSource ? "tokens" : "vectors"));
  impl->setAttr(tokenSource ? attr::kSourceVocab : attr::kSourceDim,
                b.getI64IntegerAttr(sourceSize));
  impl->setAttr(attr::kTargetKind, b.getStringAttr(tokenTarget ? "tokens" : "vectors"));
  impl->setAttr(tokenTarget ? attr::kTargetVocab : attr::kTargetDim,
                b.getI64IntegerAttr(targetSize));
  if (tokenTarget) {
    impl->setAttr(attr::kBos, b.getI64IntegerAttr(bos));
    impl->setAttr(attr::kEos, b.getI64IntegerAttr(eos));
  }
  impl->setAttr(attr::kMaxLength, b.getI64IntegerAttr(maxLength));
  if (beamWidth > 0)
    impl->setAttr(attr::kBeamWidth, b.getI64IntegerAttr(beamWidth));
  if (stateWidth > 0)
    impl->setAttr(attr::kStateWidth, b.getI64IntegerAttr(stateWidth));
}

FailureOr<ModelInterface> ModelInterface::read(FuncOp impl) {
  ModelInterface model;
  auto name = impl->getAttrOfType<StringAttr>(attr::kModel);
  if (!name) {
    impl.emitError() << "expects a string attribute '" << attr::kModel << "'";
    return failure();
  }
  model.name = name.getValue().str();
  for (StringRef kind : {attr::kSourceKind, attr::kTargetKind})
    if (!impl->getAttrOfType<StringAttr>(kind)) {
      impl.emitError() << "expects a string attribute '" << kind << "'";
      return failure();
    }
  model.tokenSource = impl->getAttrOfType<StringAttr>(attr::kSourceKind).getValue() == "tokens";
  model.tokenTarget = impl->getAttrOfType<StringAttr>(attr::kTargetKind).getValue() == "tokens";
  auto size = [&](StringRef name, bool required, int64_t &into) -> LogicalResult {
    if (auto value = impl->getAttrOfType<IntegerAttr>(name)) {
      into = value.getInt();
      return success();
    }
    if (!required)
      return success();
    return impl.emitError() << "expects an integer attribute '" << name << "'";
  };
  if (failed(size(model.tokenSource ? attr::kSourceVocab : attr::kSourceDim, true,
                  model.sourceSize)) ||
      failed(size(model.tokenTarget ? attr::kTargetVocab : attr::kTargetDim, true,
                  model.targetSize)) ||
      failed(size(attr::kBos, false, model.bos)) || failed(size(attr::kEos, false, model.eos)) ||
      failed(size(attr::kMaxLength, false, model.maxLength)) ||
      failed(size(attr::kBeamWidth, false, model.beamWidth)) ||
      failed(size(attr::kStateWidth, false, model.stateWidth)))
    return failure();
  return model;
}

void ModelTargets::attachTo(ModuleOp module) const {
  Builder b(module.getContext());
  module->removeAttr(attr::kVariants);
  module->removeAttr(attr::kDevice);
  module->setAttr(attr::kTarget, b.getStringAttr(target));
  module->setAttr(attr::kHostFeatures, b.getStringAttr(hostFeatures));
  if (!variants.empty()) {
    SmallVector<Attribute> list;
    for (const TargetVariant &v : variants) {
      SmallVector<Attribute> words;
      for (uint64_t w : v.features)
        words.push_back(b.getI64IntegerAttr(static_cast<int64_t>(w)));
      list.push_back(b.getDictionaryAttr({b.getNamedAttr("name", b.getStringAttr(v.name)),
                                          b.getNamedAttr("target", b.getStringAttr(v.target)),
                                          b.getNamedAttr("suffix", b.getStringAttr(v.suffix)),
                                          b.getNamedAttr("features", b.getArrayAttr(words))}));
    }
    module->setAttr(attr::kVariants, b.getArrayAttr(list));
  }
  if (cuda)
    module->setAttr(attr::kDevice, b.getStringAttr("cuda"));
}

ModelTargets ModelTargets::read(ModuleOp module) {
  ModelTargets targets;
  if (auto target = module->getAttrOfType<StringAttr>(attr::kTarget))
    targets.target = target.getValue().str();
  if (auto features = module->getAttrOfType<StringAttr>(attr::kHostFeatures))
    targets.hostFeatures = features.getValue().str();
  targets.cuda = module->hasAttr(attr::kDevice);
  if (auto list = module->getAttrOfType<ArrayAttr>(attr::kVariants))
    for (auto dict : list.getAsRange<DictionaryAttr>()) {
      TargetVariant v;
      v.name = dict.getAs<StringAttr>("name").getValue().str();
      v.target = dict.getAs<StringAttr>("target").getValue().str();
      if (auto suffix = dict.getAs<StringAttr>("suffix"))
        v.suffix = suffix.getValue().str();
      for (auto word : dict.getAs<ArrayAttr>("features").getAsRange<IntegerAttr>())
        v.features.push_back(static_cast<uint64_t>(word.getInt()));
      targets.variants.push_back(std::move(v));
    }
  return targets;
}

bool s2s::isTranslateImpl(FuncOp f) {
  return f->hasAttr(attr::kModel) && f.getName().endswith("_translate_impl");
}

bool s2s::isHostFunction(FuncOp f) {
  return f->hasAttr(attr::kModel) && f.getName().endswith("_impl");
}

bool s2s::isModelFunction(FuncOp f) { return f->hasAttr(attr::kModel) && !isHostFunction(f); }

static FuncOp lookupDefined(ModuleOp module, const Twine &name) {
  auto f = module.lookupSymbol<FuncOp>(name.str());
  return f && !f.isExternal() && isHostFunction(f) ? f : FuncOp();
}

FuncOp s2s::lookupEncodeImpl(ModuleOp module, StringRef model) {
  return lookupDefined(module, model + "_encode_impl");
}

FuncOp s2s::lookupStepImpl(ModuleOp module, StringRef model) {
  return lookupDefined(module, model + "_step_impl");
}

FuncOp s2s::lookupTranslateImpl(ModuleOp module) {
  for (FuncOp f : module.getOps<FuncOp>())
    if (isTranslateImpl(f) && !f.isExternal())
      return f;
  return {};
}

StringRef s2s::modelNameOf(FuncOp f) {
  auto name = f->getAttrOfType<StringAttr>(attr::kModel);
  return name ? name.getValue() : StringRef();
}

std::string s2s::modelMetadataJson(const ModelInterface &model, const ModelTargets &targets) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream json(os);
  json.object([&] {
    json.attribute("name", model.name);
    json.attribute("s2sc_version", kVersion);
    json.attribute("target", targets.target);
    json.attribute("host_features", targets.hostFeatures);
    json.attributeObject("source", [&] {
      json.attribute("kind", model.tokenSource ? "tokens" : "vectors");
      json.attribute(model.tokenSource ? "vocab" : "dim", model.sourceSize);
    });
    json.attributeObject("output", [&] {
      json.attribute("kind", model.tokenTarget ? "tokens" : "vectors");
      json.attribute(model.tokenTarget ? "vocab" : "dim", model.targetSize);
      if (model.tokenTarget) {
        json.attribute("bos", model.bos);
        json.attribute("eos", model.eos);
      }
    });
    json.attribute("max_length", model.maxLength);
    // In the order NAME_create tries them; features are the Halide feature
    // words the CPU must have (unsigned: the top bit may be set).
    if (!targets.variants.empty())
      json.attributeArray("variants", [&] {
        for (const TargetVariant &v : targets.variants)
          json.object([&] {
            json.attribute("name", v.name);
            json.attribute("target", v.target);
            json.attributeArray("features", [&] {
              for (uint64_t word : v.features)
                json.rawValue(std::to_string(word));
            });
          });
      });
  });
  return os.str();
}
