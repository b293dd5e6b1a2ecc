"""Scale: no step grows faster than its inputs; the national-size task list goes to a file."""

from __future__ import annotations

import csv as csv_module
import io
import re
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from nq57xl.province.consolidate import consolidate
from nq57xl.province.reading import read_sequential
from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.province.parallel import read_isolated
from nq57xl.records import Deadline, Metadata, Task, TaskStatus
from nq57xl.summary.writer import write_summary
from nq57xl.summary.tasklist import split_task_list
from nq57xl.province.taskrows import TASK_FIELDS, task_rows
from nq57xl.template.build import build_template
from nq57xl.province.inputs import InputFile
from nq57xl.assess.status import Settings

AS_OF = date(2026, 11, 23)


def make_communes(folder: Path, n: int, tasks: int = 12) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rows: list[dict] = [{"section": "I", "title": "Mục"}]
        for t in range(1, tasks + 1):
            rows.append({"stt": str(t), "name": f"Nhiệm vụ {t} của xã {i}", "lead": "Công an xã",
                         "deadline": "Quý II/2026" if t % 2 else "Thường xuyên",
                         "state": "Đang thực hiện", "progress": 30, "updated": date(2026, 11, 1)})
        rows[1]["name"] = "=HYPERLINK(\"http://x\")"
        build_template(folder / f"xa_{i:03d}.xlsx",
                       metadata=Metadata(commune=f"Xã Thử {i}", province="Lạng Sơn",
                                         report_date=date(2026, 11, 15)), rows=rows)
    return folder


def count_calls(fn) -> int:
    calls = 0

    def profiler(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profiler)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def test_work_grows_linearly_with_the_number_of_communes(tmp_path):
    """Count every function call of a whole consolidation (reading to summary) at N and 3N."""
    small = make_communes(tmp_path / "small", 4)
    large = make_communes(tmp_path / "large", 12)

    def job(folder: Path) -> None:
        result = consolidate(folder, as_of=AS_OF, province="Lạng Sơn", read=read_sequential)
        write_summary(result, folder.parent / f"{folder.name}.xlsx")

    job(small)  # warm caches and imports
    n_small = count_calls(lambda: job(small))
    n_large = count_calls(lambda: job(large))
    assert n_large < 3 * n_small * 1.15, (n_small, n_large)


def test_parallel_reading_gives_the_same_results_in_input_order(tmp_path):
    folder = make_communes(tmp_path / "p", 20, tasks=3)
    items = [InputFile(p, p.name) for p in sorted(folder.glob("*.xlsx"))]
    one = read_sequential(items, AS_OF, Settings())
    two = read_isolated(items, AS_OF, Settings(), workers=2)
    assert [s.input.name for s in two] == [i.name for i in items]
    assert [s.rows for s in two] == [s.rows for s in one]
    assert [len(s.rows) for s in two] == [3] * 20
    assert [(s.report, s.figures) for s in two] == [(s.report, s.figures) for s in one]


def test_big_task_list_goes_to_a_separate_file(tmp_path):
    folder = make_communes(tmp_path / "in", 3, tasks=4)
    result = consolidate(folder, as_of=AS_OF, province="Lạng Sơn", read=read_sequential)
    out = tmp_path / "tong_hop.xlsx"
    small = split_task_list(result, out, max_rows=100)
    assert small is result
    split = split_task_list(result, out, max_rows=5)
    csv = tmp_path / "tong_hop_nhiem_vu.csv"
    assert split.tasks_file == csv.name and split.tasks_total == 12 and len(split.tasks) == 0
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Xã/phường,Mã xã,Mục")
    assert len(lines) == 13
    assert any("'=HYPERLINK" in line for line in lines)  # inert in Excel
    assert not any(",=HYPERLINK" in line for line in lines)
    rows = list(csv_module.reader(io.StringIO(csv.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    due = [r[header.index("Hạn (ngày)")] for r in body]
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", d) for d in due if d) and any(due)
    assert {r[header.index("Cảnh báo đỏ")] for r in body} <= {"x", ""}
    assert [r[header.index("STT")] for r in body] == [t for t in result.tasks["stt"]]
    write_summary(split, out)
    wb = openpyxl.load_workbook(out)
    texts = [c.value for row in wb["Nhiệm vụ"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("tong_hop_nhiem_vu.csv" in t for t in texts)
    overview = [c.value for row in wb["Tổng quan"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("tong_hop_nhiem_vu.csv" in t for t in overview)


def test_fast_rows_match_cell_by_cell_writing(tmp_path, monkeypatch):
    """Tables above the fast-path threshold hold the same values as written cell by cell."""
    folder = make_communes(tmp_path / "in", 4, tasks=6)
    result = consolidate(folder, as_of=AS_OF, province="Lạng Sơn", read=read_sequential)
    slow, fast = tmp_path / "slow.xlsx", tmp_path / "fast.xlsx"
    write_summary(result, slow)
    monkeypatch.setattr("nq57xl.summary.blocks.FAST_ROWS", 2)
    write_summary(result, fast)
    a, b = openpyxl.load_workbook(slow), openpyxl.load_workbook(fast)
    for name in ("Nhiệm vụ", "Cảnh báo", "Lỗi dữ liệu"):
        va = [[c.value for c in row] for row in a[name].iter_rows()]
        vb = [[c.value for c in row] for row in b[name].iter_rows()]
        assert va == vb, name
        assert all(c.data_type != "f" for row in b[name].iter_rows() for c in row)
        fa = [[(c.number_format, c.alignment.wrap_text) for c in row] for row in a[name].iter_rows()]
        fb = [[(c.number_format, c.alignment.wrap_text) for c in row] for row in b[name].iter_rows()]
        assert fa == fb, name
    # Cells of the fast path carry no "r" attribute: calamine places them as openpyxl does.
    book = python_calamine.CalamineWorkbook.from_path(str(fast))
    for name in ("Nhiệm vụ", "Cảnh báo"):
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells = [[c.value for c in row] for row in b[name].iter_rows()]
        assert len(grid) == len(cells), name
        for got, want in zip(grid, cells):
            assert [_plain(v) for v in got[:len(want)]] == [_plain(v) for v in want], name


def _plain(value: object) -> object:
    """A cell value compared across readers: dates as dates, numbers as floats, blank as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")),
                    reason="LibreOffice is not installed")
def test_libreoffice_reads_fast_rows_as_written_cell_by_cell(tmp_path, monkeypatch, office):
    """LibreOffice shows the same text (dates formatted) for fast rows as for xlsxwriter's."""
    folder = make_communes(tmp_path / "in", 4, tasks=6)
    result = consolidate(folder, as_of=AS_OF, province="Lạng Sơn", read=read_sequential)
    write_summary(result, tmp_path / "slow.xlsx")
    monkeypatch.setattr("nq57xl.summary.blocks.FAST_ROWS", 2)
    write_summary(result, tmp_path / "fast.xlsx")
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    for name in ("slow", "fast"):
        office.convert(tmp_path / f"{name}.xlsx", every_sheet, tmp_path / name)
    for sheet in ("Nhiệm vụ", "Cảnh báo", "Lỗi dữ liệu"):
        slow = (tmp_path / "slow" / f"slow-{sheet}.csv").read_text(encoding="utf-8")
        fast = (tmp_path / "fast" / f"fast-{sheet}.csv").read_text(encoding="utf-8")
        assert slow.count("\n") > 5 and fast == slow, sheet


def test_task_rows_follow_the_field_list():
    tasks = (Task(stt="1", name="Số hoá hồ sơ", row=5, lead="Phòng Kinh tế",
                  deadline=Deadline("Quý II/2026", "date", date(2026, 6, 30)), progress=40.0),)
    statuses = (TaskStatus("Quá hạn", red_flag=True, expected=66.666, days_overdue=146,
                           shortfall=26.666, reason="quá hạn"),)
    (row,) = task_rows(tasks, statuses)
    fields = dict(zip(TASK_FIELDS, row))
    assert len(row) == len(TASK_FIELDS)
    assert fields["name"] == "Số hoá hồ sơ" and fields["row"] == 5
    assert fields["due"] == date(2026, 6, 30) and fields["deadline_kind"] == "date"
    assert fields["status"] == "Quá hạn" and fields["red_flag"] is True
    assert fields["expected"] == 66.7 and fields["shortfall"] == 26.7
    with pytest.raises(ValueError):
        task_rows(tasks, ())
