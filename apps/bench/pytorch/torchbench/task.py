"""What every PyTorch bench task provides to the runner (__main__.py)."""
import torch
from torch import nn


class BenchTask:
    """One bench-spec task: its data, batch sizes, trainable modules, a training step and a sampler.

    Subclasses set the class attributes and build their networks and optimizers in __init__.
    """

    name: str
    #: 'binarized', 'symmetric' or 'unit' (see data.preprocess)
    data: str
    #: whether the network takes flat 784-vectors instead of [1, 28, 28] images
    flatten: bool = False
    train_batch: int
    sample_batch: int = 64
    #: what one timed sampling call does, as the runner prints it
    sampler: str

    def modules(self) -> list:
        """The trained networks (EMA copies and buffers are not counted as parameters)."""
        raise NotImplementedError

    def train_step(self, x: torch.Tensor) -> float:
        """Forward, backward and optimizer update on batch `x`; returns the loss read back."""
        raise NotImplementedError

    def sample(self) -> torch.Tensor:
        """One sampling call of `sample_batch` images."""
        raise NotImplementedError

    def parameter_count(self) -> int:
        return sum(p.numel() for m in self.modules() for p in m.parameters() if p.requires_grad)


def ema_update(average: nn.Module, model: nn.Module, decay: float) -> None:
    """average <- decay * average + (1 - decay) * model, parameter by parameter."""
    with torch.no_grad():
        for a, p in zip(average.parameters(), model.parameters()):
            a.lerp_(p, 1.0 - decay)
