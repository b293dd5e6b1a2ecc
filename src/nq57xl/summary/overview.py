"""The "Tổng quan" sheet of the summary: header block, key figures, statuses and charts.

A printable one-page report in the style of an administrative document (Decree
30/2020): the issuing committee and the national motto, place and date, the title,
then sections I-IV. The charts refer to the cells of this sheet and of "Theo xã".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xlsxwriter.chart import Chart
from xlsxwriter.worksheet import Worksheet

from ..assess.status import STATUSES
from ..province.consolidation import OVERVIEW_LABELS, Consolidation
from ..province.roster import province_full_name
from .blocks import Table, setup_page, write_grid, write_paragraph
from .styles import FONT, Styles

TITLE = "BÁO CÁO TỔNG HỢP TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW CỦA CÁC XÃ, PHƯỜNG"


#: Widths of columns A..K of "Tổng quan": STT, label, value, share, then chart room.
OVERVIEW_WIDTHS: tuple[float, ...] = (6, 46, 14, 12, 3, 12, 12, 12, 12, 12, 12)
#: A colour per status, in the order of STATUSES.
STATUS_COLOURS: tuple[str, ...] = (
    "#2E7D32", "#9CCC65", "#FDD835", "#1E88E5", "#BDBDBD", "#FB8C00", "#E53935",
    "#8E24AA", "#4DD0E1", "#8D6E63",
)
_CHART_FONT = {"name": FONT, "size": 10}


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
    """"Tổng quan": header block, key figures, status totals, rule, notes and charts."""
    for col, width in enumerate(OVERVIEW_WIDTHS):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    _header_block(ws, result, styles)
    row = _key_figures(ws, result, styles, 9)
    status_top = row + 2
    row = _status_totals(ws, result, styles, status_top)
    row = _rule_and_notes(ws, result, styles, row + 2)
    _charts(ws, result, styles, communes, status_top + 2, row + 2)
    setup_page(ws)


def _header_block(ws: Worksheet, result: Consolidation, styles: Styles) -> None:
    """Issuer and national motto side by side, place and date, title, period, as_of."""
    last = len(OVERVIEW_WIDTHS) - 1
    centre = {"align": "center", "valign": "vcenter", "font_size": 13}
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
                    width_chars=width)
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


def _rule_and_notes(ws: Worksheet, result: Consolidation, styles: Styles, top: int) -> int:
    """Section III: the ranking rule and the notes; returns the last row written."""
    _section(ws, top, "III. CÁCH XẾP HẠNG VÀ GHI CHÚ", styles)
    last, width = len(OVERVIEW_WIDTHS) - 1, sum(OVERVIEW_WIDTHS)
    fmt = styles.get(text_wrap=True, valign="top", font_size=12)
    row = top + 1
    write_paragraph(ws, row, f"Cách xếp hạng: {result.ranking_rule}", last, fmt,
                    width_chars=width)
    for note in result.notes:
        row += 1
        write_paragraph(ws, row, f"- {note}", last, fmt, width_chars=width)
    return row


def bar_chart_height(bars: int) -> int:
    """Pixels for a bar chart of ``bars`` communes: 20 px a bar, so 100+ stay readable."""
    return max(420, 120 + 20 * bars)


def _charts(ws: Worksheet, result: Consolidation, styles: Styles, communes: CommuneLayout,
            first: int, row: int) -> None:
    """The doughnut of the status totals (first row ``first``) and the bars by commune."""
    pie = styles.workbook.add_chart({"type": "doughnut"})
    points = [{"fill": {"color": c}} for c in STATUS_COLOURS]
    counts = [int(result.status_totals.get(s, 0) or 0) for s in STATUSES]
    pie.add_series({
        "name": "Cơ cấu trạng thái toàn tỉnh",
        "categories": [ws.name, first, 1, first + len(STATUSES) - 1, 1],
        "values": [ws.name, first, 2, first + len(STATUSES) - 1, 2],
        "points": points,
        "data_labels": {"percentage": True, "font": _CHART_FONT,
                        "custom": [{"delete": True} if n == 0 else None for n in counts]},
    })
    pie.set_title({"name": "Cơ cấu trạng thái toàn tỉnh",
                   "name_font": {"name": FONT, "size": 12, "bold": True}})
    pie.set_legend({"position": "right", "font": _CHART_FONT})
    pie.set_hole_size(45)
    pie.set_size({"width": 600, "height": 560})
    ws.insert_chart(9, 5, pie, {"x_offset": 8, "y_offset": 4, "object_position": 3})
    _section(ws, row, "IV. TRẠNG THÁI NHIỆM VỤ THEO XÃ, PHƯỜNG", styles)
    if not communes.submitted:
        write_paragraph(ws, row + 1, "Chưa có xã, phường nào nộp báo cáo.", 3,
                        styles.get(italic=True, font_size=12))
        return
    ws.insert_chart(row + 1, 0, _bar_chart(styles, communes), {
        "x_offset": 4, "y_offset": 6, "object_position": 3})


def _bar_chart(styles: Styles, communes: CommuneLayout) -> Chart:
    """Stacked bars, one per submitted commune, one series per status of "Theo xã"."""
    table, sheet = communes.table, communes.sheet
    first, last = table.first_row, table.first_row + communes.submitted - 1
    chart = styles.workbook.add_chart({"type": "bar", "subtype": "percent_stacked"})
    for status, colour in zip(STATUSES, STATUS_COLOURS):
        col = table.col(status)
        chart.add_series({
            "name": status,
            "categories": [sheet, first, table.col("commune"), last, table.col("commune")],
            "values": [sheet, first, col, last, col],
            "fill": {"color": colour}, "border": {"none": True}, "gap": 40,
        })
    chart.set_title({"name": "Cơ cấu trạng thái nhiệm vụ theo xã (theo thứ hạng)",
                     "name_font": {"name": FONT, "size": 12, "bold": True}})
    chart.set_x_axis({"name": "Tỷ lệ nhiệm vụ của xã", "num_font": _CHART_FONT,
                      "major_unit": 0.25, "num_format": "0%",
                      "name_font": _CHART_FONT, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": _CHART_FONT})
    chart.set_legend({"position": "bottom", "font": _CHART_FONT})
    width = int(sum(OVERVIEW_WIDTHS) * 7 + 5 * len(OVERVIEW_WIDTHS))
    chart.set_size({"width": width, "height": bar_chart_height(communes.submitted)})
    return chart


@dataclass(frozen=True)
class CommuneLayout:
    """Where "Theo xã" put its table, for the overview's chart."""

    sheet: str
    table: Table
    submitted: int
