//===- S2SRuntime.cpp - The C API's support, in every generated library -===//
///
/// What SPEC.md's C API does besides running the model, written once and
/// compiled into every package s2sc writes: the argument checks of
/// NAME_translate (and of a beam model's NAME_translate_nbest) with their
/// messages, the step-wise API's states (NAME_state) and their checks, the error state (each model
/// object is its own error buffer; the first Halide error of a call is kept per thread), the Halide
/// error handler and the choice of a multi-target library's variant.
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

namespace {

int32_t checkSourcePointers(char *model, const void *src, const int32_t *src_len) {
  if (!src)
    return fail(model, "src is NULL");
  if (!src_len)
    return fail(model, "src_len is NULL");
  return 0;
}

int32_t checkSourceSizes(char *model, int32_t batch, int32_t max_src_len) {
  if (batch < 1)
    return fail(model, "batch must be >= 1, got %d", batch);
  if (max_src_len < 1)
    return fail(model, "max_src_len must be >= 1, got %d", max_src_len);
  return 0;
}

/// The lengths, and with `source_vocab` > 0 the ids before each length.
int32_t checkSourceContents(char *model, const void *src, const int32_t *src_len, int32_t batch,
                            int32_t max_src_len, int32_t source_vocab) {
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

} // namespace

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
  if (checkSourcePointers(model, src, src_len))
    return 1;
  if (!out)
    return fail(model, "out is NULL");
  if (token_target && !out_len)
    return fail(model, "out_len is NULL");
  if (checkSourceSizes(model, batch, max_src_len))
    return 1;
  if (max_out < 1)
    return token_target ? fail(model, "max_out must be >= 1, got %d", max_out)
                        : fail(model, "steps must be >= 1, got %d", max_out);
  return checkSourceContents(model, src, src_len, batch, max_src_len, source_vocab);
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

//===----------------------------------------------------------------------===//
// The step-wise API's state (NAME_state)
//===----------------------------------------------------------------------===//

namespace {

/// Marks a live state: a pointer that is not one (freed, or another
/// object) is refused, as far as memory can tell.
const uint64_t kStateMagic = 0x5332535354415445ull; // "S2SSTATE"

/// `rows` rows of `width` floats (the compiler's StateLayout), for the
/// model named `model`.
struct State {
  uint64_t magic;
  const char *model;
  int32_t rows, maxSrcLen, width;
  /// Rows 0..ready-1 hold a decoder state (encoded or selected).
  int32_t ready;
  float *data;
};

bool sameName(const char *a, const char *b) {
  while (*a && *a == *b)
    ++a, ++b;
  return *a == *b;
}

/// A state of model `name` with rows of `width`, or a message.
int32_t checkState(char *model, const void *state, const char *name, int32_t width) {
  const State *s = static_cast<const State *>(state);
  if (!s)
    return fail(model, "state is NULL");
  if (s->magic != kStateMagic || s->width != width || !sameName(s->model, name))
    return fail(model, "state is not a state of %s (made by %s_state_create)", name, name);
  return 0;
}

/// `n` rows from the first, within the state and holding a decoder state.
int32_t checkRows(char *model, const State *s, int32_t n, const char *what) {
  if (n < 1 || n > s->rows)
    return fail(model, "%s = %d is outside 1..%d (the state's rows)", what, n, s->rows);
  return 0;
}

} // namespace

/// NAME_state_create: `rows` rows of `width` floats for the model `name`,
/// for sources of up to `max_src_len`; NULL with the message in the model
/// on bad sizes or when memory runs out.
S2S_RUNTIME_API void *__s2s_state_create(char *model, const char *name, int32_t rows,
                                         int32_t max_src_len, int32_t width) {
  if (!model)
    return nullptr;
  if (rows < 1) {
    fail(model, "rows must be >= 1, got %d", rows);
    return nullptr;
  }
  if (max_src_len < 1) {
    fail(model, "max_src_len must be >= 1, got %d", max_src_len);
    return nullptr;
  }
  State *s = static_cast<State *>(malloc(sizeof(State)));
  float *data = static_cast<float *>(malloc(size_t(rows) * size_t(width) * sizeof(float)));
  if (!s || !data) {
    free(s);
    free(data);
    fail(model, "out of memory for a state of %d rows", rows);
    return nullptr;
  }
  *s = State{kStateMagic, name, rows, max_src_len, width, 0, data};
  return s;
}

/// NAME_state_destroy (NULL: nothing).
S2S_RUNTIME_API void __s2s_state_destroy(void *state) {
  State *s = static_cast<State *>(state);
  if (!s)
    return;
  s->magic = 0;
  free(s->data);
  free(s);
}

/// The state's rows, [rows][width], once checked.
S2S_RUNTIME_API float *__s2s_state_data(void *state) { return static_cast<State *>(state)->data; }

/// NAME_encode's checks: NAME_translate's source checks, then batch and
/// max_src_len within the state. The state's rows hold no decoder state
/// until the encoding succeeds (__s2s_end_state_call).
S2S_RUNTIME_API int32_t __s2s_check_encode(char *model, void *state, const char *name,
                                           int32_t width, const void *src, const int32_t *src_len,
                                           int32_t batch, int32_t max_src_len,
                                           int32_t source_vocab) {
  if (!model)
    return 1;
  if (checkState(model, state, name, width) || checkSourcePointers(model, src, src_len) ||
      checkSourceSizes(model, batch, max_src_len))
    return 1;
  State *s = static_cast<State *>(state);
  if (checkRows(model, s, batch, "batch"))
    return 1;
  if (max_src_len > s->maxSrcLen)
    return fail(model, "max_src_len = %d is more than the state's %d", max_src_len, s->maxSrcLen);
  if (checkSourceContents(model, src, src_len, batch, max_src_len, source_vocab))
    return 1;
  s->ready = 0;
  return 0;
}

/// NAME_decode_step's checks: `n` rows that hold a decoder state, `out`,
/// and with `target_vocab` > 0 the fed-back tokens `prev` (NULL: the first
/// step).
S2S_RUNTIME_API int32_t __s2s_check_step(char *model, void *state, const char *name, int32_t width,
                                         const void *prev, int32_t n, int32_t target_vocab,
                                         const void *out) {
  if (!model)
    return 1;
  if (checkState(model, state, name, width))
    return 1;
  const State *s = static_cast<const State *>(state);
  if (!out)
    return fail(model, target_vocab > 0 ? "logits is NULL" : "out is NULL");
  if (checkRows(model, s, n, "n"))
    return 1;
  if (n > s->ready)
    return fail(model,
                "row %d of the state holds no decoder state (%d do): encode or select "
                "it first",
                n - 1, s->ready);
  if (prev && target_vocab > 0) {
    const int32_t *tokens = static_cast<const int32_t *>(prev);
    for (int32_t i = 0; i < n; ++i)
      if (tokens[i] < 0 || tokens[i] >= target_vocab)
        return fail(model, "prev[%d] = %d is outside the target vocabulary 0..%d", i, tokens[i],
                    target_vocab - 1);
  }
  return 0;
}

/// After NAME_encode_impl or NAME_step_impl returned `status`: as
/// __s2s_end_call, and the rows holding a decoder state: `ready` (-1: as
/// before) on success, none after a failure (they may be half written).
S2S_RUNTIME_API int32_t __s2s_end_state_call(char *model, void *state, int32_t status,
                                             int32_t ready) {
  status = __s2s_end_call(model, status);
  State *s = static_cast<State *>(state);
  s->ready = status != 0 ? 0 : ready >= 0 ? ready : s->ready;
  return status;
}

/// NAME_state_select: row i becomes old row from[i], for i < n.
S2S_RUNTIME_API int32_t __s2s_state_select(char *model, void *state, const char *name,
                                           int32_t width, const int32_t *from, int32_t n) {
  if (!model)
    return 1;
  if (checkState(model, state, name, width))
    return 1;
  State *s = static_cast<State *>(state);
  if (!from)
    return fail(model, "from is NULL");
  if (checkRows(model, s, n, "n"))
    return 1;
  for (int32_t i = 0; i < n; ++i)
    if (from[i] < 0 || from[i] >= s->ready)
      return fail(model, "from[%d] = %d is not a row holding a decoder state (0..%d)", i, from[i],
                  s->ready - 1);
  // Rows may be read after being written (from[j] = i, j > i): copy first.
  size_t rowBytes = size_t(width) * sizeof(float);
  float *copy = static_cast<float *>(malloc(size_t(n) * rowBytes));
  if (!copy)
    return fail(model, "out of memory selecting %d rows", n);
  for (int32_t i = 0; i < n; ++i)
    for (int32_t k = 0; k < width; ++k)
      copy[int64_t(i) * width + k] = s->data[int64_t(from[i]) * width + k];
  for (int64_t k = 0; k < int64_t(n) * width; ++k)
    s->data[k] = copy[k];
  free(copy);
  if (n > s->ready)
    s->ready = n;
  return 0;
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
