"""The files around a comparison of two periods (:mod:`nq57xl.compare.changes`).

Reading a period (:func:`load_snapshot`: the ``consolidate --json`` document or a
summary workbook written by nq57xl), the "changes" JSON section, the lines shown on
screen, the sheet "Thay đổi so với kỳ trước" (also written into the summary), the trend
columns of "Theo xã", and the workbook of ``nq57xl compare -o``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ..jsonfile import JsonFileError, read_json
from ..province.consolidation import COLUMNS, MISSING, Consolidation
from .changes import KINDS, TREND_TABLE, Comparison
from .snapshot import (
    COMMUNE_KEYS,
    TASK_KEYS,
    CommuneRecord,
    Snapshot,
    SnapshotError,
    clean_date,
    clean_number,
    clean_rank,
    commune_record,
    stored_text,
    task_record,
)

RED_FILL, RED_FONT = "#FFC7CE", "#9C0006"


# ---------------------------------------------------------------- reading a period
def load_snapshot(path: Path | str) -> Snapshot:
    """Read a period from a ``consolidate --json`` file or a summary workbook (.xlsx).

    Raises :class:`~nq57xl.compare.snapshot.SnapshotError` (Vietnamese message) when the file is
    missing, unreadable or not written by nq57xl.
    """
    path = Path(path)
    if not path.is_file():
        raise SnapshotError(f"Không tìm thấy tệp «{path}».")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _from_json(path)
    if suffix in (".xlsx", ".xlsm"):
        return _from_workbook(path)
    raise SnapshotError(f"Tệp «{path.name}» phải là tệp JSON (.json) hoặc bảng tổng hợp "
                        "(.xlsx) do nq57xl ghi.")


def _from_json(path: Path) -> Snapshot:
    try:
        data = read_json(path)
    except JsonFileError as exc:
        raise SnapshotError(str(exc)) from exc
    try:
        communes = [CommuneRecord(stored_text(c["commune"]) or "", stored_text(c.get("code")),
                                  clean_rank(c.get("rank")),
                                  clean_number((c.get("figures") or {}).get("on_time_rate")),
                                  bool(c.get("submitted")))
                    for c in data["communes"]]
        tasks = [task_record({**t, "deadline_text": (t.get("deadline") or {}).get("text"),
                              "due": (t.get("deadline") or {}).get("due")})
                 for t in data["tasks"]]
        return Snapshot(path.name, clean_date(data.get("as_of")),
                        stored_text(data.get("period")), tuple(communes), tuple(tasks))
    except (KeyError, TypeError, AttributeError) as exc:
        raise SnapshotError(f"Tệp «{path.name}» không phải kết quả JSON của «nq57xl "
                            f"consolidate --json» (thiếu {exc}).") from exc


def _from_workbook(path: Path) -> Snapshot:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SnapshotError(f"Không đọc được bảng tổng hợp «{path.name}»: {exc}") from exc
    try:
        tasks = [task_record(r) for r in table_rows(wb, path, "Nhiệm vụ", TASK_KEYS)
                 if r["commune"] and (r["name"] or r["stt"])]
        communes = [commune_record(r) for r in table_rows(wb, path, "Theo xã", COMMUNE_KEYS)
                    if r["commune"] and not (r["rank"] is None and r["commune"] == "Tổng cộng")]
        info: dict[str, object] = {}
        if "Thông tin" in wb.sheetnames:
            for row in wb["Thông tin"].iter_rows(max_col=2, values_only=True):
                if row and isinstance(row[0], str):
                    info.setdefault(row[0].strip(), row[1] if len(row) > 1 else None)
    finally:
        wb.close()
    return Snapshot(path.name, clean_date(info.get("Ngày tính số liệu")),
                    stored_text(info.get("Kỳ báo cáo")), tuple(communes), tuple(tasks))


def table_rows(wb: Any, path: Path, sheet: str, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The rows under the first row (of the first 40) of ``sheet`` in the summary workbook
    ``wb`` (read from ``path``) holding every key's header (Vietnamese, from COLUMNS)."""
    if sheet not in wb.sheetnames:
        raise SnapshotError(f"Tệp «{path.name}» không phải bảng tổng hợp của nq57xl: "
                            f"không có trang «{sheet}».")
    rows = wb[sheet].iter_rows(values_only=True)
    labels = [COLUMNS[k][0] for k in keys]
    for _, row in zip(range(40), rows):
        cells = [stored_text(v) for v in row]
        if all(label in cells for label in labels):
            index = {k: cells.index(label) for k, label in zip(keys, labels)}
            return [{k: (r[i] if i < len(r) else None) for k, i in index.items()} for r in rows]
    raise SnapshotError(f"Trang «{sheet}» của «{path.name}» không có dòng tiêu đề với các "
                        f"cột {', '.join(f'«{x}»' for x in labels)}.")


# ---------------------------------------------------------------- JSON
def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def changes_json(changes: pd.DataFrame, trend: Iterable[dict[str, Any]],
                 info: dict[str, Any]) -> dict[str, Any]:
    """The "changes" section: periods, counts by kind, change rows and trend per commune."""
    rows = [{"commune": r["commune"], "code": r["code"], "section": r["section"],
             "stt": r["stt"], "name": r["name"], "change": r["change"],
             "previous": r["previous_value"], "current": r["current_value"],
             "previous_due": _iso(r["previous_due"]), "current_due": _iso(r["current_due"]),
             "attention": bool(r["attention"]), "match": r["match"]}
            for r in changes.to_dict("records")]
    return {**info, "total": len(rows), "attention": sum(r["attention"] for r in rows),
            "counts": {k: sum(r["change"] == k for r in rows) for k in KINDS},
            "rows": rows, "trend": [{k: r[k] for k in TREND_TABLE} for r in trend]}


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The JSON document of ``nq57xl compare``."""
    doc = changes_json(comparison.changes, comparison.trend.to_dict("records"),
                       comparison.info())
    doc["progress"] = {"progressed": comparison.progressed(), "newly_done": comparison.newly_done()}
    return doc


def result_changes_json(result: Consolidation) -> dict[str, Any]:
    """The "changes" section of ``consolidate --json`` (``result.changes`` must be set)."""
    frame = result.communes.reindex(columns=[*TREND_TABLE, "submission"])
    trend = [r for r in frame.to_dict("records") if r["submission"] != MISSING]
    return changes_json(result.changes, trend, dict(result.compared_with or {}))


# ---------------------------------------------------------------- words
def describe(meta: dict[str, Any] | None, default: str = "kỳ trước") -> str:
    """"Tháng 10/2026 (số liệu đến ngày 23/10/2026; tệp t10.json)" from a period's meta."""
    meta = meta or {}
    day = clean_date(meta.get("as_of"))
    parts = [f"số liệu đến ngày {day:%d/%m/%Y}" if day else "",
             f"tệp {meta['source']}" if meta.get("source") else ""]
    detail = "; ".join(p for p in parts if p)
    head = meta.get("period") or default
    return f"{head} ({detail})" if detail else str(head)


def _attention(changes: pd.DataFrame) -> int:
    return int(changes["attention"].map(bool).sum()) if len(changes) else 0


def comparison_lines(changes: pd.DataFrame | None, info: dict[str, Any] | None,
                     where: str = "xem trang «Thay đổi so với kỳ trước»") -> list[str]:
    """Lines summing up the changes since the previous period ([] when not compared)."""
    if changes is None:
        return []
    info = info or {}
    counts = changes["change"].value_counts().to_dict() if len(changes) else {}
    lines = [f"So với {describe(info.get('previous'))}: {len(changes)} thay đổi, "
             f"{_attention(changes)} đáng chú ý ({where})."]
    if counts:
        lines.append("  " + "; ".join(f"{k}: {counts[k]}" for k in KINDS if k in counts) + ".")
    for key, label in (("only_previous", "Xã chỉ có báo cáo kỳ trước"),
                       ("only_current", "Xã chỉ có báo cáo kỳ này")):
        if info.get(key):
            lines.append(f"  {label}: {', '.join(info[key])}.")
    return lines


def attention_lines(changes: pd.DataFrame, limit: int = 30) -> list[str]:
    """One line per change worth attention (at most ``limit``, then a count)."""
    flagged = [r for r in changes.to_dict("records") if r["attention"]]
    out = []
    for r in flagged[:limit]:
        where = ".".join(x for x in (r["section"], r["stt"]) if x)
        old, new = r["previous_value"] or "(trống)", r["current_value"] or "(trống)"
        out.append(f"  ! {r['commune']} — {where} {r['name'] or ''}: {r['change']} "
                   f"({old} → {new})")
    if len(flagged) > limit:
        out.append(f"  … và {len(flagged) - limit} thay đổi đáng chú ý khác.")
    return out


def comparison_report_lines(comparison: Comparison, output: Path | None = None) -> list[str]:
    """What ``nq57xl compare`` prints."""
    changes = comparison.changes
    where = f"danh sách trong «{output}»" if output else "dùng -o để ghi danh sách ra Excel"
    lines = comparison_lines(changes, comparison.info(), where)
    lines[0] = f"Kỳ này: {describe(comparison.current.meta(), 'kỳ này')}. {lines[0]}"
    lines.insert(1, f"  Tiến triển: {comparison.progressed()} nhiệm vụ tăng tiến độ, "
                    f"{comparison.newly_done()} nhiệm vụ mới hoàn thành.")
    flagged = _attention(changes)
    if flagged:
        lines.append(f"  Cần kiểm tra (đánh dấu !): {flagged} thay đổi xấu đi hoặc bất thường.")
    return lines + attention_lines(changes)


