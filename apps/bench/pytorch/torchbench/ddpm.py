"""bench-spec ddpm (Ho et al. 2020): epsilon prediction with the bench-spec UNet on [-1, 1] images.

T = 1000, betas linear from 1e-4 to 0.02, loss = MSE between the predicted and the true noise,
Adam 2e-4, batch 128. The weights' exponential moving average (decay 0.999) is updated every step
and used for sampling, as the project's DDPM does. Samplers: 1000-step ancestral sampling, and
DDIM (Song et al. 2021) in 50 evenly spaced steps with eta = 0.
"""
import copy

import torch
import torch.nn.functional as F

from .task import BenchTask, ema_update
from .unet import UNet

T = 1000
EMA_DECAY = 0.999
SIDE = 28


class DdpmTask(BenchTask):
    name = "ddpm"
    data = "symmetric"
    train_batch = 128
    sampler = "1000-step ancestral sampling"

    def __init__(self):
        self.model = UNet()
        self.average = copy.deepcopy(self.model).requires_grad_(False)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=2e-4)
        self.betas = torch.linspace(1e-4, 0.02, T)
        self.alphas = 1.0 - self.betas
        self.alpha_bars = torch.cumprod(self.alphas, dim=0)

    def modules(self):
        return [self.model]

    def train_step(self, x):
        t = torch.randint(0, T, (x.shape[0],))
        noise = torch.randn_like(x)
        alpha_bar = self.alpha_bars[t].view(-1, 1, 1, 1)
        noisy = alpha_bar.sqrt() * x + (1.0 - alpha_bar).sqrt() * noise
        loss = F.mse_loss(self.model(noisy, t), noise)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        ema_update(self.average, self.model, EMA_DECAY)
        return loss.item()

    @torch.no_grad()
    def sample(self):
        x = torch.randn(self.sample_batch, 1, SIDE, SIDE)
        for t in reversed(range(T)):
            eps = self.average(x, torch.full((x.shape[0],), t))
            x = (x - self.betas[t] / (1.0 - self.alpha_bars[t]).sqrt() * eps) / self.alphas[t].sqrt()
            if t > 0:
                x = x + self.betas[t].sqrt() * torch.randn_like(x)
        return x


class DdpmDdim50Task(DdpmTask):
    """The same training step, sampled with DDIM in 50 steps."""

    name = "ddpm-ddim50"
    sampler = "DDIM, 50 steps, eta 0"
    steps = 50

    @torch.no_grad()
    def sample(self):
        x = torch.randn(self.sample_batch, 1, SIDE, SIDE)
        timesteps = list(range(0, T, T // self.steps))[::-1]
        for i, t in enumerate(timesteps):
            eps = self.average(x, torch.full((x.shape[0],), t))
            alpha_bar = self.alpha_bars[t]
            alpha_bar_next = self.alpha_bars[timesteps[i + 1]] if i + 1 < len(timesteps) else torch.tensor(1.0)
            x0 = (x - (1.0 - alpha_bar).sqrt() * eps) / alpha_bar.sqrt()
            x = alpha_bar_next.sqrt() * x0 + (1.0 - alpha_bar_next).sqrt() * eps
        return x
