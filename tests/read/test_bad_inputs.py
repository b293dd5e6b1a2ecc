"""A corpus of bad and hostile inputs, each with its expected outcome (issue: bad input).

Every file is built here; the run must never stop, never modify an input, and say
what it did with each file in words a commune officer can act on.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import write_rows
from nq57xl.cli.commands import app
from nq57xl.read.limits import Limits
from nq57xl.read.commune import read_commune

HEADER = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Ngày hoàn thành",
          "Tình trạng thực hiện"]
GOOD = [HEADER, ["1", "Việc một", "Công an xã", "Quý II/2026"], ["2", "Việc hai", "Phòng Kinh tế", "Năm 2026"]]
SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def good_book(path: Path) -> Path:
    return write_rows(path, GOOD, commune="Lợi Bác", province="Lạng Sơn")


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


def rezip(src: Path, dst: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def test_not_a_zip(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"\x00\x01hello, I am not a workbook")
    report = read_commune(path)
    assert codes(report) == ["unreadable-file"] and report.tasks == ()
    assert "không phải sổ làm việc" in report.problems[0].message


def test_truncated_xlsx(tmp_path):
    data = good_book(tmp_path / "g.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    report = read_commune(path)
    assert codes(report) == ["unreadable-file"]
    assert "Lưu thành" in report.problems[0].message


def test_encrypted_workbook(tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    src = good_book(tmp_path / "g.xlsx")
    path = tmp_path / "enc.xlsx"
    with src.open("rb") as fh, path.open("wb") as out:
        OOXMLFile(fh).encrypt("matkhau", out)
    report = read_commune(path)
    assert codes(report) == ["encrypted-file"]
    assert "mật khẩu" in report.problems[0].message


def test_xlsm_with_macros_is_read_never_run(tmp_path):
    src = good_book(tmp_path / "g.xlsx")
    path = rezip(src, tmp_path / "m.xlsm", {"xl/vbaProject.bin": b"Attribute VB_Name = \"Evil\"\x00" * 8})
    report = read_commune(path)
    assert len(report.tasks) == 2
    assert "macro-workbook" in codes(report)


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice not installed")
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_old_xls_and_ods(tmp_path, kind, office):
    src = good_book(tmp_path / "g.xlsx")
    office.convert(src, kind, tmp_path)
    report = read_commune(tmp_path / f"g.{kind}")
    assert [t.name for t in report.tasks] == ["Việc một", "Việc hai"]
    assert report.metadata.commune == "Lợi Bác"
    assert report.errors == ()


def test_csv_renamed_xlsx(tmp_path):
    path = tmp_path / "csv.xlsx"
    path.write_text("STT,Tên nhiệm vụ\n1,Việc\n", encoding="utf-8")
    report = read_commune(path)
    assert codes(report) == ["unreadable-file"]
    assert "CSV" in report.problems[0].message


def test_xls_renamed_xlsx_is_read_by_content(tmp_path, office):
    if not SOFFICE:
        pytest.skip("LibreOffice not installed")
    src = good_book(tmp_path / "g.xlsx")
    office.convert(src, "xls", tmp_path)
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes((tmp_path / "g.xls").read_bytes())
    assert len(read_commune(renamed).tasks) == 2


def test_empty_workbook(tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    report = read_commune(path)
    assert codes(report)[0] == "no-task-sheet"


def test_task_sheet_with_only_headers(tmp_path):
    report = read_commune(write_rows(tmp_path / "h.xlsx", [HEADER], commune="X"))
    assert "no-tasks" in codes(report)


def test_zip_bomb_refused_from_declared_sizes_before_inflating(tmp_path, monkeypatch):
    src = good_book(tmp_path / "g.xlsx")
    filler = b" " * (6 * 1024 * 1024)  # compresses to a few KB, declares 6 MB
    path = rezip(src, tmp_path / "bomb.xlsx", {"xl/media/padding.bin": filler})
    assert path.stat().st_size < 100_000

    def must_not_open(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr("nq57xl.read.commune.read_grids", must_not_open)
    report = read_commune(path, limits=Limits(max_inflated_mb=5))
    assert codes(report) == ["zip-bomb"]
    assert "bomb.xlsx" == report.problems[0].file


def test_file_too_large(tmp_path):
    path = good_book(tmp_path / "g.xlsx")
    report = read_commune(path, limits=Limits(max_file_mb=0.001))
    assert codes(report) == ["file-too-large"]


def test_too_many_rows_are_cut_and_reported(tmp_path):
    rows = [HEADER] + [[str(i), f"Việc {i}", "Phòng", "Năm 2026"] for i in range(1, 60)]
    report = read_commune(write_rows(tmp_path / "r.xlsx", rows, commune="X"), limits=Limits(max_rows=21))
    assert len(report.tasks) == 20
    assert "too-many-rows" in codes(report)


def test_external_links_and_formulas_read_cached_values(tmp_path):
    import xlsxwriter

    src = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("Nhiệm vụ")
    ws.write_row(0, 0, HEADER)
    ws.write_string(1, 0, "1")
    ws.write_formula(1, 1, "='C:\\\\khac\\\\[nguon.xlsx]Sheet1'!A1", None, "Việc từ tệp khác")
    ws.write_string(1, 2, "Công an xã")
    ws.write_string(1, 3, "Năm 2026")
    wb.close()
    link = (b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><externalBook/></externalLink>')
    path = rezip(src, tmp_path / "links.xlsx", {"xl/externalLinks/externalLink1.xml": link})
    report = read_commune(path)
    assert report.tasks[0].name == "Việc từ tệp khác"
    assert "external-links" in codes(report)


def test_huge_cells_and_control_characters(tmp_path):
    import xlsxwriter

    long_text = "Nội dung rất dài " * 1926  # 32,742 characters
    path = tmp_path / "c.xlsx"
    wb = xlsxwriter.Workbook(str(path))  # openpyxl refuses control characters; Excel keeps them
    ws = wb.add_worksheet("Nhiệm vụ")
    ws.write_row(0, 0, HEADER)
    for c, value in enumerate(["1", long_text[:32767], "Công an\x07 xã\x1f", "Năm 2026"]):
        ws.write_string(1, c, value)
    wb.close()
    report = read_commune(path)
    task = report.tasks[0]
    assert len(task.name) == 2000 and task.lead == "Công an xã"
    assert {"cell-too-long", "control-characters"} <= set(codes(report))


@pytest.mark.parametrize("typed", ["15/10/2026", "15-10-2026", "15.10.2026", "2026-10-15",
                                   "ngày 15 tháng 10 năm 2026", "15/10/26"])
def test_dates_typed_as_text(tmp_path, typed):
    rows = [HEADER, ["1", "Việc", "Phòng", "Năm 2026", typed, "Đã hoàn thành"]]
    report = read_commune(write_rows(tmp_path / "d.xlsx", rows, commune="X"))
    assert report.tasks[0].done_date == date(2026, 10, 15)
    assert "bad-date" not in codes(report)


def test_merged_header_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["PHỤ LỤC NHIỆM VỤ"])
    ws.merge_cells("A1:F1")
    ws.append(["STT", "Tên nhiệm vụ", None, "Cơ quan chủ trì", "Thời gian hoàn thành"])
    ws.merge_cells("B2:C2")
    ws.append(["1", "Việc", None, "Phòng", "Năm 2026"])
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    report = read_commune(path)
    assert [(t.name, t.lead) for t in report.tasks] == [("Việc", "Phòng")]


def test_hidden_rows_and_hidden_sheets_are_reported(tmp_path):
    path = write_rows(tmp_path / "hid.xlsx", GOOD + [["3", "Việc ẩn", "Phòng", "Năm 2026"]], commune="X")
    wb = openpyxl.load_workbook(path)
    wb["Nhiệm vụ"].row_dimensions[4].hidden = True
    secret = wb.create_sheet("Nháp")
    secret.append(["ghi chú riêng"])
    secret.append(["dòng 2"])
    secret.sheet_state = "hidden"
    wb.save(path)
    report = read_commune(path)
    assert [t.name for t in report.tasks][-1] == "Việc ẩn"  # still consolidated
    hidden_rows = next(p for p in report.problems if p.code == "hidden-rows")
    assert "dòng 4" in hidden_rows.message
    hidden_sheet = next(p for p in report.problems if p.code == "hidden-sheet")
    assert "Nháp" in hidden_sheet.message and "2 dòng có dữ liệu" in hidden_sheet.message


def test_file_open_in_another_program(tmp_path, monkeypatch):
    path = good_book(tmp_path / "g.xlsx")

    def locked(*args, **kwargs):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr("python_calamine.CalamineWorkbook.from_path", locked)
    report = read_commune(path)
    assert codes(report) == ["unreadable-file"]
    assert "đang được mở" in report.problems[0].message


def _sha(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_whole_corpus_consolidates_with_a_summary_and_untouched_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good_book(folder / "lb.xlsx")
    (folder / "junk.xlsx").write_bytes(b"garbage")
    data = good_book(tmp_path / "g2.xlsx").read_bytes()
    (folder / "cut.xlsx").write_bytes(data[:300])
    (folder / "~$lb.xlsx").write_bytes(b"\x00" * 20)
    write_rows(folder / "only_header.xlsx", [HEADER], commune="Tân Thành", province="Lạng Sơn")
    before = _sha(folder)
    out = tmp_path / "s.xlsx"
    result = CliRunner().invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of", "2026-11-23"])
    assert result.exit_code == 1, result.output
    assert out.exists() and _sha(folder) == before
    wb = openpyxl.load_workbook(out, read_only=True)
    issue_files = {row[1] for row in wb["Lỗi dữ liệu"].iter_rows(values_only=True)}
    assert {"junk.xlsx", "cut.xlsx", "~$lb.xlsx", "only_header.xlsx"} <= issue_files


def test_limits_are_options_of_consolidate(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good_book(folder / "lb.xlsx")
    out = tmp_path / "s.xlsx"
    result = CliRunner().invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of", "2026-11-23",
                                      "--max-file-mb", "0.001"])
    assert result.exit_code == 1, result.output
    wb = openpyxl.load_workbook(out, read_only=True)
    codes_seen = {row[4] for row in wb["Lỗi dữ liệu"].iter_rows(values_only=True)}
    assert "file-too-large" in codes_seen
