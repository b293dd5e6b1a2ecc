"""The standard commune workbook: content, rules, layout, determinism and read-back."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from nq57xl.read.metadata import FIELDS, read_metadata
from nq57xl.read.workbook import read_grids
from nq57xl.records import Metadata
from nq57xl.read.headers import REVIEWS, STANDARD_HEADERS, STATES
from nq57xl.read.table import find_header
from nq57xl.template.build import (
    GUIDE_SHEET, INFO_SHEET, TASK_SHEET, build_template, describe_workbook,
)
from nq57xl.read.commune import read_commune
from nq57xl.read.indicators import INDICATOR_SHEET

COMMITTED = Path(__file__).resolve().parents[2] / "templates" / "mau_bao_cao_xa.xlsx"
KEYS = list(STANDARD_HEADERS)
COL = {k: openpyxl.utils.get_column_letter(i + 1) for i, k in enumerate(KEYS)}

ROWS = [
    {"section": "I", "title": "Công tác chỉ đạo, điều hành"},
    {"stt": "1", "name": "Ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW trên địa bàn xã",
     "lead": "Văn phòng HĐND và UBND xã", "director": "Chủ tịch UBND xã",
     "result": "Kế hoạch", "deadline": date(2026, 6, 30), "state": "Đã hoàn thành",
     "progress": 100, "done_date": date(2026, 5, 10),
     "evidence": "Kế hoạch số 45/KH-UBND ngày 10/5/2026", "review": "Đạt",
     "updated": date(2026, 11, 1)},
    {"stt": "2", "name": "Tuyên truyền về chuyển đổi số", "lead": "Văn hoá - Xã hội",
     "partners": "Đoàn Thanh niên", "deadline": "Thường xuyên", "state": "Đang thực hiện",
     "progress": 50, "updated": date(2026, 11, 2), "issues": "Thiếu kinh phí"},
    {"stt": "3", "name": "Số hoá hồ sơ một cửa", "lead": "Công an xã", "deadline": "Quý II/2026",
     "state": "Chưa thực hiện", "progress": 0, "updated": date(2026, 11, 3),
     "note": "Chờ hướng dẫn của tỉnh"},
]
NOTES = ["Cột gốc «TT» được đổi thành «STT».", "Cột gốc «Nội dung» được đổi thành «Tên nhiệm vụ»."]


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("blank") / "mau.xlsx")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    meta = Metadata(commune="Bị ghi đè", plan_number="45/KH-UBND", plan_date=date(2026, 3, 15),
                    period="Tháng 11/2026", report_date=date(2026, 11, 18), officer="Nguyễn Văn An")
    return build_template(tmp_path_factory.mktemp("filled") / "Xa_Loi_Bac.xlsx",
                          province="Lạng Sơn", commune="Lợi Bác", metadata=meta, rows=ROWS,
                          notes=NOTES)


def _validations(ws) -> list:
    return list(ws.data_validations.dataValidation)


def _validation_for(ws, cell: str):
    found = [dv for dv in _validations(ws) if cell in dv.sqref]
    assert len(found) == 1, (cell, found)
    return found[0]


# --- the committed template -----------------------------------------------------------

def test_committed_template_is_up_to_date(tmp_path: Path) -> None:
    fresh = build_template(tmp_path / "mau_bao_cao_xa.xlsx")
    same_bytes = fresh.read_bytes() == COMMITTED.read_bytes()
    description = describe_workbook(fresh)
    json.dumps(description)  # plain data, comparable and printable
    assert description["sheets"] == ["Thông tin", "Nhiệm vụ", "Chỉ tiêu", "Hướng dẫn"]
    assert same_bytes or description == describe_workbook(COMMITTED)


def test_build_is_deterministic(tmp_path: Path) -> None:
    a = build_template(tmp_path / "a.xlsx", province="Lạng Sơn", rows=ROWS, notes=NOTES)
    b = build_template(tmp_path / "b.xlsx", province="Lạng Sơn", rows=ROWS, notes=NOTES)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2026-01-01T00:00:00Z") == 2


def test_written_atomically_with_no_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "mau.xlsx"
    assert build_template(target) == target
    build_template(target)  # overwrite in place
    assert [p.name for p in target.parent.iterdir()] == ["mau.xlsx"]


def test_no_macros_links_or_formulas(blank: Path, filled: Path) -> None:
    for path in (blank, filled):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            assert not [n for n in names if "vba" in n.lower() or "externalLink" in n]
            for name in names:
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in row)


# --- structure and rules ---------------------------------------------------------------

def test_sheets_and_header(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == [INFO_SHEET, TASK_SHEET, INDICATOR_SHEET, GUIDE_SHEET] == [
        "Thông tin", "Nhiệm vụ", "Chỉ tiêu", "Hướng dẫn"]
    ws = wb[TASK_SHEET]
    assert [c.value for c in ws[1]] == list(STANDARD_HEADERS.values())
    assert ws.max_row == 1
    for cell in ws[1]:
        assert cell.font.b and cell.font.name == "Times New Roman"
        assert cell.alignment.wrap_text and cell.protection.locked
        assert cell.fill.fill_type == "solid" and cell.border.left.style == "thin"
    assert ws.column_dimensions[COL["name"]].width >= 50
    # Data cells below the header are unlocked through the column style.
    assert all(not ws.column_dimensions[COL[k]].protection.locked for k in KEYS)


def test_task_validations(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank)[TASK_SHEET]
    state = _validation_for(ws, f"{COL['state']}2")
    assert state.type == "list"
    assert all(s in state.formula1 for s in STATES) and state.showErrorMessage
    assert f"{COL['state']}1001" in state.sqref
    review = _validation_for(ws, f"{COL['review']}500")
    assert review.type == "list" and review.allow_blank
    assert all(s in review.formula1 for s in REVIEWS)
    progress = _validation_for(ws, f"{COL['progress']}2")
    assert (progress.type, progress.operator, progress.formula1, progress.formula2) == (
        "whole", "between", "0", "100")
    assert progress.prompt == "Nhập số nguyên từ 0 đến 100, ví dụ 50 cho 50%."
    assert progress.showInputMessage and progress.showErrorMessage and progress.error
    for key in ("done_date", "updated"):
        dv = _validation_for(ws, f"{COL[key]}1001")
        assert (dv.type, dv.operator) == ("date", "between") and dv.prompt
        assert (dv.formula1, dv.formula2) == ("43831", "49674")  # 01/01/2020, 31/12/2035
        assert ws.column_dimensions[COL[key]].number_format == "dd/mm/yyyy"
    assert "Quý II/2026" in _validation_for(ws, f"{COL['deadline']}2").prompt


def test_conditional_formatting_by_state(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank)[TASK_SHEET]
    rules = {f: str(cf.sqref) for cf in ws.conditional_formatting
             for rule in cf.rules for f in rule.formula}
    for state in STATES:
        formula = f'${COL["state"]}2="{state}"'
        assert rules[formula] == f"A2:{COL['issues']}1001"


def test_layout_and_printing(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    ws = wb[TASK_SHEET]
    assert ws.freeze_panes in ("A2", "C2")
    assert ws.print_title_rows in ("1:1", "$1:$1")
    assert ws.auto_filter.ref.startswith("A1:O")
    setup = ws.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.insertRows is False and ws.protection.autoFilter is False
    for sheet in wb.worksheets:
        assert sheet.page_setup.paperSize in (9, "9")
    assert wb._fonts[0].name == "Times New Roman"


def test_info_sheet_labels(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank)[INFO_SHEET]
    labels = {label for _key, label, _alts in FIELDS}
    assert ws["A1"].value == "THÔNG TIN BÁO CÁO CỦA XÃ/PHƯỜNG"
    assert ws["A1"].value not in labels and ws["A2"].value not in labels
    found = [ws.cell(r, 1).value for r in range(4, 4 + len(FIELDS))]
    assert found == [label for _key, label, _alts in FIELDS]
    for r in range(4, 4 + len(FIELDS)):
        b = ws.cell(r, 2)
        assert b.value is None and not b.protection.locked and b.fill.fill_type == "solid"
        assert _validation_for(ws, b.coordinate).prompt
    for key in ("plan_date", "report_date"):
        r = 4 + [k for k, _l, _a in FIELDS].index(key)
        assert ws.cell(r, 2).number_format == "dd/mm/yyyy"
        assert _validation_for(ws, f"B{r}").type == "date"


# --- read back by the engine ----------------------------------------------------------

def test_filled_workbook_reads_back_without_problems(filled: Path) -> None:
    report = read_commune(filled, as_of=date(2026, 11, 20))
    assert report.problems == ()
    assert report.sheet == TASK_SHEET
    meta = report.metadata
    assert (meta.commune, meta.province, meta.from_file_name) == ("Lợi Bác", "Lạng Sơn", False)
    assert (meta.plan_date, meta.report_date) == (date(2026, 3, 15), date(2026, 11, 18))
    assert (meta.plan_number, meta.period) == ("45/KH-UBND", "Tháng 11/2026")
    assert [s.label for s in report.sections] == ["I"]
    t1, t2, t3 = report.tasks
    assert [t.stt for t in report.tasks] == ["1", "2", "3"]
    assert all(t.section == "I" and t.section_title == "Công tác chỉ đạo, điều hành"
               for t in report.tasks)
    assert t1.name == ROWS[1]["name"] and t1.lead == "Văn phòng HĐND và UBND xã"
    assert (t1.deadline.kind, t1.deadline.due) == ("date", date(2026, 6, 30))
    assert (t1.state, t1.progress, t1.done_date) == ("Đã hoàn thành", 100, date(2026, 5, 10))
    assert t1.evidence == "Kế hoạch số 45/KH-UBND ngày 10/5/2026" and t1.review == "Đạt"
    assert t1.updated == date(2026, 11, 1)
    assert (t2.deadline.kind, t2.deadline.due) == ("recurring", None)
    assert (t2.state, t2.progress, t2.partners) == ("Đang thực hiện", 50, "Đoàn Thanh niên")
    assert t2.issues == "Thiếu kinh phí" and t2.evidence is None and t2.done_date is None
    assert (t3.deadline.kind, t3.deadline.due) == ("date", date(2026, 6, 30))
    assert (t3.state, t3.progress, t3.lead) == ("Chưa thực hiện", 0, "Công an xã")


def test_filled_cells_are_typed(filled: Path) -> None:
    ws = openpyxl.load_workbook(filled)[TASK_SHEET]
    assert (ws["A2"].value, ws["B2"].value) == ("I", "Công tác chỉ đạo, điều hành")
    assert ws["A2"].font.b and ws["B2"].font.b
    assert ws["A3"].value == "1" and ws["A3"].data_type == "s"
    assert ws[f"{COL['progress']}3"].value == 100
    assert ws[f"{COL['done_date']}3"].is_date
    assert ws[f"{COL['done_date']}3"].number_format == "dd/mm/yyyy"
    assert ws[f"{COL['deadline']}3"].is_date and ws[f"{COL['deadline']}4"].value == "Thường xuyên"
    assert not ws["B3"].protection.locked
    info = openpyxl.load_workbook(filled)[INFO_SHEET]
    assert info["B4"].value == "Lợi Bác"  # the argument wins over metadata.commune


def test_blank_template_metadata_is_empty(blank: Path) -> None:
    grids = read_grids(blank)
    meta, _problems = read_metadata(grids, "mau_bao_cao_xa.xlsx")
    assert meta.province is None and meta.plan_date is None and meta.from_file_name


def test_only_the_task_sheet_has_a_header_row(blank: Path, filled: Path) -> None:
    for path in (blank, filled):
        grids = {g.name: g for g in read_grids(path)}
        assert find_header(grids[TASK_SHEET].rows).row_index == 0
        for name in (INFO_SHEET, GUIDE_SHEET):
            rows = grids[name].rows
            assert find_header(rows, scan=len(rows) + 1) is None, name
        ws = openpyxl.load_workbook(path)[GUIDE_SHEET]
        values = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
        assert find_header(values, scan=len(values) + 1) is None


def test_guide_content(filled: Path) -> None:
    ws = openpyxl.load_workbook(filled)[GUIDE_SHEET]
    lines = [row[0] for row in ws.iter_rows(values_only=True) if row[0]]
    text = "\n".join(lines)
    for header in STANDARD_HEADERS.values():
        assert f"Cột «{header}»:" in text
    for example in ("15/4/2026", "Tháng 6/2026", "Quý II/2026", "Năm 2026", "Thường xuyên",
                    "Sau khi Đề án được ban hành"):
        assert f"«{example}»" in text
    for phrase in ("Chờ hoàn thiện", "Quá hạn", "một nửa", "Ngày cập nhật", "trước ngày 20",
                   ".xlsx", "macro", "Không đổi tên"):
        assert phrase in text, phrase
    assert lines[-len(NOTES):] == NOTES
    assert ws.max_column == 1  # one column only: no row can pair «STT» with a name header
