#!/usr/bin/env python3
"""Writes the weights of Inputs/tiny.yaml (canonical layout) as safetensors.

usage: make_safetensors.py OUT [--preset NAME] [--drop NAME] [--shape NAME=D0xD1...]
                            [--set NAME:INDEX=VALUE]
--preset peek:    the weights of Inputs/peek.yaml (decoder input = embedding + C)
--preset vectors: the weights of Inputs/vectors.yaml (no embeddings, a
                  context projection)
--preset fold:    the weights of Inputs/fold.yaml (H = E = 128)
--set:            element INDEX (flat) of NAME becomes VALUE (nan, inf, -inf
                  or a number), applied after the values are drawn.
Flags apply in order; --shape also adds a tensor. Standard library only;
every value is a small deterministic f32.
"""
import json
import struct
import sys

TENSORS = {
    "src_embed.weight": [5, 3],
    "tgt_embed.weight": [6, 3],
    "encoder.w_ih": [8, 3],
    "encoder.w_hh": [8, 2],
    "encoder.b": [8],
    "decoder.w_ih": [8, 3],
    "decoder.w_hh": [8, 2],
    "decoder.b": [8],
    "out.weight": [6, 2],
    "out.bias": [6],
}

# Changes to TENSORS: (name, shape), or (name, None) to drop it.
PRESETS = {
    "peek": [("decoder.w_ih", [8, 5])],
    "fold": [("tgt_embed.weight", [6, 128]), ("encoder.w_ih", [512, 3]),
             ("encoder.w_hh", [512, 128]), ("encoder.b", [512]),
             ("decoder.w_ih", [512, 128]), ("decoder.w_hh", [512, 128]),
             ("decoder.b", [512]), ("out.weight", [6, 128])],
    "vectors": [("src_embed.weight", None), ("tgt_embed.weight", None),
                ("encoder.w_ih", [8, 4]), ("out.weight", [3, 2]), ("out.bias", [3]),
                ("ctx.weight", [3, 2]), ("ctx.bias", [3])],
}


def main(argv):
    out, args = argv[0], argv[1:]
    tensors = dict(TENSORS)
    overrides = {}
    while args:
        flag, value = args[0], args[1]
        args = args[2:]
        if flag == "--preset":
            for name, shape in PRESETS[value]:
                if shape is None:
                    del tensors[name]
                else:
                    tensors[name] = shape
        elif flag == "--drop":
            del tensors[value]
        elif flag == "--set":
            target, number = value.split("=")
            name, index = target.split(":")
            overrides[(name, int(index))] = float(number)
        elif flag == "--shape":
            name, dims = value.split("=")
            tensors[name] = [int(d) for d in dims.split("x")]
        else:
            sys.exit("unknown flag " + flag)
    header, data = {}, b""
    for i, (name, shape) in enumerate(sorted(tensors.items())):
        count = 1
        for d in shape:
            count *= d
        values = [((i * 7 + k * 3) % 11 - 5) / 10.0 for k in range(count)]
        for (target, index), number in overrides.items():
            if target == name:
                values[index] = number
        blob = struct.pack("<%df" % count, *values)
        header[name] = {"dtype": "F32", "shape": shape,
                        "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


if __name__ == "__main__":
    main(sys.argv[1:])
