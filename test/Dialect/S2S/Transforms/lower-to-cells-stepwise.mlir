// RUN: s2s-opt %s -s2s-lower-to-cells -s2s-pack-weights | FileCheck %s
// Three functions read the weights, one global each (no name twice):
// RUN: s2s-opt %s -s2s-lower-to-cells -s2s-pack-weights | grep -o 'memref.global "private" constant @[a-z0-9_]*' | sort | uniq -d | FileCheck %s --allow-empty --check-prefix=TWICE
// TWICE-NOT: memref.global

// The step-wise API's host functions of a peek (concat) model with H = 1:
// a state row is h (column 0), c (1), the context (2) and the context's
// share of layer 0's gates (3..6), 7 floats.

// CHECK: func @tiny_translate_impl(
// CHECK-SAME: s2s.state_width = 7 : i64

// NAME_encode_impl: the encoder, then the decoder's initial state, the
// context and its gate share (one seq_matmul) into the state's rows.
// CHECK-LABEL: func @tiny_encode_impl(
// CHECK-SAME: %[[SRC:[^:]*]]: memref<?x?xi32>, %[[LEN:[^:]*]]: memref<?xi32>, %[[STATE:[^:]*]]: memref<?x7xf32>) -> i32 attributes {s2s.model = "tiny"}
// CHECK:       s2s.lstm_step {{.*}}, %[[LEN]], {{.*}} {gate_activation = "sigmoid"}
// CHECK:       s2s.seq_matmul %[[CTX:[^,]*]], %[[WC:[^,]*]], %{{[^,]*}}, %[[PEEK:[^ ]*]] {activation = "linear"} : memref<?x1xf32, #{{.*}}>, memref<1x4xf32>, memref<4xf32>, memref<?x4xf32>
// CHECK:       %[[H:.*]] = memref.load %{{.*}} : memref<?x1xf32, #{{.*}}>
// CHECK-NEXT:  memref.store %[[H]], %[[STATE]]
// CHECK:       %[[G:.*]] = memref.load %[[PEEK]]
// CHECK-NEXT:  memref.store %[[G]], %[[STATE]]
// CHECK-NOT:   s2s.project_argmax
// CHECK:       return

// NAME_step_impl: the state's rows in, the fed-back token (or BOS when
// has_prev is false), one stack step, the logits into the caller's buffer
// by the greedy search's project_argmax, and h and c back into the state.
// CHECK-LABEL: func @tiny_step_impl(
// CHECK-SAME: %[[ST:[^:]*]]: memref<?x7xf32>, %[[PREV:[^:]*]]: memref<?xi32>, %[[HAS:[^:]*]]: i1, %[[LOGITS:[^:]*]]: memref<?x3xf32>) -> i32 attributes {s2s.model = "tiny"}
// CHECK-NOT:   s2s.lstm_step
// CHECK:       memref.load %[[ST]]
// CHECK:       scf.if %[[HAS]] {
// CHECK-NEXT:    s2s.gather %[[PREV]], %[[TABLE:[^,]*]], %[[EMB:[^ ]*]] :
// CHECK:       %[[FIRST:.*]] = arith.xori %[[HAS]]
// CHECK:       scf.if %[[FIRST]] {
// CHECK:           memref.store %c1_i32
// CHECK:         s2s.gather %{{.*}}, %[[TABLE]], %[[EMB]] :
// CHECK:       s2s.seq_matmul_add %[[EMB]]
// CHECK:       s2s.lstm_step
// CHECK-NOT:   s2s.lstm_step
// CHECK:       s2s.project_argmax %{{.*}}, %{{.*}}, %{{.*}}, %[[LOGITS]], %{{.*}} :
// CHECK:       memref.store %{{.*}}, %[[ST]]
// CHECK:       return

func @tiny(%ids: tensor<?x?xi32>, %len: tensor<?xi32>, %max: index)
    -> (tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>) attributes {s2s.model = "tiny"} {
  %src = arith.constant dense<1.0> : tensor<3x2xf32>
  %x = s2s.embedding %ids, %src : tensor<?x?xi32>, tensor<3x2xf32> -> tensor<?x?x2xf32>
  %wi = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
  %wh = arith.constant dense<0.5> : tensor<4x1xf32>
  %b = arith.constant dense<0.25> : tensor<4xf32>
  %h, %c = s2s.encoder %x, %len weights(%wi, %wh, %b) {gate_activation = "sigmoid"}
      : tensor<?x?x2xf32>, tensor<?xi32>, tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>
      -> tensor<1x?x1xf32>, tensor<1x?x1xf32>
  %ctx = s2s.context %h : tensor<1x?x1xf32> -> tensor<?x1xf32>
  %tgt = arith.constant dense<2.0> : tensor<3x2xf32>
  %wd = arith.constant dense<0.125> : tensor<4x3xf32>
  %wo = arith.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wd, %wh, %b : tensor<4x3xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "sigmoid",
       peek = "concat", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}
