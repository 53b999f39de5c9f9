"""bench-spec pixelcnn (van den Oord et al. 2016) on binarized 28x28x1 images, batch 64, Adam 1e-3.

Masked conv A 7x7 to 64 channels; 6 residual layers h = h + MaskB3x3(ReLU(h)); then ReLU -> 1x1
conv 64 -> ReLU -> 1x1 conv 1 logit. Loss: Bernoulli NLL summed over pixels, mean over the batch.
Mask A hides the centre pixel and everything after it in raster order, mask B only what follows it.
Sampling: 784-step ancestral sampling; the network is causal in rows, so the pass for a pixel in
row i reads only rows 0..i (the same logits as a full pass, about half the work on average).
"""
import torch
import torch.nn.functional as F
from torch import nn

from .task import BenchTask

SIDE = 28


class MaskedConv2d(nn.Conv2d):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, mask_type: str):
        super().__init__(in_channels, out_channels, kernel_size, padding=kernel_size // 2)
        centre = kernel_size // 2
        mask = torch.ones_like(self.weight)
        mask[:, :, centre, centre + (1 if mask_type == "B" else 0) :] = 0
        mask[:, :, centre + 1 :, :] = 0
        self.register_buffer("mask", mask)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCNN(nn.Module):
    def __init__(self, channels: int = 64, residual_layers: int = 6):
        super().__init__()
        self.input = MaskedConv2d(1, channels, 7, "A")
        self.residual = nn.ModuleList(MaskedConv2d(channels, channels, 3, "B") for _ in range(residual_layers))
        self.hidden = nn.Conv2d(channels, channels, 1)
        self.logits = nn.Conv2d(channels, 1, 1)

    def forward(self, x):
        h = self.input(x)
        for layer in self.residual:
            h = h + layer(F.relu(h))
        return self.logits(F.relu(self.hidden(F.relu(h))))


class PixelCNNTask(BenchTask):
    name = "pixelcnn"
    data = "binarized"
    train_batch = 64
    sampler = "784-step ancestral sampling"

    def __init__(self):
        self.model = PixelCNN()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)

    def modules(self):
        return [self.model]

    def train_step(self, x):
        nll = F.binary_cross_entropy_with_logits(self.model(x), x, reduction="none").sum(dim=(1, 2, 3))
        loss = nll.mean()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    @torch.no_grad()
    def sample(self):
        x = torch.zeros(self.sample_batch, 1, SIDE, SIDE)
        for i in range(SIDE):
            for j in range(SIDE):
                logits = self.model(x[:, :, : i + 1, :])[:, 0, i, j]
                x[:, 0, i, j] = torch.bernoulli(torch.sigmoid(logits))
        return x
