"""The "Chỉ tiêu" sheet read back: every slip a catalogue problem naming file, sheet and
cell; a value an error made unusable is kept as invalid, never as a value."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl.catalogue import CATALOGUE
from nq57xl.cli.commands import app
from nq57xl.indicators import INDICATORS
from nq57xl.read.commune import read_commune
from nq57xl.read.indicators import INDICATOR_SHEET, MAX_ROWS
from nq57xl.template.build import build_template
from nq57xl.template.indicator_sheet import HEADER_ROW, KPI_COL

ROW = {i.code: HEADER_ROW + 1 + n for n, i in enumerate(INDICATORS)}
EVIDENCE = "Báo cáo số 5/BC-UBND"


def _read(tmp_path: Path, cells: dict[str, dict[str, object]]):
    path = build_template(tmp_path / "Xa_Thu.xlsx", indicators=cells)
    report = read_commune(path)
    found = [p for p in report.problems if p.code.startswith("indicator-")]
    return {v.code: v for v in report.indicators}, found


@pytest.mark.parametrize(("cells", "code", "column", "valid"), [
    ({"numerator": 120, "denominator": 100, "evidence": EVIDENCE},
     "indicator-numerator-above-denominator", "numerator", False),
    ({"numerator": 0, "denominator": 0}, "indicator-zero-denominator", "denominator", False),
    ({"numerator": 50}, "indicator-incomplete", "denominator", False),
    ({"denominator": 50}, "indicator-incomplete", "numerator", False),
    ({"numerator": "khoảng 80", "denominator": 100}, "indicator-not-a-number", "numerator", False),
    ({"numerator": -3, "denominator": 100}, "indicator-not-a-number", "numerator", False),
    ({"percent": 120}, "indicator-percent-out-of-range", "percent", False),
    ({"percent": "nhiều"}, "indicator-not-a-number", "percent", False),
    ({"numerator": 20, "denominator": 100, "percent": 45}, "indicator-percent-mismatch", "percent", True),
    ({"numerator": 20, "denominator": 100, "target": 140}, "indicator-percent-out-of-range", "target", True),
    ({"numerator": 20, "denominator": 100, "baseline": "đầu năm"}, "indicator-not-a-number",
     "baseline", True),
    ({"numerator": 20, "denominator": 100, "measured": "31/02/2026"}, "indicator-bad-date",
     "measured", True),
    ({"numerator": 95, "denominator": 100}, "indicator-met-without-evidence", "evidence", True),
    ({"percent": 85}, "indicator-met-without-evidence", "evidence", True),
])
def test_one_problem_at_its_cell(tmp_path: Path, cells: dict[str, object], code: str,
                                 column: str, valid: bool) -> None:
    values, found = _read(tmp_path, {"C15": cells})  # C15: VNeID, default target ≥ 80%
    assert [(p.code, p.sheet, p.cell) for p in found] == [
        (code, INDICATOR_SHEET, f"{KPI_COL[column]}{ROW['C15']}")]
    p = found[0]
    assert p.file == "Xa_Thu.xlsx" and p.severity == CATALOGUE[code].severity
    assert "C15" in p.message and "Hãy" in p.message  # names the indicator, says how to fix
    assert values["C15"].valid is valid


@pytest.mark.parametrize(("cells", "value", "target"), [
    ({"numerator": 1250, "denominator": 1600, "evidence": EVIDENCE}, 78.125, None),
    ({"numerator": "1.250", "denominator": "1.600", "evidence": EVIDENCE}, 78.125, None),
    ({"percent": "45%", "evidence": EVIDENCE}, 45.0, None),
    ({"percent": 45, "target": 35, "evidence": EVIDENCE}, 45.0, 35.0),
    ({"numerator": 20, "denominator": 100, "percent": 20.4}, 20.0, None),  # within 1 point
    ({}, None, None),
])
def test_good_values(tmp_path: Path, cells: dict[str, object], value: float | None,
                     target: float | None) -> None:
    values, found = _read(tmp_path, {"C15": cells})
    assert found == []
    assert values["C15"].value == value and values["C15"].target == target
    assert values["C15"].valid and values["C15"].reported is (value is not None)


def test_percent_formatted_fraction_and_unknown_or_repeated_codes(tmp_path: Path) -> None:
    path = build_template(tmp_path / "xa.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[INDICATOR_SHEET]
    cell = ws[f"{KPI_COL['percent']}{ROW['H1']}"]
    cell.value, cell.number_format = 0.45, "0%"
    ws[f"{KPI_COL['evidence']}{ROW['H1']}"] = EVIDENCE
    extra = ROW["C24"] + 1
    ws[f"A{extra}"], ws[f"G{extra}"], ws[f"H{extra}"] = "X9", 5, 10
    ws[f"A{extra + 1}"], ws[f"I{extra + 1}"] = "h1", 50
    wb.save(path)
    report = read_commune(path)
    by_code = {v.code: v for v in report.indicators}
    assert by_code["H1"].percent == 45.0
    found = [(p.code, p.cell) for p in report.problems if p.code.startswith("indicator-")]
    assert found == [("indicator-unknown-code", f"A{extra}"),
                     ("indicator-duplicate", f"A{extra + 1}")]


def test_a_workbook_without_the_sheet_reports_no_indicator(tmp_path: Path) -> None:
    path = build_template(tmp_path / "xa.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb[INDICATOR_SHEET]
    wb.save(path)
    report = read_commune(path)
    assert report.indicators == () and report.indicator_sheet is None
    assert not [p for p in report.problems if p.code.startswith("indicator-")]


def test_dates_read(tmp_path: Path) -> None:
    values, _ = _read(tmp_path, {"H2": {"numerator": 1, "denominator": 2,
                                        "measured": date(2026, 11, 3)}})
    assert values["H2"].measured == date(2026, 11, 3)


def test_validate_json_lists_the_reported_indicators(tmp_path: Path) -> None:
    path = build_template(tmp_path / "xa.xlsx", indicators={
        "H1": {"numerator": 30, "denominator": 100, "evidence": EVIDENCE},
        "C5": {"numerator": 120, "denominator": 100}})
    out = tmp_path / "v.json"
    CliRunner().invoke(app, ["validate", str(path), "--as-of", "2026-11-20", "--json", str(out)])
    shown = json.loads(out.read_text(encoding="utf-8"))["files"][0]["indicators"]
    assert [(i["code"], i["value"], i["valid"]) for i in shown] == [("H1", 30.0, True),
                                                                    ("C5", None, False)]


def test_rows_beyond_the_limit_are_one_warning(tmp_path: Path) -> None:
    path = build_template(tmp_path / "xa.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[INDICATOR_SHEET]
    for r in range(HEADER_ROW + 1, HEADER_ROW + MAX_ROWS + 51):
        if r > ROW["C24"]:
            ws.cell(r, 1, "rác")
    wb.save(path)
    found = [p for p in read_commune(path).problems if p.code.startswith("indicator-")]
    codes = [p.code for p in found]
    assert codes.count("indicator-unknown-code") == MAX_ROWS - len(INDICATORS)
    assert codes[-1] == "indicator-too-many-rows" and "50 dòng" in found[-1].message
    assert found[-1].cell == f"A{HEADER_ROW + MAX_ROWS + 1}"
