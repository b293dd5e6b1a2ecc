"""How every sheet of the summary prints: A4, the orientation its width needs, fit to
width without text under :data:`MIN_FONT_PT`, header rows repeated, the period and page
numbers in the footer; long tables print their first page unless the print area is
cleared (said on "Tổng quan" and above the table).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xlsxwriter.worksheet import Worksheet

from .layout import FONT_SIZE
from .styles import FONT

A4 = 9
#: Margins in inches (left/right, top/bottom).
SIDE_MARGIN, END_MARGIN = 0.25, 0.6
#: Printable width of A4 in points, portrait and landscape, inside the margins.
PORTRAIT_PT = (8.27 - 2 * SIDE_MARGIN) * 72
LANDSCAPE_PT = (11.69 - 2 * SIDE_MARGIN) * 72
#: Smallest printed text size: the body font is never shrunk below this.
MIN_FONT_PT = 8
#: A table of more rows than this is long: by default only its first page prints.
LONG_ROWS = 40
#: Rows of a long table printed by default (its print area); the rest on demand.
PRINT_ROWS = 5


@dataclass(frozen=True)
class Fit:
    """Orientation, pages across and the resulting print scale of a sheet."""

    landscape: bool
    pages_wide: int
    scale: float


#: LibreOffice and Excel print a column a little wider than Excel's pixel rule says.
WIDTH_MARGIN = 1.2


def column_points(width: float) -> float:
    """Printed width in points of a column ``width`` characters wide (Excel's pixel rule,
    with :data:`WIDTH_MARGIN`)."""
    pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
    return pixels * 0.75 * WIDTH_MARGIN


def fit(widths: Iterable[float], landscape: bool | None = None) -> Fit:
    """Portrait when the sheet fits A4 portrait (or as ``landscape`` says), else
    landscape, as few pages across as keep the body text at :data:`MIN_FONT_PT` or more."""
    width = sum(column_points(w) for w in widths)
    if landscape is None:
        landscape = width > PORTRAIT_PT
    room = LANDSCAPE_PT if landscape else PORTRAIT_PT
    pages = max(1, math.ceil(width * MIN_FONT_PT / FONT_SIZE / room - 1e-9))
    return Fit(landscape, pages, min(1.0, pages * room / width))


def footer_text(period: str | None, as_of_text: str) -> str:
    """The footer: period and date on the left, "Trang x/y" on the right."""
    left = "; ".join(x for x in (period, f"số liệu đến ngày {as_of_text}") if x)
    font = f'&"{FONT},Regular"&9'
    return f"&L{font}{left.replace('&', '&&')}&R{font}Trang &P/&N"


def print_setup(ws: Worksheet, widths: Sequence[float] | None = None, *,
                landscape: bool | None = None, header_row: int | None = None,
                freeze: tuple[int, int] | None = None, one_page: bool = False,
                long: bool = False, centered: bool = True) -> Fit:
    """A4, orientation and fit to width from ``widths``, repeated ``header_row``.

    ``centered`` False for a sheet of charts: LibreOffice centres only the cells (the
    charts float over them) and pushes the charts past the left margin.

    A ``long`` table gets a fixed scale (the one fitting its width) rather than "fit to
    pages", so that its one-page print area (:func:`first_page_only`) keeps that scale.
    """
    shape = fit(widths, landscape) if widths else Fit(landscape is not False, 1, 1.0)
    ws.set_paper(A4)
    if shape.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if long:
        ws.set_print_scale(max(10, math.floor(shape.scale * 100)))
    else:
        ws.fit_to_pages(shape.pages_wide, 1 if one_page else 0)
    ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=END_MARGIN, bottom=END_MARGIN)
    if centered:
        ws.center_horizontally()
    ws.set_footer(footer_text(None, ""), {"scale_with_doc": False})
    if header_row is not None:
        ws.repeat_rows(header_row)
    if freeze is not None:
        ws.freeze_panes(*freeze)
    return shape


def page_columns(widths: Sequence[float], shape: Fit) -> int:
    """The last column printed on the first page across at the scale of ``shape``."""
    room = 0.85 * (LANDSCAPE_PT if shape.landscape else PORTRAIT_PT) / shape.scale
    used, last = 0.0, 0
    for col, width in enumerate(widths):
        used += column_points(width)
        if used > room:
            break
        last = col
    return last


def first_page_only(ws: Worksheet, header_row: int, widths: Sequence[float], shape: Fit,
                    rows: int = PRINT_ROWS) -> None:
    """Print area of a long table: title, header and first ``rows`` rows, in the columns
    that fit one page across at the sheet's scale."""
    ws.print_area(0, 0, header_row + rows, page_columns(widths, shape))


def not_printed(ws: Worksheet, first_empty_col: int) -> None:
    """Leave the sheet out of "print the entire workbook": its print area is one empty cell
    right of everything written (LibreOffice and Excel print nothing for an empty area);
    clearing the print area prints the whole sheet."""
    ws.print_area(0, first_empty_col, 0, first_empty_col)


NOT_PRINTED_NOTE = (" Trang này không in khi in cả sổ (để bản in mặc định gọn); muốn in: Bố cục "
                    "Trang › Vùng In › Xóa Vùng In, rồi in trang này.")


def long_table_note(rows: int) -> str:
    """The line above a long table saying what prints by default."""
    return (f" Bản in mặc định chỉ gồm trang đầu ({PRINT_ROWS} dòng đầu); muốn in cả {rows} dòng: Bố cục "
            "Trang › Vùng In › Xóa Vùng In.")


def set_footers(sheets: Iterable[Worksheet], period: str | None, as_of_text: str) -> None:
    """The footer of every sheet: period, date and page numbers (not scaled with the page)."""
    for ws in sheets:
        ws.set_footer(footer_text(period, as_of_text), {"scale_with_doc": False})
