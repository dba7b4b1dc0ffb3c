"""Writes Tests/NetworksTests/Reference/torch-hessian.json: PyTorch's curvature of small networks.

Run it by hand where PyTorch and NumPy are installed (CI does not need it):

    python3 Tests/Reference/make_hessian_reference.py

Everything is float64. For each case (an MLP, its data, its parameters, its loss) the file holds:

- `hvps`: Hessian-vector products H·v by double backward (autograd of the gradient's dot
  product with v), for three seeded directions v, over all the data and over a batch of rows;
- `eigenvalues`: every eigenvalue of the full Hessian, from `torch.autograd.functional.hessian`
  and `torch.linalg.eigvalsh`, ascending;
- `trace`: the exact trace of that Hessian.

And `gd_sharpness`: a full-batch GD run of an MLP trained with the mean squared error on one-hot
class targets (as Cohen et al. 2021), from given parameters, with λmax and λmin of the exact
Hessian (`eigvalsh`) at every step.

The parameters are one flat vector in PyTorch's order (per layer the weight, out × in, then the
bias), as landscape's MLP keeps them. Data and parameters are in the file.
"""
import json
import math
import pathlib

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "identity": lambda x: x}


def forward(theta, widths, activation, x):
    """The MLP on rows x, its parameters taken from the flat vector theta."""
    a, k = x, 0
    for l in range(len(widths) - 1):
        n_in, n_out = widths[l], widths[l + 1]
        w = theta[k:k + n_in * n_out].reshape(n_out, n_in)
        k += n_in * n_out
        b = theta[k:k + n_out]
        k += n_out
        a = a @ w.T + b
        if l < len(widths) - 2:
            a = ACTIVATIONS[activation](a)
    return a


def loss_of(theta, case, rows=None):
    x = torch.tensor(case["inputs"]).reshape(-1, case["widths"][0])
    out = forward(theta, case["widths"], case["activation"], x)
    if case["loss"] == "mse" and "labels" in case:
        y = torch.nn.functional.one_hot(torch.tensor(case["labels"]), case["widths"][-1]).double()
        if rows is not None:
            out, y = out[rows], y[rows]
        return torch.nn.functional.mse_loss(out, y)
    if case["loss"] == "cross-entropy":
        y = torch.tensor(case["labels"])
        if rows is not None:
            out, y = out[rows], y[rows]
        return torch.nn.functional.cross_entropy(out, y)
    y = torch.tensor(case["targets"]).reshape(out.shape)
    if rows is not None:
        out, y = out[rows], y[rows]
    return torch.nn.functional.mse_loss(out, y)


def make_case(name, widths, activation, loss, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, widths[0]))
    case = {"name": name, "widths": widths, "activation": activation, "loss": loss, "inputs": x.reshape(-1).tolist()}
    if loss == "cross-entropy":
        classes = widths[-1]
        angle = np.arctan2(x[:, 1], x[:, 0]) if widths[0] > 1 else x[:, 0]
        case["labels"] = (np.floor((angle + math.pi) / (2 * math.pi) * classes).astype(int) % classes).tolist()
    else:
        case["targets"] = (np.sin(2 * x).sum(axis=1, keepdims=True) * np.ones((1, widths[-1]))
                           + 0.1 * rng.normal(size=(n, widths[-1]))).reshape(-1).tolist()
    count = sum((widths[l] + 1) * widths[l + 1] for l in range(len(widths) - 1))
    # Parameters away from initialization scale, so that curvature is not nearly linear.
    theta = torch.tensor(rng.normal(scale=0.8, size=count))
    case["theta"] = theta.tolist()
    rows = sorted(rng.choice(n, size=n // 3, replace=False).tolist())
    case["batch_rows"] = rows
    hvps = []
    for k in range(3):
        v = torch.tensor(rng.normal(size=count))
        for batch in (None, rows):
            t = theta.clone().requires_grad_(True)
            g, = torch.autograd.grad(loss_of(t, case, batch), t, create_graph=True)
            hv, = torch.autograd.grad(g @ v, t)
            hvps.append({"v": v.tolist(), "rows": batch is not None, "hv": hv.tolist()})
    case["hvps"] = hvps
    h = torch.autograd.functional.hessian(lambda t: loss_of(t, case), theta)
    h = (h + h.T) / 2
    case["eigenvalues"] = torch.linalg.eigvalsh(h).tolist()
    case["trace"] = float(torch.trace(h))
    case["loss_value"] = float(loss_of(theta, case))
    return case


cases = [
    make_case("tanh-ce", [2, 6, 6, 3], "tanh", "cross-entropy", 40, 1),
    make_case("sigmoid-mse", [1, 8, 1], "sigmoid", "mse", 30, 2),
    make_case("relu-ce", [2, 5, 2], "relu", "cross-entropy", 24, 3),
    make_case("identity-mse", [3, 4, 1], "identity", "mse", 20, 4),
]


def gd_sharpness(widths, activation, n, lr, steps, seed):
    """Full-batch GD with MSE on one-hot labels; λmax and λmin of the Hessian at θ₀ … θ_steps."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, widths[0]))
    angle = np.arctan2(x[:, 1], x[:, 0])
    classes = widths[-1]
    run = {"widths": widths, "activation": activation, "loss": "mse", "inputs": x.reshape(-1).tolist(),
           "labels": (np.floor((angle + math.pi) / (2 * math.pi) * classes).astype(int) % classes).tolist(), "lr": lr}
    count = sum((widths[l] + 1) * widths[l + 1] for l in range(len(widths) - 1))
    theta = torch.tensor(rng.normal(scale=0.8, size=count))
    run["theta"] = theta.tolist()
    losses, lmax, lmin = [], [], []
    for _ in range(steps + 1):
        h = torch.autograd.functional.hessian(lambda t: loss_of(t, run), theta)
        e = torch.linalg.eigvalsh((h + h.T) / 2)
        lmax.append(float(e[-1]))
        lmin.append(float(e[0]))
        t = theta.clone().requires_grad_(True)
        loss = loss_of(t, run)
        losses.append(float(loss.detach()))
        g, = torch.autograd.grad(loss, t)
        theta = (theta - lr * g).detach()
    run.update({"steps": steps, "losses": losses, "lambda_max": lmax, "lambda_min": lmin})
    return run


sharpness = gd_sharpness([2, 6, 2], "tanh", 30, 0.5, 40, 5)
out = pathlib.Path(__file__).resolve().parents[1] / "NetworksTests" / "Reference" / "torch-hessian.json"
out.write_text(json.dumps({"torch": torch.__version__, "cases": cases, "gd_sharpness": sharpness}, indent=1) + "\n")
print(f"wrote {out}: {len(cases)} cases, PyTorch {torch.__version__}")
