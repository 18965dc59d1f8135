//===- S2SRuntime.cpp - The C API's support, in every generated library -===//
///
/// What SPEC.md's C API does besides running the model, written once and
/// compiled into every package s2sc writes: the argument checks of
/// NAME_translate (and of a beam model's NAME_translate_nbest) with their
/// messages, the error state (each model object is
/// its own error buffer; the first Halide error of a call is kept per
/// thread), the Halide error handler and the choice of a multi-target
/// library's variant.
///
/// - Native libraries: s2sc's build compiles this file to LLVM bitcode per
///   architecture (x86-64, AArch64; clang, freestanding) and links it into
///   each library's host code (RuntimeLinker.cpp). The C API functions that
///   EmitCApi.cpp builds call it.
/// - `--emit=cpp` packages: the file is part of NAME_runtime.cpp, and the C
///   API in NAME_host.cpp calls it.
///
/// Every symbol is weak: several s2sc libraries share one program, and one
/// Halide error handler and one per-thread message. It is C-compatible C++
/// with no library beyond vsnprintf, malloc and free.
///
//===----------------------------------------------------------------------===//
#ifdef S2S_RUNTIME_FREESTANDING
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
int vsnprintf(char *buffer, size_t size, const char *format, va_list args);
void *malloc(size_t size);
void free(void *pointer);
}
#else
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#endif

#define S2S_RUNTIME_API extern "C" __attribute__((weak))

/// Bytes of a model's error buffer (the model object) and of the kernel
/// message.
#define S2S_ERROR_BUFFER_SIZE 256
/// Halide's status for a failed allocation (halide_error_code_out_of_memory),
/// which the host code's own allocation checks return too.
#define S2S_OUT_OF_MEMORY (-3)

/// This thread's first Halide error message of the current call (defined
/// here: `extern "C"` on the declaration itself would only declare it).
extern "C" {
__attribute__((weak)) __thread char __s2s_kernel_error[S2S_ERROR_BUFFER_SIZE];
}

namespace {

/// Writes a message into the model's error buffer; returns 1, the status
/// of a rejected call.
__attribute__((format(printf, 2, 3))) int32_t fail(char *model, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(model, S2S_ERROR_BUFFER_SIZE, format, args);
  va_end(args);
  return 1;
}

} // namespace

/// The Halide error handler (native libraries install it in NAME_create;
/// the C++ package's halide_error calls it): keeps the first message since
/// the call began; later ones are consequences (a GPU call failing after an
/// earlier one did).
S2S_RUNTIME_API void __s2s_on_halide_error(void *user_context, const char *message) {
  (void)user_context;
  if (__s2s_kernel_error[0] == '\0')
    fail(__s2s_kernel_error, "%s", message);
}

/// NAME_create: a model object, its error buffer empty; NULL when out of
/// memory.
S2S_RUNTIME_API char *__s2s_new_model(void) {
  char *model = static_cast<char *>(malloc(S2S_ERROR_BUFFER_SIZE));
  if (model)
    model[0] = '\0';
  return model;
}

/// NAME_destroy.
S2S_RUNTIME_API void __s2s_delete_model(char *model) { free(model); }

/// NAME_last_error: the model's message; for NULL, why NAME_create made no
/// model (`no_model`, when the library says) or that the model is NULL.
S2S_RUNTIME_API const char *__s2s_last_error(const char *model, const char *no_model) {
  if (model)
    return model;
  return no_model ? no_model : "model is NULL";
}

/// NAME_translate's argument checks, in order, before anything is written:
/// 0 when all pass, else 1 with the message in the model (none for a NULL
/// model: it has no buffer). `source_vocab` is V for token sources (ids are
/// checked) and 0 for vector sources; `token_target`: out_len and max_out
/// (NAME_translate) rather than steps (NAME_translate_vectors).
S2S_RUNTIME_API int32_t __s2s_check_translate(char *model, const void *src, const int32_t *src_len,
                                              int32_t batch, int32_t max_src_len, const void *out,
                                              const int32_t *out_len, int32_t max_out,
                                              int32_t source_vocab, int32_t token_target) {
  if (!model)
    return 1;
  if (!src)
    return fail(model, "src is NULL");
  if (!src_len)
    return fail(model, "src_len is NULL");
  if (!out)
    return fail(model, "out is NULL");
  if (token_target && !out_len)
    return fail(model, "out_len is NULL");
  if (batch < 1)
    return fail(model, "batch must be >= 1, got %d", batch);
  if (max_src_len < 1)
    return fail(model, "max_src_len must be >= 1, got %d", max_src_len);
  if (max_out < 1)
    return token_target ? fail(model, "max_out must be >= 1, got %d", max_out)
                        : fail(model, "steps must be >= 1, got %d", max_out);
  for (int32_t b = 0; b < batch; ++b)
    if (src_len[b] < 1 || src_len[b] > max_src_len)
      return fail(model, "src_len[%d] = %d is outside 1..%d (max_src_len)", b, src_len[b],
                  max_src_len);
  if (source_vocab > 0) {
    // Only positions before src_len[b] are read.
    const int32_t *ids = static_cast<const int32_t *>(src);
    for (int32_t b = 0; b < batch; ++b)
      for (int32_t t = 0; t < src_len[b]; ++t) {
        int32_t id = ids[int64_t(b) * max_src_len + t];
        if (id < 0 || id >= source_vocab)
          return fail(model, "src[%d][%d] = %d is outside the source vocabulary 0..%d", b, t, id,
                      source_vocab - 1);
      }
  }
  return 0;
}

/// A beam model's checks after __s2s_check_translate's: `n_best` in 1..K
/// (`beam_width`), and no logits (NAME_translate: a beam search has no one
/// sequence of step scores; NAME_translate_nbest passes NULL).
S2S_RUNTIME_API int32_t __s2s_check_beam(char *model, int32_t n_best, int32_t beam_width,
                                         const float *logits) {
  if (n_best < 1 || n_best > beam_width)
    return fail(model, "n_best must be in 1..%d (beam_width), got %d", beam_width, n_best);
  if (logits)
    return fail(model, "logits must be NULL: a beam-search model has no per-step logits "
                       "(its _translate_nbest gives scores)");
  return 0;
}

/// Before NAME_translate_impl runs: no kernel message yet.
S2S_RUNTIME_API void __s2s_begin_call(void) { __s2s_kernel_error[0] = '\0'; }

/// After NAME_translate_impl returned `status`: a failure's message into the
/// model. Returns the status, NAME_translate's result.
S2S_RUNTIME_API int32_t __s2s_end_call(char *model, int32_t status) {
  if (status == S2S_OUT_OF_MEMORY)
    fail(model, "out of memory (status %d)", status);
  else if (status != 0)
    fail(model, "a kernel failed with status %d: %s", status, __s2s_kernel_error);
  return status;
}

/// The index of the first of `count` variants whose Halide features
/// (`words` uint64s each in `features`, one variant after another) the
/// running CPU has, by `can_use` (halide_can_use_target_features), or -1.
/// Chosen once and kept in `*cache` (-2: not yet): kernel calls ask every
/// time, and `can_use` takes a mutex. Relaxed atomics: threads may ask at
/// once, and all find the same answer.
S2S_RUNTIME_API int32_t __s2s_select_variant(int32_t *cache, int32_t count, int32_t words,
                                             const uint64_t *features,
                                             int (*can_use)(int, const uint64_t *)) {
  int32_t chosen = __atomic_load_n(cache, __ATOMIC_RELAXED);
  if (chosen != -2)
    return chosen;
  chosen = -1;
  for (int32_t i = 0; i < count && chosen < 0; ++i)
    if (can_use(words, features + int64_t(i) * words))
      chosen = i;
  __atomic_store_n(cache, chosen, __ATOMIC_RELAXED);
  return chosen;
}
