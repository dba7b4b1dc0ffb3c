"""The anchor for `landscape net`: the same work in PyTorch on the CPU, the way loss-landscape does it.

    python3 Tests/Benchmarks/network_torch.py grid --resolution 51 [--out loss.npy]
    python3 Tests/Benchmarks/network_torch.py train [--epochs 300]
    python3 Tests/Benchmarks/network_torch.py hessian --run-file run.json [--run K]

Model: MLP 2-16-16-2, tanh, cross-entropy, on 300 two-spiral points (noise 0.2), float64.

`grid` loads each grid point's weights into the model (center + a·d1 + b·d2, filter-normalized
random directions) and runs a forward pass over the data, as loss-landscape's `crunch` does.
`train` trains GD (lr 0.5), momentum (lr 0.1, 0.9) and Adam (lr 0.01) from one initialization,
full batch, recording the parameters every epoch, in eager mode.
`hessian` reads a `landscape net train` run file (the data and a run's last parameters) and
finds the Hessian's top eigenvalue by PyHessian's power iteration (Yao et al. 2020,
`hessian.eigenvalues`: maxIter 100, tol 1e-3, Hessian-vector products by double backward over
the full batch), as the anchor of `landscape net hessian --top 1`.
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


def hessian(run_file, run_index, max_iter=100, tol=1e-3):
    import json
    session = json.load(open(run_file))
    widths = session["model"]["widths"]
    x = torch.tensor(session["data"]["x"])
    y = torch.tensor(session["data"]["y"], dtype=torch.int64)
    layers = []
    for l in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[l], widths[l + 1]))
        if l < len(widths) - 2:
            layers.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    theta = torch.tensor(session["runs"][run_index]["records"][-1]["parameters"])
    k = 0
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(theta[k:k + p.numel()].reshape(p.shape))
            k += p.numel()
    params = [p for p in net.parameters()]
    loss = torch.nn.CrossEntropyLoss()(net(x), y)
    grads = torch.autograd.grad(loss, params, create_graph=True)
    # PyHessian's eigenvalues(top_n=1): power iteration, stopped on a relative change below tol.
    v = [torch.randn(p.size()) for p in params]
    norm = torch.sqrt(sum((u * u).sum() for u in v))
    v = [u / (norm + 1e-6) for u in v]
    eigenvalue = None
    for _ in range(max_iter):
        hv = torch.autograd.grad(grads, params, grad_outputs=v, retain_graph=True)
        current = sum((a * b).sum() for a, b in zip(hv, v)).item()
        norm = torch.sqrt(sum((u * u).sum() for u in hv))
        v = [u / (norm + 1e-6) for u in hv]
        if eigenvalue is not None and abs(eigenvalue - current) / (abs(eigenvalue) + 1e-6) < tol:
            eigenvalue = current
            break
        eigenvalue = current
    print("top eigenvalue %.6g" % eigenvalue)
    return eigenvalue


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("work", choices=["grid", "train", "hessian"])
    parser.add_argument("--run-file")
    parser.add_argument("--run", type=int, default=-1)
    parser.add_argument("--resolution", type=int, default=51)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--out")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.work == "grid":
        grid(args.resolution, args.out)
    elif args.work == "hessian":
        hessian(args.run_file, args.run)
    else:
        train(args.epochs)
    print("%s: %.3f s of work" % (args.work, time.perf_counter() - start))
