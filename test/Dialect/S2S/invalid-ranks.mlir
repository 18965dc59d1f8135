// RUN: s2s-opt %s -split-input-file -verify-diagnostics

// Operands whose ODS type allows any rank (the variadic weights, embedding
// ids): the verifiers must reject a wrong or unknown rank with a message,
// never read a dimension that is not there.

// The message must name the offending type, whatever its wording.
func @f(%ids: tensor<*xi32>, %t: tensor<5x3xf32>) {
  // expected-error @+1 {{got 'tensor<*xi32>'}}
  %x = s2s.embedding %ids, %t : tensor<*xi32>, tensor<5x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// encoder: an unranked w_hh
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<*xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 0 w_hh of rank 2, got 'tensor<*xf32>'}}
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
  // expected-error @+1 {{'s2s.greedy_decoder' op expects layer 0 w_hh of rank 2, got 'tensor<*xf32>'}}
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
  // expected-error @+1 {{'s2s.greedy_decoder' op expects b_out of rank 1, got 'tensor<*xf32>'}}
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
