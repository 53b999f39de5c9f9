"""bench-spec realnvp (Dinh et al. 2017) on dequantized, logit-transformed 28x28x1 images.

Data: x' = (255 x + u) / 256 with u ~ U(0, 1), then y = logit(a + (1 - 2a) x') with a = 0.05;
the log-determinant of that transform is part of the likelihood. Eight affine couplings with
checkerboard masks of alternating parity; each s,t net is Conv3x3 64 -> ReLU -> Conv3x3 64 -> ReLU
-> Conv3x3 2, with s = tanh(raw_s) * a learned per-layer scale and t = raw_t. The last conv starts
at zero so every coupling starts as the identity. Loss: NLL in bits/dim of the discrete pixels
under a standard normal prior. Adam 1e-3, batch 64. Sampling: one inverse pass.
"""
import math

import torch
from torch import nn

from .task import BenchTask

SIDE = 28
DIMS = SIDE * SIDE
ALPHA = 0.05


def checkerboard(parity: int, side: int = SIDE) -> torch.Tensor:
    rows = torch.arange(side).view(side, 1)
    cols = torch.arange(side).view(1, side)
    return ((rows + cols + parity) % 2 == 0).float().view(1, 1, side, side)


class AffineCoupling(nn.Module):
    """y = x on the mask, x * exp(s) + t off it, s and t computed from the masked half."""

    def __init__(self, parity: int, channels: int = 64, side: int = SIDE):
        super().__init__()
        self.register_buffer("mask", checkerboard(parity, side))
        self.net = nn.Sequential(
            nn.Conv2d(1, channels, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(channels, 2, 3, padding=1),
        )
        nn.init.zeros_(self.net[-1].weight)
        nn.init.zeros_(self.net[-1].bias)
        self.scale = nn.Parameter(torch.ones(1))

    def _shift_and_log_scale(self, kept: torch.Tensor):
        raw = self.net(kept)
        free = 1.0 - self.mask
        return raw[:, 1:] * free, torch.tanh(raw[:, :1]) * self.scale * free

    def forward(self, x):
        kept = x * self.mask
        t, s = self._shift_and_log_scale(kept)
        return kept + (1.0 - self.mask) * (x * torch.exp(s) + t), s.sum(dim=(1, 2, 3))

    def inverse(self, y):
        kept = y * self.mask
        t, s = self._shift_and_log_scale(kept)
        return kept + (1.0 - self.mask) * ((y - t) * torch.exp(-s))


class RealNVP(nn.Module):
    def __init__(self, couplings: int = 8):
        super().__init__()
        self.couplings = nn.ModuleList(AffineCoupling(i % 2) for i in range(couplings))

    def forward(self, y):
        log_det = torch.zeros(y.shape[0])
        for coupling in self.couplings:
            y, ld = coupling(y)
            log_det = log_det + ld
        return y, log_det

    def inverse(self, z):
        for coupling in reversed(self.couplings):
            z = coupling.inverse(z)
        return z


def dequantize_logit(x: torch.Tensor):
    """Pixels k/255 -> logit space, with the log-determinant of the logit transform per image."""
    p = ALPHA + (1.0 - 2.0 * ALPHA) * (255.0 * x + torch.rand_like(x)) / 256.0
    y = torch.log(p) - torch.log1p(-p)
    log_det = (math.log(1.0 - 2.0 * ALPHA) - torch.log(p) - torch.log1p(-p)).sum(dim=(1, 2, 3))
    return y, log_det


def bits_per_dim(flow: RealNVP, x: torch.Tensor) -> torch.Tensor:
    """-log2 P(discrete pixels) / dims per image, through the dequantization bound."""
    y, logit_log_det = dequantize_logit(x)
    z, flow_log_det = flow(y)
    log_prior = -0.5 * (z.square() + math.log(2.0 * math.pi)).sum(dim=(1, 2, 3))
    log_density = log_prior + flow_log_det + logit_log_det
    return (-log_density / DIMS + math.log(256.0)) / math.log(2.0)


class RealNVPTask(BenchTask):
    name = "realnvp"
    data = "unit"
    train_batch = 64
    sampler = "one inverse pass"

    def __init__(self):
        self.model = RealNVP()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)

    def modules(self):
        return [self.model]

    def train_step(self, x):
        loss = bits_per_dim(self.model, x).mean()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    @torch.no_grad()
    def sample(self):
        y = self.model.inverse(torch.randn(self.sample_batch, 1, SIDE, SIDE))
        return ((torch.sigmoid(y) - ALPHA) / (1.0 - 2.0 * ALPHA)).clamp(0.0, 1.0)
