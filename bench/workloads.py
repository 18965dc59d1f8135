#!/usr/bin/env python3
"""Named benchmark workloads for bench/peers.sh: random LSTM seq2seq models
of realistic shapes, written once and run by every implementation.

    workloads.py OUTDIR [NAME ...]        (default: every workload but `tiny`)
    workloads.py --list

For each workload, OUTDIR/NAME/ gets
  weights.safetensors  PyTorch layout (src_embed, tgt_embed, encoder, decoder,
                       out: nn.Embedding / nn.LSTM / nn.Linear state_dict names)
  model.yaml           the s2sc spec (shared/SPEC.md v1) of the same model
  workload.txt         `key value` lines the benchmarks read (sizes, ids)
Files whose content did not change are not rewritten (their mtime stays, so
peers.sh does not recompile an unchanged model).

Weights are deterministic (numpy PCG64 seeded per workload): uniform(-1/sqrt(H),
1/sqrt(H)) for LSTM and Linear tensors, uniform(-1, 1) for embeddings.
Source tokens: src[b][t] = (7 + 13 t + 31 b) % V, every row full length.
Decoding is greedy from BOS = 1 for exactly `steps` steps: the eos id in the
spec is one the PyTorch reference decode never emits, so no row stops early.

This module also holds the PyTorch model and greedy loop torch_bench.py times.
"""
import json
import os
import struct
import sys

import numpy as np

BOS = 1

# name: V (both vocabularies), E (both embeddings), H, L (encoder = decoder),
# T (source length), steps (decoded tokens), B (batch), peek, seed.
WORKLOADS = {
    # CI's build check (peers.sh --build-only): every code path, tiny sizes.
    'tiny': dict(V=50, E=16, H=16, L=2, T=5, steps=5, B=2, peek=True, seed=11),
    'small': dict(V=1000, E=128, H=128, L=1, T=32, steps=32, B=1, peek=False, seed=1),
    'w4': dict(V=8000, E=512, H=512, L=2, T=64, steps=64, B=1, peek=False, seed=4),
    'w4_peek': dict(V=8000, E=512, H=512, L=2, T=64, steps=64, B=1, peek=True, seed=4),
    'w5': dict(V=8000, E=512, H=512, L=2, T=64, steps=64, B=32, peek=False, seed=4),
    # Other shapes of the speed issue: H 64-1024, 1-3 layers, V to 32000,
    # batch 1-64, with and without peek.
    'h64_l3_b64': dict(V=2000, E=64, H=64, L=3, T=32, steps=32, B=64, peek=False, seed=5),
    'h256_peek_b8': dict(V=4000, E=256, H=256, L=2, T=48, steps=48, B=8, peek=True, seed=6),
    'h768_b16': dict(V=16000, E=768, H=768, L=2, T=40, steps=40, B=16, peek=False, seed=7),
    'h1024_v32k': dict(V=32000, E=1024, H=1024, L=1, T=32, steps=32, B=1, peek=False, seed=8),
}
DEFAULT = [n for n in WORKLOADS if n != 'tiny']


def model_name(name):
    return 'bench_' + name.lower()


def make_tensors(w):
    """The state_dict (name -> float32 array) of the workload's model."""
    rng = np.random.default_rng(w['seed'])
    V, E, H, L = w['V'], w['E'], w['H'], w['L']
    k = 1.0 / np.sqrt(H)

    def u(shape, bound):
        return rng.uniform(-bound, bound, size=shape).astype(np.float32)

    t = {'src_embed.weight': u((V, E), 1.0), 'tgt_embed.weight': u((V, E), 1.0)}
    for side in ('encoder', 'decoder'):
        for l in range(L):
            inp = H if l > 0 else (E + H if side == 'decoder' and w['peek'] else E)
            t[f'{side}.weight_ih_l{l}'] = u((4 * H, inp), k)
            t[f'{side}.weight_hh_l{l}'] = u((4 * H, H), k)
            t[f'{side}.bias_ih_l{l}'] = u((4 * H,), k)
            t[f'{side}.bias_hh_l{l}'] = u((4 * H,), k)
    t['out.weight'] = u((V, H), k)
    t['out.bias'] = u((V,), k)
    return t


def source(w):
    """[B][T] int32 source tokens."""
    b = np.arange(w['B'])[:, None]
    t = np.arange(w['T'])[None, :]
    return ((7 + 13 * t + 31 * b) % w['V']).astype(np.int32)


# --- safetensors (shared/SEMANTICS.md 7), F32 only -------------------------

def save_safetensors(tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name], dtype='<f4')
        header[name] = {'dtype': 'F32', 'shape': list(a.shape),
                        'data_offsets': [offset, offset + a.nbytes]}
        blobs.append(a.tobytes())
        offset += a.nbytes
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * (-len(h) % 8)
    return struct.pack('<Q', len(h)) + h + b''.join(blobs)


def load_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == '__metadata__':
            continue
        if e['dtype'] != 'F32':
            raise ValueError(f'{path}: {name}: dtype {e["dtype"]}, expected F32')
        b, end = e['data_offsets']
        out[name] = np.frombuffer(raw, dtype='<f4', count=(end - b) // 4,
                                  offset=8 + n + b).reshape(e['shape'])
    return out


def read_workload(directory):
    """workload.txt as a dict (ints where the value is one)."""
    w = {}
    with open(os.path.join(directory, 'workload.txt')) as f:
        for line in f:
            k, v = line.split()
            w[k] = int(v) if v.lstrip('-').isdigit() else v
    return w


# --- the PyTorch model and greedy decode --------------------------------------

def torch_model(w, tensors):
    import torch
    from torch import nn

    class Seq2Seq(nn.Module):
        def __init__(self):
            super().__init__()
            V, E, H, L = w['V'], w['E'], w['H'], w['L']
            self.src_embed = nn.Embedding(V, E)
            self.tgt_embed = nn.Embedding(V, E)
            self.encoder = nn.LSTM(E, H, L)
            self.decoder = nn.LSTM(E + H if w['peek'] else E, H, L)
            self.out = nn.Linear(H, V)

    m = Seq2Seq()
    m.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in tensors.items()})
    return m.eval()


def torch_greedy(m, src, steps, peek):
    """src: LongTensor [B][T]; returns LongTensor [B][steps]. Call under
    torch.inference_mode()."""
    import torch
    _, (h, c) = m.encoder(m.src_embed(src.t()))      # time-major [T][B][E]
    ctx = h[-1].unsqueeze(0)                         # C: top layer's last h
    tok = torch.full((src.shape[0],), BOS, dtype=torch.long)
    out = []
    for _ in range(steps):
        x = m.tgt_embed(tok).unsqueeze(0)
        if peek:
            x = torch.cat([x, ctx], dim=2)
        y, (h, c) = m.decoder(x, (h, c))
        tok = m.out(y[0]).argmax(dim=1)              # first maximum on ties
        out.append(tok)
    return torch.stack(out, dim=1)


def torch_beam(m, src, steps, peek, width, eos):
    """Beam search of SEMANTICS.md 4 (length penalty none) with the
    hypotheses of all rows batched into one decoder call per step; returns
    each row's best hypothesis as LongTensor [B][steps], EOS-padded, and
    its score S per row. Call under torch.inference_mode()."""
    import torch
    _, (h, c) = m.encoder(m.src_embed(src.t()))
    ctx = h[-1]
    batch = src.shape[0]
    rows = list(range(batch))                        # live hypothesis -> its row
    scores = torch.zeros(batch, dtype=torch.float64)
    tok = torch.full((batch,), BOS, dtype=torch.long)
    history = [[] for _ in range(batch)]
    finished = [[] for _ in range(batch)]            # (S, step, rank, tokens)
    for step in range(steps):
        x = m.tgt_embed(tok).unsqueeze(0)
        if peek:
            x = torch.cat([x, ctx[torch.tensor(rows)].unsqueeze(0)], dim=2)
        y, (h, c) = m.decoder(x, (h, c))
        logp = torch.log_softmax(m.out(y[0]).double(), dim=1)
        cand = scores.unsqueeze(1) + logp
        keep = []                                     # (parent, token, score, row)
        first = 0
        for r in range(batch):
            n = sum(1 for q in rows if q == r)
            if n == 0:
                continue
            flat = cand[first:first + n].flatten()
            top = torch.topk(flat, min(2 * width, flat.numel()))
            # Ties in flat-index order (topk does not promise it).
            order = sorted(zip((-top.values).tolist(), top.indices.tolist()))
            kept = 0
            for rank, (neg, index) in enumerate(order):
                if kept == width:
                    break
                b, v = divmod(index, logp.shape[1])
                if v == eos:
                    if rank < width:
                        finished[r].append((-neg, step, rank, history[first + b] + [v]))
                else:
                    keep.append((first + b, v, -neg, r, rank))
                    kept += 1
            first += n
        survivors = []
        full = [len(f) >= width for f in finished]   # these rows stop here
        for parent, v, sc, r, rank in keep:
            if full[r]:
                continue
            if step == steps - 1:
                finished[r].append((sc, step, rank, history[parent] + [v]))
            else:
                survivors.append((parent, v, sc, r))
        if not survivors:
            break
        parents = torch.tensor([p for p, _, _, _ in survivors])
        h, c = h[:, parents], c[:, parents]
        tok = torch.tensor([v for _, v, _, _ in survivors])
        scores = torch.tensor([sc for _, _, sc, _ in survivors], dtype=torch.float64)
        rows = [r for _, _, _, r in survivors]
        history = [history[p] + [v] for p, v, _, _ in survivors]
    out = torch.full((batch, steps), eos, dtype=torch.long)
    best_scores = []
    for r in range(batch):
        score, _, _, best = sorted(finished[r], key=lambda e: (-e[0], e[1], e[2]))[0]
        out[r, :len(best)] = torch.tensor(best)
        best_scores.append(score)
    return out, best_scores


def fnv1a(tokens):
    """FNV-1a (32 bit) over int32 tokens, row-major, 4 little-endian bytes each."""
    h = 0x811C9DC5
    for byte in np.ascontiguousarray(tokens, dtype='<i4').tobytes():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


# --- writing a workload ---------------------------------------------------------

def write_if_changed(path, data):
    if isinstance(data, str):
        data = data.encode()
    try:
        with open(path, 'rb') as f:
            if f.read() == data:
                return
    except FileNotFoundError:
        pass
    with open(path + '.tmp', 'wb') as f:
        f.write(data)
    os.replace(path + '.tmp', path)


def spec(name, w, eos):
    return f"""s2sc: 1
name: {model_name(name)}
source:
  kind: tokens
  vocab: {w['V']}
  embed: {w['E']}
target:
  kind: tokens
  vocab: {w['V']}
  embed: {w['E']}
  bos: {BOS}
  eos: {eos}
encoder:
  cell: lstm
  hidden: {w['H']}
  layers: {w['L']}
decoder:
  cell: lstm
  hidden: {w['H']}
  layers: {w['L']}
  peek: {'concat' if w['peek'] else 'none'}
  first_input: bos
  init_state: encoder
search:
  strategy: greedy
  max_length: {w['steps']}
weights:
  file: weights.safetensors
  layout: pytorch
  names:
    source_embedding: src_embed
    target_embedding: tgt_embed
    encoder: encoder
    decoder: decoder
    output: out
"""


def write(name, outdir):
    import torch
    w = WORKLOADS[name]
    d = os.path.join(outdir, name)
    os.makedirs(d, exist_ok=True)
    tensors = make_tensors(w)
    torch.set_num_threads(1)
    with torch.inference_mode():
        tok = torch_greedy(torch_model(w, tensors), torch.from_numpy(source(w)).long(),
                           w['steps'], w['peek']).numpy()
    emitted = set(tok.ravel().tolist())
    eos = next(i for i in range(w['V']) if i != BOS and i not in emitted)
    write_if_changed(os.path.join(d, 'weights.safetensors'), save_safetensors(tensors))
    write_if_changed(os.path.join(d, 'model.yaml'), spec(name, w, eos))
    meta = dict(name=name, model=model_name(name), vocab=w['V'], embed=w['E'], hidden=w['H'],
                layers=w['L'], src_len=w['T'], steps=w['steps'], batch=w['B'],
                peek=int(w['peek']), bos=BOS, eos=eos)
    write_if_changed(os.path.join(d, 'workload.txt'),
                     ''.join(f'{k} {v}\n' for k, v in meta.items()))
    print(f'{name}: {d} (eos {eos}, reference checksum {fnv1a(tok):08x})')


def main(argv):
    if argv[:1] == ['--list']:
        for n, w in WORKLOADS.items():
            print(n, ' '.join(f'{k}={v}' for k, v in w.items()))
        return 0
    if not argv or argv[0].startswith('-'):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    names = argv[1:] or DEFAULT
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        print(f'workloads.py: unknown workload {" ".join(unknown)} '
              f'(known: {" ".join(WORKLOADS)})', file=sys.stderr)
        return 2
    for n in names:
        write(n, argv[0])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
