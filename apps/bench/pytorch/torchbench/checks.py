"""Properties the PyTorch networks must have to be the bench-spec networks, checked without timing
(`python3 -m torchbench check`; the bench's tests run it)."""
import torch

from .ddpm import DdpmDdim50Task
from .ncsn import NcsnTask
from .pixelcnn import PixelCNN
from .realnvp import AffineCoupling, RealNVP
from .unet import UNet


def _randomise(module: torch.nn.Module) -> None:
    """Give zero-initialised layers weights, so identity-at-start couplings are tested as general maps."""
    with torch.no_grad():
        for p in module.parameters():
            p.add_(0.05 * torch.randn_like(p))


def pixelcnn_is_causal() -> str:
    """The logit of pixel (i, j) depends on the pixels before it in raster order and on no other."""
    model = PixelCNN()
    x = torch.bernoulli(torch.full((1, 1, 28, 28), 0.5)).requires_grad_(True)
    i, j = 13, 17
    model(x)[0, 0, i, j].backward()
    grad = x.grad[0, 0].abs()
    raster = torch.arange(28 * 28).view(28, 28)
    later = raster >= i * 28 + j
    assert grad[later].max() == 0, "the logit depends on the pixel itself or a later one"
    assert grad[i, j - 1] > 0 and grad[i - 1, j] > 0, "the logit ignores its left or upper neighbour"
    return "logit (13, 17) depends only on earlier pixels, including its left and upper neighbours"


def pixelcnn_row_crop_is_exact() -> str:
    """The sampler's pass over rows 0..i gives row i the logits of the full pass."""
    model = PixelCNN()
    x = torch.bernoulli(torch.full((2, 1, 28, 28), 0.5))
    with torch.no_grad():
        full = model(x)
        for i in (0, 9, 27):
            cropped = model(x[:, :, : i + 1, :])[:, :, i, :]
            assert torch.allclose(cropped, full[:, :, i, :], atol=1e-5), f"row {i} differs"
    return "rows 0, 9 and 27 match the full pass"


def coupling_log_det_is_exact() -> str:
    """An affine coupling's log-determinant equals log|det J| of its Jacobian (on 10x10 images,
    so the Jacobian takes 100 backward passes, not 784)."""
    torch.manual_seed(3)
    side = 10
    coupling = AffineCoupling(parity=1, side=side)
    _randomise(coupling)
    x = torch.randn(1, 1, side, side, dtype=torch.float64)
    coupling = coupling.double()
    jacobian = torch.autograd.functional.jacobian(lambda v: coupling(v.view(1, 1, side, side))[0].flatten(), x.flatten())
    _, log_abs_det = torch.linalg.slogdet(jacobian)
    reported = coupling(x)[1].item()
    assert abs(log_abs_det.item() - reported) < 1e-8 * max(1.0, abs(reported)), f"{reported} vs {log_abs_det.item()}"
    return f"log|det J| = {reported:.6f} both ways"


def realnvp_inverts() -> str:
    torch.manual_seed(4)
    flow = RealNVP()
    _randomise(flow)
    y = torch.randn(3, 1, 28, 28)
    with torch.no_grad():
        z, _ = flow(y)
        error = (flow.inverse(z) - y).abs().max().item()
    assert error < 1e-4, f"inverse(forward(y)) is off by {error}"
    return f"inverse(forward(y)) within {error:.1e}"


def unet_keeps_image_shape() -> str:
    net = UNet()
    with torch.no_grad():
        out = net(torch.randn(2, 1, 28, 28), torch.tensor([0.0, 999.0]))
    assert tuple(out.shape) == (2, 1, 28, 28), f"output shape {tuple(out.shape)}"
    return "[2, 1, 28, 28] in, [2, 1, 28, 28] out"


def iterative_samplers_run() -> str:
    """DDIM-50 and annealed Langevin give finite images of the right shape (batch 2 here)."""
    shapes = []
    for task_class in (DdpmDdim50Task, NcsnTask):
        task = task_class()
        task.sample_batch = 2
        images = task.sample()
        assert tuple(images.shape) == (2, 1, 28, 28), f"{task.name}: shape {tuple(images.shape)}"
        assert torch.isfinite(images).all(), f"{task.name}: non-finite samples"
        shapes.append(task.name)
    return f"{' and '.join(shapes)} samplers give finite [2, 1, 28, 28] images"


CHECKS = [pixelcnn_is_causal, pixelcnn_row_crop_is_exact, coupling_log_det_is_exact, realnvp_inverts, unet_keeps_image_shape, iterative_samplers_run]


def run_checks() -> list:
    results = []
    for check in CHECKS:
        try:
            results.append({"check": check.__name__, "ok": True, "detail": check()})
        except AssertionError as error:
            results.append({"check": check.__name__, "ok": False, "detail": str(error)})
    return results
