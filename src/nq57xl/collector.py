"""No passes of Python's cycle collector during a consolidation.

A consolidation allocates hundreds of thousands of small containers (cells, rows, task
records) that stay alive until the summary is written. CPython's cycle collector runs
every 700 new containers and, now and then, walks every container alive: measured on
170 communes, 0.25 s of the main process, 0.12 s of each reading worker, and another
0.2 s when the interpreter exits. These passes find nothing to free: reading the 170
benchmark communes and the 123 demo files leaves no reference cycle at all, and writing
the summary leaves one (xlsxwriter's workbook and its cells, about 16,000 objects for
170 communes), freed by the first collection after the run. So the collector is off
while a run lasts and back on after it; worker processes, which live only for a run,
keep it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def quiet_collector() -> None:
    """Turn the cycle collector off in this process, for a process that is one run
    (a command of the command line, a worker process of a run)."""
    gc.disable()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with the cycle collector off; it is on again after, if it was."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def before_exit() -> None:
    """Freeze what is still alive, so the interpreter's last collections skip it.

    For a process about to end (the command line): the operating system takes the
    memory back anyway; the collections at exit cost 0.2 s after a large run.
    """
    gc.freeze()
