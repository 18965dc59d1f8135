#!/usr/bin/env python3
"""Cross-check against PyTorch itself (issue: weights from the frameworks).

Builds models from torch.nn.Embedding / nn.LSTM / nn.Linear with PyTorch's
own random initialisation, saves their state_dict as safetensors (a writer
of our own), compiles them with s2sc (through s2s-run --json --logits) and
compares the compiled greedy tokens and logits with PyTorch's own greedy
decoding of the same modules. Then the trained examples/reverse models
decoded with beam search: a beam search written here with the same
modules (SEMANTICS.md 4, log-probabilities in double) against s2s-run
--nbest. Prints "Success!", or "[SKIP] ..." when python3-torch is not
installed.

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

    @torch.no_grad()
    def beam(self, src, bos, eos, steps, width, penalty, alpha, n_best):
        """SEMANTICS.md 4 for one source sequence: the n_best finished
        hypotheses as (tokens, S / lp(L)), best first."""
        _, (h, c) = self.encoder(self.src_embed(torch.tensor([src])))
        context = h[-1]
        scores = torch.zeros(1, dtype=torch.float64)
        prev = torch.tensor([bos])
        history = [[]]
        finished = []  # (S / lp(L), step, rank, tokens)
        vocab = self.out.out_features
        for step in range(steps):
            y = self.tgt_embed(prev).unsqueeze(1)
            if self.peek:
                y = torch.cat([y, context.expand(len(prev), -1).unsqueeze(1)], dim=2)
            s, (h, c) = self.decoder(y, (h, c))
            logp = torch.log_softmax(self.out(s[:, 0]).double(), dim=1)
            cand = (scores.unsqueeze(1) + logp).flatten()
            # Descending score; a stable sort keeps ties in flat-index order.
            order = torch.sort(-cand, stable=True).indices.tolist()
            keep = []
            for rank, flat in enumerate(order):
                if len(keep) == width:
                    break
                b, v = divmod(flat, vocab)
                if v == eos:
                    if rank < width:
                        finished.append((float(cand[flat]), step, rank, history[b] + [v]))
                else:
                    keep.append((b, v, float(cand[flat]), rank))
            if len(finished) >= width:
                break
            if step == steps - 1:
                finished += [(sc, step, rank, history[b] + [v]) for b, v, sc, rank in keep]
                break
            parents = torch.tensor([b for b, _, _, _ in keep])
            h, c = h[:, parents], c[:, parents]
            prev = torch.tensor([v for _, v, _, _ in keep])
            scores = torch.tensor([sc for _, _, sc, _ in keep], dtype=torch.float64)
            history = [history[b] + [v] for b, v, _, _ in keep]

        def lp(length):
            return {"none": 1.0, "avg": length ** alpha,
                    "gnmt": ((5 + length) / 6) ** alpha}[penalty]
        ranked = sorted(((sc / lp(len(t)), step, rank, t) for sc, step, rank, t in finished),
                        key=lambda e: (-e[0], e[1], e[2]))
        return [(t, key) for key, _, _, t in ranked[:n_best]]


def load_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    state = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", (name, info["dtype"])
        begin, end = info["data_offsets"]
        state[name] = torch.frombuffer(bytearray(data[begin:end]),
                                       dtype=torch.float32).reshape(info["shape"])
    return state


def run_reverse_beam(args, example, peek, width, penalty, alpha):
    """The trained reversal model with beam search: compiled (s2s-run
    --nbest) against the beam search above on the same weights."""
    name = f"reverse_{example}_beam{width}_{penalty}"
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                            "reverse")
    with open(os.path.join(examples, example + ".yaml")) as f:
        text = f.read()
    weights = os.path.join(examples, f"reverse_{example}.safetensors")
    text = text.replace("search:\n", f"search:\n  strategy: beam\n  beam_width: {width}\n"
                        f"  length_penalty: {penalty}\n  alpha: {alpha}\n")
    text = text.replace(f"file: reverse_{example}.safetensors", f"file: {weights}")
    spec_path = os.path.join(work, name + ".yaml")
    with open(spec_path, "w") as f:
        f.write(text)
    model = Model(13, 16, 96, 1, peek)
    model.load_state_dict(load_safetensors(weights))
    gen = torch.Generator().manual_seed(width * 100 + len(penalty))
    sequences = [torch.randint(3, 13, (int(n),), generator=gen).tolist()
                 for n in torch.randint(3, 9, (12,), generator=gen)]
    with open(os.path.join(work, "in.json"), "w") as f:
        json.dump({"src": sequences}, f)
    run = subprocess.run([args.s2s_run, spec_path, "--input", os.path.join(work, "in.json"),
                          "--nbest", str(width), "--json"], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"FAIL {name}: s2s-run failed:\n{run.stderr}")
        return False
    compiled = json.loads(run.stdout)
    ok, ties, reversed_best = True, 0, 0
    for i, src in enumerate(sequences):
        want = model.beam(src, 1, 2, 12, width, penalty, alpha, width)
        reversed_best += want[0][0] == src[::-1] + [2]
        for k in range(width):
            got = compiled["outputs"][i][k][:compiled["lengths"][i][k]]
            score = compiled["scores"][i][k]
            if k >= len(want):
                if got:
                    print(f"FAIL {name} seq {i} rank {k}: compiled {got}, torch none")
                    ok = False
                continue
            tokens, key = want[k]
            close = abs(score - key) <= RTOL * max(1.0, abs(key))
            if got != tokens and close:
                ties += 1  # two hypotheses of equal score in another order
            elif got != tokens or not close:
                print(f"FAIL {name} seq {i} rank {k}: compiled {got} ({score}), "
                      f"torch {tokens} ({key})")
                ok = False
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {len(sequences)} sequences x {width} hypotheses "
          f"({reversed_best} best ones the exact reversal, {ties} equal-score swaps)")
    return ok


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
    beams = [("basic", False, 4, "gnmt", 0.6), ("peek", True, 3, "avg", 1.0),
             ("basic", False, 5, "none", 1.0)]
    results += [run_reverse_beam(args, *case) for case in beams]
    if all(results):
        print(f"{len(cases)} PyTorch models and {len(beams)} beam searches matched")
        print("Success!")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
