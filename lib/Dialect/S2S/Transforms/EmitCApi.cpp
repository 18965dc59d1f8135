//===- EmitCApi.cpp - The generated C API around the host code --*- C++ -*-===//
///
/// SPEC.md's C API for a model `NAME`, as LLVM-dialect functions:
/// create/destroy/last_error/metadata/active_target, NAME_translate (token
/// output) or NAME_translate_vectors, and in a multi-target library the
/// variant selection. The model object holds the message of its last failed
/// call (weights are read-only data, scratch is per call), so distinct
/// objects are independent across threads.
///
/// translate checks every argument, in order, before it touches a caller's
/// buffer (the checks and messages of CApiContract.h): each check is an
/// scf.if whose else branch holds the next check,
/// and the innermost branch calls `NAME_translate_impl` on memref views of
/// the caller's pointers. The facts it needs come from the ModelInterface
/// of the host function and the ModelTargets of the module.
///
//===----------------------------------------------------------------------===//
#include "HostBuilder.h"
#include "PassDetail.h"
#include "s2s/Dialect/S2S/CApiContract.h"
#include "s2s/Dialect/S2S/ModelInterface.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

#include <functional>

using namespace mlir;
using namespace s2s;
using arith::CmpIPredicate;
using capi::ArgumentCheck;
using capi::kErrorBufferSize;
using capi::kErrorHandlerSymbol;
using capi::kKernelErrorSymbol;

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
    declareLibc();
    emitVariantSelection();
    emitHalideErrorHandler();
    emitCreate();
    emitDestroy();
    emitLastError();
    emitMetadata();
    emitTranslate();
  }

private:
  Value null(Type type) { return b.create<LLVM::NullOp>(type); }
  Value isNull(Value p) {
    return b.create<LLVM::ICmpOp>(LLVM::ICmpPredicate::eq, p, null(p.getType()));
  }

  /// A pointer to a NUL-terminated constant string.
  Value string(StringRef text) {
    std::string symbol = name + "_str" + std::to_string(strings++);
    auto type = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), text.size() + 1);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      b.create<LLVM::GlobalOp>(type, /*isConstant=*/true, LLVM::Linkage::Internal, symbol,
                               b.getStringAttr(text.str() + '\0'));
    }
    Value address = b.create<LLVM::AddressOfOp>(LLVM::LLVMPointerType::get(type), symbol);
    Value zero = b.create<LLVM::ConstantOp>(b.getI64Type(), b.getI64IntegerAttr(0));
    return b.create<LLVM::GEPOp>(i8Ptr, address, ValueRange{zero, zero});
  }

  void declareLibc() {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto declare = [&](StringRef fn, Type type) {
      if (!module.lookupSymbol(fn))
        b.create<LLVM::LLVMFuncOp>(fn, type);
    };
    auto voidType = LLVM::LLVMVoidType::get(ctx);
    declare("malloc", LLVM::LLVMFunctionType::get(i8Ptr, {b.getI64Type()}));
    declare("free", LLVM::LLVMFunctionType::get(voidType, {i8Ptr}));
    declare("snprintf", LLVM::LLVMFunctionType::get(b.getI32Type(),
                                                    {i8Ptr, b.getI64Type(), i8Ptr},
                                                    /*isVarArg=*/true));
  }

  FuncOp startFunction(StringRef suffix, FunctionType type) {
    b.setInsertionPoint(impl);
    auto f = b.create<FuncOp>(name + suffix.str(), type);
    b.setInsertionPointToStart(f.addEntryBlock());
    return f;
  }

  /// NAME__select_variant(): the index of the first variant whose Halide
  /// features the running CPU has (halide_can_use_target_features, from the
  /// Halide runtime in the library), or -1. NAME_active_target(): that
  /// variant's target string, or NULL. Kernel calls dispatch on the index
  /// (convert-s2s-to-llvm) and NAME_create refuses to run on a CPU that
  /// no variant fits, so a library never executes an instruction the CPU
  /// lacks.
  void emitVariantSelection() {
    if (variants.empty())
      return;
    Type i64 = b.getI64Type();
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      if (!module.lookupSymbol("halide_can_use_target_features"))
        b.create<LLVM::LLVMFuncOp>("halide_can_use_target_features",
                                   LLVM::LLVMFunctionType::get(
                                       b.getI32Type(),
                                       {b.getI32Type(), LLVM::LLVMPointerType::get(i64)}));
    }
    // The choice is made once and cached (-2: not yet): kernel calls ask for
    // it, and halide_can_use_target_features takes a mutex every time.
    // Atomic (monotonic) accesses: threads may ask at the same time.
    std::string cache = name + "__variant_cache";
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      b.create<LLVM::GlobalOp>(b.getI32Type(), /*isConstant=*/false, LLVM::Linkage::Internal,
                               cache, b.getI32IntegerAttr(-2));
    }
    startFunction(variantSelectorSuffix(), b.getFunctionType({}, {b.getI32Type()}));
    auto cachePtr = [&] {
      return b.create<LLVM::AddressOfOp>(LLVM::LLVMPointerType::get(b.getI32Type()), cache);
    };
    Value cached = b.create<LLVM::AtomicRMWOp>(b.getI32Type(), LLVM::AtomicBinOp::add,
                                               cachePtr(), b.i32(0),
                                               LLVM::AtomicOrdering::monotonic);
    auto known = b.create<scf::IfOp>(TypeRange{b.getI32Type()},
                                     b.cmp(CmpIPredicate::ne, cached, b.i32(-2)),
                                     /*withElseRegion=*/true);
    b.setInsertionPointToStart(known.thenBlock());
    b.create<scf::YieldOp>(cached);
    b.setInsertionPointToStart(known.elseBlock());
    Value chosen = b.i32(-1);
    // From the last variant to the first, so the first usable one wins.
    for (int64_t i = variants.size() - 1; i >= 0; --i) {
      const TargetVariant &v = variants[i];
      int64_t words = v.features.size();
      auto type = LLVM::LLVMArrayType::get(i64, words);
      std::string symbol = name + "__features" + std::to_string(i);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(module.getBody());
        auto tensor = RankedTensorType::get({words}, i64);
        b.create<LLVM::GlobalOp>(type, /*isConstant=*/true, LLVM::Linkage::Internal, symbol,
                                 DenseElementsAttr::get(tensor, llvm::makeArrayRef(v.features)));
      }
      Value address = b.create<LLVM::AddressOfOp>(LLVM::LLVMPointerType::get(type), symbol);
      Value zero = b.create<LLVM::ConstantOp>(i64, b.getI64IntegerAttr(0));
      Value first = b.create<LLVM::GEPOp>(LLVM::LLVMPointerType::get(i64), address,
                                          ValueRange{zero, zero});
      Value usable = b.create<LLVM::CallOp>(TypeRange{b.getI32Type()},
                                            "halide_can_use_target_features",
                                            ValueRange{b.i32(words), first})
                         .getResult(0);
      chosen = b.create<SelectOp>(b.cmp(CmpIPredicate::ne, usable, b.i32(0)), b.i32(i), chosen);
    }
    b.create<LLVM::AtomicRMWOp>(b.getI32Type(), LLVM::AtomicBinOp::xchg, cachePtr(), chosen,
                                LLVM::AtomicOrdering::monotonic);
    b.create<scf::YieldOp>(chosen);
    b.setInsertionPointAfter(known);
    b.create<ReturnOp>(known.getResult(0));

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

  /// Halide's default error handler prints and aborts the process (seen:
  /// "CUDA API not found: cuInit", SIGABRT). NAME_create installs
  /// __s2s_on_halide_error instead: it keeps the message in
  /// __s2s_kernel_error, the failing kernel returns its error code, and
  /// translate reports both in its own model's error buffer.
  ///
  /// The handler is process-wide (every library linked into a program
  /// shares one Halide runtime), so both symbols are weak: all s2sc
  /// libraries in a process share one handler and one buffer, and the buffer
  /// is thread-local (s2s.thread_local, applied when the host code becomes
  /// LLVM IR), so a kernel failing in one thread or model is reported by the
  /// call that ran it and by no other.
  void emitHalideErrorHandler() {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto handlerType = halideErrorHandlerType();
    auto handlerPtr = LLVM::LLVMPointerType::get(handlerType);
    if (!module.lookupSymbol("halide_set_error_handler"))
      b.create<LLVM::LLVMFuncOp>("halide_set_error_handler",
                                 LLVM::LLVMFunctionType::get(handlerPtr, {handlerPtr}));
    if (module.lookupSymbol(kKernelErrorSymbol))
      return;
    auto bufferType = LLVM::LLVMArrayType::get(b.getI8Type(), kErrorBufferSize);
    auto buffer = b.create<LLVM::GlobalOp>(
        bufferType, /*isConstant=*/false, LLVM::Linkage::Weak, kKernelErrorSymbol,
        b.getZeroAttr(RankedTensorType::get({kErrorBufferSize}, b.getI8Type())));
    buffer->setAttr(kThreadLocalAttr, b.getUnitAttr());
    auto handler = b.create<LLVM::LLVMFuncOp>(kErrorHandlerSymbol, handlerType,
                                              LLVM::Linkage::Weak);
    // The first message since the call began is kept: later ones are
    // consequences (a GPU call failing after an earlier one did).
    Block *body = handler.addEntryBlock();
    Block *keep = new Block(), *done = new Block();
    handler.getBody().push_back(keep);
    handler.getBody().push_back(done);
    b.setInsertionPointToStart(body);
    Value first = b.create<LLVM::LoadOp>(kernelError());
    Value empty = b.create<LLVM::ICmpOp>(
        LLVM::ICmpPredicate::eq, first,
        b.create<LLVM::ConstantOp>(b.getI8Type(), b.getI8IntegerAttr(0)));
    b.create<LLVM::CondBrOp>(empty, keep, done);
    b.setInsertionPointToStart(keep);
    b.create<LLVM::CallOp>(TypeRange{b.getI32Type()}, "snprintf",
                           ValueRange{kernelError(),
                                      b.create<LLVM::ConstantOp>(
                                          b.getI64Type(), b.getI64IntegerAttr(kErrorBufferSize)),
                                      string("%s"), body->getArgument(1)});
    b.create<LLVM::BrOp>(ValueRange{}, done);
    b.setInsertionPointToStart(done);
    b.create<LLVM::ReturnOp>(ValueRange{});
  }

  /// void (*)(void *user_context, const char *message), HalideRuntime.h.
  LLVM::LLVMFunctionType halideErrorHandlerType() {
    return LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {i8Ptr, i8Ptr});
  }

  /// This thread's message of the last Halide error (__s2s_kernel_error).
  Value kernelError() {
    auto type = LLVM::LLVMArrayType::get(b.getI8Type(), kErrorBufferSize);
    Value address =
        b.create<LLVM::AddressOfOp>(LLVM::LLVMPointerType::get(type), kKernelErrorSymbol);
    Value zero = b.create<LLVM::ConstantOp>(b.getI64Type(), b.getI64IntegerAttr(0));
    return b.create<LLVM::GEPOp>(i8Ptr, address, ValueRange{zero, zero});
  }
  void clearKernelError() {
    b.create<LLVM::StoreOp>(b.create<LLVM::ConstantOp>(b.getI8Type(), b.getI8IntegerAttr(0)),
                            kernelError());
  }

  void emitCreate() {
    startFunction("_create", b.getFunctionType({}, {i8Ptr}));
    {
      auto handlerPtr = LLVM::LLVMPointerType::get(halideErrorHandlerType());
      Value handler = b.create<LLVM::AddressOfOp>(handlerPtr, kErrorHandlerSymbol);
      b.create<LLVM::CallOp>(TypeRange{handlerPtr}, "halide_set_error_handler",
                             ValueRange{handler});
    }
    // No model on a CPU that lacks every variant's features; the reason is
    // in NAME_last_error(NULL).
    auto made = b.create<scf::IfOp>(TypeRange{i8Ptr}, noVariantFits(), /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(made.thenBlock());
      b.create<scf::YieldOp>(null(i8Ptr));
      b.setInsertionPointToStart(made.elseBlock());
      Value size =
          b.create<LLVM::ConstantOp>(b.getI64Type(), b.getI64IntegerAttr(kErrorBufferSize));
      Value m = b.create<LLVM::CallOp>(TypeRange{i8Ptr}, "malloc", ValueRange{size}).getResult(0);
      b.ifThen(b.create<arith::XOrIOp>(isNull(m), b.create<arith::ConstantIntOp>(1, 1)), [&] {
        b.create<LLVM::StoreOp>(b.create<LLVM::ConstantOp>(b.getI8Type(), b.getI8IntegerAttr(0)),
                                m);
      });
      b.create<scf::YieldOp>(m);
    }
    b.create<ReturnOp>(made.getResult(0));
  }

  void emitDestroy() {
    FuncOp f = startFunction("_destroy", b.getFunctionType({i8Ptr}, {}));
    b.create<LLVM::CallOp>(TypeRange{}, "free", ValueRange{f.getArgument(0)});
    b.create<ReturnOp>();
  }

  void emitLastError() {
    FuncOp f = startFunction("_last_error", b.getFunctionType({i8Ptr}, {i8Ptr}));
    Value m = f.getArgument(0);
    Value none = string(capi::kModelIsNull);
    if (!variants.empty()) {
      std::string built;
      for (const TargetVariant &v : variants)
        built += (built.empty() ? "" : ", ") + v.name + " (" + v.target + ")";
      none = b.create<SelectOp>(noVariantFits(),
                                string(name + ": no variant of the library runs on this CPU "
                                              "(it lacks instructions each one needs); built "
                                              "for: " +
                                       built),
                                none);
    }
    Value message = b.create<SelectOp>(isNull(m), none, m);
    b.create<ReturnOp>(message);
  }

  /// NAME_metadata(): a JSON description of the model and of the target
  /// the library was built for (module attribute `s2s.target`).
  void emitMetadata() {
    startFunction("_metadata", b.getFunctionType({}, {i8Ptr}));
    std::string json = modelMetadataJson(model, targets);
    b.create<ReturnOp>(string(json));
  }

  /// Writes a formatted message into the model's error buffer.
  void report(Value model, StringRef format, ValueRange args = {}) {
    SmallVector<Value> operands{model,
                                b.create<LLVM::ConstantOp>(b.getI64Type(),
                                                           b.getI64IntegerAttr(kErrorBufferSize)),
                                string(format)};
    operands.append(args.begin(), args.end());
    b.create<LLVM::CallOp>(TypeRange{b.getI32Type()}, "snprintf", operands);
  }

  /// An argument check: a condition, and what to report when it holds.
  struct Check {
    std::function<Value()> bad;
    std::function<void()> onBad;
  };

  /// `if (bad_0) { report; 1 } else if (bad_1) { ... } else { body() }`
  Value chain(ArrayRef<Check> checks, llvm::function_ref<Value()> body) {
    if (checks.empty())
      return body();
    auto op = b.create<scf::IfOp>(TypeRange{b.getI32Type()}, checks.front().bad(),
                                  /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(op.thenBlock());
    checks.front().onBad();
    b.create<scf::YieldOp>(b.i32(1));
    b.setInsertionPointToStart(op.elseBlock());
    b.create<scf::YieldOp>(chain(checks.drop_front(), body));
    return op.getResult(0);
  }

  void emitTranslate();

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
  unsigned strings = 0;
};

void CApiEmitter::emitTranslate() {
  Type i32 = b.getI32Type();
  bool tokenSource = model.tokenSource, tokenTarget = model.tokenTarget;
  Type srcPtr = tokenSource ? i32Ptr : f32Ptr;
  // SPEC.md: NAME_translate for token targets, NAME_translate_vectors for
  // vector targets; the source pointer's type follows the source kind.
  FuncOp f = tokenTarget
                 ? startFunction("_translate",
                                 b.getFunctionType({i8Ptr, srcPtr, i32Ptr, i32, i32, i32Ptr,
                                                    i32Ptr, i32, f32Ptr},
                                                   {i32}))
                 : startFunction("_translate_vectors",
                                 b.getFunctionType({i8Ptr, srcPtr, i32Ptr, i32, i32, f32Ptr, i32},
                                                   {i32}));
  Value m = f.getArgument(0), src = f.getArgument(1), srcLen = f.getArgument(2);
  Value batch = f.getArgument(3), maxSrcLen = f.getArgument(4), out = f.getArgument(5);
  // Token targets: out_len, max_out, logits. Vector targets: steps.
  Value outLen = tokenTarget ? f.getArgument(6) : Value();
  Value maxOut = tokenTarget ? f.getArgument(7) : f.getArgument(6);
  Value logits = tokenTarget ? f.getArgument(8) : Value();
  int64_t srcVocab = tokenSource ? model.sourceSize : 0;
  int64_t srcDim = tokenSource ? 0 : model.sourceSize;
  int64_t tgtSize = model.targetSize;
  auto lessThan = [&](Value v, int64_t bound) {
    return b.cmp(CmpIPredicate::slt, v, b.i32(bound));
  };
  auto memref = [&](Type element, ArrayRef<int64_t> shape) {
    return MemRefType::get(shape, element);
  };

  // Views of the caller's buffers, valid once the sizes are checked.
  Value srcView, lenView;
  auto makeSrcView = [&]() -> Value {
    SmallVector<Value> sizes{b.toIndex(batch), b.toIndex(maxSrcLen)};
    if (tokenSource)
      return b.create<ViewPointerOp>(memref(i32, {-1, -1}), src, sizes);
    return b.create<ViewPointerOp>(memref(b.getF32Type(), {-1, -1, srcDim}), src, sizes);
  };
  // Index of the first src_len out of 1..max_src_len, or -1.
  auto firstBadLength = [&]() -> Value {
    lenView = b.create<ViewPointerOp>(memref(i32, {-1}), srcLen, ValueRange{b.toIndex(batch)});
    auto loop = b.create<scf::ForOp>(b.index(0), b.toIndex(batch), b.index(1),
                                     ValueRange{b.i32(-1)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value bi = loop.getInductionVar(), found = loop.getRegionIterArgs()[0];
    Value len = b.load(lenView, {bi});
    Value bad = b.create<arith::OrIOp>(lessThan(len, 1),
                                       b.cmp(CmpIPredicate::sgt, len, maxSrcLen));
    Value first = b.create<arith::AndIOp>(bad, lessThan(found, 0));
    b.create<scf::YieldOp>(ValueRange{b.create<SelectOp>(first, b.toI32(bi), found)});
    return loop.getResult(0);
  };
  // Flat index b * max_src_len + t of the first id outside the vocabulary in
  // a valid position, or -1 (as i64: batch * max_src_len may pass 2^31).
  auto firstBadToken = [&]() -> Value {
    srcView = makeSrcView();
    Value none = b.create<arith::ConstantIntOp>(-1, 64);
    auto outer = b.create<scf::ForOp>(b.index(0), b.toIndex(batch), b.index(1), ValueRange{none});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(outer.getBody());
    Value bi = outer.getInductionVar();
    auto inner = b.create<scf::ForOp>(b.index(0), b.toIndex(b.load(lenView, {bi})), b.index(1),
                                      ValueRange{outer.getRegionIterArgs()[0]});
    {
      OpBuilder::InsertionGuard innerGuard(b);
      b.setInsertionPointToStart(inner.getBody());
      Value t = inner.getInductionVar(), found = inner.getRegionIterArgs()[0];
      Value id = b.load(srcView, {bi, t});
      Value bad = b.create<arith::OrIOp>(lessThan(id, 0),
                                         b.cmp(CmpIPredicate::sge, id, b.i32(srcVocab)));
      Value first = b.create<arith::AndIOp>(
          bad, b.cmp(CmpIPredicate::slt, found, b.create<arith::ConstantIntOp>(0, 64)));
      Value flat = b.create<arith::IndexCastOp>(
          b.getI64Type(), b.add(b.mul(bi, b.toIndex(maxSrcLen)), t));
      b.create<scf::YieldOp>(ValueRange{b.create<SelectOp>(first, flat, found)});
    }
    b.create<scf::YieldOp>(inner.getResults());
    return outer.getResult(0);
  };

  // The checks, in order; each runs only when all before it passed.
  llvm::StringMap<Value> arguments{{"src", src},
                                   {"src_len", srcLen},
                                   {"batch", batch},
                                   {"max_src_len", maxSrcLen},
                                   {"out", out},
                                   {"out_len", outLen},
                                   {tokenTarget ? "max_out" : "steps", maxOut}};
  Value badLength, badToken;
  std::vector<Check> checks = {{[&] { return isNull(m); }, [] {}}};
  for (const ArgumentCheck &check : capi::translateChecks(tokenSource, tokenTarget)) {
    Value argument = arguments.lookup(check.argument);
    StringRef message = check.message;
    switch (check.kind) {
    case ArgumentCheck::NotNull:
      checks.push_back(
          {[&, argument] { return isNull(argument); }, [&, message] { report(m, message); }});
      break;
    case ArgumentCheck::AtLeastOne:
      checks.push_back({[&, argument] { return lessThan(argument, 1); },
                        [&, argument, message] { report(m, message, argument); }});
      break;
    case ArgumentCheck::LengthsInRange:
      checks.push_back({[&] {
                          badLength = firstBadLength();
                          return b.cmp(CmpIPredicate::sge, badLength, b.i32(0));
                        },
                        [&, message] {
                          Value len = b.load(lenView, {b.toIndex(badLength)});
                          report(m, message, {badLength, len, maxSrcLen});
                        }});
      break;
    case ArgumentCheck::TokensInVocabulary:
      checks.push_back(
          {[&] {
             badToken = firstBadToken();
             return b.cmp(CmpIPredicate::sge, badToken, b.create<arith::ConstantIntOp>(0, 64));
           },
           [&, message] {
             Value width = b.create<arith::ExtSIOp>(b.getI64Type(), maxSrcLen);
             Value row = b.create<arith::TruncIOp>(i32, b.create<arith::DivSIOp>(badToken, width));
             Value col = b.create<arith::TruncIOp>(i32, b.create<arith::RemSIOp>(badToken, width));
             Value id = b.load(srcView, {b.toIndex(row), b.toIndex(col)});
             report(m, message, {row, col, id, b.i32(srcVocab - 1)});
           }});
      break;
    }
  }
  auto translate = [&]() -> Value {
    if (!srcView)
      srcView = makeSrcView();
    Value batchIdx = b.toIndex(batch), maxOutIdx = b.toIndex(maxOut);
    SmallVector<Value> args{srcView, lenView};
    if (tokenTarget) {
      args.push_back(
          b.create<ViewPointerOp>(memref(i32, {-1, -1}), out, ValueRange{batchIdx, maxOutIdx}));
      args.push_back(b.create<ViewPointerOp>(memref(i32, {-1}), outLen, ValueRange{batchIdx}));
      args.push_back(b.create<ViewPointerOp>(memref(b.getF32Type(), {-1, -1, tgtSize}), logits,
                                             ValueRange{batchIdx, maxOutIdx}));
      args.push_back(
          b.create<arith::XOrIOp>(isNull(logits), b.create<arith::ConstantIntOp>(1, 1)));
    } else {
      args.push_back(b.create<ViewPointerOp>(memref(b.getF32Type(), {-1, -1, tgtSize}), out,
                                             ValueRange{batchIdx, maxOutIdx}));
    }
    clearKernelError();
    Value status = b.create<CallOp>(impl, args).getResult(0);
    // Halide's out-of-memory status, from the host code's allocations or a
    // kernel's own.
    Value outOfMemory = b.cmp(CmpIPredicate::eq, status, b.i32(capi::kOutOfMemoryStatus));
    b.ifThen(outOfMemory, [&] { report(m, capi::kOutOfMemoryMessage, {status}); });
    Value otherFailure = b.create<arith::AndIOp>(
        b.cmp(CmpIPredicate::ne, status, b.i32(0)),
        b.create<arith::XOrIOp>(outOfMemory, b.create<arith::ConstantIntOp>(1, 1)));
    b.ifThen(otherFailure, [&] { report(m, capi::kKernelFailedMessage, {status, kernelError()}); });
    return status;
  };
  b.create<ReturnOp>(chain(checks, translate));
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
