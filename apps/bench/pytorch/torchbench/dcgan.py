"""bench-spec dcgan (Radford et al. 2016) on [-1, 1] images, batch 64, Adam 2e-4 with beta1 0.5.

G: z100 -> Dense 7*7*128 -> BN -> ReLU -> ConvT 64 k4 s2 -> BN -> ReLU -> ConvT 1 k4 s2 -> tanh.
D: Conv 64 k4 s2 -> LeakyReLU 0.2 -> Conv 128 k4 s2 -> BN -> LeakyReLU 0.2 -> Flatten -> Dense 1.
A layer followed by BatchNorm has no bias (BN's shift replaces it). Non-saturating loss; each step
is one D update and then one G update, written as the usual PyTorch loop: the fakes drawn for the
D update (detached there) go through D again for the G update, so G runs forward once a step.
Sampling: one generator pass in inference mode (BN on its running statistics).
"""
import torch
import torch.nn.functional as F
from torch import nn

from .task import BenchTask

Z = 100


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.project = nn.Linear(Z, 7 * 7 * 128, bias=False)
        self.project_norm = nn.BatchNorm2d(128)
        self.body = nn.Sequential(
            nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
            nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1),
            nn.Tanh(),
        )

    def forward(self, z):
        h = F.relu(self.project_norm(self.project(z).view(-1, 128, 7, 7)))
        return self.body(h)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 64, 4, stride=2, padding=1),
            nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(128),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
            nn.Linear(7 * 7 * 128, 1),
        )

    def forward(self, x):
        return self.body(x)


class DcganTask(BenchTask):
    name = "dcgan"
    data = "symmetric"
    train_batch = 64
    sampler = "one generator pass"

    def __init__(self):
        self.generator = Generator()
        self.discriminator = Discriminator()
        self.g_optimizer = torch.optim.Adam(self.generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
        self.d_optimizer = torch.optim.Adam(self.discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def modules(self):
        return [self.generator, self.discriminator]

    def train_step(self, x):
        n = x.shape[0]
        real_label, fake_label = torch.ones(n, 1), torch.zeros(n, 1)
        fake = self.generator(torch.randn(n, Z))
        d_loss = F.binary_cross_entropy_with_logits(self.discriminator(x), real_label) + F.binary_cross_entropy_with_logits(
            self.discriminator(fake.detach()), fake_label
        )
        self.d_optimizer.zero_grad()
        d_loss.backward()
        self.d_optimizer.step()
        # Non-saturating: G maximises log D(G(z)).
        g_loss = F.binary_cross_entropy_with_logits(self.discriminator(fake), real_label)
        self.g_optimizer.zero_grad()
        g_loss.backward()
        self.g_optimizer.step()
        return torch.stack([d_loss.detach(), g_loss.detach()]).tolist()[0]

    @torch.no_grad()
    def sample(self):
        self.generator.eval()
        images = self.generator(torch.randn(self.sample_batch, Z))
        self.generator.train()
        return images
