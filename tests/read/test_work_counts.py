"""No quadratic step in reading: work is counted (not timed) on 2,000 and 20,000 rows.

Two steps used to grow with the square of the rows: percent-formatted progress cells
were looked up one by one through openpyxl's read-only ``ws[addr]`` (each look-up
parses the sheet again), and the text of continuation rows was cleaned again as a
whole at every row it grew by.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet import _reader

from nq57xl.read import table
from nq57xl.read.commune import read_commune
from nq57xl.read.limits import Limits

HEADERS = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành",
           "Tình trạng thực hiện", "Tiến độ (%)"]


def _percent_workbook(path: Path, tasks: int) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(HEADERS)
    for n in range(1, tasks + 1):
        ws.append([n, f"Nhiệm vụ số {n}", "Phòng Kinh tế", "Quý IV/2026", "Đang thực hiện", 0.6])
        ws.cell(row=n + 1, column=6).number_format = "0%"
    wb.save(path)
    return path


def _continued_workbook(path: Path, continuations: int) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(HEADERS)
    ws.append([1, "Nhiệm vụ có phần tiếp theo", "Phòng Kinh tế", "Quý IV/2026"])
    for n in range(continuations):
        ws.append([None, f"dòng tiếp {n}"])
    wb.save(path)
    return path


def _sheet_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = _reader.WorkSheetParser.parse

    def counting(self):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(self)

    monkeypatch.setattr(_reader.WorkSheetParser, "parse", counting)
    return calls


@pytest.mark.parametrize("tasks", [2_000, 20_000])
def test_percent_formats_are_read_in_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              tasks: int) -> None:
    path = _percent_workbook(tmp_path / "phan_tram.xlsx", tasks)
    parses = _sheet_parses(monkeypatch)
    report = read_commune(path, limits=Limits(max_rows=30_000))
    assert len(report.tasks) == tasks
    assert {t.progress for t in report.tasks} == {60}
    assert len(parses) == 1  # not one parse per progress cell


def _cleaned_characters(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    original = table.clean_text

    def counting(value: object) -> str:
        seen.append(len(str(value)))
        return original(value)

    monkeypatch.setattr(table, "clean_text", counting)
    return seen


def test_continuation_text_is_joined_once(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    work = {}
    for rows in (2_000, 20_000):
        path = _continued_workbook(tmp_path / f"tiep_{rows}.xlsx", rows)
        seen = _cleaned_characters(monkeypatch)
        report = read_commune(path, limits=Limits(max_rows=30_000))
        assert len(report.tasks) == 1
        assert report.tasks[0].name.startswith("Nhiệm vụ có phần tiếp theo dòng tiếp 0 dòng tiếp 1 ")
        work[rows] = sum(seen)
    # Ten times the rows, about ten times the characters cleaned (quadratic: a hundred).
    assert work[20_000] <= 12 * work[2_000]
