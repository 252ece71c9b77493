"""PyTorch-CPU reference for `anp bench train`: one training step of the stacked multihead ANP.

Mirrors models/ (hidden h, 8 heads, 2 self-attention blocks per path, multihead cross-attention on
an MLP embedding of x, latent path with q(z | C u T), decoder, ELBO, clip by global norm 10, Adam
1e-4) on random inputs of the given shapes, with one thread. Prints one JSON line on stdout; where
torch cannot be imported it prints {"skipped": reason} and exits 0.

    python3 research/bench/torch_reference.py --batch 16 --contexts 200 --targets 128 --hidden 128
"""

import argparse
import json
import math
import os
import sys
import time

try:
    import torch
    from torch import nn
except ImportError as err:  # Debian: apt-get install python3-torch
    print(json.dumps({"skipped": f"torch not importable by {sys.executable}: {err}"}))
    sys.exit(0)


def mlp(sizes):
    """Dense layers with ReLU between them, none after the last (models/nn/layers.ts Mlp)."""
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class MultiheadAttention(nn.Module):
    def __init__(self, h, heads):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(h, h) for _ in range(4))

    def forward(self, q, k, v):
        b, nq, h = q.shape
        split = lambda t: t.reshape(b, t.shape[1], self.heads, h // self.heads).transpose(1, 2)
        qh = split(self.q(q)) * (1 / math.sqrt(h // self.heads))
        weights = torch.softmax(qh @ split(self.k(k)).transpose(2, 3), dim=-1)
        out = (weights @ split(self.v(v))).transpose(1, 2).reshape(b, nq, h)
        return self.o(out)


class SelfAttentionBlock(nn.Module):
    """x <- LN(x + MHA(x)); x <- LN(x + FF(x))."""

    def __init__(self, h, heads):
        super().__init__()
        self.mha = MultiheadAttention(h, heads)
        self.ln1, self.ln2 = nn.LayerNorm(h, eps=1e-6), nn.LayerNorm(h, eps=1e-6)
        self.ff = mlp([h, h, h])

    def forward(self, x):
        x = self.ln1(x + self.mha(x, x, x))
        return self.ln2(x + self.ff(x))


def encoder(d_in, h, layers, heads):
    return nn.Sequential(mlp([d_in] + [h] * 3), *(SelfAttentionBlock(h, heads) for _ in range(layers)))


class StackedAnp(nn.Module):
    def __init__(self, x_dim=2, y_dim=3, h=128, latent=128, heads=8, layers=2, min_std=0.01):
        super().__init__()
        self.min_std = min_std
        self.det = encoder(x_dim + y_dim, h, layers, heads)
        self.embed = mlp([x_dim, h, h])
        self.cross = MultiheadAttention(h, heads)
        self.lat = encoder(x_dim + y_dim, h, layers, heads)
        self.lat_head = nn.Linear(h, h)
        self.lat_mean, self.lat_std = nn.Linear(h, latent), nn.Linear(h, latent)
        self.dec = mlp([h + latent + x_dim, h, h, 2 * y_dim])

    def latent(self, inputs):
        s = torch.relu(self.lat_head(self.lat(inputs).mean(1)))
        return self.lat_mean(s), 0.1 + 0.9 * torch.sigmoid(self.lat_std(s))

    def loss(self, xc, yc, xt, yt):
        """Negative ELBO per target: -log p(yt | z ~ q(z|C u T)) + KL(q(z|C u T) || q(z|C))."""
        ctx, tgt = torch.cat([xc, yc], -1), torch.cat([xt, yt], -1)
        r = self.cross(self.embed(xt), self.embed(xc), self.det(ctx))
        prior_mean, prior_std = self.latent(ctx)
        post_mean, post_std = self.latent(torch.cat([ctx, tgt], 1))
        z = post_mean + post_std * torch.randn_like(post_std)
        z = z.unsqueeze(1).expand(-1, xt.shape[1], -1)
        mean, raw = self.dec(torch.cat([r, z, xt], -1)).chunk(2, -1)
        std = self.min_std + (1 - self.min_std) * nn.functional.softplus(raw)
        count = xt.shape[0] * xt.shape[1]
        nll = -torch.distributions.Normal(mean, std).log_prob(yt).sum() / count
        kl = torch.distributions.kl_divergence(
            torch.distributions.Normal(post_mean, post_std),
            torch.distributions.Normal(prior_mean, prior_std),
        ).sum() / count
        return nll + kl


def loaded_blas():
    """The BLAS library torch uses: Debian's python3-torch calls whichever libblas.so.3 the system
    alternative points at, and the reference libblas3 is ~100x slower than OpenBLAS."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {os.path.realpath(line.split()[-1]) for line in maps if "libblas" in line}
        return ", ".join(sorted(paths)) or None
    except OSError:
        return None


def main():
    p = argparse.ArgumentParser()
    for name, default in [("batch", 16), ("contexts", 200), ("targets", 128), ("hidden", 128)]:
        p.add_argument(f"--{name}", type=int, default=default)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = StackedAnp(h=a.hidden, latent=a.hidden)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    u = lambda *shape: torch.rand(*shape) * 2 - 1
    xc, yc = u(a.batch, a.contexts, 2), u(a.batch, a.contexts, 3)
    xt, yt = u(a.batch, a.targets, 2), u(a.batch, a.targets, 3)

    def step():
        opt.zero_grad()
        loss = model.loss(xc, yc, xt, yt)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    losses = [step() for _ in range(a.steps)]
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "torch": torch.__version__,
        "python": sys.executable,
        "threads": torch.get_num_threads(),
        "blas": loaded_blas(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "steps": a.steps,
        "msPerStep": 1000 * seconds / a.steps,
        "stepsPerSecond": a.steps / seconds,
        "lastLoss": losses[-1],
    }))


if __name__ == "__main__":
    main()
