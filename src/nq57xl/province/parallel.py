"""Reading a province's files in worker processes, each file in isolation.

Every file is read by a worker of a :class:`pebble.ProcessPool` under a hard
wall-clock limit (:attr:`~nq57xl.read.limits.Limits.max_seconds`) and a memory cap
(:attr:`~nq57xl.read.limits.Limits.max_worker_mb`). A worker that dies for any
reason (a native crash of the reader, an allocation refused under the cap, a kill at
the time limit) makes that one file "unreadable" with its reason; pebble starts a
fresh worker and the run goes on. Results come back in input order whatever the
order workers finish in, so the summary does not depend on scheduling.

Why pebble: the standard ``ProcessPoolExecutor`` marks the whole pool broken
(``BrokenProcessPool``) when one worker dies and cannot stop a task that runs too
long; pebble restarts dead workers and ends a task at its timeout by killing its
worker, which is exactly this module's job. The memory cap is ``RLIMIT_AS`` in each
worker on Linux (an allocation past it fails at once, whatever the reader's language);
where that does not exist (Windows), :class:`MemoryWatch` kills a worker whose
resident memory passes the cap (psutil), and pebble reports it as dead.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import CancelledError, TimeoutError, as_completed
from contextlib import nullcontext
from datetime import date

import psutil
from pebble import ProcessExpired, ProcessPool

from ..assess.status import Settings
from ..collector import quiet_collector
from ..read.limits import MB, Limits
from .inputs import InputFile, Submission
from .reading import ProgressCallback, read_submission, unreadable_submission

try:
    import resource
except ImportError:  # Windows: the parent watches the workers' memory instead
    resource = None  # type: ignore[assignment]

#: Seconds between two looks at the workers' memory where RLIMIT_AS is not available.
WATCH_INTERVAL = 0.2


def default_workers() -> int:
    """Worker processes to use: the cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def make_reader(workers: int | None = None):
    """A ``read`` function for :func:`nq57xl.province.consolidate.consolidate` with ``workers``."""
    count = default_workers() if workers is None else max(1, workers)

    def read(items: Sequence[InputFile], as_of: date, settings: Settings,
             limits: Limits = Limits(),
             on_progress: ProgressCallback | None = None) -> list[Submission]:
        return read_isolated(items, as_of, settings, limits, on_progress, workers=count)

    return read


def cap_memory(limit_mb: float, use_rlimit: bool = True) -> None:
    """In a new worker: no cycle collector, and at most ``limit_mb`` MB of address space
    beyond what the worker already has (Linux; elsewhere the parent watches). Never
    raises: a worker without a cap is still killed at the time limit."""
    quiet_collector()
    if not (use_rlimit and resource is not None and sys.platform.startswith("linux")):
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = current + int(limit_mb * MB)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (OSError, ValueError):
        return


class MemoryWatch:
    """Kills any child process of this one whose resident memory passes ``limit_mb``.

    For systems without ``RLIMIT_AS``; a killed worker's task ends as
    :class:`pebble.ProcessExpired`, reported like any dead worker.
    """

    def __init__(self, limit_mb: float) -> None:
        self.limit = int(limit_mb * MB)
        self.killed: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="nq57xl-memory", daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> None:
        """One look at every child's memory."""
        for child in psutil.Process().children(recursive=True):
            try:
                if child.memory_info().rss > self.limit:
                    self.killed.add(child.pid)
                    child.kill()
            except psutil.Error:  # gone meanwhile
                continue

    def _run(self) -> None:
        while not self._stop.wait(WATCH_INTERVAL):
            self.check()


def _died(exc: BaseException, limits: Limits) -> tuple[str, str]:
    """(catalogue code, Vietnamese detail) for a task that did not come back."""
    if isinstance(exc, TimeoutError):
        return "time-budget", f"{limits.max_seconds:g}"
    if isinstance(exc, ProcessExpired):
        return "unreadable-file", (
            "chương trình đọc dừng đột ngột ở tệp này: tệp có cấu trúc bất thường hoặc "
            f"cần quá {limits.max_worker_mb:g} MB bộ nhớ")
    return "unreadable-file", f"lỗi không lường trước khi đọc tệp: {type(exc).__name__}: {exc}"[:300]


def read_isolated(items: Sequence[InputFile], as_of: date, settings: Settings,
                  limits: Limits = Limits(), on_progress: ProgressCallback | None = None, *,
                  workers: int | None = None, watch_memory: bool | None = None
                  ) -> list[Submission]:
    """Read each of ``items`` in a worker process, in isolation (see the module's text).

    ``watch_memory`` (default: where ``RLIMIT_AS`` is missing) caps the workers' memory
    from this process instead of in each worker.
    """
    if not items:
        return []
    count = min(default_workers() if workers is None else max(1, workers), len(items))
    watch = (not sys.platform.startswith("linux")) if watch_memory is None else watch_memory
    results: list[Submission | None] = [None] * len(items)
    with ProcessPool(max_workers=count, initializer=cap_memory,
                     initargs=(limits.max_worker_mb, not watch)) as pool, \
            (MemoryWatch(limits.max_worker_mb) if watch else nullcontext()):
        futures = {pool.schedule(read_submission, args=(item, as_of, settings, limits),
                                 timeout=limits.max_seconds): i for i, item in enumerate(items)}
        for done, future in enumerate(as_completed(futures), start=1):
            i = futures[future]
            try:
                results[i] = future.result()
            except (TimeoutError, ProcessExpired, CancelledError, Exception) as exc:
                code, detail = _died(exc, limits)
                results[i] = unreadable_submission(items[i], code, detail, as_of, settings)
            if on_progress:
                on_progress(done, len(items), items[i].name)
    return [r for r in results if r is not None]

