"""Writes Tests/NetworksTests/Reference/torch-network.json: PyTorch's numbers for small networks.

Run it by hand where PyTorch and NumPy are installed (CI does not need it):

    python3 Tests/Reference/make_network_reference.py

Everything is float64. The file holds:

- `optimizer_cases`: torch.optim on a 2-4-2 tanh MLP. At every step the gradient comes from
  autograd; the file keeps each step's gradient and the parameters after it, so that a test can
  feed our N-dimensional optimizers the same gradients and compare the parameters.
- `training`: full-batch training of a 2-16-16-2 tanh MLP with cross-entropy on 80 spiral points,
  for every optimizer: the loss before each epoch's step, the final parameters and accuracy.
- `regression`: a 1-16-1 MLP with MSE on a noisy sine, trained with Adam and momentum.
- `gradients`: loss and autograd gradient at the initial parameters, for every activation and loss.
- `grid`: loss at center + a·d1 + b·d2 for filter-normalized directions (Li et al. 2018), as
  loss-landscape computes them (bias directions zero).
- `pca`: NumPy's SVD of a recorded trajectory, as loss-landscape's PCA directions use it.

Data and initial parameters are in the file; the Swift tests make none of their own for this.
"""
import json
import math
import pathlib

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

OPTIMIZERS = [
    ("gd:lr=0.1", lambda p: torch.optim.SGD(p, lr=0.1)),
    ("momentum:lr=0.05", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ("momentum:lr=0.05,dampening=0.5,weight_decay=0.01",
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.5, weight_decay=0.01)),
    ("nesterov:lr=0.05", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    ("adagrad:lr=0.1,lr_decay=0.01,initial_accumulator_value=0.1,weight_decay=0.01",
     lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.01)),
    ("rmsprop:lr=0.01", lambda p: torch.optim.RMSprop(p, lr=0.01)),
    ("rmsprop:lr=0.005,centered=1,momentum=0.5,weight_decay=0.01",
     lambda p: torch.optim.RMSprop(p, lr=0.005, centered=True, momentum=0.5, weight_decay=0.01)),
    ("adam:lr=0.02", lambda p: torch.optim.Adam(p, lr=0.02)),
    ("adam:lr=0.02,beta2=0.99,amsgrad=1,weight_decay=0.01",
     lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.9, 0.99), amsgrad=True, weight_decay=0.01)),
    ("adamw:lr=0.02,weight_decay=0.1", lambda p: torch.optim.AdamW(p, lr=0.02, weight_decay=0.1)),
    ("adamw:lr=0.02,amsgrad=1", lambda p: torch.optim.AdamW(p, lr=0.02, amsgrad=True)),
]

ACTIVATIONS = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "identity": lambda x: x,
}


def spirals(n, noise, rng):
    """Two interleaved spirals, n points in all (NumPy's generator; only for this file)."""
    half = n // 2
    t = np.sqrt(rng.uniform(size=half)) * 3 * math.pi
    a = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * math.pi)
    x = np.concatenate([a, -a]) + noise * rng.normal(size=(2 * half, 2))
    y = np.concatenate([np.zeros(half, dtype=int), np.ones(half, dtype=int)])
    return x, y


class MLP(torch.nn.Module):
    def __init__(self, widths, activation):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(widths, widths[1:]))
        self.activation = ACTIVATIONS[activation]

    def forward(self, x):
        for k, layer in enumerate(self.layers):
            x = layer(x)
            if k < len(self.layers) - 1:
                x = self.activation(x)
        return x


def flat(model):
    """Parameters in PyTorch's order: per layer the weight (out × in, row-major), then the bias."""
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()]).tolist()


def load(model, vector):
    with torch.no_grad():
        k = 0
        for p in model.parameters():
            n = p.numel()
            p.copy_(torch.tensor(vector[k:k + n]).reshape(p.shape))
            k += n


def loss_of(model, x, y, kind):
    out = model(x)
    if kind == "cross-entropy":
        return torch.nn.functional.cross_entropy(out, y)
    return torch.nn.functional.mse_loss(out, y)


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).double().mean().item()


def optimizer_cases():
    rng = np.random.default_rng(1)
    x, y = spirals(24, 0.1, rng)
    X, Y = torch.tensor(x), torch.tensor(y)
    torch.manual_seed(1)
    model = MLP([2, 4, 2], "tanh")
    initial = flat(model)
    cases = []
    for spec, make in OPTIMIZERS:
        load(model, initial)
        opt = make(list(model.parameters()))
        gradients, parameters = [], []
        for _ in range(20):
            opt.zero_grad()
            loss_of(model, X, Y, "cross-entropy").backward()
            gradients.append(torch.cat([p.grad.reshape(-1) for p in model.parameters()]).tolist())
            opt.step()
            parameters.append(flat(model))
        cases.append({"spec": spec, "gradients": gradients, "parameters": parameters})
    return {"initial": initial, "cases": cases}


def train(widths, activation, kind, x, y, specs, epochs, seed):
    X = torch.tensor(x)
    Y = torch.tensor(y) if kind == "cross-entropy" else torch.tensor(y).reshape(-1, 1)
    torch.manual_seed(seed)
    model = MLP(widths, activation)
    initial = flat(model)
    runs = []
    for spec, make in OPTIMIZERS:
        if spec not in specs:
            continue
        load(model, initial)
        opt = make(list(model.parameters()))
        losses = []
        for _ in range(epochs):
            opt.zero_grad()
            loss = loss_of(model, X, Y, kind)
            losses.append(loss.item())
            loss.backward()
            opt.step()
        with torch.no_grad():
            final_loss = loss_of(model, X, Y, kind).item()
        run = {"spec": spec, "losses": losses, "final_loss": final_loss, "final": flat(model)}
        if kind == "cross-entropy":
            run["accuracy"] = accuracy(model, X, Y)
        runs.append(run)
    return {"widths": widths, "activation": activation, "loss": kind, "x": x.tolist(),
            "y": y.tolist(), "initial": initial, "epochs": epochs, "runs": runs}


def gradients():
    rng = np.random.default_rng(3)
    x, y = spirals(30, 0.2, rng)
    xr = rng.uniform(-2, 2, size=(25, 1))
    yr = np.sin(2 * xr[:, 0]) + 0.1 * rng.normal(size=25)
    out = []
    for activation in ACTIVATIONS:
        for kind, widths, xs, ys in [("cross-entropy", [2, 5, 3, 3], x, y), ("mse", [1, 6, 1], xr, yr)]:
            torch.manual_seed(4)
            model = MLP(widths, activation)
            X = torch.tensor(xs)
            Y = torch.tensor(ys) if kind == "cross-entropy" else torch.tensor(ys).reshape(-1, 1)
            if kind == "cross-entropy":
                Y = Y % 3   # three classes, to test more than two logits
            loss = loss_of(model, X, Y, kind)
            loss.backward()
            out.append({"activation": activation, "loss": kind, "widths": widths, "x": xs.tolist(),
                        "y": Y.tolist(), "parameters": flat(model), "value": loss.item(),
                        "gradient": torch.cat([p.grad.reshape(-1) for p in model.parameters()]).tolist()})
    return out


def filter_normalized(model, rng):
    """loss-landscape's random direction with filter normalization, biases ignored."""
    d = []
    for p in model.parameters():
        w = p.detach().numpy()
        r = rng.normal(size=w.shape)
        if w.ndim <= 1:
            r[:] = 0
        else:
            for i in range(w.shape[0]):
                r[i] *= np.linalg.norm(w[i]) / (np.linalg.norm(r[i]) + 1e-10)
        d.extend(r.reshape(-1).tolist())
    return d


def grid(training):
    model = MLP(training["widths"], training["activation"])
    center = training["runs"][-1]["final"]   # the last run's solution
    load(model, center)
    rng = np.random.default_rng(5)
    d1, d2 = filter_normalized(model, rng), filter_normalized(model, rng)
    X, Y = torch.tensor(training["x"]), torch.tensor(training["y"])
    points = []
    for a, b in [(0, 0), (1, 0), (0, -1), (0.5, 0.25), (-0.75, 0.6), (-1, -1), (0.2, -0.9), (1, 1)]:
        load(model, (np.array(center) + a * np.array(d1) + b * np.array(d2)).tolist())
        with torch.no_grad():
            points.append({"a": a, "b": b, "loss": loss_of(model, X, Y, "cross-entropy").item(),
                           "accuracy": accuracy(model, X, Y)})
    return {"center": center, "d1": d1, "d2": d2, "points": points}


def pca(training):
    """Principal directions of {θₜ − θ*} over a recorded path, centred as sklearn's PCA centres."""
    widths, activation = training["widths"], training["activation"]
    model = MLP(widths, activation)
    load(model, training["initial"])
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    X, Y = torch.tensor(training["x"]), torch.tensor(training["y"])
    recorded = [flat(model)]
    for epoch in range(1, 61):
        opt.zero_grad()
        loss_of(model, X, Y, "cross-entropy").backward()
        opt.step()
        if epoch % 5 == 0:
            recorded.append(flat(model))
    m = np.array(recorded) - np.array(recorded[-1])
    centred = m - m.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    return {"records": recorded, "d1": vt[0].tolist(), "d2": vt[1].tolist(),
            "explained": (s[:2] ** 2 / np.sum(s ** 2)).tolist()}


def main():
    rng = np.random.default_rng(0)
    x, y = spirals(80, 0.15, rng)
    training = train([2, 16, 16, 2], "tanh", "cross-entropy", x, y, [s for s, _ in OPTIMIZERS], 40, 0)
    xr = rng.uniform(-3, 3, size=(40, 1))
    yr = np.sin(xr[:, 0]) + 0.1 * rng.normal(size=40)
    regression = train([1, 16, 1], "tanh", "mse", xr, yr, ["adam:lr=0.02", "momentum:lr=0.05", "gd:lr=0.1"], 60, 2)
    doc = {
        "torch": torch.__version__, "numpy": np.__version__,
        "optimizer_cases": optimizer_cases(),
        "training": training,
        "regression": regression,
        "gradients": gradients(),
        "grid": grid(training),
        "pca": pca(training),
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "NetworksTests" / "Reference" / "torch-network.json"
    out.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print("wrote", out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
