// RUN: s2s-opt %s -split-input-file -verify-diagnostics

// The s2s.* attributes the pipeline reads (S2SDialect::
// verifyOperationAttribute): one of the wrong kind is a verifier error, not
// a crash in the pass that reads it.

// expected-error @+1 {{'builtin.func' op expects 's2s.model' to be a string that is a C identifier (the model's name), got 3 : i64}}
func @m() attributes {s2s.model = 3 : i64} {
  return
}

// -----

// expected-error @+1 {{expects 's2s.model' to be a string that is a C identifier (the model's name), got "a-b"}}
func @m() attributes {s2s.model = "a-b"} {
  return
}

// -----

// expected-error @+1 {{'builtin.module' op expects 's2s.model' only on a function}}
module attributes {s2s.model = "m"} {
}

// -----

// expected-error @+1 {{expects 's2s.source_kind' to be "tokens" or "vectors", got "words"}}
func @m() attributes {s2s.model = "m", s2s.source_kind = "words"} {
  return
}

// -----

// expected-error @+1 {{expects 's2s.eos' to be a non-negative integer, got -1 : i64}}
func @m() attributes {s2s.model = "m", s2s.eos = -1 : i64} {
  return
}

// -----

// expected-error @+1 {{expects 's2s.target' to be a string, got 1 : i64}}
module attributes {s2s.target = 1 : i64} {
}

// -----

// expected-error @+1 {{expects 's2s.variants' to be an array of {name, target : string, features : [integer]}}}
module attributes {s2s.variants = [{name = "avx2", target = "x86-64"}]} {
}

// -----

// expected-error @+1 {{expects 's2s.device' to be "cuda" (the one device kernels run on), got "rocm"}}
module attributes {s2s.device = "rocm"} {
}

// -----

// A model's name is refused where a spec's would be (NAME.h, NAME_create).
// expected-error @+1 {{expects 's2s.model' not to be "pthread": its functions (pthread_create, pthread_destroy) would be the C library's}}
func @f() attributes {s2s.model = "pthread"} {
  return
}
