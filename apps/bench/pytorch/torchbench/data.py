"""Training data as the bench spec fixes it, held in memory.

The TypeScript runner writes the raw 0..255 training images its own loader read (n x 28 x 28
bytes) to a file, so both sides train on the same pixels; here they are scaled as the spec says:
binarized (x > 0.5), [-1, 1] (2x - 1), or left in [0, 1] for the flow, which dequantizes itself.
"""
import numpy as np
import torch

SIDE = 28


def load_raw_images(path: str) -> torch.Tensor:
    """uint8 images [n, 1, 28, 28] from a file of n * 784 bytes."""
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size == 0 or raw.size % (SIDE * SIDE) != 0:
        raise ValueError(f"{path}: expected n * {SIDE * SIDE} bytes of 28x28 images, got {raw.size}")
    return torch.from_numpy(raw).view(-1, 1, SIDE, SIDE)


def preprocess(raw: torch.Tensor, kind: str, flatten: bool) -> torch.Tensor:
    """float32 images scaled to [0, 1], then 'binarized', 'symmetric' ([-1, 1]) or 'unit'."""
    x = raw.float() / 255.0
    if kind == "binarized":
        x = (x > 0.5).float()
    elif kind == "symmetric":
        x = 2.0 * x - 1.0
    elif kind != "unit":
        raise ValueError(f"unknown preprocessing {kind!r}")
    return x.reshape(x.shape[0], -1) if flatten else x


class ShuffledBatches:
    """Batches in a fresh random order every epoch; drawing one is part of a timed step."""

    def __init__(self, data: torch.Tensor, batch_size: int, seed: int):
        if data.shape[0] < batch_size:
            raise ValueError(f"{data.shape[0]} images are fewer than one batch of {batch_size}")
        self.data = data
        self.batch_size = batch_size
        self.generator = torch.Generator().manual_seed(seed)
        self.order = torch.randperm(data.shape[0], generator=self.generator)
        self.position = 0

    def next(self) -> torch.Tensor:
        if self.position + self.batch_size > self.order.numel():
            self.order = torch.randperm(self.data.shape[0], generator=self.generator)
            self.position = 0
        index = self.order[self.position : self.position + self.batch_size]
        self.position += self.batch_size
        return self.data[index]
