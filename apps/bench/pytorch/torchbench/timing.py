"""Timing and memory as the TF.js runner measures them (apps/bench/src/measure.ts)."""
import resource
import statistics
import time
from typing import Callable, Optional


def time_median(fn: Callable[[], object], warmup: int, runs: int, max_seconds: Optional[float] = None) -> dict:
    """`warmup` untimed calls, then up to `runs` timed ones (stopping early, after at least one,
    once `max_seconds` of timed calls have passed); the median and mean in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    while len(times) < runs:
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
        if max_seconds is not None and sum(times) >= max_seconds * 1000.0:
            break
    return {
        "medianMs": statistics.median(times),
        "meanMs": statistics.fmean(times),
        "minMs": min(times),
        "maxMs": max(times),
        "runs": len(times),
    }


def peak_rss_mib() -> float:
    """This process's peak resident set size so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
