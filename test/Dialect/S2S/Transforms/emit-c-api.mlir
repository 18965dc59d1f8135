// RUN: s2s-opt %s -split-input-file -s2s-emit-c-api | FileCheck %s

// The C API of SPEC.md around m_translate_impl: create, destroy, last_error
// and translate, in that order, with C types (model = i8*, int32_t* = i32*).

// Messages are private constants; the vocabulary bound comes from
// s2s.source_vocab.
// CHECK-DAG: llvm.mlir.global internal constant @[[MODEL_NULL:m_str[0-9]+]]("model is NULL\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[SRC_NULL:m_str[0-9]+]]("src is NULL\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[SRC_LEN_NULL:m_str[0-9]+]]("src_len is NULL\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[OUT_NULL:m_str[0-9]+]]("out is NULL\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[OUT_LEN_NULL:m_str[0-9]+]]("out_len is NULL\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[BATCH:m_str[0-9]+]]("batch must be >= 1, got %d\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[MAX_SRC:m_str[0-9]+]]("max_src_len must be >= 1, got %d\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[MAX_OUT:m_str[0-9]+]]("max_out must be >= 1, got %d\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[LEN_RANGE:m_str[0-9]+]]("src_len[%d] = %d is outside 1..%d (max_src_len)\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[VOCAB:m_str[0-9]+]]("src[%d][%d] = %d is outside the source vocabulary 0..%d\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[KERNEL:m_str[0-9]+]]("a kernel failed with status %d: %s\00")
// Halide's errors are kept (not printed and aborted on) by a handler that
// create installs: one weak handler and one thread-local buffer for every
// s2sc library in a process.
// CHECK-DAG: llvm.mlir.global weak @__s2s_kernel_error(dense<0> : tensor<256xi8>) {s2s.thread_local}
// CHECK-DAG: llvm.func weak @__s2s_on_halide_error(%{{.*}}: !llvm.ptr<i8>, %{{.*}}: !llvm.ptr<i8>)
// CHECK-DAG: llvm.func @malloc(i64) -> !llvm.ptr<i8>
// CHECK-DAG: llvm.func @free(!llvm.ptr<i8>)
// CHECK-DAG: llvm.func @snprintf(!llvm.ptr<i8>, i64, !llvm.ptr<i8>, ...) -> i32

// CHECK-LABEL: func @m_create() -> !llvm.ptr<i8> {
// CHECK:         %[[HANDLER:.*]] = llvm.mlir.addressof @__s2s_on_halide_error
// CHECK:         llvm.call @halide_set_error_handler(%[[HANDLER]])
// CHECK:         llvm.call @malloc

// CHECK-LABEL: func @m_destroy(%{{.*}}: !llvm.ptr<i8>) {
// CHECK:         llvm.call @free

// CHECK-LABEL: func @m_last_error(%{{.*}}: !llvm.ptr<i8>) -> !llvm.ptr<i8> {
// CHECK:         llvm.mlir.addressof @[[MODEL_NULL]]

// Each argument check nests the next in its else branch, in SPEC.md's order;
// the host code runs innermost, on views of the caller's buffers.
// CHECK-LABEL: func @m_translate(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %[[SRC:[^:]*]]: !llvm.ptr<i32>, %[[SRC_LEN:[^:]*]]: !llvm.ptr<i32>, %{{[^:]*}}: i32, %{{[^:]*}}: i32, %[[OUT:[^:]*]]: !llvm.ptr<i32>, %[[OUT_LEN:[^:]*]]: !llvm.ptr<i32>, %{{[^:]*}}: i32, %[[LOGITS:[^:]*]]: !llvm.ptr<f32>) -> i32 {
// CHECK:         llvm.icmp "eq" %[[M]], %{{.*}} : !llvm.ptr<i8>
// CHECK:         llvm.mlir.addressof @[[SRC_NULL]]
// CHECK:         llvm.mlir.addressof @[[SRC_LEN_NULL]]
// CHECK:         llvm.mlir.addressof @[[OUT_NULL]]
// CHECK:         llvm.mlir.addressof @[[OUT_LEN_NULL]]
// CHECK:         llvm.mlir.addressof @[[BATCH]]
// CHECK:         llvm.mlir.addressof @[[MAX_SRC]]
// CHECK:         llvm.mlir.addressof @[[MAX_OUT]]
// CHECK:         %[[LEN_V:.*]] = s2s.view_pointer %[[SRC_LEN]][%{{.*}}] : !llvm.ptr<i32> -> memref<?xi32>
// CHECK:         llvm.mlir.addressof @[[LEN_RANGE]]
// CHECK:         %[[SRC_V:.*]] = s2s.view_pointer %[[SRC]][%{{.*}}, %{{.*}}] : !llvm.ptr<i32> -> memref<?x?xi32>
// CHECK:         llvm.mlir.addressof @[[VOCAB]]
// CHECK:         %[[OUT_V:.*]] = s2s.view_pointer %[[OUT]][%{{.*}}, %{{.*}}] : !llvm.ptr<i32> -> memref<?x?xi32>
// CHECK-NEXT:    %[[OUT_LEN_V:.*]] = s2s.view_pointer %[[OUT_LEN]][%{{.*}}] : !llvm.ptr<i32> -> memref<?xi32>
// CHECK-NEXT:    %[[LOGITS_V:.*]] = s2s.view_pointer %[[LOGITS]][%{{.*}}, %{{.*}}] : !llvm.ptr<f32> -> memref<?x?x3xf32>
// CHECK:         %[[STATUS:.*]] = call @m_translate_impl(%[[SRC_V]], %[[LEN_V]], %[[OUT_V]], %[[OUT_LEN_V]], %[[LOGITS_V]], %{{.*}}) : (memref<?x?xi32>, memref<?xi32>, memref<?x?xi32>, memref<?xi32>, memref<?x?x3xf32>, i1) -> i32
// CHECK:         llvm.mlir.addressof @[[KERNEL]]

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
// max_src_len, out, steps) with float sources and outputs, no out_len, no
// logits, no vocabulary check (no message between the source view and the
// call); steps is checked where max_out was.
// CHECK-DAG: llvm.mlir.global internal constant @[[V_OUT_NULL:v_str[0-9]+]]("out is NULL\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[V_STEPS:v_str[0-9]+]]("steps must be >= 1, got %d\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[V_LEN_RANGE:v_str[0-9]+]]("src_len[%d] = %d is outside 1..%d (max_src_len)\00")
// CHECK-LABEL: func @v_create()
// CHECK-NOT:   func @v_translate(
// CHECK-LABEL: func @v_translate_vectors(
// CHECK-SAME:    %[[M:[^:]*]]: !llvm.ptr<i8>, %[[SRC:[^:]*]]: !llvm.ptr<f32>, %[[SRC_LEN:[^:]*]]: !llvm.ptr<i32>, %[[BATCH:[^:]*]]: i32, %[[MAX_SRC:[^:]*]]: i32, %[[OUT:[^:]*]]: !llvm.ptr<f32>, %[[STEPS:[^:]*]]: i32) -> i32 {
// CHECK:         llvm.icmp "eq" %[[OUT]], %{{.*}} : !llvm.ptr<f32>
// CHECK:         llvm.mlir.addressof @[[V_OUT_NULL]]
// CHECK-NOT:     llvm.mlir.addressof
// CHECK:         arith.cmpi slt, %[[BATCH]], %{{.*}} : i32
// CHECK:         arith.cmpi slt, %[[MAX_SRC]], %{{.*}} : i32
// CHECK:         arith.cmpi slt, %[[STEPS]], %{{.*}} : i32
// CHECK:         llvm.mlir.addressof @[[V_STEPS]]
// CHECK:         llvm.call @snprintf(%[[M]], %{{.*}}, %{{.*}}, %[[STEPS]])
// CHECK:         %[[LEN_V:.*]] = s2s.view_pointer %[[SRC_LEN]][%{{.*}}] : !llvm.ptr<i32> -> memref<?xi32>
// CHECK:         llvm.mlir.addressof @[[V_LEN_RANGE]]
// CHECK:         %[[SRC_V:.*]] = s2s.view_pointer %[[SRC]][%{{.*}}, %{{.*}}] : !llvm.ptr<f32> -> memref<?x?x4xf32>
// CHECK-NOT:     llvm.mlir.addressof
// CHECK:         %[[S:.*]] = arith.index_cast %[[STEPS]] : i32 to index
// CHECK-NEXT:    %[[OUT_V:.*]] = s2s.view_pointer %[[OUT]][%{{.*}}, %[[S]]] : !llvm.ptr<f32> -> memref<?x?x3xf32>
// This call's first Halide message is kept afresh.
// CHECK:         llvm.mlir.addressof @__s2s_kernel_error
// CHECK:         llvm.store
// CHECK-NEXT:    call @v_translate_impl(%[[SRC_V]], %[[LEN_V]], %[[OUT_V]]) : (memref<?x?x4xf32>, memref<?xi32>, memref<?x?x3xf32>) -> i32
func @v_translate_impl(%src: memref<?x?x4xf32>, %len: memref<?xi32>, %out: memref<?x?x3xf32>) -> i32
    attributes {s2s.model = "v", s2s.source_kind = "vectors", s2s.source_dim = 4 : i64,
                s2s.target_kind = "vectors", s2s.target_dim = 3 : i64, s2s.max_length = 5 : i64} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// -----

// A vector source with a token target: NAME_translate with a float src and
// no vocabulary check (no message between the source view and the call).
// CHECK-LABEL: func @w_translate(
// CHECK-SAME:    %{{[^:]*}}: !llvm.ptr<i8>, %[[SRC:[^:]*]]: !llvm.ptr<f32>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: i32, %{{[^:]*}}: i32, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: !llvm.ptr<i32>, %{{[^:]*}}: i32, %{{[^:]*}}: !llvm.ptr<f32>) -> i32 {
// CHECK:         s2s.view_pointer %[[SRC]][%{{.*}}, %{{.*}}] : !llvm.ptr<f32> -> memref<?x?x4xf32>
// CHECK-NOT:     llvm.mlir.addressof @w_str
// CHECK:         call @w_translate_impl(
func @w_translate_impl(%src: memref<?x?x4xf32>, %len: memref<?xi32>, %out: memref<?x?xi32>,
                       %outlen: memref<?xi32>, %logits: memref<?x?x3xf32>, %want: i1) -> i32
    attributes {s2s.model = "w", s2s.source_kind = "vectors", s2s.source_dim = 4 : i64,
                s2s.target_kind = "tokens", s2s.target_vocab = 3 : i64, s2s.bos = 1 : i64,
                s2s.eos = 2 : i64, s2s.max_length = 4 : i64} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}
