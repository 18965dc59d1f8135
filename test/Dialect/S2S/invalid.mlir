// RUN: s2s-opt %s -split-input-file -verify-diagnostics

// One case per verifier branch of S2SOps.cpp, with its exact message.
// Older cases use the generic form, newer ones the custom form: both parse.

// embedding: result rank
func @f(%ids: tensor<4x?xi32>, %t: tensor<5x3xf32>) {
  // expected-error @+1 {{'s2s.embedding' op expects a result of rank 3 (ids rank + 1), got 'tensor<4x3xf32>'}}
  %x = s2s.embedding %ids, %t : tensor<4x?xi32>, tensor<5x3xf32> -> tensor<4x3xf32>
  return
}

// -----

// embedding: result dims follow ids
func @f(%ids: tensor<4x?xi32>, %t: tensor<5x3xf32>) {
  // expected-error @+1 {{'s2s.embedding' op expects result dimension 0 to be 4 (ids), got 5}}
  %x = s2s.embedding %ids, %t : tensor<4x?xi32>, tensor<5x3xf32> -> tensor<5x?x3xf32>
  return
}

// -----

// embedding: last result dim is the table's embedding size
func @f(%ids: tensor<4x?xi32>, %t: tensor<5x3xf32>) {
  // expected-error @+1 {{'s2s.embedding' op expects result dimension 2 to be 3 (embedding size of the table), got 4}}
  %x = s2s.embedding %ids, %t : tensor<4x?xi32>, tensor<5x3xf32> -> tensor<4x?x4xf32>
  return
}

// -----

// encoder: gate activation
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op attribute 'gate_activation' failed to satisfy constraint: gate activation: sigmoid, hard_sigmoid or hard_sigmoid_v3}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "relu"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: weights come in threes
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects 3 weights per layer (w_ih, w_hh, b), got 2}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: h has one row block per layer
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects h dimension 0 to be 1 (number of layers), got 2}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<2x4x2xf32>, tensor<2x4x2xf32>
  return
}

// -----

// encoder: c has one row block per layer
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects c dimension 0 to be 1 (number of layers), got 2}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<2x4x2xf32>
  return
}

// -----

// encoder: h and c agree
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects h and c of the same type, got 'tensor<1x4x2xf32>' and 'tensor<1x?x2xf32>'}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x?x2xf32>
  return
}

// -----

// encoder: h hidden size
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects h dimension 2 to be 2 (hidden size of w_hh), got 3}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x4x3xf32>, tensor<1x4x3xf32>
  return
}

// -----

// encoder: h batch
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects h dimension 1 to be 4 (batch of input), got 5}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x5x2xf32>, tensor<1x5x2xf32>
  return
}

// -----

// encoder: lengths batch
func @f(%x: tensor<4x?x3xf32>, %len: tensor<5xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects lengths dimension 0 to be 4 (batch of input), got 5}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<5xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: w_ih rank
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<24xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 0 w_ih of rank 2, got 'tensor<24xf32>'}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<24xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: b rank
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8x1xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 0 b of rank 1, got 'tensor<8x1xf32>'}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8x1xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: w_ih rows
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<12x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 0 w_ih dimension 0 to be 8 (4 x hidden), got 12}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<12x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: w_ih columns
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x4xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 0 w_ih dimension 1 to be 3 (layer input size), got 4}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: w_hh rows
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<12x2xf32>, %w2: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 0 w_hh dimension 0 to be 8 (4 x hidden), got 12}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<12x2xf32>, tensor<8xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: b size
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<12xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 0 b dimension 0 to be 8 (4 x hidden), got 12}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<12xf32> -> tensor<1x4x2xf32>, tensor<1x4x2xf32>
  return
}

// -----

// encoder: layer 1 reads layer 0's hidden state
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>, %w3: tensor<8x3xf32>, %w4: tensor<8x2xf32>, %w5: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 1 w_ih dimension 1 to be 2 (layer input size), got 3}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2, %w3, %w4, %w5) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<2x4x2xf32>, tensor<2x4x2xf32>
  return
}

// -----

// encoder: every layer has the same hidden size
func @f(%x: tensor<4x?x3xf32>, %len: tensor<4xi32>, %w0: tensor<8x3xf32>, %w1: tensor<8x2xf32>, %w2: tensor<8xf32>, %w3: tensor<8x2xf32>, %w4: tensor<8x3xf32>, %w5: tensor<8xf32>) {
  // expected-error @+1 {{'s2s.encoder' op expects layer 1 w_hh dimension 1 to be 2 (hidden), got 3}}
  %h, %c = s2s.encoder %x, %len weights(%w0, %w1, %w2, %w3, %w4, %w5) {gate_activation = "sigmoid"}
      : tensor<4x?x3xf32>, tensor<4xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8x2xf32>, tensor<8x3xf32>, tensor<8xf32> -> tensor<2x4x2xf32>, tensor<2x4x2xf32>
  return
}

// -----

// context: batch
func @f(%h: tensor<1x4x2xf32>) {
  // expected-error @+1 {{'s2s.context' op expects context dimension 0 to be 4 (batch of h), got 5}}
  %c = s2s.context %h : tensor<1x4x2xf32> -> tensor<5x2xf32>
  return
}

// -----

// context: hidden size
func @f(%h: tensor<1x4x2xf32>) {
  // expected-error @+1 {{'s2s.context' op expects context dimension 1 to be 2 (hidden size of h), got 3}}
  %c = s2s.context %h : tensor<1x4x2xf32> -> tensor<4x3xf32>
  return
}

// -----

// dense: activation
func @f(%x: tensor<4x2xf32>, %w: tensor<3x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.dense' op attribute 'activation' failed to satisfy constraint: activation: linear or tanh}}
  %p = s2s.dense %x, %w, %b {activation = "relu"} : tensor<4x2xf32>, tensor<3x2xf32>, tensor<3xf32> -> tensor<4x3xf32>
  return
}

// -----

// dense: weight columns are the input size
func @f(%x: tensor<4x2xf32>, %w: tensor<3x5xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.dense' op expects weight dimension 1 to be 2 (input size of x), got 5}}
  %p = s2s.dense %x, %w, %b {activation = "linear"} : tensor<4x2xf32>, tensor<3x5xf32>, tensor<3xf32> -> tensor<4x3xf32>
  return
}

// -----

// dense: bias
func @f(%x: tensor<4x2xf32>, %w: tensor<3x2xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'s2s.dense' op expects bias dimension 0 to be 3 (output size), got 4}}
  %p = s2s.dense %x, %w, %b {activation = "linear"} : tensor<4x2xf32>, tensor<3x2xf32>, tensor<4xf32> -> tensor<4x3xf32>
  return
}

// -----

// dense: result columns
func @f(%x: tensor<4x2xf32>, %w: tensor<3x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.dense' op expects result dimension 1 to be 3 (output size), got 4}}
  %p = s2s.dense %x, %w, %b {activation = "linear"} : tensor<4x2xf32>, tensor<3x2xf32>, tensor<3xf32> -> tensor<4x4xf32>
  return
}

// -----

// dense: result rows
func @f(%x: tensor<4x2xf32>, %w: tensor<3x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.dense' op expects result dimension 0 to be 4 (rows of x), got 5}}
  %p = s2s.dense %x, %w, %b {activation = "tanh"} : tensor<4x2xf32>, tensor<3x2xf32>, tensor<3xf32> -> tensor<5x3xf32>
  return
}

// -----

// greedy_decoder: gate activation
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op attribute 'gate_activation' failed to satisfy constraint: gate activation: sigmoid, hard_sigmoid or hard_sigmoid_v3}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "tanh", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: peek
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op attribute 'peek' failed to satisfy constraint: peek: none, concat or add}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "sum", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: first_input
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op attribute 'first_input' failed to satisfy constraint: first_input: bos, context or zeros}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "eos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: init_state
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op attribute 'init_state' failed to satisfy constraint: init_state: encoder, top or zeros}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "random",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: one embedding table
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<8x3xf32>, %a5: tensor<8x2xf32>, %a6: tensor<8xf32>, %a7: tensor<6x2xf32>, %a8: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects 1 embedding table for a token decoder, got 0}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 0, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: layer weights come in threes
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<6x2xf32>, %a8: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects 3 layer weights per layer (w_ih, w_hh, b), got 2}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 2, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: readout
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects 2 readout weights (w_out, b_out), got 1}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 1]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: embedding rank
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<18xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects embedding of rank 2, got 'tensor<18xf32>'}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<18xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: layer weights
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<12x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects layer 0 w_hh dimension 0 to be 8 (4 x hidden), got 12}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<12x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: layer 0 input is the embedding (the feedback)
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x4xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects layer 0 w_ih dimension 1 to be 3 (layer input size), got 4}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: peek concat appends the context (3 + 2 columns)
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects layer 0 w_ih dimension 1 to be 5 (layer input size), got 3}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "concat", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: peek add needs context size = embedding size
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects context dimension 1 to be 3 (feedback size, for peek add or first_input context), got 2}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "add", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: first_input context feeds C where the embedding goes
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %n: index, %e: tensor<6x3xf32>, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<6x2xf32>, %bo: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects context dimension 1 to be 3 (feedback size, for peek add or first_input context), got 2}}
  %t, %l, %g = s2s.greedy_decoder %h, %h, %ctx, %n embedding(%e : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>
  return
}

// -----

// greedy_decoder: w_out rank
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<12xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects w_out of rank 2, got 'tensor<12xf32>'}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<12xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: w_out rows
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<7x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects w_out dimension 0 to be 6 (vocabulary of the embedding), got 7}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<7x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: w_out columns
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x3xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects w_out dimension 1 to be 2 (decoder hidden size), got 3}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x3xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: b_out
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<7xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects b_out dimension 0 to be 6 (vocabulary), got 7}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<7xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: logits
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects logits dimension 2 to be 6 (vocabulary), got 7}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x7xf32>)
  return
}

// -----

// greedy_decoder: init_state encoder, layer count
func @f(%a0: tensor<2x?x2xf32>, %a1: tensor<2x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects init_h dimension 0 to be 1 (decoder layers, for init_state encoder), got 2}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<2x?x2xf32>, tensor<2x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: init_state encoder, hidden size
func @f(%a0: tensor<1x?x3xf32>, %a1: tensor<1x?x3xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects init_h dimension 2 to be 2 (decoder hidden size, for init_state encoder), got 3}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x3xf32>, tensor<1x?x3xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: init_state top, hidden size
func @f(%a0: tensor<2x?x3xf32>, %a1: tensor<2x?x3xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects init_h dimension 2 to be 2 (decoder hidden size, for init_state top), got 3}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "top",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<2x?x3xf32>, tensor<2x?x3xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: bos
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects bos in 0..5, got 6}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 6 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: eos
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects eos in 0..5, got -1}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = -1 : i64, max_length = 4 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// greedy_decoder: max_length
func @f(%a0: tensor<1x?x2xf32>, %a1: tensor<1x?x2xf32>, %a2: tensor<?x2xf32>, %a3: index, %a4: tensor<6x3xf32>, %a5: tensor<8x3xf32>, %a6: tensor<8x2xf32>, %a7: tensor<8xf32>, %a8: tensor<6x2xf32>, %a9: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.greedy_decoder' op expects max_length >= 1, got 0}}
  %t, %l, %g = "s2s.greedy_decoder"(%a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9)
      {bos = 1 : i64, eos = 2 : i64, max_length = 0 : i64, gate_activation = "sigmoid", peek = "none", first_input = "bos", init_state = "encoder",
       operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>}
      : (tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32>, index, tensor<6x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<6x2xf32>, tensor<6xf32>)
      -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>)
  return
}

// -----

// vector_decoder: readout activation
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op attribute 'activation' failed to satisfy constraint: activation: linear or tanh}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "sigmoid", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: no start token
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects first_input context or zeros: a vector decoder has no start token}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: gate activation
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op attribute 'gate_activation' failed to satisfy constraint: gate activation: sigmoid, hard_sigmoid or hard_sigmoid_v3}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "tanh", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: peek
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op attribute 'peek' failed to satisfy constraint: peek: none, concat or add}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "sum", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: first_input
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op attribute 'first_input' failed to satisfy constraint: first_input: bos, context or zeros}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "eos", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: init_state
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op attribute 'init_state' failed to satisfy constraint: init_state: encoder, top or zeros}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "random"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: layer weights come in threes
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects 3 layer weights per layer (w_ih, w_hh, b), got 2}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh : tensor<8x3xf32>, tensor<8x2xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: layer 0 input is the fed-back output (w_out rows)
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x4xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects layer 0 w_ih dimension 1 to be 3 (layer input size), got 4}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: peek concat appends the context (3 + 3 columns)
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects layer 0 w_ih dimension 1 to be 6 (layer input size), got 3}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "concat", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: peek add needs context size = output size
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects context dimension 1 to be 3 (feedback size, for peek add or first_input context), got 2}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "add", first_input = "zeros", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: first_input context needs context size = output size
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects context dimension 1 to be 3 (feedback size, for peek add or first_input context), got 2}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: init_state encoder, layer count
func @f(%h: tensor<2x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects init_h dimension 0 to be 1 (decoder layers, for init_state encoder), got 2}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<2x?x2xf32>, tensor<2x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: init_state top, hidden size
func @f(%h: tensor<2x?x5xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects init_h dimension 2 to be 2 (decoder hidden size, for init_state top), got 5}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "top"}
      : tensor<2x?x5xf32>, tensor<2x?x5xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: w_out columns
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x5xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects w_out dimension 1 to be 2 (decoder hidden size), got 5}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x5xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: b_out
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<4xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects b_out dimension 0 to be 3 (output size of w_out), got 4}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<4xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// vector_decoder: outputs
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects outputs dimension 2 to be 3 (output size of w_out), got 4}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 4 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x4xf32>
  return
}

// -----

// vector_decoder: max_length
func @f(%h: tensor<1x?x2xf32>, %ctx: tensor<?x3xf32>, %n: index, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>, %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) {
  // expected-error @+1 {{'s2s.vector_decoder' op expects max_length >= 1, got 0}}
  %y = s2s.vector_decoder %h, %h, %ctx, %n layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "linear", gate_activation = "sigmoid", max_length = 0 : i64, peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return
}

// -----

// gather: one row per id
func @f(%a0: memref<4xi32>, %a1: memref<5x3xf32>, %a2: memref<5x3xf32>) {
  // expected-error @+1 {{'s2s.gather' op expects out dimension 0 to be 4 (number of ids), got 5}}
  s2s.gather %a0, %a1, %a2 : memref<4xi32>, memref<5x3xf32>, memref<5x3xf32>
  return
}

// -----

// gather: row size
func @f(%a0: memref<4xi32>, %a1: memref<5x3xf32>, %a2: memref<4x4xf32>) {
  // expected-error @+1 {{'s2s.gather' op expects out dimension 1 to be 3 (embedding size of the table), got 4}}
  s2s.gather %a0, %a1, %a2 : memref<4xi32>, memref<5x3xf32>, memref<4x4xf32>
  return
}

// -----

// seq_matmul: wt rows
func @f(%a0: memref<?x3xf32>, %a1: memref<4x8xf32>, %a2: memref<8xf32>, %a3: memref<?x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul' op expects wt dimension 0 to be 3 (input size of x), got 4}}
  s2s.seq_matmul %a0, %a1, %a2, %a3 : memref<?x3xf32>, memref<4x8xf32>, memref<8xf32>, memref<?x8xf32>
  return
}

// -----

// seq_matmul: bias
func @f(%a0: memref<?x3xf32>, %a1: memref<3x8xf32>, %a2: memref<7xf32>, %a3: memref<?x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul' op expects bias dimension 0 to be 8 (output size of wt), got 7}}
  s2s.seq_matmul %a0, %a1, %a2, %a3 : memref<?x3xf32>, memref<3x8xf32>, memref<7xf32>, memref<?x8xf32>
  return
}

// -----

// seq_matmul: out rows
func @f(%a0: memref<4x3xf32>, %a1: memref<3x8xf32>, %a2: memref<8xf32>, %a3: memref<5x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul' op expects out dimension 0 to be 4 (rows of x), got 5}}
  s2s.seq_matmul %a0, %a1, %a2, %a3 : memref<4x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<5x8xf32>
  return
}

// -----

// seq_matmul: out columns
func @f(%a0: memref<?x3xf32>, %a1: memref<3x8xf32>, %a2: memref<8xf32>, %a3: memref<?x7xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul' op expects out dimension 1 to be 8 (output size of wt), got 7}}
  s2s.seq_matmul %a0, %a1, %a2, %a3 : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x7xf32>
  return
}

// -----

// seq_matmul: activation
func @f(%a0: memref<?x3xf32>, %a1: memref<3x8xf32>, %a2: memref<8xf32>, %a3: memref<?x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul' op attribute 'activation' failed to satisfy constraint: activation: linear or tanh}}
  s2s.seq_matmul %a0, %a1, %a2, %a3 {activation = "sigmoid"} : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>
  return
}

// -----

// seq_matmul_add: wt rows
func @f(%a0: memref<?x3xf32>, %a1: memref<4x8xf32>, %a2: memref<?x8xf32>, %a3: memref<?x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul_add' op expects wt dimension 0 to be 3 (input size of x), got 4}}
  s2s.seq_matmul_add %a0, %a1, %a2, %a3 : memref<?x3xf32>, memref<4x8xf32>, memref<?x8xf32>, memref<?x8xf32>
  return
}

// -----

// seq_matmul_add: out rows
func @f(%a0: memref<4x3xf32>, %a1: memref<3x8xf32>, %a2: memref<4x8xf32>, %a3: memref<5x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul_add' op expects out dimension 0 to be 4 (rows of x), got 5}}
  s2s.seq_matmul_add %a0, %a1, %a2, %a3 : memref<4x3xf32>, memref<3x8xf32>, memref<4x8xf32>, memref<5x8xf32>
  return
}

// -----

// seq_matmul_add: out columns
func @f(%a0: memref<?x3xf32>, %a1: memref<3x8xf32>, %a2: memref<?x8xf32>, %a3: memref<?x7xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul_add' op expects out dimension 1 to be 8 (output size of wt), got 7}}
  s2s.seq_matmul_add %a0, %a1, %a2, %a3 : memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x7xf32>
  return
}

// -----

// seq_matmul_add: addend rows
func @f(%a0: memref<4x3xf32>, %a1: memref<3x8xf32>, %a2: memref<5x8xf32>, %a3: memref<4x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul_add' op expects addend dimension 0 to be 4 (rows of x), got 5}}
  s2s.seq_matmul_add %a0, %a1, %a2, %a3 : memref<4x3xf32>, memref<3x8xf32>, memref<5x8xf32>, memref<4x8xf32>
  return
}

// -----

// seq_matmul_add: addend columns
func @f(%a0: memref<?x3xf32>, %a1: memref<3x8xf32>, %a2: memref<?x7xf32>, %a3: memref<?x8xf32>) {
  // expected-error @+1 {{'s2s.seq_matmul_add' op expects addend dimension 1 to be 8 (output size of wt), got 7}}
  s2s.seq_matmul_add %a0, %a1, %a2, %a3 : memref<?x3xf32>, memref<3x8xf32>, memref<?x7xf32>, memref<?x8xf32>
  return
}

// -----

// lstm_step: gate activation
func @f(%a0: memref<4x8xf32>, %a1: memref<2x8xf32>, %a2: memref<4x2xf32>, %a3: memref<4x2xf32>, %a4: memref<4xi32>, %a5: i32, %a6: memref<4x2xf32>, %a7: memref<4x2xf32>) {
  // expected-error @+1 {{'s2s.lstm_step' op attribute 'gate_activation' failed to satisfy constraint: gate activation: sigmoid, hard_sigmoid or hard_sigmoid_v3}}
  s2s.lstm_step %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7 {gate_activation = "relu"} : memref<4x8xf32>, memref<2x8xf32>, memref<4x2xf32>, memref<4x2xf32>, memref<4xi32>, i32, memref<4x2xf32>, memref<4x2xf32>
  return
}

// -----

// lstm_step: whht is [H, 4H]
func @f(%a0: memref<4x8xf32>, %a1: memref<2x6xf32>, %a2: memref<4x2xf32>, %a3: memref<4x2xf32>, %a4: memref<4xi32>, %a5: i32, %a6: memref<4x2xf32>, %a7: memref<4x2xf32>) {
  // expected-error @+1 {{'s2s.lstm_step' op expects whht dimension 1 to be 8 (4 x hidden), got 6}}
  s2s.lstm_step %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7 {gate_activation = "sigmoid"} : memref<4x8xf32>, memref<2x6xf32>, memref<4x2xf32>, memref<4x2xf32>, memref<4xi32>, i32, memref<4x2xf32>, memref<4x2xf32>
  return
}

// -----

// lstm_step: xg columns
func @f(%a0: memref<4x12xf32>, %a1: memref<2x8xf32>, %a2: memref<4x2xf32>, %a3: memref<4x2xf32>, %a4: memref<4xi32>, %a5: i32, %a6: memref<4x2xf32>, %a7: memref<4x2xf32>) {
  // expected-error @+1 {{'s2s.lstm_step' op expects xg dimension 1 to be 8 (4 x hidden), got 12}}
  s2s.lstm_step %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7 {gate_activation = "sigmoid"} : memref<4x12xf32>, memref<2x8xf32>, memref<4x2xf32>, memref<4x2xf32>, memref<4xi32>, i32, memref<4x2xf32>, memref<4x2xf32>
  return
}

// -----

// lstm_step: xg rows
func @f(%a0: memref<5x8xf32>, %a1: memref<2x8xf32>, %a2: memref<4x2xf32>, %a3: memref<4x2xf32>, %a4: memref<4xi32>, %a5: i32, %a6: memref<4x2xf32>, %a7: memref<4x2xf32>) {
  // expected-error @+1 {{'s2s.lstm_step' op expects xg dimension 0 to be 4 (batch of h), got 5}}
  s2s.lstm_step %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7 {gate_activation = "sigmoid"} : memref<5x8xf32>, memref<2x8xf32>, memref<4x2xf32>, memref<4x2xf32>, memref<4xi32>, i32, memref<4x2xf32>, memref<4x2xf32>
  return
}

// -----

// lstm_step: limit
func @f(%a0: memref<4x8xf32>, %a1: memref<2x8xf32>, %a2: memref<4x2xf32>, %a3: memref<4x2xf32>, %a4: memref<5xi32>, %a5: i32, %a6: memref<4x2xf32>, %a7: memref<4x2xf32>) {
  // expected-error @+1 {{'s2s.lstm_step' op expects limit dimension 0 to be 4 (batch of h), got 5}}
  s2s.lstm_step %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7 {gate_activation = "sigmoid"} : memref<4x8xf32>, memref<2x8xf32>, memref<4x2xf32>, memref<4x2xf32>, memref<5xi32>, i32, memref<4x2xf32>, memref<4x2xf32>
  return
}

// -----

// lstm_step: state hidden size
func @f(%a0: memref<4x8xf32>, %a1: memref<2x8xf32>, %a2: memref<4x2xf32>, %a3: memref<4x3xf32>, %a4: memref<4xi32>, %a5: i32, %a6: memref<4x2xf32>, %a7: memref<4x2xf32>) {
  // expected-error @+1 {{'s2s.lstm_step' op expects c dimension 1 to be 2 (hidden size of whht), got 3}}
  s2s.lstm_step %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7 {gate_activation = "sigmoid"} : memref<4x8xf32>, memref<2x8xf32>, memref<4x2xf32>, memref<4x3xf32>, memref<4xi32>, i32, memref<4x2xf32>, memref<4x2xf32>
  return
}

// -----

// lstm_step: state batch
func @f(%a0: memref<4x8xf32>, %a1: memref<2x8xf32>, %a2: memref<4x2xf32>, %a3: memref<4x2xf32>, %a4: memref<4xi32>, %a5: i32, %a6: memref<4x2xf32>, %a7: memref<5x2xf32>) {
  // expected-error @+1 {{'s2s.lstm_step' op expects c_out dimension 0 to be 4 (batch of h), got 5}}
  s2s.lstm_step %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7 {gate_activation = "sigmoid"} : memref<4x8xf32>, memref<2x8xf32>, memref<4x2xf32>, memref<4x2xf32>, memref<4xi32>, i32, memref<4x2xf32>, memref<5x2xf32>
  return
}

// -----

// log_softmax_top_k: more candidates than the vocabulary
func @f(%l: memref<?x3xf32>, %s: memref<?x4xf32>, %t: memref<?x4xi32>) {
  // expected-error @+1 {{'s2s.log_softmax_top_k' op expects 1..3 candidates (the vocabulary), got 4}}
  s2s.log_softmax_top_k %l, %s, %t : memref<?x3xf32>, memref<?x4xf32>, memref<?x4xi32>
  return
}

// -----

// log_softmax_top_k: tokens and scores disagree
func @f(%l: memref<?x6xf32>, %s: memref<?x4xf32>, %t: memref<?x3xi32>) {
  // expected-error @+1 {{'s2s.log_softmax_top_k' op expects tokens dimension 1 to be 4 (candidates of scores), got 3}}
  s2s.log_softmax_top_k %l, %s, %t : memref<?x6xf32>, memref<?x4xf32>, memref<?x3xi32>
  return
}

// -----

// log_softmax_top_k: rows
func @f(%l: memref<2x6xf32>, %s: memref<3x4xf32>, %t: memref<3x4xi32>) {
  // expected-error @+1 {{'s2s.log_softmax_top_k' op expects scores dimension 0 to be 2 (batch of logits), got 3}}
  s2s.log_softmax_top_k %l, %s, %t : memref<2x6xf32>, memref<3x4xf32>, memref<3x4xi32>
  return
}

// -----

// log_softmax_top_k: a dynamic vocabulary
func @f(%l: memref<?x?xf32>, %s: memref<?x4xf32>, %t: memref<?x4xi32>) {
  // expected-error @+1 {{'s2s.log_softmax_top_k' op expects a static vocabulary and candidate count}}
  s2s.log_softmax_top_k %l, %s, %t : memref<?x?xf32>, memref<?x4xf32>, memref<?x4xi32>
  return
}

// -----

// project_argmax: wt rows
func @f(%a0: memref<4x2xf32>, %a1: memref<3x6xf32>, %a2: memref<6xf32>, %a3: memref<4x6xf32>, %a4: memref<4xi32>) {
  // expected-error @+1 {{'s2s.project_argmax' op expects wt dimension 0 to be 2 (hidden size of h), got 3}}
  s2s.project_argmax %a0, %a1, %a2, %a3, %a4 : memref<4x2xf32>, memref<3x6xf32>, memref<6xf32>, memref<4x6xf32>, memref<4xi32>
  return
}

// -----

// project_argmax: bias
func @f(%a0: memref<4x2xf32>, %a1: memref<2x6xf32>, %a2: memref<7xf32>, %a3: memref<4x6xf32>, %a4: memref<4xi32>) {
  // expected-error @+1 {{'s2s.project_argmax' op expects bias dimension 0 to be 6 (vocabulary of wt), got 7}}
  s2s.project_argmax %a0, %a1, %a2, %a3, %a4 : memref<4x2xf32>, memref<2x6xf32>, memref<7xf32>, memref<4x6xf32>, memref<4xi32>
  return
}

// -----

// project_argmax: logits columns
func @f(%a0: memref<4x2xf32>, %a1: memref<2x6xf32>, %a2: memref<6xf32>, %a3: memref<4x7xf32>, %a4: memref<4xi32>) {
  // expected-error @+1 {{'s2s.project_argmax' op expects logits dimension 1 to be 6 (vocabulary of wt), got 7}}
  s2s.project_argmax %a0, %a1, %a2, %a3, %a4 : memref<4x2xf32>, memref<2x6xf32>, memref<6xf32>, memref<4x7xf32>, memref<4xi32>
  return
}

// -----

// project_argmax: logits rows
func @f(%a0: memref<4x2xf32>, %a1: memref<2x6xf32>, %a2: memref<6xf32>, %a3: memref<5x6xf32>, %a4: memref<4xi32>) {
  // expected-error @+1 {{'s2s.project_argmax' op expects logits dimension 0 to be 4 (batch of h), got 5}}
  s2s.project_argmax %a0, %a1, %a2, %a3, %a4 : memref<4x2xf32>, memref<2x6xf32>, memref<6xf32>, memref<5x6xf32>, memref<4xi32>
  return
}

// -----

// project_argmax: tokens
func @f(%a0: memref<4x2xf32>, %a1: memref<2x6xf32>, %a2: memref<6xf32>, %a3: memref<4x6xf32>, %a4: memref<5xi32>) {
  // expected-error @+1 {{'s2s.project_argmax' op expects tokens dimension 0 to be 4 (batch of h), got 5}}
  s2s.project_argmax %a0, %a1, %a2, %a3, %a4 : memref<4x2xf32>, memref<2x6xf32>, memref<6xf32>, memref<4x6xf32>, memref<5xi32>
  return
}

// -----

// kernel: family
// expected-error @+1 {{'s2s.kernel' op attribute 'family' failed to satisfy constraint: kernel family: gather, matmul, matmul_add, lstm_step, project_argmax or log_softmax_top_k}}
s2s.kernel @k {family = "conv"}

// -----

// kernel: a size is missing
// expected-error @+1 {{'s2s.kernel' op expects a positive integer attribute 'output' for family matmul}}
s2s.kernel @k {family = "matmul", input = 3 : i64}

// -----

// kernel: a size is not positive
// expected-error @+1 {{'s2s.kernel' op expects a positive integer attribute 'hidden' for family lstm_step}}
s2s.kernel @k {family = "lstm_step", hidden = 0 : i64}

// -----

// kernel: gate activation
// expected-error @+1 {{'s2s.kernel' op attribute 'gate_activation' failed to satisfy constraint: gate activation: sigmoid, hard_sigmoid or hard_sigmoid_v3}}
s2s.kernel @k {family = "lstm_step", hidden = 2 : i64, gate_activation = "relu"}

// -----

// kernel: matmul_add needs its sizes too
// expected-error @+1 {{'s2s.kernel' op expects a positive integer attribute 'output' for family matmul_add}}
s2s.kernel @k {family = "matmul_add", input = 3 : i64}

// -----

// kernel: activation
// expected-error @+1 {{'s2s.kernel' op attribute 'activation' failed to satisfy constraint: activation: linear or tanh}}
s2s.kernel @k {family = "matmul", input = 3 : i64, output = 8 : i64, activation = "relu"}

// -----

// kernel_call: unknown kernel
func @f(%s: memref<1xi32>) {
  // expected-error @+1 {{'s2s.kernel_call' op expects 'missing' to name an s2s.kernel}}
  "s2s.kernel_call"(%s) {kernel = @missing} : (memref<1xi32>) -> ()
  return
}

// -----

// kernel_call: a function is not a kernel
func private @g()
func @f(%s: memref<1xi32>) {
  // expected-error @+1 {{'s2s.kernel_call' op expects 'g' to name an s2s.kernel}}
  "s2s.kernel_call"(%s) {kernel = @g} : (memref<1xi32>) -> ()
  return
}

// -----

// kernel_call of a kernel with an unknown family, declared after the call
// (ops verify in any order): the kernel's error, no other
func @f(%s: memref<1xi32>) {
  "s2s.kernel_call"(%s) {kernel = @k} : (memref<1xi32>) -> ()
  return
}
// expected-error @+1 {{'s2s.kernel' op attribute 'family' failed to satisfy constraint: kernel family: gather, matmul, matmul_add, lstm_step, project_argmax or log_softmax_top_k}}
s2s.kernel @k {family = "conv"}

// -----

// kernel_call: as many arguments as the kernel's family takes (a library
// built from this would read memory its kernel was never given)
s2s.kernel @k {family = "gather", embed = 3 : i64, vocab = 5 : i64}
func @f(%table: memref<5x3xf32>, %out: memref<?x3xf32>, %s: memref<1xi32>) {
  // expected-error @+1 {{'s2s.kernel_call' op expects 3 arguments for a gather kernel, got 2}}
  s2s.kernel_call @k(%table, %out : memref<5x3xf32>, memref<?x3xf32>) status(%s : memref<1xi32>)
  return
}

// -----

// kernel_call: each argument of the kind the family takes
s2s.kernel @k {family = "gather", embed = 3 : i64, vocab = 5 : i64}
func @f(%ids: memref<?xf32>, %table: memref<5x3xf32>, %out: memref<?x3xf32>, %s: memref<1xi32>) {
  // expected-error @+1 {{'s2s.kernel_call' op expects argument 0 of a gather kernel to be a rank-1 memref of 'i32', got 'memref<?xf32>'}}
  s2s.kernel_call @k(%ids, %table, %out : memref<?xf32>, memref<5x3xf32>, memref<?x3xf32>) status(%s : memref<1xi32>)
  return
}

// -----

// kernel_call: the scalar of lstm_step is an i32
s2s.kernel @k {family = "lstm_step", hidden = 2 : i64}
func @f(%xg: memref<?x8xf32>, %w: memref<2x8xf32>, %h: memref<?x2xf32>, %lim: memref<?xi32>,
        %t: index, %s: memref<1xi32>) {
  // expected-error @+1 {{'s2s.kernel_call' op expects argument 5 of a lstm_step kernel to be i32, got 'index'}}
  "s2s.kernel_call"(%xg, %w, %h, %h, %lim, %t, %h, %h, %s) {kernel = @k}
      : (memref<?x8xf32>, memref<2x8xf32>, memref<?x2xf32>, memref<?x2xf32>, memref<?xi32>,
         index, memref<?x2xf32>, memref<?x2xf32>, memref<1xi32>) -> ()
  return
}

// -----

// view_pointer: row-major only
func @f(%p: !llvm.ptr<f32>, %n: index) {
  // expected-error @+1 {{'s2s.view_pointer' op expects a row-major (identity layout) result, got 'memref<?x4xf32, affine_map<(d0, d1) -> (d1, d0)>>'}}
  %m = s2s.view_pointer %p[%n] : !llvm.ptr<f32> -> memref<?x4xf32, affine_map<(d0, d1) -> (d1, d0)>>
  return
}

// -----

// view_pointer: one size per dynamic dimension
func @f(%p: !llvm.ptr<i32>, %n: index) {
  // expected-error @+1 {{'s2s.view_pointer' op expects 2 sizes (one per dynamic dimension), got 1}}
  %m = s2s.view_pointer %p[%n] : !llvm.ptr<i32> -> memref<?x?xi32>
  return
}

// -----

// device_sync: actions
func @f(%m: memref<?x4xf32>, %s: memref<1xi32>) {
  // expected-error @+1 {{custom op 's2s.device_sync' unknown action 'upload' (expected to_device, device_wrote, to_host, host_wrote, release)}}
  s2s.device_sync "upload" %m : memref<?x4xf32> status(%s : memref<1xi32>)
  return
}

// -----

// device_sync: whole allocations only, never views
func @f(%m: memref<?x4xf32, affine_map<(d0, d1)[s0] -> (d0 * 4 + s0 + d1)>>, %s: memref<1xi32>) {
  // expected-error @+1 {{'s2s.device_sync' op expects a whole allocation (identity layout), got 'memref<?x4xf32, affine_map<(d0, d1)[s0] -> (d0 * 4 + s0 + d1)>>'}}
  s2s.device_sync "to_host" %m : memref<?x4xf32, affine_map<(d0, d1)[s0] -> (d0 * 4 + s0 + d1)>> status(%s : memref<1xi32>)
  return
}

// -----

// weight: rank 1 or 2
func @f() {
  // expected-error @+1 {{'s2s.weight' op expects a value of rank 1 or 2, got 'tensor<1x1x4xf32>'}}
  %w = s2s.weight "m_w" : memref<1x1x4xf32> = dense<1.0> : tensor<1x1x4xf32> {rows = "plain", begin = 0 : i64, end = -1 : i64}
  return
}

// -----

// weight: gate rows are 4H
func @f() {
  // expected-error @+1 {{'s2s.weight' op expects 6 rows to be 4H gate rows}}
  %w = s2s.weight "m_w" : memref<6xf32> = dense<1.0> : tensor<6xf32> {rows = "gates", begin = 0 : i64, end = -1 : i64}
  return
}

// -----

// weight: the recurrent packing is of a transposed W_hh
func @f() {
  // expected-error @+1 {{'s2s.weight' op expects a recurrent weight to be transposed}}
  %w = s2s.weight "m_w" : memref<4x1xf32> = dense<1.0> : tensor<4x1xf32> {rows = "recurrent", begin = 0 : i64, end = -1 : i64}
  return
}

// -----

// weight: only a matrix transposes
func @f() {
  // expected-error @+1 {{'s2s.weight' op expects a transposed value of rank 2}}
  %w = s2s.weight "m_w" : memref<4xf32> = dense<1.0> : tensor<4xf32> {transpose, rows = "plain", begin = 0 : i64, end = -1 : i64}
  return
}

// -----

// weight: the column range lies within the value
func @f() {
  // expected-error @+1 {{'s2s.weight' op expects columns [2, 5) within 3}}
  %w = s2s.weight "m_w" : memref<3x4xf32> = dense<1.0> : tensor<4x3xf32> {transpose, rows = "plain", begin = 2 : i64, end = 5 : i64}
  return
}

// -----

// weight: the result is the packed shape
func @f() {
  // expected-error @+1 {{'s2s.weight' op expects a result of shape 'memref<3x4xf32>' (the value packed), got 'memref<4x3xf32>'}}
  %w = s2s.weight "m_w" : memref<4x3xf32> = dense<1.0> : tensor<4x3xf32> {transpose, rows = "plain", begin = 0 : i64, end = -1 : i64}
  return
}

// -----

// fold_input_projection: of s2s.weights only
func @f(%e: memref<2x1xf32>) {
  %w = s2s.weight "m_w" : memref<1x4xf32> = dense<1.0> : tensor<4x1xf32> {transpose, rows = "gates", begin = 0 : i64, end = -1 : i64}
  // expected-error @+1 {{'s2s.fold_input_projection' op expects its operands to be s2s.weight results}}
  %t = s2s.fold_input_projection "m_t" %e, %w : memref<2x1xf32>, memref<1x4xf32> -> memref<2x4xf32>
  return
}

// -----

// fold_input_projection: the table is [V, 4H]
func @f() {
  %e = s2s.weight "m_e" : memref<2x1xf32> = dense<1.0> : tensor<2x1xf32> {rows = "plain", begin = 0 : i64, end = -1 : i64}
  %w = s2s.weight "m_w" : memref<1x4xf32> = dense<1.0> : tensor<4x1xf32> {transpose, rows = "gates", begin = 0 : i64, end = -1 : i64}
  // expected-error @+1 {{'s2s.fold_input_projection' op expects result dimension 0 to be 2 (vocabulary), got 3}}
  %t = s2s.fold_input_projection "m_t" %e, %w : memref<2x1xf32>, memref<1x4xf32> -> memref<3x4xf32>
  return
}

// -----

// fold_input_projection: W^T's rows are the embedding's columns
func @f() {
  %e = s2s.weight "m_e" : memref<2x2xf32> = dense<1.0> : tensor<2x2xf32> {rows = "plain", begin = 0 : i64, end = -1 : i64}
  %w = s2s.weight "m_w" : memref<1x4xf32> = dense<1.0> : tensor<4x1xf32> {transpose, rows = "gates", begin = 0 : i64, end = -1 : i64}
  // expected-error @+1 {{'s2s.fold_input_projection' op expects wt dimension 0 to be 2 (embedding size), got 1}}
  %t = s2s.fold_input_projection "m_t" %e, %w : memref<2x2xf32>, memref<1x4xf32> -> memref<2x4xf32>
  return
}

// -----

// beam_decoder: beyond the spec's bound on beam_width
func @f(%h: tensor<1x?x2xf32>, %c: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %max: index,
        %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>,
        %tgt: tensor<6x3xf32>, %wo: tensor<6x2xf32>, %bo: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.beam_decoder' op expects beam_width in 1..16777216, got 16777217}}
  %t, %l, %s = s2s.beam_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder", beam_width = 16777217 : i64,
       length_penalty = "gnmt", alpha = 1.0 : f64}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?x?xi32>, tensor<?x?xi32>, tensor<?x?xf32>
  return
}

// -----

// beam_decoder: beyond the spec's bound on max_length (a table of lp(L) is built)
func @f(%h: tensor<1x?x2xf32>, %c: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %max: index,
        %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>,
        %tgt: tensor<6x3xf32>, %wo: tensor<6x2xf32>, %bo: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.beam_decoder' op expects max_length <= 16777216 for beam search, got 16777217}}
  %t, %l, %s = s2s.beam_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 16777217 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder", beam_width = 3 : i64,
       length_penalty = "gnmt", alpha = 1.0 : f64}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?x?xi32>, tensor<?x?xi32>, tensor<?x?xf32>
  return
}

// -----

// beam_decoder: a beam of one hypothesis at least
func @f(%h: tensor<1x?x2xf32>, %c: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %max: index,
        %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>,
        %tgt: tensor<6x3xf32>, %wo: tensor<6x2xf32>, %bo: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.beam_decoder' op expects beam_width in 1..16777216, got 0}}
  %t, %l, %s = s2s.beam_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder", beam_width = 0 : i64,
       length_penalty = "none", alpha = 1.0 : f64}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x1x?xi32>, tensor<?x1xi32>, tensor<?x1xf32>
  return
}

// -----

// beam_decoder: alpha is a length penalty's non-negative exponent
func @f(%h: tensor<1x?x2xf32>, %c: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %max: index,
        %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>,
        %tgt: tensor<6x3xf32>, %wo: tensor<6x2xf32>, %bo: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.beam_decoder' op expects alpha to be a finite number >= 0, got -1}}
  %t, %l, %s = s2s.beam_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder", beam_width = 2 : i64,
       length_penalty = "avg", alpha = -1.0 : f64}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x2x?xi32>, tensor<?x2xi32>, tensor<?x2xf32>
  return
}

// -----

// beam_decoder: K hypotheses per row
func @f(%h: tensor<1x?x2xf32>, %c: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %max: index,
        %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>,
        %tgt: tensor<6x3xf32>, %wo: tensor<6x2xf32>, %bo: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.beam_decoder' op expects tokens dimension 1 to be 2 (beam_width), got 3}}
  %t, %l, %s = s2s.beam_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder", beam_width = 2 : i64,
       length_penalty = "none", alpha = 1.0 : f64}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x3x?xi32>, tensor<?x3xi32>, tensor<?x3xf32>
  return
}

// -----

// beam_decoder: the length penalties
func @f(%h: tensor<1x?x2xf32>, %c: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %max: index,
        %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>,
        %tgt: tensor<6x3xf32>, %wo: tensor<6x2xf32>, %bo: tensor<6xf32>) {
  // expected-error @+1 {{'s2s.beam_decoder' op attribute 'length_penalty' failed to satisfy constraint: length_penalty: none, avg or gnmt}}
  %t, %l, %s = s2s.beam_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder", beam_width = 2 : i64,
       length_penalty = "linear", alpha = 1.0 : f64}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x2x?xi32>, tensor<?x2xi32>, tensor<?x2xf32>
  return
}
