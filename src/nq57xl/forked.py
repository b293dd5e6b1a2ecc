"""Work done by a forked child process while this one goes on, where that is safe.

Writing the summary is one process's work once the files are read. On a machine with
two or more cores, the XML of the big tables (tasks, alerts) can be built by a child
while this process writes the other sheets. The child is a ``fork`` of this process:
it finds the data in memory (nothing is pickled) and sends back bytes through a pipe.

Forking is used only on Linux, with more than one core, and when this process runs no
other thread (a fork copies locks held by other threads). Elsewhere (Windows, where
the Excel front end runs; macOS) the work runs in this process when its result is
first asked for. If the child fails in any way, the work is done again here. Either
way the result is the same bytes.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from typing import Protocol


class Pending(Protocol):
    """Bytes being made; :meth:`result` waits for them."""

    def result(self) -> bytes: ...


class _Here:
    """Work run in this process, on the first call of :meth:`result`."""

    def __init__(self, work: Callable[[], bytes]) -> None:
        self._work: Callable[[], bytes] | None = work
        self._data = b""

    def result(self) -> bytes:
        if self._work is not None:
            self._data, self._work = self._work(), None
        return self._data


class _Child:
    """Work run by a forked child; falls back to this process if the child fails."""

    def __init__(self, work: Callable[[], bytes], process, reader) -> None:
        self._work = work
        self._process = process
        self._reader = reader
        self._data: bytes | None = None

    def result(self) -> bytes:
        if self._data is None:
            try:
                self._data = self._reader.recv_bytes()
            except (EOFError, OSError):  # the child died before sending: do it here
                self._data = self._work()
            finally:
                self._reader.close()
                self._process.join()
        return self._data


def can_fork() -> bool:
    """Whether :func:`start` hands work to a forked child here and now."""
    return (sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def start(work: Callable[[], bytes], *, in_child: bool = True) -> Pending:
    """Start ``work`` in a forked child if :func:`can_fork` (and ``in_child``), else run it
    here when its result is first asked for."""
    if not (in_child and can_fork()):
        return _Here(work)
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    try:
        process = context.Process(target=_run_child, args=(work, writer), daemon=True)
        process.start()
    except OSError:  # no process left to fork (limits): do the work here
        reader.close()
        writer.close()
        return _Here(work)
    writer.close()
    return _Child(work, process, reader)


def _run_child(work: Callable[[], bytes], writer) -> None:
    """In the child: send the bytes, then leave without running the parent's clean-up."""
    code = 1
    try:
        writer.send_bytes(work())
        writer.close()
        code = 0
    finally:
        os._exit(code)
