//===- S2SDialect.td - The s2s dialect ---------------------*- tablegen -*-===//
#ifndef S2S_DIALECT
#define S2S_DIALECT

include "mlir/IR/OpBase.td"

def S2S_Dialect : Dialect {
  let name = "s2s";
  let summary = "Sequence-to-sequence RNN models at model, cell and kernel level";
  let description = [{
    Model level: tensor-valued ops that mirror the spec (`s2s.embedding`,
    `s2s.encoder`, `s2s.greedy_decoder`) in a function marked `s2s.model`.
    Cell level: destination-passing ops on memrefs inside explicit time
    loops (`s2s.gather`, `s2s.seq_matmul`, `s2s.lstm_step`,
    `s2s.project_argmax`). Kernel level: `s2s.kernel` declarations (one per
    distinct Halide pipeline) and `s2s.kernel_call`s in the host code.
  }];
  let cppNamespace = "::s2s";
  // The s2s.* attributes the pipeline puts on functions and modules are
  // verified like op attributes (S2SDialect.cpp), so no pass reads one of
  // the wrong kind.
  let hasOperationAttrVerify = 1;
  let emitAccessorPrefix = kEmitAccessorPrefix_Prefixed;
}

class S2S_Op<string mnemonic, list<Trait> traits = []> :
    Op<S2S_Dialect, mnemonic, traits>;

#endif // S2S_DIALECT
