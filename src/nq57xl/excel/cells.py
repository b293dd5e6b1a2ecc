"""Reading and writing the cells of the officers' workbook through xlwings ranges.

The cells are those laid out by :mod:`nq57xl.excel.build` (:class:`NamedCell`); the
Excel handlers (:mod:`nq57xl.excel.buttons`, :mod:`nq57xl.excel.run`, :mod:`nq57xl.excel.mail_buttons`)
use these helpers so that a missing sheet or name gives one clear Vietnamese message.
Nothing here needs Excel to be imported: the ranges come from the caller's book.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .layout import (
    _INPUTS,
    LAST_SUMMARY,
    LAST_SUMMARY_LABEL,
    ROSTER_HEADER,
    ROSTER_HEADERS,
    ROSTER_PROVINCE,
    LayoutError,
    NamedCell,
)


def where(named: NamedCell) -> str:
    """The cell as a message names it: "ô B13 «Gửi bảng tổng hợp đến (email)»"."""
    labels = {n: label for n, label, _ in _INPUTS} | {LAST_SUMMARY: LAST_SUMMARY_LABEL}
    label = f" «{labels[named]}»" if named in labels else ""
    return f"ô {named.address}{label} trang «{named.sheet}»"


def cell(book: Any, named: NamedCell) -> Any:
    """The xlwings range of ``named``: by defined name, else by its fixed address."""
    try:
        return book.names[named.name].refers_to_range
    except Exception:
        try:
            return book.sheets[named.sheet][named.address]
        except Exception:
            raise LayoutError(f"Sổ làm việc thiếu trang «{named.sheet}» hoặc ô «{named.name}». "
                                "Hãy dùng lại tệp nq57xl.xlsm gốc.") from None


def clear_below(start: Any, width: int) -> None:
    """Clear ``width`` columns from ``start`` down to the last used row of its sheet."""
    last = max(start.sheet.used_range.last_cell.row, start.row)
    start.sheet.range((start.row, start.column), (last, start.column + width - 1)).clear_contents()


def put_rows(start: Any, rows: Sequence[Sequence[object]]) -> None:
    if rows:
        width = max(len(r) for r in rows)
        start.resize(len(rows), width).value = [list(r) + [None] * (width - len(r)) for r in rows]


def text_of(value: object) -> str:
    """A cell value as stripped text (whole numbers without ".0", dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def row_key(row: Sequence[object]) -> tuple[str, ...]:
    texts = [text_of(v) for v in row]
    return (texts[0].zfill(5) if texts[0].isdigit() else texts[0], *texts[1:])


def read_roster_sheet(book: Any) -> tuple[str, list[tuple[str, ...]]]:
    """The province written above the list, and the list's non-blank rows (5 texts each)."""
    header = cell(book, ROSTER_HEADER)
    last = header.sheet.used_range.last_cell.row
    rows: list[tuple[str, ...]] = []
    if last > header.row:
        block = header.sheet.range((header.row + 1, header.column),
                                   (last, header.column + len(ROSTER_HEADERS) - 1)).value
        rows = [row_key(r) for r in (block if isinstance(block[0], list) else [block])]
    return text_of(cell(book, ROSTER_PROVINCE).value), [r for r in rows if any(r)]


def write_roster_sheet(book: Any, province: str, entries: Sequence[Any]) -> None:
    header = cell(book, ROSTER_HEADER)
    clear_below(header.offset(1, 0), len(ROSTER_HEADERS))
    put_rows(header.offset(1, 0), [[e.code, e.name, e.full_name, e.province, e.email]
                                   for e in entries])
    cell(book, ROSTER_PROVINCE).value = province
