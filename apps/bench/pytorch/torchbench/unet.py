"""The bench-spec UNet shared by ddpm and ncsn (after Ho et al. 2020, at Fashion-MNIST size).

Conv3x3 32; ResBlock 32 @28; down (Conv3x3 s2) to 64 @14; ResBlock 64; down to 128 @7;
ResBlock 128; up (nearest x2 + Conv3x3) to 64 @14, concat skip, ResBlock 64; up to 32 @28,
concat skip, ResBlock 32; GroupNorm(8) -> SiLU -> Conv3x3 1. ResBlock = GN(8)-SiLU-Conv3x3,
add Dense(embedding), GN(8)-SiLU-Conv3x3, residual (1x1 conv when channels change). The
conditioning scalar (ddpm: the timestep; ncsn: log sigma) goes through a sinusoidal embedding
of 32 -> Dense 128 -> SiLU -> Dense 128. The skips are the ResBlock outputs at 28 and 14.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

EMBEDDING = 128
SINUSOID = 32


def sinusoidal_embedding(values: torch.Tensor, dims: int = SINUSOID) -> torch.Tensor:
    """[n] scalars -> [n, dims]: sines and cosines at geometric frequencies 1 .. 1/10000."""
    half = dims // 2
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    angles = values.float().view(-1, 1) * frequencies.view(1, -1)
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(8, in_channels)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.embedding = nn.Linear(EMBEDDING, out_channels)
        self.norm2 = nn.GroupNorm(8, out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)
        self.skip = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else nn.Identity()

    def forward(self, x, embedding):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.embedding(embedding)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


def upsample(in_channels: int, out_channels: int) -> nn.Module:
    return nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(in_channels, out_channels, 3, padding=1))


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.time = nn.Sequential(nn.Linear(SINUSOID, EMBEDDING), nn.SiLU(), nn.Linear(EMBEDDING, EMBEDDING))
        self.stem = nn.Conv2d(1, 32, 3, padding=1)
        self.block28 = ResBlock(32, 32)
        self.down28 = nn.Conv2d(32, 64, 3, stride=2, padding=1)
        self.block14 = ResBlock(64, 64)
        self.down14 = nn.Conv2d(64, 128, 3, stride=2, padding=1)
        self.block7 = ResBlock(128, 128)
        self.up7 = upsample(128, 64)
        self.up_block14 = ResBlock(128, 64)
        self.up14 = upsample(64, 32)
        self.up_block28 = ResBlock(64, 32)
        self.out = nn.Sequential(nn.GroupNorm(8, 32), nn.SiLU(), nn.Conv2d(32, 1, 3, padding=1))

    def forward(self, x, condition):
        e = self.time(sinusoidal_embedding(condition))
        skip28 = self.block28(self.stem(x), e)
        skip14 = self.block14(self.down28(skip28), e)
        h = self.block7(self.down14(skip14), e)
        h = self.up_block14(torch.cat([self.up7(h), skip14], dim=1), e)
        h = self.up_block28(torch.cat([self.up14(h), skip28], dim=1), e)
        return self.out(h)
