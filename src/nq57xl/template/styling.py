"""The look and rules shared by the sheets of the commune template: font, fills, borders,
input prompts, date rules, row heights, print setup and sheet protection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..read.serials import serial_of

FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
DATE_MIN, DATE_MAX = date(2020, 1, 1), date(2035, 12, 31)

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT_FILL = PatternFill("solid", start_color="FFF9DB", end_color="FFF9DB")
HEADER_FILL = PatternFill("solid", start_color="D9E2F3", end_color="D9E2F3")
LOCKED, UNLOCKED = Protection(locked=True), Protection(locked=False)


def font(bold: bool = False, size: float = 12) -> Font:
    return Font(name=FONT, size=size, bold=bold)


def height(cells: Sequence[tuple[float, object]], size: float = 12) -> float:
    """A row height (points) fitting wrapped cell values, given as (column width, value).

    LibreOffice does not size rows to wrapped text on opening, so rows written here
    get an estimated height (about one character of Times New Roman per width unit).
    """
    lines = 1
    for width, value in cells:
        if value is None or isinstance(value, (date, int, float)):
            continue
        per_line = max(1.0, (width - 1) * 1.1 * 12 / size * (0.7 if str(value).isupper() else 1))
        n = sum(max(1, -(-len(part) // int(per_line))) for part in str(value).split("\n"))
        lines = max(lines, n)
    return round(lines * size * 1.3 + 3, 1)


def header_cell(cell: Cell) -> None:
    cell.font, cell.fill, cell.border, cell.protection = font(True), HEADER_FILL, BORDER, LOCKED
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def serial(d: date) -> str:
    """The Excel serial of ``d`` as a data-validation bound."""
    return str(serial_of(d))


def prompt(title: str, text: str, **kw: object) -> DataValidation:
    return DataValidation(promptTitle=title[:32], prompt=text[:255], showInputMessage=True,
                          allow_blank=True, **kw)


def date_rule(title: str, text: str) -> DataValidation:
    """A date between DATE_MIN and DATE_MAX; a warning only, so that text still goes in."""
    return prompt(title, text, type="date", operator="between", formula1=serial(DATE_MIN),
                   formula2=serial(DATE_MAX), showErrorMessage=True, errorStyle="warning",
                   errorTitle="Ngày không hợp lệ",
                   error="Hãy nhập ngày dạng ngày/tháng/năm, từ 01/01/2020 đến 31/12/2035, "
                         "ví dụ 15/10/2026.")


def print_setup(ws: Worksheet, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    footer = ws.oddFooter.center
    footer.text, footer.font, footer.size = "Trang &P/&N", FONT, 10


def protect(ws: Worksheet) -> None:
    """Protection without password; formatting, row insertion/deletion, sort, filter allowed."""
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatColumns = p.formatRows = False
    p.insertRows = p.deleteRows = p.sort = p.autoFilter = False
    p.selectLockedCells = p.selectUnlockedCells = False


def keep_text(cell: Cell) -> None:
    """Store a string as text even when it starts with "=" (openpyxl would make a formula)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
