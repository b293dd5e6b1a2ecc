"""Earlier summaries into the history: ``nq57xl history import FILE...``.

A province that starts mid-year fills its history from the summaries of earlier months:
the ``consolidate --json`` document or the summary workbook (.xlsx). The tasks, period
and date come from :func:`nq57xl.compare.periods.load_snapshot` (the reader of
``compare``); the communes' figures from the JSON's ``figures`` or the columns of
"Theo xã"; a workbook's list of files read from "Thông tin". A period already held is
left as it is unless ``replace`` is given (a run's record holds more than a summary).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from ..assess.status import STATUSES
from ..compare.periods import load_snapshot, table_rows
from ..compare.snapshot import Snapshot, SnapshotError
from ..jsonfile import JsonFileError, read_json
from ..province.consolidation import FILE_COLUMNS
from .rows import (
    FILE_FIELDS,
    TASK_FIELDS,
    PeriodRecord,
    commune_rows,
    period_key,
    plain,
)
from .store import BUSY_SECONDS, opened, read_period, record_period

#: The columns of "Theo xã" a commune row is read from.
FIGURE_KEYS: tuple[str, ...] = (
    "rank", "commune", "code", "submission", "report_date", "late", "tasks", "due_tasks",
    "on_time_rate", "completion_rate", "red_flags", "update_rate", "stale", *STATUSES,
    "errors", "warnings",
)
IMPORTED, HELD, FAILED = "imported", "held", "failed"


@dataclass(frozen=True)
class Imported:
    """What became of one file: ``outcome`` one of IMPORTED, HELD, FAILED."""

    file: Path
    outcome: str
    period: str | None = None
    communes: int = 0
    tasks: int = 0
    message: str = ""


def _task_rows(snapshot: Snapshot) -> tuple[tuple[Any, ...], ...]:
    out = []
    for t in snapshot.tasks:
        values = {"commune": t.commune, "section": t.section, "stt": t.stt, "name": t.name,
                  "deadline_text": t.deadline_text, "due": t.due, "status": t.status,
                  "progress": t.progress, "evidence": t.evidence}
        out.append(tuple(plain(values.get(f)) for f in TASK_FIELDS))
    return tuple(out)


def _from_json(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any], str | None, dict]:
    try:
        data = read_json(path)
        communes = [{**(c.get("figures") or {}), "commune": c["commune"], "code": c.get("code"),
                     "submitted": bool(c.get("submitted")), "late": c.get("late"),
                     "rank": c.get("rank"), "report_date": c.get("report_date"),
                     "file": c.get("file")} for c in data["communes"]]
        return communes, dict(data.get("settings") or {}), data.get("province"), \
            dict(data.get("overview") or {})
    except (JsonFileError, KeyError, TypeError, AttributeError) as exc:
        raise SnapshotError(f"Tệp «{path.name}» không phải kết quả JSON của «nq57xl "
                            f"consolidate --json» ({exc}).") from exc


def _from_workbook(path: Path) -> tuple[list[dict[str, Any]], list[tuple], str | None]:
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SnapshotError(f"Không đọc được bảng tổng hợp «{path.name}»: {exc}") from exc
    try:
        communes = [r for r in table_rows(wb, path, "Theo xã", FIGURE_KEYS)
                    if r["commune"] and (r["rank"] is not None or r["submission"])]
        try:
            listed = table_rows(wb, path, "Thông tin", FILE_COLUMNS)
        except SnapshotError:  # the list of files is not needed
            listed = []
        files = [tuple(plain(r.get({"mtime": "modified"}.get(f, f))) for f in FILE_FIELDS)
                 for r in listed if r["file"]]
        province = None
        for row in wb["Thông tin"].iter_rows(max_col=2, max_row=40, values_only=True):
            if row and row[0] == "Tỉnh/thành phố":
                province = row[1] if len(row) > 1 else None
    finally:
        wb.close()
    for r in communes:
        r["late"] = r["late"] == "x"
    return communes, files, province


def period_from_summary(path: Path) -> PeriodRecord:
    """The history record of an earlier summary (.json or .xlsx); SnapshotError if unreadable."""
    snapshot = load_snapshot(path)
    settings: dict[str, Any] = {}
    overview: dict[str, Any] = {}
    files: Sequence[tuple] = ()
    if path.suffix.lower() == ".json":
        communes, settings, province, overview = _from_json(path)
    else:
        communes, files, province = _from_workbook(path)
    label, key = period_key(snapshot.period, snapshot.as_of)
    return PeriodRecord(label, key, snapshot.as_of.isoformat() if snapshot.as_of else None,
                        plain(province), path.name, {k: plain(v) for k, v in settings.items()},
                        {k: plain(v) for k, v in overview.items()}, commune_rows(communes),
                        _task_rows(snapshot), (), tuple(files))


def import_summaries(db: Path, files: Sequence[Path], *, replace: bool = False,
                     timeout: float = BUSY_SECONDS) -> list[Imported]:
    """Each earlier summary of ``files`` into the history file ``db`` (module doc)."""
    out = []
    for path in files:
        try:
            record = period_from_summary(path)
        except SnapshotError as exc:
            out.append(Imported(path, FAILED, message=str(exc)))
            continue
        if not replace:
            with opened(db, timeout=timeout) as conn:
                if read_period(conn, record.period) is not None:
                    out.append(Imported(path, HELD, record.period))
                    continue
        record_period(db, record, timeout=timeout)
        submitted = sum(1 for c in record.communes if c[2])
        out.append(Imported(path, IMPORTED, record.period, submitted, len(record.tasks)))
    return out


def import_lines(db: Path, results: Sequence[Imported]) -> list[str]:
    """What ``history import`` prints."""
    lines = []
    for r in results:
        if r.outcome == IMPORTED:
            lines.append(f"Đã nhập {r.file.name}: kỳ {r.period}, {r.communes} xã đã nộp, "
                         f"{r.tasks} nhiệm vụ.")
        elif r.outcome == HELD:
            lines.append(f"Bỏ qua {r.file.name}: kỳ {r.period} đã có trong lịch sử (dùng "
                         "--replace để thay bằng số liệu của tệp này).")
        else:
            lines.append(f"LỖI {r.file.name}: {r.message}")
    done = sum(r.outcome == IMPORTED for r in results)
    lines.append(f"Tệp lịch sử «{db}»: đã nhập {done}/{len(results)} tệp.")
    return lines


def import_exit_code(results: Sequence[Imported]) -> int:
    """0 every file imported; 1 some held or unreadable; 2 none imported."""
    done = sum(r.outcome == IMPORTED for r in results)
    if done == len(results):
        return 0
    return 1 if done else 2

