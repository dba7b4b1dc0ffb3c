"""The gallery-N workload, written with matplotlib the way such figures are usually made.

    python3 gallery_matplotlib.py GRID OUTDIR [STYLE DPI]

Four landscape figures (bowl, ravine, two-well, sincos), each 800×600 with filled contours (30
levels), contour lines (30 levels), a colorbar, GD, momentum and Adam for 200 full-batch steps with
markers, start and end markers, a legend, axis labels and a title; one 2×2 figure of loss per step
(log y). Every figure is written as PNG and SVG. The same settings as Tests/Benchmarks/compare.py
gives landscape.
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

GRID = int(sys.argv[1])
OUT = sys.argv[2]
# A style sheet and a pixel density (the styled workload): figures keep their size in inches.
if len(sys.argv) > 3 and sys.argv[3] != "default":
    plt.style.use(sys.argv[3])
DPI = int(sys.argv[4]) if len(sys.argv) > 4 else 100
STEPS = 200
os.makedirs(OUT, exist_ok=True)

# sincos data: 200 points on [-2, 2], y = 3x + 2 + N(0, 0.5²); the loss is the mean over them,
# by the same closed form in data moments that landscape uses.
xs = np.linspace(-2, 2, 200)
ys = 3 * xs + 2 + np.random.default_rng(0).normal(0, 0.5, 200)
mx, my, mxx, mxy, myy = xs.mean(), ys.mean(), (xs * xs).mean(), (xs * ys).mean(), (ys * ys).mean()
KAPPA = 50.0

SURFACES = {
    "bowl": dict(
        f=lambda x, y: x * x + y * y,
        g=lambda p: np.array([2 * p[0], 2 * p[1]]),
        domain=(-3, 3, -3, 3), start=(2.5, 2.5),
        opts=[("GD", 0.1, None), ("Momentum", 0.05, 0.8), ("Adam", 0.3, None)]),
    "ravine": dict(
        f=lambda x, y: 0.5 * (x * x + KAPPA * y * y),
        g=lambda p: np.array([p[0], KAPPA * p[1]]),
        domain=(-3, 3, -1.5, 1.5), start=(-2.5, 1.0),
        opts=[("GD", 0.036, None), ("Momentum", 0.009, 0.9), ("Adam", 0.1, None)]),
    "two-well": dict(
        f=lambda x, y: (x * x - 1) ** 2 + 0.3 * x + y * y,
        g=lambda p: np.array([4 * p[0] * (p[0] ** 2 - 1) + 0.3, 2 * p[1]]),
        domain=(-2, 2, -1.5, 1.5), start=(1.9, 1.2),
        opts=[("GD", 0.05, None), ("Momentum", 0.05, 0.9), ("Adam", 0.1, None)]),
    "sincos": dict(
        f=lambda a, b: a * a * mxx + 2 * a * b * mx + b * b - 2 * a * mxy - 2 * b * my + myy + 5 * np.sin(a) * np.cos(b),
        g=lambda p: np.array([2 * (p[0] * mxx + p[1] * mx - mxy) + 5 * np.cos(p[0]) * np.cos(p[1]),
                              2 * (p[0] * mx + p[1] - my) - 5 * np.sin(p[0]) * np.sin(p[1])]),
        domain=(-4, 8, -4, 8), start=(6.0, -3.0),
        opts=[("GD", 0.02, None), ("Momentum", 0.01, 0.9), ("Adam", 0.1, None)]),
}


def run(surface, name, lr, mu):
    p = np.array(surface["start"], dtype=float)
    path, losses = [p.copy()], [surface["f"](*p)]
    b = np.zeros(2)
    m, v = np.zeros(2), np.zeros(2)
    for t in range(1, STEPS + 1):
        g = surface["g"](p)
        if name == "GD":
            p = p - lr * g
        elif name == "Momentum":
            b = g if t == 1 else mu * b + g
            p = p - lr * b
        else:
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            p = p - lr / (1 - 0.9 ** t) * m / (np.sqrt(v) / np.sqrt(1 - 0.999 ** t) + 1e-8)
        path.append(p.copy())
        losses.append(surface["f"](*p))
    return np.array(path), np.array(losses)


runs = {}
for sname, s in SURFACES.items():
    x0, x1, y0, y1 = s["domain"]
    X, Y = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    Z = s["f"](X, Y)
    fig, ax = plt.subplots(figsize=(8, 6), dpi=DPI)
    filled = ax.contourf(X, Y, Z, levels=30, cmap="viridis")
    ax.contour(X, Y, Z, levels=30, colors="k", linewidths=0.5, alpha=0.3)
    fig.colorbar(filled, ax=ax, label="loss")
    runs[sname] = []
    for (oname, lr, mu), marker in zip(s["opts"], "os^"):
        path, losses = run(s, oname, lr, mu)
        runs[sname].append((oname, losses))
        label = f"{oname} lr={lr}" + (f" β={mu}" if mu else "")
        ax.plot(path[:, 0], path[:, 1], "-", marker=marker, markersize=3, linewidth=2, label=label)
        ax.plot(*path[-1], "o", markersize=8, markeredgecolor="white")
    ax.plot(*s["start"], "o", markersize=9, markerfacecolor="white", markeredgecolor="black")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.set_title(sname)
    ax.legend(loc="best")
    for ext in ("png", "svg"):
        fig.savefig(os.path.join(OUT, f"{sname}.{ext}"), dpi=DPI)
    plt.close(fig)

fig, axes = plt.subplots(2, 2, figsize=(10, 8), dpi=DPI)
for ax, (sname, series) in zip(axes.flat, runs.items()):
    floor = min(l.min() for _, l in series)
    for oname, losses in series:
        ax.semilogy(np.maximum(losses - floor, 1e-16), label=oname)
    ax.set_title(sname)
    ax.set_xlabel("step")
    ax.set_ylabel("loss − minimum")
    ax.legend()
fig.tight_layout()
for ext in ("png", "svg"):
    fig.savefig(os.path.join(OUT, f"loss.{ext}"), dpi=DPI)
plt.close(fig)
