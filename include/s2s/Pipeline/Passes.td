//===- Passes.td - Passes of the compiler driver -----------*- tablegen -*-===//
#ifndef S2S_PIPELINE_PASSES
#define S2S_PIPELINE_PASSES

include "mlir/Pass/PassBase.td"

def AnnotateTargets : Pass<"s2s-annotate-targets", "::mlir::ModuleOp"> {
  let summary = "Record what the kernels are built for (ModelTargets)";
  let description = [{
    Resolves `targets` as s2sc's `--target` does and records on the module
    what NAME_metadata() reports and what the later passes read: the target
    description, the LLVM features of the host code, `s2s.device = "cuda"`
    for GPU kernels and, for a list of CPU targets, the variants in
    preference order with their kernel-symbol suffixes and the Halide
    feature words NAME_create checks. With `cpp` (s2sc --emit=cpp) the
    target is the portable C++ one and there are no variants. Replaces what
    an earlier annotation recorded.
  }];
  let constructor = "::s2s::createAnnotateTargetsPass()";
  let options = [
    Option<"targets", "targets", "std::string", /*default=*/"\"host\"",
           "host, avx2, avx512, ..., cuda, a Halide target string, or a comma-separated list">,
    Option<"cpp", "cpp", "bool", /*default=*/"false",
           "Annotate for --emit=cpp (portable C++ kernels, one variant)">
  ];
}

#endif // S2S_PIPELINE_PASSES
