"""Benchmark: the time and disk space the history file adds to a consolidation.

Generates N commune workbooks (``consolidate_bench.generate``: about 100 tasks each),
consolidates them once in this process, then times each step the history adds, on that
consolidation:

  record    ``period_record`` + ``record_period``: the run written into the history
            (the file holding H earlier periods, so the DELETE of a rerun has work);
  rerun     the same period recorded again (replaces it in one transaction);
  read      ``run_history`` with H earlier periods held: the communes of up to 11 of
            them, the tasks of the last 6, the trends and the past figures changed;
  compare   ``apply_comparison`` with the previous period held (what ``--previous``
            always cost; with the history it runs by default);
  sheets    ``write_summary`` with the trends minus ``write_summary`` without.

The H earlier periods are derived from the consolidation as the demo derives its own
(:func:`nq57xl.jobs.demo_history.earlier_record`). Prints the file size per period held.

Usage: ``python benchmarks/history_bench.py [--sizes 170 3321] [--held 3] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from consolidate_bench import AS_OF, generate  # noqa: E402

from nq57xl.compare.changes import apply_comparison  # noqa: E402
from nq57xl.history.record import run_history  # noqa: E402
from nq57xl.history.rows import period_record  # noqa: E402
from nq57xl.history.store import record_period  # noqa: E402
from nq57xl.jobs.demo_history import earlier_record  # noqa: E402
from nq57xl.province.consolidate import consolidate  # noqa: E402
from nq57xl.province.parallel import make_reader  # noqa: E402
from nq57xl.summary.writer import write_summary  # noqa: E402


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def bench(n: int, held: int, work: Path) -> dict[str, float]:
    folder = work / f"xa_{n}"
    if not folder.is_dir():
        generate(folder, n)
    took, result = timed(consolidate, folder, as_of=AS_OF, read=make_reader())
    result = replace(result, period="Tháng 11/2026")
    db = work / f"lich_su_{n}.sqlite"
    db.unlink(missing_ok=True)
    record = period_record(result)
    for back in range(held, 0, -1):
        record_period(db, earlier_record(record, back))
    size_before = db.stat().st_size
    out: dict[str, float] = {"consolidate": took}
    out["record"], _ = timed(lambda: record_period(db, period_record(result)))
    out["rerun"], _ = timed(lambda: record_period(db, period_record(result)))
    out["read"], history = timed(run_history, db, result)
    out["compare"], compared = timed(apply_comparison, result, history.previous)
    plain, _ = timed(write_summary, compared, work / "plain.xlsx")
    with_trends, _ = timed(write_summary, compared, work / "trends.xlsx", trends=history.trends)
    out["sheets"] = with_trends - plain
    out["summary"] = plain
    out["size_mb"] = db.stat().st_size / 1e6
    out["per_period_mb"] = (db.stat().st_size - size_before) / 1e6
    out["tasks"] = len(result.tasks)
    out["flags"] = len(history.trends.flags)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[170])
    parser.add_argument("--held", type=int, default=3, help="earlier periods held")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated files here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            r = bench(n, args.held, work)
            added = r["record"] + r["read"] + r["compare"] + r["sheets"]
            print(f"N={n} tasks={int(r['tasks'])} held={args.held}: consolidate "
                  f"{r['consolidate']:.2f} s, summary {r['summary']:.2f} s; history: record "
                  f"{r['record']:.2f} s, rerun {r['rerun']:.2f} s, read+trends+flags "
                  f"{r['read']:.2f} s ({int(r['flags'])} flags), compare {r['compare']:.2f} s, "
                  f"trend sheets {r['sheets']:.2f} s; added {added:.2f} s; file "
                  f"{r['size_mb']:.1f} MB ({r['per_period_mb']:.1f} MB a period)", flush=True)


if __name__ == "__main__":
    main()
