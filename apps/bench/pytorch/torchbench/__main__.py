"""Command line of the PyTorch bench side; the TF.js runner (apps/bench/src) calls it and reads the
JSON it prints as its last line.

  python3 -m torchbench describe                       tasks, parameter counts, library versions
  python3 -m torchbench throughput --task T --data F   training samples/s and sampling images/s
  python3 -m torchbench kernels --cases F              single kernels, ms per call
  python3 -m torchbench check                          network properties (no timing)
"""
import argparse
import json
import sys

import torch

from .checks import run_checks
from .data import ShuffledBatches, load_raw_images, preprocess
from .kernels import benchmark_kernels
from .tasks import TASKS
from .timing import peak_rss_mib, time_median


def library_info() -> dict:
    return {
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "config": torch.__config__.show(),
    }


def describe(_args) -> dict:
    tasks = []
    for name, task_class in TASKS.items():
        torch.manual_seed(1)
        task = task_class()
        tasks.append(
            {
                "task": name,
                "parameters": task.parameter_count(),
                "trainBatch": task.train_batch,
                "sampleBatch": task.sample_batch,
                "sampler": task.sampler,
                "data": task.data,
            }
        )
    return {"tasks": tasks, "library": library_info()}


def throughput(args) -> dict:
    task_class = TASKS.get(args.task)
    if task_class is None:
        raise SystemExit(f"torchbench: unknown task {args.task!r}; choose one of: {', '.join(TASKS)}")
    torch.manual_seed(args.seed)
    task = task_class()
    data = preprocess(load_raw_images(args.data), task.data, task.flatten)
    batches = ShuffledBatches(data, task.train_batch, args.seed)
    losses = []

    def step():
        losses.append(task.train_step(batches.next()))

    train = time_median(step, args.warmup, args.runs)
    if not all(map(lambda v: v == v and abs(v) != float("inf"), losses)):
        raise SystemExit(f"torchbench: {args.task}: non-finite loss in {losses}")
    train_peak = peak_rss_mib()
    sample = time_median(task.sample, 1, args.sample_runs, args.sample_seconds) if args.sample_runs > 0 else None
    return {
        "task": args.task,
        "threads": torch.get_num_threads(),
        "parameters": task.parameter_count(),
        "trainBatch": task.train_batch,
        "trainMsPerStep": train["medianMs"],
        "trainMeanMsPerStep": train["meanMs"],
        "trainSamplesPerSecond": task.train_batch * 1000.0 / train["medianMs"],
        "lastLoss": losses[-1],
        "trainPeakRssMiB": train_peak,
        "sampler": task.sampler,
        "sampleBatch": task.sample_batch,
        "sampleRuns": sample["runs"] if sample else 0,
        "sampleMsPerCall": sample["medianMs"] if sample else None,
        "sampleImagesPerSecond": task.sample_batch * 1000.0 / sample["medianMs"] if sample else None,
        "peakRssMiB": peak_rss_mib(),
        "library": library_info(),
    }


def kernels(args) -> dict:
    with open(args.cases) as f:
        cases = json.load(f)
    return {"results": benchmark_kernels(cases, args.repetition_ms, args.repeats), "library": library_info()}


def check(_args) -> dict:
    results = run_checks()
    return {"checks": results, "ok": all(r["ok"] for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="torchbench", description="PyTorch side of the genmodels bench")
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: PyTorch's choice)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("describe").set_defaults(run=describe)
    commands.add_parser("check").set_defaults(run=check)
    measure = commands.add_parser("throughput")
    measure.add_argument("--task", required=True)
    measure.add_argument("--data", required=True, help="file of n x 28 x 28 raw training image bytes")
    measure.add_argument("--seed", type=int, default=1)
    measure.add_argument("--warmup", type=int, default=5)
    measure.add_argument("--runs", type=int, default=20)
    measure.add_argument("--sample-runs", type=int, default=10)
    measure.add_argument("--sample-seconds", type=float, default=None)
    measure.set_defaults(run=throughput)
    kernel = commands.add_parser("kernels")
    kernel.add_argument("--cases", required=True, help="JSON file: a list of cases (see kernels.py)")
    kernel.add_argument("--repetition-ms", type=float, default=150.0)
    kernel.add_argument("--repeats", type=int, default=3)
    kernel.set_defaults(run=kernels)
    args = parser.parse_args()
    if args.threads is not None:
        if args.threads < 1:
            raise SystemExit(f"torchbench: --threads must be at least 1, got {args.threads}")
        torch.set_num_threads(args.threads)
    result = args.run(args)
    print(json.dumps(result))
    if result.get("ok") is False:
        sys.exit(1)


if __name__ == "__main__":
    main()
