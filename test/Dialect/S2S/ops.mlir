// RUN: s2s-opt %s | s2s-opt | FileCheck %s
// RUN: s2s-opt %s -mlir-print-op-generic | s2s-opt | FileCheck %s
// RUN: s2s-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Round trip of every s2s op, model level to kernel level.

// CHECK-LABEL: func @model
// CHECK-SAME: (%[[IDS:[^:]*]]: tensor<?x?xi32>, %[[LEN:[^:]*]]: tensor<?xi32>, %[[MAX:[^:]*]]: index, %[[SRC:[^:]*]]: tensor<5x3xf32>, %[[WI:[^:]*]]: tensor<8x3xf32>, %[[WH:[^:]*]]: tensor<8x2xf32>, %[[B:[^:]*]]: tensor<8xf32>, %[[TGT:[^:]*]]: tensor<6x3xf32>, %[[WO:[^:]*]]: tensor<6x2xf32>, %[[BO:[^:]*]]: tensor<6xf32>)
func @model(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index,
            %src: tensor<5x3xf32>, %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>,
            %b: tensor<8xf32>, %tgt: tensor<6x3xf32>, %wo: tensor<6x2xf32>,
            %bo: tensor<6xf32>)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>) {
  // CHECK: %[[X:.*]] = s2s.embedding %[[IDS]], %[[SRC]] : tensor<?x?xi32>, tensor<5x3xf32> -> tensor<?x?x3xf32>
  // GENERIC: "s2s.embedding"
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<5x3xf32> -> tensor<?x?x3xf32>
  // CHECK: %[[H:.*]], %[[C:.*]] = s2s.encoder %[[X]], %[[LEN]] weights(%[[WI]], %[[WH]], %[[B]]) {gate_activation = "hard_sigmoid"}
  // CHECK-SAME: : tensor<?x?x3xf32>, tensor<?xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
  // GENERIC: "s2s.encoder"
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "hard_sigmoid"}
      : tensor<?x?x3xf32>, tensor<?xi32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>
      -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
  // CHECK: %[[CTX:.*]] = s2s.context %[[H]] : tensor<1x?x2xf32> -> tensor<?x2xf32>
  // GENERIC: "s2s.context"
  %ctx = s2s.context %h : tensor<1x?x2xf32> -> tensor<?x2xf32>
  // CHECK: s2s.greedy_decoder %[[H]], %[[C]], %[[CTX]], %[[MAX]]
  // CHECK-SAME: embedding(%[[TGT]] : tensor<6x3xf32>)
  // CHECK-SAME: layers(%[[WI]], %[[WH]], %[[B]] : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
  // CHECK-SAME: readout(%[[WO]], %[[BO]] : tensor<6x2xf32>, tensor<6xf32>)
  // CHECK-SAME: {bos = 1 : i64, eos = 2 : i64, first_input = "bos", gate_activation = "sigmoid", init_state = "encoder", max_length = 4 : i64, peek = "none"}
  // CHECK-SAME: : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>
  // GENERIC: "s2s.greedy_decoder"
  // GENERIC-SAME: operand_segment_sizes = dense<[1, 1, 1, 1, 1, 3, 2]> : vector<7xi32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x6xf32>
}

// A beam search model: the decoder of @model searched with K = 3.
// CHECK-LABEL: func @beam_model
func @beam_model(%h: tensor<1x?x2xf32>, %c: tensor<1x?x2xf32>, %ctx: tensor<?x2xf32>, %max: index,
                 %wi: tensor<8x3xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>,
                 %tgt: tensor<6x3xf32>, %wo: tensor<6x2xf32>, %bo: tensor<6xf32>)
    -> (tensor<?x3x?xi32>, tensor<?x3xi32>, tensor<?x3xf32>) {
  // CHECK: s2s.beam_decoder %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} embedding(%{{.*}} : tensor<6x3xf32>)
  // CHECK-SAME: {alpha = 6.000000e-01 : f64, beam_width = 3 : i64, bos = 1 : i64, eos = 2 : i64, first_input = "bos", gate_activation = "sigmoid", init_state = "encoder", length_penalty = "gnmt", max_length = 4 : i64, peek = "none"}
  // CHECK-SAME: -> tensor<?x3x?xi32>, tensor<?x3xi32>, tensor<?x3xf32>
  // GENERIC: "s2s.beam_decoder"
  %t, %l, %s = s2s.beam_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<6x3xf32>)
      layers(%wi, %wh, %b : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<6x2xf32>, tensor<6xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder", beam_width = 3 : i64,
       length_penalty = "gnmt", alpha = 0.6 : f64}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x2xf32> -> tensor<?x3x?xi32>, tensor<?x3xi32>, tensor<?x3xf32>
  return %t, %l, %s : tensor<?x3x?xi32>, tensor<?x3xi32>, tensor<?x3xf32>
}

// A vector model: no embeddings, a context projection, a vector decoder.
// CHECK-LABEL: func @vector_model
// CHECK-SAME: (%[[SRC:[^:]*]]: tensor<?x?x4xf32>, %[[LEN:[^:]*]]: tensor<?xi32>, %[[STEPS:[^:]*]]: index, %[[WI:[^:]*]]: tensor<8x4xf32>, %[[WH:[^:]*]]: tensor<8x2xf32>, %[[B:[^:]*]]: tensor<8xf32>, %[[PW:[^:]*]]: tensor<3x2xf32>, %[[PB:[^:]*]]: tensor<3xf32>, %[[DWI:[^:]*]]: tensor<8x6xf32>, %[[WO:[^:]*]]: tensor<3x2xf32>, %[[BO:[^:]*]]: tensor<3xf32>)
func @vector_model(%src: tensor<?x?x4xf32>, %len: tensor<?xi32>, %steps: index,
                   %wi: tensor<8x4xf32>, %wh: tensor<8x2xf32>, %b: tensor<8xf32>,
                   %pw: tensor<3x2xf32>, %pb: tensor<3xf32>, %dwi: tensor<8x6xf32>,
                   %wo: tensor<3x2xf32>, %bo: tensor<3xf32>) -> tensor<?x?x3xf32> {
  // CHECK: %[[H:.*]], %[[C:.*]] = s2s.encoder %[[SRC]], %[[LEN]] weights(%[[WI]], %[[WH]], %[[B]])
  %h, %c = s2s.encoder %src, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x4xf32>, tensor<?xi32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>
      -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
  // CHECK: %[[CTX:.*]] = s2s.context %[[H]]
  %ctx = s2s.context %h : tensor<1x?x2xf32> -> tensor<?x2xf32>
  // CHECK: %[[P:.*]] = s2s.dense %[[CTX]], %[[PW]], %[[PB]] {activation = "tanh"} : tensor<?x2xf32>, tensor<3x2xf32>, tensor<3xf32> -> tensor<?x3xf32>
  // GENERIC: "s2s.dense"
  // GENERIC-SAME: {activation = "tanh"}
  %p = s2s.dense %ctx, %pw, %pb {activation = "tanh"}
      : tensor<?x2xf32>, tensor<3x2xf32>, tensor<3xf32> -> tensor<?x3xf32>
  // CHECK: %[[Y:.*]] = s2s.vector_decoder %[[H]], %[[C]], %[[P]], %[[STEPS]]
  // CHECK-SAME: layers(%[[DWI]], %[[WH]], %[[B]] : tensor<8x6xf32>, tensor<8x2xf32>, tensor<8xf32>)
  // CHECK-SAME: readout(%[[WO]], %[[BO]] : tensor<3x2xf32>, tensor<3xf32>)
  // CHECK-SAME: {activation = "tanh", first_input = "context", gate_activation = "hard_sigmoid", init_state = "top", max_length = 5 : i64, peek = "concat"}
  // CHECK-SAME: : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  // GENERIC: "s2s.vector_decoder"
  // GENERIC-NOT: operand_segment_sizes
  // GENERIC-SAME: -> tensor<?x?x3xf32>
  %y = s2s.vector_decoder %h, %c, %p, %steps
      layers(%dwi, %wh, %b : tensor<8x6xf32>, tensor<8x2xf32>, tensor<8xf32>)
      readout(%wo, %bo : tensor<3x2xf32>, tensor<3xf32>)
      {activation = "tanh", gate_activation = "hard_sigmoid", max_length = 5 : i64,
       peek = "concat", first_input = "context", init_state = "top"}
      : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
  return %y : tensor<?x?x3xf32>
}

// A dynamic hidden size matches any weight size, also where the verifier
// multiplies it (4 x hidden).
// CHECK-LABEL: func @dynamic_hidden
// CHECK: s2s.encoder {{.*}} : tensor<?x?x3xf32>, tensor<?xi32>, tensor<8x3xf32>, tensor<8x?xf32>, tensor<8xf32> -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
func @dynamic_hidden(%x: tensor<?x?x3xf32>, %len: tensor<?xi32>, %wi: tensor<8x3xf32>,
                     %wh: tensor<8x?xf32>, %b: tensor<8xf32>) -> tensor<1x?x2xf32> {
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x3xf32>, tensor<?xi32>, tensor<8x3xf32>, tensor<8x?xf32>, tensor<8xf32>
      -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
  return %h : tensor<1x?x2xf32>
}

// CHECK-LABEL: func @cells
// CHECK-SAME: (%[[IDS:[^:]*]]: memref<?xi32>, %[[TABLE:[^:]*]]: memref<5x3xf32>, %[[X:[^:]*]]: memref<?x3xf32>, %[[WT:[^:]*]]: memref<3x8xf32>, %[[B:[^:]*]]: memref<8xf32>, %[[XG:[^:]*]]: memref<?x8xf32>, %[[WHHT:[^:]*]]: memref<2x8xf32>, %[[H:[^:]*]]: memref<?x2xf32>, %[[C:[^:]*]]: memref<?x2xf32>, %[[LIMIT:[^:]*]]: memref<?xi32>, %[[T:[^:]*]]: i32, %[[H2:[^:]*]]: memref<?x2xf32>, %[[C2:[^:]*]]: memref<?x2xf32>, %[[WO:[^:]*]]: memref<2x6xf32>, %[[BO:[^:]*]]: memref<6xf32>, %[[LOGITS:[^:]*]]: memref<?x6xf32>, %[[TOKENS:[^:]*]]: memref<?xi32>)
func @cells(%ids: memref<?xi32>, %table: memref<5x3xf32>, %x: memref<?x3xf32>,
            %wt: memref<3x8xf32>, %b: memref<8xf32>, %xg: memref<?x8xf32>,
            %whht: memref<2x8xf32>, %h: memref<?x2xf32>, %c: memref<?x2xf32>,
            %limit: memref<?xi32>, %t: i32, %h2: memref<?x2xf32>, %c2: memref<?x2xf32>,
            %wo: memref<2x6xf32>, %bo: memref<6xf32>, %logits: memref<?x6xf32>,
            %tokens: memref<?xi32>) {
  // CHECK: s2s.gather %[[IDS]], %[[TABLE]], %[[X]] : memref<?xi32>, memref<5x3xf32>, memref<?x3xf32>
  // GENERIC: "s2s.gather"
  s2s.gather %ids, %table, %x : memref<?xi32>, memref<5x3xf32>, memref<?x3xf32>
  // CHECK: s2s.seq_matmul %[[X]], %[[WT]], %[[B]], %[[XG]] : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>
  // GENERIC: "s2s.seq_matmul"
  s2s.seq_matmul %x, %wt, %b, %xg : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>
  // CHECK: s2s.lstm_step %[[XG]], %[[WHHT]], %[[H]], %[[C]], %[[LIMIT]], %[[T]], %[[H2]], %[[C2]] {gate_activation = "hard_sigmoid_v3"}
  // CHECK-SAME: : memref<?x8xf32>, memref<2x8xf32>, memref<?x2xf32>, memref<?x2xf32>, memref<?xi32>, i32, memref<?x2xf32>, memref<?x2xf32>
  // GENERIC: "s2s.lstm_step"
  s2s.lstm_step %xg, %whht, %h, %c, %limit, %t, %h2, %c2 {gate_activation = "hard_sigmoid_v3"}
      : memref<?x8xf32>, memref<2x8xf32>, memref<?x2xf32>, memref<?x2xf32>, memref<?xi32>, i32,
        memref<?x2xf32>, memref<?x2xf32>
  // CHECK: s2s.project_argmax %[[H2]], %[[WO]], %[[BO]], %[[LOGITS]], %[[TOKENS]] : memref<?x2xf32>, memref<2x6xf32>, memref<6xf32>, memref<?x6xf32>, memref<?xi32>
  // GENERIC: "s2s.project_argmax"
  s2s.project_argmax %h2, %wo, %bo, %logits, %tokens
      : memref<?x2xf32>, memref<2x6xf32>, memref<6xf32>, memref<?x6xf32>, memref<?xi32>
  return
}

// Beam search's candidates.
// CHECK-LABEL: func @top_k
// CHECK: s2s.log_softmax_top_k %{{.*}}, %{{.*}}, %{{.*}} : memref<?x6xf32>, memref<?x4xf32>, memref<?x4xi32>
// GENERIC: "s2s.log_softmax_top_k"
func @top_k(%logits: memref<?x6xf32>, %scores: memref<?x4xf32>, %tokens: memref<?x4xi32>) {
  s2s.log_softmax_top_k %logits, %scores, %tokens : memref<?x6xf32>, memref<?x4xf32>, memref<?x4xi32>
  return
}

// seq_matmul's activation is printed when present (absent means linear, as
// in @cells); seq_matmul_add adds a precomputed addend instead of a bias.
// CHECK-LABEL: func @projections
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x3xf32>, %[[WT:[^:]*]]: memref<3x8xf32>, %[[B:[^:]*]]: memref<8xf32>, %[[PC:[^:]*]]: memref<?x8xf32>, %[[OUT:[^:]*]]: memref<?x8xf32>)
func @projections(%x: memref<?x3xf32>, %wt: memref<3x8xf32>, %b: memref<8xf32>,
                  %pc: memref<?x8xf32>, %out: memref<?x8xf32>) {
  // CHECK: s2s.seq_matmul %[[X]], %[[WT]], %[[B]], %[[PC]] {activation = "tanh"} : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>
  // GENERIC: "s2s.seq_matmul"
  // GENERIC-SAME: {activation = "tanh"}
  s2s.seq_matmul %x, %wt, %b, %pc {activation = "tanh"}
      : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>
  // CHECK: s2s.seq_matmul_add %[[X]], %[[WT]], %[[PC]], %[[OUT]] : memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x8xf32>
  // GENERIC: "s2s.seq_matmul_add"
  s2s.seq_matmul_add %x, %wt, %pc, %out
      : memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x8xf32>
  return
}

// CHECK: s2s.kernel @k_matmul {family = "matmul", input = 3 : i64, output = 8 : i64, schedule = "default"}
// GENERIC: "s2s.kernel"() {family = "matmul", input = 3 : i64, output = 8 : i64, schedule = "default", sym_name = "k_matmul"}
s2s.kernel @k_matmul {family = "matmul", input = 3 : i64, output = 8 : i64, schedule = "default"}
// CHECK: s2s.kernel @k_step {family = "lstm_step", gate_activation = "sigmoid", hidden = 2 : i64}
s2s.kernel @k_step {family = "lstm_step", hidden = 2 : i64, gate_activation = "sigmoid"}
// CHECK: s2s.kernel @k_matmul_add {activation = "linear", family = "matmul_add", input = 3 : i64, output = 8 : i64}
s2s.kernel @k_matmul_add {family = "matmul_add", input = 3 : i64, output = 8 : i64, activation = "linear"}

// CHECK-LABEL: func @kernels
// CHECK-SAME: (%[[X:[^:]*]]: memref<?x3xf32>, %[[WT:[^:]*]]: memref<3x8xf32>, %[[B:[^:]*]]: memref<8xf32>, %[[OUT:[^:]*]]: memref<?x8xf32>, %[[WH:[^:]*]]: memref<2x8xf32>, %[[H:[^:]*]]: memref<?x2xf32>, %[[LIM:[^:]*]]: memref<?xi32>, %[[T:[^:]*]]: i32, %[[ST:[^:]*]]: memref<1xi32>)
func @kernels(%x: memref<?x3xf32>, %wt: memref<3x8xf32>, %b: memref<8xf32>,
              %out: memref<?x8xf32>, %wh: memref<2x8xf32>, %h: memref<?x2xf32>,
              %limit: memref<?xi32>, %t: i32, %status: memref<1xi32>) {
  // CHECK: s2s.kernel_call @k_matmul(%[[X]], %[[WT]], %[[B]], %[[OUT]] : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>) status(%[[ST]] : memref<1xi32>)
  // GENERIC: "s2s.kernel_call"
  // GENERIC-SAME: {kernel = @k_matmul}
  s2s.kernel_call @k_matmul(%x, %wt, %b, %out : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>,
                            memref<?x8xf32>) status(%status : memref<1xi32>)
  // A scalar argument among the buffers.
  // CHECK: s2s.kernel_call @k_step(%[[OUT]], %[[WH]], %[[H]], %[[H]], %[[LIM]], %[[T]], %[[H]], %[[H]] : memref<?x8xf32>, memref<2x8xf32>, memref<?x2xf32>, memref<?x2xf32>, memref<?xi32>, i32, memref<?x2xf32>, memref<?x2xf32>) status(%[[ST]] : memref<1xi32>)
  s2s.kernel_call @k_step(%out, %wh, %h, %h, %limit, %t, %h, %h : memref<?x8xf32>, memref<2x8xf32>,
                          memref<?x2xf32>, memref<?x2xf32>, memref<?xi32>, i32, memref<?x2xf32>,
                          memref<?x2xf32>) status(%status : memref<1xi32>)
  // The generic form parses too.
  // CHECK: s2s.kernel_call @k_matmul_add(%[[X]], %[[WT]], %[[OUT]], %[[OUT]] : {{.*}}) status(%[[ST]] : memref<1xi32>)
  "s2s.kernel_call"(%x, %wt, %out, %out, %status) {kernel = @k_matmul_add}
      : (memref<?x3xf32>, memref<3x8xf32>, memref<?x8xf32>, memref<?x8xf32>, memref<1xi32>) -> ()
  return
}

// CHECK-LABEL: func @views
// CHECK-SAME: (%[[P:[^:]*]]: !llvm.ptr<i32>, %[[Q:[^:]*]]: !llvm.ptr<f32>, %[[B:[^:]*]]: index, %[[T:[^:]*]]: index)
func @views(%p: !llvm.ptr<i32>, %q: !llvm.ptr<f32>, %b: index, %t: index)
    -> (memref<?x?xi32>, memref<?x?x6xf32>, memref<4xi32>) {
  // CHECK: s2s.view_pointer %[[P]][%[[B]], %[[T]]] : !llvm.ptr<i32> -> memref<?x?xi32>
  // GENERIC: "s2s.view_pointer"
  %m = s2s.view_pointer %p[%b, %t] : !llvm.ptr<i32> -> memref<?x?xi32>
  // CHECK: s2s.view_pointer %[[Q]][%[[B]], %[[T]]] : !llvm.ptr<f32> -> memref<?x?x6xf32>
  %n = s2s.view_pointer %q[%b, %t] : !llvm.ptr<f32> -> memref<?x?x6xf32>
  // A static shape takes no sizes.
  // CHECK: s2s.view_pointer %[[P]][] : !llvm.ptr<i32> -> memref<4xi32>
  %s = s2s.view_pointer %p[] : !llvm.ptr<i32> -> memref<4xi32>
  return %m, %n, %s : memref<?x?xi32>, memref<?x?x6xf32>, memref<4xi32>
}
