// RUN: s2s-opt %s -split-input-file -s2s-emit-c-api | FileCheck %s

// The C API of SPEC.md around m_translate_impl: create, destroy, last_error
// and translate, in that order, with C types (model = i8*, int32_t* = i32*).
// What they do besides running the model is the s2s runtime's
// (lib/Runtime/S2SRuntime.cpp, linked in when the host code becomes LLVM
// IR): here only its declarations.

// CHECK-DAG: llvm.func @halide_set_error_handler(
// CHECK-DAG: llvm.func @__s2s_on_halide_error(!llvm.ptr<i8>, !llvm.ptr<i8>)
// CHECK-DAG: llvm.func @__s2s_new_model() -> !llvm.ptr<i8>
// CHECK-DAG: llvm.func @__s2s_delete_model(!llvm.ptr<i8>)
// CHECK-DAG: llvm.func @__s2s_last_error(!llvm.ptr<i8>, !llvm.ptr<i8>) -> !llvm.ptr<i8>
// CHECK-DAG: llvm.func @__s2s_check_translate(!llvm.ptr<i8>, !llvm.ptr<i8>, !llvm.ptr<i32>, i32, i32, !llvm.ptr<i8>, !llvm.ptr<i32>, i32, i32, i32) -> i32
// CHECK-DAG: llvm.func @__s2s_begin_call()
// CHECK-DAG: llvm.func @__s2s_end_call(!llvm.ptr<i8>, i32) -> i32
// A library of one variant chooses none.
// CHECK-NOT: @__s2s_select_variant

// Halide's errors are kept (not printed and aborted on) by the runtime's
// handler, which create installs.
// CHECK-LABEL: func @m_create() -> !llvm.ptr<i8> {
// CHECK:         %[[HANDLER:.*]] = llvm.mlir.addressof @__s2s_on_halide_error
// CHECK:         llvm.call @halide_set_error_handler(%[[HANDLER]])
// CHECK:         llvm.call @__s2s_new_model()

// CHECK-LABEL: func @m_destroy(%{{.*}}: !llvm.ptr<i8>) {
// CHECK:         llvm.call @__s2s_delete_model

// No reason of the library's own for a NULL model: the runtime's.
// CHECK-LABEL: func @m_last_error(
// CHECK-SAME:    %[[M:.*]]: !llvm.ptr<i8>) -> !llvm.ptr<i8> {
// CHECK-NEXT:    %[[NONE:.*]] = llvm.mlir.null : !llvm.ptr<i8>
// CHECK-NEXT:    llvm.call @__s2s_last_error(%[[M]], %[[NONE]])

// The runtime checks every argument (the source vocabulary 5 for ids, a
// token target); the host code runs only when it accepts them, on views of
// the caller's buffers, between begin_call and end_call (which reports a
// failed status in the model).
// CHECK-LABEL: func @m_translate(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %[[SRC:[^:]*]]: !llvm.ptr<i32>, %[[SRC_LEN:[^:]*]]: !llvm.ptr<i32>, %[[BATCH:[^:]*]]: i32, %[[MAX_SRC:[^:]*]]: i32, %[[OUT:[^:]*]]: !llvm.ptr<i32>, %[[OUT_LEN:[^:]*]]: !llvm.ptr<i32>, %[[MAX_OUT:[^:]*]]: i32, %[[LOGITS:[^:]*]]: !llvm.ptr<f32>) -> i32 {
// CHECK-NEXT:    %[[SRC8:.*]] = llvm.bitcast %[[SRC]] : !llvm.ptr<i32> to !llvm.ptr<i8>
// CHECK-NEXT:    %[[OUT8:.*]] = llvm.bitcast %[[OUT]] : !llvm.ptr<i32> to !llvm.ptr<i8>
// CHECK-NEXT:    %[[VOCAB:.*]] = arith.constant 5 : i32
// CHECK-NEXT:    %[[TOKENS:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[REJECTED:.*]] = llvm.call @__s2s_check_translate(%[[M]], %[[SRC8]], %[[SRC_LEN]], %[[BATCH]], %[[MAX_SRC]], %[[OUT8]], %[[OUT_LEN]], %[[MAX_OUT]], %[[VOCAB]], %[[TOKENS]])
// CHECK:         %[[BAD:.*]] = arith.cmpi ne, %[[REJECTED]], %{{.*}} : i32
// CHECK-NEXT:    %[[RESULT:.*]] = scf.if %[[BAD]] -> (i32) {
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT:      scf.yield %[[ONE]] : i32
// CHECK-NEXT:    } else {
// CHECK:           %[[SRC_V:.*]] = s2s.view_pointer %[[SRC]][%{{.*}}, %{{.*}}] : !llvm.ptr<i32> -> memref<?x?xi32>
// CHECK-NEXT:      %[[LEN_V:.*]] = s2s.view_pointer %[[SRC_LEN]][%{{.*}}] : !llvm.ptr<i32> -> memref<?xi32>
// CHECK-NEXT:      %[[OUT_V:.*]] = s2s.view_pointer %[[OUT]][%{{.*}}, %{{.*}}] : !llvm.ptr<i32> -> memref<?x?xi32>
// CHECK-NEXT:      %[[OUT_LEN_V:.*]] = s2s.view_pointer %[[OUT_LEN]][%{{.*}}] : !llvm.ptr<i32> -> memref<?xi32>
// CHECK-NEXT:      %[[LOGITS_V:.*]] = s2s.view_pointer %[[LOGITS]][%{{.*}}, %{{.*}}] : !llvm.ptr<f32> -> memref<?x?x3xf32>
// CHECK:           llvm.call @__s2s_begin_call()
// CHECK-NEXT:      %[[STATUS:.*]] = call @m_translate_impl(%[[SRC_V]], %[[LEN_V]], %[[OUT_V]], %[[OUT_LEN_V]], %[[LOGITS_V]], %{{.*}}) : (memref<?x?xi32>, memref<?xi32>, memref<?x?xi32>, memref<?xi32>, memref<?x?x3xf32>, i1) -> i32
// CHECK-NEXT:      %[[REPORTED:.*]] = llvm.call @__s2s_end_call(%[[M]], %[[STATUS]])
// CHECK-NEXT:      scf.yield %[[REPORTED]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[RESULT]] : i32

// The host function itself is kept as it was.
// CHECK-LABEL: func @m_translate_impl(
// CHECK-NEXT:    arith.constant 0 : i32
// CHECK-NEXT:    return
func @m_translate_impl(%src: memref<?x?xi32>, %len: memref<?xi32>, %out: memref<?x?xi32>,
                       %outlen: memref<?xi32>, %logits: memref<?x?x3xf32>, %want: i1) -> i32
    attributes {s2s.model = "m", s2s.source_kind = "tokens", s2s.source_vocab = 5 : i64,
                s2s.target_kind = "tokens", s2s.target_vocab = 3 : i64, s2s.bos = 1 : i64,
                s2s.eos = 2 : i64, s2s.max_length = 4 : i64} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// -----

// A vector model: NAME_translate_vectors(m, src, src_len, batch,
// max_src_len, out, steps) with float sources and outputs: the runtime
// gets no out_len (NULL), steps where max_out was, no vocabulary (0: no id
// check) and a vector target (0: its messages name steps).
// CHECK-LABEL: func @v_create()
// CHECK-NOT:   func @v_translate(
// CHECK-LABEL: func @v_translate_vectors(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %[[SRC:[^:]*]]: !llvm.ptr<f32>, %[[SRC_LEN:[^:]*]]: !llvm.ptr<i32>, %[[BATCH:[^:]*]]: i32, %[[MAX_SRC:[^:]*]]: i32, %[[OUT:[^:]*]]: !llvm.ptr<f32>, %[[STEPS:[^:]*]]: i32) -> i32 {
// CHECK-NEXT:    %[[NO_OUT_LEN:.*]] = llvm.mlir.null : !llvm.ptr<i32>
// CHECK-NEXT:    %[[SRC8:.*]] = llvm.bitcast %[[SRC]] : !llvm.ptr<f32> to !llvm.ptr<i8>
// CHECK-NEXT:    %[[OUT8:.*]] = llvm.bitcast %[[OUT]] : !llvm.ptr<f32> to !llvm.ptr<i8>
// CHECK-NEXT:    %[[NO_VOCAB:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[VECTORS:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[REJECTED:.*]] = llvm.call @__s2s_check_translate(%[[M]], %[[SRC8]], %[[SRC_LEN]], %[[BATCH]], %[[MAX_SRC]], %[[OUT8]], %[[NO_OUT_LEN]], %[[STEPS]], %[[NO_VOCAB]], %[[VECTORS]])
// CHECK:         %[[SRC_V:.*]] = s2s.view_pointer %[[SRC]][%{{.*}}, %{{.*}}] : !llvm.ptr<f32> -> memref<?x?x4xf32>
// CHECK-NEXT:    %[[LEN_V:.*]] = s2s.view_pointer %[[SRC_LEN]][%{{.*}}] : !llvm.ptr<i32> -> memref<?xi32>
// CHECK-NEXT:    %[[OUT_V:.*]] = s2s.view_pointer %[[OUT]][%{{.*}}, %{{.*}}] : !llvm.ptr<f32> -> memref<?x?x3xf32>
// CHECK-NEXT:    llvm.call @__s2s_begin_call()
// CHECK-NEXT:    call @v_translate_impl(%[[SRC_V]], %[[LEN_V]], %[[OUT_V]]) : (memref<?x?x4xf32>, memref<?xi32>, memref<?x?x3xf32>) -> i32
func @v_translate_impl(%src: memref<?x?x4xf32>, %len: memref<?xi32>, %out: memref<?x?x3xf32>) -> i32
    attributes {s2s.model = "v", s2s.source_kind = "vectors", s2s.source_dim = 4 : i64,
                s2s.target_kind = "vectors", s2s.target_dim = 3 : i64, s2s.max_length = 5 : i64} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// -----

// A vector source with a token target: NAME_translate with a float src, no
// vocabulary (0) and a token target (1).
// CHECK-LABEL: func @w_translate(
// CHECK-SAME:    %{{[^:]*}}: !llvm.ptr<i8>, %[[SRC:[^:]*]]: !llvm.ptr<f32>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: i32, %{{[^:]*}}: i32, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: i32, %{{[^:]*}}: !llvm.ptr<f32>) -> i32 {
// CHECK:         %[[NO_VOCAB:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[TOKENS:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    llvm.call @__s2s_check_translate({{.*}}, %[[NO_VOCAB]], %[[TOKENS]])
// CHECK:         s2s.view_pointer %[[SRC]][%{{.*}}, %{{.*}}] : !llvm.ptr<f32> -> memref<?x?x4xf32>
// CHECK:         call @w_translate_impl(
func @w_translate_impl(%src: memref<?x?x4xf32>, %len: memref<?xi32>, %out: memref<?x?xi32>,
                       %outlen: memref<?xi32>, %logits: memref<?x?x3xf32>, %want: i1) -> i32
    attributes {s2s.model = "w", s2s.source_kind = "vectors", s2s.source_dim = 4 : i64,
                s2s.target_kind = "tokens", s2s.target_vocab = 3 : i64, s2s.bos = 1 : i64,
                s2s.eos = 2 : i64, s2s.max_length = 4 : i64} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// -----

// A beam-search model (s2s.beam_width): NAME_translate gives the best
// hypothesis (n_best 1, no scores) and refuses logits; NAME_translate_nbest
// takes n_best and scores. The beam checks run only after the common ones
// passed, so the first failing check's message is the one kept.
// CHECK-DAG:   llvm.func @__s2s_check_beam(!llvm.ptr<i8>, i32, i32, !llvm.ptr<f32>) -> i32
// CHECK-LABEL: func @k_translate(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: i32, %{{[^:]*}}: i32, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: i32, %[[LOGITS:[^:]*]]: !llvm.ptr<f32>) -> i32 {
// CHECK:         %[[ONE:.*]] = arith.constant 1 : i32
// CHECK:         llvm.call @__s2s_check_translate(
// CHECK:         scf.if
// CHECK:         } else {
// CHECK:           %[[K:.*]] = arith.constant 3 : i32
// CHECK:           llvm.call @__s2s_check_beam(%[[M]], %[[ONE]], %[[K]], %[[LOGITS]])
// CHECK:         s2s.view_pointer %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}] : !llvm.ptr<i32> -> memref<?x?x?xi32>
// CHECK:         call @k_translate_impl(
// CHECK-LABEL: func @k_translate_nbest(
// CHECK-SAME:    %[[M2:[^:]*]]: !llvm.ptr<i8>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: i32, %{{[^:]*}}: i32, %[[NBEST:[^:]*]]: i32, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: i32, %[[SCORES:[^:]*]]: !llvm.ptr<f32>) -> i32 {
// CHECK:         %[[NOLOGITS:.*]] = llvm.mlir.null : !llvm.ptr<f32>
// CHECK:         llvm.call @__s2s_check_translate(
// CHECK:           llvm.call @__s2s_check_beam(%[[M2]], %[[NBEST]], %{{.*}}, %[[NOLOGITS]])
// CHECK:         %[[SCORES_V:.*]] = s2s.view_pointer %[[SCORES]][%{{.*}}, %{{.*}}] : !llvm.ptr<f32> -> memref<?x?xf32>
// CHECK:         call @k_translate_impl({{.*}}, %[[SCORES_V]], %{{.*}})
func @k_translate_impl(%src: memref<?x?xi32>, %len: memref<?xi32>, %out: memref<?x?x?xi32>,
                       %outlen: memref<?x?xi32>, %scores: memref<?x?xf32>, %want: i1) -> i32
    attributes {s2s.model = "k", s2s.source_kind = "tokens", s2s.source_vocab = 5 : i64,
                s2s.target_kind = "tokens", s2s.target_vocab = 6 : i64, s2s.bos = 1 : i64,
                s2s.eos = 2 : i64, s2s.max_length = 4 : i64, s2s.beam_width = 3 : i64} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// -----

// The step-wise API of a vector model with 6-float state rows: the state is
// the runtime's (created for the model's name and width); NAME_encode and
// NAME_decode_step_vectors check through it, view its rows as [rows][6]
// and call the host functions, and report through __s2s_end_state_call
// (encode: batch rows now hold a decoder state; a step: unchanged, -1).
// CHECK-DAG:   llvm.func @__s2s_state_create(!llvm.ptr<i8>, !llvm.ptr<i8>, i32, i32, i32) -> !llvm.ptr<i8>
// CHECK-DAG:   llvm.func @__s2s_check_step(!llvm.ptr<i8>, !llvm.ptr<i8>, !llvm.ptr<i8>, i32, !llvm.ptr<i8>, i32, i32, !llvm.ptr<i8>) -> i32
// CHECK-LABEL: func @s_state_create(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %[[ROWS:[^:]*]]: i32, %[[MAX_SRC:[^:]*]]: i32) -> !llvm.ptr<i8> {
// CHECK:         %[[NAME:.*]] = llvm.getelementptr
// CHECK:         %[[WIDTH:.*]] = arith.constant 6 : i32
// CHECK-NEXT:    llvm.call @__s2s_state_create(%[[M]], %[[NAME]], %[[ROWS]], %[[MAX_SRC]], %[[WIDTH]])
// CHECK-LABEL: func @s_state_destroy(
// CHECK:         llvm.call @__s2s_state_destroy(
// CHECK-LABEL: func @s_encode(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %[[S:[^:]*]]: !llvm.ptr<i8>, %[[SRC:[^:]*]]: !llvm.ptr<f32>, %[[SRC_LEN:[^:]*]]: !llvm.ptr<i32>, %[[BATCH:[^:]*]]: i32, %[[MAX_SRC:[^:]*]]: i32) -> i32 {
// CHECK:         %[[REJECTED:.*]] = llvm.call @__s2s_check_encode(%[[M]], %[[S]], %{{.*}}, %{{.*}}, %{{.*}}, %[[SRC_LEN]], %[[BATCH]], %[[MAX_SRC]], %{{.*}})
// CHECK:         %[[DATA:.*]] = llvm.call @__s2s_state_data(%[[S]])
// CHECK:         %[[STATE_V:.*]] = s2s.view_pointer %[[DATA]][%{{.*}}] : !llvm.ptr<f32> -> memref<?x6xf32>
// CHECK:         %[[STATUS:.*]] = call @s_encode_impl(%{{.*}}, %{{.*}}, %[[STATE_V]])
// CHECK-NEXT:    llvm.call @__s2s_end_state_call(%[[M]], %[[S]], %[[STATUS]], %[[BATCH]])
// CHECK-LABEL: func @s_decode_step_vectors(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %[[S:[^:]*]]: !llvm.ptr<i8>, %[[PREV:[^:]*]]: !llvm.ptr<f32>, %[[N:[^:]*]]: i32, %[[OUT:[^:]*]]: !llvm.ptr<f32>) -> i32 {
// CHECK:         %[[NO_VOCAB:.*]] = arith.constant 0 : i32
// CHECK:         llvm.call @__s2s_check_step(%[[M]], %[[S]], %{{.*}}, %{{.*}}, %{{.*}}, %[[N]], %[[NO_VOCAB]], %{{.*}})
// CHECK:         %[[PREV_V:.*]] = s2s.view_pointer %[[PREV]][%{{.*}}] : !llvm.ptr<f32> -> memref<?x3xf32>
// CHECK:         %[[HAS_PREV:.*]] = arith.xori
// CHECK:         %[[OUT_V:.*]] = s2s.view_pointer %[[OUT]][%{{.*}}] : !llvm.ptr<f32> -> memref<?x3xf32>
// CHECK:         %[[STATUS:.*]] = call @s_step_impl(%{{.*}}, %[[PREV_V]], %[[HAS_PREV]], %[[OUT_V]])
// CHECK-NEXT:    llvm.call @__s2s_end_state_call(%[[M]], %[[S]], %[[STATUS]], %c-1_i32)
// CHECK-LABEL: func @s_state_select(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %[[S:[^:]*]]: !llvm.ptr<i8>, %[[FROM:[^:]*]]: !llvm.ptr<i32>, %[[N:[^:]*]]: i32) -> i32 {
// CHECK:         llvm.call @__s2s_state_select(%[[M]], %[[S]], %{{.*}}, %{{.*}}, %[[FROM]], %[[N]])
func @s_translate_impl(%src: memref<?x?x4xf32>, %len: memref<?xi32>, %out: memref<?x?x3xf32>) -> i32
    attributes {s2s.model = "s", s2s.source_kind = "vectors", s2s.source_dim = 4 : i64,
                s2s.target_kind = "vectors", s2s.target_dim = 3 : i64, s2s.max_length = 5 : i64,
                s2s.state_width = 6 : i64} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}
func @s_encode_impl(%src: memref<?x?x4xf32>, %len: memref<?xi32>, %state: memref<?x6xf32>) -> i32
    attributes {s2s.model = "s"} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}
func @s_step_impl(%state: memref<?x6xf32>, %prev: memref<?x3xf32>, %has: i1, %out: memref<?x3xf32>) -> i32
    attributes {s2s.model = "s"} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}
