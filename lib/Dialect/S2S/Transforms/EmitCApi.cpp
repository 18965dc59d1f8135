//===- EmitCApi.cpp - The generated C API around the host code --*- C++ -*-===//
///
/// SPEC.md's C API for a model `NAME`, as LLVM-dialect functions:
/// create/destroy/last_error/metadata/active_target, NAME_translate (token
/// output; with NAME_translate_nbest for beam search) or
/// NAME_translate_vectors, the step-wise API, and in a multi-target library
/// the variant selection. The model object holds the message of its last failed
/// call (weights are read-only data, scratch is per call), so distinct
/// objects are independent across threads.
///
/// What the C API does besides running the model (argument checks and
/// their messages, error state, the Halide error handler, the variant
/// choice) is the s2s runtime's (s2s/Runtime/Runtime.h), linked into every
/// library; these functions call it, with the facts of the model (the
/// ModelInterface of the host function, the ModelTargets of the module).
/// NAME_translate calls `NAME_translate_impl` on memref views of the
/// caller's pointers once the runtime's checks pass.
///
//===----------------------------------------------------------------------===//
#include "HostBuilder.h"
#include "PassDetail.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Runtime/Runtime.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace s2s;
using arith::CmpIPredicate;

namespace {

class CApiEmitter {
public:
  CApiEmitter(ModuleOp module, FuncOp impl, ModelInterface model)
      : module(module), impl(impl), model(std::move(model)), targets(ModelTargets::read(module)),
        variants(targets.variants), b(impl.getLoc(), impl.getContext()) {
    ctx = impl.getContext();
    i8Ptr = LLVM::LLVMPointerType::get(IntegerType::get(ctx, 8));
    i32Ptr = LLVM::LLVMPointerType::get(IntegerType::get(ctx, 32));
    f32Ptr = LLVM::LLVMPointerType::get(Float32Type::get(ctx));
    name = this->model.name;
  }

  void emit() {
    declareRuntime();
    emitVariantSelection();
    emitCreate();
    emitDestroy();
    emitLastError();
    emitMetadata();
    emitTranslate();
    emitStepwise();
  }

private:
  Value null(Type type) { return b.create<LLVM::NullOp>(type); }
  Value isNull(Value p) {
    return b.create<LLVM::ICmpOp>(LLVM::ICmpPredicate::eq, p, null(p.getType()));
  }

  /// A pointer to a NUL-terminated constant string (one global per text).
  Value string(StringRef text) {
    std::string &symbol = stringSymbols[text];
    auto type = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), text.size() + 1);
    if (symbol.empty()) {
      symbol = name + "_str" + std::to_string(stringSymbols.size() - 1);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      b.create<LLVM::GlobalOp>(type, /*isConstant=*/true, LLVM::Linkage::Internal, symbol,
                               b.getStringAttr(text.str() + '\0'));
    }
    Value address = b.create<LLVM::AddressOfOp>(LLVM::LLVMPointerType::get(type), symbol);
    Value zero = b.create<LLVM::ConstantOp>(b.getI64Type(), b.getI64IntegerAttr(0));
    return b.create<LLVM::GEPOp>(i8Ptr, address, ValueRange{zero, zero});
  }

  /// The runtime functions called here, and Halide's.
  void declareRuntime() {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto declare = [&](StringRef fn, Type result, ArrayRef<Type> params) {
      if (!module.lookupSymbol(fn))
        b.create<LLVM::LLVMFuncOp>(fn, LLVM::LLVMFunctionType::get(result, params));
    };
    Type voidType = LLVM::LLVMVoidType::get(ctx), i32 = b.getI32Type();
    auto handlerPtr = LLVM::LLVMPointerType::get(halideErrorHandlerType());
    declare("halide_set_error_handler", handlerPtr, {handlerPtr});
    declare(runtime::kOnHalideError, voidType, {i8Ptr, i8Ptr});
    declare(runtime::kNewModel, i8Ptr, {});
    declare(runtime::kDeleteModel, voidType, {i8Ptr});
    declare(runtime::kLastError, i8Ptr, {i8Ptr, i8Ptr});
    declare(runtime::kCheckTranslate, i32,
            {i8Ptr, i8Ptr, i32Ptr, i32, i32, i8Ptr, i32Ptr, i32, i32, i32});
    if (model.beamWidth > 0)
      declare(runtime::kCheckBeam, i32, {i8Ptr, i32, i32, f32Ptr});
    declare(runtime::kBeginCall, voidType, {});
    declare(runtime::kEndCall, i32, {i8Ptr, i32});
    if (model.stateWidth > 0) {
      declare(runtime::kStateCreate, i8Ptr, {i8Ptr, i8Ptr, i32, i32, i32});
      declare(runtime::kStateDestroy, voidType, {i8Ptr});
      declare(runtime::kStateData, f32Ptr, {i8Ptr});
      declare(runtime::kCheckEncode, i32, {i8Ptr, i8Ptr, i8Ptr, i32, i8Ptr, i32Ptr, i32, i32, i32});
      declare(runtime::kCheckStep, i32, {i8Ptr, i8Ptr, i8Ptr, i32, i8Ptr, i32, i32, i8Ptr});
      declare(runtime::kEndStateCall, i32, {i8Ptr, i8Ptr, i32, i32});
      declare(runtime::kStateSelect, i32, {i8Ptr, i8Ptr, i8Ptr, i32, i32Ptr, i32});
    }
    if (variants.empty())
      return;
    Type i64Ptr = LLVM::LLVMPointerType::get(b.getI64Type());
    declare("halide_can_use_target_features", i32, {i32, i64Ptr});
    declare(runtime::kSelectVariant, i32,
            {i32Ptr, i32, i32, i64Ptr, LLVM::LLVMPointerType::get(canUseFeaturesType())});
  }

  /// int (*)(int count, const uint64_t *features), HalideRuntime.h.
  LLVM::LLVMFunctionType canUseFeaturesType() {
    return LLVM::LLVMFunctionType::get(
        b.getI32Type(), {b.getI32Type(), LLVM::LLVMPointerType::get(b.getI64Type())});
  }

  Value callRuntime(StringRef fn, TypeRange results, ValueRange args) {
    auto call = b.create<LLVM::CallOp>(results, fn, args);
    return results.empty() ? Value() : call.getResult(0);
  }

  FuncOp startFunction(StringRef suffix, FunctionType type) {
    b.setInsertionPoint(impl);
    auto f = b.create<FuncOp>(name + suffix.str(), type);
    b.setInsertionPointToStart(f.addEntryBlock());
    return f;
  }

  /// NAME__select_variant(): the index of the first variant whose Halide
  /// features the running CPU has (halide_can_use_target_features, from the
  /// Halide runtime in the library), or -1, chosen once by the runtime.
  /// NAME_active_target(): that variant's target string, or NULL. Kernel
  /// calls dispatch on the index (convert-s2s-to-llvm) and NAME_create
  /// refuses to run on a CPU that no variant fits, so a library never
  /// executes an instruction the CPU lacks.
  void emitVariantSelection() {
    if (variants.empty())
      return;
    Type i64 = b.getI64Type(), i32 = b.getI32Type();
    // Every variant's feature words, one after another (zeros past a
    // variant's own: no feature asked).
    size_t words = 0;
    for (const TargetVariant &v : variants)
      words = std::max(words, v.features.size());
    SmallVector<uint64_t> features(variants.size() * words, 0);
    for (size_t i = 0; i < variants.size(); ++i)
      llvm::copy(variants[i].features, features.begin() + i * words);
    std::string cache = name + "__variant_cache", table = name + "__features";
    auto tableType = LLVM::LLVMArrayType::get(i64, features.size());
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      b.create<LLVM::GlobalOp>(i32, /*isConstant=*/false, LLVM::Linkage::Internal, cache,
                               b.getI32IntegerAttr(-2));
      auto tensor = RankedTensorType::get({int64_t(features.size())}, i64);
      b.create<LLVM::GlobalOp>(tableType, /*isConstant=*/true, LLVM::Linkage::Internal, table,
                               DenseElementsAttr::get(tensor, llvm::makeArrayRef(features)));
    }
    startFunction(variantSelectorSuffix(), b.getFunctionType({}, {i32}));
    Value cachePtr = b.create<LLVM::AddressOfOp>(LLVM::LLVMPointerType::get(i32), cache);
    Value zero = b.create<LLVM::ConstantOp>(i64, b.getI64IntegerAttr(0));
    Value first = b.create<LLVM::GEPOp>(
        LLVM::LLVMPointerType::get(i64),
        b.create<LLVM::AddressOfOp>(LLVM::LLVMPointerType::get(tableType), table),
        ValueRange{zero, zero});
    Value canUse = b.create<LLVM::AddressOfOp>(LLVM::LLVMPointerType::get(canUseFeaturesType()),
                                               "halide_can_use_target_features");
    b.create<ReturnOp>(
        callRuntime(runtime::kSelectVariant, i32,
                    {cachePtr, b.i32(variants.size()), b.i32(words), first, canUse}));

    startFunction("_active_target", b.getFunctionType({}, {i8Ptr}));
    Value index = selectVariant();
    Value target = null(i8Ptr);
    for (size_t i = 0; i < variants.size(); ++i)
      target = b.create<SelectOp>(b.cmp(CmpIPredicate::eq, index, b.i32(i)),
                                  string(variants[i].target), target);
    b.create<ReturnOp>(target);
  }

  std::string variantSelectorSuffix() const {
    return variantSelectorName("");
  }
  Value selectVariant() {
    return b.create<CallOp>(name + variantSelectorSuffix(), TypeRange{b.getI32Type()},
                            ValueRange{})
        .getResult(0);
  }
  /// True when the library has variants and none fits this CPU.
  Value noVariantFits() {
    if (variants.empty())
      return b.create<arith::ConstantIntOp>(0, 1);
    return b.cmp(CmpIPredicate::slt, selectVariant(), b.i32(0));
  }

  /// void (*)(void *user_context, const char *message), HalideRuntime.h.
  LLVM::LLVMFunctionType halideErrorHandlerType() {
    return LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {i8Ptr, i8Ptr});
  }

  /// Halide's default error handler prints and aborts the process (seen:
  /// "CUDA API not found: cuInit", SIGABRT). NAME_create installs the
  /// runtime's instead: it keeps the message, the failing kernel returns
  /// its error code, and translate reports both in its own model's error
  /// buffer. The handler is process-wide, like the Halide runtime every
  /// library in a program shares.
  void emitCreate() {
    startFunction("_create", b.getFunctionType({}, {i8Ptr}));
    auto handlerPtr = LLVM::LLVMPointerType::get(halideErrorHandlerType());
    Value handler = b.create<LLVM::AddressOfOp>(handlerPtr, runtime::kOnHalideError);
    callRuntime("halide_set_error_handler", handlerPtr, handler);
    // No model on a CPU that lacks every variant's features; the reason is
    // in NAME_last_error(NULL).
    auto made = b.create<scf::IfOp>(TypeRange{i8Ptr}, noVariantFits(), /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(made.thenBlock());
      b.create<scf::YieldOp>(null(i8Ptr));
      b.setInsertionPointToStart(made.elseBlock());
      b.create<scf::YieldOp>(callRuntime(runtime::kNewModel, i8Ptr, {}));
    }
    b.create<ReturnOp>(made.getResult(0));
  }

  void emitDestroy() {
    FuncOp f = startFunction("_destroy", b.getFunctionType({i8Ptr}, {}));
    callRuntime(runtime::kDeleteModel, {}, f.getArgument(0));
    b.create<ReturnOp>();
  }

  void emitLastError() {
    FuncOp f = startFunction("_last_error", b.getFunctionType({i8Ptr}, {i8Ptr}));
    Value noModel = null(i8Ptr);
    if (!variants.empty()) {
      std::string built;
      for (const TargetVariant &v : variants)
        built += (built.empty() ? "" : ", ") + v.name + " (" + v.target + ")";
      noModel = b.create<SelectOp>(noVariantFits(),
                                   string(name +
                                          ": no variant of the library runs on this CPU "
                                          "(it lacks instructions each one needs); built "
                                          "for: " +
                                          built),
                                   noModel);
    }
    b.create<ReturnOp>(callRuntime(runtime::kLastError, i8Ptr, {f.getArgument(0), noModel}));
  }

  /// NAME_metadata(): a JSON description of the model and of the target
  /// the library was built for (module attribute `s2s.target`).
  void emitMetadata() {
    startFunction("_metadata", b.getFunctionType({}, {i8Ptr}));
    std::string json = modelMetadataJson(model, targets);
    b.create<ReturnOp>(string(json));
  }

  void emitTranslate();
  /// NAME_translate's common argument checks (the runtime's); `out`,
  /// `outLen` and `maxOut` are the call's output arguments.
  Value checkTranslate(FuncOp f, Value out, Value outLen, Value maxOut);
  /// Views of a call's src and src_len ([batch][max_src_len]...).
  SmallVector<Value> sourceViews(Value src, Value srcLen, Value batch, Value maxSrcLen);
  SmallVector<Value> sourceViews(FuncOp translate) {
    return sourceViews(translate.getArgument(1), translate.getArgument(2), translate.getArgument(3),
                       translate.getArgument(4));
  }
  /// Unless `rejected` is non-zero (then the result is 1), calls the host
  /// function `callee` on `views()` and returns what `report` makes of its
  /// status (the runtime's message on failure): the C function's result.
  Value callUnless(Value rejected, FuncOp callee, llvm::function_ref<SmallVector<Value>()> views,
                   llvm::function_ref<Value(Value)> report);
  Value callImplUnless(Value m, Value rejected, llvm::function_ref<SmallVector<Value>()> views) {
    return callUnless(rejected, impl, views, [&](Value status) {
      return callRuntime(runtime::kEndCall, b.getI32Type(), {m, status});
    });
  }
  /// The step-wise API (SPEC.md): NAME_state_create, _destroy, _select,
  /// NAME_encode and NAME_decode_step(_vectors) around NAME_encode_impl and
  /// NAME_step_impl; the state itself is the runtime's.
  void emitStepwise();
  /// A beam model's translate function `f`: `outputs` are its out, out_len
  /// and max_out arguments; `nBest` its n_best (1 for NAME_translate),
  /// `scores` and `logits` its pointers (one of them NULL).
  void emitBeamCall(FuncOp f, ArrayRef<Value> outputs, Value nBest, Value scores, Value logits);
  Value isNotNull(Value p) { return b.logicalNot(isNull(p)); }

  ModuleOp module;
  FuncOp impl;
  ModelInterface model;
  ModelTargets targets;
  // The variants the library holds, in preference order (none in IR-level
  // tests).
  ArrayRef<TargetVariant> variants;
  HostBuilder b;
  MLIRContext *ctx;
  Type i8Ptr, i32Ptr, f32Ptr;
  std::string name;
  llvm::StringMap<std::string> stringSymbols;
};

void CApiEmitter::emitTranslate() {
  Type i32 = b.getI32Type();
  Type srcPtr = model.tokenSource ? i32Ptr : f32Ptr;
  if (model.beamWidth > 0) {
    // Beam models: NAME_translate gives the best hypothesis; NAME_translate_nbest
    // the n_best best with their scores.
    FuncOp f = startFunction("_translate", b.getFunctionType({i8Ptr, srcPtr, i32Ptr, i32, i32,
                                                              i32Ptr, i32Ptr, i32, f32Ptr},
                                                             {i32}));
    emitBeamCall(f, {f.getArgument(5), f.getArgument(6), f.getArgument(7)}, b.i32(1),
                 null(f32Ptr), f.getArgument(8));
    FuncOp nbest = startFunction(
        "_translate_nbest",
        b.getFunctionType({i8Ptr, srcPtr, i32Ptr, i32, i32, i32, i32Ptr, i32Ptr, i32, f32Ptr},
                          {i32}));
    emitBeamCall(nbest, {nbest.getArgument(6), nbest.getArgument(7), nbest.getArgument(8)},
                 nbest.getArgument(5), nbest.getArgument(9), null(f32Ptr));
    return;
  }
  // SPEC.md: NAME_translate for token targets, NAME_translate_vectors for
  // vector targets; the source pointer's type follows the source kind.
  bool tokenTarget = model.tokenTarget;
  FuncOp f = tokenTarget
                 ? startFunction("_translate",
                                 b.getFunctionType({i8Ptr, srcPtr, i32Ptr, i32, i32, i32Ptr,
                                                    i32Ptr, i32, f32Ptr},
                                                   {i32}))
                 : startFunction("_translate_vectors",
                                 b.getFunctionType({i8Ptr, srcPtr, i32Ptr, i32, i32, f32Ptr, i32},
                                                   {i32}));
  Value m = f.getArgument(0), out = f.getArgument(5);
  // Token targets: out_len, max_out, logits. Vector targets: steps.
  Value outLen = tokenTarget ? f.getArgument(6) : null(i32Ptr);
  Value maxOut = tokenTarget ? f.getArgument(7) : f.getArgument(6);
  Value logits = tokenTarget ? f.getArgument(8) : Value();
  Value rejected = checkTranslate(f, out, outLen, maxOut);
  Value result = callImplUnless(m, rejected, [&] {
    Value batchIdx = b.toIndex(f.getArgument(3)), maxOutIdx = b.toIndex(maxOut);
    SmallVector<Value> args = sourceViews(f);
    Type f32 = b.getF32Type();
    int64_t tgtSize = model.targetSize;
    if (tokenTarget) {
      args.push_back(b.create<ViewPointerOp>(MemRefType::get({-1, -1}, i32), out,
                                             ValueRange{batchIdx, maxOutIdx}));
      args.push_back(
          b.create<ViewPointerOp>(MemRefType::get({-1}, i32), outLen, ValueRange{batchIdx}));
      args.push_back(b.create<ViewPointerOp>(MemRefType::get({-1, -1, tgtSize}, f32), logits,
                                             ValueRange{batchIdx, maxOutIdx}));
      args.push_back(isNotNull(logits));
    } else {
      args.push_back(b.create<ViewPointerOp>(MemRefType::get({-1, -1, tgtSize}, f32), out,
                                             ValueRange{batchIdx, maxOutIdx}));
    }
    return args;
  });
  b.create<ReturnOp>(result);
}

Value CApiEmitter::checkTranslate(FuncOp f, Value out, Value outLen, Value maxOut) {
  auto bytePtr = [&](Value p) { return b.create<LLVM::BitcastOp>(i8Ptr, p); };
  return callRuntime(runtime::kCheckTranslate, b.getI32Type(),
                     {f.getArgument(0), bytePtr(f.getArgument(1)), f.getArgument(2),
                      f.getArgument(3), f.getArgument(4), bytePtr(out), outLen, maxOut,
                      b.i32(model.tokenSource ? model.sourceSize : 0), b.i32(model.tokenTarget)});
}

SmallVector<Value> CApiEmitter::sourceViews(Value src, Value srcLen, Value batch, Value maxSrcLen) {
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  Value batchIdx = b.toIndex(batch);
  SmallVector<Value> srcSizes{batchIdx, b.toIndex(maxSrcLen)};
  return {model.tokenSource ? b.create<ViewPointerOp>(MemRefType::get({-1, -1}, i32), src, srcSizes)
                            : b.create<ViewPointerOp>(
                                  MemRefType::get({-1, -1, model.sourceSize}, f32), src, srcSizes),
          b.create<ViewPointerOp>(MemRefType::get({-1}, i32), srcLen, ValueRange{batchIdx})};
}

Value CApiEmitter::callUnless(Value rejected, FuncOp callee,
                              llvm::function_ref<SmallVector<Value>()> views,
                              llvm::function_ref<Value(Value)> report) {
  Type i32 = b.getI32Type();
  auto checked = b.create<scf::IfOp>(TypeRange{i32}, b.cmp(CmpIPredicate::ne, rejected, b.i32(0)),
                                     /*withElseRegion=*/true);
  b.setInsertionPointToStart(checked.thenBlock());
  b.create<scf::YieldOp>(b.i32(1));
  b.setInsertionPointToStart(checked.elseBlock());
  // Views of the caller's buffers, valid once the sizes are checked.
  SmallVector<Value> args = views();
  callRuntime(runtime::kBeginCall, {}, {});
  Value status = b.create<CallOp>(callee, args).getResult(0);
  b.create<scf::YieldOp>(report(status));
  b.setInsertionPointAfter(checked);
  return checked.getResult(0);
}

void CApiEmitter::emitStepwise() {
  FuncOp encodeImpl = lookupEncodeImpl(module, name), stepImpl = lookupStepImpl(module, name);
  if (model.stateWidth <= 0 || !encodeImpl || !stepImpl)
    return;
  Type i32 = b.getI32Type(), f32 = b.getF32Type(), voidPtr = i8Ptr;
  Type srcPtr = model.tokenSource ? i32Ptr : f32Ptr;
  auto bytePtr = [&](Value p) { return b.create<LLVM::BitcastOp>(i8Ptr, p); };
  // A view of the state's first `rows` rows.
  auto stateView = [&](Value state, Value rows) {
    Value data = callRuntime(runtime::kStateData, f32Ptr, state);
    return b.create<ViewPointerOp>(MemRefType::get({-1, model.stateWidth}, f32), data,
                                   ValueRange{b.toIndex(rows)});
  };
  auto endStateCall = [&](Value m, Value state, Value ready) {
    return [=](Value status) {
      return callRuntime(runtime::kEndStateCall, i32, {m, state, status, ready});
    };
  };

  FuncOp create = startFunction("_state_create", b.getFunctionType({i8Ptr, i32, i32}, {voidPtr}));
  b.create<ReturnOp>(callRuntime(runtime::kStateCreate, voidPtr,
                                 {create.getArgument(0), string(name), create.getArgument(1),
                                  create.getArgument(2), b.i32(model.stateWidth)}));

  FuncOp destroy = startFunction("_state_destroy", b.getFunctionType({voidPtr}, {}));
  callRuntime(runtime::kStateDestroy, {}, destroy.getArgument(0));
  b.create<ReturnOp>();

  // NAME_encode(m, s, src, src_len, batch, max_src_len).
  FuncOp encode = startFunction(
      "_encode", b.getFunctionType({i8Ptr, voidPtr, srcPtr, i32Ptr, i32, i32}, {i32}));
  {
    Value m = encode.getArgument(0), state = encode.getArgument(1);
    Value src = encode.getArgument(2), srcLen = encode.getArgument(3);
    Value batch = encode.getArgument(4), maxSrcLen = encode.getArgument(5);
    Value rejected =
        callRuntime(runtime::kCheckEncode, i32,
                    {m, state, string(name), b.i32(model.stateWidth), bytePtr(src), srcLen, batch,
                     maxSrcLen, b.i32(model.tokenSource ? model.sourceSize : 0)});
    Value result = callUnless(
        rejected, encodeImpl,
        [&] {
          SmallVector<Value> args = sourceViews(src, srcLen, batch, maxSrcLen);
          args.push_back(stateView(state, batch));
          return args;
        },
        endStateCall(m, state, batch));
    b.create<ReturnOp>(result);
  }

  // NAME_decode_step(m, s, prev, n, logits) / _vectors(m, s, prev, n, out).
  Type prevPtr = model.tokenTarget ? i32Ptr : f32Ptr;
  FuncOp step = startFunction(model.tokenTarget ? "_decode_step" : "_decode_step_vectors",
                              b.getFunctionType({i8Ptr, voidPtr, prevPtr, i32, f32Ptr}, {i32}));
  {
    Value m = step.getArgument(0), state = step.getArgument(1), prev = step.getArgument(2);
    Value n = step.getArgument(3), out = step.getArgument(4);
    Value rejected = callRuntime(runtime::kCheckStep, i32,
                                 {m, state, string(name), b.i32(model.stateWidth), bytePtr(prev), n,
                                  b.i32(model.tokenTarget ? model.targetSize : 0), bytePtr(out)});
    Value result = callUnless(
        rejected, stepImpl,
        [&] {
          Value rows = b.toIndex(n);
          Value prevView =
              model.tokenTarget
                  ? b.create<ViewPointerOp>(MemRefType::get({-1}, i32), prev, ValueRange{rows})
                  : b.create<ViewPointerOp>(MemRefType::get({-1, model.targetSize}, f32), prev,
                                            ValueRange{rows});
          return SmallVector<Value>{
              stateView(state, n), prevView, isNotNull(prev),
              b.create<ViewPointerOp>(MemRefType::get({-1, model.targetSize}, f32), out,
                                      ValueRange{rows})};
        },
        endStateCall(m, state, b.i32(-1)));
    b.create<ReturnOp>(result);
  }

  // NAME_state_select(m, s, from, n).
  FuncOp select =
      startFunction("_state_select", b.getFunctionType({i8Ptr, voidPtr, i32Ptr, i32}, {i32}));
  b.create<ReturnOp>(
      callRuntime(runtime::kStateSelect, i32,
                  {select.getArgument(0), select.getArgument(1), string(name),
                   b.i32(model.stateWidth), select.getArgument(2), select.getArgument(3)}));
}

void CApiEmitter::emitBeamCall(FuncOp f, ArrayRef<Value> outputs, Value nBest, Value scores,
                               Value logits) {
  Value m = f.getArgument(0), out = outputs[0], outLen = outputs[1], maxOut = outputs[2];
  Value rejected = checkTranslate(f, out, outLen, maxOut);
  // The beam checks only once the common ones passed: the first failing
  // check's message is the one kept.
  auto beamChecked = b.create<scf::IfOp>(TypeRange{b.getI32Type()},
                                         b.cmp(CmpIPredicate::ne, rejected, b.i32(0)),
                                         /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(beamChecked.thenBlock());
    b.create<scf::YieldOp>(rejected);
    b.setInsertionPointToStart(beamChecked.elseBlock());
    b.create<scf::YieldOp>(callRuntime(runtime::kCheckBeam, b.getI32Type(),
                                       {m, nBest, b.i32(model.beamWidth), logits}));
  }
  Value result = callImplUnless(m, beamChecked.getResult(0), [&] {
    Type i32 = b.getI32Type();
    Value batchIdx = b.toIndex(f.getArgument(3)), nBestIdx = b.toIndex(nBest);
    Value maxOutIdx = b.toIndex(maxOut);
    SmallVector<Value> args = sourceViews(f);
    args.push_back(b.create<ViewPointerOp>(MemRefType::get({-1, -1, -1}, i32), out,
                                           ValueRange{batchIdx, nBestIdx, maxOutIdx}));
    args.push_back(b.create<ViewPointerOp>(MemRefType::get({-1, -1}, i32), outLen,
                                           ValueRange{batchIdx, nBestIdx}));
    args.push_back(b.create<ViewPointerOp>(MemRefType::get({-1, -1}, b.getF32Type()), scores,
                                           ValueRange{batchIdx, nBestIdx}));
    args.push_back(isNotNull(scores));
    return args;
  });
  b.create<ReturnOp>(result);
}

struct EmitCApiPass : EmitCApiBase<EmitCApiPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (FuncOp f : llvm::to_vector(module.getOps<FuncOp>())) {
      if (!isTranslateImpl(f))
        continue;
      FailureOr<ModelInterface> model = ModelInterface::read(f);
      if (failed(model))
        return signalPassFailure();
      CApiEmitter(module, f, std::move(*model)).emit();
    }
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createEmitCApiPass() { return std::make_unique<EmitCApiPass>(); }
