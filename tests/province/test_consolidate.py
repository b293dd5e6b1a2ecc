"""`nq57xl consolidate`: a folder of commune workbooks in, the provincial summary out."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import task_rows as tasks
from nq57xl.cli.commands import app
from nq57xl.records import Metadata
from nq57xl.province.roster import RosterIndex, official_roster
from nq57xl.template.build import build_template

runner = CliRunner()
AS_OF = date(2026, 11, 23)
#: A first run: the history holds one period, so no "Xu hướng" yet.
SHEETS = ["Tổng quan", "Biểu đồ", "Theo xã", "Chưa nộp", "Cảnh báo", "Nhiệm vụ", "Theo cơ quan chủ trì",
          "Chỉ tiêu", "Chỉ tiêu theo xã", "Thẩm định", "Khó khăn, vướng mắc", "Lỗi dữ liệu",
          "Thông tin"]


def commune(folder: Path, file: str, name: str, code: str | None, report: date,
            rows: list[dict]) -> Path:
    meta = Metadata(commune=name, province="Lạng Sơn", commune_code=code, report_date=report,
                    plan_date=date(2026, 1, 15))
    return build_template(folder / file, metadata=meta, rows=rows)


@pytest.fixture()
def province(tmp_path: Path) -> Path:
    folder = tmp_path / "bao_cao"
    (folder / "dot2").mkdir(parents=True)
    commune(folder, "loi_bac.xlsx", "Lợi Bác", None, date(2026, 11, 15), tasks(3))
    # Tone mark placed differently from the roster's "Quý Hoà", and no code: matched by name.
    commune(folder, "quy_hoa.xlsx", "Quý Hòa", None, date(2026, 11, 18), tasks(1, "Phòng VH-XH"))
    # Late report, found in a sub-folder, matched by code.
    commune(folder / "dot2", "dong_kinh.xlsx", "P. Đông Kinh", "05977", date(2026, 11, 22),
            tasks(0, "Phòng Văn hoá – Xã hội"))
    # The same commune twice: the older report is set aside.
    commune(folder, "loi_bac_cu.xlsx", "Lợi Bác", None, date(2026, 10, 15), tasks(0))
    # Not on the roster of Lạng Sơn.
    commune(folder, "lac_de.xlsx", "Xã Lạc Đề", None, date(2026, 11, 10), tasks(2))
    # Injection attempts in commune text.
    inj = tasks(0)
    inj[1]["name"] = '=HYPERLINK("http://evil","bấm")'
    inj[2]["name"] = "=cmd|' /C calc'!A0"
    inj[3]["lead"] = "+Phòng Kinh tế"
    inj[4]["name"] = "@SUM(A1)"
    inj[5]["name"] = "\t=1+1"
    commune(folder, "thien_hoa.xlsx", "Thiện Hoà", "06085", date(2026, 11, 12), inj)
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    (folder / "~$loi_bac.xlsx").write_bytes(b"\x00" * 16)
    (folder / "ghi_chu.txt").write_text("không phải báo cáo", encoding="utf-8")
    return folder


def run(folder: Path, out: Path, *extra: str):
    json_path = out.with_suffix(".json")
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of",
                                 AS_OF.isoformat(), "--province", "Lạng Sơn",
                                 "--period", "Tháng 11/2026", "--json", str(json_path), *extra])
    return result, json.loads(json_path.read_text(encoding="utf-8")) if json_path.exists() else None


def test_consolidate_folder(province, tmp_path):
    before = {p: p.read_bytes() for p in province.rglob("*") if p.is_file()}
    out = tmp_path / "tong_hop.xlsx"
    result, data = run(province, out)
    assert result.exit_code == 1, result.output  # the broken file has an error
    assert out.exists()
    assert {p: p.read_bytes() for p in province.rglob("*") if p.is_file()} == before

    by_name = {c["commune"]: c for c in data["communes"]}
    assert by_name["Lợi Bác"]["file"] == "loi_bac.xlsx"  # the later report is kept
    assert by_name["Quý Hoà"]["code"] == "06076"
    assert by_name["Đông Kinh"]["late"] is True and by_name["Đông Kinh"]["file"] == "dot2/dong_kinh.xlsx"
    assert by_name["Lợi Bác"]["late"] is False
    assert by_name["Lợi Bác"]["figures"]["on_time_rate"] == 1.0
    assert by_name["Quý Hoà"]["figures"]["on_time_rate"] == pytest.approx(1 / 3)
    assert by_name["Xã Lạc Đề"]["code"] is None
    submitted = [c for c in data["communes"] if c["submitted"] and c["code"]]
    assert len(submitted) == 4
    assert len(data["missing"]) == 65 - 4
    assert "Đông Kinh" not in data["missing"] and "Tam Thanh" in data["missing"]
    assert [c["rank"] for c in data["communes"] if c["commune"] == "Lợi Bác"] == [1]

    codes = {(i["file"], i["code"]) for i in data["issues"]}
    assert ("hong.xlsx", "unreadable-file") in codes
    assert ("~$loi_bac.xlsx", "skipped-file") in codes
    assert ("ghi_chu.txt", "skipped-file") in codes
    assert ("loi_bac_cu.xlsx", "duplicate-commune") in codes
    assert ("lac_de.xlsx", "not-on-roster") in codes
    assert ("dot2/dong_kinh.xlsx", "late-report") in codes
    assert data["overview"]["expected"] == 65 and data["overview"]["late"] == 1


def test_summary_workbook_cell_by_cell(province, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    _, data = run(province, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEETS
    # No formula anywhere holds commune text; injected texts are plain strings.
    texts = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert all(bad not in str(cell.value) for bad in ("HYPERLINK", "cmd|", "evil", "SUM(A1)", "1+1")), cell.value
                elif isinstance(cell.value, str):
                    texts.add(cell.value)
    for injected in ('=HYPERLINK("http://evil","bấm")', "=cmd|' /C calc'!A0", "+Phòng Kinh tế",
                     "@SUM(A1)", "=1+1"):
        assert injected in texts

    # Every figure of "Theo xã" equals the JSON.
    ws = wb["Theo xã"]
    header_row = next(r for r in range(1, 15) if ws.cell(r, 1).value == "Hạng")
    headers = [c.value for c in ws[header_row]]
    rows = {}
    for r in range(header_row + 1, ws.max_row + 1):
        name = ws.cell(r, headers.index("Xã/phường") + 1).value
        if name:
            rows[name] = {h: ws.cell(r, i + 1).value for i, h in enumerate(headers) if h}
    for c in data["communes"]:
        if not c["submitted"]:
            assert rows[c["commune"]]["Tình trạng nộp"] == "Chưa nộp"
            continue
        got = rows[c["commune"]]
        assert got["Số nhiệm vụ"] == c["figures"]["tasks"]
        assert got["Cảnh báo đỏ"] == c["figures"]["red_flags"]
        rate = c["figures"]["on_time_rate"]
        assert (got["Tỷ lệ đúng hạn"] is None) if rate is None else got["Tỷ lệ đúng hạn"] == pytest.approx(rate)

    # Every input task row is in "Nhiệm vụ" or its file is listed in "Lỗi dữ liệu".
    task_ws = wb["Nhiệm vụ"]
    th = next(r for r in range(1, 15) if task_ws.cell(r, 1).value == "Xã/phường")
    listed = sum(1 for r in range(th + 1, task_ws.max_row + 1) if task_ws.cell(r, 1).value)
    assert listed == len(data["tasks"]) == 5 * 5  # 5 kept communes x 5 tasks
    issue_files = {i["file"] for i in data["issues"]}
    assert "loi_bac_cu.xlsx" in issue_files  # its 5 rows are accounted for by the duplicate note

    # Agencies are normalised: three spellings of the culture office are one row.
    ag = wb["Theo cơ quan chủ trì"]
    names = [ag.cell(r, 1).value for r in range(1, ag.max_row + 1)]
    culture = [n for n in names if n and "Văn h" in n]
    assert len(culture) == 1


def test_same_inputs_same_cells(province, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    run(province, a)
    run(province, b)
    wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    for sa, sb in zip(wa.worksheets, wb.worksheets):
        va = [[c.value for c in row] for row in sa.iter_rows()]
        vb = [[c.value for c in row] for row in sb.iter_rows()]
        if sa.title == "Lỗi dữ liệu":
            pass
        assert va == vb, sa.title


def test_custom_roster_csv(province, tmp_path):
    roster = tmp_path / "ds.csv"
    roster.write_text("Mã xã;Tên xã;Email\n06076;Quý Hoà;quyhoa@ls.gov.vn\n99999;Xã Mới;\n",
                      encoding="utf-8")
    out = tmp_path / "t.xlsx"
    result, data = run(province, out, "--roster", str(roster))
    assert result.exit_code == 1
    assert data["missing"] == ["Xã Mới"]
    assert data["overview"]["expected"] == 2


def test_empty_folder_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["consolidate", str(tmp_path / "empty"), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "Không có tệp báo cáo" in result.output
    assert not (tmp_path / "x.xlsx").exists()
    assert runner.invoke(app, ["consolidate", str(tmp_path / "nope"), "-o", "x.xlsx"]).exit_code == 2


def test_clean_folder_exits_0(tmp_path):
    folder = tmp_path / "ok"
    folder.mkdir()
    commune(folder, "a.xlsx", "Lợi Bác", None, date(2026, 11, 15), tasks(3))
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(tmp_path / "o.xlsx"),
                                 "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output


def test_tone_mark_placement_matches_roster():
    index = RosterIndex(official_roster("Lạng Sơn"))
    assert index.match("Quý Hòa").code == "06076"
    assert index.match("xã quý hoà").code == "06076"
    assert index.match("Quy Hoa") is None
    assert index.match(None, "6076").name == "Quý Hoà"


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")),
                    reason="LibreOffice not installed")
def test_summary_opens_in_libreoffice(province, tmp_path, office):
    out = tmp_path / "tong_hop.xlsx"
    run(province, out)
    office.convert(out, "pdf", tmp_path)
    pdf = tmp_path / "tong_hop.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
