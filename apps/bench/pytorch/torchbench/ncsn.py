"""bench-spec ncsn (Song & Ermon 2019): the ddpm UNet conditioned on log(sigma) instead of the step.

Ten noise levels geometric from 1.0 to 0.01; denoising score matching weighted by sigma^2, i.e.
0.5 * ||sigma * s(x + sigma * n, sigma) + n||^2 summed over pixels, mean over the batch; Adam
1e-3, batch 128; EMA of the weights (0.999) as for ddpm. Sampling: annealed Langevin dynamics,
10 levels x 10 steps with step size 5e-5 * sigma_i^2 / sigma_L^2, then one denoising step.
"""
import copy
import math

import torch

from .task import BenchTask, ema_update
from .unet import UNet

LEVELS = 10
STEPS_PER_LEVEL = 10
STEP_SIZE = 5e-5
EMA_DECAY = 0.999
SIDE = 28


class NcsnTask(BenchTask):
    name = "ncsn"
    data = "symmetric"
    train_batch = 128
    sampler = "annealed Langevin, 10 sigmas x 10 steps"

    def __init__(self):
        self.model = UNet()
        self.average = copy.deepcopy(self.model).requires_grad_(False)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.sigmas = torch.exp(torch.linspace(math.log(1.0), math.log(0.01), LEVELS))

    def modules(self):
        return [self.model]

    def train_step(self, x):
        level = torch.randint(0, LEVELS, (x.shape[0],))
        sigma = self.sigmas[level].view(-1, 1, 1, 1)
        noise = torch.randn_like(x)
        score = self.model(x + sigma * noise, torch.log(self.sigmas[level]))
        loss = 0.5 * (sigma * score + noise).square().sum(dim=(1, 2, 3)).mean()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        ema_update(self.average, self.model, EMA_DECAY)
        return loss.item()

    @torch.no_grad()
    def sample(self):
        n = self.sample_batch
        x = torch.rand(n, 1, SIDE, SIDE) * 2.0 - 1.0
        smallest = self.sigmas[-1]
        for sigma in self.sigmas:
            step = STEP_SIZE * (sigma / smallest) ** 2
            condition = torch.full((n,), math.log(sigma.item()))
            for _ in range(STEPS_PER_LEVEL):
                x = x + 0.5 * step * self.average(x, condition) + step.sqrt() * torch.randn_like(x)
        return x + smallest**2 * self.average(x, torch.full((n,), math.log(smallest.item())))
