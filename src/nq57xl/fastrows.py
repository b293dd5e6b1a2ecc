"""Fast writing of big tables: rows serialised to sheet XML and spliced in after close.

xlsxwriter costs about 10 µs a cell in pure Python; a province's task list has half a
million cells. Tables longer than :data:`FAST_ROWS` rows are therefore serialised here
directly as SpreadsheetML ``<row>`` elements (inline strings, so text can never become
a formula), using the style indexes of formats xlsxwriter already created. After the
workbook is closed, :func:`splice` inserts the rows into each sheet's ``<sheetData>``.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from .clean import column_letter as column_name

FAST_ROWS = 1500
_EPOCH = date(1899, 12, 30)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")


def _escape(text: str) -> str:
    """XML text with control characters and literal "_xHHHH_" escaped as Excel expects."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text or _CONTROL.search(text):
        text = _CONTROL.sub(_escape_match, text)
    return text


def _escape_match(m: re.Match[str]) -> str:
    found = m.group()
    return f"_x{ord(found):04X}_" if len(found) == 1 else "_x005F" + found


class RowBuffer:
    """The ``<row>`` elements of one sheet, appended in row order."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.last_row = 0
        self.last_col = 0

    def add_rows(self, first_row: int, columns: Sequence[Sequence[object]],
                 kinds: Sequence[str], styles: Sequence[int],
                 heights: Sequence[float | None]) -> None:
        """Rows from ``first_row`` (0-based), given column by column.

        ``columns[c][i]`` is the value of row ``first_row + i`` in column ``c``: None,
        a str (inline string), a number or a date (by ``kinds[c]``).
        """
        count = len(heights)
        numbers = range(first_row + 1, first_row + 1 + count)
        cells = [_column(column_name(c), numbers, values, kinds[c], styles[c])
                 for c, values in enumerate(columns)]
        for i, (r, height) in enumerate(zip(numbers, heights)):
            head = f'<row r="{r}" ht="{height:g}" customHeight="1">' if height else f'<row r="{r}">'
            self.parts.append(head + "".join(col[i] for col in cells) + "</row>")
        if count:
            self.last_row = max(self.last_row, first_row + count)
            self.last_col = max(self.last_col, len(columns) - 1)


def _column(letters: str, numbers: range, values: Sequence[object], kind: str,
            style: int) -> list[str]:
    """The ``<c>`` elements of one column, one per row number."""
    s = f' s="{style}"' if style else ""
    out = []
    for r, value in zip(numbers, values):
        ref = f'<c r="{letters}{r}"{s}'
        if value is None or value == "":
            out.append(ref + "/>")
        elif isinstance(value, str):
            space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
            out.append(f'{ref} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
        elif isinstance(value, date):
            day = value.date() if isinstance(value, datetime) else value
            out.append(f"{ref}><v>{(day - _EPOCH).days}</v></c>")
        elif isinstance(value, (int, float)) and not isinstance(value, bool) \
                and math.isfinite(value):
            out.append(f"{ref}><v>{value!r}</v></c>")
        else:
            out.append(f'{ref} t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>')
    return out


_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def splice(path: Path, buffers: dict[int, RowBuffer]) -> None:
    """Insert the buffered rows into sheets (1-based index -> buffer) of ``path``."""
    if not buffers:
        return
    tmp = path.with_name(path.name + ".splice")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if m and int(m.group(1)) in buffers:
                data = _insert(data.decode("utf-8"), buffers[int(m.group(1))]).encode("utf-8")
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    tmp.replace(path)


def _insert(xml: str, buffer: RowBuffer) -> str:
    rows = "".join(buffer.parts)
    if "</sheetData>" in xml:
        xml = xml.replace("</sheetData>", rows + "</sheetData>", 1)
    else:
        xml = xml.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>", 1)
    ref = f"A1:{column_name(buffer.last_col)}{buffer.last_row}"
    return _DIMENSION.sub(f'<dimension ref="{ref}"/>', xml, count=1)

