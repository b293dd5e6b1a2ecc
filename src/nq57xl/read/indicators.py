"""The "Chỉ tiêu" sheet of a commune workbook: each indicator's figure, typed and checked.

A commune reports an indicator of :mod:`nq57xl.indicators` as a numerator and a
denominator (counts), or a percentage where only that is known, with the date of the figure
and its evidence; its plan's own target may replace the default. :func:`read_indicators`
finds the sheet and its header (by :data:`COLUMNS`, shared with the template), and turns
every row into an :class:`~nq57xl.records.IndicatorValue` and every slip into a problem of
the catalogue naming the file, sheet and cell. A workbook without the sheet (an older
template, an imported appendix) simply reports no indicator.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from ..catalogue import problem
from ..indicators import indicator
from ..records import IndicatorValue, Problem
from ..vntext import normalize, strip_diacritics
from .cells import CellValueError, parse_date, parse_progress
from .cleantext import address, clean_text
from .cellinfo import cell_details
from .workbook import SheetGrid

__all__ = ["INDICATOR_SHEET", "COLUMNS", "read_indicators", "is_indicator_sheet"]

INDICATOR_SHEET = "Chỉ tiêu"

#: The columns of the sheet: key -> header written by the template. The reader finds a
#: column by the start of its header (:data:`_PREFIXES`), so the hints in brackets may vary.
COLUMNS: dict[str, str] = {
    "code": "Mã",
    "group": "Nhóm",
    "name": "Chỉ tiêu",
    "unit": "Đơn vị tính",
    "default": "Mục tiêu chung",
    "target": "Mục tiêu theo kế hoạch của xã (%)",
    "numerator": "Tử số (số đã đạt)",
    "denominator": "Mẫu số (tổng số)",
    "percent": "Tỷ lệ (%) (khi không có tử số, mẫu số)",
    "baseline": "Giá trị đầu năm (%)",
    "measured": "Ngày số liệu",
    "evidence": "Minh chứng",
    "note": "Ghi chú",
}
#: Header starts (diacritics removed) by which each column read is recognised.
_PREFIXES: dict[str, tuple[str, ...]] = {
    "code": ("ma chi tieu", "ma"),
    "target": ("muc tieu theo ke hoach", "muc tieu cua xa", "muc tieu ke hoach"),
    "numerator": ("tu so",),
    "denominator": ("mau so",),
    "percent": ("ty le", "ti le"),
    "baseline": ("gia tri dau nam", "dau nam"),
    "measured": ("ngay so lieu", "ngay"),
    "evidence": ("minh chung",),
    "note": ("ghi chu",),
}
_PERCENT_KEYS = ("percent", "baseline", "target")
#: The columns holding the value itself: a slip in one makes the indicator invalid.
_VALUE_KEYS = ("numerator", "denominator", "percent")
_COUNT_KEYS = ("numerator", "denominator")
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
#: Rows read below the header: the 30 indicators and room for a plan's own lines.
MAX_ROWS = 200
#: A typed percentage and the one of the counts may differ by this much (rounding).
MISMATCH_POINTS = 1.0
Report = Callable[..., None]


def _key(text: object) -> str:
    """A header or sheet name compared without case, spacing or diacritics."""
    return _text_key(text) if isinstance(text, str) else ""


@lru_cache(maxsize=4096)
def _text_key(text: str) -> str:
    return strip_diacritics(normalize(clean_text(text)))


def is_indicator_sheet(name: str) -> bool:
    """Whether a sheet named ``name`` is the indicators sheet ("Chỉ tiêu", "CHI TIEU")."""
    return _key(name) in ("chi tieu", "chi tieu kpi", "kpi")


def _header(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]] | None:
    """(row index, key -> column) of the first row naming a code and a numerator column."""
    for r, row in enumerate(rows[:15]):
        cols: dict[str, int] = {}
        for c, value in enumerate(row):
            key = _column_of(value) if isinstance(value, str) else None
            if key is not None and key not in cols:
                cols[key] = c
        if "code" in cols and ("numerator" in cols or "percent" in cols):
            return r, cols
    return None


@lru_cache(maxsize=4096)
def _column_of(header: str) -> str | None:
    """The column key a header names, by the start of its text (:data:`_PREFIXES`)."""
    text = _key(header)
    for key, starts in _PREFIXES.items():
        if any(text == s or text.startswith((s + " ", s + "(")) for s in starts):
            return key
    return None


def read_indicators(grids: Sequence[SheetGrid], file: str, *, path: Path | None = None
                    ) -> tuple[str | None, tuple[IndicatorValue, ...], list[Problem]]:
    """The indicators sheet of a workbook: (sheet name, values, problems)."""
    grid = next((g for g in grids if is_indicator_sheet(g.name)), None)
    found = _header(grid.rows) if grid is not None else None
    if grid is None or found is None:
        return None, (), []
    top, cols = found
    percent = _percent_cells(grid, top, cols, path)
    values: list[IndicatorValue] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    last = min(len(grid.rows), top + 1 + MAX_ROWS)
    for r in range(top + 1, last):
        raw = grid.rows[r]
        cells = {k: address(r, c) for k, c in cols.items()}
        cell = {k: (raw[c] if c < len(raw) else None) for k, c in cols.items()}

        def report(entry: str, key: str, value: object = None, **kw: object) -> None:
            problems.append(problem(entry, file=file, sheet=grid.name, cell=cells.get(key),
                                    row=r + 1, value=value, **kw))

        value = _row(cell, cells, r + 1, percent, report, seen)
        if value is not None:
            values.append(value)
    beyond = sum(1 for row in grid.rows[last:] if any(v not in ("", None) for v in row))
    if beyond:
        problems.append(problem("indicator-too-many-rows", file=file, sheet=grid.name,
                                cell=address(last, 0), row=last + 1, detail=beyond,
                                limit=MAX_ROWS))
    return grid.name, tuple(values), problems


def _row(cell: dict[str, object], cells: dict[str, str], row: int, percent: set[str],
         report: Report, seen: dict[str, int]) -> IndicatorValue | None:
    """One row into a value (None for a blank row or an unknown code)."""
    code_text = clean_text(cell.get("code"))
    filled = any(clean_text(cell.get(k)) for k in (*_COUNT_KEYS, "percent"))
    found = indicator(code_text) if code_text else None
    if found is None:
        if code_text or filled:
            report("indicator-unknown-code", "code", value=code_text or "(để trống)")
        return None
    code = found.code
    if code in seen:
        report("indicator-duplicate", "code", value=code_text, kpi=code, other=seen[code])
        return None
    seen[code] = row
    valid = True
    numbers: dict[str, float | None] = {}
    for key in (*_COUNT_KEYS, *_PERCENT_KEYS):
        try:
            numbers[key] = _number(cell.get(key), key, cells.get(key) in percent)
        except CellValueError:
            report("indicator-not-a-number", key, value=cell.get(key), kpi=code,
                   column=_label(key))
            numbers[key] = None
            valid = valid and key not in _VALUE_KEYS
            continue
        if key in _PERCENT_KEYS and numbers[key] is not None and not 0 <= numbers[key] <= 100:
            report("indicator-percent-out-of-range", key, value=_shown(numbers[key]), kpi=code,
                   column=_label(key))
            numbers[key] = None
            valid = valid and key not in _VALUE_KEYS
    if valid:
        valid = _check_counts(numbers, code, report)
    try:
        measured = parse_date(cell.get("measured"))
    except CellValueError:
        report("indicator-bad-date", "measured", value=cell.get("measured"), kpi=code)
        measured = None
    evidence = clean_text(cell.get("evidence")) or None
    result = IndicatorValue(
        code=code, row=row, numerator=numbers["numerator"], denominator=numbers["denominator"],
        percent=numbers["percent"], baseline=numbers["baseline"], target=numbers["target"],
        measured=measured, evidence=evidence, note=clean_text(cell.get("note")) or None,
        valid=valid, cells=tuple(cells.items()))
    target = result.target if result.target is not None else found.target
    if valid and result.value is not None and result.value >= target and not evidence:
        report("indicator-met-without-evidence", "evidence", value=_shown(result.value), kpi=code,
               target=_shown(target))
    return result


def _check_counts(numbers: dict[str, float | None], code: str, report: Report) -> bool:
    """Numerator and denominator together, denominator above 0, numerator not above it,
    a typed percentage agreeing with them. False when the counts are unusable."""
    num, den, pct = numbers["numerator"], numbers["denominator"], numbers["percent"]
    if (num is None) != (den is None):
        given, missing = (("tử số", "mẫu số") if den is None else ("mẫu số", "tử số"))
        report("indicator-incomplete", "denominator" if den is None else "numerator",
               kpi=code, given=given, missing=missing)
        numbers["numerator"] = numbers["denominator"] = None
        return pct is not None
    if num is None or den is None:
        return True
    if den == 0:
        report("indicator-zero-denominator", "denominator", value=0, kpi=code)
        numbers["numerator"] = numbers["denominator"] = None
        return False
    if num > den:
        report("indicator-numerator-above-denominator", "numerator", value=_shown(num),
               kpi=code, denominator=_shown(den))
        numbers["numerator"] = numbers["denominator"] = None
        return False
    computed = 100 * num / den
    if pct is not None and abs(pct - computed) > MISMATCH_POINTS:
        report("indicator-percent-mismatch", "percent", value=_shown(pct), kpi=code,
               computed=_shown(round(computed, 1)))
    numbers["percent"] = None  # the counts stand; a typed percentage only repeats them
    return True


def _number(value: object, key: str, percent_cell: bool) -> float | None:
    """A count (key of :data:`_COUNT_KEYS`) or a percentage, not negative; None if empty."""
    if key in _PERCENT_KEYS:
        number = parse_progress(value, percent_cell=percent_cell)
    elif value is None or isinstance(value, bool) or isinstance(value, (int, float)):
        if isinstance(value, bool):
            raise CellValueError(str(value))
        number = None if value is None else float(value)
    else:
        text = clean_text(value).replace(" ", "")
        if not text:
            return None
        text = text.replace(".", "") if _THOUSANDS.match(text) else text.replace(",", ".")
        try:
            number = float(text)
        except ValueError as exc:
            raise CellValueError(text) from exc
    if number is not None and (number < 0 or not math.isfinite(number)):
        if key in _PERCENT_KEYS:
            return number  # range-checked by the caller, with its own message
        raise CellValueError(str(value))
    return number


def _percent_cells(grid: SheetGrid, top: int, cols: dict[str, int], path: Path | None
                   ) -> set[str]:
    """The percent-formatted cells among those holding a fraction (0.45 shown as 45%), in
    .xlsx, .xls and .ods (:func:`.cellinfo.cell_details`)."""
    if path is None:
        return set()
    small = [(r, cols[k]) for r in range(top + 1, len(grid.rows)) for k in _PERCENT_KEYS
             if k in cols and cols[k] < len(grid.rows[r])
             and isinstance(grid.rows[r][cols[k]], float) and 0 < grid.rows[r][cols[k]] <= 1]
    details = cell_details(Path(path), grid.name, small) if small else {}
    return {address(r, c) for (r, c), d in details.items() if d.percent}


def _label(key: str) -> str:
    return COLUMNS[key].split(" (")[0]


def _shown(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")

