"""The "Tổng quan" sheet of the summary: header block, key figures and the story.

A one-page report in the style of an administrative document (Decree 30/2020): the
issuing committee and the national motto, place and date, the title, then sections
I-VI (:mod:`nq57xl.summary.story`). The charts are on their own sheet
(:mod:`nq57xl.summary.charts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xlsxwriter.worksheet import Worksheet

from ..assess.status import STATUSES
from ..province.consolidation import OVERVIEW_LABELS, Consolidation
from ..province.roster import province_full_name
from .blocks import Table, setup_page, write_grid, write_paragraph
from .story import PRINT_HINT, story
from .styles import Styles

TITLE = "BÁO CÁO TỔNG HỢP TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW CỦA CÁC XÃ, PHƯỜNG"


#: Widths of columns A..H of "Tổng quan" (A4 portrait): STT, label, value, then the
#: right half of the header block from column E.
OVERVIEW_WIDTHS: tuple[float, ...] = (5, 38, 11, 9, 3, 14, 14, 13)
OVERVIEW_SHEET = "Tổng quan"
CHARTS_SHEET = "Biểu đồ"
#: Row of section I (key figures); section II (statuses) follows it.
KEY_TOP = 9


@dataclass(frozen=True)
class CommuneLayout:
    """Where "Theo xã" put its table, for the bar charts."""

    sheet: str
    table: Table
    submitted: int


def issuer(province: str | None) -> str:
    """The issuing people's committee, e.g. "UBND TỈNH NGHỆ AN"."""
    name = (province or "").strip()
    lowered = name.lower()
    if lowered.startswith(("tỉnh ", "thành phố ")):
        return f"UBND {name.upper()}"
    full = province_full_name(name) if name else None
    if full:
        return f"UBND {full.upper()}"
    return f"UBND TỈNH {name.upper()}".rstrip() if name else "ỦY BAN NHÂN DÂN"


def place_and_date(province: str | None, day: date) -> str:
    """"Nghệ An, ngày 05 tháng 3 năm 2026" (Decree 30/2020: 0 before days < 10, months 1-2)."""
    name = (province or "").strip()
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "):
        name = name.removeprefix(prefix)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{name or '……'}, ngày {day.day:02d} tháng {month} năm {day.year}"


def write_overview(ws: Worksheet, result: Consolidation, styles: Styles,
                   communes: CommuneLayout) -> None:
    """"Tổng quan" on one A4 page: header block, key figures, then the story (who has
    not reported, best and worst, tasks overdue in most communes, change, notes)."""
    for col, width in enumerate(OVERVIEW_WIDTHS):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    _header_block(ws, result, styles)
    _key_figures(ws, result, styles, KEY_TOP)
    row = _status_totals(ws, result, styles, status_rows()[0] - 2)
    told = story(result)
    sections = (
        ("III. TÌNH HÌNH NỘP BÁO CÁO", told.submission),
        ("IV. XẾP HẠNG CÁC XÃ, PHƯỜNG", [f"Cách xếp hạng: {result.ranking_rule}", *told.ranking]),
        ("V. NHIỆM VỤ QUÁ HẠN Ở NHIỀU XÃ NHẤT", told.overdue),
        ("VI. SO VỚI KỲ TRƯỚC", told.change),
        ("VII. GHI CHÚ", [f"- {note}" for note in result.notes]
         + [f"- Biểu đồ: xem trang «{CHARTS_SHEET}». {PRINT_HINT}"]),
    )
    for title, lines in sections:
        row = _lines(ws, styles, row + 1, title, lines)
    setup_page(ws, widths=OVERVIEW_WIDTHS, landscape=False, one_page=True)


def status_rows() -> tuple[int, int]:
    """First and last row (0-based) of the status counts on "Tổng quan" (for the doughnut)."""
    first = KEY_TOP + 1 + len(OVERVIEW_LABELS) + 3
    return first, first + len(STATUSES) - 1


def _status_totals(ws: Worksheet, result: Consolidation, styles: Styles, top: int) -> int:
    """Section II: count and share of each status, and the total; returns the last row."""
    _section(ws, top, "II. NHIỆM VỤ THEO TRẠNG THÁI (TOÀN TỈNH)", styles)
    counts = [int(result.status_totals.get(s, 0) or 0) for s in STATUSES]
    total = sum(counts)
    kinds = ("int", "text", "int", "rate")
    rows = [list(zip((n, status, count, count / total if total else None), kinds))
            for n, (status, count) in enumerate(zip(STATUSES, counts), start=1)]
    rows.append(list(zip((None, "Tổng cộng", total, 1.0 if total else None), kinds)))
    return write_grid(ws, top + 1, ["STT", "Trạng thái", "Số nhiệm vụ", "Tỷ lệ"], rows,
                      styles, bold_last=True)


def _lines(ws: Worksheet, styles: Styles, top: int, title: str, lines: list[str]) -> int:
    """A section title and its wrapped lines across the page; returns the last row."""
    _section(ws, top, title, styles)
    last, width = len(OVERVIEW_WIDTHS) - 1, sum(OVERVIEW_WIDTHS)
    fmt = styles.get(text_wrap=True, valign="top")
    row = top
    for line in lines:
        row += 1
        write_paragraph(ws, row, line, last, fmt, width_chars=width)
    return row


def _header_block(ws: Worksheet, result: Consolidation, styles: Styles) -> None:
    """Issuer and national motto side by side, place and date, title, period, as_of."""
    last = len(OVERVIEW_WIDTHS) - 1
    centre = {"align": "center", "valign": "vcenter", "font_size": 12}
    lines = [
        (0, issuer(result.province), {}, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True}),
        (1, "SỞ KHOA HỌC VÀ CÔNG NGHỆ", {"bold": True}, "Độc lập - Tự do - Hạnh phúc",
         {"bold": True, "underline": 1}),
        (3, "", {}, place_and_date(result.province, result.as_of), {"italic": True}),
    ]
    for row, left, left_style, right, right_style in lines:
        ws.set_row(row, 19)
        write_paragraph(ws, row, left, 2, styles.get(**centre, **left_style))
        write_paragraph(ws, row, right, last, styles.get(**centre, **right_style), first_col=4)
    width = sum(OVERVIEW_WIDTHS)
    write_paragraph(ws, 5, TITLE, last, styles.get(bold=True, font_size=14, align="center",
                                                   valign="vcenter", text_wrap=True),
                    width_chars=width / 1.3)  # capitals: wider than the average letter
    period = f"Kỳ báo cáo: {result.period}" if result.period else ""
    write_paragraph(ws, 6, period, last, styles.get(align="center", font_size=12))
    write_paragraph(ws, 7, f"Số liệu tính đến ngày {result.as_of:%d/%m/%Y}", last,
                    styles.get(align="center", italic=True, font_size=12))


def _section(ws: Worksheet, row: int, text: str, styles: Styles) -> None:
    write_paragraph(ws, row, text, 3, styles.get(bold=True, font_size=12, valign="vcenter"))


def _key_figures(ws: Worksheet, result: Consolidation, styles: Styles, top: int) -> int:
    """Section I: each figure of OVERVIEW_LABELS; returns the last row written."""
    _section(ws, top, "I. CÁC CHỈ TIÊU CHỦ YẾU", styles)
    rows = [[(n, "int"), (label, "text"),
             (result.overview.get(key), "rate" if key.endswith("_rate") else "int")]
            for n, (key, label) in enumerate(OVERVIEW_LABELS.items(), start=1)]
    return write_grid(ws, top + 1, ["STT", "Chỉ tiêu", "Giá trị"], rows, styles)
