#!/usr/bin/env python3
"""The peer: PyTorch (Debian's python3-torch, CPU) running greedy decoding of
the same trained reversal models, timed like reverse_bench.cpp (best of 5
rounds over the 1000 held-out sequences, microseconds per sequence)."""
import json
import os
import struct
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples", "reverse"))
from train import BOS, EOS, MAX_LEN, Seq2Seq, batch_of, lcg_examples  # noqa: E402


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    state = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        data = torch.frombuffer(bytearray(raw[8 + n + begin:8 + n + end]), dtype=torch.float32)
        state[name] = data.reshape(entry["shape"])
    return state


@torch.no_grad()
def translate(model, examples):
    src, lengths, _, _ = batch_of(examples)
    h, c = model.encode(src, lengths)
    ctx = h[-1]
    tok = torch.full((len(examples),), BOS, dtype=torch.long)
    done = torch.zeros(len(examples), dtype=torch.bool)
    for _ in range(MAX_LEN + 2):
        y = model.tgt_embed(tok).unsqueeze(1)
        if model.peek:
            y = torch.cat([y, ctx.unsqueeze(1)], dim=2)
        s, (h, c) = model.decoder(y, (h, c))
        tok = model.out(s[:, 0]).argmax(dim=1)
        done |= tok == EOS
        if bool(done.all()):
            break


def main():
    torch.set_num_threads(1)
    examples = lcg_examples(1000)
    for batch in (1, 100):
        for name, peek in (("basic", False), ("peek", True)):
            model = Seq2Seq(hidden=96, embed=16, peek=peek)
            model.load_state_dict(load(os.path.join(HERE, "..", "examples", "reverse",
                                                    f"reverse_{name}.safetensors")))
            model.eval()
            translate(model, examples[:batch])
            best = 1e30
            for _ in range(5):
                start = time.perf_counter()
                for first in range(0, len(examples), batch):
                    translate(model, examples[first:first + batch])
                best = min(best, (time.perf_counter() - start) * 1e6 / len(examples))
            print(f"BENCH {name} batch={batch} {best:.2f}")


if __name__ == "__main__":
    main()
