"""The PyTorch bench tasks by name: the tasks of docs/bench-spec.md, plus ddpm-ddim50 (the ddpm
training step with the DDIM-50 sampler, as the TF.js runner also lists it)."""
from .dcgan import DcganTask
from .ddpm import DdpmDdim50Task, DdpmTask
from .ncsn import NcsnTask
from .pixelcnn import PixelCNNTask
from .realnvp import RealNVPTask
from .vae_mlp import VaeMlpTask

TASKS = {task.name: task for task in [VaeMlpTask, DcganTask, PixelCNNTask, RealNVPTask, DdpmTask, DdpmDdim50Task, NcsnTask]}
