// RUN: s2s-opt %s -split-input-file -s2s-lower-to-cells -s2s-pack-weights | FileCheck %s

// The decoder variants of SEMANTICS.md (peek, first_input, init_state), the
// context projection and vector sources and targets. Only what differs from
// the basic model (lower-to-cells.mlir) is checked.

// peek concat: W_ih [4H, E + C] is split into the feedback columns and the
// context columns, two globals. The context's share is one seq_matmul (with
// the bias) before the decoder loop, the feedback's one seq_matmul_add in it,
// both on the rows still running.
// CHECK-LABEL: func @concat_translate_impl(
// CHECK-DAG:   %[[WY:.*]] = memref.get_global @concat_decoder_l0_w_ih_t : memref<2x4xf32>
// CHECK-DAG:   %[[B:.*]] = memref.get_global @concat_decoder_l0_b : memref<4xf32>
// CHECK-DAG:   %[[WC:.*]] = memref.get_global @concat_decoder_l0_w_ih_context_t : memref<1x4xf32>
// CHECK:       s2s.seq_matmul %[[CTX:.*]], %[[WC]], %[[B]], %[[PC:.*]] {activation = "linear"} : memref<?x1xf32, #{{.*}}>, memref<1x4xf32>, memref<4xf32>, memref<?x4xf32>
// CHECK:       s2s.gather %{{.*}}, %{{.*}}, %[[Y:.*]] : memref<?xi32>, memref<3x2xf32>, memref<?x2xf32>
// CHECK-NOT:   s2s.
// CHECK:       scf.for
// CHECK:         arith.cmpi ne
// CHECK-NEXT:    scf.if
// CHECK:           memref.subview %[[Y]][
// CHECK:           memref.subview %[[PC]][
// CHECK:           s2s.seq_matmul_add %{{.*}}, %[[WY]], %{{.*}}, %[[G:.*]] : memref<?x2xf32, #{{.*}}>, memref<2x4xf32>, memref<?x4xf32, #{{.*}}>, memref<?x4xf32, #{{.*}}>
// CHECK:         s2s.lstm_step %[[G]],
// CHECK-DAG: memref.global "private" constant @concat_decoder_l0_w_ih_t : memref<2x4xf32> = dense<{{\[}}[1.000000e+00, 4.000000e+00, 7.000000e+00, 1.000000e+01], [2.000000e+00, 5.000000e+00, 8.000000e+00, 1.100000e+01]]>
// CHECK-DAG: memref.global "private" constant @concat_decoder_l0_w_ih_context_t : memref<1x4xf32> = dense<{{\[}}[3.000000e+00, 6.000000e+00, 9.000000e+00, 1.200000e+01]]>
func @concat(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "concat"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<0.5> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.25> : tensor<4xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<2.0> : tensor<3x2xf32>
  %dwi = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<4x3xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%dwi, %wh, %b : tensor<4x3xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "concat", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// peek add: W (y + C) + b = W y + (W C + b), one weight for both products.
// first_input zeros and init_state zeros: zero-filled input and states, no
// gather before the loop.
// CHECK-LABEL: func @add_translate_impl(
// CHECK:       %[[W:.*]] = memref.get_global @add_decoder_l0_w_ih_t : memref<2x4xf32>
// CHECK-NEXT:  memref.get_global @add_decoder_l0_w_hh_t
// CHECK-NEXT:  %[[B:.*]] = memref.get_global @add_decoder_l0_b
// CHECK-NOT:   memref.get_global @add_decoder_l0_w_ih_context_t
// CHECK:       %[[H0:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x1xf32>
// CHECK-NEXT:  %[[C0:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x1xf32>
// CHECK:       %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         memref.store %[[ZERO]], %[[H0]]
// CHECK:       %[[ZERO2:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         memref.store %[[ZERO2]], %[[C0]]
// CHECK:       %[[Y:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x2xf32>
// CHECK-NOT:   s2s.gather
// CHECK:       s2s.seq_matmul %[[CTX:.*]], %[[W]], %[[B]], %[[PC:.*]] {activation = "linear"} : memref<?x2xf32, #{{.*}}>, memref<2x4xf32>
// CHECK-NOT:   s2s.gather
// CHECK:         memref.store %{{.*}}, %[[Y]]
// CHECK-NOT:   s2s.gather
// CHECK:       scf.for
// CHECK:         memref.subview %[[Y]][
// CHECK:         memref.subview %[[PC]][
// CHECK:         s2s.seq_matmul_add %{{.*}}, %[[W]], %{{.*}}, %{{.*}} : memref<?x2xf32, #{{.*}}>, memref<2x4xf32>, memref<?x4xf32, #{{.*}}>, memref<?x4xf32, #{{.*}}>
// CHECK-NOT: @add_decoder_l0_w_ih_context_t
func @add(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "add"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<0.5> : tensor<8x2xf32>
  %wh = arith.constant dense<0.5> : tensor<8x2xf32>
  %b = arith.constant dense<0.25> : tensor<8xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<8xf32>
      -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
  %ctx = s2s.context %h : tensor<1x?x2xf32> -> tensor<?x2xf32>
  %tgt = arith.constant dense<2.0> : tensor<3x2xf32>
  %dwi = arith.constant dense<1.5> : tensor<4x2xf32>
  %dwh = arith.constant dense<0.5> : tensor<4x1xf32>
  %db = arith.constant dense<0.25> : tensor<4xf32>
  %wo = arith.constant dense<1.0> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%dwi, %dwh, %db : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "add", first_input = "zeros", init_state = "zeros"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// first_input context: the first input is a copy of C (the top encoder
// layer's final h). init_state top: both decoder layers start from the top
// encoder layer's final (h, c).
// CHECK-LABEL: func @top_translate_impl(
// The encoder's final states, right after its time loop.
// CHECK:         s2s.lstm_step
// CHECK-NEXT:  {{^ *}}}
// CHECK-NEXT:  %[[FH:.*]] = memref.subview %{{.*}}[%[[ROWS:.*]], 0] [%[[BATCH:.*]], 2] [1, 1]
// CHECK-NEXT:  %[[FC:.*]] = memref.subview %{{.*}}[%[[ROWS]], 0] [%[[BATCH]], 2] [1, 1]
// CHECK:       %[[H0:.*]] = memref.alloc({{.*}}) {alignment = 64 : i64} : memref<?x2xf32>
// CHECK-NEXT:  %[[C0:.*]] = memref.alloc
// CHECK:           %[[V:.*]] = memref.load %[[FH]]
// CHECK-NEXT:      memref.store %[[V]], %[[H0]]
// CHECK:           %[[V:.*]] = memref.load %[[FC]]
// CHECK-NEXT:      memref.store %[[V]], %[[C0]]
// CHECK:       %[[H1:.*]] = memref.alloc({{.*}}) {alignment = 64 : i64} : memref<?x2xf32>
// CHECK-NEXT:  %[[C1:.*]] = memref.alloc
// CHECK:           %[[V:.*]] = memref.load %[[FH]]
// CHECK-NEXT:      memref.store %[[V]], %[[H1]]
// CHECK:           %[[V:.*]] = memref.load %[[FC]]
// CHECK-NEXT:      memref.store %[[V]], %[[C1]]
// CHECK:       %[[Y:.*]] = memref.alloc(%[[BATCH]]) {alignment = 64 : i64} : memref<?x2xf32>
// CHECK-NOT:   s2s.gather
// CHECK:           %[[V:.*]] = memref.load %[[FH]]
// CHECK-NEXT:      memref.store %[[V]], %[[Y]]
// CHECK-NOT:   s2s.gather
// CHECK:       scf.for
// CHECK:         memref.subview %[[Y]][
// CHECK:         s2s.seq_matmul {{.*}} {activation = "linear"}
// CHECK:         s2s.lstm_step
// CHECK:         s2s.seq_matmul
// CHECK:         s2s.lstm_step
// CHECK-NOT:     s2s.
// CHECK:         s2s.project_argmax
func @top(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "top"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %b = arith.constant dense<0.25> : tensor<8xf32>
  %h, %c = s2s.encoder %x, %len weights(%w, %w, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<8xf32>
      -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
  %ctx = s2s.context %h : tensor<1x?x2xf32> -> tensor<?x2xf32>
  %tgt = arith.constant dense<2.0> : tensor<3x2xf32>
  %wo = arith.constant dense<1.0> : tensor<3x2xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%w, %w, %b, %w, %w, %b : tensor<8x2xf32>, tensor<8x2xf32>, tensor<8xf32>,
                                      tensor<8x2xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "context", init_state = "top"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}

// -----

// A vector source (no gather: the features are copied, padding zeroed), a
// context projection (s2s.dense -> seq_matmul with its activation) and a
// vector target: y = tanh(W_out h + b_out) is written into the loop's y
// buffer, the next step's input, and copied to out; steps past max_length
// are zero.
// CHECK-LABEL: func @vec_translate_impl(
// CHECK-SAME: %[[SRC:[^:]*]]: memref<?x?x4xf32>, %[[LEN:[^:]*]]: memref<?xi32>, %[[OUT:[^:]*]]: memref<?x?x3xf32>) -> i32
// CHECK-SAME: attributes {s2s.max_length = 5 : i64, s2s.model = "vec", s2s.source_dim = 4 : i64, s2s.source_kind = "vectors", s2s.state_width = 7 : i64, s2s.target_dim = 3 : i64, s2s.target_kind = "vectors"}
// CHECK-NOT:   s2s.gather
// CHECK:       %[[X:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x4xf32>
// CHECK:             %[[F:.*]] = memref.load %[[SRC]]
// CHECK-NEXT:        %[[FV:.*]] = select %{{.*}}, %[[F]], %{{.*}} : f32
// CHECK-NEXT:        memref.store %[[FV]], %[[X]]
// CHECK:       s2s.seq_matmul %[[X]], {{.*}} : memref<?x4xf32>, memref<4x8xf32>, memref<8xf32>, memref<?x8xf32>
// CHECK:       %[[PW:.*]] = memref.get_global @vec_context_projection_w_t : memref<2x3xf32>
// CHECK-NEXT:  %[[PB:.*]] = memref.get_global @vec_context_projection_b : memref<3xf32>
// CHECK-NEXT:  %[[P:.*]] = memref.alloc
// CHECK-NEXT:  s2s.seq_matmul %{{.*}}, %[[PW]], %[[PB]], %[[P]] {activation = "tanh"} : memref<?x2xf32, #{{.*}}>, memref<2x3xf32>, memref<3xf32>, memref<?x3xf32>
// CHECK:       %[[MAXOUT:.*]] = memref.dim %[[OUT]], %{{.*}} : memref<?x?x3xf32>
// CHECK:       %[[STEPS:.*]] = select %{{.*}}, %[[MAXOUT]], %{{.*}} : index
// CHECK:       %[[WO:.*]] = memref.get_global @vec_output_w_t : memref<2x3xf32>
// CHECK-NEXT:  %[[BO:.*]] = memref.get_global @vec_output_b : memref<3xf32>
// CHECK-NEXT:  %[[Y:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x3xf32>
// CHECK:           %[[V:.*]] = memref.load %[[P]]
// CHECK-NEXT:      memref.store %[[V]], %[[Y]]
// CHECK:       scf.for %[[S:.*]] = %{{.*}} to %[[STEPS]] step
// CHECK:         s2s.seq_matmul %[[Y]], {{.*}} {activation = "linear"} : memref<?x3xf32>, memref<3x8xf32>
// CHECK:         s2s.lstm_step
// CHECK-NEXT:    s2s.seq_matmul %[[TOP:.*]], %[[WO]], %[[BO]], %[[Y]] {activation = "tanh"} : memref<?x2xf32, #{{.*}}>, memref<2x3xf32>, memref<3xf32>, memref<?x3xf32>
// CHECK:             %[[V:.*]] = memref.load %[[Y]]
// CHECK-NEXT:        memref.store %[[V]], %[[OUT]][%{{.*}}, %[[S]], %{{.*}}]
// CHECK:         scf.for %{{.*}} = %[[STEPS]] to %[[MAXOUT]] step
// CHECK:             memref.store %{{.*}}, %[[OUT]]
// CHECK-NOT:   s2s.gather
// CHECK:       return
func @vec(%src: tensor<?x?x4xf32>, %len: tensor<?xi32>, %steps: index) -> tensor<?x?x3xf32>
    attributes {s2s.model = "vec"} {
  %wi = arith.constant dense<0.5> : tensor<8x4xf32>
  %wh = arith.constant dense<0.5> : tensor<8x2xf32>
  %b = arith.constant dense<0.25> : tensor<8xf32>
  %h, %c = s2s.encoder %src, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x4xf32>, tensor<?xi32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>
      -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
  %ctx = s2s.context %h : tensor<1x?x2xf32> -> tensor<?x2xf32>
  %pw = arith.constant dense<0.75> : tensor<3x2xf32>
  %pb = arith.constant dense<0.125> : tensor<3xf32>
  %p = s2s.dense %ctx, %pw, %pb {activation = "tanh"}
      : tensor<?x2xf32>, tensor<3x2xf32>, tensor<3xf32> -> tensor<?x3xf32>
  %dwi = arith.constant dense<1.5> : tensor<8x3xf32>
  %wo = arith.constant dense<1.0> : tensor<3x2xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %y = s2s.vector_decoder %h, %c, %p, %steps
      layers(%dwi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "tanh", gate_activation = "sigmoid", max_length = 5 : i64,
       peek = "none", first_input = "context", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return %y : tensor<?x?x3xf32>
}
