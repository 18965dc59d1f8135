// RUN: s2s-opt %s -split-input-file -s2s-lower-to-cells -verify-diagnostics

// Models that are valid IR but that s2s-lower-to-cells cannot lower: each
// gets one error at the op to blame. greedy_decoder is in generic form.

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
  %t, %l, %g = "s2s.greedy_decoder"(%h, %c, %ctx, %max, %tgt, %wi, %wh, %b, %wo, %bo)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32>, index, tensor<3x2xf32>,
         tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<3x1xf32>, tensor<3xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>)
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// peek add is valid IR but not lowered yet.
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
  // expected-error @+1 {{peek 'add' with first_input 'bos' is not supported yet (only peek none, first_input bos)}}
  %t, %l, %g = "s2s.greedy_decoder"(%h, %c, %ctx, %max, %tgt, %wi, %wh, %b, %wo, %bo)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "add", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<1x2xf32>, index, tensor<3x2xf32>,
         tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<3x1xf32>, tensor<3xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>)
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
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
  // expected-error @+1 {{expects a token source: the encoder input must be the embedding of the model's first argument}}
  %h, %c = s2s.encoder %x, %len2 weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<1.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %t, %l, %g = "s2s.greedy_decoder"(%h, %c, %ctx, %max, %tgt, %wi, %wh, %b, %wo, %bo)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32>, index, tensor<3x2xf32>,
         tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<3x1xf32>, tensor<3xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>)
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
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
  %t, %l, %g = "s2s.greedy_decoder"(%h, %c, %ctx, %max, %tgt, %wi, %wh, %b, %wo, %bo)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32>, index, tensor<3x2xf32>,
         tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<3x1xf32>, tensor<3xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>)
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// A model function without a decoder.
// expected-error @+1 {{expects exactly one s2s.greedy_decoder in a model function}}
func @m(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index) attributes {s2s.model = "m"} {
  return
}
