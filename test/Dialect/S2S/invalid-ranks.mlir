// RUN: s2s-opt %s -split-input-file -verify-diagnostics

// Weights and ids must be ranked tensors at the ODS level; the variadic
// weights may have any rank there, so the verifiers check every rank before
// they read any dimension, and name the offending type.

// embedding: unranked ids
func @f(%ids: tensor<*xi32>, %t: tensor<5x3xf32>) {
  // expected-error @+1 {{'s2s.embedding' op operand #0 must be ranked tensor of 32-bit signless integer values, but got 'tensor<*xi32>'}}
  %x = s2s.embedding %ids, %t : tensor<*xi32>, tensor<5x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// encoder: an unranked w_hh
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<*xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op operand #3 must be ranked tensor of 32-bit float values, but got 'tensor<*xf32>'}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<*xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: a rank-1 w_hh
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 0 w_hh of rank 2, got 'tensor<8xf32>'}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// greedy_decoder: an unranked w_hh
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<*xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op operand #6 must be ranked tensor of 32-bit float values, but got 'tensor<*xf32>'}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<*xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: a rank-1 w_hh
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects layer 0 w_hh of rank 2, got 'tensor<8xf32>'}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: an unranked b_out
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<*xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op operand #9 must be ranked tensor of 32-bit float values, but got 'tensor<*xf32>'}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<*xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: a rank-0 b_out
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<f32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects b_out of rank 1, got 'tensor<f32>'}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<f32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// encoder: every rank is checked before any size (layer 0's w_ih and the
// layer count of h are wrong too)
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<12x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>, %w5: tensor<8x1xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 1 b of rank 1, got 'tensor<8x1xf32>'}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2, %w1, %w1, %w5) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<12x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<8x1xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// vector_decoder: an unranked w_hh
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<*xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op operand #5 must be ranked tensor of 32-bit float values, but got 'tensor<*xf32>'}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<*xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: a rank-1 w_ih
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<24xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects layer 0 w_ih of rank 2, got 'tensor<24xf32>'}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<24xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: w_out is 2-D at the ODS level
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<6xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op operand #7 must be 2D tensor of 32-bit float values, but got 'tensor<6xf32>'}}
  %y = "s2s.vector_decoder"(%h, %h, %ctx, %n, %wi, %wh, %b, %wo, %bo)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32>, index, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6xf32>, tensor<3xf32>) -> tensor<?x?x3xf32>
  return
}

// -----

// dense: weight is 2-D at the ODS level
func @f(%x: tensor<?x2xf32>, %w: tensor<6xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.dense' op operand #1 must be 2D tensor of 32-bit float values, but got 'tensor<6xf32>'}}
  %p = "s2s.dense"(%x, %w, %b) {activation = "linear"} : (tensor<?x2xf32>, tensor<6xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return
}

// -----

// seq_matmul_add: the addend is 2-D at the ODS level
func @f(%x: memref<?x3xf32>, %wt: memref<3x8xf32>, %pc: memref<8xf32>, %out: memref<?x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul_add' op operand #2 must be 2D memref of 32-bit float values, but got 'memref<8xf32>'}}
  "s2s.seq_matmul_add"(%x, %wt, %pc, %out) : (memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>) -> ()
  return
}
