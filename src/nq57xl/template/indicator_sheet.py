"""The "Chỉ tiêu" sheet of the commune template: the indicators of §8, pre-filled.

One row per indicator of :data:`nq57xl.indicators.INDICATORS` (code, group, name, unit,
default target: locked), and the yellow cells the commune fills in: its plan's own target
when it differs, numerator and denominator (whole numbers ≥ 0) or a percentage (0-100),
the value at the start of the year, the date of the figure, the evidence and a note. The
columns are those of :data:`nq57xl.read.indicators.COLUMNS`, which reads them back.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..indicators import INDICATORS
from ..read.indicators import COLUMNS, INDICATOR_SHEET
from .styling import (
    BORDER,
    DATE_FORMAT,
    FONT,
    INPUT_FILL,
    UNLOCKED,
    date_rule,
    font,
    header_cell,
    height,
    keep_text,
    print_setup,
    prompt,
    protect,
)
from .texts import INDICATOR_HELP, INDICATOR_INTRO

__all__ = ["INDICATOR_SHEET", "KPI_KEYS", "KPI_COL", "HEADER_ROW", "indicator_sheet"]

KPI_KEYS: tuple[str, ...] = tuple(COLUMNS)
KPI_COL: dict[str, str] = {k: get_column_letter(i + 1) for i, k in enumerate(KPI_KEYS)}
#: The header row (1-based); the indicators follow it.
HEADER_ROW = 3
WIDTHS: dict[str, float] = {
    "code": 6, "group": 14, "name": 40, "unit": 16, "default": 10, "target": 13,
    "numerator": 11, "denominator": 11, "percent": 13, "baseline": 10, "measured": 12,
    "evidence": 28, "note": 14,
}
_INPUT = ("target", "numerator", "denominator", "percent", "baseline", "measured", "evidence",
          "note")
_CENTERED = ("code", "default", "target", "numerator", "denominator", "percent", "baseline",
             "measured")
#: Rows below the indicators left open (and validated) for a plan's extra lines.
EXTRA_ROWS = 10


def _last(count: int) -> int:
    return HEADER_ROW + count + EXTRA_ROWS


def indicator_sheet(ws: Worksheet, values: Mapping[str, Mapping[str, object]]) -> None:
    """Lay out the sheet; ``values`` maps an indicator code to the cells already filled
    (keys of :data:`COLUMNS`: ``target``, ``numerator``, ``evidence``...)."""
    ws.title = INDICATOR_SHEET
    last_col = KPI_COL[KPI_KEYS[-1]]
    ws["A1"], ws["A2"] = INDICATOR_INTRO
    ws["A1"].font, ws["A2"].font = font(True, 14), Font(name=FONT, size=11, italic=True)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A1:{last_col}1")
    ws.merge_cells(f"A2:{last_col}2")
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[2].height = height([(sum(WIDTHS.values()), INDICATOR_INTRO[1])], 11)
    for c, key in enumerate(KPI_KEYS, start=1):
        header_cell(ws.cell(HEADER_ROW, c, COLUMNS[key]))
        ws.column_dimensions[KPI_COL[key]].width = WIDTHS[key]
    ws.row_dimensions[HEADER_ROW].height = height(
        [(WIDTHS[k], COLUMNS[k]) for k in KPI_KEYS])
    for r, item in enumerate(INDICATORS, start=HEADER_ROW + 1):
        given = values.get(item.code, {})
        fixed = {"code": item.code, "group": item.group, "name": item.name, "unit": item.unit,
                 "default": item.target_text}
        for c, key in enumerate(KPI_KEYS, start=1):
            cell = ws.cell(r, c, fixed.get(key, given.get(key)))
            keep_text(cell)
            cell.font, cell.border = font(), BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True,
                                       horizontal="center" if key in _CENTERED else None)
            if key in _INPUT:
                cell.fill, cell.protection = INPUT_FILL, UNLOCKED
            if key == "measured":
                cell.number_format = DATE_FORMAT
        shown = {**fixed, **given}
        ws.row_dimensions[r].height = height(
            [(WIDTHS[k], shown.get(k)) for k in ("group", "name", "unit", "evidence", "note")])
    last = _last(len(INDICATORS))
    for r in range(HEADER_ROW + len(INDICATORS) + 1, last + 1):
        for c, key in enumerate(KPI_KEYS, start=1):
            cell = ws.cell(r, c)
            cell.border, cell.protection = BORDER, UNLOCKED
            if key == "measured":
                cell.number_format = DATE_FORMAT
    _validations(ws, last)
    _colours(ws, last)
    ws.freeze_panes = f"D{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    print_setup(ws, landscape=True)
    protect(ws)


def _validations(ws: Worksheet, last: int) -> None:
    count = prompt("Số nguyên ≥ 0", INDICATOR_HELP["numerator"], type="whole",
                   operator="greaterThanOrEqual", formula1="0", showErrorMessage=True,
                   errorTitle="Số không hợp lệ",
                   error="Tử số, mẫu số là số nguyên không âm, ví dụ 1250 (không gõ dấu %).")
    share = prompt("Phần trăm 0-100", INDICATOR_HELP["percent"], type="decimal",
                   operator="between", formula1="0", formula2="100", showErrorMessage=True,
                   errorTitle="Tỷ lệ không hợp lệ",
                   error="Hãy nhập số phần trăm từ 0 đến 100, ví dụ 45 cho 45% (không gõ dấu %).")
    measured = date_rule("Ngày số liệu", INDICATOR_HELP["measured"])
    evidence = prompt("Minh chứng", INDICATOR_HELP["evidence"])
    first = HEADER_ROW + 1
    for keys, dv in ((("numerator", "denominator"), count),
                     (("target", "percent", "baseline"), share), (("measured",), measured),
                     (("evidence",), evidence)):
        for key in keys:
            dv.add(f"{KPI_COL[key]}{first}:{KPI_COL[key]}{last}")
        ws.add_data_validation(dv)


def _colours(ws: Worksheet, last: int) -> None:
    """Red for a numerator above its denominator and for a filled row without evidence."""
    first = HEADER_ROW + 1
    num, den, pct, ev = (f"${KPI_COL[k]}{first}" for k in ("numerator", "denominator",
                                                           "percent", "evidence"))
    red = PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD")
    ws.conditional_formatting.add(
        f"{KPI_COL['numerator']}{first}:{KPI_COL['denominator']}{last}",
        FormulaRule(formula=[f"AND(ISNUMBER({num}),ISNUMBER({den}),{num}>{den})"], fill=red))
    ws.conditional_formatting.add(
        f"{KPI_COL['evidence']}{first}:{KPI_COL['evidence']}{last}",
        FormulaRule(formula=[f"AND(OR(ISNUMBER({num}),ISNUMBER({pct})),LEN(TRIM({ev}))=0)"],
                    fill=PatternFill("solid", start_color="FFE699", end_color="FFE699")))
