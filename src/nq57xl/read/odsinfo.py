"""What an .ods sheet holds besides its values: merges, hidden columns, cell details.

python-calamine reads an .ods file's values but not its merged ranges, hidden columns,
number formats, formulas or links. They are read here from ``content.xml`` (and the data
styles of ``styles.xml``) in one streaming pass, after :mod:`.gridcheck` has bounded the
file: repeated empty rows and columns are counted, never expanded.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element, iterparse

from .celldetail import CellDetail
from .merges import Merge

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_N = "{urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}"
_TX = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_XL = "{http://www.w3.org/1999/xlink}"
#: Rows looked at in a sheet: far below any task table (repeats of empty rows are free).
MAX_ROWS = 20_000


@dataclass
class OdsSheet:
    """Merges, hidden columns and the details of the cells that have any."""

    merges: list[Merge] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)
    details: dict[tuple[int, int], CellDetail] = field(default_factory=dict)


def read_ods(path: Path | str) -> dict[str, OdsSheet]:
    """Sheet name -> :class:`OdsSheet` of every table of an .ods file (the last file read
    is kept: its layout and its cell details are asked for one after the other)."""
    stat = Path(path).stat()
    return _read_ods(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1)
def _read_ods(path: str, mtime_ns: int, size: int) -> dict[str, OdsSheet]:
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        data_styles: set[str] = set()
        cell_styles: dict[str, str] = {}
        for part in ("styles.xml", "content.xml"):
            if part in names:
                with zf.open(part) as fh:
                    _styles(fh, data_styles, cell_styles)
        month_year = data_styles | {n for n, d in cell_styles.items() if d in data_styles}
        with zf.open("content.xml") as fh:
            return _tables(fh, month_year)


def _styles(fh, data_styles: set[str], cell_styles: dict[str, str]) -> None:
    """Date styles showing month and year only; each cell style's data style."""
    for _, el in iterparse(fh, events=("end",)):
        if el.tag == f"{_N}date-style":
            parts = {child.tag for child in el}
            if f"{_N}day" not in parts and f"{_N}month" in parts and f"{_N}year" in parts:
                data_styles.add(el.get(f"{_S}name", ""))
            el.clear()
        elif el.tag == f"{_S}style" and el.get(f"{_S}data-style-name"):
            cell_styles[el.get(f"{_S}name", "")] = el.get(f"{_S}data-style-name", "")
        elif el.tag == f"{_O}body":
            break


def _tables(fh, month_year: set[str]) -> dict[str, OdsSheet]:
    out: dict[str, OdsSheet] = {}
    sheet: OdsSheet | None = None
    columns: list[str | None] = []  # default cell style per column (up to the last used)
    col = row = 0
    for event, el in iterparse(fh, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == f"{_T}table":
                sheet = out[el.get(f"{_T}name", "")] = OdsSheet()
                columns, row = [], 0
            elif tag == f"{_T}table-row":
                col = 0
            continue
        if sheet is None:
            continue
        if tag == f"{_T}table-column":
            repeat = min(int(el.get(f"{_T}number-columns-repeated", "1")), 1024)
            if el.get(f"{_T}visibility") in ("collapse", "filter"):
                sheet.hidden_columns.update(range(len(columns), len(columns) + repeat))
            columns.extend([el.get(f"{_T}default-cell-style-name")] * repeat)
        elif tag in (f"{_T}table-cell", f"{_T}covered-table-cell"):
            repeat = int(el.get(f"{_T}number-columns-repeated", "1"))
            if row < MAX_ROWS and tag == f"{_T}table-cell" and len(el.attrib) > 1:
                _cell(sheet, el, row, col, columns, month_year)
            col += repeat
            el.clear()
        elif tag == f"{_T}table-row":
            row += int(el.get(f"{_T}number-rows-repeated", "1"))
            el.clear()
        elif tag == f"{_T}table":
            sheet = None
    return out


def _cell(sheet: OdsSheet, el: Element, row: int, col: int, columns: list[str | None],
          month_year: set[str]) -> None:
    rows_spanned = int(el.get(f"{_T}number-rows-spanned", "1"))
    cols_spanned = int(el.get(f"{_T}number-columns-spanned", "1"))
    if rows_spanned > 1 or cols_spanned > 1:
        sheet.merges.append((row, col, row + rows_spanned - 1, col + cols_spanned - 1))
    kind = el.get(f"{_O}value-type")
    style = el.get(f"{_T}style-name") or (columns[col] if col < len(columns) else None)
    formula = el.get(f"{_T}formula")
    link = next((a.get(f"{_XL}href") for a in _links(el)), None)
    percent = kind == "percentage"
    month = kind == "date" and style in month_year
    if percent or month or formula or link:
        sheet.details[row, col] = CellDetail(
            percent=percent, month_year=month, formula=_formula(formula), link=link,
            has_value=kind is not None)


def _links(el: Element) -> Iterator[Element]:
    return el.iter(f"{_TX}a")


def _formula(text: str | None) -> str | None:
    """"of:=HYPERLINK(...)" as Excel shows it: "=HYPERLINK(...)"."""
    if not text:
        return None
    for prefix in ("of:", "msoxl:", "oooc:"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text.replace("[.", "").replace("]", "") if "[." in text else text
