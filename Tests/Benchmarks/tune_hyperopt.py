#!/usr/bin/env python3
"""The pytorch-optimizer protocol (its examples/viz_optimizers.py) in PyTorch with hyperopt's TPE,
for the optimizers `landscape tune --protocol pytorch-optimizer` races: the anchor of the tune
workload in compare.py.

    python3 Tests/Benchmarks/tune_hyperopt.py [--out DIR] [--json]

For each surface (Rosenbrock from (-2, 2), Rastrigin from (-2, 3.5)) and each optimizer (SGD,
SGD with momentum 0.9, SGD with Nesterov momentum 0.9, RMSprop, Adam, AdamW): hyperopt's TPE
draws the learning rate log-uniformly from [e^-8, e^-1] (the SGD family) or [e^-8, e^0.5] (the
others), 200 evaluations with seed 1, each a 100-step run with the gradient clipped to norm 1,
scored by the squared distance from its last point to the minimum; then the tuned learning rate
runs 500 steps, and its path is drawn over the surface's contours (one PNG per optimizer, as the
protocol's script does). The protocol's script uses float32 tensors; here float64, as landscape
computes, so that the losses compare. Prints, per surface and optimizer, the tuned learning rate,
the distance after 100 steps (what the search minimizes) and the loss after 500 steps (with --json,
as one JSON document).
"""
import argparse
import json
import math
import os
import pathlib
import tempfile

import numpy as np
import torch
from hyperopt import fmin, hp, tpe

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SEARCH_STEPS, RACE_STEPS, EVALUATIONS = 100, 500, 200


def rosenbrock(t, lib=torch):
    x, y = t
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def rastrigin(t, lib=torch):
    x, y = t
    a = 10
    return a * 2 + (x ** 2 - a * lib.cos(x * math.pi * 2)) + (y ** 2 - a * lib.cos(y * math.pi * 2))


SURFACES = {
    "rosenbrock": (rosenbrock, (-2.0, 2.0), (1.0, 1.0), (-2, 2, -1, 3)),
    "rastrigin": (rastrigin, (-2.0, 3.5), (0.0, 0.0), (-4.5, 4.5, -4.5, 4.5)),
}

# landscape's name, the torch optimizer, and the protocol's log-range of the learning rate.
OPTIMIZERS = [
    ("gd", lambda p, lr: torch.optim.SGD(p, lr=lr), (-8, -1.0)),
    ("momentum", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9), (-8, -1.0)),
    ("nesterov", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True), (-8, -1.0)),
    ("rmsprop", lambda p, lr: torch.optim.RMSprop(p, lr=lr), (-8, 0.5)),
    ("adam", lambda p, lr: torch.optim.Adam(p, lr=lr), (-8, 0.5)),
    ("adamw", lambda p, lr: torch.optim.AdamW(p, lr=lr), (-8, 0.5)),
]


def execute_steps(func, start, make, lr, steps):
    x = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = make([x], lr)
    path = np.zeros((2, steps + 1))
    path[:, 0] = start
    for i in range(1, steps + 1):
        optimizer.zero_grad()
        f = func(x)
        f.backward()
        torch.nn.utils.clip_grad_norm_(x, 1.0)
        optimizer.step()
        path[:, i] = x.detach().numpy()
    return path


def plot(func, path, minimum, view, title, out):
    xs = np.linspace(view[0], view[1], 250)
    ys = np.linspace(view[2], view[3], 250)
    X, Y = np.meshgrid(xs, ys)
    Z = func([X, Y], lib=np)
    fig = plt.figure(figsize=(8, 8))
    ax = fig.add_subplot(1, 1, 1)
    ax.contour(X, Y, Z, 90 if func is rosenbrock else 35, cmap="jet")
    ax.plot(path[0], path[1], color="r", marker="x")
    ax.set_title(title)
    ax.plot(*minimum, "gD")
    ax.plot(path[0][-1], path[1][-1], "rD")
    fig.savefig(out)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="directory for the figures (default: a temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(args.out or tmp)
        out.mkdir(parents=True, exist_ok=True)
        for surface, (func, start, minimum, view) in SURFACES.items():
            for name, make, (low, high) in OPTIMIZERS:
                def objective(params):
                    path = execute_steps(func, start, make, params["lr"], SEARCH_STEPS)
                    return (path[0][-1] - minimum[0]) ** 2 + (path[1][-1] - minimum[1]) ** 2

                best = fmin(fn=objective, space={"lr": hp.loguniform("lr", low, high)}, algo=tpe.suggest,
                            max_evals=EVALUATIONS, rstate=np.random.default_rng(1), show_progressbar=False)
                searched = execute_steps(func, start, make, best["lr"], SEARCH_STEPS)
                path = execute_steps(func, start, make, best["lr"], RACE_STEPS)
                loss = float(func(torch.tensor(path[:, -1], dtype=torch.float64)))
                plot(func, path, minimum, view, f"{surface}: {name} lr={best['lr']:.6}", out / f"{surface}_{name}.png")
                results.append({"surface": surface, "optimizer": name, "lr": best["lr"], "loss": loss,
                                "search_distance": math.dist(searched[:, -1], minimum), "distance": math.dist(path[:, -1], minimum)})
    if args.json:
        print(json.dumps(results))
    else:
        for r in results:
            print(f"{r['surface']:10s} {r['optimizer']:9s} lr={r['lr']:.6g} distance after {SEARCH_STEPS} steps {r['search_distance']:.6g}, "
                  f"loss after {RACE_STEPS} steps {r['loss']:.6g}")


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
