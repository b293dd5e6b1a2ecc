"""Tests of the provincial summary workbook (nq57xl.summary.writer)."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from nq57xl.summary import writer as summary_writer
from nq57xl.province.consolidation import (
    AGENCY_COLUMNS, ALERT_COLUMNS, COLUMNS, COMMUNE_COLUMNS, FILE_COLUMNS, ISSUE_COLUMNS, MISSING_COLUMNS, OVERVIEW_LABELS, TASK_COLUMNS, Consolidation,
)
from nq57xl.assess.status import (
    BEHIND, DONE_ON_TIME, IN_PROGRESS, NOT_STARTED, OVERDUE, STATUSES, Settings,
)
from nq57xl.summary.blocks import NO_DATA, link_url
from nq57xl.summary.charts import BARS_PER_CHART, FIRST_BARS, bar_chart_height, chunks
from nq57xl.summary.overview import place_and_date
from nq57xl.summary.writer import SHEETS, write_summary
from nq57xl.summary.layout import FONT_SIZE
from nq57xl.summary.printing import MIN_FONT_PT
from tests.office import Office
from tests.summary.printed import printed_scale

AS_OF = date(2026, 3, 5)
INJECTIONS = (
    '=HYPERLINK("http://x","y")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
)


def _status_counts(**counts: int) -> dict[str, int]:
    return {s: counts.get(s, 0) for s in STATUSES}


def _commune(rank: int | None, name: str, code: str, submission: str, **kw: Any) -> dict:
    row: dict[str, Any] = {key: None for key in COMMUNE_COLUMNS}
    row.update(rank=rank, commune=name, code=code, submission=submission, **kw)
    return row


def _task(name: str, status: str, **kw: Any) -> dict:
    row: dict[str, Any] = {key: None for key in TASK_COLUMNS}
    row.update(commune="Lợi Bác", code="06100", section="I", section_title="Thể chế",
               stt="1", name=name, lead="UBND xã", agency="UBND xã",
               deadline_text="Tháng 6/2026", due=date(2026, 6, 30), status=status,
               red_flag=False, stale_flag=False, due_soon_flag=False, progress=40.0,
               expected=60.0, state="Đang thực hiện", file="reports/loi_bac.xlsx",
               sheet="Nhiệm vụ", row=5, reason="Đang thực hiện")
    row.update(kw)
    return row


@pytest.fixture()
def result() -> Consolidation:
    """A small province: two communes that reported, one that did not."""
    first = _commune(1, "Lợi Bác", "06100", "Đã nộp", report_date=date(2026, 3, 1),
                     late=False, tasks=4, due_tasks=2, on_time_rate=0.5,
                     completion_rate=0.25, red_flags=2, update_rate=0.75, stale=1,
                     due_soon=1, errors=1, warnings=0, file="reports/loi_bac.xlsx",
                     **_status_counts(**{DONE_ON_TIME: 1, IN_PROGRESS: 1, OVERDUE: 1,
                                         BEHIND: 1}))
    second = _commune(2, "Nghĩa Đàn", "17500", "Đã nộp", report_date=date(2026, 2, 25),
                      late=True, tasks=2, due_tasks=0, on_time_rate=None,
                      completion_rate=0.0, red_flags=0, update_rate=1.0, stale=0,
                      due_soon=0, errors=0, warnings=1,
                      file="inbox/Nghĩa Đàn báo cáo.xlsx",
                      **_status_counts(**{NOT_STARTED: 2}))
    missing = _commune(None, "Thuỵ Lôi", "06200", "Chưa nộp")
    tasks = [_task(text, IN_PROGRESS, stt=str(i)) for i, text in enumerate(INJECTIONS, 1)]
    tasks.append(_task("Xây dựng cơ sở dữ liệu số của xã", OVERDUE, red_flag=True,
                       due=date(2026, 1, 31), done_date=None, updated=date(2026, 2, 1)))
    alert = {key: None for key in ALERT_COLUMNS}
    alert.update(commune="Lợi Bác", section="I", stt="6", name=INJECTIONS[0],
                 lead="UBND xã", due=date(2026, 1, 31), status=OVERDUE, days_overdue=33,
                 progress=10.0, expected=100.0, shortfall=90.0, reason="Quá hạn 33 ngày",
                 file="reports/loi_bac.xlsx", row=10)
    issues = [
        dict(commune="Lợi Bác", file="reports/loi_bac.xlsx", sheet="Nhiệm vụ", cell="F7",
             issue_code="bad-date", severity="error", message="Ngày không hợp lệ; sửa lại",
             value="=1+1"),
        dict(commune="Nghĩa Đàn", file="x.xlsx", sheet="Nhiệm vụ", cell="G9",
             issue_code="late-report", severity="warning", message="Nộp muộn", value=None),
    ]
    agency = {"agency": "UBND xã", "tasks": 6, "due_tasks": 2, "on_time_rate": 0.5,
              "red_flags": 2, **_status_counts(**{IN_PROGRESS: 5, OVERDUE: 1})}
    overview: dict[str, object] = {
        "expected": 3, "submitted": 2, "missing": 1, "late": 1, "not_on_roster": 0,
        "files": 2, "files_with_errors": 1, "tasks": 6, "due_tasks": 2,
        "on_time_rate": 0.5, "completion_rate": 1 / 6, "red_flags": 2, "update_rate": None,
    }
    return Consolidation(
        as_of=AS_OF, province="Lạng Sơn", period="Tháng 3/2026", settings=Settings(),
        communes=pd.DataFrame([first, second, missing], columns=list(COMMUNE_COLUMNS)),
        tasks=pd.DataFrame(tasks, columns=list(TASK_COLUMNS)),
        alerts=pd.DataFrame([alert], columns=list(ALERT_COLUMNS)),
        issues=pd.DataFrame(issues, columns=list(ISSUE_COLUMNS)),
        missing=pd.DataFrame([{"code": "06200", "full_name": "Xã Thuỵ Lôi",
                               "commune": "Thuỵ Lôi", "province": "Lạng Sơn"}]),
        agencies=pd.DataFrame([agency], columns=list(AGENCY_COLUMNS)),
        files=pd.DataFrame([{"file": "reports/loi_bac.xlsx", "commune": "Lợi Bác",
                             "outcome": "Đọc được", "sha256": "ab" * 32, "size": 18234,
                             "modified": "01/03/2026 08:15"}]),
        overview=overview,
        status_totals=_status_counts(**{DONE_ON_TIME: 1, IN_PROGRESS: 1, OVERDUE: 1,
                                        BEHIND: 1, NOT_STARTED: 2}),
        ranking_rule="Xếp theo tỷ lệ hoàn thành đúng hạn giảm dần, rồi số cảnh báo đỏ tăng dần.",
        version="0.1.0", roster_source="Danh mục đơn vị hành chính 2026 (tích hợp sẵn)",
        notes=("Danh sách nhiệm vụ đầy đủ được ghi ở tệp riêng.",),
    )


@pytest.fixture()
def book(result: Consolidation, tmp_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(write_summary(result, tmp_path / "tong_hop.xlsx"))


def _find(ws: Worksheet, value: object) -> tuple[int, int]:
    """(row, column) of the first cell holding ``value``."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell.row, cell.column
    raise AssertionError(f"{value!r} not found on {ws.title}")


def _header_row(ws: Worksheet, columns: tuple[str, ...]) -> int:
    """The row of the table whose headers are those of ``columns``; checks them all."""
    headers = [COLUMNS[key][0] for key in columns]
    for row in ws.iter_rows():
        values = [c.value for c in row[: len(headers)]]
        if values == headers:
            return row[0].row
    raise AssertionError(f"no header row {headers} on {ws.title}")


def _values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()]
            for ws in book.worksheets}


# --- structure -----------------------------------------------------------------------

def test_sheet_names_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == list(SHEETS)
    assert SHEETS == ("Tổng quan", "Biểu đồ", "Theo xã", "Chưa nộp", "Cảnh báo", "Nhiệm vụ",
                      "Theo cơ quan chủ trì", "Chỉ tiêu", "Chỉ tiêu theo xã", "Thẩm định",
                      "Khó khăn, vướng mắc", "Lỗi dữ liệu", "Thông tin")


@pytest.mark.parametrize("sheet, columns", [
    ("Theo xã", COMMUNE_COLUMNS), ("Chưa nộp", MISSING_COLUMNS),
    ("Cảnh báo", ALERT_COLUMNS), ("Nhiệm vụ", TASK_COLUMNS),
    ("Theo cơ quan chủ trì", AGENCY_COLUMNS), ("Lỗi dữ liệu", ISSUE_COLUMNS),
    ("Thông tin", FILE_COLUMNS),
])
def test_table_headers_filter_and_print_titles(book: openpyxl.Workbook, sheet: str,
                                               columns: tuple[str, ...]) -> None:
    ws = book[sheet]
    header = _header_row(ws, columns)
    assert ws.cell(header, 1).font.b
    assert ws.auto_filter.ref is not None
    assert ws.auto_filter.ref.startswith(f"A{header}:")
    assert ws.print_title_rows.replace("$", "") == f"{header}:{header}"
    if sheet != "Thông tin":
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith(str(header + 1))


def test_print_settings_on_every_sheet(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.page_setup.orientation in ("portrait", "landscape"), ws.title
        assert "Trang &P/&N" in ws.oddFooter.right.text, ws.title
        assert "Tháng 3/2026" in ws.oddFooter.left.text, ws.title
        assert printed_scale(ws) * FONT_SIZE >= MIN_FONT_PT - 1e-9, ws.title
    assert book["Tổng quan"].page_setup.orientation == "portrait"
    overview = book["Tổng quan"]
    assert overview.sheet_properties.pageSetUpPr.fitToPage
    assert overview.page_setup.fitToHeight in (1, None)  # one page (1 is the default)


def test_every_written_cell_uses_times_new_roman(book: openpyxl.Workbook) -> None:
    assert book._fonts[0].name == "Times New Roman"  # the workbook's default font
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "Times New Roman", (ws.title, cell.coordinate)


def test_properties(result: Consolidation, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_summary(result, tmp_path / "a.xlsx"))
    assert book.properties.creator == "nq57xl"
    assert "57-NQ/TW" in book.properties.title
    assert book.properties.subject and "Lạng Sơn" in book.properties.subject
    assert book.properties.created == datetime(2026, 3, 5)


# --- overview ------------------------------------------------------------------------

def test_overview_header_block_and_title(book: openpyxl.Workbook) -> None:
    ws = book["Tổng quan"]
    assert ws["A1"].value == "UBND TỈNH LẠNG SƠN"
    assert ws["A2"].value == "SỞ KHOA HỌC VÀ CÔNG NGHỆ" and ws["A2"].font.b
    assert ws["E1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and ws["E1"].font.b
    assert ws["E2"].value == "Độc lập - Tự do - Hạnh phúc" and ws["E2"].font.u == "single"
    assert ws["E4"].value == "Lạng Sơn, ngày 05 tháng 3 năm 2026" and ws["E4"].font.i
    title = "BÁO CÁO TỔNG HỢP TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW CỦA CÁC XÃ, PHƯỜNG"
    assert ws["A6"].value == title and ws["A6"].font.b
    assert ws["A7"].value == "Kỳ báo cáo: Tháng 3/2026"
    assert ws["A8"].value == "Số liệu tính đến ngày 05/03/2026"


def test_place_and_date_follows_decree_30() -> None:
    assert place_and_date("Tỉnh Nghệ An", date(2026, 11, 20)) == \
        "Nghệ An, ngày 20 tháng 11 năm 2026"
    assert place_and_date(None, date(2026, 1, 2)) == "……, ngày 02 tháng 01 năm 2026"


def test_overview_key_figures_equal_the_data(book: openpyxl.Workbook,
                                             result: Consolidation) -> None:
    ws = book["Tổng quan"]
    for key, label in OVERVIEW_LABELS.items():
        row, col = _find(ws, label)
        cell = ws.cell(row, col + 1)
        expected = result.overview[key]
        if expected is None:
            assert cell.value is None
        elif key.endswith("_rate"):
            assert cell.value == pytest.approx(expected)
            assert "%" in cell.number_format
        else:
            assert cell.value == expected


def test_overview_status_totals_and_notes(book: openpyxl.Workbook,
                                          result: Consolidation) -> None:
    ws = book["Tổng quan"]
    total = sum(result.status_totals.values())
    for status in STATUSES:
        row, col = _find(ws, status)
        assert ws.cell(row, col + 1).value == result.status_totals[status]
        assert ws.cell(row, col + 2).value == pytest.approx(
            result.status_totals[status] / total)
        assert ws.cell(row, col + 2).number_format == "0.0%"
    _find(ws, f"Cách xếp hạng: {result.ranking_rule}")
    _find(ws, f"- {result.notes[0]}")


def test_charts_sheet_has_doughnut_and_bars(book: openpyxl.Workbook) -> None:
    assert book["Tổng quan"]._charts == []  # the overview is one page of text and figures
    charts = book["Biểu đồ"]._charts
    kinds = sorted(type(c).__name__ for c in charts)
    assert kinds == ["BarChart", "DoughnutChart"]
    doughnut = next(c for c in charts if type(c).__name__ == "DoughnutChart")
    assert doughnut.series[0].val.numRef.f.startswith("'Tổng quan'!$C$")
    bar = next(c for c in charts if type(c).__name__ == "BarChart")
    assert bar.grouping == "percentStacked" and len(bar.series) == len(STATUSES)
    refs = bar.series[0].val.numRef.f
    assert refs.startswith("'Theo xã'!$") and refs.endswith("$5:$") is False


def test_bar_charts_split_at_most_45_communes_a_page() -> None:
    assert bar_chart_height(BARS_PER_CHART) <= 1000  # an A4 portrait page at 96 dpi
    assert bar_chart_height(40) < bar_chart_height(41)
    assert chunks(0) == [] and chunks(7) == [(0, 7)]
    parts = chunks(119)
    assert parts == [(0, FIRST_BARS), (30, 45), (75, 44)]
    for count in (1, 30, 31, 75, 76, 130, 500):
        parts = chunks(count)
        assert sum(n for _, n in parts) == count and max(n for _, n in parts) <= BARS_PER_CHART
        assert [s for s, _ in parts] == [sum(n for _, n in parts[:i]) for i in range(len(parts))]


# --- communes --------------------------------------------------------------------------

def test_communes_figures_equal_the_data(book: openpyxl.Workbook,
                                         result: Consolidation) -> None:
    ws = book["Theo xã"]
    header = _header_row(ws, COMMUNE_COLUMNS)
    col = {key: i + 1 for i, key in enumerate(COMMUNE_COLUMNS)}
    frame = result.communes
    for offset, (_, expected) in enumerate(frame.iterrows(), start=1):
        row = header + offset
        assert ws.cell(row, col["commune"]).value == expected["commune"]
        for key in COMMUNE_COLUMNS:
            kind = COLUMNS[key][1]
            value, want = ws.cell(row, col[key]).value, expected[key]
            if want is None or (isinstance(want, float) and pd.isna(want)):
                assert value is None, key
            elif kind == "bool":
                assert value == ("x" if want else None), key
            elif kind == "date":
                assert value == datetime.combine(want, datetime.min.time()), key
                assert ws.cell(row, col[key]).number_format == "dd/mm/yyyy"
            elif kind == "rate":
                assert value == pytest.approx(want), key
                assert ws.cell(row, col[key]).number_format == "0.0%"
            elif kind == "link":
                assert value == Path(want).name
            else:
                assert value == want, key
    assert "Cách xếp hạng: " + result.ranking_rule in [c.value for c in ws["A"]]


def test_communes_file_is_a_hyperlink(book: openpyxl.Workbook) -> None:
    ws = book["Theo xã"]
    row, col = _find(ws, "loi_bac.xlsx")
    link = ws.cell(row, col).hyperlink
    assert link is not None and link.target.replace("\\", "/") == "reports/loi_bac.xlsx"
    row, col = _find(ws, "Nghĩa Đàn báo cáo.xlsx")
    assert ws.cell(row, col).hyperlink is not None


def test_communes_totals_row_uses_cell_formulas_only(book: openpyxl.Workbook) -> None:
    ws = book["Theo xã"]
    row, _ = _find(ws, "Tổng cộng")
    header = _header_row(ws, COMMUNE_COLUMNS)
    tasks_col = COMMUNE_COLUMNS.index("tasks") + 1
    letter = openpyxl.utils.get_column_letter(tasks_col)
    assert ws.cell(row, tasks_col).value == f"=SUBTOTAL(109,{letter}{header + 1}:{letter}{row - 1})"


def test_communes_conditional_formats(book: openpyxl.Workbook) -> None:
    ws = book["Theo xã"]
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    kinds = {r.type for r in rules}
    assert {"colorScale", "cellIs", "expression"} <= kinds
    formulas = " ".join(f for r in rules for f in (r.formula or []))
    assert '"Chưa nộp"' in formulas and '"x"' in formulas


# --- safety ----------------------------------------------------------------------------

_SUBTOTAL = re.compile(r"^=SUBTOTAL\(109,[A-Z]{1,3}\d+:[A-Z]{1,3}\d+\)$")


def test_no_formula_cells_except_totals(book: openpyxl.Workbook) -> None:
    formulas = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas += 1
                    assert ws.title in ("Theo xã", "Theo cơ quan chủ trì")
                    assert _SUBTOTAL.match(cell.value), (ws.title, cell.value)
    assert formulas > 0


def test_injection_texts_stay_plain_strings(book: openpyxl.Workbook) -> None:
    ws = book["Nhiệm vụ"]
    header = _header_row(ws, TASK_COLUMNS)
    name_col = TASK_COLUMNS.index("name") + 1
    names = [ws.cell(header + i, name_col) for i in range(1, len(INJECTIONS) + 1)]
    assert [c.value for c in names] == list(INJECTIONS)
    assert all(c.data_type == "s" for c in names)
    alert = book["Cảnh báo"].cell(_header_row(book["Cảnh báo"], ALERT_COLUMNS) + 1,
                                  ALERT_COLUMNS.index("name") + 1)
    assert alert.value == INJECTIONS[0] and alert.data_type == "s"
    issue_ws = book["Lỗi dữ liệu"]
    value = issue_ws.cell(_header_row(issue_ws, ISSUE_COLUMNS) + 1, len(ISSUE_COLUMNS))
    assert value.value == "=1+1" and value.data_type == "s"


def test_long_or_odd_paths_are_plain_text(result: Consolidation, tmp_path: Path) -> None:
    long_path = "C:\\" + "thư mục rất dài\\" * 20 + "báo cáo.xlsx"
    assert link_url(long_path, tmp_path) is None
    assert link_url("a#b.xlsx", tmp_path) is None
    assert link_url("C:\\bc\\x.xlsx", tmp_path) is None  # see tests/summary/test_links.py
    communes = result.communes.copy()
    communes.loc[0, "file"] = long_path
    odd = _replace(result, communes=communes)
    ws = openpyxl.load_workbook(write_summary(odd, tmp_path / "b.xlsx"))["Theo xã"]
    row, col = _find(ws, long_path)
    assert ws.cell(row, col).hyperlink is None and ws.cell(row, col).data_type == "s"


def _replace(result: Consolidation, **changes: Any) -> Consolidation:
    from dataclasses import replace

    return replace(result, **changes)


# --- other sheets ----------------------------------------------------------------------

def test_missing_alerts_agencies_issues(book: openpyxl.Workbook,
                                        result: Consolidation) -> None:
    ws = book["Chưa nộp"]
    header = _header_row(ws, MISSING_COLUMNS)
    assert [c.value for c in ws[header + 1]][:4] == ["06200", "Xã Thuỵ Lôi", "Thuỵ Lôi",
                                                      "Lạng Sơn"]
    _find(ws, "Số xã, phường chưa nộp báo cáo: 1. Số liệu tính đến ngày 05/03/2026.")
    ws = book["Cảnh báo"]
    row = _header_row(ws, ALERT_COLUMNS) + 1
    assert ws.cell(row, ALERT_COLUMNS.index("days_overdue") + 1).value == 33
    due = ws.cell(row, ALERT_COLUMNS.index("due") + 1)
    assert due.value == datetime(2026, 1, 31) and due.number_format == "dd/mm/yyyy"
    ws = book["Theo cơ quan chủ trì"]
    row = _header_row(ws, AGENCY_COLUMNS) + 1
    assert ws.cell(row, 1).value == "UBND xã" and ws.cell(row, 2).value == 6
    ws = book["Lỗi dữ liệu"]
    row = _header_row(ws, ISSUE_COLUMNS) + 1
    severity = ISSUE_COLUMNS.index("severity") + 1
    assert [ws.cell(row, severity).value, ws.cell(row + 1, severity).value] == \
        ["Lỗi", "Cảnh báo"]


def test_info_sheet(book: openpyxl.Workbook, result: Consolidation) -> None:
    ws = book["Thông tin"]
    for label, value in result.settings.as_rows():
        row, col = _find(ws, label)
        assert ws.cell(row, col + 1).value == value
    row, col = _find(ws, "Phiên bản chương trình (nq57xl)")
    assert ws.cell(row, col + 1).value == "0.1.0"
    row, col = _find(ws, "Ngày tính số liệu")
    assert ws.cell(row, col + 1).value == datetime(2026, 3, 5)
    header = _header_row(ws, FILE_COLUMNS)
    assert ws.cell(header + 1, FILE_COLUMNS.index("size") + 1).value == 18234


def test_empty_tables_get_a_no_data_line(result: Consolidation, tmp_path: Path) -> None:
    empty = _replace(result, alerts=result.alerts.iloc[0:0], missing=pd.DataFrame(),
                     issues=pd.DataFrame(columns=list(ISSUE_COLUMNS)))
    book = openpyxl.load_workbook(write_summary(empty, tmp_path / "e.xlsx"))
    for sheet, columns in (("Cảnh báo", ALERT_COLUMNS), ("Chưa nộp", MISSING_COLUMNS),
                           ("Lỗi dữ liệu", ISSUE_COLUMNS)):
        ws = book[sheet]
        header = _header_row(ws, columns)
        assert ws.cell(header + 1, 1).value == NO_DATA


def test_no_submitted_commune(result: Consolidation, tmp_path: Path) -> None:
    communes = result.communes.iloc[[2]]
    empty = _replace(result, communes=communes, tasks=result.tasks.iloc[0:0])
    book = openpyxl.load_workbook(write_summary(empty, tmp_path / "n.xlsx"))
    assert len(book["Biểu đồ"]._charts) == 1
    _find(book["Biểu đồ"], "Chưa có xã, phường nào nộp báo cáo.")


# --- writing -----------------------------------------------------------------------------

def test_same_input_same_bytes(result: Consolidation, tmp_path: Path) -> None:
    first = write_summary(result, tmp_path / "1.xlsx")
    second = write_summary(result, tmp_path / "2.xlsx")
    assert first.read_bytes() == second.read_bytes()
    assert _values(first) == _values(second)


def test_constant_memory_gives_the_same_cells(result: Consolidation, tmp_path: Path) -> None:
    normal = write_summary(result, tmp_path / "normal.xlsx")
    low = write_summary(result, tmp_path / "low.xlsx", constant_memory=True)
    assert _values(low) == _values(normal)
    assert len(openpyxl.load_workbook(low)["Biểu đồ"]._charts) == 2


def test_failure_leaves_previous_file_and_no_temp(result: Consolidation, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "tong_hop.xlsx"
    write_summary(result, target)
    before = target.read_bytes()

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(summary_writer, "_write_tasks", boom)
    changed = _replace(result, version="9.9.9")
    with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
        write_summary(changed, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tong_hop.xlsx"]


def test_failure_without_previous_file(result: Consolidation, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_writer, "_write_issues",
                        lambda *a, **k: (_ for _ in ()).throw(ValueError("x")))
    with pytest.raises(ValueError):
        write_summary(result, tmp_path / "new.xlsx", constant_memory=True)
    assert list(tmp_path.iterdir()) == []


def test_many_communes(result: Consolidation, tmp_path: Path) -> None:
    base = result.communes.iloc[0].to_dict()
    rows = [{**base, "rank": i, "commune": f"Xã số {i}", "code": f"{i:05d}"}
            for i in range(1, 61)]
    big = _replace(result, communes=pd.DataFrame(rows))
    path = write_summary(big, tmp_path / "big.xlsx", constant_memory=True)
    ws = openpyxl.load_workbook(path)["Theo xã"]
    header = _header_row(ws, COMMUNE_COLUMNS)
    assert ws.cell(header + 60, 2).value == "Xã số 60"


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")),
                    reason="LibreOffice is not installed")
def test_libreoffice_converts_to_pdf(result: Consolidation, tmp_path: Path, office: Office) -> None:
    source = write_summary(result, tmp_path / "tong_hop.xlsx")
    out = tmp_path / "pdf"
    office.convert(source, "pdf", out, timeout=120)
    pdf = out / "tong_hop.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0
