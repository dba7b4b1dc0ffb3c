"""Writes the HDF5 files that Tests/GridFilesTests/HostileFileTests read: ones that a reader must
refuse in one line rather than skip, crash on or echo (h5py 3.16 and its libhdf5).

    python3 Tests/Reference/make_hostile_files.py      # writes Tests/GridFilesTests/Data/hostile_*.h5

- hostile_lzf.h5: train_loss compressed with h5py's lzf filter, which libhdf5 does not have.
- hostile_strings.h5: train_loss of byte strings.
- hostile_names.h5: libver='latest' with 13 datasets (dense link storage, a fractal heap and a
  B-tree v2 for the names), one named with a newline and an escape sequence.
"""
import pathlib

import h5py
import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "GridFilesTests" / "Data"
rng = np.random.default_rng(26)
x = np.linspace(-1, 1, 11)

with h5py.File(OUT / "hostile_lzf.h5", "w") as f:
    f["xcoordinates"], f["ycoordinates"] = x, x
    f.create_dataset("train_loss", data=rng.random((11, 11)), compression="lzf")

with h5py.File(OUT / "hostile_strings.h5", "w") as f:
    f["xcoordinates"], f["ycoordinates"] = x, x
    f["train_loss"] = np.array([b"ab"] * 121).reshape(11, 11)

with h5py.File(OUT / "hostile_names.h5", "w", libver="latest") as f:
    f["xcoordinates"], f["ycoordinates"] = x, x
    for k in range(10):
        f[f"train_loss{k}" if k else "train_loss"] = rng.random((11, 11))
    f["bad\nname\x1b[2J"] = np.zeros((3,))
