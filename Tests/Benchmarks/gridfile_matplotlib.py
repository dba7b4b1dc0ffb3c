"""The anchor for `landscape render --grid-file`: loss-landscape's plot_2D.py path on the same file.

    python Tests/Benchmarks/gridfile_matplotlib.py surface.h5 OUT_DIR

Reads xcoordinates, ycoordinates and train_loss with h5py and draws them as plot_2D.py's
plot_2d_contour does (numpy.meshgrid, matplotlib contour and contourf), with the colorbar and
labels a reader needs, as PNG at 800×600 (100 dpi).
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main(path, out):
    f = h5py.File(path, "r")
    x = np.array(f["xcoordinates"][:])
    y = np.array(f["ycoordinates"][:])
    X, Y = np.meshgrid(x, y)
    Z = np.array(f["train_loss"][:]).reshape(len(y), len(x))
    fig = plt.figure(figsize=(8, 6), dpi=100)
    levels = np.linspace(np.nanmin(Z), np.nanmax(Z), 25)
    cs = plt.contourf(X, Y, Z, levels=levels, cmap="viridis")
    plt.contour(X, Y, Z, levels=levels, colors="k", linewidths=0.5, alpha=0.3)
    plt.colorbar(cs, label="loss")
    plt.xlabel("x")
    plt.ylabel("y")
    plt.title("train_loss")
    fig.savefig(f"{out}/train_loss_2dcontourf.png", dpi=100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
