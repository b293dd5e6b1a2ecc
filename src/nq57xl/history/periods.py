"""Periods read back from the history file: records, compare snapshots, the period before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from ..compare.snapshot import CommuneRecord, Snapshot, TaskRecord, clean_date
from .rows import COMMUNE_FIELDS, RUN, TASK_FIELDS, PeriodRecord, period_key
from .store import (
    BUSY_SECONDS,
    HeldPeriod,
    HistoryError,
    opened,
    period_labels,
    read_period,
)

#: Periods shown on "Xu hướng" (the current one included).
TREND_PERIODS = 12
#: Earlier periods whose tasks are read to flag past figures changed (half a year): the
#: tasks are most of the file, the trends need only the communes' rows.
FLAG_PERIODS = 6


def snapshot_of_record(record: PeriodRecord, source: str) -> Snapshot:
    """The compare snapshot of a period held."""
    communes = []
    for row in record.communes:
        r = dict(zip(COMMUNE_FIELDS, row))
        communes.append(CommuneRecord(r["commune"], r["code"], r["rank"], r["on_time_rate"],
                                      bool(r["submitted"])))
    tasks = []
    for row in record.tasks:
        t = dict(zip(TASK_FIELDS, row))
        tasks.append(TaskRecord(t["commune"], t["section"], t["stt"], t["name"],
                                t["deadline_text"], clean_date(t["due"]), t["status"],
                                t["progress"], t["evidence"]))
    return Snapshot(source, clean_date(record.as_of), record.period, tuple(communes),
                    tuple(tasks))


def earlier_labels(conn: sqlite3.Connection, period: str, sort_key: str) -> list[str]:
    """The periods held before ``period`` (by sort key), oldest first; never ``period``."""
    return [label for label, key in period_labels(conn) if key < sort_key and label != period]


def earlier_records(path: Path | str, record: PeriodRecord, limit: int = TREND_PERIODS - 1,
                    *, tasks: int = FLAG_PERIODS,
                    timeout: float = BUSY_SECONDS) -> list[PeriodRecord]:
    """Up to ``limit`` periods held before ``record``'s, oldest first ([] with no file);
    the last ``tasks`` of them with their tasks."""
    if not Path(path).is_file():
        return []
    with opened(path, timeout=timeout) as conn:
        labels = earlier_labels(conn, record.period, record.sort_key)[-limit:] if limit else []
        found = (read_period(conn, label, with_tasks=n >= len(labels) - tasks)
                 for n, label in enumerate(labels))
        return [r for r in found if r is not None]


def history_snapshot(path: Path | str, period: str | None = None, *,
                     before: tuple[str, str] | None = None,
                     timeout: float = BUSY_SECONDS) -> Snapshot | None:
    """A period held as a compare snapshot: ``period`` (any spelling), else the last one
    before ``before`` ((label, sort key) of :func:`~.rows.period_key`), else the last one held. None when there is none; a ``period``
    not held is a :class:`HistoryError`."""
    with opened(path, timeout=timeout, create=False) as conn:
        if period is not None:
            label = period_key(period, None)[0]
            record = read_period(conn, label) or read_period(conn, period.strip())
            if record is None:
                held = ", ".join(p for p, _ in period_labels(conn)) or "chưa có kỳ nào"
                raise HistoryError(f"Tệp lịch sử «{Path(path).name}» không có kỳ «{period}» "
                                   f"(các kỳ đang lưu: {held}).")
        else:
            labels = (earlier_labels(conn, *before) if before is not None
                      else [p for p, _ in period_labels(conn)])
            record = read_period(conn, labels[-1]) if labels else None
    if record is None:
        return None
    return snapshot_of_record(record, f"lịch sử {Path(path).name}: {record.period}")


def last_two(path: Path | str, *, timeout: float = BUSY_SECONDS) -> Sequence[Snapshot]:
    """The last two periods held, older first (fewer when fewer are held)."""
    with opened(path, timeout=timeout, create=False) as conn:
        labels = [p for p, _ in period_labels(conn)][-2:]
        records = [read_period(conn, label) for label in labels]
    return [snapshot_of_record(r, f"lịch sử {Path(path).name}: {r.period}")
            for r in records if r is not None]


def held_lines(path: Path | str, held: Sequence[HeldPeriod]) -> list[str]:
    """What ``nq57xl history list`` prints: one line per period held, oldest first."""
    lines = [f"Tệp lịch sử «{path}»: {len(held)} kỳ."]
    for p in held:
        when = p.recorded_at.replace("T", " ")[:16]
        source = "lần tổng hợp" if p.source == RUN else f"nhập từ tệp {p.source}"
        day = clean_date(p.as_of)
        data = f"số liệu đến {day:%d/%m/%Y}; " if day else ""
        lines.append(f"  {p.period}: {data}ghi lúc {when} (UTC); {p.submitted}/{p.communes} xã "
                     f"đã nộp; {p.files} tệp; {source}.")
    return lines
