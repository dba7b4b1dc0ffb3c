"""Writes the HDF5 files that Tests/GridFilesTests read to check every route by which the reader
takes values from a file (h5py and its libhdf5): the same grid stored in the ways that send the
reader down different paths.

    python3 Tests/Reference/make_layout_files.py      # writes Tests/GridFilesTests/Data/layout_*.h5

The grid is 7 × 5 (x by y) with the value 100·i + j at (x[j], y[i]): exact in float32 too.

- layout_contiguous.h5: float64, contiguous (h5py's default): read by the parent straight from the
  file's bytes, once the child has confirmed where they lie.
- layout_userblock.h5: the same after a 512-byte user block (addresses inside the file are then
  not file offsets).
- layout_chunked.h5: chunked 2 × 3 and deflated: read by libhdf5 in the child.
- layout_float32.h5: float32 values: converted by libhdf5 in the child.
- layout_bigendian.h5: big-endian float64: converted by libhdf5 in the child.
- layout_unwritten.h5: a dataset created and never written: no storage, its fill value (0).
"""
import pathlib

import h5py
import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "GridFilesTests" / "Data"
x = np.linspace(-1, 1, 7)
y = np.linspace(0, 2, 5)
# loss-landscape's layout: shape (len(x), len(y)), filled in meshgrid order (rows of y), so the
# flat element i·len(x) + j is the value at (x[j], y[i]).
grid = (100.0 * np.arange(5)[:, None] + np.arange(7)[None, :]).reshape(7, 5)


def write(name, **options):
    kw = {k: v for k, v in options.items() if k != "userblock_size"}
    with h5py.File(OUT / name, "w", userblock_size=options.get("userblock_size", 0)) as f:
        f["xcoordinates"], f["ycoordinates"] = x, y
        if kw.pop("unwritten", False):
            f.create_dataset("train_loss", shape=grid.shape, dtype="<f8")
        else:
            f.create_dataset("train_loss", data=grid.astype(kw.pop("dtype", "<f8")), **kw)


write("layout_contiguous.h5")
write("layout_userblock.h5", userblock_size=512)
write("layout_chunked.h5", chunks=(2, 3), compression="gzip")
write("layout_float32.h5", dtype="<f4")
write("layout_bigendian.h5", dtype=">f8")
write("layout_unwritten.h5", unwritten=True)
