"""The "Biểu đồ" sheet: the doughnut of the status totals (counts on "Tổng quan"), then
the statuses of each commune as stacked bars in rank order, at most
:data:`BARS_PER_CHART` communes a chart (:data:`FIRST_BARS` on the first page, under the
doughnut), one chart a printed A4 page (page breaks between the charts)."""

from __future__ import annotations

import math

from xlsxwriter.chart import Chart
from xlsxwriter.worksheet import Worksheet

from ..assess.status import STATUSES
from ..province.consolidation import Consolidation
from .blocks import setup_page, write_paragraph
from .overview import OVERVIEW_SHEET, CommuneLayout, status_rows
from .styles import FONT, Styles

#: Communes on one bar chart (one printed page).
BARS_PER_CHART = 45
#: Communes on the first chart, under the doughnut.
FIRST_BARS = 30
DOUGHNUT_PX = 300
#: Pixels of a chart's width (fits A4 portrait at 100%).
CHART_WIDTH_PX = 600
ROW_PX = 20
#: A colour per status, in the order of STATUSES.
STATUS_COLOURS: tuple[str, ...] = (
    "#2E7D32", "#9CCC65", "#FDD835", "#1E88E5", "#BDBDBD", "#FB8C00", "#E53935",
    "#8E24AA", "#4DD0E1", "#8D6E63",
)
_CHART_FONT = {"name": FONT, "size": 10}


#: Pixels a commune gets in a bar chart: LibreOffice drops every other 8 pt label below
#: about 15 px, so that every commune keeps its name.
BAR_PX = 17
#: Pixels of a bar chart besides its bars: the one-line title and the value axis (the
#: legend stands at the right, beside the bars).
BAR_CHART_FRAME_PX = 100


def bar_chart_height(bars: int) -> int:
    """Pixels for a bar chart of ``bars`` communes (45 bars: 865 px, within a portrait page)."""
    return max(240, BAR_CHART_FRAME_PX + BAR_PX * bars)


def chunks(count: int, first: int = FIRST_BARS, size: int = BARS_PER_CHART
           ) -> list[tuple[int, int]]:
    """(start, number) of each chart: ``first`` communes, then at most ``size`` a chart,
    the rest shared evenly."""
    if count <= 0:
        return []
    head = min(first, count)
    rest = count - head
    if not rest:
        return [(0, head)]
    charts = math.ceil(rest / size)
    per = math.ceil(rest / charts)
    return [(0, head)] + [(start, min(per, count - start)) for start in range(head, count, per)]


def write_charts(ws: Worksheet, result: Consolidation, styles: Styles,
                 communes: CommuneLayout) -> None:
    """The doughnut and the first bar chart on page 1, then one bar chart a page."""
    ws.set_column(0, 0, 86)
    ws.hide_gridlines(2)
    write_paragraph(ws, 0, "BIỂU ĐỒ TRẠNG THÁI NHIỆM VỤ", 0, styles.title())
    counts = [int(result.status_totals.get(s, 0) or 0) for s in STATUSES]
    ws.insert_chart(1, 0, _doughnut(styles, counts),
                    {"x_offset": 4, "y_offset": 4, "object_position": 3})
    row = 1 + math.ceil(DOUGHNUT_PX / ROW_PX) + 1
    parts = chunks(communes.submitted)
    if not parts:
        write_paragraph(ws, row, "Chưa có xã, phường nào nộp báo cáo.", 0,
                        styles.get(italic=True, font_size=12))
    breaks = []
    for n, (first, count) in enumerate(parts, start=1):
        if n > 1:
            breaks.append(row)
        label = f" ({n}/{len(parts)})" if len(parts) > 1 else ""
        chart = _bar_chart(styles, communes, first, count, label)
        ws.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 4, "object_position": 3})
        row += math.ceil(bar_chart_height(count) / ROW_PX) + 2
    if breaks:
        ws.set_h_pagebreaks(breaks)
    setup_page(ws, landscape=False, centered=False)


def _doughnut(styles: Styles, counts: list[int]) -> Chart:
    """The doughnut of the status totals written on "Tổng quan"."""
    pie = styles.workbook.add_chart({"type": "doughnut"})
    first, last = status_rows()
    pie.add_series({
        "name": "Cơ cấu trạng thái toàn tỉnh",
        "categories": [OVERVIEW_SHEET, first, 1, last, 1],
        "values": [OVERVIEW_SHEET, first, 2, last, 2],
        "points": [{"fill": {"color": c}} for c in STATUS_COLOURS],
        "data_labels": {"percentage": True, "font": _CHART_FONT,
                        "custom": [{"delete": True} if n == 0 else None for n in counts]},
    })
    pie.set_title({"name": "Cơ cấu trạng thái toàn tỉnh",
                   "name_font": {"name": FONT, "size": 12, "bold": True}})
    pie.set_legend({"position": "right", "font": _CHART_FONT})
    pie.set_hole_size(45)
    pie.set_size({"width": CHART_WIDTH_PX, "height": DOUGHNUT_PX})
    return pie


def _bar_chart(styles: Styles, communes: CommuneLayout, start: int, count: int,
               label: str) -> Chart:
    """Stacked bars of ``count`` communes of "Theo xã" from its ``start``-th ranked row."""
    table, sheet = communes.table, communes.sheet
    first, last = table.first_row + start, table.first_row + start + count - 1
    chart = styles.workbook.add_chart({"type": "bar", "subtype": "percent_stacked"})
    for status, colour in zip(STATUSES, STATUS_COLOURS):
        col = table.col(status)
        chart.add_series({
            "name": status,
            "categories": [sheet, first, table.col("commune"), last, table.col("commune")],
            "values": [sheet, first, col, last, col],
            "fill": {"color": colour}, "border": {"none": True}, "gap": 40,
        })
    chart.set_title({"name": f"Trạng thái nhiệm vụ theo xã, theo thứ hạng{label}",
                     "name_font": {"name": FONT, "size": 11, "bold": True}})
    chart.set_x_axis({"name": "Tỷ lệ nhiệm vụ của xã", "num_font": _CHART_FONT,
                      "major_unit": 0.25, "num_format": "0%",
                      "name_font": _CHART_FONT, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "crossing": "max", "interval_unit": 1,
                      "num_font": {"name": FONT, "size": 8}})
    chart.set_legend({"position": "right", "font": {"name": FONT, "size": 9}})
    chart.set_size({"width": CHART_WIDTH_PX, "height": bar_chart_height(count)})
    return chart
