#!/usr/bin/env python3
"""Cross-check against PyTorch itself (issue: weights from the frameworks).

Builds models from torch.nn.Embedding / nn.LSTM / nn.Linear with PyTorch's
own random initialisation, saves their state_dict as safetensors (a writer
of our own), compiles them with s2sc (through s2s-run --json --logits) and
compares the compiled greedy tokens and logits with PyTorch's own greedy
decoding of the same modules. Prints "Success!", or "[SKIP] ..." when
python3-torch is not installed.

usage: torch_crosscheck.py --s2s-run PATH --work DIR
"""
import argparse
import json
import os
import struct
import subprocess
import sys

try:
    import torch
    from torch import nn
except ImportError:
    print("[SKIP] python3-torch is not installed (apt-get install python3-torch)")
    sys.exit(0)

RTOL = float(os.environ.get("S2S_RTOL", "1e-4"))


class Model(nn.Module):
    """SEMANTICS.md's token model, written with PyTorch modules."""

    def __init__(self, vocab, embed, hidden, layers, peek):
        super().__init__()
        self.peek = peek
        self.src_embed = nn.Embedding(vocab, embed)
        self.tgt_embed = nn.Embedding(vocab, embed)
        self.encoder = nn.LSTM(embed, hidden, layers, batch_first=True)
        self.decoder = nn.LSTM(embed + (hidden if peek else 0), hidden, layers, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    @torch.no_grad()
    def greedy(self, src, lengths, bos, eos, steps):
        packed = nn.utils.rnn.pack_padded_sequence(
            self.src_embed(src), torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        _, (h, c) = self.encoder(packed)
        context = h[-1]
        batch = src.size(0)
        tok = torch.full((batch,), bos, dtype=torch.long)
        done = [False] * batch
        tokens = [[] for _ in range(batch)]
        logits = [[] for _ in range(batch)]
        for _ in range(steps):
            y = self.tgt_embed(tok).unsqueeze(1)
            if self.peek:
                y = torch.cat([y, context.unsqueeze(1)], dim=2)
            s, (h, c) = self.decoder(y, (h, c))
            scores = self.out(s[:, 0])
            tok = scores.argmax(dim=1)
            for b in range(batch):
                if not done[b]:
                    tokens[b].append(int(tok[b]))
                    logits[b].append(scores[b].tolist())
                    done[b] = int(tok[b]) == eos
        return tokens, logits


def save_safetensors(path, state):
    header, blobs, offset = {}, [], 0
    for name, t in sorted(state.items()):
        data = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def spec(name, vocab, embed, hidden, layers, peek, bos, eos, max_length):
    return f"""s2sc: 1
name: {name}
source: {{kind: tokens, vocab: {vocab}, embed: {embed}}}
target: {{kind: tokens, vocab: {vocab}, embed: {embed}, bos: {bos}, eos: {eos}}}
encoder: {{hidden: {hidden}, layers: {layers}}}
decoder: {{hidden: {hidden}, layers: {layers}, peek: {"concat" if peek else "none"}}}
search: {{max_length: {max_length}}}
weights: {{file: {name}.safetensors, layout: pytorch}}
"""


def run_case(args, name, vocab, embed, hidden, layers, peek, seed, eos_bias):
    torch.manual_seed(seed)
    model = Model(vocab, embed, hidden, layers, peek)
    with torch.no_grad():  # make some sequences end early
        model.out.bias[2] += eos_bias
    bos, eos, max_length = 1, 2, 10
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    save_safetensors(os.path.join(work, name + ".safetensors"), model.state_dict())
    with open(os.path.join(work, name + ".yaml"), "w") as f:
        f.write(spec(name, vocab, embed, hidden, layers, peek, bos, eos, max_length))
    gen = torch.Generator().manual_seed(seed + 1000)
    lengths = [7, 3, 5, 1]
    src = torch.randint(3, vocab, (len(lengths), max(lengths)), generator=gen)
    sequences = [src[b, :n].tolist() for b, n in enumerate(lengths)]
    with open(os.path.join(work, "in.json"), "w") as f:
        json.dump({"src": sequences}, f)
    run = subprocess.run([args.s2s_run, os.path.join(work, name + ".yaml"),
                          "--target=x86-64-linux-avx2-fma-f16c-sse41",
                          "--input", os.path.join(work, "in.json"),
                          "--max-out", str(max_length), "--json", "--logits"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(f"FAIL {name}: s2s-run failed:\n{run.stderr}")
        return False
    compiled = json.loads(run.stdout)
    want_tokens, want_logits = model.greedy(src, lengths, bos, eos, max_length)
    ok, worst = True, 0.0
    for b in range(len(lengths)):
        got = compiled["outputs"][b][:compiled["lengths"][b]]
        if got != want_tokens[b]:
            # A float near-tie may flip an argmax: accept only a genuine tie.
            t = next(i for i in range(min(len(got), len(want_tokens[b])) + 1)
                     if i >= len(got) or i >= len(want_tokens[b]) or got[i] != want_tokens[b][i])
            row = want_logits[b][t] if t < len(want_logits[b]) else None
            tie = row is not None and t < len(got) and \
                abs(row[got[t]] - max(row)) <= RTOL * max(1.0, abs(max(row)))
            print(f"{'tie ' if tie else 'FAIL'} {name} seq {b}: compiled {got}, torch {want_tokens[b]}")
            ok = ok and tie
            continue
        for t in range(len(got)):
            for v in range(vocab):
                a, e = compiled["logits"][b][t][v], want_logits[b][t][v]
                err = abs(a - e) / max(1.0, abs(e))
                worst = max(worst, err)
                if err > RTOL:
                    print(f"FAIL {name} seq {b} step {t} logit {v}: compiled {a}, torch {e}")
                    ok = False
    ends = sum(1 for t in want_tokens if t and t[-1] == eos)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {len(lengths)} sequences ({ends} ended at EOS), "
          f"max relative logit error {worst:.2e}")
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--s2s-run", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    cases = [
        ("torch_basic_h32", 20, 8, 32, 1, False, 11, 0.5),
        ("torch_layers2_h100", 30, 16, 100, 2, False, 12, 0.5),
        ("torch_peek_h24", 17, 6, 24, 1, True, 13, 0.5),
        ("torch_peek_layers2_h20", 25, 10, 20, 2, True, 14, 0.5),
    ]
    results = [run_case(args, *case) for case in cases]
    if all(results):
        print(f"{len(cases)} PyTorch models matched")
        print("Success!")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
