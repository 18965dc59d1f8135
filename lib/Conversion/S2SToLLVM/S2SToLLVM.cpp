//===- S2SToLLVM.cpp - Host code to the LLVM dialect -----------*- C++ -*-===//
///
/// One full conversion of the host code (scf, arith, memref, std and the s2s
/// kernel-level ops) to the LLVM dialect, as Toy's chapter 6 does.
///
/// `s2s.kernel_call` becomes a call of the Halide AOT function. Each memref
/// argument is passed as a `halide_buffer_t` (HalideRuntime.h) filled from
/// the memref descriptor: host = aligned pointer + offset, dimension i =
/// memref dimension rank-1-i. The structs are stack slots in the entry block,
/// so calls inside time loops do not grow the stack. For CUDA targets the
/// buffers point at device copies (DeviceBuffers.h).
///
//===----------------------------------------------------------------------===//
#include "../PassDetail.h"
#include "DeviceBuffers.h"
#include "HalideABI.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/S2SOps.h"
#include "s2s/Dialect/S2S/ViewRoot.h"

#include "mlir/Conversion/ArithmeticToLLVM/ArithmeticToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/SCFToStandard/SCFToStandard.h"
#include "mlir/Conversion/StandardToLLVM/ConvertStandardToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace s2s;
using namespace s2s::halide_abi;

namespace {

struct KernelCallLowering : ConvertOpToLLVMPattern<KernelCallOp> {
  KernelCallLowering(LLVMTypeConverter &converter, const HalideTypes &halide,
                     DeviceBuffers &device)
      : ConvertOpToLLVMPattern(converter), halide(halide), device(device) {}

  LogicalResult matchAndRewrite(KernelCallOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto i8 = rewriter.getI8Type();
    auto i32 = rewriter.getI32Type(), i64 = rewriter.getI64Type();
    auto i8Ptr = LLVM::LLVMPointerType::get(i8);

    // Stack slots at the top of the function.
    Block *entry = &op->getParentOfType<FunctionOpInterface>()->getRegion(0).front();
    auto slot = [&](Type type, int64_t count) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(entry);
      return rewriter.create<LLVM::AllocaOp>(loc, LLVM::LLVMPointerType::get(type),
                                             constantI(rewriter, loc, i64, count), 16);
    };

    SmallVector<Value> args;
    Value uploadStatus; // the first failed weight upload's, or 0 (CUDA)
    for (auto [original, converted] : llvm::zip(op.getArgs(), adaptor.getArgs())) {
      auto memref = original.getType().dyn_cast<MemRefType>();
      if (!memref) {
        args.push_back(converted);
        continue;
      }
      MemRefDescriptor desc(converted);
      int64_t rank = memref.getRank();
      Value dims = slot(halide.dim, std::max<int64_t>(rank, 1));
      for (int64_t i = 0; i < rank; ++i) {
        unsigned pos = rank - 1 - i; // Halide's dimension 0 is the innermost
        Value extent = rewriter.create<LLVM::TruncOp>(loc, i32, desc.size(rewriter, loc, pos));
        Value stride = rewriter.create<LLVM::TruncOp>(loc, i32, desc.stride(rewriter, loc, pos));
        Value d = rewriter.create<LLVM::UndefOp>(loc, halide.dim);
        d = insert(rewriter, loc, d, constantI(rewriter, loc, i32, 0), {0});
        d = insert(rewriter, loc, d, extent, {1});
        d = insert(rewriter, loc, d, stride, {2});
        d = insert(rewriter, loc, d, constantI(rewriter, loc, i32, 0), {3});
        Value at = rewriter.create<LLVM::GEPOp>(loc, dims.getType(), dims,
                                                ValueRange{constantI(rewriter, loc, i64, i)});
        rewriter.create<LLVM::StoreOp>(loc, d, at);
      }
      Value element = rewriter.create<LLVM::GEPOp>(
          loc, desc.alignedPtr(rewriter, loc).getType(), desc.alignedPtr(rewriter, loc),
          ValueRange{desc.offset(rewriter, loc)});
      Value host = rewriter.create<LLVM::BitcastOp>(loc, i8Ptr, element);
      Value type = halideType(rewriter, loc, halide, memref.getElementType());
      Value null = rewriter.create<LLVM::NullOp>(loc, i8Ptr);
      Value buf = rewriter.create<LLVM::UndefOp>(loc, halide.buffer);
      buf = insert(rewriter, loc, buf, constantI(rewriter, loc, i64, 0), {0});
      buf = insert(rewriter, loc, buf, null, {1});
      buf = insert(rewriter, loc, buf, host, {2});
      buf = insert(rewriter, loc, buf, constantI(rewriter, loc, i64, 0), {3});
      buf = insert(rewriter, loc, buf, type, {4});
      buf = insert(rewriter, loc, buf, constantI(rewriter, loc, i32, rank), {5});
      buf = insert(rewriter, loc, buf, dims, {6});
      buf = insert(rewriter, loc, buf, null, {7});
      if (!device.enabled) {
        Value bufSlot = slot(halide.buffer, 1);
        rewriter.create<LLVM::StoreOp>(loc, buf, bufSlot);
        args.push_back(bufSlot);
        continue;
      }
      auto weight = original.getDefiningOp<memref::GetGlobalOp>();
      if (weight) {
        // This call's view of the resident weight; if making it resident
        // failed, the kernel gets NULL (it refuses a NULL buffer before it
        // does anything) and the call reports the upload's status.
        Value view = slot(halide.buffer, 1);
        rewriter.create<LLVM::StoreOp>(loc, buf, view);
        Value rc = device.weightView(rewriter, loc, op->getParentOfType<ModuleOp>(),
                                     weight.nameAttr().getValue(), view);
        Value ok = rewriter.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::eq, rc,
                                                 constantI(rewriter, loc, i32, 0));
        args.push_back(rewriter.create<LLVM::SelectOp>(
            loc, ok, view, rewriter.create<LLVM::NullOp>(loc, halide.bufferPtr)));
        uploadStatus = uploadStatus ? rewriter.create<LLVM::SelectOp>(
                                          loc, rewriter.create<LLVM::ICmpOp>(
                                                   loc, LLVM::ICmpPredicate::ne, uploadStatus,
                                                   constantI(rewriter, loc, i32, 0)),
                                          uploadStatus, rc)
                                    : rc;
        continue;
      }
      // A view of a root on the device (s2s.device_sync "to_device" ran):
      // the root's device pointer plus the view's byte offset.
      Value root = rewriter.create<LLVM::LoadOp>(
          loc, device.slotFor(rewriter, loc, op, rootOf(original)));
      Value rootDevice =
          rewriter.create<LLVM::ExtractValueOp>(loc, i64, root, rewriter.getI64ArrayAttr({0}));
      Value rootHost =
          rewriter.create<LLVM::ExtractValueOp>(loc, i8Ptr, root, rewriter.getI64ArrayAttr({2}));
      Value offset = rewriter.create<LLVM::SubOp>(
          loc, rewriter.create<LLVM::PtrToIntOp>(loc, i64, host),
          rewriter.create<LLVM::PtrToIntOp>(loc, i64, rootHost));
      buf = insert(rewriter, loc, buf, rewriter.create<LLVM::AddOp>(loc, rootDevice, offset), {0});
      buf = insert(rewriter, loc, buf,
                   rewriter.create<LLVM::ExtractValueOp>(loc, i8Ptr, root,
                                                         rewriter.getI64ArrayAttr({1})),
                   {1});
      Value bufSlot = slot(halide.buffer, 1);
      rewriter.create<LLVM::StoreOp>(loc, buf, bufSlot);
      args.push_back(bufSlot);
    }
    Value result = rewriter
                       .create<LLVM::CallOp>(loc, TypeRange{i32}, op.getKernelAttr(), args)
                       .getResult(0);
    if (uploadStatus)
      result = rewriter.create<LLVM::SelectOp>(
          loc,
          rewriter.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::ne, uploadStatus,
                                        constantI(rewriter, loc, i32, 0)),
          uploadStatus, result);
    recordStatus(rewriter, loc, MemRefDescriptor(adaptor.getStatus()), result);
    rewriter.eraseOp(op);
    return success();
  }

  const HalideTypes &halide;
  DeviceBuffers &device;
};

/// A dense row-major memref descriptor over `allocated` / `aligned`: the
/// dynamic sizes of `type` outermost first, strides from the innermost out.
Value denseDescriptor(ConversionPatternRewriter &rewriter, Location loc,
                      LLVMTypeConverter &converter, MemRefType type, Value allocated,
                      Value aligned, ValueRange dynamicSizes) {
  Type index = converter.getIndexType();
  auto desc = MemRefDescriptor::undef(rewriter, loc, converter.convertType(type));
  desc.setAllocatedPtr(rewriter, loc, allocated);
  desc.setAlignedPtr(rewriter, loc, aligned);
  desc.setConstantOffset(rewriter, loc, 0);
  SmallVector<Value> sizes;
  unsigned dynamic = 0;
  for (int64_t d : type.getShape())
    sizes.push_back(d == ShapedType::kDynamicSize ? dynamicSizes[dynamic++]
                                                  : constantI(rewriter, loc, index, d));
  Value stride = constantI(rewriter, loc, index, 1);
  for (int64_t i = type.getRank() - 1; i >= 0; --i) {
    desc.setSize(rewriter, loc, i, sizes[i]);
    desc.setStride(rewriter, loc, i, stride);
    stride = rewriter.create<LLVM::MulOp>(loc, stride, sizes[i]);
  }
  return desc;
}

struct ViewPointerLowering : ConvertOpToLLVMPattern<ViewPointerOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult matchAndRewrite(ViewPointerOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getResult().getType().cast<MemRefType>();
    Type elementPtr = LLVM::LLVMPointerType::get(typeConverter->convertType(type.getElementType()));
    Value ptr = rewriter.create<LLVM::BitcastOp>(loc, elementPtr, adaptor.getPointer());
    rewriter.replaceOp(op, denseDescriptor(rewriter, loc, *getTypeConverter(), type, ptr, ptr,
                                           adaptor.getSizes()));
    return success();
  }
};

/// memref.alloc as malloc of the padded size, aligned by hand, with the
/// byte count checked for overflow: an overflowing size asks malloc for
/// SIZE_MAX, so both failures leave a null pointer for s2s.is_allocated
/// (MLIR's lowering wraps the product and hands out a short buffer).
struct CheckedAllocLowering : ConvertOpToLLVMPattern<memref::AllocOp> {
  CheckedAllocLowering(LLVMTypeConverter &converter)
      : ConvertOpToLLVMPattern(converter, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(memref::AllocOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    MemRefType type = op.getType();
    if (!type.getLayout().isIdentity())
      return failure();
    Location loc = op.getLoc();
    Type i64 = rewriter.getI64Type(), i1 = rewriter.getI1Type();
    Type elementType = typeConverter->convertType(type.getElementType());
    int64_t alignment = op.alignment() ? int64_t(*op.alignment()) : 16;
    SmallVector<Value> sizes;
    unsigned dynamic = 0;
    for (int64_t d : type.getShape())
      sizes.push_back(d == ShapedType::kDynamicSize
                          ? adaptor.dynamicSizes()[dynamic++]
                          : constantI(rewriter, loc, getIndexType(), d));
    auto pairType = LLVM::LLVMStructType::getLiteral(getContext(), {i64, i1});
    Value bytes = getSizeInBytes(loc, type.getElementType(), rewriter);
    Value overflow = constantI(rewriter, loc, i1, 0);
    auto mulChecked = [&](Value a, Value b) {
      Value pair = rewriter.create<LLVM::UMulWithOverflowOp>(loc, pairType, a, b);
      overflow = rewriter.create<LLVM::OrOp>(
          loc, overflow,
          rewriter.create<LLVM::ExtractValueOp>(loc, i1, pair, rewriter.getI64ArrayAttr({1})));
      return rewriter.create<LLVM::ExtractValueOp>(loc, i64, pair, rewriter.getI64ArrayAttr({0}))
          .getResult();
    };
    for (Value size : sizes)
      bytes = mulChecked(bytes, size);
    Value pad = constantI(rewriter, loc, i64, alignment - 1);
    Value total = rewriter.create<LLVM::AddOp>(loc, bytes, pad);
    overflow = rewriter.create<LLVM::OrOp>(
        loc, overflow, rewriter.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::ult, total, bytes));
    total = rewriter.create<LLVM::SelectOp>(loc, overflow, constantI(rewriter, loc, i64, -1),
                                            total);
    auto malloc = LLVM::lookupOrCreateMallocFn(op->getParentOfType<ModuleOp>(), i64);
    Value raw = rewriter.create<LLVM::CallOp>(loc, malloc, ValueRange{total}).getResult(0);
    // Rounded up to the alignment; a null pointer stays null.
    Value address = rewriter.create<LLVM::PtrToIntOp>(loc, i64, raw);
    address = rewriter.create<LLVM::AndOp>(loc, rewriter.create<LLVM::AddOp>(loc, address, pad),
                                           constantI(rewriter, loc, i64, -alignment));
    Type elementPtr = LLVM::LLVMPointerType::get(elementType);
    Value aligned = rewriter.create<LLVM::IntToPtrOp>(loc, elementPtr, address);
    Value allocated = rewriter.create<LLVM::BitcastOp>(loc, elementPtr, raw);
    rewriter.replaceOp(op, denseDescriptor(rewriter, loc, *getTypeConverter(), type, allocated,
                                           aligned, adaptor.dynamicSizes()));
    return success();
  }
};

struct IsAllocatedLowering : ConvertOpToLLVMPattern<IsAllocatedOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult matchAndRewrite(IsAllocatedOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value ptr = MemRefDescriptor(adaptor.getMemref()).allocatedPtr(rewriter, loc);
    Value null = rewriter.create<LLVM::NullOp>(loc, ptr.getType());
    rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, LLVM::ICmpPredicate::ne, ptr, null);
    return success();
  }
};

/// Symbol suffixes of a multi-target library's variants, in preference
/// order; fewer than two: no dispatch.
SmallVector<std::string> variantSuffixes(ModuleOp module) {
  SmallVector<std::string> suffixes;
  for (const TargetVariant &v : ModelTargets::read(module).variants)
    if (!v.suffix.empty())
      suffixes.push_back(v.suffix);
  return suffixes;
}

/// A multi-target library holds each kernel once per variant (`K__avx2`,
/// `K__avx512`, ...). Host code keeps calling `K`, an internal function
/// that forwards to the variant `selector` picks for the running CPU.
void emitKernelDispatch(OpBuilder &b, KernelOp kernel, LLVM::LLVMFunctionType type,
                        ArrayRef<std::string> suffixes, StringRef selector) {
  Location loc = kernel.getLoc();
  auto i32 = b.getI32Type();
  for (const std::string &suffix : suffixes)
    b.create<LLVM::LLVMFuncOp>(loc, (kernel.getSymName() + suffix).str(), type);
  auto dispatch = b.create<LLVM::LLVMFuncOp>(loc, kernel.getSymName(), type,
                                             LLVM::Linkage::Internal);
  OpBuilder::InsertionGuard guard(b);
  Block *block = dispatch.addEntryBlock();
  SmallVector<Value> args(block->getArguments().begin(), block->getArguments().end());
  b.setInsertionPointToStart(block);
  Value chosen = b.create<LLVM::CallOp>(loc, TypeRange{i32}, selector, ValueRange{}).getResult(0);
  for (size_t i = 0; i < suffixes.size(); ++i) {
    std::string callee = (kernel.getSymName() + suffixes[i]).str();
    auto call = [&](OpBuilder &at) {
      Value r = at.create<LLVM::CallOp>(loc, TypeRange{i32}, StringRef(callee), ValueRange(args))
                    .getResult(0);
      at.create<LLVM::ReturnOp>(loc, r);
    };
    if (i + 1 == suffixes.size()) { // the selector returned i or (never) -1
      call(b);
      break;
    }
    Block *use = new Block(), *next = new Block();
    dispatch.getBody().push_back(use);
    dispatch.getBody().push_back(next);
    Value is = b.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::eq, chosen,
                                      constantI(b, loc, i32, static_cast<int64_t>(i)));
    b.create<LLVM::CondBrOp>(loc, is, use, next);
    b.setInsertionPointToStart(use);
    call(b);
    b.setInsertionPointToStart(next);
  }
}

struct ConvertS2SToLLVMPass : ConvertS2SToLLVMBase<ConvertS2SToLLVMPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    HalideTypes halide(ctx);

    // Kernels become external functions: int name(halide_buffer_t*..., scalars).
    DenseMap<StringAttr, SmallVector<Type>> signatures;
    module.walk([&](KernelCallOp call) {
      SmallVector<Type> types;
      for (Value arg : call.getArgs())
        types.push_back(arg.getType().isa<MemRefType>() ? halide.bufferPtr : arg.getType());
      signatures.try_emplace(call.getKernelAttr().getAttr(), types);
    });
    SmallVector<std::string> suffixes = variantSuffixes(module);
    std::string selector;
    for (FuncOp f : module.getOps<FuncOp>())
      if (!modelNameOf(f).empty())
        selector = variantSelectorName(modelNameOf(f));
    OpBuilder b(ctx);
    DeviceBuffers device(halide);
    if (ModelTargets::read(module).cuda) {
      device.enabled = true;
      declareDeviceRuntime(b, module, halide);
    }
    for (KernelOp kernel : llvm::to_vector(module.getOps<KernelOp>())) {
      b.setInsertionPoint(kernel);
      auto it = signatures.find(kernel.getSymNameAttr());
      if (it != signatures.end()) {
        auto type = LLVM::LLVMFunctionType::get(b.getI32Type(), it->second);
        if (suffixes.size() > 1)
          emitKernelDispatch(b, kernel, type, suffixes, selector);
        else
          b.create<LLVM::LLVMFuncOp>(kernel.getLoc(), kernel.getSymName(), type);
      }
      kernel.erase();
    }

    LLVMConversionTarget target(*ctx);
    target.addLegalOp<ModuleOp>();
    LLVMTypeConverter converter(ctx);
    RewritePatternSet patterns(ctx);
    populateLoopToStdConversionPatterns(patterns);
    arith::populateArithmeticToLLVMConversionPatterns(converter, patterns);
    populateMemRefToLLVMConversionPatterns(converter, patterns);
    populateStdToLLVMConversionPatterns(converter, patterns);
    patterns.add<KernelCallLowering>(converter, halide, device);
    populateDeviceSyncLowering(converter, patterns, device);
    patterns.add<ViewPointerLowering, IsAllocatedLowering>(converter);
    patterns.add<CheckedAllocLowering>(converter);
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      return signalPassFailure();

    RewritePatternSet casts(ctx);
    populateReconcileUnrealizedCastsPatterns(casts);
    ConversionTarget castTarget(*ctx);
    castTarget.addIllegalOp<UnrealizedConversionCastOp>();
    castTarget.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(module, castTarget, std::move(casts))))
      return signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createConvertS2SToLLVMPass() {
  return std::make_unique<ConvertS2SToLLVMPass>();
}
