#!/usr/bin/env python3
"""landscape against matplotlib on the gallery-N workload, as whole processes, side by side.

    python3 Tests/Benchmarks/compare.py [--grids 200,400,800,1600] [--pairs 5] [--make-grid 400]
    python3 Tests/Benchmarks/compare.py --workload 3d [--mesh 100] [--pairs 5]
    python3 Tests/Benchmarks/compare.py --workload animate [--pairs 3]
    python3 Tests/Benchmarks/compare.py --workload net [--pairs 3]     (needs PyTorch: installed into .venv-bench)
    python3 Tests/Benchmarks/compare.py --workload hessian [--pairs 5] [--torch-python PYTHON]
    python3 Tests/Benchmarks/compare.py --workload gridfile [--pairs 5] (h5py is installed into .venv-bench)
    python3 Tests/Benchmarks/compare.py --workload tune [--pairs 3] [--torch-python PYTHON]   (hyperopt and torch from PyPI)
    python3 Tests/Benchmarks/compare.py --style paper --scale 2 --grids 400 --make-grid 0   (styled: matplotlib's seaborn-v0_8-paper at dpi 200)

Sets up a virtual environment with matplotlib in .venv-bench (once), builds landscape in release
mode, then for each grid size runs the two tools in turn (A B A B …) after one warm-up pair, and
prints the median wall time, the peak memory (maximum resident set) and the ratios, and the size of
the SVG files. The workload is the same on both sides: see gallery_matplotlib.py.

The 3-D workload is the articles' pair of figures, the surface in 3-D beside its contour plot,
for the bowl and for sincos (see gallery3d_matplotlib.py), as PNG and SVG, in one process each.

The animation workload is the two-well race of 120 frames at 800×600 (see animate_matplotlib.py):
matplotlib's FuncAnimation writing a GIF with Pillow, against `landscape animate` writing the same GIF
(and, timed apart, an APNG).

The "make" row times the way docs are often built: a Makefile that runs `landscape render` once per
file, here the four landscape figures with the loss panel as PNG and SVG, 8 processes one after
another (the same figures, optimizers and settings), against the same matplotlib gallery.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
VENV = ROOT / ".venv-bench"

SCENE = """figures:
{figures}
  - name: loss
    surfaces: [bowl, ravine, two-well, sincos]
    optimizers:
{loss_optimizers}
    steps: 200
    stop_grad: null
    layout: loss
    size: [1000, 800]
    title: Loss per step
"""
FIGURE = """  - name: {name}
    surface: {surface}
    optimizers:
{optimizers}
    steps: 200
    stop_grad: null
    grid: {grid}
    levels: 30
    size: [800, 600]
"""
OPTIMIZERS = {
    "bowl": ["gd:lr=0.1", "momentum:lr=0.05,momentum=0.8", "adam:lr=0.3"],
    "ravine": ["gd:lr=0.036", "momentum:lr=0.009,momentum=0.9", "adam:lr=0.1"],
    "two-well": ["gd:lr=0.05", "momentum:lr=0.05,momentum=0.9", "adam:lr=0.1"],
    "sincos": ["gd:lr=0.02", "momentum:lr=0.01,momentum=0.9", "adam:lr=0.1"],
}


SCENE_3D = """figures:
  - name: bowl-3d
    surface: bowl
    optimizers: [gd:lr=0.1]
    start: [2.5, 2.5]
    steps: 50
    stop_grad: null
    levels: 30
    layout: 3d+contour
    view: {{azimuth: 255, elevation: 60, mesh: {mesh}}}
    size: [1200, 560]
  - name: sincos-3d
    surface: sincos
    optimizers: [sgd:lr=0.09, "sgd:lr=0.09,momentum=0.45"]
    start: [6, -3]
    steps: 200
    stop_grad: null
    levels: 30
    layout: 3d+contour
    view: {{azimuth: 125, elevation: 62, mesh: {mesh}}}
    size: [1200, 560]
"""


def compare_3d(python, landscape, mesh, pairs):
    """The 3-D workload, side by side; prints one table row."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "scene.yaml").write_text(SCENE_3D.format(mesh=mesh))
        ours = [landscape, "render", "--scene", str(tmp / "scene.yaml"), "--out", str(tmp / "a"), "--quiet"]
        theirs = [python, str(HERE / "gallery3d_matplotlib.py"), str(mesh), str(tmp / "b")]
        (ta, ma), (tb, mb) = alternate([ours], theirs, pairs)
        names = ["bowl-3d", "sincos-3d"]
        svg_a = statistics.mean((tmp / "a" / f"{n}.svg").stat().st_size for n in names)
        svg_b = statistics.mean((tmp / "b" / f"{n}.svg").stat().st_size for n in names)
    print(f"3-D workload: bowl and sincos, 3-D beside contour, mesh {mesh}, PNG and SVG; {os.cpu_count()} cores; "
          f"median of {pairs} runs each, alternating, after a warm-up pair")
    print()
    print("| mesh | landscape | matplotlib | speed-up | peak memory landscape | matplotlib | ratio | SVG per figure: landscape | matplotlib | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {mesh} | {ta:.3f} s | {tb:.2f} s | {tb / ta:.0f}× | {ma:.0f} MB | {mb:.0f} MB | {mb / ma:.1f}× "
          f"| {svg_a / 1000:.0f} KB | {svg_b / 1000:.0f} KB | {svg_b / svg_a:.1f}× |")


def compare_animate(python, landscape, pairs):
    """The animation workload, side by side; prints one table row."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        ours = [landscape, "animate", "two-well", "--optimizer", "gd:lr=0.05", "--optimizer", "momentum:lr=0.05,momentum=0.9",
                "--optimizer", "adam:lr=0.1", "--start", "1.9,1.2", "--steps", "300", "--stop-grad", "1e-300", "--grid", "400",
                "--levels", "30", "--size", "800x600", "--frames", "120", "--fps", "24", "--out", str(tmp / "ours.gif"), "--quiet"]
        apng = ours[:-2] + [str(tmp / "ours.png"), "--quiet"]
        svg = ours[:-2] + [str(tmp / "ours.svg"), "--quiet"]
        theirs = [python, str(HERE / "animate_matplotlib.py"), str(tmp / "race.gif")]
        (ta, ma), (tb, mb) = alternate([ours], theirs, pairs)
        tp = statistics.median(measure(apng)[0] for _ in range(pairs))
        ts = statistics.median(measure(svg)[0] for _ in range(pairs))
        size_a = (tmp / "ours.gif").stat().st_size
        size_p = (tmp / "ours.png").stat().st_size
        size_s = (tmp / "ours.svg").stat().st_size
        size_b = (tmp / "race.gif").stat().st_size
    print(f"Animation workload: two-well race, 120 frames at 800×600; {os.cpu_count()} cores; median of {pairs} runs each, alternating, after a warm-up pair")
    print()
    print("| landscape (GIF) | matplotlib (GIF) | speed-up | peak memory landscape | matplotlib | ratio | GIF landscape | matplotlib "
          "| APNG landscape | animated SVG landscape |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {ta:.2f} s | {tb:.1f} s | {tb / ta:.0f}× | {ma:.0f} MB | {mb:.0f} MB | {mb / ma:.1f}× | {size_a / 1000:.0f} KB "
          f"| {size_b / 1000:.0f} KB | {size_p / 1000:.0f} KB in {tp:.2f} s ({tb / tp:.0f}×) "
          f"| {size_s / 1000:.0f} KB in {ts:.2f} s ({tb / ts:.0f}×) |")


def compare_net(python, landscape, pairs):
    """The network workload against PyTorch (network_torch.py, loss-landscape's way): training three
    optimizers for 300 epochs, then the loss on a filter-normalized random plane at 51² and 201²
    (ours with its figure, from the run file). Prints one table."""
    if subprocess.run([python, "-c", "import torch"], stderr=subprocess.DEVNULL).returncode != 0:
        print("installing torch (CPU) into", VENV, file=sys.stderr)
        subprocess.run([python, "-m", "pip", "install", "-q", "torch", "--index-url", "https://download.pytorch.org/whl/cpu"], check=True)
    torch_script = str(HERE / "network_torch.py")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        run = str(pathlib.Path(tmp) / "run.json")
        train = [landscape, "net", "train", "--data", "spirals:n=300,noise=0.2,seed=0", "--model", "mlp:hidden=16x16,act=tanh",
                 "--optimizer", "gd:lr=0.5", "--optimizer", "momentum:lr=0.1,momentum=0.9", "--optimizer", "adam:lr=0.01",
                 "--epochs", "300", "--out", run, "--quiet"]
        rows.append(("train, 3 optimizers × 300 epochs, full batch", alternate([train], [python, torch_script, "train"], pairs)))
        for n in (51, 201):
            ours = [landscape, "net", "render", run, "--plane", "random", "--resolution", str(n), "--out", str(pathlib.Path(tmp) / "r.png"), "--quiet"]
            theirs = [python, torch_script, "grid", "--resolution", str(n)]
            rows.append((f"{n}×{n} random plane (ours: grid and PNG figure from the run file)", alternate([ours], theirs, pairs)))
    print(f"Network workload: MLP 2-16-16-2 tanh on 300 spiral points, float64; {os.cpu_count()} cores; "
          f"median of {pairs} runs each, alternating, after a warm-up pair")
    print()
    print("| work | landscape | PyTorch | speed-up | peak memory landscape | PyTorch | ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, ((ta, ma), (tb, mb)) in rows:
        print(f"| {name} | {ta:.2f} s | {tb:.2f} s | {tb / ta:.1f}× | {ma:.0f} MB | {mb:.0f} MB | {mb / ma:.1f}× |")


def compare_gridfile(python, landscape, pairs, n=1001):
    """A 1001×1001 float64 loss-landscape surface file drawn as a PNG, ours against plot_2D.py's
    path (h5py + matplotlib contourf and contour); and what reading costs us beside drawing."""
    if subprocess.run([python, "-c", "import h5py"], stderr=subprocess.DEVNULL).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "-q", "h5py"], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        make = f"""
import h5py, numpy as np
x = np.linspace(-1, 1, {n}); y = np.linspace(-1, 1, {n})
X, Y = np.meshgrid(x, y)
Z = 1 + X**2 + 2 * Y**2 + 0.3 * np.sin(6 * X) * np.cos(5 * Y)
with h5py.File("{tmp}/surface.h5", "w") as f:
    f["xcoordinates"] = x; f["ycoordinates"] = y; f["train_loss"] = Z.reshape({n}, {n})
np.save("{tmp}/surface.npy", Z)
np.savez("{tmp}/surface.npz", x=x, y=y, loss=Z)
"""
        subprocess.run([python, "-c", make], check=True)
        (tmp / "b").mkdir()
        ours = [landscape, "render", "--grid-file", str(tmp / "surface.h5"), "--size", "800x600", "--out", str(tmp / "a.png"), "--quiet"]
        theirs = [python, str(HERE / "gridfile_matplotlib.py"), str(tmp / "surface.h5"), str(tmp / "b")]
        (ta, ma), (tb, mb) = alternate([ours], theirs, pairs)
        rows = []
        # A process that reads nothing: what the rows below pay before reading.
        start = statistics.median(measure([landscape, "contours", "bowl", "--grid", "2", "--level", "-1", "--out", str(tmp / "c.json")])[0]
                                  for _ in range(pairs))
        for ext in ("h5", "npz", "npy"):
            draw = [landscape, "render", "--grid-file", str(tmp / f"surface.{ext}"), "--size", "800x600", "--out", str(tmp / "c.png"), "--quiet"]
            read = [landscape, "contours", "--grid-file", str(tmp / f"surface.{ext}"), "--level", "-1", "--out", str(tmp / "c.json")]
            rows.append((ext, statistics.median(measure(draw)[0] for _ in range(pairs)), statistics.median(measure(read)[0] for _ in range(pairs))))
    print(f"Grid-file workload: a {n}×{n} float64 loss-landscape surface file drawn as an 800×600 PNG; {os.cpu_count()} cores; "
          f"median of {pairs} runs each, alternating, after a warm-up pair")
    print()
    print("| landscape | h5py + matplotlib (plot_2D.py's path) | speed-up | peak memory landscape | matplotlib | ratio |")
    print("|---|---|---|---|---|---|")
    print(f"| {ta:.2f} s | {tb:.2f} s | {tb / ta:.0f}× | {ma:.0f} MB | {mb:.0f} MB | {mb / ma:.1f}× |")
    print()
    print(f"| file | read + draw PNG | read alone (contours at one empty level) | the same less a process that reads nothing ({start:.3f} s) |")
    print("|---|---|---|---|")
    for ext, draw, read in rows:
        print(f"| .{ext} | {draw:.3f} s | {read:.3f} s | {read - start:.3f} s |")


def scene(grid, style=None, scale=None):
    """The gallery-N scene; with a style and a PNG scale, every figure takes them."""
    extra = (f"    style: {style}\n" if style else "") + (f"    scale: {scale}\n" if scale else "")
    figures = "".join(
        FIGURE.format(name=name, surface=name, grid=grid, optimizers="".join(f"      - {o}\n" for o in opts))
        for name, opts in OPTIMIZERS.items())
    # The loss figure takes each surface's suggested settings; the runs are the same 200 steps.
    loss = "".join(f"      - {o}\n" for o in ["gd", "momentum", "adam"])
    text = SCENE.format(figures=figures.rstrip("\n"), loss_optimizers=loss)
    return text.replace("    size: [800, 600]\n", "    size: [800, 600]\n" + extra).replace("    size: [1000, 800]\n", "    size: [1000, 800]\n" + extra)


def compare_hessian(python, landscape, pairs):
    """The curvature workload against PyHessian's power iteration (network_torch.py hessian): the
    top eigenvalue of the gallery network's Hessian at Adam's end, each side reading the same run
    file. Prints one table row and both eigenvalues."""
    torch_script = str(HERE / "network_torch.py")
    with tempfile.TemporaryDirectory() as tmp:
        run = str(pathlib.Path(tmp) / "run.json")
        subprocess.run([landscape, "net", "train", "--data", "spirals:n=300,noise=0.2,seed=0", "--model", "mlp:hidden=16x16,act=tanh",
                        "--optimizer", "gd:lr=0.5", "--optimizer", "momentum:lr=0.1,momentum=0.9", "--optimizer", "adam:lr=0.01",
                        "--epochs", "300", "--out", run, "--quiet"], check=True)
        ours = [landscape, "net", "hessian", run, "--top", "1"]
        theirs = [python, torch_script, "hessian", "--run-file", run]
        (ta, ma), (tb, mb) = alternate([ours], theirs, pairs)
        mine = subprocess.run(ours, capture_output=True, text=True, check=True).stdout.splitlines()[1]
        theirs_value = subprocess.run(theirs, capture_output=True, text=True, check=True).stdout.splitlines()[0]
    print(f"Curvature workload: top Hessian eigenvalue of MLP 2-16-16-2 tanh on 300 spiral points at Adam's end, float64; "
          f"{os.cpu_count()} cores; median of {pairs} runs each, alternating, after a warm-up pair")
    print(f"landscape {mine.split()[1]} (Lanczos); PyHessian's power iteration: {theirs_value.split()[-1]}")
    print()
    print("| work | landscape | PyTorch (PyHessian's method) | speed-up | peak memory landscape | PyTorch | ratio |")
    print("|---|---|---|---|---|---|---|")
    print(f"| top eigenvalue | {ta:.3f} s | {tb:.2f} s | {tb / ta:.1f}× | {ma:.0f} MB | {mb:.0f} MB | {mb / ma:.1f}× |")


TUNED = ["gd", "momentum", "nesterov", "rmsprop", "adam", "adamw"]


def compare_tune(python, landscape, pairs):
    """The tuning workload against pytorch-optimizer's protocol in PyTorch with hyperopt's TPE
    (tune_hyperopt.py): six optimizers tuned on Rosenbrock and on Rastrigin (200 evaluations of
    100 clipped steps each), then raced for 500 steps and drawn. Ours: `landscape tune --protocol
    pytorch-optimizer`, one process per surface, each writing its race figure. Prints the times,
    then per optimizer the learning rate each side chose, the distance after 100 steps (what the
    protocol scores) and the loss its 500-step race reaches, beside ours scored by that loss
    itself (`--objective final-loss --search-steps 500`, the same start, clipping, budget and
    ranges)."""
    script = str(HERE / "tune_hyperopt.py")
    chosen = [a for name in TUNED for a in ("--optimizer", name)]
    with tempfile.TemporaryDirectory() as tmp:
        def ours(extra, tag):
            return [[landscape, "tune", surface, "--protocol", "pytorch-optimizer", *chosen, *extra,
                     "--out", str(pathlib.Path(tmp) / f"{tag}-{surface}.png"), "--report", str(pathlib.Path(tmp) / f"{tag}-{surface}.json"), "--quiet"]
                    for surface in ("rosenbrock", "rastrigin")]
        protocol, fair = ours([], "protocol"), ours(["--objective", "final-loss", "--search-steps", "500"], "fair")
        theirs = [python, script, "--out", tmp]
        (ta, ma), (tb, mb) = alternate(protocol, theirs, pairs)
        tf, mf = measure_all(fair)
        anchor = json.loads(subprocess.run([python, script, "--json", "--out", tmp], capture_output=True, text=True, check=True).stdout)
        reports = {(tag, surface): json.loads((pathlib.Path(tmp) / f"{tag}-{surface}.json").read_text())
                   for tag in ("protocol", "fair") for surface in ("rosenbrock", "rastrigin")}
    print(f"Tuning workload: pytorch-optimizer's protocol for {', '.join(TUNED)} on Rosenbrock and Rastrigin, float64; "
          f"{os.cpu_count()} cores; median of {pairs} runs each, alternating, after a warm-up pair")
    print()
    print("| work | landscape | PyTorch + hyperopt TPE | speed-up | peak memory landscape | PyTorch | ratio |")
    print("|---|---|---|---|---|---|---|")
    print(f"| the protocol: tune (200 × 100 steps), race 500 steps, draw | {ta:.2f} s | {tb:.1f} s | {tb / ta:.0f}× | {ma:.0f} MB | {mb:.0f} MB | {mb / ma:.1f}× |")
    print(f"| ours scored by the race's loss (200 × 500 steps) | {tf:.2f} s | | {tb / tf:.0f}× | {mf:.0f} MB | | |")
    print()
    print("| surface | optimizer | TPE lr | TPE distance at 100 | TPE loss at 500 | ours lr | ours distance at 100 | ours loss at 500 "
          "| ours by loss: lr | loss at 500 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    worse = 0
    for r in anchor:
        def entry(tag):
            return next(o for o in reports[(tag, r["surface"])]["optimizers"] if o["optimizer"].split(":")[0] == r["optimizer"])
        p, f = entry("protocol"), entry("fair")
        lr = lambda o: o["tuned"].split("lr=")[1].split(",")[0]
        worse += f["race"]["final_loss"] > r["loss"]
        print(f"| {r['surface']} | {r['optimizer']} | {r['lr']:.4g} | {r['search_distance']:.3g} | {r['loss']:.3g} | {lr(p)} | {p['objective']:.3g} "
              f"| {p['race']['final_loss']:.3g} | {lr(f)} | {f['race']['final_loss']:.3g} |")
    print()
    print(f"scored by the race's loss, ours ends higher than TPE's choice for {worse} of {len(anchor)} optimizers")


def python_with_matplotlib():
    python = VENV / "bin" / "python"
    if not python.exists():
        print("setting up", VENV, "with matplotlib", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "matplotlib", "numpy"], check=True)
    return str(python)


def measure(command):
    """Wall time in seconds and peak resident memory in MB of one whole process."""
    return measure_all([command])


def alternate(ours, theirs, pairs):
    """Runs `ours` (a list of commands, one after another) and `theirs` (one command) in turn,
    after a warm-up pair; returns (median time, peak memory) of each side."""
    measure_all(ours)
    measure(theirs)
    a, b = [], []
    for _ in range(pairs):
        a.append(measure_all(ours))
        b.append(measure(theirs))
    return ((statistics.median(t for t, _ in a), max(m for _, m in a)),
            (statistics.median(t for t, _ in b), max(m for _, m in b)))


def make_commands(landscape, grid, out):
    """The 8 `landscape render` processes of the make workload."""
    commands = []
    for name, opts in OPTIMIZERS.items():
        for ext in ("png", "svg"):
            command = [landscape, "render", name, "--with-loss-panel", "--grid", str(grid), "--levels", "30", "--steps", "200",
                       "--stop-grad", "1e-300", "--size", "800x600", "--out", str(out / f"{name}.{ext}"), "--quiet"]
            for o in opts:
                command += ["--optimizer", o]
            commands.append(command)
    return commands


def measure_all(commands):
    """Wall time of running `commands` one after another, and the largest peak memory in MB."""
    start = time.perf_counter()
    peak = 0.0
    for command in commands:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise SystemExit(f"{command[0]} failed: {process.stderr.read().decode()}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.perf_counter() - start, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grids", default="200,400,800,1600")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--make-grid", type=int, default=400, help="grid of the 8-process row (0: no such row)")
    parser.add_argument("--workload", choices=["gallery", "3d", "animate", "net", "gridfile", "hessian", "tune"], default="gallery")
    parser.add_argument("--mesh", type=int, default=100, help="mesh cells a side of the 3-D workload")
    parser.add_argument("--style", help="gallery workload: our style (paper, slides, …) against matplotlib's style sheet --mpl-style")
    parser.add_argument("--mpl-style", default="seaborn-v0_8-paper", help="the matplotlib style sheet beside --style")
    parser.add_argument("--scale", type=float, help="gallery workload: PNG pixel density K (matplotlib: dpi 100·K)")
    parser.add_argument("--torch-python", help="hessian workload: a Python that imports torch (default: .venv-bench's, which gets torch from PyPI)")
    args = parser.parse_args()
    python = python_with_matplotlib()
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "landscape"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    landscape = str(ROOT / ".build" / "release" / "landscape")
    if args.workload == "3d":
        compare_3d(python, landscape, args.mesh, args.pairs)
        return
    if args.workload == "animate":
        compare_animate(python, landscape, args.pairs)
        return
    if args.workload == "net":
        compare_net(python, landscape, args.pairs)
        return
    if args.workload == "hessian":
        torch_python = args.torch_python or python
        if subprocess.run([torch_python, "-c", "import torch"], stderr=subprocess.DEVNULL).returncode != 0:
            print("installing torch into", torch_python, file=sys.stderr)
            subprocess.run([torch_python, "-m", "pip", "install", "-q", "torch"], check=True)
        compare_hessian(torch_python, landscape, args.pairs)
        return
    if args.workload == "tune":
        torch_python = args.torch_python or python
        if subprocess.run([torch_python, "-c", "import torch, hyperopt"], stderr=subprocess.DEVNULL).returncode != 0:
            print("installing torch and hyperopt into", torch_python, file=sys.stderr)
            subprocess.run([torch_python, "-m", "pip", "install", "-q", "torch", "hyperopt", "matplotlib"], check=True)
        compare_tune(torch_python, landscape, args.pairs)
        return
    if args.workload == "gridfile":
        compare_gridfile(python, landscape, args.pairs)
        return
    cores = os.cpu_count()
    rows = []
    for grid in [int(g) for g in args.grids.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            (tmp / "scene.yaml").write_text(scene(grid, args.style, args.scale))
            ours = [landscape, "render", "--scene", str(tmp / "scene.yaml"), "--out", str(tmp / "a"), "--quiet"]
            theirs = [python, str(HERE / "gallery_matplotlib.py"), str(grid), str(tmp / "b")]
            if args.style or args.scale:
                theirs += [args.mpl_style if args.style else "default", str(round(100 * (args.scale or 1)))]
            (ta, ma), (tb, mb) = alternate([ours], theirs, args.pairs)
            svg_a = statistics.mean((tmp / "a" / f"{n}.svg").stat().st_size for n in OPTIMIZERS)
            svg_b = statistics.mean((tmp / "b" / f"{n}.svg").stat().st_size for n in OPTIMIZERS)
        rows.append((grid, ta, tb, ma, mb, svg_a, svg_b))
        print(f"grid {grid}: landscape {ta:.3f} s, matplotlib {tb:.3f} s", file=sys.stderr)
    make_row = None
    if args.make_grid:
        grid = args.make_grid
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            (tmp / "a").mkdir()
            ours = make_commands(landscape, grid, tmp / "a")
            theirs = [python, str(HERE / "gallery_matplotlib.py"), str(grid), str(tmp / "b")]
            (ta, ma), (tb, mb) = alternate(ours, theirs, args.pairs)
        make_row = (grid, ta, tb, ma, mb)
        print(f"make, grid {grid}: landscape {ta:.3f} s in 8 processes, matplotlib {tb:.3f} s", file=sys.stderr)
    styled = f"; style {args.style} against matplotlib's {args.mpl_style}" if args.style else ""
    styled += f"; PNG at scale {args.scale} against dpi {round(100 * args.scale)}" if args.scale else ""
    print(f"gallery-N: 4 landscape figures + 1 loss figure, PNG and SVG{styled}; {cores} cores; "
          f"median of {args.pairs} runs each, alternating, after a warm-up pair")
    print()
    print("| grid | landscape | matplotlib | speed-up | peak memory landscape | peak memory matplotlib | memory ratio "
          "| SVG per landscape figure: landscape | matplotlib | size ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for grid, ta, tb, ma, mb, sa, sb in rows:
        print(f"| {grid} | {ta:.3f} s | {tb:.2f} s | {tb / ta:.0f}× | {ma:.0f} MB | {mb:.0f} MB | {mb / ma:.1f}× "
              f"| {sa / 1000:.0f} KB | {sb / 1000:.0f} KB | {sb / sa:.1f}× |")
    if make_row:
        grid, ta, tb, ma, mb = make_row
        print(f"| {grid}, 8 processes (make) | {ta:.3f} s | {tb:.2f} s | {tb / ta:.1f}× | {ma:.0f} MB per process | {mb:.0f} MB "
              f"| {mb / ma:.1f}× | | | |")


if __name__ == "__main__":
    main()
