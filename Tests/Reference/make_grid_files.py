"""Writes the grid files that Tests/GridFilesTests read, with the real tools (h5py, NumPy,
PyTorch), and the numbers the tests check them against.

    .venv-bench/bin/python Tests/Reference/make_grid_files.py      # writes Tests/GridFilesTests/Data
                                                                   # and the gallery's copy

- surface.h5: a loss-landscape surface file, in its exact layout, at 51×51: an MLP 2-16-16-2 (tanh)
  trained on 300 spiral points with SGD and momentum, and its loss and accuracy on the plane of the
  path's first two principal directions through the trained weights (loss-landscape's
  setup_PCA_directions), computed the way its plot_surface.py does (coordinates enumerated with
  numpy.meshgrid, values stored with .ravel()[ind] into arrays of shape (len(x), len(y))).
- trajectory.h5: the training path projected onto that plane, as loss-landscape's
  projection.py writes it (proj_xcoord, proj_ycoord).
- curve.h5: a 1-D surface file (xcoordinates only).
- NumPy files of a small grid in every dtype and order; .npz archives, stored and deflated.
- Malformed files: truncated, int64, 3-D, text renamed .npy, missing datasets, a transposed grid.
- expected.json: values at sampled cells, for the tests.
"""
import json
import math
import pathlib

import h5py
import numpy as np
import torch

OUT = pathlib.Path(__file__).resolve().parents[1] / "GridFilesTests" / "Data"
# The gallery draws the same surface file and projected path (Sources/landscape/Gallery/data).
GALLERY = pathlib.Path(__file__).resolve().parents[2] / "Sources" / "landscape" / "Gallery" / "data"
torch.set_default_dtype(torch.float64)


def spirals(n, noise, rng):
    half = n // 2
    t = np.sqrt(rng.uniform(size=half)) * 3 * math.pi
    a = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * math.pi)
    x = np.concatenate([a, -a]) + noise * rng.normal(size=(2 * half, 2))
    y = np.concatenate([np.zeros(half, dtype=np.int64), np.ones(half, dtype=np.int64)])
    return torch.tensor(x), torch.tensor(y)


def network_surface(expected):
    x, y = spirals(300, 0.2, np.random.default_rng(0))
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16), torch.nn.Tanh(),
                              torch.nn.Linear(16, 2))
    criterion = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.5, momentum=0.9)
    path = []
    for _ in range(200):
        opt.zero_grad()
        loss = criterion(net(x), y)
        loss.backward()
        opt.step()
        path.append(torch.cat([p.detach().reshape(-1) for p in net.parameters()]).clone())
    center = [p.detach().clone() for p in net.parameters()]
    c = torch.cat([p.reshape(-1) for p in center]).numpy()
    # loss-landscape's plot_trajectory.py / projection.setup_PCA_directions: the first two principal
    # components of {θₜ − θ*} (scikit-learn's PCA centres them), as the plane's directions.
    m = np.stack([p.numpy() - c for p in path])
    m = m - m.mean(axis=0)
    _, _, vt = np.linalg.svd(m, full_matrices=False)
    d1, d2 = vt[0], vt[1]
    proj = [(float(np.dot(p.numpy() - c, d1)), float(np.dot(p.numpy() - c, d2))) for p in path]
    px, py = [p[0] for p in proj], [p[1] for p in proj]
    span = max(max(px) - min(px), max(py) - min(py))
    xcoordinates = np.linspace(min(px) - 0.25 * span, max(px) + 0.25 * span, 51)
    ycoordinates = np.linspace(min(py) - 0.25 * span, max(py) + 0.25 * span, 51)
    sizes = [p.numel() for p in center]

    def unflatten(v):
        out, k = [], 0
        for p, n in zip(center, sizes):
            out.append(torch.tensor(v[k:k + n]).reshape(p.shape))
            k += n
        return out

    dx, dy = unflatten(d1), unflatten(d2)
    shape = (len(xcoordinates), len(ycoordinates))
    losses, accuracies = -np.ones(shape), -np.ones(shape)
    xm, ym = np.meshgrid(xcoordinates, ycoordinates)
    coords = np.c_[xm.ravel(), ym.ravel()]
    with torch.no_grad():
        for ind, (a, b) in enumerate(coords):
            for p, c0, u, v in zip(net.parameters(), center, dx, dy):
                p.copy_(c0 + a * u + b * v)
            out = net(x)
            losses.ravel()[ind] = criterion(out, y).item()
            accuracies.ravel()[ind] = 100.0 * (out.argmax(1) == y).double().mean().item()
    with h5py.File(OUT / "surface.h5", "w") as f:
        f["xcoordinates"] = xcoordinates
        f["ycoordinates"] = ycoordinates
        f["train_loss"] = losses
        f["train_acc"] = accuracies
    with h5py.File(OUT / "trajectory.h5", "w") as f:
        f["proj_xcoord"] = np.array(px)
        f["proj_ycoord"] = np.array(py)
    # value at (x[j], y[i]) is the flat element i·len(x) + j
    cells = [(0, 0), (10, 40), (25, 25), (50, 3)]
    expected["surface.h5"] = {
        "shape": [51, 51],
        "cells": [{"i": i, "j": j, "x": xcoordinates[j], "y": ycoordinates[i], "train_loss": losses.ravel()[i * 51 + j],
                   "train_acc": accuracies.ravel()[i * 51 + j]} for i, j in cells],
        "min": float(losses.min()),
    }
    expected["trajectory.h5"] = {"count": len(proj), "first": list(proj[0]), "last": list(proj[-1])}


def numpy_files(expected):
    x = np.linspace(-2, 2, 7)
    y = np.linspace(-1, 1, 5)
    X, Y = np.meshgrid(x, y)
    Z = X ** 2 + 3 * Y ** 2 + 0.25 * X * Y      # shape (len(y), len(x))
    Z[1, 2] = np.nan
    for dtype in ["<f8", ">f8", "<f4", ">f4"]:
        for order in ["C", "F"]:
            name = f"grid_{'f8' if dtype[1:] == 'f8' else 'f4'}_{'le' if dtype[0] == '<' else 'be'}_{order}.npy"
            np.save(OUT / name, np.asarray(Z, dtype=dtype, order=order))
    np.savez(OUT / "grid_stored.npz", x=x, y=y, loss=Z, accuracy=100 - Z)
    np.savez_compressed(OUT / "grid_deflated.npz", x=x, y=y, loss=Z)
    expected["numpy"] = {"shape": [5, 7], "x": list(x), "y": list(y),
                         "values": [[None if math.isnan(v) else v for v in row] for row in Z.tolist()],
                         "float32": [[None if math.isnan(v) else float(np.float32(v)) for v in row] for row in Z.tolist()]}
    # Malformed.
    good = (OUT / "grid_f8_le_C.npy").read_bytes()
    (OUT / "bad_truncated.npy").write_bytes(good[:len(good) - 20])
    np.save(OUT / "bad_int64.npy", np.arange(12, dtype=np.int64).reshape(3, 4))
    np.save(OUT / "bad_3d.npy", np.zeros((2, 3, 4)))
    (OUT / "bad_text.npy").write_text("x,y,loss\n0,0,1\n")
    np.savez(OUT / "bad_transposed.npz", x=x, y=y, loss=Z.T)
    with h5py.File(OUT / "bad_missing.h5", "w") as f:
        f["xcoordinates"] = x
        f["ycoordinates"] = y
    with h5py.File(OUT / "bad_transposed.h5", "w") as f:
        f["xcoordinates"] = x
        f["ycoordinates"] = y
        f["train_loss"] = Z                     # (len(y), len(x)): loss-landscape writes (len(x), len(y))
    with h5py.File(OUT / "curve.h5", "w") as f:
        f["xcoordinates"] = x
        f["train_loss"] = x ** 2
    # CSV, both layouts.
    with open(OUT / "grid_long.csv", "w") as f:
        f.write("x,y,loss\n")
        for j in reversed(range(len(x))):
            for i in range(len(y)):
                f.write(f"{float(x[j])!r},{float(y[i])!r},{float(Z[i, j])!r}\n")
    with open(OUT / "grid_matrix.csv", "w") as f:
        f.write("y\\x," + ",".join(repr(float(v)) for v in x) + "\n")
        for i in range(len(y)):
            f.write(repr(float(y[i])) + "," + ",".join(repr(float(v)) for v in Z[i]) + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {"h5py": h5py.__version__, "numpy": np.__version__, "torch": torch.__version__}
    network_surface(expected)
    numpy_files(expected)
    GALLERY.mkdir(parents=True, exist_ok=True)
    (GALLERY / "spirals-surface.h5").write_bytes((OUT / "surface.h5").read_bytes())
    (GALLERY / "spirals-projection.h5").write_bytes((OUT / "trajectory.h5").read_bytes())
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
