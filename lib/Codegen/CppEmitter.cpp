//===- CppEmitter.cpp - Host code as readable C++ --------------*- C++ -*-===//
///
/// Writes NAME_host.cpp of `s2sc --emit=cpp` from the kernel-level module
/// (what `--emit=kernels` prints): NAME_translate_impl statement by
/// statement, its memref.global weights as constant arrays, and SPEC.md's C
/// API around it.
///
/// - A memref is a `MemRef<T, Rank>` descriptor as MLIR's own (base pointer,
///   offset, sizes, strides), so subviews are views, not copies.
/// - `s2s.kernel_call` builds one `halide_buffer_t` per memref argument as
///   the LLVM lowering does (S2SToLLVM.cpp): Halide's dimension 0 is the
///   memref's innermost, flags 0, no device; a non-zero result is recorded
///   in the status memref.
/// - Weights are hex-float literals: exact, so the C++ and LLVM libraries
///   compute with bit-identical weights.
/// - The C API calls the s2s runtime (s2s/Runtime/Runtime.h) for its checks,
///   messages and error state, as the native library's does; TestCppSource
///   runs api_errors.c against both.
///
/// Only the operations the pipeline produces are translated; any other is an
/// error naming it, never silently dropped.
///
//===----------------------------------------------------------------------===//
#include "s2s/Codegen/CppSource.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/S2SOps.h"
#include "s2s/Runtime/Runtime.h"
#include "s2s/Support/QuotedString.h"

#include "mlir/Dialect/Arithmetic/IR/Arithmetic.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/SCF.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using llvm::formatv;

namespace {

/// Everything the generated file needs besides the model: the buffer ABI
/// and the MemRef descriptor with its helpers.
constexpr const char *kPrelude = R"cpp(#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <type_traits>

// The halide_buffer_t ABI of Halide 14 (HalideRuntime.h), under Halide's
// own guard: the kernels' sources carry the full header.
#ifndef HALIDE_HALIDERUNTIME_H
extern "C" {
struct halide_device_interface_t;
struct halide_type_t {
  uint8_t code; // 0 int, 1 uint, 2 float
  uint8_t bits;
  uint16_t lanes;
};
struct halide_dimension_t {
  int32_t min, extent, stride;
  uint32_t flags;
};
struct halide_buffer_t {
  uint64_t device;
  const halide_device_interface_t *device_interface;
  uint8_t *host;
  uint64_t flags;
  halide_type_t type;
  int32_t dimensions;
  halide_dimension_t *dim;
  void *padding;
};
}
#endif

namespace {

/// A strided view of memory, as MLIR's memref descriptor: element
/// (i0, ..., iN) is data[offset + i0 * strides[0] + ... + iN * strides[N]].
template <typename T, int Rank> struct MemRef {
  T *data;
  int64_t offset;
  int64_t sizes[Rank];
  int64_t strides[Rank];

  T &at(std::initializer_list<int64_t> index) const {
    int64_t element = offset;
    int d = 0;
    for (int64_t i : index)
      element += i * strides[d++];
    return data[element];
  }
};

/// A dense row-major view of `data` with the given sizes.
template <typename T, int Rank>
MemRef<T, Rank> denseView(T *data, std::initializer_list<int64_t> sizes) {
  MemRef<T, Rank> m{data, 0, {}, {}};
  int d = 0;
  for (int64_t size : sizes)
    m.sizes[d++] = size;
  int64_t stride = 1;
  for (d = Rank - 1; d >= 0; --d) {
    m.strides[d] = stride;
    stride *= m.sizes[d];
  }
  return m;
}

/// memref.alloc: dense, aligned; null data when memory runs out or the
/// byte count overflows (s2s.is_allocated then fails and the host code
/// returns the out-of-memory status).
template <typename T, int Rank>
MemRef<T, Rank> allocate(std::initializer_list<int64_t> sizes, size_t alignment) {
  size_t bytes = sizeof(T);
  bool overflow = false;
  for (int64_t size : sizes)
    overflow |= size < 0 || __builtin_mul_overflow(bytes, size_t(size), &bytes);
  overflow |= __builtin_add_overflow(bytes, alignment - 1, &bytes);
  bytes = bytes / alignment * alignment;
  void *data = overflow ? nullptr : std::aligned_alloc(alignment, bytes == 0 ? alignment : bytes);
  return denseView<T, Rank>(static_cast<T *>(data), sizes);
}

template <typename T, int Rank> void deallocate(const MemRef<T, Rank> &m) {
  std::free(m.data);
}

/// memref.subview with the same rank.
template <typename T, int Rank>
MemRef<T, Rank> subview(const MemRef<T, Rank> &m, std::initializer_list<int64_t> offsets,
                        std::initializer_list<int64_t> sizes,
                        std::initializer_list<int64_t> strides) {
  MemRef<T, Rank> v = m;
  const int64_t *offset = offsets.begin(), *size = sizes.begin(), *stride = strides.begin();
  for (int d = 0; d < Rank; ++d) {
    v.offset += offset[d] * m.strides[d];
    v.sizes[d] = size[d];
    v.strides[d] = m.strides[d] * stride[d];
  }
  return v;
}

/// halide_type_t's code: 2 float, 0 signed integer.
template <typename T> constexpr uint8_t halideTypeCode() {
  return std::is_floating_point<T>::value ? 2 : 0;
}

/// A halide_buffer_t over a MemRef, as S2SToLLVM.cpp builds it: Halide's
/// dimension 0 is the memref's innermost (last) dimension.
template <int Rank> struct HalideBuffer {
  halide_dimension_t dims[Rank];
  halide_buffer_t buffer;

  template <typename T> explicit HalideBuffer(const MemRef<T, Rank> &m) {
    for (int i = 0; i < Rank; ++i)
      dims[i] = {0, int32_t(m.sizes[Rank - 1 - i]), int32_t(m.strides[Rank - 1 - i]), 0};
    buffer = {0,      nullptr, reinterpret_cast<uint8_t *>(m.data + m.offset),
              0,      {halideTypeCode<T>(), uint8_t(8 * sizeof(T)), 1},
              Rank,   dims,    nullptr};
  }
};

/// The first kernel failure of a call is the status NAME_translate reports.
void recordStatus(const MemRef<int32_t, 1> &status, int32_t result) {
  if (result != 0)
    status.at({0}) = result;
}

} // namespace
)cpp";

std::string cppScalarType(Type type) {
  if (type.isIndex())
    return "int64_t";
  if (type.isInteger(1))
    return "bool";
  if (type.isInteger(8))
    return "int8_t";
  if (type.isInteger(16))
    return "int16_t";
  if (type.isInteger(32))
    return "int32_t";
  if (type.isInteger(64))
    return "int64_t";
  if (type.isF32())
    return "float";
  if (type.isF64())
    return "double";
  return "";
}

/// An exact C++ literal of a float: hex for finite values.
std::string floatLiteral(const llvm::APFloat &value, bool isFloat) {
  double d = value.convertToDouble();
  if (value.isNaN())
    return isFloat ? "__builtin_nanf(\"\")" : "__builtin_nan(\"\")";
  if (value.isInfinity())
    return std::string(value.isNegative() ? "-" : "") +
           (isFloat ? "__builtin_inff()" : "__builtin_inf()");
  if (value.isPosZero())
    return isFloat ? "0.0f" : "0.0";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%a", d);
  return std::string(buffer) + (isFloat ? "f" : "");
}

std::string intLiteral(const llvm::APInt &value, Type type) {
  if (type.isInteger(1))
    return value.isZero() ? "false" : "true";
  int64_t v = value.getSExtValue();
  if (type.isIndex() || type.isInteger(64)) {
    if (v == INT64_MIN)
      return "INT64_MIN";
    return v < 0 ? "int64_t(" + std::to_string(v) + ")" : std::to_string(v);
  }
  if (v == INT32_MIN)
    return "INT32_MIN";
  return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v);
}

class HostCppEmitter {
public:
  HostCppEmitter(ModuleOp module, const s2s::ModelInterface &model, llvm::raw_ostream &os)
      : module(module), model(model), os(os) {}

  llvm::Error emit();

private:
  // Types and names.
  llvm::Expected<std::string> cppType(Type type, Operation *where);
  std::string name(Value v) { return names.lookup(v); }
  std::string fresh(StringRef prefix) { return (prefix + Twine(nextId++)).str(); }
  std::string list(ValueRange values) {
    std::string s;
    for (Value v : values)
      s += (s.empty() ? "" : ", ") + name(v);
    return s;
  }
  llvm::raw_ostream &line() { return os.indent(indent); }

  llvm::Error unsupported(Operation *op, const Twine &why = "") {
    std::string loc;
    llvm::raw_string_ostream ls(loc);
    op->getLoc().print(ls);
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--emit=cpp: cannot translate '" +
                                       op->getName().getStringRef() + "' at " + ls.str() +
                                       (why.isTriviallyEmpty() ? "" : ": ") + why);
  }

  // Pieces of the file.
  llvm::Error emitGlobal(memref::GlobalOp global);
  llvm::Error emitKernelDeclarations();
  /// A host function, its arguments named as the C API's (EmitCApi.cpp
  /// passes them in order).
  llvm::Error emitImpl(FuncOp impl, llvm::ArrayRef<std::string> argNames);
  llvm::Error emitBlock(Block &block);
  llvm::Error emitOp(Operation &op);
  llvm::Error emitArith(Operation &op);
  llvm::Error emitMemRef(Operation &op);
  llvm::Error emitKernelCall(s2s::KernelCallOp call);
  llvm::Error emitFor(scf::ForOp loop);
  llvm::Error emitIf(scf::IfOp op);
  /// `T name = expr;` for the single result of `op`.
  llvm::Error define(Operation &op, const Twine &expr);
  void emitCApi(FuncOp impl);
  /// The C type of a source element, and the caller's src as the dense
  /// view the host functions take.
  std::string srcTypeName() const { return model.tokenSource ? "int32_t" : "float"; }
  std::string sourceView() const {
    return model.tokenSource
               ? "denseView<int32_t, 2>(const_cast<int32_t *>(src), {batch, max_src_len})"
               : formatv("denseView<float, 3>(const_cast<float *>(src), {{batch, max_src_len, "
                         "{0}})",
                         model.sourceSize)
                     .str();
  }
  /// The step-wise API's C functions (SPEC.md), as EmitCApi.cpp's.
  void emitStepwiseApi();
  std::string activeTarget();

  ModuleOp module;
  const s2s::ModelInterface &model;
  llvm::raw_ostream &os;
  llvm::DenseMap<Value, std::string> names;
  /// Variables that receive the operands of the scf.yield being emitted.
  llvm::SmallVector<std::string> yieldTargets;
  unsigned nextId = 0;
  unsigned indent = 0;
};

llvm::Expected<std::string> HostCppEmitter::cppType(Type type, Operation *where) {
  if (auto memref = type.dyn_cast<MemRefType>()) {
    std::string element = cppScalarType(memref.getElementType());
    if (element.empty() || memref.getRank() == 0)
      return unsupported(where, "memref type not supported");
    return formatv("MemRef<{0}, {1}>", element, memref.getRank()).str();
  }
  std::string scalar = cppScalarType(type);
  if (scalar.empty())
    return unsupported(where, "type not supported");
  return scalar;
}

llvm::Error HostCppEmitter::define(Operation &op, const Twine &expr) {
  auto type = cppType(op.getResult(0).getType(), &op);
  if (!type)
    return type.takeError();
  std::string var = fresh("v");
  names[op.getResult(0)] = var;
  line() << "const " << *type << " " << var << " = " << expr << ";\n";
  return llvm::Error::success();
}

llvm::Error HostCppEmitter::emitGlobal(memref::GlobalOp global) {
  auto type = global.type();
  std::string element = cppScalarType(type.getElementType());
  auto initial = global.initial_value();
  auto dense = initial ? initial->dyn_cast<DenseElementsAttr>() : DenseElementsAttr();
  if (!global.constant() || !dense || element.empty() || !type.hasStaticShape())
    return unsupported(global, "only constant dense globals of a static shape");
  std::string shape;
  for (int64_t d : type.getShape())
    shape += (shape.empty() ? "" : " x ") + std::to_string(d);
  int64_t alignment = global.alignment() ? int64_t(*global.alignment()) : 16;
  line() << "// " << shape << ", row-major\n";
  line() << "alignas(" << alignment << ") const " << element << " " << global.sym_name() << "["
         << type.getNumElements() << "] = {";
  bool isFloat = type.getElementType().isF32();
  int64_t i = 0;
  auto item = [&](const std::string &text) {
    if (i++ % 6 == 0)
      os << "\n" << std::string(indent + 4, ' ');
    else
      os << " ";
    os << text << ",";
  };
  if (type.getElementType().isa<FloatType>()) {
    for (const llvm::APFloat &v : dense.getValues<llvm::APFloat>())
      item(floatLiteral(v, isFloat));
  } else {
    for (const llvm::APInt &v : dense.getValues<llvm::APInt>())
      item(intLiteral(v, type.getElementType()));
  }
  os << "\n";
  line() << "};\n\n";
  return llvm::Error::success();
}

/// `int NAME(halide_buffer_t *, ..., int32_t, ...)` per kernel, from the
/// argument types of its first call (Halide's AOT signature).
llvm::Error HostCppEmitter::emitKernelDeclarations() {
  llvm::StringMap<bool> declared;
  os << "// The kernels (NAME_*.cpp, Halide's C++ backend). Each returns 0 or a\n"
        "// Halide error code.\n";
  os << "extern \"C\" {\n";
  llvm::Error error = llvm::Error::success();
  module.walk([&](s2s::KernelCallOp call) {
    if (error || !declared.try_emplace(call.getKernel(), true).second)
      return;
    std::string params;
    for (Value arg : call.getArgs()) {
      std::string t = "halide_buffer_t *";
      if (!arg.getType().isa<MemRefType>()) {
        t = cppScalarType(arg.getType());
        if (t.empty()) {
          error = unsupported(call, "kernel argument type not supported");
          return;
        }
      }
      params += (params.empty() ? "" : ", ") + t;
    }
    os << "int " << call.getKernel() << "(" << params << ");\n";
  });
  os << "}\n\n";
  return error;
}

llvm::Error HostCppEmitter::emitImpl(FuncOp impl, llvm::ArrayRef<std::string> argNames) {
  if (impl.getNumArguments() != argNames.size())
    return unsupported(impl, "expected " + Twine(argNames.size()) + " arguments");
  std::string params;
  for (auto [arg, argName] : llvm::zip(impl.getArguments(), argNames)) {
    auto type = cppType(arg.getType(), impl);
    if (!type)
      return type.takeError();
    names[arg] = argName;
    params += (params.empty() ? "" : ", ") + *type + " " + argName;
  }
  if (impl.getType().getNumResults() != 1 || !impl.getType().getResult(0).isInteger(32))
    return unsupported(impl, "expected one i32 result");
  os << "/// The model: " << impl.getName() << " of the kernel-level IR.\n";
  os << "int32_t " << impl.getName() << "(" << params << ") {\n";
  indent = 2;
  if (!impl.getBody().hasOneBlock())
    return unsupported(impl, "expected a single block");
  if (llvm::Error e = emitBlock(impl.getBody().front()))
    return e;
  indent = 0;
  os << "}\n\n";
  return llvm::Error::success();
}

llvm::Error HostCppEmitter::emitBlock(Block &block) {
  for (Operation &op : block)
    if (llvm::Error e = emitOp(op))
      return e;
  return llvm::Error::success();
}

llvm::Error HostCppEmitter::emitOp(Operation &op) {
  if (auto ret = dyn_cast<ReturnOp>(op)) {
    if (ret.getNumOperands() != 1)
      return unsupported(&op, "expected one returned value");
    line() << "return " << name(ret.getOperand(0)) << ";\n";
    return llvm::Error::success();
  }
  if (auto yield = dyn_cast<scf::YieldOp>(op)) {
    if (yield.getNumOperands() != yieldTargets.size())
      return unsupported(&op, "yield does not match its parent's results");
    // Through temporaries: a yield may permute the loop's own variables.
    if (yield.getNumOperands() == 1) {
      line() << yieldTargets[0] << " = " << name(yield.getOperand(0)) << ";\n";
      return llvm::Error::success();
    }
    llvm::SmallVector<std::string> temps;
    for (Value v : yield.getOperands()) {
      temps.push_back(fresh("next"));
      line() << "const auto " << temps.back() << " = " << name(v) << ";\n";
    }
    for (size_t i = 0; i < temps.size(); ++i)
      line() << yieldTargets[i] << " = " << temps[i] << ";\n";
    return llvm::Error::success();
  }
  if (auto select = dyn_cast<SelectOp>(op))
    return define(op, name(select.getCondition()) + " ? " + name(select.getTrueValue()) +
                          " : " + name(select.getFalseValue()));
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return emitFor(loop);
  if (auto branch = dyn_cast<scf::IfOp>(op))
    return emitIf(branch);
  if (auto call = dyn_cast<s2s::KernelCallOp>(op))
    return emitKernelCall(call);
  if (auto allocated = dyn_cast<s2s::IsAllocatedOp>(op))
    return define(op, "(" + name(allocated.getMemref()) + ".data != nullptr)");
  if (isa<arith::ArithmeticDialect>(op.getDialect()))
    return emitArith(op);
  if (isa<memref::MemRefDialect>(op.getDialect()))
    return emitMemRef(op);
  return unsupported(&op);
}

llvm::Error HostCppEmitter::emitArith(Operation &op) {
  if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
    // Constants are written where they are used.
    Attribute value = constant.getValue();
    if (auto i = value.dyn_cast<IntegerAttr>()) {
      if (cppScalarType(i.getType()).empty())
        return unsupported(&op, "constant type not supported");
      names[constant] = intLiteral(i.getValue(), i.getType());
    } else if (auto f = value.dyn_cast<FloatAttr>()) {
      if (!f.getType().isF32() && !f.getType().isF64())
        return unsupported(&op, "constant type not supported");
      names[constant] = floatLiteral(f.getValue(), f.getType().isF32());
    } else {
      return unsupported(&op, "only scalar constants");
    }
    return llvm::Error::success();
  }
  auto binary = [&](const char *symbol) {
    return define(op, name(op.getOperand(0)) + " " + symbol + " " + name(op.getOperand(1)));
  };
  // Unsigned operations through the unsigned type of the same width.
  auto unsignedOf = [&](Type t) -> std::string {
    std::string s = cppScalarType(t);
    return t.isInteger(1) ? "bool" : "u" + s;
  };
  auto unsignedBinary = [&](const char *symbol) {
    Type t = op.getOperand(0).getType();
    std::string u = unsignedOf(t);
    return define(op, cppScalarType(t) + "(" + u + "(" + name(op.getOperand(0)) + ") " +
                          symbol + " " + u + "(" + name(op.getOperand(1)) + "))");
  };
  auto cast = [&]() -> llvm::Error {
    auto type = cppType(op.getResult(0).getType(), &op);
    if (!type)
      return type.takeError();
    return define(op, *type + "(" + name(op.getOperand(0)) + ")");
  };
  return llvm::TypeSwitch<Operation *, llvm::Error>(&op)
      .Case<arith::AddIOp, arith::AddFOp>([&](auto) { return binary("+"); })
      .Case<arith::SubIOp, arith::SubFOp>([&](auto) { return binary("-"); })
      .Case<arith::MulIOp, arith::MulFOp>([&](auto) { return binary("*"); })
      .Case<arith::DivSIOp, arith::DivFOp>([&](auto) { return binary("/"); })
      .Case<arith::RemSIOp>([&](auto) { return binary("%"); })
      .Case<arith::DivUIOp>([&](auto) { return unsignedBinary("/"); })
      .Case<arith::RemUIOp>([&](auto) { return unsignedBinary("%"); })
      .Case<arith::AndIOp>([&](auto) { return binary("&"); })
      .Case<arith::OrIOp>([&](auto) { return binary("|"); })
      .Case<arith::XOrIOp>([&](auto) { return binary("^"); })
      .Case<arith::NegFOp>([&](auto) { return define(op, "-" + name(op.getOperand(0))); })
      .Case<arith::IndexCastOp, arith::ExtSIOp, arith::TruncIOp, arith::SIToFPOp,
            arith::FPToSIOp, arith::ExtFOp, arith::TruncFOp>([&](auto) { return cast(); })
      .Case<arith::ExtUIOp>([&](auto) {
        Type from = op.getOperand(0).getType();
        auto type = cppType(op.getResult(0).getType(), &op);
        if (!type)
          return llvm::Error(type.takeError());
        return define(op, *type + "(" + unsignedOf(from) + "(" + name(op.getOperand(0)) + "))");
      })
      .Case<arith::CmpIOp>([&](arith::CmpIOp cmp) {
        using P = arith::CmpIPredicate;
        const char *symbol = "";
        bool isUnsigned = false;
        switch (cmp.getPredicate()) {
        case P::eq: symbol = "=="; break;
        case P::ne: symbol = "!="; break;
        case P::slt: symbol = "<"; break;
        case P::sle: symbol = "<="; break;
        case P::sgt: symbol = ">"; break;
        case P::sge: symbol = ">="; break;
        case P::ult: symbol = "<"; isUnsigned = true; break;
        case P::ule: symbol = "<="; isUnsigned = true; break;
        case P::ugt: symbol = ">"; isUnsigned = true; break;
        case P::uge: symbol = ">="; isUnsigned = true; break;
        }
        std::string a = name(cmp.getLhs()), b = name(cmp.getRhs());
        if (isUnsigned) {
          std::string u = unsignedOf(cmp.getLhs().getType());
          a = u + "(" + a + ")";
          b = u + "(" + b + ")";
        }
        return define(op, a + " " + symbol + " " + b);
      })
      .Case<arith::CmpFOp>([&](arith::CmpFOp cmp) {
        using P = arith::CmpFPredicate;
        std::string a = name(cmp.getLhs()), b = name(cmp.getRhs());
        // Ordered predicates are C++'s comparisons; unordered ones are the
        // negation of the opposite ordered one (true when either is NaN).
        switch (cmp.getPredicate()) {
        case P::OEQ: return define(op, a + " == " + b);
        case P::OGT: return define(op, a + " > " + b);
        case P::OGE: return define(op, a + " >= " + b);
        case P::OLT: return define(op, a + " < " + b);
        case P::OLE: return define(op, a + " <= " + b);
        case P::UNE: return define(op, a + " != " + b);
        case P::UGT: return define(op, "!(" + a + " <= " + b + ")");
        case P::UGE: return define(op, "!(" + a + " < " + b + ")");
        case P::ULT: return define(op, "!(" + a + " >= " + b + ")");
        case P::ULE: return define(op, "!(" + a + " > " + b + ")");
        default: return unsupported(&op, "comparison predicate not supported");
        }
      })
      .Default([&](Operation *) { return unsupported(&op); });
}

llvm::Error HostCppEmitter::emitMemRef(Operation &op) {
  auto sizesOf = [&](MemRefType type, ValueRange dynamic) {
    std::string sizes;
    unsigned next = 0;
    for (int64_t d : type.getShape())
      sizes += (sizes.empty() ? "" : ", ") +
               (d == ShapedType::kDynamicSize ? name(dynamic[next++]) : std::to_string(d));
    return "{" + sizes + "}";
  };
  auto mixed = [&](ArrayRef<OpFoldResult> values) {
    std::string s;
    for (OpFoldResult v : values) {
      std::string text = v.is<Value>() ? name(v.get<Value>())
                                       : std::to_string(v.get<Attribute>()
                                                            .cast<IntegerAttr>()
                                                            .getInt());
      s += (s.empty() ? "" : ", ") + text;
    }
    return "{" + s + "}";
  };
  auto elementOf = [](Value memref) {
    return cppScalarType(memref.getType().cast<MemRefType>().getElementType());
  };
  auto rankOf = [](Value memref) { return memref.getType().cast<MemRefType>().getRank(); };
  return llvm::TypeSwitch<Operation *, llvm::Error>(&op)
      .Case<memref::AllocOp>([&](memref::AllocOp alloc) {
        MemRefType type = alloc.getType();
        if (!type.getLayout().isIdentity())
          return unsupported(&op, "only allocations with the identity layout");
        int64_t alignment = alloc.alignment() ? int64_t(*alloc.alignment()) : 16;
        return define(op, formatv("allocate<{0}, {1}>({2}, {3})", elementOf(alloc),
                                  type.getRank(), sizesOf(type, alloc.dynamicSizes()),
                                  alignment)
                              .str());
      })
      .Case<memref::AllocaOp>([&](memref::AllocaOp alloca) {
        MemRefType type = alloca.getType();
        if (!type.hasStaticShape() || !type.getLayout().isIdentity())
          return unsupported(&op, "only stack allocations of a static shape");
        std::string storage = fresh("stack");
        line() << elementOf(alloca) << " " << storage << "[" << type.getNumElements()
               << "];\n";
        return define(op, formatv("denseView<{0}, {1}>({2}, {3})", elementOf(alloca),
                                  type.getRank(), storage, sizesOf(type, {}))
                              .str());
      })
      .Case<memref::DeallocOp>([&](memref::DeallocOp dealloc) {
        line() << "deallocate(" << name(dealloc.memref()) << ");\n";
        return llvm::Error::success();
      })
      .Case<memref::LoadOp>([&](memref::LoadOp load) {
        return define(op, name(load.memref()) + ".at({" + list(load.indices()) + "})");
      })
      .Case<memref::StoreOp>([&](memref::StoreOp store) {
        line() << name(store.memref()) << ".at({" << list(store.indices())
               << "}) = " << name(store.value()) << ";\n";
        return llvm::Error::success();
      })
      .Case<memref::DimOp>([&](memref::DimOp dim) {
        return define(op, name(dim.source()) + ".sizes[" + name(dim.index()) + "]");
      })
      .Case<memref::SubViewOp>([&](memref::SubViewOp view) {
        if (rankOf(view.source()) != rankOf(view.result()))
          return unsupported(&op, "only subviews that keep the rank");
        return define(op, "subview(" + name(view.source()) + ", " +
                              mixed(view.getMixedOffsets()) + ", " +
                              mixed(view.getMixedSizes()) + ", " +
                              mixed(view.getMixedStrides()) + ")");
      })
      .Case<memref::CastOp>([&](memref::CastOp cast) {
        // Only static facts change (canonicalized subviews): the same view.
        bool ranked = cast.source().getType().isa<MemRefType>() &&
                      cast.dest().getType().isa<MemRefType>();
        if (!ranked || rankOf(cast.source()) != rankOf(cast.dest()))
          return unsupported(&op, "only casts between ranked memrefs of one rank");
        return define(op, name(cast.source()));
      })
      .Case<memref::GetGlobalOp>([&](memref::GetGlobalOp get) {
        MemRefType type = get.getType().cast<MemRefType>();
        // Weights are read only: the const_cast only fits the descriptor.
        return define(op, formatv("denseView<{0}, {1}>(const_cast<{0} *>({2}), {3})",
                                  elementOf(get), type.getRank(), get.name(),
                                  sizesOf(type, {}))
                              .str());
      })
      .Default([&](Operation *) { return unsupported(&op); });
}

llvm::Error HostCppEmitter::emitKernelCall(s2s::KernelCallOp call) {
  line() << "{ // " << call.getKernel() << "\n";
  indent += 2;
  std::string args;
  for (Value arg : call.getArgs()) {
    auto memref = arg.getType().dyn_cast<MemRefType>();
    if (!memref) {
      args += (args.empty() ? "" : ", ") + name(arg);
      continue;
    }
    std::string buffer = fresh("buffer");
    line() << "HalideBuffer<" << memref.getRank() << "> " << buffer << "(" << name(arg)
           << ");\n";
    args += (args.empty() ? "&" : ", &") + buffer + ".buffer";
  }
  line() << "recordStatus(" << name(call.getStatus()) << ", " << call.getKernel() << "(" << args
         << "));\n";
  indent -= 2;
  line() << "}\n";
  return llvm::Error::success();
}

llvm::Error HostCppEmitter::emitFor(scf::ForOp loop) {
  // Loop-carried values live in one variable each, shared by the region's
  // iteration argument and the loop's result.
  llvm::SmallVector<std::string> carried;
  for (auto [init, iterArg, result] :
       llvm::zip(loop.getIterOperands(), loop.getRegionIterArgs(), loop.getResults())) {
    auto type = cppType(result.getType(), loop);
    if (!type)
      return type.takeError();
    std::string var = fresh("carried");
    line() << *type << " " << var << " = " << name(init) << ";\n";
    names[iterArg] = names[result] = var;
    carried.push_back(var);
  }
  std::string iv = fresh("i");
  names[loop.getInductionVar()] = iv;
  std::string step = name(loop.getStep());
  line() << "for (int64_t " << iv << " = " << name(loop.getLowerBound()) << "; " << iv << " < "
         << name(loop.getUpperBound()) << "; "
         << (step == "1" ? "++" + iv : iv + " += " + step) << ") {\n";
  indent += 2;
  std::swap(yieldTargets, carried);
  llvm::Error e = emitBlock(*loop.getBody());
  std::swap(yieldTargets, carried);
  if (e)
    return e;
  indent -= 2;
  line() << "}\n";
  return llvm::Error::success();
}

llvm::Error HostCppEmitter::emitIf(scf::IfOp op) {
  llvm::SmallVector<std::string> results;
  for (Value result : op.getResults()) {
    auto type = cppType(result.getType(), op);
    if (!type)
      return type.takeError();
    std::string var = fresh("r");
    line() << *type << " " << var << ";\n";
    names[result] = var;
    results.push_back(var);
  }
  line() << "if (" << name(op.getCondition()) << ") {\n";
  indent += 2;
  std::swap(yieldTargets, results);
  llvm::Error e = emitBlock(*op.thenBlock());
  if (!e && op.elseBlock()) {
    indent -= 2;
    line() << "} else {\n";
    indent += 2;
    e = emitBlock(*op.elseBlock());
  }
  std::swap(yieldTargets, results);
  if (e)
    return e;
  indent -= 2;
  line() << "}\n";
  return llvm::Error::success();
}

/// SPEC.md's C API, as EmitCApi.cpp builds it: checks, messages and error
/// state are the s2s runtime's (in NAME_runtime.cpp). The target
/// NAME_active_target() reports: the module's.
std::string HostCppEmitter::activeTarget() { return s2s::ModelTargets::read(module).target; }

void HostCppEmitter::emitCApi(FuncOp impl) {
  const std::string &n = model.name;
  std::string json = s2s::modelMetadataJson(model, s2s::ModelTargets::read(module));
  using namespace s2s::runtime;
  os << formatv(R"cpp(// The s2s runtime (NAME_runtime.cpp): the C API's checks, messages and
// error state. A model object is its error buffer.
extern "C" {{
char *{3}(void);
void {4}(char *model);
const char *{5}(const char *model, const char *no_model);
int32_t {6}(char *model, const void *src, const int32_t *src_len, int32_t batch,
            int32_t max_src_len, const void *out, const int32_t *out_len, int32_t max_out,
            int32_t source_vocab, int32_t token_target);
void {7}(void);
int32_t {8}(char *model, int32_t status);
int32_t {9}(char *model, int32_t n_best, int32_t beam_width, const float *logits);
}

{0}_model *{0}_create(void) {{ return reinterpret_cast<{0}_model *>({3}()); }

void {0}_destroy({0}_model *m) {{ {4}(reinterpret_cast<char *>(m)); }

const char *{0}_last_error(const {0}_model *m) {{
  return {5}(reinterpret_cast<const char *>(m), nullptr);
}

const char *{0}_metadata(void) {{
  return {1};
}

// Portable C++ has one variant, which runs wherever it was compiled for.
const char *{0}_active_target(void) {{
  return "{2}";
}

)cpp",
                n, s2s::quotedString(json), activeTarget(), kNewModel, kDeleteModel, kLastError,
                kCheckTranslate, kBeginCall, kEndCall, kCheckBeam);

  std::string srcType = srcTypeName();
  std::string srcView = sourceView();
  std::string check = formatv("  char *m = reinterpret_cast<char *>(model);\n"
                              "  if ({0}(m, src, src_len, batch, max_src_len, out, out_len, "
                              "max_out, {1}, {2}) != 0)\n    return 1;\n",
                              kCheckTranslate, model.tokenSource ? model.sourceSize : 0,
                              int(model.tokenTarget));
  // Inputs are only read: the const_casts fit the descriptors.
  std::string call = formatv("  {0}();\n  int32_t status = {1}_translate_impl(\n      {2},\n"
                             "      denseView<int32_t, 1>(const_cast<int32_t *>(src_len), "
                             "{{batch}),\n",
                             kBeginCall, n, srcView);
  std::string end = formatv("  return {0}(m, status);\n}\n", kEndCall);
  if (model.beamWidth > 0) {
    // NAME_translate: the best of the n-best; NAME_translate_nbest.
    for (bool nbest : {false, true}) {
      if (nbest)
        os << formatv(R"cpp(
int {0}_translate_nbest({0}_model *model, const {1} *src, const int32_t *src_len,
                        int32_t batch, int32_t max_src_len, int32_t n_best, int32_t *out,
                        int32_t *out_len, int32_t max_out, float *scores) {{
  const float *logits = nullptr;
)cpp",
                      n, srcType);
      else
        os << formatv(R"cpp(int {0}_translate({0}_model *model, const {1} *src, const int32_t *src_len,
                  int32_t batch, int32_t max_src_len, int32_t *out, int32_t *out_len,
                  int32_t max_out, float *logits) {{
  const int32_t n_best = 1;
  float *scores = nullptr;
)cpp",
                      n, srcType);
      os << check
         << formatv("  if ({0}(m, n_best, {1}, logits) != 0)\n    return 1;\n", kCheckBeam,
                    model.beamWidth)
         << call
         << "      denseView<int32_t, 3>(out, {batch, n_best, max_out}),\n"
            "      denseView<int32_t, 2>(out_len, {batch, n_best}),\n"
            "      denseView<float, 2>(scores, {batch, n_best}), scores != nullptr);\n"
         << end;
    }
    return;
  }
  if (model.tokenTarget)
    os << formatv(R"cpp(int {0}_translate({0}_model *model, const {1} *src, const int32_t *src_len,
                  int32_t batch, int32_t max_src_len, int32_t *out, int32_t *out_len,
                  int32_t max_out, float *logits) {{
)cpp",
                  n, srcType);
  else
    os << formatv(
        R"cpp(int {0}_translate_vectors({0}_model *model, const {1} *src, const int32_t *src_len,
                          int32_t batch, int32_t max_src_len, float *out, int32_t steps) {{
  const int32_t *out_len = nullptr;
  int32_t max_out = steps;
)cpp",
        n, srcType);
  os << check << call;
  if (model.tokenTarget)
    os << formatv("      denseView<int32_t, 2>(out, {{batch, max_out}),\n"
                  "      denseView<int32_t, 1>(out_len, {{batch}),\n"
                  "      denseView<float, 3>(logits, {{batch, max_out, {0}}), logits != nullptr);\n",
                  model.targetSize);
  else
    os << formatv("      denseView<float, 3>(out, {{batch, steps, {0}}));\n", model.targetSize);
  os << end;
}

void HostCppEmitter::emitStepwiseApi() {
  using namespace s2s::runtime;
  const std::string &n = model.name;
  bool tokens = model.tokenTarget;
  os << formatv(R"cpp(
// The step-wise API: the state is the runtime's; the host functions run on
// its rows.
extern "C" {{
void *{1}(char *model, const char *name, int32_t rows, int32_t max_src_len, int32_t width);
void {2}(void *state);
float *{3}(void *state);
int32_t {4}(char *model, void *state, const char *name, int32_t width, const void *src,
            const int32_t *src_len, int32_t batch, int32_t max_src_len, int32_t source_vocab);
int32_t {5}(char *model, void *state, const char *name, int32_t width, const void *prev,
            int32_t n, int32_t target_vocab, const void *out);
int32_t {6}(char *model, void *state, int32_t status, int32_t ready);
int32_t {7}(char *model, void *state, const char *name, int32_t width, const int32_t *from,
            int32_t n);
}

{0}_state *{0}_state_create({0}_model *model, int32_t rows, int32_t max_src_len) {{
  return reinterpret_cast<{0}_state *>(
      {1}(reinterpret_cast<char *>(model), "{0}", rows, max_src_len, {8}));
}

void {0}_state_destroy({0}_state *state) {{ {2}(state); }

int {0}_encode({0}_model *model, {0}_state *state, const {9} *src, const int32_t *src_len,
               int32_t batch, int32_t max_src_len) {{
  char *m = reinterpret_cast<char *>(model);
  if ({4}(m, state, "{0}", {8}, src, src_len, batch, max_src_len, {10}) != 0)
    return 1;
  {11}();
  int32_t status = {0}_encode_impl(
      {12},
      denseView<int32_t, 1>(const_cast<int32_t *>(src_len), {{batch}),
      denseView<float, 2>({3}(state), {{batch, {8}}));
  return {6}(m, state, status, batch);
}

int {0}_decode_step{13}({0}_model *model, {0}_state *state, const {14} *prev, int32_t n,
                       float *out) {{
  char *m = reinterpret_cast<char *>(model);
  if ({5}(m, state, "{0}", {8}, prev, n, {15}, out) != 0)
    return 1;
  {11}();
  int32_t status = {0}_step_impl(
      denseView<float, 2>({3}(state), {{n, {8}}),
      {16}, prev != nullptr,
      denseView<float, 2>(out, {{n, {17}}));
  return {6}(m, state, status, -1);
}

int {0}_state_select({0}_model *model, {0}_state *state, const int32_t *from, int32_t n) {{
  return {7}(reinterpret_cast<char *>(model), state, "{0}", {8}, from, n);
}
)cpp",
                n, kStateCreate, kStateDestroy, kStateData, kCheckEncode, kCheckStep, kEndStateCall,
                kStateSelect, model.stateWidth, srcTypeName(),
                model.tokenSource ? model.sourceSize : 0, kBeginCall, sourceView(),
                tokens ? "" : "_vectors", tokens ? "int32_t" : "float",
                tokens ? model.targetSize : 0,
                tokens ? "denseView<int32_t, 1>(const_cast<int32_t *>(prev), {n})"
                       : formatv("denseView<float, 2>(const_cast<float *>(prev), {{n, {0}})",
                                 model.targetSize)
                             .str(),
                model.targetSize);
}

llvm::Error HostCppEmitter::emit() {
  FuncOp impl = s2s::lookupTranslateImpl(module);
  if (!impl)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--emit=cpp: no NAME_translate_impl in the module");
  const std::string &n = model.name;
  os << formatv(R"cpp(// {0}_host.cpp: generated by s2sc from the host code of {0}. Do not edit.
//
// The standalone C++ package of {0}: {0}.h, this file, {0}_runtime.cpp and
// one .cpp per kernel (Halide's C++ backend). Neither Halide nor LLVM is
// needed to build it, only C++17 (the weights are hex floats):
//
//   g++ -std=c++17 -O2 -c *.cpp && ar rcs lib{0}.a *.o
//
// then link lib{0}.a into a C or C++ program (a C program also needs
// -lstdc++ -lm).

#if __cplusplus < 201703L
#error "{0}_host.cpp needs C++17 or later (-std=c++17)"
#endif

#include "{0}.h"

)cpp",
                n);
  os << kPrelude << "\n";
  os << "namespace {\n\n// Weights, exact as hex floats.\n";
  for (memref::GlobalOp global : module.getOps<memref::GlobalOp>())
    if (llvm::Error e = emitGlobal(global))
      return e;
  os << "} // namespace\n\n";
  if (llvm::Error e = emitKernelDeclarations())
    return e;
  os << "namespace {\n\n";
  llvm::SmallVector<std::string> translateArgs = {"src", "srcLen", "out"};
  if (model.tokenTarget)
    translateArgs.append({"outLen", "logits", "wantLogits"});
  if (llvm::Error e = emitImpl(impl, translateArgs))
    return e;
  FuncOp encode = s2s::lookupEncodeImpl(module, n), step = s2s::lookupStepImpl(module, n);
  bool stepwise = model.stateWidth > 0 && encode && step;
  if (stepwise) {
    if (llvm::Error e = emitImpl(encode, {"src", "srcLen", "state"}))
      return e;
    if (llvm::Error e = emitImpl(step, {"state", "prev", "hasPrev", "out"}))
      return e;
  }
  os << "} // namespace\n\n";
  emitCApi(impl);
  if (stepwise)
    emitStepwiseApi();
  // Anything else at the top level would be lost: refuse it.
  for (Operation &op : *module.getBody()) {
    bool emitted = &op == impl.getOperation() ||
                   (stepwise && (&op == encode.getOperation() || &op == step.getOperation()));
    if (!isa<memref::GlobalOp, s2s::KernelOp>(op) && !emitted)
      return unsupported(&op, "unexpected at the top level of the module");
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error s2s::emitHostCpp(ModuleOp module, const ModelInterface &model,
                             llvm::raw_ostream &os) {
  return HostCppEmitter(module, model, os).emit();
}
