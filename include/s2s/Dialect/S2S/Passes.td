//===- Passes.td - s2s dialect passes ----------------------*- tablegen -*-===//
#ifndef S2S_PASSES
#define S2S_PASSES

include "mlir/Pass/PassBase.td"

def LowerToCells : Pass<"s2s-lower-to-cells", "::mlir::ModuleOp"> {
  let summary = "Lower model-level s2s ops to cell-level ops in explicit time loops";
  let description = [{
    Rewrites each function marked `s2s.model` into `<name>_translate_impl`, a
    host function on memrefs (destination-passing: outputs are arguments),
    one rewrite pattern per model-level op: the input projection of a whole
    source sequence becomes one `s2s.seq_matmul` per layer, the recurrence
    an `scf.for` over time of fused `s2s.lstm_step`s, the decoder an
    `scf.for` of gather, projection, step and `s2s.project_argmax`.
    Weights become `s2s.weight`s (s2s-pack-weights packs them). A token
    decoder whose layer-0 input weight (its feedback columns, with peek) is
    at least 256 KiB has that projection folded into its embedding when the
    table stays within 64 MiB: an `s2s.fold_input_projection`, `[V, 4H]`
    rows of `W_ih e_v + b` (with peek: no bias, the context's share is added
    to each gathered row) that each step gathers from.
    Once every sequence has ended, the decoder loop's iterations do nothing.
  }];
  let constructor = "::s2s::createLowerToCellsPass()";
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithmeticDialect"];
}

def PackWeights : Pass<"s2s-pack-weights", "::mlir::ModuleOp"> {
  let summary = "Pack weights as the kernels read them, into memref.globals";
  let description = [{
    Each `s2s.weight` that something reads becomes a private constant
    `memref.global` of its value packed as it says: transposed (`[in, out]`)
    so kernels stream contiguous rows of the output dimension, the LSTM
    gates in the gate layout of `s2s/Support/GateLayout.h`. Each
    `s2s.fold_input_projection` becomes the global of its table, computed
    here; the weights only it read are not emitted. The globals follow the
    function that reads them, in the order of their reads.
  }];
  let constructor = "::s2s::createPackWeightsPass()";
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def HoistInvariantProjections : Pass<"s2s-hoist-invariant-projections", "::mlir::FuncOp"> {
  let summary = "Move loop-invariant projections (peek's W_c C) out of time loops";
  let description = [{
    An `s2s.seq_matmul` inside an `scf.for` whose inputs are not written in
    the loop, and whose output is a scratch buffer used only in the loop,
    written there by it alone and read by nothing before it, computes the
    same value in every iteration: it moves before the loop. For peek models this is the context's share of
    the decoder's gates, computed once per sequence instead of once per step.

    Before:
    ```mlir
    scf.for %s = %c0 to %n step %c1 {
      s2s.seq_matmul %ctx, %wct, %b, %pc : ...
      s2s.seq_matmul_add %y, %wyt, %pc, %xg : ...
    }
    ```
    After:
    ```mlir
    s2s.seq_matmul %ctx, %wct, %b, %pc : ...
    scf.for %s = %c0 to %n step %c1 {
      s2s.seq_matmul_add %y, %wyt, %pc, %xg : ...
    }
    ```
  }];
  let constructor = "::s2s::createHoistInvariantProjectionsPass()";
}

def GuardAllocations : Pass<"s2s-guard-allocations", "::mlir::FuncOp"> {
  let summary = "Run a host function only when all its allocations succeeded";
  let description = [{
    In a `*_translate_impl` function, every `memref.alloc` (all at the top
    level of its body) moves to where the first one is, with the pure size
    computation it needs (what comes before the first allocation, such as
    the longest source length, stays where it is); one `s2s.is_allocated`
    check of them all then guards the rest
    of the body in an `scf.if`. The deallocations stay after it, and the
    function returns Halide's out-of-memory status (-3) when the check
    failed: a failed allocation means no result and a clear error, never a
    kernel handed a null buffer (which Halide takes for a bounds query) or a
    host loop writing through one.
  }];
  let constructor = "::s2s::createGuardAllocationsPass()";
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::arith::ArithmeticDialect"];
}

def OutlineKernels : Pass<"s2s-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Replace cell ops with calls of outlined kernels";
  let description = [{
    Each distinct (family, sizes, gate activation) cell op gets one
    `s2s.kernel` declaration, named `<model>_<family>_<sizes>`; every cell
    op becomes an `s2s.kernel_call` of it. The declarations carry the
    schedule chosen (`schedule` option).
  }];
  let constructor = "::s2s::createOutlineKernelsPass()";
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithmeticDialect"];
  let options = [
    Option<"schedule", "schedule", "std::string", /*default=*/"\"default\"",
           "Name of the Halide schedule recorded on every kernel">
  ];
}

def EmitCApi : Pass<"s2s-emit-c-api", "::mlir::ModuleOp"> {
  let summary = "Wrap the host code in the generated C API";
  let description = [{
    Adds `<name>_create`, `<name>_destroy`, `<name>_last_error` and
    `<name>_translate` (SPEC.md) around `<name>_translate_impl`: the wrapper
    checks every argument (NULL pointers, batch, lengths, token ids) before
    any buffer is touched and writes a message readable through
    `<name>_last_error`.
  }];
  let constructor = "::s2s::createEmitCApiPass()";
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithmeticDialect", "::mlir::memref::MemRefDialect"];
}

def DeviceResidency : Pass<"s2s-device-residency", "::mlir::ModuleOp"> {
  let summary = "Keeps data on the GPU between kernels (CUDA targets)";
  let description = [{
    In a module with `s2s.device = "cuda"`: every host allocation (or
    argument) that kernels see through views gets one device copy for the
    whole call, and `s2s.device_sync` ops around kernel calls, host loads
    and host stores copy data only when the other side wrote it since. So
    the recurrent state, gates and embeddings stay on the GPU between steps;
    only what the host loop reads (tokens, logits) or writes (the next
    tokens, lengths) crosses. Weights (memref.get_global) are resident
    already. Does nothing without `s2s.device`.
  }];
  let constructor = "::s2s::createDeviceResidencyPass()";
}

#endif // S2S_PASSES
