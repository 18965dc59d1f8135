//===- S2SInterfaces.td - s2s op interfaces ---------------*- tablegen -*-===//
#ifndef S2S_INTERFACES
#define S2S_INTERFACES

include "mlir/IR/OpBase.td"

def S2S_DecoderOpInterface : OpInterface<"DecoderOpInterface"> {
  let cppNamespace = "::s2s";
  let description = [{
    A model-level decoder kind (greedy tokens, vectors, ...): what
    s2s-lower-to-cells needs of any of them besides the rewrite pattern that
    lowers it. Its operands start from an encoder's final state and the
    context; its outputs become the C API's.
  }];
  let methods = [
    InterfaceMethod<"The encoder state it starts from, [L, B, H]", "::mlir::Value", "getInitH">,
    InterfaceMethod<"", "::mlir::Value", "getInitC">,
    InterfaceMethod<"The context vector C, [B, C]", "::mlir::Value", "getContext">,
    InterfaceMethod<[{
        Records its side of the C API (target kind and size, bos, eos,
        max_length) in `api`, and appends the host function's output
        arguments (destination passing, in C API order) to `outputs`.
      }], "void", "describeOutputs",
      (ins "::s2s::ModelInterface &":$api,
           "::llvm::SmallVectorImpl<::mlir::Type> &":$outputs)>,
  ];
}

#endif // S2S_INTERFACES
