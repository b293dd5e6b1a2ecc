"""The indicator sheets: "Chỉ tiêu" (the province's value of each indicator against its
target, the communes met / on track / behind / not reported, and a bar chart of the
values against the targets) and "Chỉ tiêu theo xã" (a commune × indicator grid of
statuses in colour; left out of the default print, as "Nhiệm vụ").

The figures come from :attr:`Consolidation.indicators` and
:attr:`Consolidation.indicator_totals` (see :mod:`nq57xl.assess.indicators`).
"""

from __future__ import annotations

import math

import pandas as pd
from xlsxwriter.chart import Chart
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ..assess.indicators import (
    BEHIND,
    INDICATOR_STATUSES,
    INVALID,
    MET,
    NO_EVIDENCE,
    NOT_REPORTED,
    ON_TRACK,
)
from ..indicators import BY_CODE, INDICATORS
from ..province.consolidation import INDICATOR_STATUS_COLUMNS, Consolidation
from .blocks import Links, Table, table_sheet, write_paragraph
from .layout import plan_columns
from .printing import column_points
from .rowxml import SheetRows
from .styles import FONT, Styles

INDICATOR_SHEET = "Chỉ tiêu"
GRID_SHEET = "Chỉ tiêu theo xã"
TOTAL_COLUMNS: tuple[str, ...] = (
    "kpi_code", "kpi_name", "kpi_target", "kpi_value", "kpi_numerator", "kpi_denominator",
    "kpi_counted", "kpi_percent_only", *INDICATOR_STATUS_COLUMNS.values(),
)
GRID_COLUMNS: tuple[str, ...] = (
    "commune", "code", "kpi_met_count", "kpi_behind_count", *(f"kpi_{i.code}" for i in INDICATORS),
)
#: How a status shows in a cell of the grid, and its colours (fill, font).
SHORT: dict[str, str] = {MET: "Đạt", ON_TRACK: "Đúng LT", BEHIND: "Chậm", NO_EVIDENCE: "Thiếu MC",
                         INVALID: "Lỗi", NOT_REPORTED: "–"}
COLOURS: dict[str, tuple[str, str]] = {
    MET: ("#C6EFCE", "#006100"), ON_TRACK: ("#E2EFDA", "#375623"), BEHIND: ("#FFC7CE", "#9C0006"),
    NO_EVIDENCE: ("#FFEB9C", "#9C5700"), INVALID: ("#F8CBAD", "#843C0C"),
    NOT_REPORTED: ("#F2F2F2", "#7F7F7F"),
}
RULES = ("Đạt: đạt mục tiêu của kế hoạch xã (mục tiêu riêng của xã nếu có, không thì mục tiêu "
         "chung) và có minh chứng; Thiếu minh chứng: đạt mức mục tiêu nhưng chưa có minh chứng, "
         "chưa tính là đạt; Chậm lộ trình: thấp hơn mức phải có theo đường thẳng từ giá trị đầu "
         "năm (không ghi thì 0) tới mục tiêu ngày 31/12 của năm kế hoạch; Đúng lộ trình: chưa "
         "đạt nhưng không thấp hơn mức đó; Không hợp lệ: số liệu sai (tử số lớn hơn mẫu số, "
         "không phải số...), xem «Lỗi dữ liệu».")
CHART_ROW_PX = 18
#: Pixels of a default row (15 points).
ROW_PX = 20
#: Column widths (characters) of "Chỉ tiêu", a status count's, and a status on the grid.
TOTAL_WIDTHS: dict[str, float] = {
    "kpi_code": 5, "kpi_name": 67, "kpi_target": 7, "kpi_value": 8, "kpi_numerator": 9.5,
    "kpi_denominator": 9.5, "kpi_counted": 7, "kpi_percent_only": 7,
}
STATUS_WIDTH, GRID_WIDTH = 7.0, 7.5


def _percent(x: float | None) -> float | None:
    return None if x is None else x / 100


def totals_frame(result: Consolidation) -> pd.DataFrame:
    """One row per indicator: the province's sums and value (rates 0-1), status counts."""
    rows = []
    for p in result.indicator_totals:
        rows.append({
            "kpi_code": p.code, "kpi_name": BY_CODE[p.code].name, "kpi_target": _percent(p.target),
            "kpi_value": _percent(p.value), "kpi_numerator": p.numerator if p.counted else None,
            "kpi_denominator": p.denominator if p.counted else None, "kpi_counted": p.counted,
            "kpi_percent_only": p.percent_only,
            **{key: p.count(status) for status, key in INDICATOR_STATUS_COLUMNS.items()},
        })
    return pd.DataFrame(rows, columns=list(TOTAL_COLUMNS), dtype=object)


def grid_frame(result: Consolidation) -> pd.DataFrame:
    """One row per commune that submitted: its status of every indicator, in short."""
    rows = []
    for c in result.indicators:
        statuses = [r.status for r in c.results]
        rows.append({"commune": c.commune, "code": c.code,
                     "kpi_met_count": statuses.count(MET),
                     "kpi_behind_count": statuses.count(BEHIND),
                     **{f"kpi_{r.code}": SHORT[r.status] for r in c.results}})
    return pd.DataFrame(rows, columns=list(GRID_COLUMNS), dtype=object)


def indicator_lines(result: Consolidation) -> list[str]:
    """The run's line about the indicators (none when no commune reported one)."""
    reported = [c for c in result.indicators if any(r.status != NOT_REPORTED for r in c.results)]
    if not reported:
        return []
    met = sum(1 for p in result.indicator_totals if p.met)
    valued = sum(1 for p in result.indicator_totals if p.value is not None)
    behind = sum(1 for c in reported if any(r.status == BEHIND for r in c.results))
    return [f"Chỉ tiêu: {len(reported)} xã báo số liệu; toàn tỉnh đạt mục tiêu {met}/{valued} "
            f"chỉ tiêu có số liệu; {behind} xã có chỉ tiêu chậm lộ trình (trang «{INDICATOR_SHEET}»)."]


def write_indicator_sheet(ws: Worksheet, result: Consolidation, styles: Styles, links: Links,
                          rows: SheetRows) -> Table:
    """"Chỉ tiêu": the table of the province's indicators, then the bar chart on page 2."""
    frame = totals_frame(result)
    met = sum(1 for p in result.indicator_totals if p.met)
    valued = sum(1 for p in result.indicator_totals if p.value is not None)
    lines = [
        f"Số liệu tính đến ngày {result.as_of:%d/%m/%Y}; {len(result.indicators)} xã, phường đã "
        f"nộp báo cáo. Toàn tỉnh: {met}/{valued} chỉ tiêu có số liệu đạt mục tiêu chung "
        f"({len(INDICATORS) - valued} chỉ tiêu chưa có số liệu).",
        "Giá trị toàn tỉnh = tổng tử số / tổng mẫu số của các xã báo số đếm (không lấy trung "
        "bình các tỷ lệ); xã chỉ báo tỷ lệ % không được cộng vào giá trị toàn tỉnh (số xã ghi "
        f"ở cột riêng) nhưng được tính vào các cột trạng thái. Cách xếp trạng thái: dưới biểu "
        f"đồ (trang in thứ hai); trạng thái từng xã: trang «{GRID_SHEET}».",
    ]
    table = table_sheet(ws, styles, links, rows, "CHỈ TIÊU CỦA KẾ HOẠCH: GIÁ TRỊ TOÀN TỈNH SO "
                        "VỚI MỤC TIÊU", lines, frame, TOTAL_COLUMNS, freeze_cols=2,
                        layout=_total_layout(frame), repeat_header=False)
    if table.rows:
        _colour_values(ws, table, styles)
        chart_row = table.last_row + 2
        ws.set_h_pagebreaks([chart_row])
        chart = _chart(ws, table, styles, frame)
        ws.insert_chart(chart_row, 0, chart, {"x_offset": 4, "y_offset": 4, "object_position": 3})
        below = chart_row + math.ceil(chart.height / ROW_PX) + 1
        write_paragraph(ws, below, "Cách xếp trạng thái chỉ tiêu của từng xã: " + RULES,
                        len(TOTAL_COLUMNS) - 1, styles.get(italic=True, text_wrap=True, valign="top"),
                        width_chars=sum(_widths(frame)))
    return table


def _colour_values(ws: Worksheet, table: Table, styles: Styles) -> None:
    """The province's value green at or above the target, red below it."""
    col = table.col("kpi_value")
    target = f"${xl_col_to_name(table.col('kpi_target'))}{table.first_row + 1}"
    value = f"${xl_col_to_name(col)}{table.first_row + 1}"
    for test, (fill, font) in ((f"AND(ISNUMBER({value}),{value}>={target})", COLOURS[MET]),
                               (f"AND(ISNUMBER({value}),{value}<{target})", COLOURS[BEHIND])):
        ws.conditional_format(table.first_row, col, table.last_row, col, {
            "type": "formula", "criteria": "=" + test,
            "format": styles.get(bg_color=fill, font_color=font)})
    for status in (BEHIND, INVALID):
        col = table.col(INDICATOR_STATUS_COLUMNS[status])
        ws.conditional_format(table.first_row, col, table.last_row, col, {
            "type": "cell", "criteria": ">", "value": 0,
            "format": styles.get(bg_color=COLOURS[status][0], font_color=COLOURS[status][1])})


def _chart(ws: Worksheet, table: Table, styles: Styles, frame: pd.DataFrame) -> Chart:
    """Bars of the province's value of each indicator beside its target."""
    chart = styles.workbook.add_chart({"type": "bar"})
    first, last, name = table.first_row, table.last_row, ws.get_name()
    categories = [name, first, table.col("kpi_code"), last, table.col("kpi_code")]
    for key, label, colour in (("kpi_value", "Giá trị toàn tỉnh", "#1E88E5"),
                               ("kpi_target", "Mục tiêu chung", "#BDBDBD")):
        col = table.col(key)
        chart.add_series({"name": label, "categories": categories,
                          "values": [name, first, col, last, col],
                          "fill": {"color": colour}, "border": {"none": True}, "gap": 60})
    font = {"name": FONT, "size": 9}
    chart.set_title({"name": "Giá trị toàn tỉnh của các chỉ tiêu so với mục tiêu",
                     "name_font": {"name": FONT, "size": 12, "bold": True}})
    chart.set_x_axis({"min": 0, "max": 1, "major_unit": 0.2, "num_format": "0%",
                      "num_font": font, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "crossing": "max", "interval_unit": 1, "num_font": font})
    chart.set_legend({"position": "bottom", "font": font})
    width = sum(column_points(w) for w in _widths(frame)) / 0.75
    chart.set_size({"width": int(min(1000, max(600, width))),
                    "height": 120 + CHART_ROW_PX * len(frame)})
    return chart


def _total_layout(frame: pd.DataFrame) -> list[tuple[float, bool]]:
    """Fixed columns for "Chỉ tiêu" (:data:`TOTAL_WIDTHS`), none wrapped: the 30 indicators,
    a line each (the longest name, 80 characters, fits the name column in print), fit one
    landscape page at 8 pt or more."""
    return [(TOTAL_WIDTHS.get(k, STATUS_WIDTH), False) for k in TOTAL_COLUMNS]


def _widths(frame: pd.DataFrame) -> list[float]:
    return [w for w, _ in _total_layout(frame)]


def _grid_layout(frame: pd.DataFrame) -> list[tuple[float, bool]]:
    """Narrow indicator columns (the short statuses) after the commune's columns."""
    layout = plan_columns(frame, GRID_COLUMNS)
    first = GRID_COLUMNS.index(f"kpi_{INDICATORS[0].code}")
    return layout[:first] + [(GRID_WIDTH, False)] * (len(GRID_COLUMNS) - first)


def write_grid_sheet(ws: Worksheet, result: Consolidation, styles: Styles, links: Links,
                     rows: SheetRows) -> Table:
    """"Chỉ tiêu theo xã": a row per commune, a column per indicator, statuses in colour."""
    frame = grid_frame(result)
    legend = "; ".join(f"«{SHORT[s]}»: {s}" for s in INDICATOR_STATUSES)
    lines = [f"Trạng thái từng chỉ tiêu của {len(frame)} xã, phường đã nộp báo cáo, theo thứ tự "
             f"xếp hạng ở trang «Theo xã». Số liệu tính đến ngày {result.as_of:%d/%m/%Y}.",
             f"Ký hiệu: {legend}. Tên chỉ tiêu theo mã: trang «{INDICATOR_SHEET}»."]
    table = table_sheet(ws, styles, links, rows, "TRẠNG THÁI CHỈ TIÊU THEO XÃ, PHƯỜNG", lines,
                        frame, GRID_COLUMNS, freeze_cols=2, layout=_grid_layout(frame),
                        printed=False)
    if table.rows:
        first_col = table.col(f"kpi_{INDICATORS[0].code}")
        for status, (fill, font) in COLOURS.items():
            ws.conditional_format(table.first_row, first_col, table.last_row,
                                  len(GRID_COLUMNS) - 1, {
                                      "type": "cell", "criteria": "==",
                                      "value": f'"{SHORT[status]}"',
                                      "format": styles.get(bg_color=fill, font_color=font,
                                                           align="center")})
    return table
