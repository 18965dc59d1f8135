// RUN: not s2s-opt %s -s2s-emit-c-api 2>&1 | FileCheck %s

// A host function without the attributes s2s-lower-to-cells puts on it
// (here s2s.source_kind and s2s.target_kind): an error that names the
// missing attribute, not a crash. Known to crash at the time of writing
// (EmitCApi.cpp reads the attributes without checking them).
// CHECK:     error: {{.*}}s2s.source_kind
// CHECK-NOT: Stack dump
func @m_translate_impl(%src: memref<?x?xi32>, %len: memref<?xi32>, %out: memref<?x?xi32>,
                       %outlen: memref<?xi32>, %logits: memref<?x?x3xf32>, %want: i1) -> i32
    attributes {s2s.model = "m", s2s.source_vocab = 5 : i64, s2s.target_vocab = 3 : i64,
                s2s.eos = 2 : i64, s2s.max_length = 4 : i64} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}
