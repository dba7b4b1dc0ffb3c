"""A filter-normalized loss plane of your own PyTorch model, for `landscape render --grid-file`.

    python pytorch_grid.py [OUT.npz] [--resolution N] [--span S] [--seed K]

Put your trained model, your data and your loss in `model_and_data()`; the rest needs no change.
It runs on a GPU when there is one (CUDA, or Apple's MPS), else on the CPU.

The plane is θ(α, β) = θ* + α·d₁ + β·d₂ through your model's weights θ*, with two random
directions, filter-normalized as Li et al. (2018) do it: in each direction, every filter (a row of
a weight matrix, an output channel of a convolution) is scaled to the norm of the same filter of
θ*, and biases and normalization layers get no direction. The file holds `x` (α), `y` (β),
`loss[i, j]` at (x[j], y[i]) averaged over all your data, and `center`, `d1`, `d2` as flat vectors
in the order of `model.parameters()`; then

    landscape render --grid-file grid.npz --layout 3d+contour --out landscape.svg
"""
import argparse

import numpy as np
import torch


def model_and_data(device):
    """Your trained model, your data as batches (a DataLoader works), and your loss.

    This stand-in trains a small network on two interleaved classes; replace it with yours.
    """
    torch.manual_seed(0)
    x = torch.randn(512, 2, dtype=torch.float64)
    y = (x[:, 0] * x[:, 1] > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.Tanh(), torch.nn.Linear(32, 2)).double()
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(300):
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    batches = [(x[i:i + 128], y[i:i + 128]) for i in range(0, len(x), 128)]
    return model.to(device), [(a.to(device), b.to(device)) for a, b in batches], loss_fn


def filter_normalized_direction(center, generator):
    """A Gaussian direction with each filter scaled to the norm of the same filter of the center."""
    direction = []
    for w in center:
        d = torch.randn(w.shape, generator=generator, dtype=w.dtype, device="cpu").to(w.device)
        if w.dim() <= 1:
            d.zero_()                                   # biases and normalization layers: no direction
        else:
            for d_filter, w_filter in zip(d, w):        # a row, or a convolution's output channel
                d_filter.mul_(w_filter.norm() / (d_filter.norm() + 1e-10))
        direction.append(d)
    return direction


@torch.no_grad()
def mean_loss(model, batches, loss_fn):
    """The loss over all the data, each batch weighted by its size (as a full-batch loss)."""
    total, count = 0.0, 0
    for inputs, targets in batches:
        total += loss_fn(model(inputs), targets).item() * len(targets)
        count += len(targets)
    return total / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="grid.npz")
    parser.add_argument("--resolution", type=int, default=51, help="points a side (default 51)")
    parser.add_argument("--span", type=float, default=1.0, help="α and β from -S to S (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the directions (default 0)")
    args = parser.parse_args()

    if torch.cuda.is_available():
        device = "cuda"
    elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        device = "mps"
    else:
        device = "cpu"
    model, batches, loss_fn = model_and_data(device)
    model.eval()                                        # dropout off, batch-norm statistics fixed

    parameters = list(model.parameters())
    center = [p.detach().clone() for p in parameters]
    generator = torch.Generator().manual_seed(args.seed)
    d1 = filter_normalized_direction(center, generator)
    d2 = filter_normalized_direction(center, generator)

    xs = ys = np.linspace(-args.span, args.span, args.resolution)
    loss = np.zeros((len(ys), len(xs)))                 # loss[i, j] at (xs[j], ys[i])
    with torch.no_grad():
        for i, b in enumerate(ys):
            for j, a in enumerate(xs):
                for p, c, u, v in zip(parameters, center, d1, d2):
                    p.copy_(c + float(a) * u + float(b) * v)
                loss[i, j] = mean_loss(model, batches, loss_fn)
        for p, c in zip(parameters, center):
            p.copy_(c)                                  # the model as it was

    def flat(tensors):
        return torch.cat([t.reshape(-1) for t in tensors]).double().cpu().numpy()

    np.savez(args.out, x=xs, y=ys, loss=loss, center=flat(center), d1=flat(d1), d2=flat(d2))
    print(f"wrote {args.out}: {args.resolution}x{args.resolution} on {device}, "
          f"loss {loss.min():.4g} to {loss.max():.4g}, {loss[len(ys) // 2, len(xs) // 2]:.4g} at the model")


if __name__ == "__main__":
    main()
