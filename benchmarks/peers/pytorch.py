#!/usr/bin/env python3
"""PyTorch peer: torch.nn modules, autograd and torch.optim, one compute thread.

Usage: pytorch.py --workload W1|W2|W3|W5 [--smoke] [--steps N] [--data DIR|FILE]

The initial weights and the W3 pool are those of benchmarks/common/weights.hpp, recomputed here
with numpy (same splitmix64 counter stream, same float and double operations), so every
contender starts from bit-identical numbers.
"""

import argparse
import math
import os
import sys
import time

# One compute thread, set before torch loads its thread pools.
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(var, "1")

try:
    import numpy as np
    import torch
except ImportError as e:  # pragma: no cover - reported by run_peers.sh as a skip
    print(f"SKIP contender=pytorch reason=cannot import {e.name} (install the Debian package python3-torch)")
    sys.exit(0)

torch.set_num_threads(1)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "data")

# ---- the shared generator (benchmarks/common/weights.hpp) ----------------------------------

W2_HIDDEN_SEED, W2_OUT_SEED = 1, 2
W3_L1_SEED, W3_L2_SEED, W3_L3_SEED = 11, 12, 13
W3_X_SEED, W3_Y_SEED = 21, 22
W5_CONV_SEED, W5_DENSE_SEED = 31, 32

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def uniform01(seed, n):
    """Values 0..n-1 of stream `seed`: (splitmix64((seed << 32) + i) >> 40) * 2^-24 as float32."""
    with np.errstate(over="ignore"):
        z = (np.uint64(seed) << np.uint64(32)) + np.arange(n, dtype=np.uint64)
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)


def glorot(fan_in, fan_out, seed, n=None):
    """fan_in x fan_out row-major kernel: limit * (2u - 1) computed in double, then float.
    With n, the first n values of the stream, flat (a conv kernel whose fans are not its shape)."""
    limit = math.sqrt(6.0 / float(fan_in + fan_out))
    u = uniform01(seed, fan_in * fan_out if n is None else n).astype(np.float64)
    w = (limit * (2.0 * u - 1.0)).astype(np.float32)
    return w if n is not None else w.reshape(fan_in, fan_out)


def w3_pool():
    x = uniform01(W3_X_SEED, 1280 * 784).reshape(1280, 784)
    y = (np.float32(10.0) * uniform01(W3_Y_SEED, 1280)).astype(np.int64)
    return x, y


# ---- helpers --------------------------------------------------------------------------------


def dense(fan_in, fan_out, seed):
    """nn.Linear holding the shared kernel (torch stores it out x in) and a zero bias."""
    layer = torch.nn.Linear(fan_in, fan_out)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(glorot(fan_in, fan_out, seed)).t())
        layer.bias.zero_()
    return layer


class Timer:
    def __enter__(self):
        self.wall0 = time.perf_counter()
        self.cpu0 = time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


UNITS = {"W1": ("ns/step", 1e9), "W2": ("us/step", 1e6), "W3": ("ms/step", 1e3), "W5": ("us/step", 1e6)}


def result(workload, t, steps, extra):
    unit, scale = UNITS[workload]
    print(f"RESULT contender=pytorch workload={workload} value={t.wall / steps * scale:.6g} unit={unit} "
          f"extra={extra},cpu:{t.cpu / steps * scale:.6g}", flush=True)


def load_digits(path):
    if not path.endswith(".csv"):
        path = os.path.join(path, "digits.csv")
    if not os.path.exists(path):
        sys.exit(f"cannot open {path} (pass --data PATH)")
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    if data.shape != (1797, 65):
        sys.exit(f"{path}: expected 1797 rows of 65 columns, read {data.shape}")
    return data[:, :64] / np.float32(16.0), data[:, 64].astype(np.int64)


# ---- workloads ------------------------------------------------------------------------------


def run_w1(args):
    steps = 1000 if args.smoke else (args.steps if args.steps > 0 else 40_000)
    lin = torch.nn.Linear(1, 1)
    with torch.no_grad():
        lin.weight.fill_(0.5)
        lin.bias.zero_()
    xs = [torch.full((1, 1), v) for v in (1.0, 2.0, 3.0)]
    ys = [torch.full((1, 1), v) for v in (2.0, 4.0, 5.9)]
    opt = torch.optim.SGD(lin.parameters(), lr=0.01)
    mse = torch.nn.functional.mse_loss
    with Timer() as t:
        i = 0
        for _ in range(steps):
            opt.zero_grad()
            loss = mse(lin(xs[i]), ys[i])
            loss.backward()
            opt.step()
            i = 0 if i == 2 else i + 1
    w, b = lin.weight.item(), lin.bias.item()
    result("W1", t, steps, f"steps:{steps},W:{w:.7g},b:{b:.7g}")


def run_w2(args):
    x, y = load_digits(args.data)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    batches = [(xt[k * 32:(k + 1) * 32].clone(), yt[k * 32:(k + 1) * 32].clone()) for k in range(44)]
    net = torch.nn.Sequential(dense(64, 32, W2_HIDDEN_SEED), torch.nn.ReLU(), dense(32, 10, W2_OUT_SEED))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    xent = torch.nn.functional.cross_entropy
    steps = (2 if args.smoke else 100) * 44
    with Timer() as t:
        for step in range(steps):
            xb, yb = batches[step % 44]
            opt.zero_grad()
            loss = xent(net(xb), yb)
            loss.backward()
            opt.step()
    with torch.no_grad():
        acc = (net(xt[1437:]).argmax(1) == yt[1437:]).double().mean().item()
    result("W2", t, steps, f"steps:{steps},test_acc:{acc:.7g}")


def run_w3(args):
    x, y = w3_pool()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    batches = [(xt[k * 64:(k + 1) * 64].clone(), yt[k * 64:(k + 1) * 64].clone()) for k in range(20)]
    net = torch.nn.Sequential(dense(784, 256, W3_L1_SEED), torch.nn.ReLU(), dense(256, 256, W3_L2_SEED),
                              torch.nn.ReLU(), dense(256, 10, W3_L3_SEED))
    # torch's momentum buffer b = 0.9 b + g, w -= lr b: the iterates of the Keras rule
    # v = 0.9 v - lr g, w += v while lr is constant.
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    xent = torch.nn.functional.cross_entropy
    steps = 5 if args.smoke else 300
    with Timer() as t:
        for step in range(steps):
            xb, yb = batches[step % 20]
            opt.zero_grad()
            loss = xent(net(xb), yb)
            loss.backward()
            opt.step()
    flops = 6.0 * 64 * (784 * 256 + 256 * 256 + 256 * 10) * steps
    result("W3", t, steps, f"steps:{steps},gflops:{flops / t.wall / 1e9:.7g},loss:{loss.item():.7g}")


def run_w5(args):
    x, y = load_digits(args.data)
    xt, yt = torch.from_numpy(x).reshape(-1, 1, 8, 8), torch.from_numpy(y)  # NCHW
    batches = [(xt[k * 32:(k + 1) * 32].clone(), yt[k * 32:(k + 1) * 32].clone()) for k in range(44)]
    # padding 1 on each side of a 3x3 window at stride 1 is TensorFlow's "same".
    conv = torch.nn.Conv2d(1, 16, 3, padding=1)
    out = torch.nn.Linear(256, 10)
    # The shared kernels are channel-last: conv <3, 3, 1, 16> (Keras fans 9 and 144) and dense
    # <256, 10> over the (row, column, filter) flatten of the pooled <4, 4, 16> image. torch
    # wants the filters as (16, 1, 3, 3) and flattens (filter, row, column), out x in.
    k = glorot(9, 144, W5_CONV_SEED, n=144).reshape(3, 3, 16)
    w = glorot(256, 10, W5_DENSE_SEED).reshape(4, 4, 16, 10).transpose(2, 0, 1, 3).reshape(256, 10)
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(k.transpose(2, 0, 1))).unsqueeze(1))
        conv.bias.zero_()
        out.weight.copy_(torch.from_numpy(np.ascontiguousarray(w)).t())
        out.bias.zero_()
    net = torch.nn.Sequential(conv, torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(), out)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    xent = torch.nn.functional.cross_entropy
    steps = 2 * 44 if args.smoke else (args.steps if args.steps > 0 else 20 * 44)
    with Timer() as t:
        for step in range(steps):
            xb, yb = batches[step % 44]
            opt.zero_grad()
            loss = xent(net(xb), yb)
            loss.backward()
            opt.step()
    with torch.no_grad():
        acc = (net(xt[1437:]).argmax(1) == yt[1437:]).double().mean().item()
    result("W5", t, steps, f"steps:{steps},test_acc:{acc:.7g}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workload", required=True, choices=["W1", "W2", "W3", "W5"])
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--steps", type=int, default=-1, help="W1 (default 40,000; 1 mod 3 like 10,000,000) and W5 (default 880)")
    p.add_argument("--data", default=DEFAULT_DATA, help="folder holding digits.csv, or the file")
    args = p.parse_args()
    {"W1": run_w1, "W2": run_w2, "W3": run_w3, "W5": run_w5}[args.workload](args)


if __name__ == "__main__":
    main()
