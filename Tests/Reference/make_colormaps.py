"""Writes Sources/Plotting/ColormapData.swift: matplotlib's colormaps as 256 8-bit sRGB samples.

    .venv-bench/bin/python Tests/Reference/make_colormaps.py

The perceptual maps (viridis, plasma, inferno, magma, cividis: van der Walt and Smith's tables,
CC0; turbo: Google's, Apache 2.0) are matplotlib's listed tables rounded to 8 bits; the diverging
maps (coolwarm: Moreland's; RdBu, RdYlBu, PuOr, BrBG, PiYG, Spectral: ColorBrewer's) are
matplotlib's 256-entry lookup tables of its segmented maps. `diverging` is RdBu reversed, the name
this package gave it first.
"""
import pathlib

import matplotlib
import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[2] / "Sources" / "Plotting" / "ColormapData.swift"
NAMES = ["viridis", "plasma", "inferno", "magma", "cividis", "turbo", "coolwarm", "RdBu", "RdYlBu", "PuOr", "BrBG", "PiYG", "Spectral"]


def samples(name):
    cmap = matplotlib.colormaps[name].resampled(256)
    rgb = cmap(np.linspace(0, 1, 256))[:, :3]
    return [tuple(int(round(c * 255)) for c in row) for row in rgb]


def swift_name(name):
    return name[0].lower() + name[1:]


lines = [
    "/// Colour tables sampled at 256 points, as 8-bit sRGB hex triplets, written by",
    "/// Tests/Reference/make_colormaps.py from matplotlib " + matplotlib.__version__ + ".",
    "///",
    "/// viridis, plasma, inferno, magma and cividis are the tables published with matplotlib (CC0);",
    "/// turbo is Google's (Apache 2.0); coolwarm is Moreland's, and RdBu, RdYlBu, PuOr, BrBG, PiYG and",
    "/// Spectral are ColorBrewer's, as matplotlib interpolates them to 256 entries.",
    "enum ColormapData {",
]
for name in NAMES + ["diverging"]:
    rows = samples("RdBu_r" if name == "diverging" else name)
    text = "".join("%02x%02x%02x" % row for row in rows)
    lines.append(f"    static let {swift_name(name)}: String = \"\"\"")
    for k in range(0, len(text), 96):
        lines.append("        " + text[k:k + 96])
    lines.append("        \"\"\"")
lines.append("}")
OUT.write_text("\n".join(lines) + "\n")
print("wrote", OUT)
