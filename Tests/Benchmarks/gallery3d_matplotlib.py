"""The 3-D workload, written with matplotlib as the articles draw it.

    python3 gallery3d_matplotlib.py MESH OUTDIR

Two figures, each 12×5.6 in at 100 dpi: the surface with `plot_surface` (MESH × MESH quads,
viridis, edges off, a light source) and the optimizer paths plotted on it at z = f, beside a
30-level filled contour plot with the same paths and a colorbar.
- The bowl, seen from azimuth 255° and elevation 60°, with GD from (2.5, 2.5), lr 0.1, for 50
  iterations.
- sincos, with its contours projected onto the floor, and one epoch (200 steps) of per-sample SGD
  against momentum SGD (lr 0.09, β 0.45) from (6, −3).

Both are written as PNG and SVG. The same settings as `compare.py --workload 3d` gives landscape.
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

MESH = int(sys.argv[1])
OUT = sys.argv[2]
os.makedirs(OUT, exist_ok=True)

xs = np.linspace(-2, 2, 200)
ys = 3 * xs + 2 + np.random.default_rng(0).normal(0, 0.5, 200)
mx, my, mxx, mxy, myy = xs.mean(), ys.mean(), (xs * xs).mean(), (xs * ys).mean(), (ys * ys).mean()


def bowl(x, y):
    return x * x + y * y


def sincos(a, b):
    return a * a * mxx + 2 * a * b * mx + b * b - 2 * a * mxy - 2 * b * my + myy + 5 * np.sin(a) * np.cos(b)


def gd_bowl():
    p, path = np.array([2.5, 2.5]), []
    for _ in range(51):
        path.append(p.copy())
        p = p - 0.1 * 2 * p
    return [("GD lr=0.1", np.array(path))]


def sgd_sincos(momentum):
    rng = np.random.default_rng(0)
    p, b, path = np.array([6.0, -3.0]), np.zeros(2), [np.array([6.0, -3.0])]
    for i in rng.permutation(200):
        r = p[0] * xs[i] + p[1] - ys[i]
        g = np.array([2 * r * xs[i] + 5 * np.cos(p[0]) * np.cos(p[1]), 2 * r - 5 * np.sin(p[0]) * np.sin(p[1])])
        b = momentum * b + g if momentum else g
        p = p - 0.09 * b
        path.append(p.copy())
    return np.array(path)


FIGURES = [
    ("bowl-3d", bowl, (-3, 3, -3, 3), (255, 60), gd_bowl(), False),
    ("sincos-3d", sincos, (-4, 8, -4, 8), (125, 62), [("SGD", sgd_sincos(0)), ("SGD β=0.45", sgd_sincos(0.45))], True),
]

for name, f, (x0, x1, y0, y1), (azim, elev), paths, floor in FIGURES:
    X, Y = np.meshgrid(np.linspace(x0, x1, MESH + 1), np.linspace(y0, y1, MESH + 1))
    Z = f(X, Y)
    fig = plt.figure(figsize=(12, 5.6), dpi=100)
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    ax3.plot_surface(X, Y, Z, rcount=MESH, ccount=MESH, cmap="viridis", edgecolor="none", alpha=0.9)
    if floor:
        ax3.contour(X, Y, Z, levels=30, cmap="viridis", offset=Z.min() - 0.15 * (Z.max() - Z.min()))
    for label, path in paths:
        ax3.plot(path[:, 0], path[:, 1], f(path[:, 0], path[:, 1]), "-o", markersize=3, linewidth=2, label=label)
    ax3.view_init(elev=elev, azim=azim)
    ax3.set_xlabel("w₁")
    ax3.set_ylabel("w₂")
    ax3.set_zlabel("loss")
    ax2 = fig.add_subplot(1, 2, 2)
    filled = ax2.contourf(X, Y, Z, levels=30, cmap="viridis")
    ax2.contour(X, Y, Z, levels=30, colors="k", linewidths=0.5, alpha=0.3)
    fig.colorbar(filled, ax=ax2, label="loss")
    for label, path in paths:
        ax2.plot(path[:, 0], path[:, 1], "-o", markersize=3, linewidth=2, label=label)
    ax2.set_xlim(x0, x1)
    ax2.set_ylim(y0, y1)
    ax2.legend(loc="best")
    fig.suptitle(name)
    for ext in ("png", "svg"):
        fig.savefig(os.path.join(OUT, f"{name}.{ext}"))
    plt.close(fig)
