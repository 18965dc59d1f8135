// RUN: s2s-opt %s -s2s-lower-to-cells -s2s-pack-weights | FileCheck %s
// RUN: s2s-opt %s -s2s-lower-to-cells -s2s-pack-weights | FileCheck %s --check-prefix=GONE

// A one-layer token model with tiny weights. Encoder w_ih and w_out are not
// splats, so their globals show the transposed packing.

// The model function and every model-level op are gone.
// GONE-NOT: func @tiny(
// GONE-NOT: s2s.embedding
// GONE-NOT: s2s.encoder
// GONE-NOT: s2s.context
// GONE-NOT: s2s.greedy_decoder
// GONE-NOT: s2s.vector_decoder
// GONE-NOT: s2s.dense
// GONE-NOT: arith.constant dense
// peek none: nothing to split off the decoder's input projection.
// GONE-NOT: s2s.seq_matmul_add
// GONE-NOT: _w_ih_context_t

// CHECK-LABEL: func @tiny_translate_impl(
// CHECK-SAME: %[[SRC:[^:]*]]: memref<?x?xi32>, %[[LEN:[^:]*]]: memref<?xi32>, %[[OUT:[^:]*]]: memref<?x?xi32>, %[[OUTLEN:[^:]*]]: memref<?xi32>, %[[LOGITS:[^:]*]]: memref<?x?x3xf32>, %[[WANT:[^:]*]]: i1) -> i32
// CHECK-SAME: attributes {s2s.bos = 1 : i64, s2s.eos = 2 : i64, s2s.max_length = 4 : i64, s2s.model = "tiny", s2s.source_kind = "tokens", s2s.source_vocab = 3 : i64, s2s.state_width = 3 : i64, s2s.target_kind = "tokens", s2s.target_vocab = 3 : i64}
// CHECK:       %[[BATCH:.*]] = memref.dim %[[SRC]], %{{.*}} : memref<?x?xi32>
// The encoder runs for the longest source (max over src_len), not for
// max_src_len: buffers follow the lengths.
// CHECK:       %[[LONGEST:.*]] = scf.for {{.*}} -> (i32) {
// CHECK-NEXT:    memref.load %[[LEN]]
// CHECK:       %[[STEPS:.*]] = arith.index_cast %[[LONGEST]] : i32 to index

// Encoder: one gather and one input projection over all T*B rows ...
// CHECK:       %[[TABLE:.*]] = memref.get_global @tiny_source_embedding : memref<3x2xf32>
// CHECK:       s2s.gather %[[IDS:.*]], %[[TABLE]], %[[X:.*]] : memref<?xi32>, memref<3x2xf32>, memref<?x2xf32>
// CHECK:       %[[WIH:.*]] = memref.get_global @tiny_encoder_l0_w_ih_t : memref<2x4xf32>
// CHECK-NEXT:  %[[WHH:.*]] = memref.get_global @tiny_encoder_l0_w_hh_t : memref<1x4xf32>
// CHECK-NEXT:  %[[B:.*]] = memref.get_global @tiny_encoder_l0_b : memref<4xf32>
// CHECK-NEXT:  %[[GATES:.*]] = memref.alloc
// CHECK-NEXT:  s2s.seq_matmul %[[X]], %[[WIH]], %[[B]], %[[GATES]] {activation = "linear"} : memref<?x2xf32>, memref<2x4xf32>, memref<4xf32>, memref<?x4xf32>
// ... then a time loop holding exactly one fused step.
// CHECK:       scf.for %[[T:.*]] = %{{.*}} to %[[STEPS]] step
// CHECK-NOT:     scf.for
// CHECK-NOT:     s2s.seq_matmul
// CHECK-DAG:     %[[XG:.*]] = memref.subview %[[GATES]]
// CHECK-DAG:     %[[T32:.*]] = arith.index_cast %[[T]] : index to i32
// CHECK:         s2s.lstm_step %[[XG]], %[[WHH]], %{{.*}}, %{{.*}}, %[[LEN]], %[[T32]], %{{.*}}, %{{.*}} {gate_activation = "sigmoid"}
// CHECK-NEXT:  }

// Decoder: min(max_out, max_length) steps of projection, step, argmax and
// the gather of the next input, all in one loop; the first input (the BOS
// embedding) is gathered before it. Every step runs on the ROWS sequences
// still running, compacted into the first rows of the per-row buffers.
// CHECK:       %[[MAXOUT:.*]] = memref.dim %[[OUT]], %{{.*}} : memref<?x?xi32>
// CHECK:       %[[DSTEPS:.*]] = select %{{.*}}, %[[MAXOUT]], %{{.*}} : index
// CHECK:       %[[TTABLE:.*]] = memref.get_global @tiny_target_embedding : memref<3x2xf32>
// CHECK:       %[[EMB:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x2xf32>
// CHECK:       %[[ACTIVE:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1xindex>
// CHECK:       %[[ROWOF:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi32>
// CHECK:       %[[LENGTH:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi32>
// CHECK:       %[[FEEDBACK:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi32>
// CHECK:         %[[BOS:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    memref.store %[[BOS]], %[[FEEDBACK]]
// CHECK:       s2s.gather %[[FEEDBACK]], %[[TTABLE]], %[[EMB]] : memref<?xi32>, memref<3x2xf32>, memref<?x2xf32>
// CHECK:       scf.for %[[S:.*]] = %{{.*}} to %[[DSTEPS]] step
// CHECK:         %[[ROWS:.*]] = memref.load %[[ACTIVE]]
// CHECK-NOT:     scf.for
// CHECK-NOT:     s2s.gather
// CHECK:         %[[EMBS:.*]] = memref.subview %[[EMB]][%{{.*}}, 0] [%[[ROWS]], 2] [1, 1]
// CHECK:         s2s.seq_matmul %[[EMBS]], %{{.*}}, %{{.*}}, %[[DGATES:.*]] {activation = "linear"} : memref<?x2xf32, #{{.*}}>, memref<2x4xf32>, memref<4xf32>, memref<?x4xf32, #{{.*}}>
// CHECK-NOT:     scf.for
// CHECK:         s2s.lstm_step %[[DGATES]], {{.*}} {gate_activation = "hard_sigmoid"}
// CHECK-NOT:     s2s.
// CHECK:         s2s.project_argmax
// CHECK-SAME:      memref<1x3xf32>, memref<3xf32>, memref<?x3xf32, #{{.*}}>, memref<?xi32, #{{.*}}>
// Greedy bookkeeping, then the next input: the embedding of the tokens just
// chosen, at the end of the step.
// CHECK:         scf.for
// CHECK:             memref.store %{{.*}}, %[[FEEDBACK]]
// CHECK:         memref.store %[[LEFT:.*]], %[[ACTIVE]]
// CHECK:           memref.subview %[[FEEDBACK]][%{{.*}}] [%[[LEFT]]] [1]
// CHECK:           s2s.gather %{{.*}}, %[[TTABLE]], %{{.*}} : memref<?xi32, #{{.*}}>, memref<3x2xf32>, memref<?x2xf32, #{{.*}}>
// CHECK-NEXT:  {{^ *}}}
// CHECK:       memref.dealloc
// CHECK:       return %{{.*}} : i32
// CHECK-NEXT: }

// Weights are private constants, [in, out] for the projections.
// CHECK-DAG: memref.global "private" constant @tiny_source_embedding : memref<3x2xf32> = dense<1.000000e+00> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @tiny_encoder_l0_w_ih_t : memref<2x4xf32> = dense<{{\[}}[1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00, 8.000000e+00]]>
// CHECK-DAG: memref.global "private" constant @tiny_encoder_l0_w_hh_t : memref<1x4xf32> = dense<5.000000e-01>
// CHECK-DAG: memref.global "private" constant @tiny_encoder_l0_b : memref<4xf32> = dense<2.500000e-01>
// CHECK-DAG: memref.global "private" constant @tiny_target_embedding : memref<3x2xf32> = dense<2.000000e+00>
// CHECK-DAG: memref.global "private" constant @tiny_output_w_t : memref<1x3xf32> = dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00]]>
// CHECK-DAG: memref.global "private" constant @tiny_output_b : memref<3xf32> = dense<0.000000e+00>

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
  %wo = arith.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>
  %bo = arith.constant dense<0.0> : tensor<3xf32>
  %t, %l, %g = s2s.greedy_decoder %h, %c, %ctx, %max embedding(%tgt : tensor<3x2xf32>)
      layers(%wi, %wh, %b : tensor<4x2xf32>, tensor<4x1xf32>, tensor<4xf32>)
      readout(%wo, %bo : tensor<3x1xf32>, tensor<3xf32>)
      {bos = 1 : i64, eos = 2 : i64, max_length = 4 : i64, gate_activation = "hard_sigmoid",
       peek = "none", first_input = "bos", init_state = "encoder"}
      : tensor<1x?x1xf32>, tensor<1x?x1xf32>, tensor<?x1xf32> -> tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
  return %t, %l, %g : tensor<?x?xi32>, tensor<?xi32>, tensor<?x?x3xf32>
}
