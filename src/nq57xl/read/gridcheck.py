"""How big a workbook's grids are, read from its XML before any reader allocates them.

A 2 KB .xlsx whose one cell sits at XFD1048576, a sharedStrings part that declares
four billion strings, a cell reference such as ZZZZZ99999999999, or a 1 KB .ods whose
one value is repeated over a million rows make a reader allocate gigabytes (or abort
the process). These checks find them from the raw XML with a few regular expressions
(no cell is parsed, nothing is followed) and say which sheet and why, so the file is
refused with a reason instead of read.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass

#: Excel's grid: 16,384 columns (A..XFD) and 1,048,576 rows.
MAX_COLUMNS = 16_384
MAX_GRID_ROWS = 1_048_576
#: The fewest bytes one shared string takes in sharedStrings.xml (``<si><t/></si>``).
MIN_SHARED_STRING_BYTES = 12

_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="([^"]*)"')
_ROW_R = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_ROW = re.compile(rb"<row\b")
_LONG_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{2,})(\d+)"')
_BIG_ROW_REF = re.compile(rb'<c\b[^>]*?\br="[A-Z]+(\d{7,})"')
_ODD_REF = re.compile(rb'<c\b[^>]*?\br="([^"]*[^A-Z0-9"][^"]*|[^"]*[A-Z][0-9]+[A-Z][^"]*)"')
_SST_COUNT = re.compile(rb'<sst\b[^>]*?\b(?:uniqueCount|count)="(\d+)"')
_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')
_ODS_TABLE = re.compile(rb'<table:table\b[^>]*?table:name="([^"]*)"')
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(/?)>")
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)/?>")
_REPEAT_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_REPEAT_COLS = re.compile(rb'table:number-columns-repeated="(\d+)"')
_HAS_VALUE = re.compile(rb"office:value-type=")


@dataclass(frozen=True)
class GridRefusal:
    """Why a file is refused: a catalogue code and the detail for its message."""

    code: str
    detail: str


def _n(number: int) -> str:
    """A whole number as Vietnamese write it: 1.048.576."""
    return f"{number:,}".replace(",", ".")


def column_number(letters: str) -> int:
    """A1-style column letters to a 1-based number ("A" 1, "XFD" 16384)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ref_size(ref: bytes) -> tuple[int, int] | None:
    """(rows, columns) up to the last cell of an A1 range such as ``A1:XFD1048576``."""
    m = re.fullmatch(rb"\$?([A-Z]{1,7})\$?(\d{1,20})", ref.split(b":")[-1].strip())
    return (int(m.group(2)), column_number(m.group(1).decode())) if m else None


def sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, part name) of every worksheet the workbook lists."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return []
    book = zf.read("xl/workbook.xml")
    rels_xml = zf.read("xl/_rels/workbook.xml.rels")
    rels = {m.group(1): m.group(2) for m in _REL.finditer(rels_xml)}
    rels.update({m.group(2): m.group(1) for m in _REL_ALT.finditer(rels_xml)})
    out = []
    for m in _SHEET.finditer(book):
        target = rels.get(m.group(2), b"").decode("utf-8", "replace").lstrip("/")
        part = target if target.startswith("xl/") else f"xl/{target}"
        if part in names:
            out.append((html.unescape(m.group(1).decode("utf-8", "replace")), part))
    return out


def check_sheet_xml(sheet: str, xml: bytes, max_cells: int) -> GridRefusal | None:
    """A worksheet's declared and used extent against Excel's grid and ``max_cells``."""
    odd = _ODD_REF.search(xml)
    if odd:
        return GridRefusal("invalid-cell-reference",
                           f"trang «{sheet}» có ô mang địa chỉ không hợp lệ "
                           f"«{odd.group(1)[:30].decode('utf-8', 'replace')}»")
    rows = max((int(r) for r in _ROW_R.findall(xml)), default=0)
    rows = max(rows, len(_ROW.findall(xml)) if rows == 0 else rows)
    cols = max((column_number(c.decode()) for c, _ in _LONG_REF.findall(xml)), default=26)
    for r in _BIG_ROW_REF.findall(xml):
        rows = max(rows, int(r))
    dim = _DIMENSION.search(xml)
    size = _ref_size(dim.group(1)) if dim else None
    if size:
        rows, cols = max(rows, size[0]), max(cols, size[1])
    if rows > MAX_GRID_ROWS or cols > MAX_COLUMNS:
        return GridRefusal("invalid-cell-reference",
                           f"trang «{sheet}» có ô ở dòng {_n(rows)} hoặc cột {_n(cols)}, ngoài "
                           "lưới ô của Excel (1.048.576 dòng, 16.384 cột)")
    if rows * cols > max_cells:
        return GridRefusal("grid-too-large",
                           f"trang «{sheet}» trải tới dòng {_n(rows)}, cột {_n(cols)} "
                           f"({_n(rows * cols)} ô)")
    return None


def check_xlsx(zf: zipfile.ZipFile, names: set[str], max_cells: int,
               sheets: dict[str, bytes] | None = None) -> GridRefusal | None:
    """Every worksheet of an .xlsx/.xlsm (``sheets``: name -> XML, when already read),
    and the shared strings' declared count."""
    if "xl/sharedStrings.xml" in names:
        info = zf.getinfo("xl/sharedStrings.xml")
        with zf.open(info) as fh:
            head = fh.read(4096)
        m = _SST_COUNT.search(head)
        if m and int(m.group(1)) * MIN_SHARED_STRING_BYTES > max(info.file_size, 4096):
            return GridRefusal("shared-strings-count",
                               f"phần chuỗi dùng chung khai báo {_n(int(m.group(1)))} chuỗi "
                               f"nhưng chỉ dài {_n(info.file_size)} byte")
    if sheets is None:
        sheets = {sheet: zf.read(part) for sheet, part in sheet_parts(zf, names)}
    for sheet, xml in sheets.items():
        refusal = check_sheet_xml(sheet, xml, max_cells)
        if refusal:
            return refusal
    return None


def check_ods(zf: zipfile.ZipFile, names: set[str], max_cells: int) -> GridRefusal | None:
    """Cells with a value, once the row and column repeats of content.xml are expanded."""
    if "content.xml" not in names:
        return None
    xml = zf.read("content.xml")
    tables = [(m.start(), m.group(1)) for m in _ODS_TABLE.finditer(xml)]
    for i, (start, name) in enumerate(tables):
        end = tables[i + 1][0] if i + 1 < len(tables) else len(xml)
        cells = _ods_value_cells(xml, start, end)
        if cells > max_cells:
            sheet = html.unescape(name.decode("utf-8", "replace"))
            return GridRefusal("grid-too-large",
                               f"trang «{sheet}» lặp lại ô có giá trị thành {_n(cells)} ô")
    return None


def _ods_value_cells(xml: bytes, start: int, end: int) -> int:
    """Value cells of one table once repeats are expanded (empty repeats cost nothing)."""
    total = 0
    rows = list(_ODS_ROW.finditer(xml, start, end))
    for i, row in enumerate(rows):
        if row.group(2):  # <table:table-row .../>: no cell
            continue
        stop = rows[i + 1].start() if i + 1 < len(rows) else end
        per_row = 0
        for cell in _ODS_CELL.finditer(xml, row.end(), stop):
            if _HAS_VALUE.search(cell.group(1)):
                rep = _REPEAT_COLS.search(cell.group(1))
                per_row += int(rep.group(1)) if rep else 1
        if per_row:
            rep = _REPEAT_ROWS.search(row.group(1))
            total += per_row * (int(rep.group(1)) if rep else 1)
    return total
