"""The anchor for `landscape net`: the same work in PyTorch on the CPU, the way loss-landscape does it.

    python3 Tests/Benchmarks/network_torch.py grid --resolution 51 [--out loss.npy]
    python3 Tests/Benchmarks/network_torch.py train [--epochs 300]

Model: MLP 2-16-16-2, tanh, cross-entropy, on 300 two-spiral points (noise 0.2), float64.

`grid` loads each grid point's weights into the model (center + a·d1 + b·d2, filter-normalized
random directions) and runs a forward pass over the data, as loss-landscape's `crunch` does.
`train` trains GD (lr 0.5), momentum (lr 0.1, 0.9) and Adam (lr 0.01) from one initialization,
full batch, recording the parameters every epoch, in eager mode.
"""
import argparse
import math
import time

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def spirals(n, noise, rng):
    half = n // 2
    t = np.sqrt(rng.uniform(size=half)) * 3 * math.pi
    a = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * math.pi)
    x = np.concatenate([a, -a]) + noise * rng.normal(size=(2 * half, 2))
    y = np.concatenate([np.zeros(half, dtype=np.int64), np.ones(half, dtype=np.int64)])
    return torch.tensor(x), torch.tensor(y)


def model():
    return torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16), torch.nn.Tanh(),
                               torch.nn.Linear(16, 2))


def filter_normalized(net, gen):
    d = []
    for p in net.parameters():
        r = torch.randn(p.shape, generator=gen)
        if p.dim() <= 1:
            r.zero_()
        else:
            for ri, wi in zip(r, p.detach()):
                ri.mul_(wi.norm() / (ri.norm() + 1e-10))
        d.append(r)
    return d


def grid(resolution, out):
    x, y = spirals(300, 0.2, np.random.default_rng(0))
    torch.manual_seed(0)
    net = model()
    gen = torch.Generator().manual_seed(1)
    dx, dy = filter_normalized(net, gen), filter_normalized(net, gen)
    center = [p.detach().clone() for p in net.parameters()]
    coords = np.linspace(-1, 1, resolution)
    loss = np.zeros((resolution, resolution))
    criterion = torch.nn.CrossEntropyLoss()
    with torch.no_grad():
        for i, b in enumerate(coords):
            for j, a in enumerate(coords):
                for p, c, u, v in zip(net.parameters(), center, dx, dy):
                    p.copy_(c + a * u + b * v)
                loss[i, j] = criterion(net(x), y).item()
    if out:
        np.save(out, loss)
    return loss


def train(epochs):
    x, y = spirals(300, 0.2, np.random.default_rng(0))
    torch.manual_seed(0)
    net = model()
    initial = [p.detach().clone() for p in net.parameters()]
    criterion = torch.nn.CrossEntropyLoss()
    records = []
    for make in (lambda p: torch.optim.SGD(p, lr=0.5), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
                 lambda p: torch.optim.Adam(p, lr=0.01)):
        with torch.no_grad():
            for p, c in zip(net.parameters(), initial):
                p.copy_(c)
        opt = make(net.parameters())
        run = []
        for _ in range(epochs):
            opt.zero_grad()
            loss = criterion(net(x), y)
            loss.backward()
            opt.step()
            run.append((loss.item(), torch.cat([p.detach().reshape(-1) for p in net.parameters()]).numpy().copy()))
        records.append(run)
    return records


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("work", choices=["grid", "train"])
    parser.add_argument("--resolution", type=int, default=51)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--out")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.work == "grid":
        grid(args.resolution, args.out)
    else:
        train(args.epochs)
    print("%s: %.3f s of work" % (args.work, time.perf_counter() - start))
