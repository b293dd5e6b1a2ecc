"""The figures of a consolidation as the summary email states them.

They come from the ``consolidate --json`` document (:func:`figures_from_json`), from an
in-memory consolidation (:func:`figures_from_result`) or from the summary workbook
itself (:func:`figures_from_workbook`); :func:`summary_figures` takes the JSON when
given, else the workbook. Split out of :mod:`nq57xl.mail.message`, which re-exports these names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from ..assess.indicators import BEHIND
from ..errors import MailUsageError
from ..jsonfile import JsonFileError, read_json
from ..province.consolidation import COLUMNS, OVERVIEW_LABELS
from ..summary.indicators_sheet import INDICATOR_SHEET
from ..summary.jsondoc import consolidation_json


@dataclass(frozen=True)
class RankedCommune:
    """One commune of the ranking, as the summary email names it."""

    commune: str
    rank: int
    on_time_rate: float | None
    red_flags: int
    due_tasks: int


@dataclass(frozen=True)
class IndicatorFigure:
    """One indicator over the province, as the summary email names it (percent)."""

    code: str
    name: str
    value: float
    target: float
    behind: int


@dataclass(frozen=True)
class SummaryFigures:
    """The figures the summary email states (rates are fractions or None)."""

    as_of: date
    province: str | None
    period: str | None
    expected: int
    submitted: int
    missing: int
    late: int
    tasks: int
    due_tasks: int
    on_time_rate: float | None
    red_flags: int
    ranked: int
    lowest: tuple[RankedCommune, ...] = field(default_factory=tuple)
    #: The indicators with a province value, in the list's order (empty when none).
    indicators: tuple[IndicatorFigure, ...] = field(default_factory=tuple)

    @property
    def indicators_met(self) -> int:
        return sum(1 for i in self.indicators if i.value >= i.target)

    @property
    def indicators_short(self) -> tuple[IndicatorFigure, ...]:
        """The indicators below target, furthest from it (in share of the target) first."""
        below = [i for i in self.indicators if i.value < i.target]
        return tuple(sorted(below, key=lambda i: (i.value / i.target if i.target else 1, i.code)))


def _int(value: object) -> int:
    try:
        return int(value or 0)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _rate(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _figures(as_of: object, province: object, period: object, ov: Mapping[str, object],
             ranked: list[RankedCommune],
             indicators: tuple[IndicatorFigure, ...] = ()) -> SummaryFigures:
    ints = {k: _int(ov.get(k)) for k in ("expected", "submitted", "missing", "late", "tasks",
                                         "due_tasks", "red_flags")}
    return SummaryFigures(as_of=_day(as_of), province=str(province) if province else None,
                          period=str(period) if period else None, **ints,
                          on_time_rate=_rate(ov.get("on_time_rate")), ranked=len(ranked),
                          lowest=tuple(sorted(ranked, key=lambda c: c.rank, reverse=True)[:5]),
                          indicators=indicators)


def _indicators_from_json(data: Mapping[str, Any]) -> tuple[IndicatorFigure, ...]:
    block = data.get("indicators")
    rows = block.get("province") if isinstance(block, dict) else None
    out = []
    for p in rows if isinstance(rows, list) else []:
        value, target = _rate(p.get("value")), _rate(p.get("target"))
        if isinstance(p, dict) and value is not None and target is not None:
            behind = _int((p.get("communes") or {}).get(BEHIND))
            out.append(IndicatorFigure(str(p.get("code")), str(p.get("name") or ""), value,
                                       target, behind))
    return tuple(out)


def _indicators_from_sheet(wb: Any) -> tuple[IndicatorFigure, ...]:
    """The indicators from the summary's "Chỉ tiêu" sheet (none in an older summary)."""
    if INDICATOR_SHEET not in wb.sheetnames:
        return ()
    labels = {k: COLUMNS[k][0] for k in ("kpi_code", "kpi_name", "kpi_value", "kpi_target",
                                           "kpi_behind")}
    out, header = [], None
    for row in wb[INDICATOR_SHEET].iter_rows(values_only=True):
        if header is None:
            if row and row[0] == labels["kpi_code"]:
                header = {v: i for i, v in enumerate(row) if isinstance(v, str)}
            continue
        code, name, value, target, behind = (row[header[labels[k]]] if header[labels[k]] < len(row)
                                             else None for k in labels)
        if not code:
            break
        if _rate(value) is not None and _rate(target) is not None:
            out.append(IndicatorFigure(str(code), str(name or ""), 100 * float(value),
                                       100 * float(target), _int(behind)))
    return tuple(out)


def figures_from_json(data: Mapping[str, Any]) -> SummaryFigures:
    """Figures from the ``consolidate --json`` document (already parsed)."""
    ranked = []
    for c in data.get("communes", []):
        fig = c.get("figures") or {}
        if c.get("rank") is not None:
            ranked.append(RankedCommune(c["commune"], int(c["rank"]), _rate(fig.get("on_time_rate")),
                                        _int(fig.get("red_flags")), _int(fig.get("due_tasks"))))
    return _figures(data["as_of"], data.get("province"), data.get("period"), data["overview"],
                    ranked, _indicators_from_json(data))


def figures_from_result(result: Any) -> SummaryFigures:
    """Figures from an in-memory :class:`~nq57xl.province.consolidation.Consolidation`."""
    return figures_from_json(json.loads(json.dumps(consolidation_json(result), default=str)))


def _sheet(wb: Any, name: str, path: Path) -> Any:
    if name not in wb.sheetnames:
        raise MailUsageError(f"Tệp «{path.name}» không phải bảng tổng hợp của nq57xl "
                             f"(không có trang «{name}»). Hãy chọn tệp do lệnh consolidate tạo ra.")
    return wb[name]


def _info(wb: Any, path: Path) -> dict[str, object]:
    """The (label -> value) pairs of "Thông tin" above the file table."""
    pairs: dict[str, object] = {}
    for row in _sheet(wb, "Thông tin", path).iter_rows(max_col=2, max_row=40, values_only=True):
        if isinstance(row[0], str) and row[0] not in pairs:
            pairs[row[0]] = row[1]
    return pairs


def figures_from_workbook(path: Path | str) -> SummaryFigures:
    """Figures read back from the summary workbook's "Tổng quan", "Theo xã", "Thông tin"."""
    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise MailUsageError(f"Không mở được bảng tổng hợp «{path.name}»: {exc}") from exc
    try:
        info = _info(wb, path)
        keys = {label: key for key, label in OVERVIEW_LABELS.items()}
        ov: dict[str, object] = {}
        for row in _sheet(wb, "Tổng quan", path).iter_rows(max_col=3, values_only=True):
            if isinstance(row[1], str) and row[1] in keys and keys[row[1]] not in ov:
                ov[keys[row[1]]] = row[2]
        ranked, header = [], None
        for row in _sheet(wb, "Theo xã", path).iter_rows(values_only=True):
            if header is None:
                if row and row[0] == COLUMNS["rank"][0]:
                    header = {v: i for i, v in enumerate(row) if isinstance(v, str)}
                continue
            rank, name, rate, flags, due = (row[header[COLUMNS[k][0]]] for k in (
                "rank", "commune", "on_time_rate", "red_flags", "due_tasks"))
            if isinstance(rank, (int, float)) and name:
                ranked.append(RankedCommune(str(name), int(rank), _rate(rate), _int(flags), _int(due)))
        indicators = _indicators_from_sheet(wb)
    finally:
        wb.close()
    if "expected" not in ov or info.get("Ngày tính số liệu") is None:
        raise MailUsageError(f"Không đọc được số liệu trong bảng tổng hợp «{path.name}».")
    return _figures(info["Ngày tính số liệu"], info.get("Tỉnh/thành phố"), info.get("Kỳ báo cáo"),
                    ov, ranked, indicators)


def load_json(path: Path | str) -> dict[str, Any]:
    """The ``consolidate --json`` document at ``path``.

    Raises :class:`MailUsageError` naming the file when it cannot be read, is not JSON,
    nests too deeply for the parser (``[[[[…`` a hundred thousand times) or is not a
    consolidation.
    """
    path = Path(path)
    try:
        data = read_json(path)
    except JsonFileError as exc:
        raise MailUsageError(str(exc)) from exc
    if not _is_consolidation(data):
        raise MailUsageError(f"Tệp «{path.name}» không phải kết quả JSON của lệnh "
                             "consolidate --json.")
    return data


def _is_consolidation(data: object) -> bool:
    """Whether ``data`` has the shape the mail commands read: a date, the overview, the
    communes (objects naming their commune) and the issues."""
    if not isinstance(data, dict) or not isinstance(data.get("overview"), dict):
        return False
    communes, issues = data.get("communes"), data.get("issues", [])
    if not isinstance(communes, list) or not isinstance(issues, list):
        return False
    if not all(isinstance(c, dict) and "commune" in c for c in communes) or \
            not all(isinstance(i, dict) for i in issues):
        return False
    try:
        _day(data.get("as_of"))
    except ValueError:
        return False
    return True


def summary_figures(summary: Path | str | None = None,
                    json_path: Path | str | None = None) -> SummaryFigures:
    """Figures from the consolidate JSON when given, else from the summary workbook."""
    if json_path is not None:
        return figures_from_json(load_json(json_path))
    if summary is None:
        raise MailUsageError("Cần bảng tổng hợp (.xlsx) hoặc tệp JSON của lệnh consolidate.")
    return figures_from_workbook(summary)
