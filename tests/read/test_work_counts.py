"""No quadratic step in reading: work is counted (not timed) on 2,000 and 20,000 rows.

Two steps used to grow with the square of the rows: percent-formatted progress cells
were looked up one by one through openpyxl's read-only ``ws[addr]`` (each look-up
parses the sheet again), and the text of continuation rows was cleaned again as a
whole at every row it grew by. Cell details are now read from the sheet XML itself
(read/cellinfo.py), once per file, and openpyxl is not used at all.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet import _reader

from nq57xl.read import cellinfo, table
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


def _sheet_parses(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[int]]:
    """Calls of openpyxl's sheet parser and reads of the sheet XML for cell details."""
    parses: list[int] = []
    reads: list[int] = []
    original_parse = _reader.WorkSheetParser.parse
    original_read = cellinfo.sheet_xml

    def counting_parse(self):  # type: ignore[no-untyped-def]
        parses.append(1)
        return original_parse(self)

    def counting_read(zf, part):  # type: ignore[no-untyped-def]
        reads.append(1)
        return original_read(zf, part)

    monkeypatch.setattr(_reader.WorkSheetParser, "parse", counting_parse)
    monkeypatch.setattr(cellinfo, "sheet_xml", counting_read)
    return parses, reads


@pytest.mark.parametrize("tasks", [2_000, 20_000])
def test_percent_formats_are_read_in_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              tasks: int) -> None:
    path = _percent_workbook(tmp_path / "phan_tram.xlsx", tasks)
    parses, reads = _sheet_parses(monkeypatch)
    report = read_commune(path, limits=Limits(max_rows=30_000))
    assert len(report.tasks) == tasks
    assert {t.progress for t in report.tasks} == {60}
    assert (len(parses), len(reads)) == (0, 1)  # not one read per progress cell


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
