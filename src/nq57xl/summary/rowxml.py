"""Fast writing of big tables: rows serialised to sheet XML and spliced in after close.

xlsxwriter costs about 10 µs a cell in pure Python; a province's task list has half a
million cells. Tables longer than :data:`FAST_ROWS` rows are therefore serialised here
directly as SpreadsheetML ``<row>`` elements (inline strings, so text can never become
a formula), using the style indexes of formats xlsxwriter already created. After the
workbook is closed, :func:`splice` streams the rows into each sheet's ``<sheetData>``.

Cells carry no ``r`` attribute (optional in ECMA-376 §18.3.1.4: a cell without it is the
next column of its row; every cell of a row is written, empty ones included). A cell's
XML then depends only on its value and style, so each distinct value of a column is
serialised once and repeated values (communes, agencies, statuses, dates) cost a
dictionary look-up.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from ..read.serials import serial_of

FAST_ROWS = 1500
#: zlib level of the spliced sheets. For 170 communes: level 3 takes 0.25 s and gives
#: 2.5 MB; level 6 0.54 s and 2.0 MB; level 1 0.20 s and 2.8 MB.
COMPRESS_LEVEL = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")
_CHUNK_ROWS = 2000  #: rows joined and encoded at a time


def _escape(text: str) -> str:
    """XML text with control characters and literal "_xHHHH_" escaped as Excel expects."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text or (not text.isprintable() and _CONTROL.search(text)):
        text = _CONTROL.sub(_escape_match, text)
    return text


def _escape_match(m: re.Match[str]) -> str:
    found = m.group()
    return f"_x{ord(found):04X}_" if len(found) == 1 else "_x005F" + found


class _Cells(dict):
    """Value -> ``<c>`` element of one column and style, filled on first use."""

    def __init__(self, style: int) -> None:
        super().__init__()
        self.attrs = f' s="{style}"' if style else ""
        empty = f"<c{self.attrs}/>"
        self[None] = empty
        self[""] = empty

    def __missing__(self, value: object) -> str:
        xml = cell_xml(value, self.attrs)
        if not (isinstance(value, float) and value != value):  # NaN never equals a key
            self[value] = xml
        return xml


def cell_xml(value: object, attrs: str = "") -> str:
    """One ``<c>`` element (no ``r``) for None, a str, a number or a date."""
    if value is None or value == "":
        return f"<c{attrs}/>"
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        return f'<c{attrs} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        return f"<c{attrs}><v>{serial_of(day)}</v></c>"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return f"<c{attrs}><v>{value!r}</v></c>"
    return f'<c{attrs} t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>'


class RowBuffer:
    """The ``<row>`` elements of one sheet (UTF-8), in row order, taken when the sheet
    is spliced."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.last_row = 0
        self.last_col = 0

    def add_xml(self, xml: bytes, first_row: int, count: int, width: int) -> None:
        """``count`` rows from ``first_row``, ``width`` cells each, already serialised."""
        self.chunks.append(xml)
        self._extend(first_row, count, width)

    def _extend(self, first_row: int, count: int, width: int) -> None:
        if count:
            self.last_row = max(self.last_row, first_row + count)
            self.last_col = max(self.last_col, width - 1)


#: The rows of one workbook's big tables: 1-based sheet index -> its buffer.
SheetRows = dict[int, RowBuffer]


def rows_xml(first_row: int, columns: Sequence[Sequence[object]], styles: Sequence[int],
             heights: Sequence[float | None]) -> bytes:
    """``<row>`` elements (UTF-8) from ``first_row`` (0-based), given column by column.

    ``columns[c][i]`` is the value of row ``first_row + i`` in column ``c``: None, a str
    (inline string), a number or a date; ``heights[i]`` the row's height or None.
    """
    count = len(heights)
    cells = [list(map(_Cells(styles[c]).__getitem__, values))
             for c, values in enumerate(columns)]
    contents = map("".join, zip(*cells)) if cells else iter([""] * count)
    rows = [f'<row r="{r}" ht="{height:g}" customHeight="1">{content}</row>' if height
            else f'<row r="{r}">{content}</row>'
            for r, height, content in zip(range(first_row + 1, first_row + count + 1),
                                          heights, contents)]
    return b"".join("".join(rows[i:i + _CHUNK_ROWS]).encode("utf-8")
                    for i in range(0, len(rows), _CHUNK_ROWS))


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def splice(path: Path, buffers: SheetRows) -> None:
    """Insert the buffered rows into sheets (1-based index -> buffer) of ``path``."""
    if not buffers:
        return
    tmp = path.with_name(path.name + ".splice")
    try:
        with zipfile.ZipFile(path) as zin, \
                zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
                buffer = buffers.get(int(m.group(1))) if m else None
                if buffer is None:
                    zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED,
                                  compresslevel=COMPRESS_LEVEL)
                    continue
                target = zipfile.ZipInfo(info.filename, info.date_time)
                target.compress_type = zipfile.ZIP_DEFLATED
                target.external_attr = info.external_attr
                target._compresslevel = COMPRESS_LEVEL  # what zout.open(name) would set
                with zout.open(target, "w") as out:
                    for piece in _spliced(data, buffer):
                        out.write(piece)
        tmp.replace(path)
    except BaseException:  # an error or Ctrl+C: no .splice file is left behind
        tmp.unlink(missing_ok=True)
        raise


def _spliced(xml: bytes, buffer: RowBuffer) -> Iterator[bytes]:
    """The sheet XML with the buffer's rows before ``</sheetData>``, in pieces."""
    ref = f"A1:{xl_col_to_name(buffer.last_col)}{buffer.last_row}".encode()
    xml = _DIMENSION.sub(b'<dimension ref="' + ref + b'"/>', xml, count=1)
    end = xml.find(b"</sheetData>")
    if end < 0:
        end = xml.find(b"<sheetData/>")
        head, tail = xml[:end] + b"<sheetData>", b"</sheetData>" + xml[end + len(b"<sheetData/>"):]
    else:
        head, tail = xml[:end], xml[end:]
    yield head
    yield from buffer.chunks
    yield tail
