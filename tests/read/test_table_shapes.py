"""Table shapes as offices write them (issue #16 items 2, 3, 4, 7), on grids.

Each grid is a list of rows as a reader gives them (row 0 is sheet row 1); the tests
read them with :func:`find_header` and :func:`parse_table` and check every task's STT,
section and text, and that nothing below the table is glued to a task.
"""

from __future__ import annotations

import pytest

from nq57xl.read.header_rows import find_header
from nq57xl.read.merges import fill_merges
from nq57xl.read.table import parse_table

HEAD = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
T1 = ["1", "Việc một", "Văn phòng", "Quý I/2026"]
T2 = ["2", "Việc hai", "Phòng Kinh tế", "Tháng 6/2026"]


def read(rows, merges=()):
    header = find_header(rows)
    assert header is not None
    return header, parse_table(rows, header, file="x.xlsx", sheet="S", merges=merges)


def blob(table) -> str:
    return " ".join(str(v) for t in table.tasks for v in t.values.values())


# --- item 2: where the table ends -------------------------------------------------------

BELOW = {
    "signature": [["", "Nơi nhận:", "", "TM. ỦY BAN NHÂN DÂN"], ["", "- Như trên;", "", "KT. CHỦ TỊCH"],
                  ["", "- Lưu: VT.", "", "PHÓ CHỦ TỊCH"], ["", "", "", "(Ký, đóng dấu)"],
                  ["", "", "", "Lê Đình Thắng"]],
    "title and name": [["", "", "CHỦ TỊCH", ""], ["", "", "Nguyễn Văn An", ""]],
    "preparer": [["", "Người lập biểu", "", "TM. UBND XÃ"], ["", "Trần Thị Mai", "", ""]],
    "totals then signature": [["", "Tổng cộng", "", 2], ["", "", "", "KT. CHỦ TỊCH"]],
    "totals in STT": [["Tổng số", "", "", ""], ["", "Trần Thị Mai", "", ""]],
    "notes": [["", "Ghi chú: số liệu tính đến 30/11", "", ""], ["", "Trong đó: 1 nhiệm vụ", "", ""]],
    "second table": [["Biểu 02", "", "", ""], ["", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "", ""],
                     ["STT", "Chỉ tiêu", "Đơn vị", "Kết quả"], ["1", "Tỷ lệ hồ sơ trực tuyến", "%", 80]],
    "indicators header": [["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"], ["1", "Hồ sơ", "%", 80]],
    "place and date": [["", "", "Đô Lương, ngày 30 tháng 11 năm 2026", ""], ["", "", "Chủ tịch", ""],
                       ["", "", "Nguyễn Văn An", ""]],
    "reporter": [["", "Người báo cáo", "", ""], ["", "Lưu ý: số liệu tạm tính", "", ""]],
    "a name alone": [[], ["", "", "Lê Đình Thắng", ""]],
}


@pytest.mark.parametrize("below", BELOW.values(), ids=BELOW.keys())
def test_nothing_below_the_table_is_a_task_or_glued_to_one(below):
    _, table = read([["BÁO CÁO"], HEAD, T1, T2, *below])
    assert [t.stt for t in table.tasks] == ["1", "2"]
    assert table.tasks[1].values == {"name": "Việc hai", "lead": "Phòng Kinh tế",
                                     "deadline": "Tháng 6/2026"}
    assert not table.tasks[1].continuation_rows


def test_tasks_below_the_end_are_reported_with_the_row_that_ended_the_table():
    _, table = read([HEAD, T1, ["", "Biểu 02"], ["STT", "Chỉ tiêu"], ["1", "Hồ sơ", "%", 80],
                     ["2", "Dịch vụ", "%", 60]])
    [p] = [p for p in table.problems if p.code == "rows-after-table-end"]
    assert (p.cell, p.row, p.severity) == ("A3", 3, "warning")
    assert "dòng 3 («Biểu 02»); 2 dòng" in p.message and "dòng 5, 6" in p.message
    assert table.end == (3, "Biểu 02")


def test_a_row_of_sums_is_skipped_and_ends_the_continuation():
    _, table = read([HEAD + ["Tiến độ (%)"], T1 + [50], T2 + [70], ["", "", "", "", 120],
                     ["", "tiếp theo dòng lạ", "", ""]])
    assert [t.values.get("progress") for t in table.tasks] == [50, 70]
    assert table.tasks[1].values["name"] == "Việc hai"
    assert [p.code for p in table.problems] == ["unplaced-row"]


@pytest.mark.parametrize("rows, joined", [
    ([T1, ["", "và hoàn thiện", "", ""]], "Việc một và hoàn thiện"),
    ([T1, ["", "- lập kế hoạch;", "", ""], ["", "+ tổ chức thực hiện", "", ""]],
     "Việc một - lập kế hoạch; + tổ chức thực hiện"),
    ([T1, [], ["", "sau ngắt trang", "", ""]], "Việc một sau ngắt trang"),
    ([T1, HEAD, ["", "sau tiêu đề lặp", "", ""]], "Việc một sau tiêu đề lặp"),
], ids=["right after", "bullets", "blank row", "repeated header"])
def test_continuation_rows_join_the_task_above(rows, joined):
    _, table = read([HEAD, *rows])
    assert [t.values["name"] for t in table.tasks] == [joined]


@pytest.mark.parametrize("text", ["Kế hoạch 45/KH-UBND, ngày 20 tháng 3 năm 2026", "Lê Đình Thắng",
                                  "Chủ tịch UBND xã chỉ đạo", "trong đó có 3 xã"])
def test_continuations_that_look_like_a_signature_block_are_still_joined(text):
    _, table = read([HEAD, T1, ["", text, "", ""]])
    assert table.tasks[0].values["name"] == "Việc một " + text and table.end is None


def test_a_number_only_row_is_not_a_continuation():
    _, table = read([HEAD, T1, ["", "", "", 46000.0]])
    assert table.tasks[0].values["deadline"] == "Quý I/2026"


# --- item 3: headers --------------------------------------------------------------------

TWO_ROW = [
    ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Tiến độ thực hiện", "", "", ""],
    ["", "", "", "", "Tình trạng", "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng"],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    ["1", "Việc một", "Văn phòng", "Quý I/2026", "Đã hoàn thành", 100, "20/3/2026", "KH 45"],
]


def test_a_group_header_over_sub_headers_gives_the_sub_headers():
    header, table = read(TWO_ROW + TWO_ROW[:3] + [["", "tiếp theo", "", "", "", "", "", ""]])
    assert header.columns == {"stt": 0, "name": 1, "lead": 2, "deadline": 3, "state": 4,
                              "progress": 5, "done_date": 6, "evidence": 7}
    assert (header.row_index, header.first_data_row) == (0, 3)
    assert [t.values["state"] for t in table.tasks] == ["Đã hoàn thành"]
    assert table.tasks[0].values["name"] == "Việc một tiếp theo"  # header repeated at a page break
    assert not table.problems


def test_a_sub_header_row_keeps_the_headers_above_the_cells_it_leaves_to_them():
    rows = [["STT", "Tên nhiệm vụ", "Thời gian hoàn thành", "Tiến độ thực hiện", ""],
            ["", "(ghi rõ)", "", "Tình trạng", "Tiến độ (%)"], ["1", "Việc", "2026", "Đang thực hiện", 50]]
    header, _ = read(rows)
    assert header.columns == {"stt": 0, "name": 1, "deadline": 2, "state": 3, "progress": 4}


@pytest.mark.parametrize("numbers", [[1, 2, 3, 4], ["1", "2", "3", "4"], ["(1)", "(2)", "(3)", "(4)"],
                                     ["(1)", "(2)", "(3)", "(4)=(2)/(3)"]])
def test_the_row_of_column_numbers_is_skipped(numbers):
    header, table = read([HEAD, numbers, T1])
    assert header.first_data_row == 2
    assert [t.stt for t in table.tasks] == ["1"] and not table.problems


@pytest.mark.parametrize("text, key", [
    ("Thời gian hoàn thành (theo Kế hoạch)", "deadline"),
    ("Cơ quan chủ trì (*)", "lead"),
    ("Tỷ lệ hoàn thành (%)", "progress"),
    ("Thời hạn", "deadline"),
    ("Kết quả thực hiện", "result"),
    ("Trạng thái", "state"),
])
def test_office_headers_match(text, key):
    header, _ = read([["STT", "Tên nhiệm vụ", text], ["1", "Việc", "x"]])
    assert header.columns[key] == 2


@pytest.mark.parametrize("header", ["Tiến độ thực hiện", "Kết quả thực hiện", "Tình hình thực hiện"])
@pytest.mark.parametrize("values, key", [
    (["Đang thực hiện", "Đã hoàn thành", "Chưa triển khai"], "state"),
    ([60, "80%", 100], "progress"),
    (["Đã ban hành kế hoạch", "Đang xây dựng dự thảo", "Đã hoàn thành"], None),
])
def test_report_style_headers_are_settled_by_their_values(header, values, key):
    rows = [HEAD + [header]] + [[str(i + 1), "V", "P", "2026", v] for i, v in enumerate(values)]
    header_row, _ = read(rows)
    expected = key or ("state" if header == "Tiến độ thực hiện" else "result")
    assert header_row.columns[expected] == 4 and header_row.headers[expected] == header


def test_a_report_style_header_leaves_a_taken_key_to_its_own_column():
    rows = [HEAD + ["Kết quả thực hiện", "Tình trạng"], ["1", "V", "P", "2026", "Đã xong", "Đã hoàn thành"]]
    header, _ = read(rows)
    assert (header.columns["result"], header.columns["state"]) == (4, 5) and not header.problems


def test_a_hidden_column_repeating_a_visible_header_is_left_out():
    rows = [HEAD + ["Tiến độ (%)", "Tiến độ (%)"], T1 + [40, 60]]
    header = find_header(rows, hidden_columns=frozenset({4}))
    assert header.columns["progress"] == 5
    assert [p.code for p in header.problems] == ["hidden-duplicate-column"]
    assert header.problems[0].cell == "E1"


def test_the_missing_column_message_names_the_header_row_and_the_headers_read():
    header = find_header([["Báo cáo"], ["STT", "Nội dung", "Ghi chú"], ["1", "V", ""]],
                         file="x.xlsx", sheet="S")
    messages = [p.message for p in header.problems if p.code == "missing-column"]
    assert len(messages) == 2
    assert "ở dòng tiêu đề 2" in messages[0]
    assert "A «STT», B «Nội dung», C «Ghi chú»" in messages[0]


# --- item 4: merged cells ---------------------------------------------------------------

def test_a_value_merged_down_belongs_to_every_row_it_covers():
    rows = [HEAD, T1, ["2", "Việc hai", "", ""], ["3", "Việc ba", "", "Năm 2026"]]
    _, table = read(rows, merges=[(1, 2, 3, 2), (1, 3, 2, 3), (0, 0, 0, 0)])
    assert [t.values.get("lead") for t in table.tasks] == ["Văn phòng"] * 3
    assert [t.values.get("deadline") for t in table.tasks] == ["Quý I/2026", "Quý I/2026", "Năm 2026"]


def test_an_stt_merged_over_two_rows_makes_one_task():
    rows = [HEAD, ["1", "Việc viết", "Văn phòng", "Quý I/2026"], ["", "trên hai dòng", "", ""], T2]
    _, table = read(rows, merges=[(1, 0, 2, 0), (1, 2, 2, 2)])
    assert [t.stt for t in table.tasks] == ["1", "2"]
    assert table.tasks[0].values["name"] == "Việc viết trên hai dòng"
    assert table.tasks[0].values["lead"] == "Văn phòng"  # merged, not doubled


def test_merges_above_the_data_are_left_alone():
    fill = fill_merges([HEAD, ["", "x"], T1], [(0, 0, 1, 0)], first_row=2, stt_col=0)
    assert fill.rows[1] == ["", "x"] and not fill.filled


# --- item 7: structure ------------------------------------------------------------------

def test_parts_above_roman_sections_are_in_the_task_identity():
    rows = [HEAD, ["A", "NHIỆM VỤ CỦA ĐẢNG ỦY"], ["I", "Chỉ đạo"], T1,
            ["B.", "NHIỆM VỤ CỦA UBND"], ["I", "Hạ tầng"], T1, ["C", "Tổ chức thực hiện"], T2]
    _, table = read(rows)
    assert [(t.section, t.stt) for t in table.tasks] == [("A.I", "1"), ("B.I", "1"), ("C", "2")]
    assert [(s.label, s.parent) for s in table.sections] == [
        ("A", None), ("A.I", "A"), ("B", None), ("B.I", "B"), ("C", None)]
    assert not table.problems


def test_c_without_parts_is_a_roman_section():
    _, table = read([HEAD, ["C", "Mục một trăm"], T1])
    assert [(t.section, t.stt) for t in table.tasks] == [("C", "1")]


@pytest.mark.parametrize("merges", [(), ((2, 2, 4, 2),)], ids=["own leads", "lead merged down"])
def test_a_title_only_group_row_over_numbered_children_is_a_heading(merges):
    group, child = ("VP", "") if merges else ("", "VP")
    rows = [HEAD, ["I", "Mục"], ["2", "Nhóm nhiệm vụ về dữ liệu", group], ["2.1", "Việc a", child, "2026"],
            ["2.2", "Việc b", child, "2026"], ["3", "Việc c", "VP", "2026"]]
    _, table = read(rows, merges=merges)
    assert [t.values.get("lead") for t in table.tasks] == ["VP"] * 3
    assert [t.stt for t in table.tasks] == ["2.1", "2.2", "3"]
    assert ("2", "Nhóm nhiệm vụ về dữ liệu", "I") in {(s.label, s.title, s.parent)
                                                      for s in table.sections}


@pytest.mark.parametrize("item", [["a)", "Việc con a", "VP", "Quý II/2026"],
                                  ["", "a) Việc con a", "VP", "Quý II/2026"],
                                  ["a", "Việc con a", "", "Quý II/2026"]])
def test_sub_items_with_their_own_lead_or_deadline_are_tasks(item):
    rows = [HEAD, ["4", "Nhóm việc"], item, ["b)", "Việc con b", "VP", "Quý III/2026"], T1]
    _, table = read(rows)
    assert [t.stt for t in table.tasks] == ["4a", "4b", "1"]


def test_sub_items_without_their_own_lead_or_deadline_continue_the_task():
    rows = [HEAD, ["4", "Việc bốn", "VP", "2026"], ["a)", "ý thứ nhất"], ["b)", "ý thứ hai"]]
    _, table = read(rows)
    assert [(t.stt, t.values["name"]) for t in table.tasks] == [
        ("4", "Việc bốn ý thứ nhất ý thứ hai")]


def test_task_numbers_typed_with_leading_zeros_are_the_same_numbers():
    _, table = read([HEAD, ["01", "Việc một", "VP", "2026"], ["02.1", "Việc hai", "VP", "2026"]])
    assert [t.stt for t in table.tasks] == ["1", "2.1"]


def test_parts_and_sections_written_in_the_name_cell_are_headings_not_continuations():
    rows = [HEAD, ["", "A. NHIỆM VỤ CỦA ĐẢNG ỦY"], ["", "I - Chỉ đạo"], T1,
            ["", "II. HẠ TẦNG SỐ"], T2, ["", "B. NHIỆM VỤ CỦA UBND"], ["", "I. Dữ liệu"], T1]
    _, table = read(rows)
    assert [(t.section, t.stt, t.values["name"]) for t in table.tasks] == [
        ("A.I", "1", "Việc một"), ("A.II", "2", "Việc hai"), ("B.I", "1", "Việc một")]
    assert not table.problems


def test_a_mark_under_a_state_header_gives_the_state():
    rows = [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Kết quả thực hiện", "", ""],
            ["", "", "", "", "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"],
            ["1", "Việc một", "VP", "2026", "x", "", ""], ["2", "Việc hai", "VP", "2026", "", "X", ""],
            ["3", "Việc ba", "VP", "2026", "", "", "x"], ["4", "Việc bốn", "VP", "2026"]]
    header, table = read(rows)
    assert [c for c, _ in header.marks] == [4, 5, 6]
    assert "state" not in header.columns and "result" not in header.columns
    assert [t.values.get("state") for t in table.tasks] == [
        "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện", None]
    assert table.tasks[1].cells["state"] == "F4"


def test_a_row_after_an_unplaced_row_is_not_joined_to_the_task_above():
    _, table = read([HEAD, T1, ["*", "dòng lạ"], ["", "không phải phần của việc một"]])
    assert table.tasks[0].values["name"] == "Việc một"
    assert [p.code for p in table.problems] == ["unplaced-row", "unplaced-row"]
