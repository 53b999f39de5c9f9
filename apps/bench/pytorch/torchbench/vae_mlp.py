"""bench-spec vae-mlp: an MLP VAE on binarized, flattened 784-pixel images (Kingma & Welling 2014).

Encoder Dense512-ReLU, Dense256-ReLU, Dense64 (mean and log-variance of a 32-d z); decoder
Dense256-ReLU, Dense512-ReLU, Dense784 logits. Loss: Bernoulli NLL summed over pixels plus the
analytic KL to N(0, I), averaged over the batch. Adam 1e-3, batch 128. Sampling: one decode pass.
"""
import torch
import torch.nn.functional as F
from torch import nn

from .task import BenchTask

LATENT = 32


class VaeMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 2 * LATENT)
        )
        self.decoder = nn.Sequential(
            nn.Linear(LATENT, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 784)
        )

    def loss(self, x: torch.Tensor) -> torch.Tensor:
        mean, log_var = self.encoder(x).chunk(2, dim=1)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        nll = F.binary_cross_entropy_with_logits(self.decoder(z), x, reduction="none").sum(dim=1)
        kl = 0.5 * (mean.square() + log_var.exp() - 1.0 - log_var).sum(dim=1)
        return (nll + kl).mean()

    def sample(self, n: int) -> torch.Tensor:
        return torch.sigmoid(self.decoder(torch.randn(n, LATENT)))


class VaeMlpTask(BenchTask):
    name = "vae-mlp"
    data = "binarized"
    flatten = True
    train_batch = 128
    sampler = "one decode pass"

    def __init__(self):
        self.model = VaeMlp()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)

    def modules(self):
        return [self.model]

    def train_step(self, x):
        loss = self.model.loss(x)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    @torch.no_grad()
    def sample(self):
        return self.model.sample(self.sample_batch)
