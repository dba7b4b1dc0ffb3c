"""A loss landscape for your own PyTorch model, written as .npz for `landscape render --grid-file`.

    python Tests/Reference/pytorch_grid.py [OUT.npz]       # runs wherever PyTorch is installed

The README's snippet, runnable: the model and data here are a small stand-in; put yours in their
place. Directions are filter-normalized random ones (Li et al. 2018), biases left out.
"""
import sys

import numpy as np
import torch

torch.manual_seed(0)
x, y = torch.randn(512, 2), torch.randint(0, 2, (512,))            # your data
model = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))  # your model
loss_fn = torch.nn.CrossEntropyLoss()

# --- the snippet ---
center = [p.detach().clone() for p in model.parameters()]


def direction():
    d = [torch.randn_like(p) for p in center]
    for di, ci in zip(d, center):
        if ci.dim() <= 1:
            di.zero_()                                           # biases: no direction
        else:
            for row, w in zip(di, ci):
                row.mul_(w.norm() / (row.norm() + 1e-10))        # filter normalization
    return d


d1, d2 = direction(), direction()
xs = ys = np.linspace(-1, 1, 51)
loss = np.zeros((len(ys), len(xs)))                              # loss[i, j] at (xs[j], ys[i])
with torch.no_grad():
    for i, b in enumerate(ys):
        for j, a in enumerate(xs):
            for p, c, u, v in zip(model.parameters(), center, d1, d2):
                p.copy_(c + a * u + b * v)
            loss[i, j] = loss_fn(model(x), y).item()
np.savez(sys.argv[1] if len(sys.argv) > 1 else "grid.npz", x=xs, y=ys, loss=loss)
# --- then: landscape render --grid-file grid.npz --layout 3d+contour --out landscape.svg ---
