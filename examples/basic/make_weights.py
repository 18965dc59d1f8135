#!/usr/bin/env python3
"""Writes model.safetensors for the `basic` example with seeded random weights.

The model (see model.yaml): token source (vocab 16, embed 8), token target
(vocab 16, embed 8, bos 1, eos 2), one-layer LSTM encoder and decoder with
hidden size 32, max_length 12, weights in the PyTorch layout of SPEC.md:

    src_embed.weight                 [16, 8]
    tgt_embed.weight                 [16, 8]
    encoder.weight_ih_l0             [128, 8]    gates i, f, g, o
    encoder.weight_hh_l0             [128, 32]
    encoder.bias_ih_l0               [128]
    encoder.bias_hh_l0               [128]
    decoder.* (same shapes as the encoder)
    out.weight                       [16, 32]
    out.bias                         [16]

Initialisation follows PyTorch's defaults (nn.Embedding N(0, 1), nn.LSTM and
nn.Linear uniform in +-1/sqrt(fan)), drawn from Python's seeded `random`, so
the file is the same on every run. Stdlib only.

    python3 make_weights.py [--seed N] [--out PATH]
"""

import argparse
import json
import math
import os
import random
import struct

VOCAB_SRC, EMBED_SRC = 16, 8
VOCAB_TGT, EMBED_TGT = 16, 8
HIDDEN = 32


def uniform(rng, n, bound):
    return [rng.uniform(-bound, bound) for _ in range(n)]


def normal(rng, n):
    return [rng.gauss(0.0, 1.0) for _ in range(n)]


def lstm(rng, prefix, in_size, hidden):
    bound = 1.0 / math.sqrt(hidden)
    g = 4 * hidden
    return [
        (prefix + ".weight_ih_l0", [g, in_size], uniform(rng, g * in_size, bound)),
        (prefix + ".weight_hh_l0", [g, hidden], uniform(rng, g * hidden, bound)),
        (prefix + ".bias_ih_l0", [g], uniform(rng, g, bound)),
        (prefix + ".bias_hh_l0", [g], uniform(rng, g, bound)),
    ]


def tensors(seed):
    rng = random.Random(seed)
    out_bound = 1.0 / math.sqrt(HIDDEN)
    ts = [
        ("src_embed.weight", [VOCAB_SRC, EMBED_SRC],
         normal(rng, VOCAB_SRC * EMBED_SRC)),
        ("tgt_embed.weight", [VOCAB_TGT, EMBED_TGT],
         normal(rng, VOCAB_TGT * EMBED_TGT)),
    ]
    ts += lstm(rng, "encoder", EMBED_SRC, HIDDEN)
    ts += lstm(rng, "decoder", EMBED_TGT, HIDDEN)
    ts += [
        ("out.weight", [VOCAB_TGT, HIDDEN],
         uniform(rng, VOCAB_TGT * HIDDEN, out_bound)),
        ("out.bias", [VOCAB_TGT], uniform(rng, VOCAB_TGT, out_bound)),
    ]
    return ts


def safetensors(ts, metadata):
    """`u64 LE header length` + JSON header + F32 little-endian data."""
    header = {"__metadata__": metadata}
    data = bytearray()
    for name, shape, values in ts:
        assert len(values) == math.prod(shape), name
        begin = len(data)
        data += struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape,
                        "data_offsets": [begin, len(data)]}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # Pad with spaces so the data starts 8-byte aligned, as writers do.
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + bytes(data)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--out", default=os.path.join(here,
                                                      "model.safetensors"))
    args = parser.parse_args()
    blob = safetensors(tensors(args.seed),
                       {"format": "pt", "generator": "make_weights.py",
                        "seed": str(args.seed)})
    with open(args.out, "wb") as f:
        f.write(blob)
    print("wrote %s (%d bytes)" % (args.out, len(blob)))


if __name__ == "__main__":
    main()
