""""Chỉ tiêu" and "Chỉ tiêu theo xã": the province's value of each indicator (sum of
numerators over sum of denominators) against its target, the communes' statuses, the bar
chart; the same figures in the consolidate JSON and the summary email.

Hand-made case, as of 1 December 2026 (plan year 2026: 334 of 364 days gone):
- commune A: H1 300/1000 (30%), baseline 10: path 10 + 50 × 334/364 = 55.9% → behind;
  C15 85/100 with evidence → met (target 80).
- commune B: H1 700/1000 with evidence → met; C15 90% (a percentage only) → met;
  N1 120/100 → invalid.
Province: H1 (300 + 700) / (1000 + 1000) = 50% < 60%; C15 85/100 = 85% (B's percentage
is not in the sum); N1 no value.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from nq57xl.indicators import INDICATORS
from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.mail.key_figures import figures_from_json, figures_from_workbook
from nq57xl.mail.message import summary_body
from nq57xl.province.roster import official_roster
from nq57xl.records import Metadata
from nq57xl.summary.indicators_sheet import GRID_SHEET, INDICATOR_SHEET
from nq57xl.template.build import build_template
from nq57xl.summary.layout import FONT_SIZE
from nq57xl.summary.printing import MIN_FONT_PT
from tests.conftest import task_rows
from tests.summary.printed import printed_scale

AS_OF = date(2026, 12, 1)
A, B = official_roster("Nghệ An")[:2]
EV = "Báo cáo 3/BC-UBND"
CELLS = {
    A: {"H1": {"numerator": 300, "denominator": 1000, "baseline": 10, "evidence": EV},
        "C15": {"numerator": 85, "denominator": 100, "evidence": EV}},
    B: {"H1": {"numerator": 700, "denominator": 1000, "evidence": EV},
        "C15": {"percent": 90, "evidence": EV}, "N1": {"numerator": 120, "denominator": 100}},
}


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list[str]]:
    tmp = tmp_path_factory.mktemp("kpi")
    folder = tmp / "xa"
    folder.mkdir()
    for n, (entry, cells) in enumerate(CELLS.items()):
        meta = Metadata(commune=entry.name, province="Nghệ An", commune_code=entry.code,
                        period="Tháng 11/2026", report_date=date(2026, 11, 15),
                        plan_date=date(2026, 1, 15))
        build_template(folder / f"xa_{n}.xlsx", metadata=meta, rows=task_rows(n + 1),
                       indicators=cells)
    out, doc = tmp / "tong_hop.xlsx", tmp / "tong_hop.json"
    outcome = run_consolidation(folder, out, as_of=AS_OF, province="Nghệ An", json_path=str(doc))
    return out, json.loads(doc.read_text(encoding="utf-8")), outcome.lines


def _table(ws, first_header: str) -> tuple[int, dict[str, int]]:
    header = next(r for r in range(1, 12) if ws.cell(r, 1).value == first_header)
    return header, {c.value: c.column for c in ws[header] if c.value}


def test_province_table_cell_by_cell(summary) -> None:
    wb = openpyxl.load_workbook(summary[0])
    names = wb.sheetnames
    assert names.index(INDICATOR_SHEET) + 1 == names.index(GRID_SHEET)
    ws = wb[INDICATOR_SHEET]
    assert ws["A1"].value == "CHỈ TIÊU CỦA KẾ HOẠCH: GIÁ TRỊ TOÀN TỈNH SO VỚI MỤC TIÊU"
    assert "Toàn tỉnh: 1/2 chỉ tiêu có số liệu đạt mục tiêu chung (28 chỉ tiêu chưa có số liệu)" \
        in ws["A2"].value
    header, col = _table(ws, "Mã")
    rows = {ws.cell(r, 1).value: r for r in range(header + 1, header + 31)}
    assert list(rows)[:3] == ["H1", "H2", "N1"] and list(rows)[-1] == "C24"

    def row(code: str) -> dict[str, object]:
        return {k: ws.cell(rows[code], c).value for k, c in col.items()}

    h1, c15, n1 = row("H1"), row("C15"), row("N1")
    assert (h1["Mục tiêu chung"], h1["Giá trị toàn tỉnh"]) == (0.6, pytest.approx(0.5))
    assert (h1["Tổng tử số"], h1["Tổng mẫu số"], h1["Số xã báo số đếm"]) == (1000, 2000, 2)
    assert (h1["Đạt"], h1["Chậm lộ trình"], h1["Đúng lộ trình"], h1["Chưa báo cáo"]) == (1, 1, 0, 0)
    assert (c15["Giá trị toàn tỉnh"], c15["Tổng tử số"], c15["Tổng mẫu số"]) == (0.85, 85, 100)
    assert (c15["Số xã báo số đếm"], c15["Số xã chỉ báo tỷ lệ %"], c15["Đạt"]) == (1, 1, 2)
    assert n1["Giá trị toàn tỉnh"] is None and (n1["Không hợp lệ"], n1["Chưa báo cáo"]) == (1, 1)
    assert row("C24")["Chưa báo cáo"] == 2
    # value green/red against the target, behind and invalid counts coloured
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert sum(r.type == "expression" for r in rules) == 2
    assert sum(r.type == "cellIs" for r in rules) == 2
    # printed: A4 landscape, fit to one page wide, the chart on its own page
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.fitToWidth or 1) == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert printed_scale(ws) * FONT_SIZE >= MIN_FONT_PT  # one page wide, text ≥ 8 pt
    assert [b.id for b in ws.row_breaks.brk] == [header + 31]
    assert ws.oddFooter.right.text == "Trang &P/&N"


def test_bar_chart_of_values_against_targets(summary) -> None:
    with zipfile.ZipFile(summary[0]) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    mine = [c for c in charts if "Giá trị toàn tỉnh của các chỉ tiêu" in c]
    assert len(mine) == 1
    assert "<c:barDir val=\"bar\"/>" in mine[0]
    assert mine[0].count("<c:ser>") == 2 and f"'{INDICATOR_SHEET}'!$D$" in mine[0]


def test_commune_grid(summary) -> None:
    ws = openpyxl.load_workbook(summary[0])[GRID_SHEET]
    header, col = _table(ws, "Xã/phường")
    got = {ws.cell(r, 1).value: {k: ws.cell(r, c).value for k, c in col.items()}
           for r in (header + 1, header + 2)}
    assert got[A.name]["H1"] == "Chậm" and got[A.name]["C15"] == "Đạt"
    assert got[A.name]["N1"] == "–" and got[A.name]["Số chỉ tiêu đạt"] == 1
    assert (got[B.name]["H1"], got[B.name]["C15"], got[B.name]["N1"]) == ("Đạt", "Đạt", "Lỗi")
    assert got[B.name]["Số chỉ tiêu đạt"] == 2 and got[B.name]["Số chỉ tiêu chậm lộ trình"] == 0
    values = {str(r.formula[0]) for rng in ws.conditional_formatting for r in rng.rules}
    assert {'"Đạt"', '"Chậm"', '"Lỗi"', '"–"', '"Đúng LT"', '"Thiếu MC"'} <= values


def test_json_and_email(summary) -> None:
    path, doc, lines = summary
    assert ("Chỉ tiêu: 2 xã báo số liệu; toàn tỉnh đạt mục tiêu 1/2 chỉ tiêu có số liệu; 1 xã có "
            "chỉ tiêu chậm lộ trình (trang «Chỉ tiêu»).") in lines
    province = {p["code"]: p for p in doc["indicators"]["province"]}
    assert province["H1"]["value"] == 50.0 and province["H1"]["met"] is False
    assert (province["C15"]["numerator"], province["C15"]["percent_only"]) == (85, 1)
    assert province["N1"]["communes"]["Không hợp lệ"] == 1
    communes = {c["commune"]: c for c in doc["indicators"]["communes"]}
    h1 = communes[A.name]["indicators"][0]
    assert (h1["code"], h1["status"], h1["value"]) == ("H1", "Chậm lộ trình", 30.0)
    assert h1["expected"] == pytest.approx(10 + 50 * 334 / 364)
    for figures in (figures_from_json(doc), figures_from_workbook(path)):
        assert [(i.code, i.value, i.target) for i in figures.indicators] == [
            ("H1", 50.0, 60.0), ("C15", 85.0, 80.0)]
        assert figures.indicators_met == 1
        body = summary_body(figures, "tong_hop.xlsx")
        assert ("- Chỉ tiêu của kế hoạch: toàn tỉnh đạt mục tiêu 1/2 chỉ tiêu có số liệu; xa "
                "mục tiêu nhất: H1 50,0% (mục tiêu 60,0%).") in body


def test_indicators_go_into_the_history(summary) -> None:
    """The run records every commune's indicators in the history file beside the summary."""
    db = summary[0].with_name("lich_su_nq57.sqlite")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT commune, code, numerator, denominator, percent, verdict "
                            "FROM indicator_values WHERE code IN ('H1', 'C15') "
                            "ORDER BY commune, code").fetchall()
        total = conn.execute("SELECT COUNT(*) FROM indicator_values").fetchone()[0]
    assert total == 2 * len(INDICATORS)  # every indicator of both communes, reported or not
    by_key = {(r[0], r[1]): r[2:] for r in rows}
    assert by_key[(A.name, "H1")][:3] == (300, 1000, 30.0)
    assert by_key[(B.name, "C15")][:3] == (None, None, 90.0)
    assert all(r[-1] for r in rows)  # a status for each
