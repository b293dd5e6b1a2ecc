"""The data rows of a summary table too big for xlsxwriter's cell-by-cell writing.

Values are converted per column (each distinct value once), row heights estimated
from the wrapped columns, and the rows serialised as sheet XML by
:mod:`nq57xl.summary.rowxml`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .display import (
    LINE_HEIGHT,
    as_date,
    as_number,
    as_text,
    file_name,
    is_empty,
    text_lines,
)
from .rowxml import RowBuffer, SheetRows, rows_xml

if TYPE_CHECKING:
    import pandas as pd
    from xlsxwriter.worksheet import Worksheet

    from .styles import Styles


def fast_rows(ws: Worksheet, top: int, data: pd.DataFrame, kinds: list[str],
              layout: list[tuple[float, bool]], wrapped: list[tuple[int, float]],
              styles: Styles, rows: SheetRows) -> None:
    """Data rows of a big table as sheet XML (see :mod:`nq57xl.summary.rowxml`).

    Same cell types and formats as cell-by-cell writing; file names are plain text
    (a hyperlink per task row would pass Excel's limit of 65,530 links a sheet).
    """
    style = [styles.cell(k if k != "link" else "text", wrap=w)._get_xf_index()
             for k, (_, w) in zip(kinds, layout)]
    values = [data.iloc[:, c].tolist() for c in range(len(kinds))]
    buffer = rows.setdefault(ws.index + 1, RowBuffer())
    buffer.add_xml(table_xml(top + 1, values, kinds, style, wrapped), top + 1, len(data),
                   len(kinds))


def table_xml(first_row: int, values: list[list[object]], kinds: list[str], style: list[int],
              wrapped: list[tuple[int, float]]) -> bytes:
    """The ``<row>`` elements (UTF-8) of a table given column by column, from ``first_row``."""
    columns = [_fast_column(column, kind) for column, kind in zip(values, kinds)]
    count = len(columns[0]) if columns else 0
    return rows_xml(first_row, columns, style, row_heights(columns, wrapped, count))


def row_heights(columns: list[list[object]], wrapped: list[tuple[int, float]],
                count: int) -> list[float | None]:
    """The height of each row (None: default) from its wrapped columns' texts."""
    heights: list[float | None] = [None] * count
    for col, width in wrapped:
        per_line = max(int(width * 1.1) - 1, 1)  # as in text_lines
        for i, value in enumerate(columns[col]):
            if value.__class__ is str and len(value) > width:
                if "\n" in value:
                    lines = text_lines(value, "text", width)
                elif len(value) <= per_line:
                    continue
                else:
                    lines = math.ceil(len(value) * 1.08 / per_line)
                if lines > 1 and lines * LINE_HEIGHT + 2 > (heights[i] or 0):
                    heights[i] = lines * LINE_HEIGHT + 2
    return heights


def _fast_column(values: list[object], kind: str) -> list[object]:
    """Values of one column as the fast writer takes them (None, str, number, date).

    Each distinct value is converted once (columns repeat communes, agencies, statuses
    and dates); booleans in a non-boolean column, or unhashable values, are converted
    one by one because ``True == 1`` as dictionary keys.
    """
    if kind != "bool" and bool in set(map(type, values)):
        return [_fast_value(v, kind) for v in values]
    memo = _Converted(kind)
    try:
        return list(map(memo.__getitem__, values))
    except TypeError:
        return [_fast_value(v, kind) for v in values]


class _Converted(dict):
    """Value -> :func:`_fast_value` of one column kind, filled on first use."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def __missing__(self, value: object) -> object:
        out = _fast_value(value, self.kind)
        if not (isinstance(value, float) and value != value):  # NaN never equals a key
            self[value] = out
        return out


def _fast_value(value: object, kind: str) -> object:
    """One value as the fast writer takes it (see :func:`_fast_column`)."""
    if is_empty(value):
        return None
    if kind == "text":
        return as_text(value)
    if kind == "bool":
        return ("x" if value.strip() else None) if isinstance(value, str) else ("x" if value else None)
    if kind == "link":
        return file_name(as_text(value))
    if kind == "date":
        return as_date(value) or as_text(value)
    number = as_number(value)
    return number if number is not None else as_text(value)
