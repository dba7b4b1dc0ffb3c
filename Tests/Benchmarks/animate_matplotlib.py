"""The animation workload, written as optimizer-visualization projects do: matplotlib's
FuncAnimation with PillowWriter at 24 fps, 800×600.

    python3 animate_matplotlib.py OUT.gif

The two-well race: a 400² grid, 30 filled levels and lines, GD (lr 0.05), momentum (lr 0.05,
0.9) and Adam (lr 0.1) from (1.9, 1.2), 300 steps, 120 frames, a step counter in the title.
`compare.py --workload animate` gives landscape the same race.
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.animation import FuncAnimation, PillowWriter  # noqa: E402


def f(x, y):
    return (x * x - 1) ** 2 + 0.3 * x + y * y


def grad(p):
    x, y = p
    return np.array([4 * x * (x * x - 1) + 0.3, 2 * y])


def gd(lr, steps):
    p, out = np.array([1.9, 1.2]), []
    for _ in range(steps + 1):
        out.append(p.copy())
        p = p - lr * grad(p)
    return np.array(out)


def momentum(lr, mu, steps):
    p, b, out = np.array([1.9, 1.2]), np.zeros(2), []
    for t in range(steps + 1):
        out.append(p.copy())
        g = grad(p)
        b = g if t == 0 else mu * b + g
        p = p - lr * b
    return np.array(out)


def adam(lr, steps, b1=0.9, b2=0.999, eps=1e-8):
    p, m, v, out = np.array([1.9, 1.2]), np.zeros(2), np.zeros(2), []
    for t in range(1, steps + 2):
        out.append(p.copy())
        g = grad(p)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return np.array(out)


STEPS, FRAMES = 300, 120
paths = [("GD lr=0.05", gd(0.05, STEPS)), ("Momentum lr=0.05 β=0.9", momentum(0.05, 0.9, STEPS)), ("Adam lr=0.1", adam(0.1, STEPS))]
xs, ys = np.linspace(-2, 2, 400), np.linspace(-1.5, 1.5, 400)
X, Y = np.meshgrid(xs, ys)
Z = f(X, Y)
fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
cs = ax.contourf(X, Y, Z, levels=30, cmap="viridis")
ax.contour(X, Y, Z, levels=30, colors="k", linewidths=0.4, alpha=0.3)
fig.colorbar(cs, ax=ax, label="loss")
lines = [ax.plot([], [], "-o", markersize=2.5, linewidth=2, label=label)[0] for label, _ in paths]
ax.legend(loc="upper left")
ax.set_xlabel("w₁")
ax.set_ylabel("w₂")


def update(frame):
    step = round(frame * STEPS / (FRAMES - 1))
    for line, (_, path) in zip(lines, paths):
        line.set_data(path[: step + 1, 0], path[: step + 1, 1])
    ax.set_title(f"two-well: step {step} of {STEPS}")
    return lines


FuncAnimation(fig, update, frames=FRAMES).save(sys.argv[1], writer=PillowWriter(fps=24))
