""""Khó khăn, vướng mắc": the obstacles communes report, by lead agency then commune;
the update rate red below the plans' 90% target."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from nq57xl.assess.status import Settings
from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.province.roster import official_roster
from nq57xl.records import Metadata
from nq57xl.summary.obstacles_sheet import OBSTACLES_SHEET
from nq57xl.template.build import build_template
from tests.conftest import task_rows

AS_OF = date(2026, 12, 1)
NGHE_AN = official_roster("Nghệ An")[:2]


def _book(folder: Path, i: int, obstacles: dict[int, tuple[str, str]], *,
          stale: bool = False) -> None:
    rows = task_rows(1)
    for stt, (lead, text) in obstacles.items():
        rows[stt].update(lead=lead, issues=text)
    if stale:
        for r in rows[1:]:
            r["updated"] = date(2026, 9, 1)
    entry = NGHE_AN[i]
    meta = Metadata(commune=entry.name, province="Nghệ An", commune_code=entry.code,
                    period="Tháng 11/2026", report_date=date(2026, 11, 15),
                    plan_date=date(2026, 1, 15))
    build_template(folder / f"xa_{i}.xlsx", metadata=meta, rows=rows)


def _summary(tmp_path: Path) -> Path:
    folder = tmp_path / "xa"
    folder.mkdir()
    _book(folder, 0, {2: ("Phòng Kinh tế", "Thiếu kinh phí"), 4: ("Công an xã", "Chưa có hướng dẫn")})
    _book(folder, 1, {3: ("Phòng Kinh tế", "Thiếu nhân lực")}, stale=True)
    out = tmp_path / "tong_hop.xlsx"
    run_consolidation(folder, out, as_of=AS_OF, province="Nghệ An")
    return out


def test_obstacles_sheet_grouped_by_agency_then_commune(tmp_path):
    wb = openpyxl.load_workbook(_summary(tmp_path))
    assert wb.sheetnames.index(OBSTACLES_SHEET) == wb.sheetnames.index("Lỗi dữ liệu") - 1
    ws = wb[OBSTACLES_SHEET]
    assert ws["A1"].value == "KHÓ KHĂN, VƯỚNG MẮC XÃ, PHƯỜNG BÁO CÁO"
    assert ws["A2"].value.startswith("Số nhiệm vụ có khó khăn, vướng mắc: 3, ở 2 xã, phường; "
                                      "thuộc 2 cơ quan chủ trì.")
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Cơ quan chủ trì (chuẩn hoá)")
    assert [c.value for c in ws[header]][:8] == [
        "Cơ quan chủ trì (chuẩn hoá)", "Xã/phường", "Mã xã", "Mục", "STT", "Tên nhiệm vụ",
        "Trạng thái", "Khó khăn, vướng mắc"]
    body = [[ws.cell(r, c).value for c in (1, 2, 5, 8)] for r in range(header + 1, header + 4)]
    first, second = sorted([NGHE_AN[0].name, NGHE_AN[1].name], key=str.lower)
    kinh_te = [[ "Phòng Kinh tế", NGHE_AN[0].name, "2", "Thiếu kinh phí"],
               ["Phòng Kinh tế", NGHE_AN[1].name, "3", "Thiếu nhân lực"]]
    kinh_te.sort(key=lambda row: row[1].lower())
    assert body == [["Công an xã", NGHE_AN[0].name, "4", "Chưa có hướng dẫn"], *kinh_te]
    assert ws.cell(header + 4, 1).value is None


def test_update_rate_red_below_the_target(tmp_path):
    wb = openpyxl.load_workbook(_summary(tmp_path))
    ws = wb["Theo xã"]
    header = next(r for r in range(1, 10) if ws.cell(r, 2).value == "Xã/phường")
    col = next(c.column_letter for c in ws[header] if c.value == "Tỷ lệ cập nhật")
    rules = [(str(rng.sqref), rule) for rng in ws.conditional_formatting for rule in rng.rules
             if str(rng.sqref).startswith(col)]
    below = [rule for _, rule in rules if rule.type == "cellIs" and rule.operator == "lessThan"]
    assert below and below[0].formula == [str(Settings().update_target)]
    assert not [rule for _, rule in rules if rule.type == "colorScale"]
    rates = {ws.cell(r, 2).value: ws[f"{col}{r}"].value for r in range(header + 1, header + 3)}
    assert rates[NGHE_AN[1].name] < 0.9 <= rates[NGHE_AN[0].name]
