//===- S2SOps.td - s2s operations ---------------------------*- tablegen -*-===//
#ifndef S2S_OPS
#define S2S_OPS

include "s2s/Dialect/S2S/S2SDialect.td"
include "s2s/Dialect/S2S/S2SEnums.td"
include "s2s/Dialect/S2S/S2SInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"


//===----------------------------------------------------------------------===//
// Model level: tensors, one op per spec section.
//===----------------------------------------------------------------------===//

def S2S_EmbeddingOp : S2S_Op<"embedding", [NoSideEffect]> {
  let summary = "looks token ids up in an embedding table";
  let description = [{
    `table` is `[V, E]`; the result has the shape of `ids` followed by `E`.
    ```mlir
    %x = s2s.embedding %ids, %table : tensor<?x?xi32>, tensor<24x16xf32> -> tensor<?x?x16xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32]>:$ids, 2DTensorOf<[F32]>:$table);
  let results = (outs TensorOf<[F32]>:$result);
  let assemblyFormat = "$ids `,` $table attr-dict `:` type($ids) `,` type($table) `->` type($result)";
  let verifier = [{ return ::verify(*this); }];
}

def S2S_EncoderOp : S2S_Op<"encoder", [NoSideEffect]> {
  let summary = "a stack of LSTM layers run over a batch of source sequences";
  let description = [{
    `input` is `[B, T, in]`, `lengths` is `[B]`. `weights` holds, per layer,
    `w_ih [4H, in_l]`, `w_hh [4H, H]`, `b [4H]` (gates i, f, g, o). Results
    are the final `h` and `c` of every layer, `[L, B, H]`, each taken at the
    sequence's own last valid step. The context vector is `h` of the top layer.
    ```mlir
    %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
        : tensor<?x?x16xf32>, tensor<?xi32>, tensor<128x16xf32>, tensor<128x32xf32>, tensor<128xf32>
        -> tensor<1x?x32xf32>, tensor<1x?x32xf32>
    ```
  }];
  let arguments = (ins 3DTensorOf<[F32]>:$input, 1DTensorOf<[I32]>:$lengths,
                       Variadic<RankedTensorOf<[F32]>>:$weights,
                       S2S_GateActivationAttr:$gate_activation);
  let results = (outs 3DTensorOf<[F32]>:$h, 3DTensorOf<[F32]>:$c);
  let assemblyFormat = [{
    $input `,` $lengths `weights` `(` $weights `)` attr-dict `:` type($input) `,`
    type($lengths) `,` type($weights) `->` type($h) `,` type($c)
  }];
  let verifier = [{ return ::verify(*this); }];
  let extraClassDeclaration = [{
    int64_t getNumLayers() { return getWeights().size() / 3; }
  }];
}

def S2S_ContextOp : S2S_Op<"context", [NoSideEffect]> {
  let summary = "the context vector C: the top layer's final hidden state";
  let arguments = (ins 3DTensorOf<[F32]>:$h);
  let results = (outs 2DTensorOf<[F32]>:$context);
  let assemblyFormat = "$h attr-dict `:` type($h) `->` type($context)";
  let verifier = [{ return ::verify(*this); }];
}

def S2S_GreedyDecoderOp : S2S_Op<"greedy_decoder",
    [NoSideEffect, AttrSizedOperandSegments,
     DeclareOpInterfaceMethods<S2S_DecoderOpInterface, ["describeOutputs"]>]> {
  let summary = "LSTM decoder with readout and greedy search over tokens";
  let description = [{
    Runs the decoder stack from `init_h`/`init_c` (`[L_enc, B, H_enc]`),
    feeding back the embedding of each step's argmax token, for
    `min(max_out, max_length)` steps or until every sequence emitted `eos`.
    Operands: `embedding` (`[V, E]`), `layers` (per layer `w_ih`, `w_hh`,
    `b`), `readout` (`w_out [V, H]`, `b_out [V]`). Results: tokens `[B, S]`,
    lengths `[B]` (EOS included when emitted), logits `[B, S, V]`.
    Attributes `peek`, `first_input` and `init_state` follow SEMANTICS.md.
  }];
  let arguments = (ins 3DTensorOf<[F32]>:$init_h, 3DTensorOf<[F32]>:$init_c,
                       2DTensorOf<[F32]>:$context, Index:$max_out,
                       Variadic<RankedTensorOf<[F32]>>:$embedding,
                       Variadic<RankedTensorOf<[F32]>>:$layers,
                       Variadic<RankedTensorOf<[F32]>>:$readout,
                       I64Attr:$bos, I64Attr:$eos, I64Attr:$max_length,
                       S2S_GateActivationAttr:$gate_activation, S2S_PeekAttr:$peek,
                       S2S_FirstInputAttr:$first_input, S2S_InitStateAttr:$init_state);
  let results = (outs 2DTensorOf<[I32]>:$tokens, 1DTensorOf<[I32]>:$lengths,
                      3DTensorOf<[F32]>:$logits);
  let assemblyFormat = [{
    $init_h `,` $init_c `,` $context `,` $max_out
    `embedding` `(` ($embedding^ `:` type($embedding))? `)`
    `layers` `(` $layers `:` type($layers) `)`
    `readout` `(` $readout `:` type($readout) `)`
    attr-dict `:` type($init_h) `,` type($init_c) `,` type($context)
    `->` type($tokens) `,` type($lengths) `,` type($logits)
  }];
  let verifier = [{ return ::verify(*this); }];
  let extraClassDeclaration = [{
    int64_t getNumLayers() { return getLayers().size() / 3; }
  }];
}

def S2S_BeamDecoderOp : S2S_Op<"beam_decoder",
    [NoSideEffect, AttrSizedOperandSegments,
     DeclareOpInterfaceMethods<S2S_DecoderOpInterface, ["describeOutputs"]>]> {
  let summary = "LSTM decoder with readout and beam search over tokens";
  let description = [{
    The decoder of `s2s.greedy_decoder` (same operands and attributes)
    searched with a beam of width `beam_width` (K) per source sequence, as
    SEMANTICS.md 4 defines it, for `min(max_out, max_length)` steps at most.
    Results: the first K hypotheses of the finished set in rank order,
    tokens `[B, K, S]` (EOS included when emitted, then EOS padding),
    lengths `[B, K]` and ranking scores `[B, K]` (`S / lp(L)` with the
    `length_penalty` none, avg or gnmt and its exponent `alpha`).
  }];
  let arguments = (ins 3DTensorOf<[F32]>:$init_h, 3DTensorOf<[F32]>:$init_c,
                       2DTensorOf<[F32]>:$context, Index:$max_out,
                       Variadic<RankedTensorOf<[F32]>>:$embedding,
                       Variadic<RankedTensorOf<[F32]>>:$layers,
                       Variadic<RankedTensorOf<[F32]>>:$readout,
                       I64Attr:$bos, I64Attr:$eos, I64Attr:$max_length,
                       S2S_GateActivationAttr:$gate_activation, S2S_PeekAttr:$peek,
                       S2S_FirstInputAttr:$first_input, S2S_InitStateAttr:$init_state,
                       I64Attr:$beam_width, S2S_LengthPenaltyAttr:$length_penalty,
                       F64Attr:$alpha);
  let results = (outs 3DTensorOf<[I32]>:$tokens, 2DTensorOf<[I32]>:$lengths,
                      2DTensorOf<[F32]>:$scores);
  let assemblyFormat = [{
    $init_h `,` $init_c `,` $context `,` $max_out
    `embedding` `(` $embedding `:` type($embedding) `)`
    `layers` `(` $layers `:` type($layers) `)`
    `readout` `(` $readout `:` type($readout) `)`
    attr-dict `:` type($init_h) `,` type($init_c) `,` type($context)
    `->` type($tokens) `,` type($lengths) `,` type($scores)
  }];
  let verifier = [{ return ::verify(*this); }];
}

def S2S_DenseOp : S2S_Op<"dense", [NoSideEffect]> {
  let summary = "a Dense layer: act(x W^T + b)";
  let description = [{
    `x` is `[B, in]`, `weight` `[out, in]`, `bias` `[out]`; `activation` is
    `linear` or `tanh`. Used for the encoder's `context_projection`.
    ```mlir
    %p = s2s.dense %c, %w, %b {activation = "linear"}
        : tensor<?x32xf32>, tensor<16x32xf32>, tensor<16xf32> -> tensor<?x16xf32>
    ```
  }];
  let arguments = (ins 2DTensorOf<[F32]>:$x, 2DTensorOf<[F32]>:$weight,
                       1DTensorOf<[F32]>:$bias, S2S_ActivationAttr:$activation);
  let results = (outs 2DTensorOf<[F32]>:$result);
  let assemblyFormat = [{
    $x `,` $weight `,` $bias attr-dict `:` type($x) `,` type($weight) `,` type($bias)
    `->` type($result)
  }];
  let verifier = [{ return ::verify(*this); }];
}

def S2S_VectorDecoderOp : S2S_Op<"vector_decoder",
    [NoSideEffect, DeclareOpInterfaceMethods<S2S_DecoderOpInterface, ["describeOutputs"]>]> {
  let summary = "LSTM decoder emitting continuous vectors, each fed back";
  let description = [{
    The farizrahman4u/seq2seq family: `y_t = act(W_out h_t + b_out)` is both
    the output of step t and the feedback input of step t + 1, for
    `min(steps, max_length)` steps. Operands as for `s2s.greedy_decoder`,
    without an embedding. Result: `[B, S, dim]`.
  }];
  let arguments = (ins 3DTensorOf<[F32]>:$init_h, 3DTensorOf<[F32]>:$init_c,
                       2DTensorOf<[F32]>:$context, Index:$steps,
                       Variadic<RankedTensorOf<[F32]>>:$layers,
                       2DTensorOf<[F32]>:$w_out, 1DTensorOf<[F32]>:$b_out,
                       I64Attr:$max_length, S2S_ActivationAttr:$activation,
                       S2S_GateActivationAttr:$gate_activation, S2S_PeekAttr:$peek,
                       S2S_FirstInputAttr:$first_input, S2S_InitStateAttr:$init_state);
  let results = (outs 3DTensorOf<[F32]>:$outputs);
  let assemblyFormat = [{
    $init_h `,` $init_c `,` $context `,` $steps
    `layers` `(` $layers `:` type($layers) `)`
    `readout` `(` $w_out `,` $b_out `:` type($w_out) `,` type($b_out) `)`
    attr-dict `:` type($init_h) `,` type($init_c) `,` type($context) `->` type($outputs)
  }];
  let verifier = [{ return ::verify(*this); }];
  let extraClassDeclaration = [{
    int64_t getNumLayers() { return getLayers().size() / 3; }
  }];
}

//===----------------------------------------------------------------------===//
// Cell level: destination-passing ops on memrefs, called from time loops.
//===----------------------------------------------------------------------===//

// Weights between s2s-lower-to-cells and s2s-pack-weights: model-level
// values with the layout the kernels want, not yet memref.globals.
def S2S_WeightOp : S2S_Op<"weight", [NoSideEffect]> {
  let summary = "a weight in the canonical layout and the packing its reader wants";
  let description = [{
    `value` is in the layout of SEMANTICS.md (an LSTM layer's `W_ih [4H, in]`,
    gates i, f, g, o). With `transpose`, columns `[begin, end)` of a
    `[rows, cols]` value become `[end - begin, rows]` (`end` -1: `cols`);
    `rows` orders the 4H gate rows as s2s/Support/GateLayout.h lays them out
    (`gates`), or as the LstmStep kernel streams W_hh (`recurrent`).
    s2s-pack-weights turns each into a `memref.global` named `symbol`.
    ```mlir
    %w = s2s.weight "m_encoder_l0_w_ih_t" : memref<2x8xf32> = dense<...> : tensor<8x2xf32>
        {begin = 0 : i64, end = -1 : i64, rows = "gates", transpose}
    ```
  }];
  let arguments = (ins StrAttr:$symbol, FloatElementsAttr<32>:$value, UnitAttr:$transpose,
                       S2S_WeightRowsAttr:$rows, I64Attr:$begin, I64Attr:$end);
  let results = (outs MemRefOf<[F32]>:$result);
  let assemblyFormat = "$symbol `:` type($result) `=` $value attr-dict";
  let verifier = [{ return ::verify(*this); }];
}

def S2S_FoldInputProjectionOp : S2S_Op<"fold_input_projection", [NoSideEffect]> {
  let summary = "a decoder's layer-0 input projection folded into its embedding";
  let description = [{
    The `[V, 4H]` table whose row v is `bias + e_v W_ih^T`, from three
    `s2s.weight`s: `embedding [V, E]`, `wt [E, 4H]` and the optional `bias
    [4H]` (none: zeros). s2s-pack-weights computes it into a `memref.global`
    named `symbol`.
    ```mlir
    %t = s2s.fold_input_projection "m_decoder_l0_input_table" %e, %wt, %b
        : memref<24x16xf32>, memref<16x128xf32>, memref<128xf32> -> memref<24x128xf32>
    ```
  }];
  let arguments = (ins StrAttr:$symbol, MemRefRankOf<[F32], [2]>:$embedding,
                       MemRefRankOf<[F32], [2]>:$wt, Optional<MemRefRankOf<[F32], [1]>>:$bias);
  let results = (outs MemRefRankOf<[F32], [2]>:$result);
  let assemblyFormat = [{
    $symbol $embedding `,` $wt (`,` $bias^)? attr-dict `:` type($embedding) `,` type($wt)
    (`,` type($bias)^)? `->` type($result)
  }];
  let verifier = [{ return ::verify(*this); }];
}

// Operands a cell op reads or writes: its memory effects, which passes read
// through MemoryEffectOpInterface (hoisting, device residency).
class S2S_Reads<Type type> : Arg<type, "", [MemRead]>;
class S2S_Writes<Type type> : Arg<type, "", [MemWrite]>;

def S2S_GatherOp : S2S_Op<"gather"> {
  let summary = "out[n, :] = table[ids[n], :]";
  let description = [{
    ```mlir
    s2s.gather %ids, %table, %out : memref<?xi32>, memref<24x16xf32>, memref<?x16xf32>
    ```
  }];
  let arguments = (ins S2S_Reads<MemRefRankOf<[I32], [1]>>:$ids,
                       S2S_Reads<MemRefRankOf<[F32], [2]>>:$table,
                       S2S_Writes<MemRefRankOf<[F32], [2]>>:$out);
  let assemblyFormat = "$ids `,` $table `,` $out attr-dict `:` type($ids) `,` type($table) `,` type($out)";
  let verifier = [{ return ::verify(*this); }];
}

def S2S_SeqMatmulOp : S2S_Op<"seq_matmul"> {
  let summary = "input projection of a whole sequence: out = x W^T + bias";
  let description = [{
    `x` is `[N, K]` (N = T·B rows at once), `wt` is the weight packed
    transposed, `[K, J]`, `bias` is `[J]`, `out` is `[N, J]`.
    ```mlir
    s2s.seq_matmul %x, %wt, %b, %out : memref<?x16xf32>, memref<16x128xf32>, memref<128xf32>, memref<?x128xf32>
    ```
  }];
  let arguments = (ins S2S_Reads<MemRefRankOf<[F32], [2]>>:$x,
                       S2S_Reads<MemRefRankOf<[F32], [2]>>:$wt,
                       S2S_Reads<MemRefRankOf<[F32], [1]>>:$bias,
                       S2S_Writes<MemRefRankOf<[F32], [2]>>:$out,
                       DefaultValuedAttr<S2S_ActivationAttr, "::s2s::Activation::Linear">:$activation);
  let assemblyFormat = "$x `,` $wt `,` $bias `,` $out attr-dict `:` type($x) `,` type($wt) `,` type($bias) `,` type($out)";
  let verifier = [{ return ::verify(*this); }];
}

def S2S_SeqMatmulAddOp : S2S_Op<"seq_matmul_add"> {
  let summary = "projection plus a per-row addend: out = x W^T + addend";
  let description = [{
    The decoder's feedback projection when part of the input is loop
    invariant (peek): `addend` `[N, J]` holds the precomputed
    `W_c C + b`, so each step multiplies only the feedback part.
    ```mlir
    s2s.seq_matmul_add %y, %wt, %pc, %xg : memref<?x8xf32>, memref<8x128xf32>, memref<?x128xf32>, memref<?x128xf32>
    ```
  }];
  let arguments = (ins S2S_Reads<MemRefRankOf<[F32], [2]>>:$x,
                       S2S_Reads<MemRefRankOf<[F32], [2]>>:$wt,
                       S2S_Reads<MemRefRankOf<[F32], [2]>>:$addend,
                       S2S_Writes<MemRefRankOf<[F32], [2]>>:$out);
  let assemblyFormat = "$x `,` $wt `,` $addend `,` $out attr-dict `:` type($x) `,` type($wt) `,` type($addend) `,` type($out)";
  let verifier = [{ return ::verify(*this); }];
}

def S2S_LstmStepOp : S2S_Op<"lstm_step"> {
  let summary = "one fused LSTM step: recurrent product, gates and state update";
  let description = [{
    `xg` `[B, 4H]` holds the precomputed input gates `W_ih x + b`; `whht` is
    `W_hh` packed transposed, `[H, 4H]`. The 4H gate columns of both are in
    the gate layout of `s2s/Support/GateLayout.h` (units in blocks, the four
    gates of a block's units side by side); `whht` is further packed block by
    block so each block's strip is contiguous (`recurrentWeightIndex`). Rows with `t >= limit[b]` copy `h`
    and `c` through unchanged (sequence ended or not started).
    ```mlir
    s2s.lstm_step %xg, %whht, %h, %c, %limit, %t, %h2, %c2 {gate_activation = "sigmoid"}
        : memref<?x128xf32>, memref<32x128xf32>, memref<?x32xf32>, memref<?x32xf32>,
          memref<?xi32>, i32, memref<?x32xf32>, memref<?x32xf32>
    ```
  }];
  let arguments = (ins S2S_Reads<MemRefRankOf<[F32], [2]>>:$xg,
                       S2S_Reads<MemRefRankOf<[F32], [2]>>:$whht,
                       S2S_Reads<MemRefRankOf<[F32], [2]>>:$h,
                       S2S_Reads<MemRefRankOf<[F32], [2]>>:$c,
                       S2S_Reads<MemRefRankOf<[I32], [1]>>:$limit, I32:$t,
                       S2S_Writes<MemRefRankOf<[F32], [2]>>:$h_out,
                       S2S_Writes<MemRefRankOf<[F32], [2]>>:$c_out,
                       S2S_GateActivationAttr:$gate_activation);
  let assemblyFormat = [{
    $xg `,` $whht `,` $h `,` $c `,` $limit `,` $t `,` $h_out `,` $c_out attr-dict `:`
    type($xg) `,` type($whht) `,` type($h) `,` type($c) `,` type($limit) `,` type($t) `,`
    type($h_out) `,` type($c_out)
  }];
  let verifier = [{ return ::verify(*this); }];
}

def S2S_ProjectArgmaxOp : S2S_Op<"project_argmax"> {
  let summary = "readout fused with greedy choice: logits = W h + b, tokens = argmax";
  let description = [{
    `h` `[B, H]`, `wt` `[H, V]` (W_out packed transposed), `bias` `[V]`;
    writes `logits` `[B, V]` and `tokens` `[B]` (lowest index wins ties).
  }];
  let arguments = (ins S2S_Reads<MemRefRankOf<[F32], [2]>>:$h,
                       S2S_Reads<MemRefRankOf<[F32], [2]>>:$wt,
                       S2S_Reads<MemRefRankOf<[F32], [1]>>:$bias,
                       S2S_Writes<MemRefRankOf<[F32], [2]>>:$logits,
                       S2S_Writes<MemRefRankOf<[I32], [1]>>:$tokens);
  let assemblyFormat = [{
    $h `,` $wt `,` $bias `,` $logits `,` $tokens attr-dict `:` type($h) `,` type($wt) `,`
    type($bias) `,` type($logits) `,` type($tokens)
  }];
  let verifier = [{ return ::verify(*this); }];
}

def S2S_LogSoftmaxTopKOp : S2S_Op<"log_softmax_top_k"> {
  let summary = "beam search's candidates: the M best tokens of each row and their log-probabilities";
  let description = [{
    `logits` `[N, V]`; writes `tokens` `[N, M]`, the M best tokens of each
    row (logit descending, then token ascending), and `scores` `[N, M]`,
    `log_softmax(logits)` at them (SEMANTICS.md 4). M <= V.
    ```mlir
    s2s.log_softmax_top_k %logits, %scores, %tokens
        : memref<?x24xf32>, memref<?x5xf32>, memref<?x5xi32>
    ```
  }];
  let arguments = (ins S2S_Reads<MemRefRankOf<[F32], [2]>>:$logits,
                       S2S_Writes<MemRefRankOf<[F32], [2]>>:$scores,
                       S2S_Writes<MemRefRankOf<[I32], [2]>>:$tokens);
  let assemblyFormat = [{
    $logits `,` $scores `,` $tokens attr-dict `:` type($logits) `,` type($scores) `,` type($tokens)
  }];
  let verifier = [{ return ::verify(*this); }];
}

//===----------------------------------------------------------------------===//
// Kernel level: outlined Halide pipelines and the host's calls to them.
//===----------------------------------------------------------------------===//

def S2S_KernelOp : S2S_Op<"kernel", [Symbol]> {
  let summary = "declares one Halide pipeline compiled ahead of time";
  let description = [{
    `family` is one of `gather`, `matmul`, `matmul_add`, `lstm_step`,
    `project_argmax`, `log_softmax_top_k`; the static sizes it needs are
    integer attributes (gather: `embed`, `vocab`; matmul, matmul_add:
    `input`, `output`; lstm_step: `hidden`; project_argmax: `hidden`,
    `vocab`; log_softmax_top_k: `vocab`, `candidates`), plus
    `gate_activation` (lstm_step), `activation` (matmul) and `schedule`.
    Its last `getNumOutputs()` buffer arguments are the ones it writes.
    ```mlir
    s2s.kernel @basic_lstm_step_h32 {family = "lstm_step", hidden = 32 : i64,
                                     gate_activation = "sigmoid", schedule = "default"}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, S2S_KernelFamilyAttr:$family,
                       OptionalAttr<I64Attr>:$embed, OptionalAttr<I64Attr>:$vocab,
                       OptionalAttr<I64Attr>:$input, OptionalAttr<I64Attr>:$output,
                       OptionalAttr<I64Attr>:$hidden, OptionalAttr<I64Attr>:$candidates,
                       OptionalAttr<S2S_GateActivationAttr>:$gate_activation,
                       OptionalAttr<S2S_ActivationAttr>:$activation,
                       OptionalAttr<StrAttr>:$schedule);
  let assemblyFormat = "$sym_name attr-dict";
  let verifier = [{ return ::verify(*this); }];
  let extraClassDeclaration = [{
    /// How many trailing buffer arguments of a call the kernel writes
    /// (HalideBackend.h's ABI: inputs first, then outputs).
    unsigned getNumOutputs();
  }];
}

def S2S_KernelCallOp : S2S_Op<"kernel_call",
    [DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "calls an outlined kernel with memref and scalar arguments";
  let description = [{
    Memrefs become `halide_buffer_t`s (dimension 0 = the innermost memref
    dimension); scalars are passed by value. Non-zero results are reported
    through `status` (a `memref<1xi32>`), which keeps the first failure.
    Memory effects: reads every buffer, writes the kernel's outputs (the
    last `getNumOutputs()` buffers) and `status`.
    ```mlir
    s2s.kernel_call @basic_matmul_16x128(%x, %wt, %b, %out : memref<?x16xf32>,
        memref<16x128xf32>, memref<128xf32>, memref<?x128xf32>) status(%st : memref<1xi32>)
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$kernel, Variadic<AnyType>:$args,
                       MemRefRankOf<[I32], [1]>:$status);
  let assemblyFormat = [{
    $kernel `(` ($args^ `:` type($args))? `)` `status` `(` $status `:` type($status) `)` attr-dict
  }];
  let verifier = [{ return ::verify(*this); }];
}

def S2S_DeviceSyncOp : S2S_Op<"device_sync"> {
  let summary = "keeps a host allocation and its GPU copy consistent";
  let description = [{
    For kernels on a GPU (s2s-device-residency inserts these): `root` is a
    whole host allocation that kernels see through views. Actions:
    `to_device` before a kernel uses a view of it (allocates the device copy
    on first use, uploads only if the host wrote since); `device_wrote`
    after a kernel wrote a view of it; `to_host` before the host reads or
    writes it (downloads only if a kernel wrote since); `host_wrote` after
    the host wrote it; `release` frees the device copy. Failures are kept
    in `status`, as kernel calls keep theirs.
    ```mlir
    s2s.device_sync "to_device" %h : memref<?x32xf32> status(%st : memref<1xi32>)
    ```
  }];
  let arguments = (ins S2S_SyncActionAttr:$action, AnyMemRef:$root,
                       MemRefRankOf<[I32], [1]>:$status);
  let assemblyFormat = [{
    custom<SyncAction>($action) $root `:` type($root) `status` `(` $status `:` type($status) `)`
    attr-dict
  }];
  let verifier = [{ return ::verify(*this); }];
}

def S2S_IsAllocatedOp : S2S_Op<"is_allocated", [NoSideEffect]> {
  let summary = "whether a memref.alloc got its memory";
  let description = [{
    False when the allocation failed (out of memory, or a size whose bytes
    overflow): the host code then runs nothing and returns Halide's
    out-of-memory status (-3) instead of writing through a null pointer.
    ```mlir
    %ok = s2s.is_allocated %m : memref<?x32xf32>
    ```
  }];
  let arguments = (ins AnyMemRef:$memref);
  let results = (outs I1:$result);
  let assemblyFormat = "$memref attr-dict `:` type($memref)";
}

def S2S_ViewPointerOp : S2S_Op<"view_pointer", [NoSideEffect]> {
  let summary = "views a caller's raw C pointer as a dense row-major memref";
  let description = [{
    Used by the generated C API to hand user buffers to the host code
    without copying. The sizes are the dynamic dimensions, outermost first.
    ```mlir
    %m = s2s.view_pointer %p[%b, %t] : !llvm.ptr<i32> -> memref<?x?xi32>
    ```
  }];
  let arguments = (ins AnyType:$pointer, Variadic<Index>:$sizes);
  let results = (outs AnyMemRef:$result);
  let assemblyFormat = "$pointer `[` $sizes `]` attr-dict `:` type($pointer) `->` type($result)";
  let verifier = [{ return ::verify(*this); }];
}

#endif // S2S_OPS
