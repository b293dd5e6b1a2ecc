"""Reading many workbooks on every core: a process pool over files.

Results come back in input order whatever the order workers finish in, so the summary
does not depend on scheduling. Small batches are read in this process: starting
workers costs more than it saves below :data:`MIN_PARALLEL_FILES` files.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date

from ..assess.status import Settings
from ..collector import quiet_collector
from ..read.limits import Limits
from .inputs import InputFile, Submission
from .reading import ProgressCallback, read_sequential, read_submission

MIN_PARALLEL_FILES = 16


def default_workers() -> int:
    """Worker processes to use: the machine's cores (at least 1)."""
    return max(1, os.cpu_count() or 1)


def make_reader(workers: int | None = None):
    """A ``read`` function for :func:`nq57xl.province.consolidate.consolidate` with ``workers``."""
    count = default_workers() if workers is None else max(1, workers)

    def read(items: Sequence[InputFile], as_of: date, settings: Settings,
             limits: Limits = Limits(),
             on_progress: ProgressCallback | None = None) -> list[Submission]:
        return read_parallel(items, as_of, settings, limits, on_progress, workers=count)

    return read


def read_parallel(items: Sequence[InputFile], as_of: date, settings: Settings,
                  limits: Limits = Limits(), on_progress: ProgressCallback | None = None, *,
                  workers: int | None = None) -> list[Submission]:
    """Read ``items`` with a process pool; falls back to one process for small batches."""
    count = default_workers() if workers is None else max(1, workers)
    if count == 1 or len(items) < MIN_PARALLEL_FILES:
        return read_sequential(items, as_of, settings, limits, on_progress)
    results: list[Submission | None] = [None] * len(items)
    chunk = max(1, min(32, len(items) // (count * 8)))
    with ProcessPoolExecutor(max_workers=count, initializer=quiet_collector) as pool:
        futures = {}
        for start in range(0, len(items), chunk):
            batch = list(items[start:start + chunk])
            futures[pool.submit(_read_batch, batch, as_of, settings, limits)] = start
        done = 0
        for future in as_completed(futures):
            start = futures[future]
            batch_results = future.result()
            for offset, submission in enumerate(batch_results):
                results[start + offset] = submission
            done += len(batch_results)
            if on_progress:
                on_progress(done, len(items), items[start + len(batch_results) - 1].name)
    return [r for r in results if r is not None]


def _read_batch(batch: list[InputFile], as_of: date, settings: Settings,
                limits: Limits) -> list[Submission]:
    return [read_submission(item, as_of, settings, limits) for item in batch]
