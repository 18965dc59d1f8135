#!/usr/bin/env python3
"""Trains the sequence-reversal models of examples/reverse with PyTorch.

Task: a source of 3..8 symbols (ids 3..12) maps to the same symbols reversed,
then EOS (id 2). Two models share the task: `basic` (the decoder starts from
the encoder's final state and is fed its previous output) and `peek` (the
context vector C is also concatenated to every decoder input). The math is
that of shared/SEMANTICS.md, so s2sc compiles the saved state_dict as is:

    /usr/bin/python3 examples/reverse/train.py      (Debian's python3-torch)

Held-out sequences (lcg_examples, the same generator as main.cpp) are never
trained on. Writes reverse_basic.safetensors and reverse_peek.safetensors.
"""
import json
import os
import struct
import sys
import time

import torch
from torch import nn

PAD, BOS, EOS, FIRST, VOCAB = 0, 1, 2, 3, 13
MIN_LEN, MAX_LEN = 3, 8
HERE = os.path.dirname(os.path.abspath(__file__))


def lcg_examples(count, seed=20261126):
    """The held-out set; main.cpp generates the same one (32-bit LCG)."""
    state = seed
    def draw(n):
        nonlocal state
        state = (1664525 * state + 1013904223) % (1 << 32)
        return (state >> 8) % n
    out = []
    for _ in range(count):
        length = MIN_LEN + draw(MAX_LEN - MIN_LEN + 1)
        out.append(tuple(FIRST + draw(VOCAB - FIRST) for _ in range(length)))
    return out


class Seq2Seq(nn.Module):
    def __init__(self, hidden, embed, peek):
        super().__init__()
        self.peek = peek
        self.src_embed = nn.Embedding(VOCAB, embed)
        self.tgt_embed = nn.Embedding(VOCAB, embed)
        self.encoder = nn.LSTM(embed, hidden, batch_first=True)
        self.decoder = nn.LSTM(embed + (hidden if peek else 0), hidden, batch_first=True)
        self.out = nn.Linear(hidden, VOCAB)

    def encode(self, src, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(
            self.src_embed(src), lengths, batch_first=True, enforce_sorted=False)
        _, (h, c) = self.encoder(packed)  # each sequence's own last step
        return h, c

    def forward(self, src, lengths, tgt_in):
        h, c = self.encode(src, lengths)
        y = self.tgt_embed(tgt_in)
        if self.peek:  # SEMANTICS.md peek concat: [y_{t-1} ; C]
            y = torch.cat([y, h[-1].unsqueeze(1).expand(-1, y.size(1), -1)], dim=2)
        states, _ = self.decoder(y, (h, c))
        return self.out(states)


def batch_of(examples):
    lengths = torch.tensor([len(e) for e in examples])
    src = torch.full((len(examples), MAX_LEN), PAD, dtype=torch.long)
    tgt_in = torch.full((len(examples), MAX_LEN + 1), PAD, dtype=torch.long)
    tgt_out = torch.full((len(examples), MAX_LEN + 1), -100, dtype=torch.long)
    for i, e in enumerate(examples):
        rev = list(reversed(e)) + [EOS]
        src[i, :len(e)] = torch.tensor(e)
        tgt_in[i, :len(rev)] = torch.tensor([BOS] + rev[:-1])
        tgt_out[i, :len(rev)] = torch.tensor(rev)
    return src, lengths, tgt_in, tgt_out


def random_examples(gen, count, held_out):
    out = []
    while len(out) < count:
        length = int(torch.randint(MIN_LEN, MAX_LEN + 1, (1,), generator=gen))
        e = tuple(int(x) for x in torch.randint(FIRST, VOCAB, (length,), generator=gen))
        if e not in held_out:
            out.append(e)
    return out


@torch.no_grad()
def greedy_accuracy(model, examples):
    src, lengths, _, _ = batch_of(examples)
    h, c = model.encode(src, lengths)
    ctx = h[-1]
    tok = torch.full((len(examples),), BOS, dtype=torch.long)
    outs = []
    for _ in range(MAX_LEN + 1):
        y = model.tgt_embed(tok).unsqueeze(1)
        if model.peek:
            y = torch.cat([y, ctx.unsqueeze(1)], dim=2)
        s, (h, c) = model.decoder(y, (h, c))
        tok = model.out(s[:, 0]).argmax(dim=1)
        outs.append(tok)
    outs = torch.stack(outs, dim=1).tolist()
    good = 0
    for e, o in zip(examples, outs):
        want = list(reversed(e)) + [EOS]
        good += o[:len(want)] == want
    return good / len(examples)


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in sorted(tensors.items()):
        data = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def train(name, peek, seed, steps):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    held_out = set(lcg_examples(1000))
    model = Seq2Seq(hidden=96, embed=16, peek=peek)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    check = random_examples(gen, 500, held_out)
    start = time.time()
    for step in range(1, steps + 1):
        src, lengths, tgt_in, tgt_out = batch_of(random_examples(gen, 128, held_out))
        logits = model(src, lengths, tgt_in)
        loss = loss_fn(logits.reshape(-1, VOCAB), tgt_out.reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step == steps * 2 // 3:
            for group in opt.param_groups:
                group["lr"] = 1e-3
        if step % 250 == 0:
            acc = greedy_accuracy(model, check)
            print(f"{name}: step {step} loss {loss.item():.4f} accuracy {acc:.3f} "
                  f"({time.time() - start:.0f} s)", flush=True)
    acc = greedy_accuracy(model, lcg_examples(1000))
    print(f"{name}: held-out exact-sequence accuracy (PyTorch) {acc:.4f}, "
          f"trained in {time.time() - start:.0f} s")
    save_safetensors(os.path.join(HERE, f"reverse_{name}.safetensors"), model.state_dict())
    return acc


if __name__ == "__main__":
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    train("basic", peek=False, seed=1, steps=steps)
    train("peek", peek=True, seed=2, steps=steps)
