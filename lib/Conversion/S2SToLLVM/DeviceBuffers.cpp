//===- DeviceBuffers.cpp - Host buffers with a GPU copy ---------*- C++ -*-===//
///
/// The lowering of s2s.device_sync: each action becomes a flag update or a
/// call of the Halide runtime (halide_copy_to_device, halide_copy_to_host,
/// halide_device_free) on the root's halide_buffer_t slot.
///
//===----------------------------------------------------------------------===//
#include "DeviceBuffers.h"
#include "s2s/Dialect/S2S/S2SOps.h"

#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/IR/FunctionInterfaces.h"

using namespace mlir;

namespace s2s {
namespace halide_abi {

Value DeviceBuffers::slotFor(ConversionPatternRewriter &rewriter, Location loc, Operation *user,
                             Value root) {
  auto it = slots.find(root);
  if (it != slots.end())
    return it->second;
  Block *entry = &user->getParentOfType<FunctionOpInterface>()->getRegion(0).front();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(entry);
  auto i64 = rewriter.getI64Type();
  auto i8Ptr = LLVM::LLVMPointerType::get(rewriter.getI8Type());
  Value one = constantI(rewriter, loc, i64, 1);
  Value slot = rewriter.create<LLVM::AllocaOp>(loc, halide.bufferPtr, one, 16);
  Value dim = rewriter.create<LLVM::AllocaOp>(loc, LLVM::LLVMPointerType::get(halide.dim), one,
                                              16);
  Value null = rewriter.create<LLVM::NullOp>(loc, i8Ptr);
  Value buf = rewriter.create<LLVM::UndefOp>(loc, halide.buffer);
  buf = insert(rewriter, loc, buf, constantI(rewriter, loc, i64, 0), {0});
  buf = insert(rewriter, loc, buf, null, {1});
  buf = insert(rewriter, loc, buf, null, {2});
  buf = insert(rewriter, loc, buf,
               constantI(rewriter, loc, i64, root.isa<BlockArgument>() ? kHostDirty : 0), {3});
  buf = insert(rewriter, loc, buf, constantI(rewriter, loc, rewriter.getI32Type(), 1), {5});
  buf = insert(rewriter, loc, buf, dim, {6});
  buf = insert(rewriter, loc, buf, null, {7});
  rewriter.create<LLVM::StoreOp>(loc, buf, slot);
  slots[root] = slot;
  return slot;
}

void DeviceBuffers::describeRoot(OpBuilder &b, Location loc, Value slot, MemRefDescriptor root,
                                 MemRefType type) const {
  auto i32 = b.getI32Type();
  Value elements = constantI(b, loc, b.getI64Type(), 1);
  for (int64_t i = 0; i < type.getRank(); ++i)
    elements = b.create<LLVM::MulOp>(loc, elements, root.size(b, loc, i));
  Value buf = b.create<LLVM::LoadOp>(loc, slot);
  Value dim = b.create<LLVM::UndefOp>(loc, halide.dim);
  dim = insert(b, loc, dim, constantI(b, loc, i32, 0), {0});
  dim = insert(b, loc, dim, b.create<LLVM::TruncOp>(loc, i32, elements), {1});
  dim = insert(b, loc, dim, constantI(b, loc, i32, 1), {2});
  dim = insert(b, loc, dim, constantI(b, loc, i32, 0), {3});
  b.create<LLVM::StoreOp>(
      loc, dim,
      b.create<LLVM::ExtractValueOp>(loc, LLVM::LLVMPointerType::get(halide.dim), buf,
                                     b.getI64ArrayAttr({6})));
  Value element = b.create<LLVM::GEPOp>(loc, root.alignedPtr(b, loc).getType(),
                                        root.alignedPtr(b, loc),
                                        ValueRange{root.offset(b, loc)});
  Value host = b.create<LLVM::BitcastOp>(loc, LLVM::LLVMPointerType::get(b.getI8Type()),
                                         element);
  buf = insert(b, loc, buf, host, {2});
  buf = insert(b, loc, buf, halideType(b, loc, halide, type.getElementType()), {4});
  b.create<LLVM::StoreOp>(loc, buf, slot);
}

void DeviceBuffers::setFlags(OpBuilder &b, Location loc, Value slot, int64_t bits) const {
  Value buf = b.create<LLVM::LoadOp>(loc, slot);
  Value flags = b.create<LLVM::ExtractValueOp>(loc, b.getI64Type(), buf, b.getI64ArrayAttr({3}));
  flags = b.create<LLVM::OrOp>(loc, flags, constantI(b, loc, b.getI64Type(), bits));
  b.create<LLVM::StoreOp>(loc, insert(b, loc, buf, flags, {3}), slot);
}

namespace {

/// The helper behind a weight argument (defineMakeResident) and the
/// lock its first upload takes (a halide_mutex: one zero-initialized word).
constexpr const char *kMakeResident = "s2s__make_weight_resident";
constexpr const char *kDeviceLock = "s2s__device_lock";

} // namespace

Value DeviceBuffers::weightView(ConversionPatternRewriter &rewriter, Location loc,
                                ModuleOp module, StringRef weight, Value view) const {
  std::string resident = (weight + "__device_buffer").str();
  std::string ready = (weight + "__device_ready").str();
  if (!module.lookupSymbol(resident)) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    auto global = rewriter.create<LLVM::GlobalOp>(loc, halide.buffer, /*isConstant=*/false,
                                                  LLVM::Linkage::Internal, resident, Attribute());
    Block *init = rewriter.createBlock(&global.getInitializerRegion());
    rewriter.setInsertionPointToStart(init);
    auto i8Ptr = LLVM::LLVMPointerType::get(rewriter.getI8Type());
    Value zero = rewriter.create<LLVM::UndefOp>(loc, halide.buffer);
    zero = insert(rewriter, loc, zero, constantI(rewriter, loc, rewriter.getI64Type(), 0), {0});
    zero = insert(rewriter, loc, zero, rewriter.create<LLVM::NullOp>(loc, i8Ptr), {1});
    zero = insert(rewriter, loc, zero, rewriter.create<LLVM::NullOp>(loc, i8Ptr), {2});
    zero = insert(rewriter, loc, zero, constantI(rewriter, loc, rewriter.getI64Type(), 0), {3});
    rewriter.create<LLVM::ReturnOp>(loc, zero);
    rewriter.setInsertionPointToStart(module.getBody());
    rewriter.create<LLVM::GlobalOp>(loc, rewriter.getI32Type(), /*isConstant=*/false,
                                    LLVM::Linkage::Internal, ready,
                                    rewriter.getI32IntegerAttr(0));
  }
  auto i32 = rewriter.getI32Type();
  Value args[] = {
      rewriter.create<LLVM::AddressOfOp>(loc, halide.bufferPtr, resident), view,
      rewriter.create<LLVM::AddressOfOp>(loc, LLVM::LLVMPointerType::get(i32), ready),
      rewriter.create<LLVM::AddressOfOp>(
          loc, LLVM::LLVMPointerType::get(rewriter.getI64Type()), kDeviceLock)};
  return rewriter.create<LLVM::CallOp>(loc, TypeRange{i32}, kMakeResident, args).getResult(0);
}

namespace {

/// The helper behind `to_host`: copies only when a kernel wrote the root
/// since (halide_copy_to_host checks too, but under a mutex: host loops ask
/// once per element).
constexpr const char *kCopyToHostIfDirty = "s2s__copy_to_host_if_device_dirty";

/// i32 s2s__make_weight_resident(halide_buffer_t *resident,
///                               halide_buffer_t *view, i32 *ready,
///                               halide_mutex *lock)
///
/// `view` describes this call's use of a weight (host, type, dims);
/// `resident` is the weight's global buffer, which owns its device copy.
/// The first call uploads it under `lock` and then sets `ready` (release);
/// from then on nothing writes `resident`, so concurrent calls only read it
/// (after an acquire load of `ready`). Returns 0 with the device copy's
/// handle and interface filled into `view` (flags clear: nothing to copy),
/// or the upload's error status with `view` untouched.
void defineMakeResident(OpBuilder &b, Location loc, const HalideTypes &halide) {
  auto i32 = b.getI32Type(), i64 = b.getI64Type();
  auto i8Ptr = LLVM::LLVMPointerType::get(b.getI8Type());
  auto i32Ptr = LLVM::LLVMPointerType::get(i32);
  auto mutexPtr = LLVM::LLVMPointerType::get(i64);
  auto voidType = LLVM::LLVMVoidType::get(b.getContext());
  for (StringRef fn : {"halide_mutex_lock", "halide_mutex_unlock"})
    b.create<LLVM::LLVMFuncOp>(loc, fn, LLVM::LLVMFunctionType::get(voidType, {mutexPtr}));
  b.create<LLVM::GlobalOp>(loc, i64, /*isConstant=*/false, LLVM::Linkage::Internal, kDeviceLock,
                           b.getI64IntegerAttr(0));
  auto helper = b.create<LLVM::LLVMFuncOp>(
      loc, kMakeResident,
      LLVM::LLVMFunctionType::get(i32, {halide.bufferPtr, halide.bufferPtr, i32Ptr, mutexPtr}),
      LLVM::Linkage::Internal);
  Block *entry = helper.addEntryBlock();
  Value resident = entry->getArgument(0), view = entry->getArgument(1);
  Value ready = entry->getArgument(2), lock = entry->getArgument(3);
  Block *locked = new Block(), *upload = new Block(), *published = new Block();
  Block *unlockOk = new Block(), *failed = new Block(), *fill = new Block();
  for (Block *block : {locked, upload, published, unlockOk, failed, fill})
    helper.getBody().push_back(block);
  Value status = failed->addArgument(i32, loc);
  auto isSet = [&](Value flag) {
    return b.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::ne, flag, constantI(b, loc, i32, 0));
  };
  auto loadReady = [&](LLVM::AtomicOrdering ordering) {
    return b.create<LLVM::AtomicRMWOp>(loc, i32, LLVM::AtomicBinOp::add, ready,
                                       constantI(b, loc, i32, 0), ordering);
  };
  // `to` with the device half of `from` and the given flags.
  auto withDevice = [&](Value to, Value from, int64_t flags) {
    to = insert(b, loc, to, b.create<LLVM::ExtractValueOp>(loc, i64, from, b.getI64ArrayAttr({0})),
                {0});
    to = insert(b, loc, to,
                b.create<LLVM::ExtractValueOp>(loc, i8Ptr, from, b.getI64ArrayAttr({1})), {1});
    return insert(b, loc, to, constantI(b, loc, i64, flags), {3});
  };
  auto call = [&](StringRef fn, ValueRange args) {
    b.create<LLVM::CallOp>(loc, TypeRange{}, fn, args);
  };

  b.setInsertionPointToStart(entry);
  b.create<LLVM::CondBrOp>(loc, isSet(loadReady(LLVM::AtomicOrdering::acquire)), fill, locked);

  b.setInsertionPointToStart(locked);
  call("halide_mutex_lock", {lock});
  b.create<LLVM::CondBrOp>(loc, isSet(loadReady(LLVM::AtomicOrdering::monotonic)), unlockOk,
                           upload);

  // The first upload: this call's description, host dirty. A device
  // allocation an earlier, failed attempt left is reused. (The dims it
  // points to are this call's; nothing reads them once it is resident.)
  b.setInsertionPointToStart(upload);
  Value described = withDevice(b.create<LLVM::LoadOp>(loc, view),
                               b.create<LLVM::LoadOp>(loc, resident), kHostDirty);
  b.create<LLVM::StoreOp>(loc, described, resident);
  Value cuda = b.create<LLVM::CallOp>(loc, TypeRange{i8Ptr}, "halide_cuda_device_interface",
                                      ValueRange{})
                   .getResult(0);
  Value rc = b.create<LLVM::CallOp>(loc, TypeRange{i32}, "halide_copy_to_device",
                                    ValueRange{b.create<LLVM::NullOp>(loc, i8Ptr), resident, cuda})
                 .getResult(0);
  b.create<LLVM::CondBrOp>(loc, isSet(rc), failed, ValueRange{rc}, published, ValueRange{});

  b.setInsertionPointToStart(published);
  b.create<LLVM::AtomicRMWOp>(loc, i32, LLVM::AtomicBinOp::xchg, ready, constantI(b, loc, i32, 1),
                              LLVM::AtomicOrdering::release);
  b.create<LLVM::BrOp>(loc, ValueRange{}, unlockOk);

  b.setInsertionPointToStart(unlockOk);
  call("halide_mutex_unlock", {lock});
  b.create<LLVM::BrOp>(loc, ValueRange{}, fill);

  b.setInsertionPointToStart(failed);
  call("halide_mutex_unlock", {lock});
  b.create<LLVM::ReturnOp>(loc, status);

  b.setInsertionPointToStart(fill);
  b.create<LLVM::StoreOp>(loc,
                          withDevice(b.create<LLVM::LoadOp>(loc, view),
                                     b.create<LLVM::LoadOp>(loc, resident), 0),
                          view);
  b.create<LLVM::ReturnOp>(loc, constantI(b, loc, i32, 0));
}

} // namespace

void declareDeviceRuntime(OpBuilder &b, ModuleOp module, const HalideTypes &halide) {
  Location loc = module.getLoc();
  auto i32 = b.getI32Type();
  auto i8Ptr = LLVM::LLVMPointerType::get(b.getI8Type());
  b.setInsertionPointToStart(module.getBody());
  for (StringRef fn : {"halide_copy_to_host", "halide_device_free"})
    b.create<LLVM::LLVMFuncOp>(loc, fn,
                               LLVM::LLVMFunctionType::get(i32, {i8Ptr, halide.bufferPtr}));
  b.create<LLVM::LLVMFuncOp>(
      loc, "halide_copy_to_device",
      LLVM::LLVMFunctionType::get(i32, {i8Ptr, halide.bufferPtr, i8Ptr}));
  b.create<LLVM::LLVMFuncOp>(loc, "halide_cuda_device_interface",
                             LLVM::LLVMFunctionType::get(i8Ptr, {}));
  auto helper = b.create<LLVM::LLVMFuncOp>(loc, kCopyToHostIfDirty,
                                           LLVM::LLVMFunctionType::get(i32, {halide.bufferPtr}),
                                           LLVM::Linkage::Internal);
  Block *entry = helper.addEntryBlock();
  Block *copy = new Block(), *clean = new Block();
  helper.getBody().push_back(copy);
  helper.getBody().push_back(clean);
  Value slot = entry->getArgument(0);
  b.setInsertionPointToStart(entry);
  Value buf = b.create<LLVM::LoadOp>(loc, slot);
  Value flags = b.create<LLVM::ExtractValueOp>(loc, b.getI64Type(), buf, b.getI64ArrayAttr({3}));
  Value dirty = b.create<LLVM::ICmpOp>(
      loc, LLVM::ICmpPredicate::ne,
      b.create<LLVM::AndOp>(loc, flags, constantI(b, loc, b.getI64Type(), kDeviceDirty)),
      constantI(b, loc, b.getI64Type(), 0));
  b.create<LLVM::CondBrOp>(loc, dirty, copy, clean);
  b.setInsertionPointToStart(copy);
  Value rc = b.create<LLVM::CallOp>(loc, TypeRange{i32}, "halide_copy_to_host",
                                    ValueRange{b.create<LLVM::NullOp>(loc, i8Ptr), slot})
                 .getResult(0);
  b.create<LLVM::ReturnOp>(loc, rc);
  b.setInsertionPointToStart(clean);
  b.create<LLVM::ReturnOp>(loc, constantI(b, loc, i32, 0));
  b.setInsertionPointAfter(helper);
  defineMakeResident(b, loc, halide);
}

namespace {

struct DeviceSyncLowering : ConvertOpToLLVMPattern<DeviceSyncOp> {
  DeviceSyncLowering(LLVMTypeConverter &converter, DeviceBuffers &buffers)
      : ConvertOpToLLVMPattern(converter), buffers(buffers) {}

  LogicalResult matchAndRewrite(DeviceSyncOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto i32 = rewriter.getI32Type();
    auto i8Ptr = LLVM::LLVMPointerType::get(rewriter.getI8Type());
    Value slot = buffers.slotFor(rewriter, loc, op, op.getRoot());
    auto call = [&](StringRef fn, ValueRange args) {
      return rewriter.create<LLVM::CallOp>(loc, TypeRange{i32}, fn, args).getResult(0);
    };
    Value noContext = rewriter.create<LLVM::NullOp>(loc, i8Ptr);
    Value rc;
    switch (op.getAction()) {
    case SyncAction::ToDevice: {
      // The root's host side is described before its first upload; a later
      // to_host or view needs nothing newer (allocations do not move).
      buffers.describeRoot(rewriter, loc, slot, MemRefDescriptor(adaptor.getRoot()),
                           op.getRoot().getType().cast<MemRefType>());
      Value cuda = rewriter.create<LLVM::CallOp>(loc, TypeRange{i8Ptr},
                                                 "halide_cuda_device_interface", ValueRange{})
                       .getResult(0);
      rc = call("halide_copy_to_device", {noContext, slot, cuda});
      break;
    }
    case SyncAction::ToHost:
      rc = call(kCopyToHostIfDirty, {slot});
      break;
    case SyncAction::Release:
      rc = call("halide_device_free", {noContext, slot});
      break;
    case SyncAction::HostWrote:
      buffers.setFlags(rewriter, loc, slot, kHostDirty);
      break;
    case SyncAction::DeviceWrote:
      buffers.setFlags(rewriter, loc, slot, kDeviceDirty);
      break;
    }
    if (rc)
      recordStatus(rewriter, loc, MemRefDescriptor(adaptor.getStatus()), rc);
    rewriter.eraseOp(op);
    return success();
  }

  DeviceBuffers &buffers;
};

} // namespace

void populateDeviceSyncLowering(LLVMTypeConverter &converter, RewritePatternSet &patterns,
                                DeviceBuffers &buffers) {
  patterns.add<DeviceSyncLowering>(converter, buffers);
}

} // namespace halide_abi
} // namespace s2s
