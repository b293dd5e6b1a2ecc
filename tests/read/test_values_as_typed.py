"""Values as offices type them, in .xlsx, and in .xls and .ods saved by LibreOffice
(issue #16 items 4, 5, 6): percent progress, month/year dates, status words, deadlines
without a year, HYPERLINK evidence, formulas without a saved value, merged cells, hidden
columns, the sheet read.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from nq57xl.read.commune import read_commune

HEAD = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Tình trạng thực hiện",
        "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng"]
AS_OF = date(2026, 11, 30)


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


def saved(office, source: Path, suffix: str) -> Path:
    """``source`` (.xlsx) as it is, or saved by LibreOffice as .xls or .ods."""
    if suffix == ".xlsx":
        return source
    office.convert(source, suffix[1:], source.parent)
    return source.with_suffix(suffix)


def book(path: Path, rows: list[list[object]], *, formats: dict[str, str] | None = None,
         merges: tuple[str, ...] = (), hidden: tuple[str, ...] = (), period: str | None = None,
         sheet: str = "Báo cáo") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for cell, fmt in (formats or {}).items():
        ws[cell].number_format = fmt
    for rng in merges:
        ws.merge_cells(rng)
    for col in hidden:
        ws.column_dimensions[col].hidden = True
    info = wb.create_sheet("Thông tin", 0)
    info.append(["Tên xã/phường", "Lợi Bác"])
    if period:
        info.append(["Kỳ báo cáo", period])
    wb.save(path)
    return path


@pytest.fixture(params=[".xlsx", ".xls", ".ods"])
def suffix(request, office) -> str:
    return request.param


def test_percent_progress_and_month_year_deadlines(tmp_path, suffix, office):
    rows = [HEAD, [1, "Việc một", "VP", datetime(2026, 11, 1), "Đang thực hiện", 0.6],
            [2, "Việc hai", "VP", datetime(2026, 9, 1), "Đã hoàn thành", 1, datetime(2026, 9, 5), "QĐ 1"],
            [3, "Việc ba", "VP", datetime(2026, 12, 1), "Chưa thực hiện", 0]]
    formats = {"F2": "0%", "F3": "0%", "F4": "0%", "D2": "mm/yyyy", "D3": "m/yyyy",
               "D4": "dd/mm/yyyy", "G3": "dd/mm/yyyy"}
    path = saved(office, book(tmp_path / "p.xlsx", rows, formats=formats), suffix)
    report = read_commune(path, as_of=AS_OF)
    assert [t.progress for t in report.tasks] == [60, 100, 0]
    assert [t.deadline.due for t in report.tasks] == [date(2026, 11, 30), date(2026, 9, 30),
                                                      date(2026, 12, 1)]
    assert [t.deadline.text for t in report.tasks][:2] == ["11/2026", "09/2026"]
    assert "done-below-100" not in codes(report)


def test_merged_leads_and_deadlines_and_an_stt_over_two_rows(tmp_path, suffix, office):
    rows = [HEAD, [1, "Việc một", "Văn phòng", "Quý I/2026"], [2, "Việc hai"], [3, "Việc ba viết", None, "Năm 2026"],
            [None, "trên hai dòng"], [4, "Việc bốn", "Phòng Kinh tế", "Quý IV/2026"]]
    path = saved(office, book(tmp_path / "m.xlsx", rows, merges=("C2:C5", "D2:D3", "A4:A5")), suffix)
    report = read_commune(path, as_of=AS_OF)
    assert [(t.stt, t.name, t.lead, t.deadline.text) for t in report.tasks] == [
        ("1", "Việc một", "Văn phòng", "Quý I/2026"), ("2", "Việc hai", "Văn phòng", "Quý I/2026"),
        ("3", "Việc ba viết trên hai dòng", "Văn phòng", "Năm 2026"),
        ("4", "Việc bốn", "Phòng Kinh tế", "Quý IV/2026")]
    assert not {"blank-lead", "blank-deadline", "unplaced-row"} & set(codes(report))


def test_hidden_columns_repeating_visible_headers_are_left_out(tmp_path, suffix, office):
    rows = [HEAD[:4] + ["Tình trạng thực hiện", "Tiến độ (%)", "Tình trạng thực hiện", "Tiến độ (%)"],
            [1, "Việc một", "VP", "Quý IV/2026", "Chưa thực hiện", 0, "Đang thực hiện", 50]]
    path = saved(office, book(tmp_path / "h.xlsx", rows, hidden=("E", "F")), suffix)
    report = read_commune(path, as_of=AS_OF)
    assert [(t.state, t.progress) for t in report.tasks] == [("Đang thực hiện", 50)]
    assert codes(report).count("hidden-duplicate-column") == 2


@pytest.mark.parametrize("word, state", [("Hoàn thành", "Đã hoàn thành"), ("Đã xong", "Đã hoàn thành"),
                                         ("xong", "Đã hoàn thành"), ("Đang triển khai", "Đang thực hiện"),
                                         ("đang làm", "Đang thực hiện"), ("Chưa triển khai", "Chưa thực hiện"),
                                         ("Đã hoàn thành (100%)", "Đã hoàn thành"),
                                         ("Đang triển khai, đạt 60%", "Đang thực hiện")])
def test_everyday_status_words_are_read_with_a_warning(tmp_path, word, state):
    path = book(tmp_path / "s.xlsx", [HEAD, [1, "Việc", "VP", "Năm 2026", word, 100 if "ong" in word else 50]])
    report = read_commune(path, as_of=AS_OF)
    assert report.tasks[0].state == state
    [p] = [p for p in report.problems if p.code == "status-word"]
    assert (p.severity, p.cell) == ("warning", "E2")
    assert f"«{word}»" in p.message and f"«{state}»" in p.message
    assert "bad-state" not in codes(report)


@pytest.mark.parametrize("text, due", [("Quý III", date(2026, 9, 30)), ("Tháng 9", date(2026, 9, 30)),
                                       ("Quý IV.", date(2026, 12, 31)), ("6 tháng đầu năm", date(2026, 6, 30))])
def test_a_deadline_without_a_year_is_read_in_the_plan_year_with_a_warning(tmp_path, text, due):
    path = book(tmp_path / "d.xlsx", [HEAD, [1, "Việc", "VP", text]], period="Tháng 11/2026")
    report = read_commune(path, as_of=date(2027, 1, 5))
    assert report.tasks[0].deadline.due == due
    assert report.tasks[0].deadline.text == text
    [p] = [p for p in report.problems if p.code == "deadline-without-year"]
    assert p.cell == "D2" and "năm 2026" in p.message and "bad-deadline" not in codes(report)


def test_hyperlink_evidence_keeps_its_address(tmp_path, suffix, office):
    rows = [HEAD, [1, "Việc một", "VP", "Quý I/2026", "Đã hoàn thành", 100, datetime(2026, 3, 1),
                   '=HYPERLINK("https://xa.gov.vn/kh45.pdf","Kế hoạch 45")'],
            [2, "Việc hai", "VP", "Quý I/2026", "Đã hoàn thành", 100, datetime(2026, 3, 1), "Xem tệp"],
            [3, "Việc ba", "VP", "Quý I/2026", "Đã hoàn thành", 100, datetime(2026, 3, 1),
             "https://xa.gov.vn/bc3.pdf"]]
    path = book(tmp_path / "l.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    wb["Báo cáo"]["H3"].hyperlink = "https://xa.gov.vn/qd12.pdf"
    wb.save(path)
    report = read_commune(saved(office, path, suffix), as_of=AS_OF)
    evidence = [t.evidence for t in report.tasks]
    assert evidence[1:] == ["Xem tệp (https://xa.gov.vn/qd12.pdf)", "https://xa.gov.vn/bc3.pdf"]
    assert "https://xa.gov.vn/kh45.pdf" in evidence[0]
    if suffix != ".xlsx":  # LibreOffice saved the formula's value
        assert evidence[0] == "Kế hoạch 45 (https://xa.gov.vn/kh45.pdf)"


def test_an_stt_formula_without_a_saved_value_is_named(tmp_path):
    rows = [HEAD, [1, "Việc một", "VP", "Năm 2026"], ["=A2+1", "Việc hai", "VP", "Năm 2026"]]
    report = read_commune(book(tmp_path / "stt.xlsx", rows), as_of=AS_OF)  # no saved value
    [p] = [p for p in report.problems if p.code == "formula-without-value"]
    assert p.cell == "A3" and "«=A2+1»" in p.message and "«STT»" in p.message


def test_a_formula_without_a_saved_value_is_named_not_called_blank(tmp_path):
    rows = [HEAD, [1, "Việc", "VP", "Năm 2026", "Đang thực hiện", "=ROUND(G2*100,0)"],
            [2, "=B2", "VP", "Năm 2026"]]
    report = read_commune(book(tmp_path / "f.xlsx", rows), as_of=AS_OF)  # openpyxl saves no value
    found = {p.cell: p for p in report.problems if p.code == "formula-without-value"}
    assert set(found) == {"F2", "B3"}
    assert "Ô F2 chứa công thức «=ROUND(G2*100,0)» nhưng chưa có giá trị" in found["F2"].message
    assert "blank-name" not in codes(report)


@pytest.mark.parametrize("sheets, period, chosen", [
    ([("T10.2026", True), ("T11.2026", True)], None, "T11.2026"),
    ([("T11.2026", True), ("T10.2026", True)], None, "T11.2026"),
    ([("T11", True), ("T10", True)], "Tháng 10/2026", "T10"),
    ([("Sheet1", True), ("Sheet2", True)], None, "Sheet2"),
    ([("Báo cáo", True), ("Bản cũ", False)], None, "Báo cáo"),
    ([("Tháng 10", True), ("Tháng 11", True), ("Tháng 9", True)], "BC T11 - Lợi Bác.xlsx", "Tháng 11"),
    ([("T10", True), ("T11", True), ("T12 (mẫu)", None)], None, "T11"),
])
def test_the_sheet_of_the_period_is_read_and_named(tmp_path, sheets, period, chosen):
    """``period``: the "Kỳ báo cáo" of the metadata, or a file name naming the month;
    a sheet whose visibility is ``None`` is a visible form with no progress yet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, visible in sheets:
        ws = wb.create_sheet(name)
        ws.append(HEAD)
        for n in range(1, 3 + 2 * (visible is False)):
            ws.append([n, f"Việc {name} {n}", "VP", "Năm 2026", None if visible is None else "Đang thực hiện"])
        ws.sheet_state = "hidden" if visible is False else "visible"
    info = wb.create_sheet("Thông tin")
    info.append(["Tên xã/phường", "Lợi Bác"])
    file = period if period and period.endswith(".xlsx") else "k.xlsx"
    if period and file == "k.xlsx":
        info.append(["Kỳ báo cáo", period])
    wb.save(tmp_path / file)
    report = read_commune(tmp_path / file, as_of=AS_OF)
    assert report.sheet == chosen
    assert all(chosen in t.name for t in report.tasks)
    [p] = [p for p in report.problems if p.code == "several-task-sheets"]
    assert f"chỉ đọc trang «{chosen}»" in p.message
