"""Single kernels at the shapes the TF.js kernel bench measures (packages/backend/src/benchmark-kernels.ts),
timed by the same rule: one warm call, then the best of `repeats` repetitions, each running the
kernel at least twice and for at least `repetition_ms`.

A case is a dict: {"op": "matmul", "m", "k", "n", "transposeA", "transposeB"}; {"op": "conv2d" |
"conv2dBackpropInput" | "conv2dBackpropFilter", "batch", "height", "width", "inChannels",
"outChannels", "kernel", "stride"} with TF's 'same' padding; or {"op": "sgemm", "n"} (square,
written into a preallocated output). Tensors are NCHW, as PyTorch holds them; the convolution
gradients are the calls autograd makes (aten.convolution_backward).
"""
import time

import torch
import torch.nn.functional as F


def _same_padding(size: int, kernel: int, stride: int):
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _conv_call(case: dict):
    n, h, w = case["batch"], case["height"], case["width"]
    cin, cout, k, s = case["inChannels"], case["outChannels"], case["kernel"], case["stride"]
    (top, bottom), (left, right) = _same_padding(h, k, s), _same_padding(w, k, s)
    x = torch.randn(n, cin, h, w)
    if top != bottom or left != right:
        # TF puts the odd padding row/column at the end; pad once up front, then convolve unpadded.
        x = F.pad(x, (left, right, top, bottom))
        padding = [0, 0]
    else:
        padding = [top, left]
    weight = torch.randn(cout, cin, k, k)
    dy = torch.randn_like(F.conv2d(x, weight, stride=s, padding=padding))
    backward = torch.ops.aten.convolution_backward
    op = case["op"]
    if op == "conv2d":
        return lambda: F.conv2d(x, weight, stride=s, padding=padding)
    if op == "conv2dBackpropInput":
        return lambda: backward(dy, x, weight, None, [s, s], padding, [1, 1], False, [0, 0], 1, [True, False, False])[0]
    if op == "conv2dBackpropFilter":
        return lambda: backward(dy, x, weight, None, [s, s], padding, [1, 1], False, [0, 0], 1, [False, True, False])[1]
    raise ValueError(f"unknown kernel op {op!r}")


def kernel_call(case: dict):
    """A no-argument function running the case's kernel once on prepared inputs."""
    op = case["op"]
    if op == "matmul":
        m, k, n = case["m"], case["k"], case["n"]
        a = torch.randn(k, m).t() if case["transposeA"] else torch.randn(m, k)
        b = torch.randn(n, k).t() if case["transposeB"] else torch.randn(k, n)
        return lambda: torch.matmul(a, b)
    if op == "sgemm":
        n = case["n"]
        a, b, c = torch.full((n, n), 0.5), torch.full((n, n), 0.25), torch.empty(n, n)
        return lambda: torch.mm(a, b, out=c)
    return _conv_call(case)


def time_kernel(call, repetition_ms: float, repeats: int) -> float:
    """Best-of-`repeats` milliseconds per call."""
    call()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        calls = 0
        elapsed = 0.0
        while calls < 2 or elapsed < repetition_ms:
            call()
            calls += 1
            elapsed = (time.perf_counter() - start) * 1000.0
        best = min(best, elapsed / calls)
    return best


def benchmark_kernels(cases: list, repetition_ms: float, repeats: int) -> list:
    results = []
    with torch.no_grad():
        for case in cases:
            results.append({**case, "ms": time_kernel(kernel_call(case), repetition_ms, repeats)})
    return results
