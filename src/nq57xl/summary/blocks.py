"""Building blocks of the summary workbook: formats, cells, tables, paragraphs, page setup.

Everything here writes rows strictly top to bottom, so it works in xlsxwriter's
``constant_memory`` mode; data texts are written with ``write_string`` only, never
``write()``, so a commune's text starting with "=" stays text. :mod:`.writer`
assembles the sheets from these pieces.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from .display import (
    LINE_HEIGHT,
    as_date,
    as_number,
    as_text,
    file_name,
    is_empty,
    text_lines,
)
from .layout import (
    FONT_SIZE,
    header_height,
    header_of,
    kind_of,
    paragraph_height,
    plan_columns,
)
from .long_tables import fast_rows
from .printing import (
    LONG_ROWS,
    NOT_PRINTED_NOTE,
    Fit,
    first_page_only,
    fit,
    long_table_note,
    not_printed,
    page_columns,
    print_setup,
)
from .rowxml import FAST_ROWS, SheetRows
from .styles import Styles

NO_DATA = "Không có dữ liệu."
#: Excel's limit for the link of a hyperlink (older versions) and a screen tip.
MAX_URL = 255
#: Hyperlinks per sheet we write before falling back to plain text (Excel: 65,530).
MAX_LINKS = 65_000
#: The files a link may open: workbooks, nothing Windows would run.
LINKED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
#: Never in a linked name: "\\" (a UNC path, Windows separators), ":" (a drive letter,
#: a scheme such as file: or http:, an NTFS stream), "#" (Excel cuts the link there),
#: "%" (an escape) and control characters.
_UNSAFE = re.compile(r"[\\:#%\x00-\x1f\x7f]")


def link_url(path: str, base: Path, folder: Path | None = None) -> str | None:
    """The ``external:`` hyperlink to a commune file, or None: then it stays plain text.

    ``path`` is the file's name relative to the input ``folder``, as the folder listing
    gives it ("xa/loi_bac.xlsx", "/" between parts). Only such a plain relative name of
    a workbook (:data:`LINKED_SUFFIXES`) is linked: never an absolute path, a UNC path,
    a drive letter, a scheme, a name with a "." or ".." part, or with any character of
    ``_UNSAFE``. The link is the relative path from the summary's folder ``base`` to
    ``folder/path`` (without ``folder``, the name is taken relative to ``base``), so it
    points inside the input folder whatever the name says. None also when the link
    would be longer than :data:`MAX_URL`.
    """
    parts = path.split("/")
    if (not path or _UNSAFE.search(path) or any(p in ("", ".", "..") for p in parts)
            or not path.lower().endswith(LINKED_SUFFIXES)):
        return None
    target = os.path.join(*parts)
    if folder is not None:
        try:
            target = os.path.relpath(os.path.join(os.path.abspath(folder), target), base)
        except ValueError:  # Windows: the summary on another drive than the reports
            return None
    url = "external:" + target
    return url if len(url) <= MAX_URL else None


@dataclass
class Links:
    """Writes commune files as hyperlinks (see :func:`link_url`), counting them per sheet.

    ``base`` is the summary's folder, ``folder`` the input folder the file names are
    relative to.
    """

    base: Path
    folder: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def write(self, ws: Worksheet, row: int, col: int, path: str, styles: Styles) -> None:
        """A hyperlink showing the file name, or the name as plain text if not linkable."""
        url = link_url(path, self.base, self.folder)
        used = self.counts.get(ws.name, 0)
        if url is not None and used < MAX_LINKS:
            tip = path if len(path) <= MAX_URL else None
            try:
                done = ws.write_url(row, col, url, styles.cell("link"),
                                    string=file_name(path), tip=tip) == 0
            except (ValueError, IndexError):
                done = False
            if done:
                self.counts[ws.name] = used + 1
                return
        ws.write_string(row, col, path, styles.cell("text", wrap=True))


@dataclass(frozen=True)
class Table:
    """Where a table landed: header row, data rows (0-based) and column keys."""

    header_row: int
    first_row: int
    rows: int
    columns: tuple[str, ...]

    @property
    def last_row(self) -> int:
        """The last data row, or the header row when the table is empty."""
        return self.first_row + self.rows - 1 if self.rows else self.header_row

    def col(self, key: str) -> int:
        """The 0-based column of ``key``."""
        return self.columns.index(key)


def write_header(ws: Worksheet, row: int, headers: Sequence[str], styles: Styles,
                 widths: Sequence[float] | None = None) -> None:
    """Header cells of a table on ``row``; tall enough for ``widths`` when given."""
    if widths is not None:
        ws.set_row(row, header_height(headers, widths))
    for col, text in enumerate(headers):
        ws.write_string(row, col, text, styles.header())


def write_value(ws: Worksheet, row: int, col: int, value: object, kind: str,
                styles: Styles, links: Links | None = None, *, wrap: bool = False) -> None:
    """One data cell, typed by ``kind``; texts always through ``write_string``."""
    fmt = styles.cell(kind, wrap=wrap)
    if kind == "text" and type(value) is str and value.strip():  # the common case, fast
        ws.write_string(row, col, value, fmt)
        return
    if kind == "bool" and not is_empty(value) and not isinstance(value, str):
        value = "x" if bool(value) else None
    if is_empty(value):
        ws.write_blank(row, col, None, fmt)
        return
    if kind == "link" and links is not None:
        links.write(ws, row, col, as_text(value), styles)
        return
    if kind == "date":
        day = as_date(value)
        if day is not None:
            ws.write_datetime(row, col, day, fmt)
            return
    number = as_number(value) if kind in ("int", "rate", "number") else None
    if number is not None:
        ws.write_number(row, col, number, fmt)
        return
    text_fmt = fmt if kind in ("text", "bool") else styles.cell("text", wrap=wrap)
    ws.write_string(row, col, as_text(value), text_fmt)


def _slow_rows(ws: Worksheet, top: int, data: pd.DataFrame, kinds: list[str],
               layout: list[tuple[float, bool]], wrapped: list[tuple[int, float]],
               styles: Styles, links: Links) -> None:
    """Data rows through xlsxwriter, cell by cell (hyperlinks and all)."""
    for row, values in enumerate(data.itertuples(index=False, name=None), start=top + 1):
        lines = max((text_lines(values[col], kinds[col], w) for col, w in wrapped), default=1)
        if lines > 1:  # neither Excel nor LibreOffice reliably grows rows on opening
            ws.set_row(row, lines * LINE_HEIGHT + 2)
        for col, value in enumerate(values):
            write_value(ws, row, col, value, kinds[col], styles, links, wrap=layout[col][1])


def write_table(ws: Worksheet, top: int, frame: pd.DataFrame, columns: Sequence[str],
                styles: Styles, links: Links, rows: SheetRows, *, totals: Sequence[str] = (),
                label_col: str | None = None,
                layout: list[tuple[float, bool]] | None = None) -> Table:
    """A table with its header on row ``top``, an autofilter and fitted columns.

    ``totals`` names columns summed in a "Tổng cộng" row below the data (SUBTOTAL
    formulas over the data cells, so they follow the filter); ``label_col`` holds the
    label; ``layout`` is the result of :func:`plan_columns` when already computed. An
    empty table gets a "Không có dữ liệu." line under its header. A long table's rows go
    to ``rows`` as sheet XML, spliced in once the workbook is closed.
    """
    data = frame.reindex(columns=list(columns))
    kinds = [kind_of(k) for k in columns]
    layout = layout or plan_columns(data, columns)
    for col, (width, _) in enumerate(layout):
        ws.set_column(col, col, width)
    write_header(ws, top, [header_of(k) for k in columns], styles, [w for w, _ in layout])
    wrapped = [(col, w) for col, (w, wrap) in enumerate(layout) if wrap]
    if len(data) > FAST_ROWS and not totals:
        fast_rows(ws, top, data, kinds, layout, wrapped, styles, rows)
    else:
        _slow_rows(ws, top, data, kinds, layout, wrapped, styles, links)
    table = Table(top, top + 1, len(data), tuple(columns))

    ws.autofilter(top, 0, table.last_row, len(columns) - 1)
    if not table.rows:
        write_paragraph(ws, top + 1, NO_DATA, len(columns) - 1, styles.get(italic=True))
    elif totals:
        write_totals(ws, table, data, totals, styles, label_col or columns[0])
    return table


def write_totals(ws: Worksheet, table: Table, data: pd.DataFrame, keys: Sequence[str],
                 styles: Styles, label_col: str) -> None:
    """The "Tổng cộng" row: SUBTOTAL(109, …) of each column in ``keys``, with its value."""
    row = table.last_row + 1
    for col, key in enumerate(table.columns):
        fmt = styles.cell(kind_of(key), bold=True)
        if key in keys:
            numbers = pd.to_numeric(data[key], errors="coerce")
            total = float(numbers.sum(skipna=True))
            ws.write_formula(row, col, f"=SUBTOTAL(109,{_range(table, col)})", fmt,
                             int(total) if total.is_integer() else total)
        elif key == label_col:
            ws.write_string(row, col, "Tổng cộng", styles.cell("text", bold=True))
        else:
            ws.write_blank(row, col, None, fmt)


def _range(table: Table, col: int) -> str:
    """"H5:H9" (always a range, even for one row)."""
    return f"{xl_rowcol_to_cell(table.first_row, col)}:{xl_rowcol_to_cell(table.last_row, col)}"


def write_paragraph(ws: Worksheet, row: int, text: str, last_col: int, fmt: Format,
                    *, width_chars: float | None = None, first_col: int = 0) -> None:
    """``text`` in a cell merged across ``first_col..last_col``; tall enough if wrapped.

    The merge gets an empty string and the text is then written with ``write_string``.
    """
    if width_chars is not None:
        size = int(getattr(fmt, "font_size", FONT_SIZE) or FONT_SIZE)
        ws.set_row(row, paragraph_height(text, width_chars, size))
    if last_col > first_col:
        ws.merge_range(row, first_col, row, last_col, "", fmt)
    ws.write_string(row, first_col, text, fmt)


def write_grid(ws: Worksheet, top: int, headers: Sequence[str],
               rows: Sequence[Sequence[tuple[object, str]]], styles: Styles, *,
               bold_last: bool = False) -> int:
    """A small bordered table of (value, kind) cells, header on ``top``; returns the last row."""
    write_header(ws, top, headers, styles)
    for row, cells in enumerate(rows, start=top + 1):
        bold = bold_last and row == top + len(rows)
        for col, (value, kind) in enumerate(cells):
            fmt = styles.cell(kind, bold=bold)
            if is_empty(value):
                ws.write_blank(row, col, None, fmt)
            elif kind == "text":
                ws.write_string(row, col, as_text(value), fmt)
            else:
                write_value(ws, row, col, value, kind, styles)
    return top + len(rows)


def write_pairs(ws: Worksheet, top: int, pairs: Sequence[tuple[str, object]],
                widths: tuple[float, float], last_col: int, styles: Styles) -> int:
    """Label/value lines (values merged up to ``last_col``); returns the last row."""
    fmt = styles.cell("text", wrap=True)
    write_header(ws, top, ["Nội dung", "Giá trị"], styles)
    ws.merge_range(top, 1, top, last_col, "", styles.header())
    ws.write_string(top, 1, "Giá trị", styles.header())
    for row, (label, value) in enumerate(pairs, start=top + 1):
        shown = as_text(value) if not is_empty(value) else ""
        ws.set_row(row, max(paragraph_height(label, widths[0]),
                            paragraph_height(shown, widths[1])))
        ws.write_string(row, 0, label, fmt)
        ws.merge_range(row, 1, row, last_col, "", fmt)
        if isinstance(value, date):
            ws.write_datetime(row, 1, value, styles.get(num_format="dd/mm/yyyy", border=1,
                                                        align="left", valign="top"))
        else:
            ws.write_string(row, 1, shown, fmt)
    return top + len(pairs)


def fixed_ref(table: Table, key: str) -> str:
    """The reference of ``key``'s cell on the first data row, column fixed ("$D5")."""
    return f"${xl_col_to_name(table.col(key))}{table.first_row + 1}"


def table_sheet(ws: Worksheet, styles: Styles, links: Links, rows: SheetRows, title: str,
                lines: list[str],
                frame: pd.DataFrame, columns: Sequence[str], *, freeze_cols: int = 1,
                totals: Sequence[str] = (), label_col: str | None = None,
                layout: list[tuple[float, bool]] | None = None,
                repeat_header: bool = True, printed: bool = True) -> Table:
    """A sheet of one table: title, explanatory lines, a gap, the table, print setup.

    A table longer than :data:`.printing.PRINT_ROWS` rows prints its first rows by
    default (the last line says how to print it all); a sheet not ``printed`` prints
    nothing by default (:func:`.printing.not_printed`). ``layout`` gives the columns'
    (width, wrap) when :func:`plan_columns` should not choose them; ``repeat_header``
    False prints the header row once (a sheet with a chart on its own page below).
    """
    layout = layout or plan_columns(frame, columns)
    widths, long = [w for w, _ in layout], len(frame) > LONG_ROWS
    last = page_columns(widths, fit(widths)) if long else len(columns) - 1
    width = sum(widths[:last + 1])
    write_paragraph(ws, 0, title, last, styles.title(), width_chars=width / 1.3)
    line_fmt = styles.get(italic=True, text_wrap=True, valign="top")
    lines = list(lines)
    if lines and not printed:
        lines[-1] += NOT_PRINTED_NOTE
    elif lines and long:
        lines[-1] += long_table_note(len(frame))
    for row, line in enumerate(lines, start=1):
        write_paragraph(ws, row, line, last, line_fmt, width_chars=width)
    header = len(lines) + 2
    table = write_table(ws, header, frame, columns, styles, links, rows, totals=totals,
                        label_col=label_col, layout=layout)
    shape = setup_page(ws, header_row=header if repeat_header else None,
                       freeze=(header + 1, freeze_cols), widths=widths, long=long)
    if not printed:
        not_printed(ws, len(columns) + 1)
    elif long:
        first_page_only(ws, header, widths, shape)
    return table


def setup_page(ws: Worksheet, *, header_row: int | None = None,
               freeze: tuple[int, int] | None = None, widths: Sequence[float] | None = None,
               landscape: bool | None = None, one_page: bool = False, long: bool = False,
               centered: bool = True) -> Fit:
    """A4, orientation and fit to width (:func:`.printing.print_setup`), footer
    "Trang x/y", title rows and frozen panes."""
    return print_setup(ws, widths, landscape=landscape, header_row=header_row, freeze=freeze,
                       one_page=one_page, long=long, centered=centered)
