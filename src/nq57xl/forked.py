"""Work done by a forked child process while this one goes on, where that is safe.

Writing the summary is one process's work once the files are read. On a machine with
two or more cores, the XML of the big tables (tasks, alerts) can be built by a child
while this process writes the other sheets. The child is a ``fork`` of this process:
it finds the data in memory (nothing is pickled) and sends back bytes through a pipe.

Forking is used only on Linux, with more than one core available, and when this
process runs no other thread (a fork copies locks held by other threads). Elsewhere
(Windows, where the Excel front end runs; macOS) the work runs in this process when its
result is first asked for. If the child fails in any way, the work is done again here.
Either way the result is the same bytes. :meth:`Pending.cancel` stops work no longer
wanted (the caller failed or was interrupted): the child is told to stop, cleans up
(temporary files) and is waited for. A child ignores Ctrl+C: its parent cancels it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, Protocol

#: Read ends of the pipes of running children, closed in each new child (a child must
#: not hold another child's pipe open, or that child would never see its reader go).
_READERS: set[Any] = set()


class Pending(Protocol):
    """Bytes being made."""

    def result(self) -> bytes:
        """The bytes, once made (waits for them)."""

    def cancel(self) -> None:
        """Stop the work if it still runs; :meth:`result` must not be called after."""


class _Here:
    """Work run in this process, on the first call of :meth:`result`."""

    def __init__(self, work: Callable[[], bytes]) -> None:
        self._work: Callable[[], bytes] | None = work
        self._data = b""

    def result(self) -> bytes:
        if self._work is not None:
            self._data, self._work = self._work(), None
        return self._data

    def cancel(self) -> None:
        self._work = None


class _Child:
    """Work run by a forked child; falls back to this process if the child fails."""

    def __init__(self, work: Callable[[], bytes], process: Any, reader: Any) -> None:
        self._work = work
        self._process = process
        self._reader = reader
        self._data: bytes | None = None

    def result(self) -> bytes:
        if self._data is None:
            try:
                data: bytes | None = self._reader.recv_bytes()
            except (EOFError, OSError):  # the child died before sending: do it here
                data = None
            except BaseException:  # interrupted: the child is not wanted any more
                self.cancel()
                raise
            self._close()
            self._data = data if data is not None else self._work()
        return self._data

    def cancel(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._close()

    def _close(self) -> None:
        if not self._reader.closed:
            _READERS.discard(self._reader)
            self._reader.close()
        self._process.join()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may use (containers)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether :func:`start` hands work to a forked child here and now."""
    return (sys.platform.startswith("linux") and _cores() > 1
            and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def start(work: Callable[[], bytes], *, in_child: bool = True) -> Pending:
    """Start ``work`` in a forked child if :func:`can_fork` (and ``in_child``), else run it
    here when its result is first asked for."""
    if not (in_child and can_fork()):
        return _Here(work)
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    _READERS.add(reader)  # before the fork: the child closes its copy too
    try:
        process = context.Process(target=_run_child, args=(work, writer), daemon=True)
        process.start()
    except OSError:  # no process left to fork (limits): do the work here
        _READERS.discard(reader)
        reader.close()
        writer.close()
        return _Here(work)
    writer.close()
    return _Child(work, process, reader)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(1)


def _run_child(work: Callable[[], bytes], writer: Any) -> None:
    """In the child: send the bytes, then leave without running the parent's clean-up."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, _stop)  # cancel(): unwind, so temporary files go
        for inherited in _READERS:
            inherited.close()
        writer.send_bytes(work())
        writer.close()
        code = 0
    finally:
        os._exit(code)
