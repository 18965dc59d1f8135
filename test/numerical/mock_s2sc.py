#!/usr/bin/env python3
"""mock_s2sc.py - a stand-in for s2sc used to test the numerical harness.

    mock_s2sc.py spec.yaml -o DIR [--target=T]

Reads the subset of the spec format that the test generator writes, loads
the safetensors file in any of the five layouts, and writes DIR/NAME.h and
DIR/libNAME.a implementing the generated C API of SPEC.md in plain float C
(the target is ignored). It is a second, independent implementation of
SEMANTICS.md: the harness checks it against the double-precision reference
exactly as it checks s2sc, which tests the harness, the generator and the
reference before the real compiler exists. It is not a compiler and makes
no attempt at speed or at diagnosing bad specs nicely. Python stdlib only.
"""

import json
import os
import struct
import subprocess
import sys


def fail(msg):
    sys.stderr.write("mock_s2sc: error: %s\n" % msg)
    sys.exit(1)


# ---------------------------------------------------------------- YAML subset

def parse_scalar(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    try:
        return int(text)
    except ValueError:
        return text


def strip_comment(line):
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def parse_yaml(text):
    """Block mappings of scalars only: what the generator writes."""
    root = {}
    stack = [(-1, root)]
    for raw in text.splitlines():
        line = strip_comment(raw).rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        key, sep, value = line.strip().partition(":")
        if not sep:
            fail("cannot parse spec line: %r" % raw)
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        if value.strip() == "":
            child = {}
            parent[key.strip()] = child
            stack.append((indent, child))
        else:
            parent[key.strip()] = parse_scalar(value)
    return root


# ---------------------------------------------------------------- safetensors

def half_to_float(bits):
    sign = -1.0 if bits & 0x8000 else 1.0
    exp = (bits >> 10) & 0x1F
    mant = bits & 0x3FF
    if exp == 0x1F:
        return sign * float("inf") if mant == 0 else float("nan")
    if exp == 0:
        return sign * mant * 2.0 ** -24
    return sign * (1024 + mant) * 2.0 ** (exp - 25)


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack_from("<Q", blob, 0)
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = data[begin:end]
        dtype = entry["dtype"]
        if dtype == "F32":
            vals = list(struct.unpack("<%df" % (len(raw) // 4), raw))
        elif dtype == "F64":
            vals = list(struct.unpack("<%dd" % (len(raw) // 8), raw))
        elif dtype == "F16":
            vals = [half_to_float(b)
                    for b in struct.unpack("<%dH" % (len(raw) // 2), raw)]
        elif dtype == "BF16":
            vals = [struct.unpack("<f", struct.pack("<I", b << 16))[0]
                    for b in struct.unpack("<%dH" % (len(raw) // 2), raw)]
        else:
            fail("unsupported dtype %s" % dtype)
        tensors[name] = (list(entry["shape"]), vals)
    return tensors


# ---------------------------------------------------------------- layouts

def transpose(vals, rows, cols):
    return [vals[r * cols + c] for c in range(cols) for r in range(rows)]


class Weights:
    def __init__(self, tensors, sep):
        self.t = tensors
        self.sep = sep
        self.used = set()

    def get(self, name, shape):
        if name not in self.t:
            fail("missing tensor %s (have: %s)" % (name, sorted(self.t)))
        got_shape, vals = self.t[name]
        if got_shape != shape:
            fail("tensor %s has shape %s, expected %s" % (name, got_shape,
                                                           shape))
        self.used.add(name)
        return vals

    def join(self, *parts):
        return self.sep.join(parts)


def load_lstm(w, layout, prefix, layer, in_size, hidden):
    """Returns (w_ih [4H*in], w_hh [4H*H], b [4H]) in canonical i,f,g,o."""
    H = hidden
    P = prefix.replace("{layer}", str(layer))
    if layout == "pytorch":
        k = str(layer)
        wih = w.get(w.join(prefix, "weight_ih_l" + k), [4 * H, in_size])
        whh = w.get(w.join(prefix, "weight_hh_l" + k), [4 * H, H])
        bih = w.get(w.join(prefix, "bias_ih_l" + k), [4 * H])
        bhh = w.get(w.join(prefix, "bias_hh_l" + k), [4 * H])
        if os.environ.get("MOCK_BUG") == "bias_hh":
            bhh = [0.0] * len(bhh)
        return wih, whh, [a + b for a, b in zip(bih, bhh)]
    if layout == "canonical":
        return (w.get(w.join(P, "w_ih"), [4 * H, in_size]),
                w.get(w.join(P, "w_hh"), [4 * H, H]),
                w.get(w.join(P, "b"), [4 * H]))
    if layout == "keras":
        k = w.get(w.join(P, "kernel"), [in_size, 4 * H])
        r = w.get(w.join(P, "recurrent_kernel"), [H, 4 * H])
        return (transpose(k, in_size, 4 * H), transpose(r, H, 4 * H),
                w.get(w.join(P, "bias"), [4 * H]))
    if layout == "flax":
        wih, whh, b = [], [], []
        for g in "ifgo":
            wih += transpose(w.get(w.join(P, "i" + g, "kernel"),
                                   [in_size, H]), in_size, H)
            whh += transpose(w.get(w.join(P, "h" + g, "kernel"), [H, H]),
                             H, H)
            b += w.get(w.join(P, "h" + g, "bias"), [H])
        return wih, whh, b
    if layout == "onnx":
        W = w.get(w.join(P, "W"), [1, 4 * H, in_size])
        R = w.get(w.join(P, "R"), [1, 4 * H, H])
        B = w.get(w.join(P, "B"), [1, 8 * H])
        # ONNX blocks i, o, f, c -> canonical i, f, g, o.
        def perm(v, cols):
            blk = [v[k * H * cols:(k + 1) * H * cols] for k in range(4)]
            return blk[0] + blk[2] + blk[3] + blk[1]
        wb, rb = perm(B[:4 * H], 1), perm(B[4 * H:], 1)
        return perm(W, in_size), perm(R, H), [a + b for a, b in zip(wb, rb)]
    fail("unknown layout %s" % layout)


def load_dense(w, layout, prefix, in_size, out_size):
    if layout in ("flax", "keras"):
        k = w.get(w.join(prefix, "kernel"), [in_size, out_size])
        W = transpose(k, in_size, out_size)
    else:
        W = w.get(w.join(prefix, "weight"), [out_size, in_size])
    return W, w.get(w.join(prefix, "bias"), [out_size])


def load_embedding(w, layout, prefix, vocab, embed):
    leaf = {"flax": "embedding", "keras": "embeddings"}.get(layout, "weight")
    return w.get(w.join(prefix, leaf), [vocab, embed])


# ---------------------------------------------------------------- C emission

def c_array(name, vals):
    body = ",".join(repr(float(v)) + "f" if v == v else "NAN" for v in vals)
    return "static const float %s[%d] = {%s};\n" % (name, max(1, len(vals)),
                                                     body or "0")


RUNTIME = r"""
struct %(N)s_model { char err[512]; };

%(N)s_model *%(N)s_create(void) {
  return (%(N)s_model *)calloc(1, sizeof(%(N)s_model));
}
%(N)s_model *%(N)s_create_from_file(const char *path) {
  (void)path;
  return %(N)s_create();
}
void %(N)s_destroy(%(N)s_model *m) { free(m); }
const char *%(N)s_last_error(const %(N)s_model *m) {
  return m ? m->err : "model is NULL";
}

static int fail(%(N)s_model *m, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m->err, sizeof m->err, fmt, ap);
  va_end(ap);
  return 1;
}

static float gate(int kind, float x) {
  if (kind == 0) return 1.0f / (1.0f + expf(-x));
  if (kind == 1) x = 0.2f * x + 0.5f; else x = x / 6.0f + 0.5f;
  return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x);
}

static void lstm(const Layer *L, int kind, const float *x, float *h, float *c,
                 float *z) {
  int r, k, j, H = L->H;
  for (r = 0; r < 4 * H; ++r) {
    float s = L->b[r];
    for (k = 0; k < L->in; ++k) s += L->wih[r * L->in + k] * x[k];
    for (k = 0; k < H; ++k) s += L->whh[r * H + k] * h[k];
    z[r] = s;
  }
  for (j = 0; j < H; ++j) {
    float i = gate(kind, z[j]), f = gate(kind, z[H + j]);
    float g = tanhf(z[2 * H + j]), o = gate(kind, z[3 * H + j]);
    c[j] = f * c[j] + i * g;
    h[j] = o * tanhf(c[j]);
  }
}

static void dense(const float *W, const float *b, int in, int out,
                  const float *x, float *y) {
  int r, k;
  for (r = 0; r < out; ++r) {
    float s = b[r];
    for (k = 0; k < in; ++k) s += W[r * in + k] * x[k];
    y[r] = s;
  }
}

/* Scratch sized for the largest vector in this model. */
#define MAXV %(MAXV)d
typedef struct {
  float eh[ENC_L][ENC_H], ec[ENC_L][ENC_H];
  float dh[DEC_L][DEC_H], dc[DEC_L][DEC_H];
  float ctx[MAXV], x[MAXV], u[MAXV], y[MAXV], z[4 * MAXV];
} Scratch;

/* Encodes one sequence: `srcTok` (tokens) or `srcVec` (vectors). */
static void encode(Scratch *s, const int32_t *srcTok, const float *srcVec,
                   int len) {
  int t, l, k;
  if (!BUG_LEAK) {
    memset(s->eh, 0, sizeof s->eh);
    memset(s->ec, 0, sizeof s->ec);
  }
  for (t = 0; t < len; ++t) {
#if SRC_TOKENS
    int32_t tok = srcTok[t];
    if (BUG_PADDING && t + 1 == len && t + 1 < 64)
      tok = srcTok[t + 1] < 0 || srcTok[t + 1] >= SRC_VOCAB ? 0 : srcTok[t + 1];
    memcpy(s->x, SRC_EMB + (size_t)tok * SRC_IN, SRC_IN * sizeof(float));
#else
    memcpy(s->x, srcVec + (size_t)t * SRC_IN, SRC_IN * sizeof(float));
#endif
    for (l = 0; l < ENC_L; ++l) {
      lstm(&ENC[l], ENC_GATE, s->x, s->eh[l], s->ec[l], s->z);
      for (k = 0; k < ENC_H; ++k) s->x[k] = s->eh[l][k];
    }
  }
#if CTX_PROJ
  dense(CTX_W, CTX_B, ENC_H, CTX_N, s->eh[ENC_L - 1], s->ctx);
#else
  memcpy(s->ctx, s->eh[ENC_L - 1], ENC_H * sizeof(float));
#endif
  for (l = 0; l < DEC_L; ++l) {
    for (k = 0; k < DEC_H; ++k) {
#if INIT_STATE == 0 && !BUG_INIT_ZEROS
      s->dh[l][k] = s->eh[l][k]; s->dc[l][k] = s->ec[l][k];
#elif INIT_STATE == 0
      s->dh[l][k] = 0; s->dc[l][k] = 0;
#elif INIT_STATE == 1
      s->dh[l][k] = s->eh[ENC_L - 1][k]; s->dc[l][k] = s->ec[ENC_L - 1][k];
#else
      s->dh[l][k] = 0; s->dc[l][k] = 0;
#endif
    }
  }
  /* y <- first */
#if FIRST_INPUT == 0
  memcpy(s->y, TGT_EMB + (size_t)BOS * FEED, FEED * sizeof(float));
#elif FIRST_INPUT == 1
  memcpy(s->y, s->ctx, FEED * sizeof(float));
#else
  memset(s->y, 0, FEED * sizeof(float));
#endif
}

/* One decoder step from feedback s->y; returns the top h. */
static const float *decStep(Scratch *s) {
  int l, k, n = FEED;
  memcpy(s->u, s->y, FEED * sizeof(float));
#if PEEK == 1
  memcpy(s->u + FEED, s->ctx, CTX_SIZE * sizeof(float));
  n = FEED + CTX_SIZE;
#elif PEEK == 2
  for (k = 0; k < FEED; ++k) s->u[k] += s->ctx[k];
#endif
  (void)n;
  for (l = 0; l < DEC_L; ++l) {
    lstm(&DEC[l], DEC_GATE, s->u, s->dh[l], s->dc[l], s->z);
    memcpy(s->u, s->dh[l], DEC_H * sizeof(float));
  }
  return s->dh[DEC_L - 1];
}

#if SRC_TOKENS
typedef int32_t SrcElem;
#define SRC_STEP 1
#define ENCODE_ARGS(p) (p), NULL
#else
typedef float SrcElem;
#define SRC_STEP SRC_IN
#define ENCODE_ARGS(p) NULL, (p)
#endif

#if TGT_TOKENS
int %(N)s_translate(%(N)s_model *m, const SrcElem *src,
                    const int32_t *src_len, int32_t batch,
                    int32_t max_src_len, int32_t *out, int32_t *out_len,
                    int32_t max_out, float *logits) {
  int32_t b, t, steps;
  Scratch *s;
  if (!m) return 1;
  if (!src) return fail(m, "src is NULL");
  if (!src_len) return fail(m, "src_len is NULL");
  if (!out) return fail(m, "out is NULL");
  if (!out_len) return fail(m, "out_len is NULL");
  if (batch < 1) return fail(m, "batch must be >= 1, got %%d", (int)batch);
  if (max_src_len < 1)
    return fail(m, "max_src_len must be >= 1, got %%d", (int)max_src_len);
  if (max_out < 1) return fail(m, "max_out must be >= 1, got %%d", (int)max_out);
  for (b = 0; b < batch; ++b)
    if (src_len[b] < 1 || src_len[b] > max_src_len)
      return fail(m, "src_len[%%d] = %%d is outside 1..%%d", (int)b,
                  (int)src_len[b], (int)max_src_len);
#if SRC_TOKENS
  for (b = 0; b < batch; ++b)
    for (t = 0; t < src_len[b]; ++t) {
      int32_t v = src[(size_t)b * max_src_len + t];
      if (!BUG_NO_TOKEN_CHECK && (v < 0 || v >= SRC_VOCAB))
        return fail(m, "token %%d at src[%%d][%%d] is outside the source "
                    "vocabulary 0..%%d", (int)v, (int)b, (int)t,
                    SRC_VOCAB - 1);
    }
#endif
  {
    static Scratch *leaked;
    if (BUG_LEAK && leaked) s = leaked;
    else s = (Scratch *)calloc(1, sizeof(Scratch));
    if (BUG_LEAK) leaked = s;
  }
  if (!s) return fail(m, "out of memory");
  steps = max_out < MAX_LENGTH ? max_out : MAX_LENGTH;
  for (b = 0; b < batch; ++b) {
    int32_t n = 0;
    float row[TGT_VOCAB];
    encode(s, ENCODE_ARGS(src + (size_t)b * max_src_len * SRC_STEP),
           src_len[b]);
    for (t = 0; t < steps; ++t) {
      const float *h = decStep(s);
      int v, best = 0;
      dense(OUT_W, OUT_B, DEC_H, TGT_VOCAB, h, row);
      for (v = 1; v < TGT_VOCAB; ++v)
        if (row[v] > row[best]) best = v;
      out[(size_t)b * max_out + t] = best;
      if (logits && !(BUG_LOGIT_ROW && t + 1 >= max_out))
        memcpy(logits + ((size_t)b * max_out + t + BUG_LOGIT_ROW) * TGT_VOCAB,
               row, sizeof row);
      ++n;
      if (best == EOS && !BUG_NO_EOS_STOP) break;
      memcpy(s->y, TGT_EMB + (size_t)best * FEED, FEED * sizeof(float));
    }
    out_len[b] = n;
    if (BUG_CANARY && b + 1 == batch) out_len[batch] = 0;
    for (t = n; t < max_out; ++t) {
      out[(size_t)b * max_out + t] = EOS;
      if (logits)
        memset(logits + ((size_t)b * max_out + t) * TGT_VOCAB, 0,
               TGT_VOCAB * sizeof(float));
    }
  }
  if (!BUG_LEAK) free(s);
  m->err[0] = 0;
  return 0;
}
#endif

#if !TGT_TOKENS
int %(N)s_translate_vectors(%(N)s_model *m, const SrcElem *src,
                            const int32_t *src_len, int32_t batch,
                            int32_t max_src_len, float *out, int32_t steps) {
  int32_t b, t;
  Scratch *s;
  if (!m) return 1;
  if (!src || !src_len || !out) return fail(m, "NULL argument");
  if (batch < 1) return fail(m, "batch must be >= 1");
  if (max_src_len < 1) return fail(m, "max_src_len must be >= 1");
  if (steps < 1) return fail(m, "steps must be >= 1");
  for (b = 0; b < batch; ++b)
    if (src_len[b] < 1 || src_len[b] > max_src_len)
      return fail(m, "src_len[%%d] out of range", (int)b);
  s = (Scratch *)malloc(sizeof(Scratch));
  if (!s) return fail(m, "out of memory");
  for (b = 0; b < batch; ++b) {
    encode(s, ENCODE_ARGS(src + (size_t)b * max_src_len * SRC_STEP),
           src_len[b]);
    for (t = 0; t < steps; ++t) {
      const float *h = decStep(s);
      int k;
      float *o = out + ((size_t)b * steps + t) * TGT_DIM;
      dense(OUT_W, OUT_B, DEC_H, TGT_DIM, h, o);
      for (k = 0; k < TGT_DIM; ++k) {
        if (ACT_TANH) o[k] = tanhf(o[k]);
        s->y[k] = o[k];
      }
    }
  }
  free(s);
  return 0;
}
#endif
"""

HEADER = r"""/* Generated by mock_s2sc.py (test double for s2sc). */
#ifndef %(G)s
#define %(G)s
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef struct %(N)s_model %(N)s_model;
%(N)s_model *%(N)s_create(void);
%(N)s_model *%(N)s_create_from_file(const char *path);
void %(N)s_destroy(%(N)s_model *m);
const char *%(N)s_last_error(const %(N)s_model *m);
%(API)s
#ifdef __cplusplus
}
#endif
#endif
"""

TOKEN_API = """int %(N)s_translate(%(N)s_model *m, const %(S)s *src,
                    const int32_t *src_len, int32_t batch,
                    int32_t max_src_len, int32_t *out, int32_t *out_len,
                    int32_t max_out, float *logits);"""
VECTOR_API = """int %(N)s_translate_vectors(%(N)s_model *m, const %(S)s *src,
                            const int32_t *src_len, int32_t batch,
                            int32_t max_src_len, float *out, int32_t steps);"""


def main(argv):
    spec_path, out_dir = None, None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "-o":
            out_dir = argv[i + 1]
            i += 2
            continue
        if a.startswith("-o") and len(a) > 2:
            out_dir = a[2:]
        elif not a.startswith("-"):
            spec_path = a
        i += 1
    if not spec_path or not out_dir:
        fail("usage: mock_s2sc.py spec.yaml -o DIR [--target=T]")
    with open(spec_path) as f:
        spec = parse_yaml(f.read())

    name = spec["name"]
    src, tgt = spec["source"], spec["target"]
    enc, dec = spec["encoder"], spec["decoder"]
    search = spec.get("search", {})
    wspec = spec["weights"]
    layout = wspec.get("layout", "canonical")
    sep = wspec.get("separator", ".")
    names = wspec.get("names", {})
    per_layer = layout != "pytorch"
    prefixes = {
        "source_embedding": names.get("source_embedding", "src_embed"),
        "target_embedding": names.get("target_embedding", "tgt_embed"),
        "encoder": names.get("encoder",
                             "encoder.{layer}" if per_layer else "encoder"),
        "decoder": names.get("decoder",
                             "decoder.{layer}" if per_layer else "decoder"),
        "output": names.get("output", "out"),
        "context_projection": names.get("context_projection", "ctx"),
    }
    gates = {"sigmoid": 0, "hard_sigmoid": 1, "hard_sigmoid_v3": 2}
    src_tokens = src["kind"] == "tokens"
    tgt_tokens = tgt["kind"] == "tokens"
    enc_h, enc_l = enc["hidden"], enc["layers"]
    dec_h, dec_l = dec["hidden"], dec["layers"]
    ctx_n = enc.get("context_projection", 0)
    ctx_size = ctx_n if ctx_n else enc_h
    feed = tgt["embed"] if tgt_tokens else tgt["dim"]
    peek = {"none": 0, "concat": 1, "add": 2}[dec.get("peek", "none")]
    first = {"bos": 0, "context": 1, "zeros": 2}[
        dec.get("first_input", "bos" if tgt_tokens else "context")]
    init = {"encoder": 0, "top": 1, "zeros": 2}[
        dec.get("init_state", "encoder")]
    src_in = src["embed"] if src_tokens else src["dim"]
    dec_in = feed + ctx_size if peek == 1 else feed

    w = Weights(read_safetensors(os.path.join(os.path.dirname(spec_path),
                                              wspec["file"])), sep)
    code = ["/* Generated by mock_s2sc.py (test double for s2sc). */\n",
            "#include \"%s.h\"\n#include <math.h>\n#include <stdarg.h>\n"
            "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
            "typedef struct { int in, H; const float *wih, *whh, *b; } Layer;\n"
            % name]
    defs = {
        "SRC_TOKENS": int(src_tokens), "TGT_TOKENS": int(tgt_tokens),
        "SRC_IN": src_in, "SRC_VOCAB": src.get("vocab", 0),
        "TGT_VOCAB": tgt.get("vocab", 0), "TGT_DIM": tgt.get("dim", 0),
        "FEED": feed, "BOS": tgt.get("bos", 0), "EOS": tgt.get("eos", 0),
        "ENC_L": enc_l, "ENC_H": enc_h, "DEC_L": dec_l, "DEC_H": dec_h,
        "ENC_GATE": gates[enc.get("gate_activation", "sigmoid")],
        "DEC_GATE": gates[dec.get("gate_activation", "sigmoid")],
        "PEEK": peek, "FIRST_INPUT": first, "INIT_STATE": init,
        "CTX_PROJ": int(bool(ctx_n)), "CTX_N": ctx_n, "CTX_SIZE": ctx_size,
        "MAX_LENGTH": search.get("max_length", 16),
        "ACT_TANH": int(tgt.get("activation", "linear") == "tanh"),
    }
    bug = os.environ.get("MOCK_BUG", "")
    for b in ("padding", "bias_hh", "no_eos_stop", "init_zeros", "canary",
              "leak", "no_token_check", "logit_row"):
        defs["BUG_" + b.upper()] = int(bug == b)
    for k, v in defs.items():
        code.append("#define %s %d\n" % (k, v))
    if src_tokens:
        code.append(c_array("SRC_EMB", load_embedding(
            w, layout, prefixes["source_embedding"], src["vocab"],
            src["embed"])))
    if tgt_tokens:
        code.append(c_array("TGT_EMB", load_embedding(
            w, layout, prefixes["target_embedding"], tgt["vocab"],
            tgt["embed"])))
    for stack, L, H, in0 in (("ENC", enc_l, enc_h, src_in),
                             ("DEC", dec_l, dec_h, dec_in)):
        prefix = prefixes["encoder" if stack == "ENC" else "decoder"]
        for l in range(L):
            wih, whh, b = load_lstm(w, layout, prefix, l,
                                    in0 if l == 0 else H, H)
            code.append(c_array("%s%d_WIH" % (stack, l), wih))
            code.append(c_array("%s%d_WHH" % (stack, l), whh))
            code.append(c_array("%s%d_B" % (stack, l), b))
        code.append("static const Layer %s[%d] = {%s};\n" % (
            stack, L, ",".join(
                "{%d,%d,%s%d_WIH,%s%d_WHH,%s%d_B}" % (
                    in0 if l == 0 else H, H, stack, l, stack, l, stack, l)
                for l in range(L))))
    if ctx_n:
        cw, cb = load_dense(w, layout, prefixes["context_projection"],
                            enc_h, ctx_n)
        code.append(c_array("CTX_W", cw) + c_array("CTX_B", cb))
    ow, ob = load_dense(w, layout, prefixes["output"], dec_h,
                        tgt["vocab"] if tgt_tokens else tgt["dim"])
    code.append(c_array("OUT_W", ow) + c_array("OUT_B", ob))
    unused = sorted(set(w.t) - w.used)
    if unused:
        fail("tensors not used by the spec: %s" % unused)

    maxv = max(src_in, enc_h, dec_h, dec_in, ctx_size, feed,
               tgt.get("vocab", 0), tgt.get("dim", 0))
    runtime = RUNTIME % {"N": name, "MAXV": maxv}
    body = "".join(code)

    os.makedirs(out_dir, exist_ok=True)
    # The function follows the target kind, the type of src the source kind.
    api = TOKEN_API if tgt_tokens else VECTOR_API
    with open(os.path.join(out_dir, name + ".h"), "w") as f:
        f.write(HEADER % {"G": name.upper() + "_H", "N": name,
                          "API": api % {"N": name, "S": "int32_t" if
                                        src_tokens else "float"}})
    c_path = os.path.join(out_dir, name + ".c")
    with open(c_path, "w") as f:
        f.write(body + runtime)
    cc = os.environ.get("CC", "cc")
    obj = os.path.join(out_dir, name + ".o")
    lib = os.path.join(out_dir, "lib%s.a" % name)
    for cmd in ([cc, "-std=c99", "-O1", "-Wall", "-c", c_path, "-o", obj],
                ["ar", "rcs", lib, obj]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            fail("%s failed:\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
