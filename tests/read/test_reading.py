"""Reading workbooks of various shapes (issue: read and validate)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from tests.conftest import write_rows
from nq57xl.read.commune import read_commune

HEADER = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]


def codes(report):
    return [p.code for p in report.problems]


def test_header_found_below_title_rows_on_any_sheet_name(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Ghi chú"
    wb.active["A1"] = "Không có bảng ở đây"
    ws = wb.create_sheet("Sheet3")
    ws["A1"] = "PHỤ LỤC"
    ws["A2"] = "(Kèm theo Kế hoạch số 1/KH-UBND)"
    for c, h in enumerate(HEADER, start=2):
        ws.cell(row=4, column=c, value=h)
    ws.append([None, 1, "Nhiệm vụ A", "Phòng Kinh tế", "Quý II/2026"])
    path = tmp_path / "xa.xlsx"
    wb.save(path)
    report = read_commune(path)
    assert report.sheet == "Sheet3"
    assert [(t.stt, t.name, t.row) for t in report.tasks] == [("1", "Nhiệm vụ A", 5)]
    assert report.tasks[0].cell("deadline") == "E5"
    assert report.tasks[0].deadline.due == date(2026, 6, 30)


def test_both_director_and_lead_columns_lead_is_the_unit(tmp_path):
    rows = [["STT", "Tên nhiệm vụ", "Chủ trì chỉ đạo", "Đơn vị chủ trì", "Thời gian hoàn thành"],
            ["1", "Việc A", "Phó Chủ tịch UBND xã", "Phòng Văn hóa - Xã hội", "Năm 2026"]]
    report = read_commune(write_rows(tmp_path / "a.xlsx", rows, commune="A"))
    task = report.tasks[0]
    assert task.lead == "Phòng Văn hóa - Xã hội"
    assert task.director == "Phó Chủ tịch UBND xã"
    assert "missing-column" not in codes(report)


def test_formulas_are_read_as_cached_values(tmp_path):
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Nhiệm vụ")
    ws.write_row(0, 0, HEADER)
    ws.write_string(1, 0, "1")
    ws.write_formula(1, 1, '=CONCATENATE("Việc ","B")', None, "Việc B")
    ws.write_string(1, 2, "Công an xã")
    ws.write_formula(1, 3, "=DATE(2026,6,30)", None, 46203)
    wb.close()
    task = read_commune(path).tasks[0]
    assert task.name == "Việc B"
    assert task.deadline.due == date(2026, 6, 30)


def test_xlsm_and_excel_dates(tmp_path):
    rows = [HEADER, ["1", "Việc", "Công an xã", datetime(2026, 3, 15)]]
    xlsx = write_rows(tmp_path / "x.xlsx", rows, commune="X")
    xlsm = tmp_path / "x.xlsm"
    xlsm.write_bytes(xlsx.read_bytes())
    report = read_commune(xlsm)
    assert report.tasks[0].deadline.kind == "date"
    assert report.tasks[0].deadline.due == date(2026, 3, 15)
    assert report.tasks[0].deadline.text == "15/03/2026"


def test_continuation_rows_join_cell_by_cell_and_repeated_headers_skipped(tmp_path):
    rows = [HEADER, ["I", "Mục một (2 nhiệm vụ)"], ["1", "Triển khai", "Phòng", "Nhiệm vụ"],
            [], HEADER, ["", "nền tảng số", "Kinh tế", "thường xuyên"],
            ["2", "Việc hai", "Công an xã", "31/12/2026"]]
    report = read_commune(write_rows(tmp_path / "c.xlsx", rows, commune="C"))
    first = report.tasks[0]
    assert first.name == "Triển khai nền tảng số"
    assert first.lead == "Phòng Kinh tế"
    assert first.deadline.kind == "recurring"
    assert len(report.tasks) == 2
    assert report.problems == ()


def test_cell_noise_cleaned(tmp_path):
    rows = [HEADER, ["1", '<ul style="list-style-type: none"><li>**Đạt** tỷ lệ $\\geq 80\\%$</li></ul>',
                     "Phòng <i>Kinh tế</i>", "Năm 2026"]]
    task = read_commune(write_rows(tmp_path / "n.xlsx", rows, commune="N")).tasks[0]
    assert task.name == "Đạt tỷ lệ ≥ 80%"
    assert task.lead == "Phòng Kinh tế"


def test_task_problems_name_the_cell(tmp_path):
    rows = [HEADER, ["1", "", "", ""], ["2", "Việc", "Phòng", "sớm nhất có thể"],
            ["2", "Việc trùng", "Phòng", "Năm 2026"], ["*", "Dòng lạ", "x", "y"]]
    report = read_commune(write_rows(tmp_path / "p.xlsx", rows, commune="P"))
    got = {(p.code, p.cell) for p in report.problems}
    assert ("blank-name", "B2") in got
    assert ("blank-lead", "C2") in got
    assert ("blank-deadline", "D2") in got
    assert ("bad-deadline", "D3") in got
    assert ("duplicate-task", "A4") in got
    assert ("unplaced-row", "A5") in got
    unplaced = next(p for p in report.problems if p.code == "unplaced-row")
    assert "Dòng lạ" in unplaced.message
    assert [t.stt for t in report.tasks] == ["1", "2", "2"]


def test_missing_required_column_still_reads_tasks(tmp_path):
    rows = [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì"], ["1", "Việc", "Phòng"]]
    report = read_commune(write_rows(tmp_path / "m.xlsx", rows, commune="M"))
    missing = [p for p in report.problems if p.code == "missing-column"]
    assert len(missing) == 1 and "Thời gian hoàn thành" in missing[0].message
    assert missing[0].cell == "D1"
    assert len(report.tasks) == 1


def test_header_without_diacritics_warns(tmp_path):
    rows = [["STT", "Ten nhiem vu", "Co quan chu tri", "Thoi gian hoan thanh"], ["1", "Việc", "P", "2026"]]
    report = read_commune(write_rows(tmp_path / "d.xlsx", rows, commune="D"))
    warned = [p for p in report.problems if p.code == "header-without-diacritics"]
    assert [p.cell for p in warned] == ["B1", "C1", "D1"]
    assert all(p.severity == "warning" for p in warned)
    assert report.tasks[0].lead == "P"


@pytest.mark.parametrize("content", [b"not a workbook at all", b"STT,Ten\n1,x\n"])
def test_unreadable_file_gives_a_problem_not_a_crash(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    report = read_commune(path)
    assert report.tasks == ()
    assert codes(report) == ["unreadable-file"]
    assert report.problems[0].file == "bad.xlsx"


def test_no_task_sheet(tmp_path):
    report = read_commune(write_rows(tmp_path / "e.xlsx", [["Xin chào"]], commune="E"))
    assert codes(report)[0] == "no-task-sheet"


def test_metadata_missing_falls_back_to_file_name(tmp_path):
    report = read_commune(write_rows(tmp_path / "Xa_Loi_Bac.xlsx", [HEADER, ["1", "V", "P", "2026"]]))
    assert report.metadata.commune == "Loi Bac"
    assert report.metadata.from_file_name
    assert "missing-metadata" in codes(report)


def test_input_file_is_not_modified(tmp_path):
    path = write_rows(tmp_path / "x.xlsx", [HEADER, ["1", "V", "P", "2026"]], commune="X")
    before = path.read_bytes()
    read_commune(path)
    assert path.read_bytes() == before
