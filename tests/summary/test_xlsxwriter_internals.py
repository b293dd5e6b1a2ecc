"""The private parts of xlsxwriter the summary relies on, checked against the installed version.

pyproject.toml pins xlsxwriter to the range whose internals were read and found to
match (3.1.0 and 3.3.1 checked: same code for both): ``Format._get_xf_index`` (the
style index that nq57xl.summary.long_tables writes into its own ``<c s="...">`` cells),
``Worksheet.row_data_fh`` (the temporary file of a constant_memory sheet, closed by
nq57xl.summary.writer when building fails), and the shape of the written package that
nq57xl.summary.rowxml.splice inserts rows into (``xl/worksheets/sheet<index + 1>.xml``
with a ``<dimension>`` and a ``<sheetData>``).

If one of these tests fails after an upgrade of xlsxwriter, re-check those three
places against the new version's source (format.py, worksheet.py, workbook.py), then
widen the pin in pyproject.toml; do not just relax the test.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

RECHECK = (f"xlsxwriter {xlsxwriter.__version__} changed an internal that nq57xl uses: "
           "re-check {what} and the pin of xlsxwriter in pyproject.toml "
           "(see this test module's docstring)")


def test_formats_give_the_xf_index_xlsxwriter_writes(tmp_path: Path) -> None:
    """long_tables.fast_rows: Format._get_xf_index() is the s= of xlsxwriter's own cells."""
    what = "Format._get_xf_index (nq57xl/summary/long_tables.py, fast_rows)"
    path = tmp_path / "f.xlsx"
    wb = Workbook(str(path))
    ws = wb.add_worksheet()
    bold = wb.add_format({"bold": True})
    dated = wb.add_format({"num_format": "dd/mm/yyyy", "text_wrap": True})
    assert callable(getattr(Format, "_get_xf_index", None)), RECHECK.format(what=what)
    indexes = [bold._get_xf_index(), dated._get_xf_index()]
    assert all(type(i) is int for i in indexes), RECHECK.format(what=what)
    assert indexes[0] != indexes[1] and min(indexes) >= 1, RECHECK.format(what=what)
    assert bold._get_xf_index() == indexes[0], RECHECK.format(what=what)  # stable
    ws.write_string(0, 0, "đậm", bold)
    ws.write_number(1, 0, 46000, dated)
    wb.close()
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    written = [int(s) for s in re.findall(r'<c r="A[12]" s="(\d+)"', sheet)]
    assert written == indexes, RECHECK.format(what=what)
    cells = openpyxl.load_workbook(path).active
    assert cells["A1"].font.b and cells["A2"].number_format == "dd/mm/yyyy", \
        RECHECK.format(what=what)


def test_constant_memory_sheets_have_row_data_fh(tmp_path: Path) -> None:
    """writer._build closes each sheet's row_data_fh when building fails."""
    what = "Worksheet.row_data_fh (nq57xl/summary/writer.py, _build)"
    wb = Workbook(str(tmp_path / "c.xlsx"), {"constant_memory": True, "tmpdir": str(tmp_path)})
    ws = wb.add_worksheet()
    ws.write_string(0, 0, "một")
    ws.write_string(1, 0, "hai")  # a new row: the first is flushed to the temporary file
    handle = getattr(ws, "row_data_fh", None)
    assert handle is not None and hasattr(handle, "close"), RECHECK.format(what=what)
    assert not handle.closed, RECHECK.format(what=what)
    handle.close()  # what _build does after an error
    assert handle.closed


def test_sheets_are_written_where_splice_looks(tmp_path: Path) -> None:
    """rowxml.splice: sheet N (1-based, ws.index + 1) is xl/worksheets/sheetN.xml with a
    <dimension> and an empty or filled <sheetData>."""
    what = "the sheet XML layout (nq57xl/summary/rowxml.py, splice; long_tables.fast_rows)"
    path = tmp_path / "s.xlsx"
    wb = Workbook(str(path))
    sheets: list[Worksheet] = [wb.add_worksheet(name) for name in ("Một", "Hai", "Ba")]
    assert [ws.index for ws in sheets] == [0, 1, 2], RECHECK.format(what=what)
    sheets[1].write_string(0, 0, "x")
    wb.close()
    with zipfile.ZipFile(path) as z:
        xml = {n: z.read(f"xl/worksheets/sheet{n}.xml").decode() for n in (1, 2, 3)}
        book = z.read("xl/workbook.xml").decode()
    assert re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', book) == [
        ("Một", "1"), ("Hai", "2"), ("Ba", "3")], RECHECK.format(what=what)
    for text in xml.values():
        assert "<dimension ref=" in text, RECHECK.format(what=what)
    assert "<sheetData/>" in xml[1] and "</sheetData>" in xml[2], RECHECK.format(what=what)
