// RUN: s2s-opt %s -split-input-file -s2s-lower-to-cells -verify-diagnostics

// Models that are valid IR but that s2s-lower-to-cells cannot lower: each
// gets one error at the op to blame.

// A weight that is not a constant.
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "m"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh0 = arith.constant dense<0.5> : tensor<4x1xf32>
  // expected-error @+1 {{expects weight 'encoder_l0_w_hh_t' to be a dense f32 constant}}
  %wh = arith.addf %wh0, %wh0 : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// A context projection whose weight is not a constant.
func @m(%src: tensor<?x?x2xf32>, %len: tensor<?xi32>, %steps: index)
    -> tensor<?x?x2xf32> attributes {s2s.model = "m"} {
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %src, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %pw0 = arith.constant dense<1.0> : tensor<2x1xf32>
  // expected-error @+1 {{expects weight 'context_projection_w_t' to be a dense f32 constant}}
  %pw = arith.mulf %pw0, %pw0 : tensor<2x1xf32>
  %pb = arith.constant dense<0.0> : tensor<2xf32>
  %p = s2s.dense %ctx, %pw, %pb {activation = "linear"}
      : tensor<?x1xf32>, tensor<2x1xf32>, tensor<2xf32> -> tensor<?x2xf32>
  %wo = arith.constant dense<1.0> : tensor<2x1xf32>
  %y = s2s.vector_decoder %h, %c, %p, %steps
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %pb : tensor<2x1xf32>, tensor<2xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64,
       peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x2xf32> -> tensor<?x?x2xf32>
  return %y : tensor<?x?x2xf32>
}

// -----

// The context must be the encoder's (here a constant of the right size,
// valid for peek add with an embedding of size 2).
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "m"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = arith.constant dense<0.0> : tensor<1x2xf32>
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  // expected-error @+1 {{expects the context to be s2s.context of the encoder's h, optionally through one s2s.dense}}
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "add", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<1x2xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// An s2s.dense that does not project the encoder's context.
func @m(%src: tensor<?x?x2xf32>, %len: tensor<?xi32>, %steps: index, %other: tensor<?x1xf32>)
    -> tensor<?x?x2xf32> attributes {s2s.model = "m"} {
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %src, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %pw = arith.constant dense<1.0> : tensor<2x1xf32>
  %pb = arith.constant dense<0.0> : tensor<2xf32>
  %p = s2s.dense %other, %pw, %pb {activation = "linear"}
      : tensor<?x1xf32>, tensor<2x1xf32>, tensor<2xf32> -> tensor<?x2xf32>
  %wo = arith.constant dense<1.0> : tensor<2x1xf32>
  // expected-error @+1 {{expects the context to be s2s.context of the encoder's h, optionally through one s2s.dense}}
  %y = s2s.vector_decoder %h, %c, %p, %steps
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %pb : tensor<2x1xf32>, tensor<2xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64,
       peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x2xf32> -> tensor<?x?x2xf32>
  return %y : tensor<?x?x2xf32>
}

// -----

// The encoder must read the model's own lengths argument.
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index, %len2: tensor<?xi32>)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "m"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  // expected-error @+1 {{expects the encoder to read the model's source (first argument, directly or through s2s.embedding) and lengths (second argument)}}
  %h, %c = s2s.encoder %x, %len2 weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// A vector source must be the model's first argument itself.
func @m(%src: tensor<?x?x2xf32>, %len: tensor<?xi32>, %steps: index, %src2: tensor<?x?x2xf32>)
    -> tensor<?x?x2xf32> attributes {s2s.model = "m"} {
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  // expected-error @+1 {{expects the encoder to read the model's source (first argument, directly or through s2s.embedding) and lengths (second argument)}}
  %h, %c = s2s.encoder %src2, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %wo = arith.constant dense<1.0> : tensor<2x1xf32>
  %bo = arith.constant dense<0.0> : tensor<2xf32>
  %y = s2s.vector_decoder %h, %c, %ctx, %steps
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<2x1xf32>, tensor<2xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64,
       peek = "none", first_input = "zeros", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?x2xf32>
  return %y : tensor<?x?x2xf32>
}

// -----

// The decoder must start from an encoder's state.
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index, %h: tensor<1x?x1xf32>,
        %c: tensor<1x?x1xf32>, %ctx: tensor<?x1xf32>)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "m"} {
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  // expected-error @+1 {{expects init_h and init_c to be the results of one s2s.encoder}}
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// A model function without a decoder.
// expected-error @+1 {{expects exactly one decoder (s2s.greedy_decoder, s2s.beam_decoder or s2s.vector_decoder) in a model function}}
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index) attributes {s2s.model = "m"} {
  return
}

// -----

// A model function with two decoders.
// expected-error @+1 {{expects exactly one decoder (s2s.greedy_decoder, s2s.beam_decoder or s2s.vector_decoder) in a model function}}
func @m(%src: tensor<?x?x2xf32>, %len: tensor<?xi32>, %steps: index)
    -> (tensor<?x?x2xf32>, tensor<?x?x2xf32>) attributes {s2s.model = "m"} {
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %src, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %wo = arith.constant dense<1.0> : tensor<2x1xf32>
  %bo = arith.constant dense<0.0> : tensor<2xf32>
  %y = s2s.vector_decoder %h, %c, %ctx, %steps
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<2x1xf32>, tensor<2xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64,
       peek = "none", first_input = "zeros", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?x2xf32>
  %y2 = s2s.vector_decoder %h, %c, %ctx, %steps
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<2x1xf32>, tensor<2xf32>)
      {activation = "tanh", gate_activation = "sigmoid", max_length = 4 : i64,
       peek = "none", first_input = "zeros", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?x2xf32>
  return %y, %y2 : tensor<?x?x2xf32>, tensor<?x?x2xf32>
}

// -----

// An s2s op that no pattern lowers.
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "m"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %m = memref.alloc() : memref<4xf32>
  // expected-error @+1 {{s2s-lower-to-cells has no lowering for 's2s.is_allocated'}}
  %ok = s2s.is_allocated %m : memref<4xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// A second encoder, beside the one the decoder reads, of something else.
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "m"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %y = arith.constant dense<1.0> : tensor<2x3x2xf32>
  // expected-error @+1 {{expects the encoder to read the model's source (first argument, directly or through s2s.embedding) and lengths (second argument)}}
  %h2, %c2 = s2s.encoder %y, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<2x3x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x2x1xf32>, tensor<1x2x1xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// A second context, of no encoder.
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "m"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %k = arith.constant dense<1.0> : tensor<1x2x1xf32>
  // expected-error @+1 {{expects the h of an s2s.encoder}}
  %ctx2 = s2s.context %k : tensor<1x2x1xf32> -> tensor<2x1xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// A second dense, of something other than the context.
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "m"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<1.0> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %k = arith.constant dense<1.0> : tensor<2x1xf32>
  %dw = arith.constant dense<1.0> : tensor<1x1xf32>
  %db = arith.constant dense<0.0> : tensor<1xf32>
  // expected-error @+1 {{expects s2s.dense to project the context (an s2s.context)}}
  %p = s2s.dense %k, %dw, %db {activation = "tanh"} : tensor<2x1xf32>, tensor<1x1xf32>, tensor<1xf32> -> tensor<2x1xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}
