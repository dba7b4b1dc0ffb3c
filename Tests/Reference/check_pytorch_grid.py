"""Checks the grids guide's PyTorch script against a real PyTorch, and draws its file.

    python Tests/Reference/check_pytorch_grid.py [PATH/TO/landscape]

1. The script in Sources/GridFiles/GridFiles.docc/GridsComputedElsewhere.md is, word for word,
   Tests/Reference/pytorch_grid.py (so what is checked is what the guide shows).
2. It runs as a user runs it, and its file holds what the guide says: x, y, loss, center, d1, d2.
3. Independently of the script's own code (torch.func.functional_call over flat vectors):
   the loss at α = β = 0 is the model's, a point inside the plane is the model's loss at
   center + α·d1 + β·d2 to 1e-12, and each direction is filter-normalized (every filter's norm is
   the center's, biases zero).
4. `landscape render --grid-file` draws the file.
Needs PyTorch and NumPy (checked with PyTorch 2.15.0, NumPy 2.4.6 on the CPU).
"""
import importlib.util
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
script = os.path.join(here, "pytorch_grid.py")
guide = os.path.join(root, "Sources/GridFiles/GridFiles.docc/GridsComputedElsewhere.md")
landscape = sys.argv[1] if len(sys.argv) > 1 else "landscape"

# 1. The guide shows the script itself.
blocks = re.findall(r"```python\n(.*?)```", open(guide).read(), re.S)
assert open(script).read() in blocks, "the guide's python block is not Tests/Reference/pytorch_grid.py"

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "grid.npz")
    # 2. Run as a user runs it.
    subprocess.run([sys.executable, script, out, "--resolution", "21", "--seed", "3"], check=True)
    g = np.load(out)
    assert set(g.files) == {"x", "y", "loss", "center", "d1", "d2"}, g.files
    assert g["loss"].shape == (21, 21) and np.all(np.isfinite(g["loss"]))

    # 3. Independent checks through the script's model.
    spec = importlib.util.spec_from_file_location("pytorch_grid", script)
    user = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(user)
    model, batches, loss_fn = user.model_and_data("cpu")
    model.eval()
    names = [n for n, _ in model.named_parameters()]
    shapes = [p.shape for p in model.parameters()]
    center = torch.tensor(g["center"], dtype=torch.float64)
    assert torch.equal(center, torch.cat([p.detach().reshape(-1) for p in model.parameters()]))

    def unflatten(v):
        out, k = {}, 0
        for n, s in zip(names, shapes):
            size = int(np.prod(s))
            out[n] = v[k:k + size].reshape(s)
            k += size
        assert k == len(v)
        return out

    def loss_at(theta):
        params = unflatten(theta)
        with torch.no_grad():
            total = sum(loss_fn(torch.func.functional_call(model, params, (a,)), b).item() * len(b) for a, b in batches)
        return total / sum(len(b) for _, b in batches)

    x, y = g["x"], g["y"]
    assert x[10] == 0 and y[10] == 0
    exact = loss_at(center)
    assert abs(g["loss"][10, 10] - exact) <= 1e-12 * abs(exact), (g["loss"][10, 10], exact)
    d1, d2 = torch.tensor(g["d1"]), torch.tensor(g["d2"])
    worst = 0.0
    for i, j in [(3, 17), (0, 0), (20, 20), (14, 5)]:
        expected = loss_at(center + float(x[j]) * d1 + float(y[i]) * d2)
        worst = max(worst, abs(g["loss"][i, j] - expected) / abs(expected))
    assert worst <= 1e-12, worst
    for d in (d1, d2):
        for n, part in unflatten(d).items():
            w = unflatten(center)[n]
            if w.dim() <= 1:
                assert torch.count_nonzero(part) == 0, n
            else:
                ratio = part.reshape(len(part), -1).norm(dim=1) / w.reshape(len(w), -1).norm(dim=1)
                assert torch.allclose(ratio, torch.ones_like(ratio), rtol=1e-9, atol=0), (n, ratio)

    # 4. landscape draws it.
    png = os.path.join(tmp, "grid.png")
    subprocess.run([landscape, "render", "--grid-file", out, "--layout", "3d+contour", "--out", png], check=True)
    assert os.path.getsize(png) > 10000

print(f"pytorch_grid.py: checked against PyTorch {torch.__version__} (NumPy {np.__version__}): "
      f"plane losses within {worst:.1e} relative, filter-normalized, drawn by landscape")
