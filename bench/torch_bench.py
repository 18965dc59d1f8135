#!/usr/bin/env python3
"""The PyTorch peer of bench/peers.sh: nn.Embedding, nn.LSTM and nn.Linear
loaded from one workload's weights.safetensors, greedy decoding of exactly
`steps` tokens under torch.inference_mode(); prints the RESULT line of
bench_common.h. With --beam K (bench/beam.sh): beam search of width K
instead (workloads.torch_beam), the best hypothesis of each row.

    torch_bench.py DIR [--runs N] [--warmup N] [--threads N] [--beam K]
"""
import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import workloads  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument('dir')
    p.add_argument('--runs', type=int, default=10)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--beam', type=int, default=0)
    a = p.parse_args()

    import torch
    torch.set_num_threads(a.threads)
    w = workloads.read_workload(a.dir)
    shape = dict(V=w['vocab'], E=w['embed'], H=w['hidden'], L=w['layers'], T=w['src_len'],
                 B=w['batch'], peek=bool(w['peek']))
    tensors = workloads.load_safetensors(os.path.join(a.dir, 'weights.safetensors'))
    model = workloads.torch_model(shape, tensors)
    src = torch.from_numpy(workloads.source(shape)).long()

    def run():
        with torch.inference_mode():
            if a.beam:
                return workloads.torch_beam(model, src, w['steps'], shape['peek'], a.beam,
                                            w['eos'])
            return workloads.torch_greedy(model, src, w['steps'], shape['peek'])

    for _ in range(a.warmup):
        run()
    times = []
    for _ in range(max(1, a.runs)):
        t0 = time.perf_counter()
        tok = run()
        times.append((time.perf_counter() - t0) * 1e3)
    scores = ""
    if a.beam:
        tok, best = tok
        scores = " scores=" + ",".join(f"{s:.9g}" for s in best)
    tok = tok.to(torch.int32).numpy()
    impl = f"torch_beam{a.beam}" if a.beam else "torch"
    print(f"RESULT impl={impl} workload={w['name']} threads={a.threads} batch={w['batch']} "
          f"steps={w['steps']} runs={len(times)} median_ms={statistics.median(times):.4f} "
          f"checksum={workloads.fnv1a(tok):08x} first8={','.join(map(str, tok[0, :8]))}{scores}",
          flush=True)


if __name__ == '__main__':
    main()
