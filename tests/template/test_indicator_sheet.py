"""The "Chỉ tiêu" sheet of the commune template: pre-filled list, input cells, validations,
and read back into indicator values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from nq57xl.indicators import INDICATORS
from nq57xl.read.commune import read_commune
from nq57xl.read.indicators import COLUMNS, INDICATOR_SHEET
from nq57xl.template.build import build_template
from nq57xl.template.indicator_sheet import HEADER_ROW, KPI_COL

FIRST = HEADER_ROW + 1
LAST = HEADER_ROW + len(INDICATORS)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("kpi") / "mau.xlsx")


def _rule(ws, cell: str):
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, (cell, found)
    return found[0]


def test_prefilled_list(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank)[INDICATOR_SHEET]
    assert [c.value for c in ws[HEADER_ROW]] == list(COLUMNS.values())
    assert ws.cell(LAST + 1, 1).value is None
    for r, item in enumerate(INDICATORS, start=FIRST):
        row = {k: ws[f"{KPI_COL[k]}{r}"].value for k in COLUMNS}
        assert (row["code"], row["group"], row["name"], row["unit"]) == (
            item.code, item.group, item.name, item.unit)
        assert row["default"] == item.target_text
        assert all(row[k] is None for k in ("target", "numerator", "denominator", "percent",
                                            "measured", "evidence"))
    assert ws[f"A{FIRST}"].value == "H1" and ws[f"E{FIRST}"].value == "≥ 60%"
    assert ws[f"A{LAST}"].value == "C24" and ws[f"E{LAST}"].value == "100%"
    # the list is locked, the input cells are not
    assert ws.protection.sheet
    assert ws[f"{KPI_COL['code']}{FIRST}"].protection.locked
    assert ws[f"{KPI_COL['default']}{FIRST}"].protection.locked
    for key in ("target", "numerator", "denominator", "percent", "measured", "evidence"):
        assert not ws[f"{KPI_COL[key]}{FIRST}"].protection.locked, key
    assert ws.freeze_panes == f"D{FIRST}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


@pytest.mark.parametrize(("key", "kind", "operator", "bounds"), [
    ("numerator", "whole", "greaterThanOrEqual", ("0", None)),
    ("denominator", "whole", "greaterThanOrEqual", ("0", None)),
    ("percent", "decimal", "between", ("0", "100")),
    ("target", "decimal", "between", ("0", "100")),
    ("baseline", "decimal", "between", ("0", "100")),
    ("measured", "date", "between", None),
])
def test_validations(blank: Path, key: str, kind: str, operator: str,
                     bounds: tuple[str, str | None] | None) -> None:
    ws = openpyxl.load_workbook(blank)[INDICATOR_SHEET]
    for row in (FIRST, LAST):
        dv = _rule(ws, f"{KPI_COL[key]}{row}")
        assert (dv.type, dv.operator) == (kind, operator)
        assert dv.showErrorMessage and dv.allow_blank
        if bounds is not None:
            assert (dv.formula1, dv.formula2) == bounds


def test_filled_values_read_back(tmp_path: Path) -> None:
    path = build_template(tmp_path / "xa.xlsx", indicators={
        "H1": {"target": 35, "numerator": 1200, "denominator": 4000,
               "measured": date(2026, 11, 10), "evidence": "Báo cáo 12/BC-VNPT"},
        "C15": {"percent": 82.5, "baseline": 60, "evidence": "Số liệu VNeID"},
    })
    report = read_commune(path)
    by_code = {v.code: v for v in report.indicators}
    assert report.indicator_sheet == INDICATOR_SHEET
    assert [v.code for v in report.indicators] == [i.code for i in INDICATORS]
    h1, c15 = by_code["H1"], by_code["C15"]
    assert (h1.numerator, h1.denominator, h1.target, h1.value) == (1200, 4000, 35, 30)
    assert h1.measured == date(2026, 11, 10) and h1.cell("numerator") == f"G{FIRST}"
    assert (c15.percent, c15.baseline, c15.value) == (82.5, 60, 82.5)
    assert not by_code["C1"].reported
    assert not [p for p in report.problems if p.code.startswith("indicator-")]
