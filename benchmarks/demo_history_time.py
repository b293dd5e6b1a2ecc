"""The demo's run time with and without its history, interleaved (A B A B ...).

Builds the demo's commune files once (``build_demo``, as of 01/12/2026), then times
``run_consolidation`` of them without a history file (what the demo did before the
history) and with the demo's history (four earlier months recorded, then the run read
the history, shows the trends and is recorded), each in a fresh folder, ``--pairs``
times; prints each time, the medians and the history file's size.

Usage: ``python benchmarks/demo_history_time.py [--pairs 3] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from nq57xl.history.store import HISTORY_FILE
from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.jobs.demo import PROVINCE, build_demo
from nq57xl.jobs.demo_history import seed_demo_history

AS_OF = date(2026, 12, 1)


def once(folder: Path, out: Path, history: bool) -> float:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    start = time.perf_counter()
    outcome = run_consolidation(folder, out / "tong_hop.xlsx", as_of=AS_OF, province=PROVINCE,
                                json_path=str(out / "tong_hop.json"), history=history,
                                seed_history=seed_demo_history if history else None)
    assert outcome.exit_code in (0, 1), outcome.lines
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        start = time.perf_counter()
        built = build_demo(work / "demo", as_of=AS_OF)
        print(f"build_demo: {time.perf_counter() - start:.1f} s, {built.files} files", flush=True)
        without, with_ = [], []
        for n in range(args.pairs):
            without.append(once(built.folder, work / "a", False))
            with_.append(once(built.folder, work / "b", True))
            print(f"pair {n + 1}: without history {without[-1]:.1f} s, with {with_[-1]:.1f} s",
                  flush=True)
        size = (work / "b" / HISTORY_FILE).stat().st_size
        print(f"median: without {statistics.median(without):.1f} s, with "
              f"{statistics.median(with_):.1f} s; history file {size / 1e6:.1f} MB (5 months)")


if __name__ == "__main__":
    main()
