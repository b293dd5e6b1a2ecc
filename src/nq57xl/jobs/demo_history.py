"""The demo's history: earlier months derived from the demo's own consolidation.

So that ``nq57xl demo`` shows "Xu hướng" out of the box, the months before the demo's
period are recorded in its history file with :func:`nq57xl.history.store.record_period`
(the function every run records with), from :func:`nq57xl.history.rows.period_record`
of the demo's consolidation, going back one month at a time: each commune drifts by its
own reproducible amount (most improve month after month, some slip), task progress is
lower the further back, tasks done after a month's data date are not done yet. Planted
for "Thay đổi so với lịch sử": two communes whose progress on a task was higher two
months ago, and one whose task reported done two and three months ago is gone now.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from ..assess.figures import rank_communes
from ..assess.status import DONE_LATE, DONE_ON_TIME, IN_PROGRESS, NOT_STARTED
from ..history.rows import (
    COMMUNE_FIELDS,
    TASK_FIELDS,
    PeriodRecord,
    period_key,
    period_record,
)
from ..history.store import record_period
from ..province.consolidation import Consolidation
from ..province.periods import parse_period

#: Earlier months the demo's history holds.
DEMO_MONTHS = 4
SEED = 57
#: A task done two and three months ago, gone from the commune's report now.
GONE_TASK = "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức xã (đợt 1)"


def _month_before(day: date, months: int) -> date:
    """``day`` ``months`` months earlier (the day kept within the month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, 28))


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _commune(row: dict[str, Any], back: int, drift: float) -> dict[str, Any]:
    """A commune's figures ``back`` months earlier."""
    out = dict(row)
    if not row["submitted"] or row["tasks"] is None:
        return out
    out["due_tasks"] = max(0, round((row["due_tasks"] or 0) * (1 - 0.12 * back)))
    for key in ("on_time_rate", "completion_rate", "update_rate"):
        if row[key] is not None:
            out[key] = round(_clamp(row[key] - back * drift), 4)
    if out["due_tasks"] == 0:
        out["on_time_rate"] = out["completion_rate"] = None
    out["red_flags"] = max(0, round((row["red_flags"] or 0) * (1 + back * drift)))
    out["open_tasks"] = min(row["tasks"], (row["open_tasks"] or 0) + round(back * 0.06 * row["tasks"]))
    return out


def _task(row: dict[str, Any], back: int, day: date, rng: random.Random) -> dict[str, Any]:
    """A task ``back`` months earlier: less progress, not done before its done date."""
    out = dict(row)
    if row["progress"] is not None:
        out["progress"] = max(0.0, float(row["progress"]) - back * rng.choice((0, 5, 10, 10, 15)))
    done = row["done_date"]
    if row["status"] in (DONE_ON_TIME, DONE_LATE) and done and done > day.isoformat():
        out.update(status=IN_PROGRESS if out["progress"] else NOT_STARTED, done_date=None,
                   progress=min(out["progress"] or 0.0, 90.0), evidence=None)
    return out


def earlier_record(record: PeriodRecord, back: int) -> PeriodRecord:
    """``record``'s period ``back`` months earlier, derived as the module doc says."""
    day = _month_before(date.fromisoformat(record.as_of or "2026-12-01"), back)
    parsed = parse_period(record.period)
    year, month = (parsed.last_month if parsed else None) or (day.year, day.month)
    shown = _month_before(date(year, month, 1), back)
    label, key = period_key(f"Tháng {shown.month}/{shown.year}", day)
    communes = [dict(zip(COMMUNE_FIELDS, r)) for r in record.communes]
    drifts = {c["commune"]: random.Random(f"{SEED}:{c['code']}:{c['commune']}").uniform(-0.05, 0.07)
              for c in communes}
    communes = [_commune(c, back, drifts[c["commune"]]) for c in communes]
    submitted = [i for i, c in enumerate(communes) if c["submitted"]]
    ranks = rank_communes([(communes[i]["commune"], communes[i]) for i in submitted])
    for i, rank in zip(submitted, ranks):
        communes[i]["rank"] = rank
    rng = random.Random(f"{SEED}:{back}")
    tasks = [_task(dict(zip(TASK_FIELDS, r)), back, day, rng) for r in record.tasks]
    _plant(tasks, back, [communes[i] for i in submitted])
    return replace(record, period=label, sort_key=key, as_of=day.isoformat(), verdicts=(),
                   files=(), indicators=(),
                   communes=tuple(tuple(c[f] for f in COMMUNE_FIELDS) for c in communes),
                   tasks=tuple(tuple(t[f] for f in TASK_FIELDS) for t in tasks))


def _plant(tasks: list[dict[str, Any]], back: int, submitted: list[dict[str, Any]]) -> None:
    """The past figures changed that "Thay đổi so với lịch sử" lists (module doc)."""
    if back < 2 or len(submitted) < 3:
        return
    for commune in (submitted[0]["commune"], submitted[2]["commune"]):
        task = next((t for t in tasks if t["commune"] == commune
                     and t["status"] not in (DONE_ON_TIME, DONE_LATE)
                     and (t["progress"] or 0) <= 60), None)
        if task is not None:
            task["progress"] = float(min(95, (task["progress"] or 0) + 20 + 10 * back))
    first = next((t for t in tasks if t["commune"] == submitted[1]["commune"]), None)
    if first is not None:
        tasks.append({**first, "stt": "99", "name": GONE_TASK, "status": DONE_ON_TIME,
                      "progress": 100.0, "evidence": "15/BC-UBND", "deadline_text": "Tháng 6/2026",
                      "due": "2026-06-30"})


def seed_demo_history(db: Path, result: Consolidation, months: int = DEMO_MONTHS) -> int:
    """Record the ``months`` months before ``result``'s period in ``db``; returns how many."""
    record = period_record(result)
    for back in range(months, 0, -1):
        earlier = earlier_record(record, back)
        day = date.fromisoformat(earlier.as_of or "2026-01-01")
        record_period(db, earlier, recorded_at=_recorded(day))
    return months


def _recorded(day: date) -> datetime:
    """When a derived month is said to have been recorded: the day after its data date."""
    return datetime.combine(day + timedelta(days=1), time(9), tzinfo=timezone.utc)
