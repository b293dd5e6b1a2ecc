"""The sheet "Xu hướng" (trends over the periods held) and the sheet of past figures changed.

"Xu hướng", from :class:`~nq57xl.history.trends.Trends` (plain data computed from the
history file): the province's four figures per period with a line chart; the communes
that moved most (on-time rate) with a line chart; then one table per figure, a row per
commune, a column per period and the change from its first to its last value.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
from xlsxwriter.chart import Chart
from xlsxwriter.worksheet import Worksheet

from ..history.trends import MEASURES, CommuneTrend, Trends
from ..province.consolidation import COLUMNS
from .blocks import Links, setup_page, table_sheet, write_header, write_paragraph
from .rowxml import SheetRows
from .styles import FONT, Styles

TRENDS_SHEET = "Xu hướng"
HISTORY_CHANGES_SHEET = "Thay đổi so với lịch sử"
HISTORY_CHANGE_COLUMNS: tuple[str, ...] = (
    "commune", "code", "section", "stt", "name", "change", "history_period",
    "previous_value", "current_value",
)
CHANGE_LABEL = "Thay đổi (kỳ cuối − kỳ đầu)"
PROVINCE_LABEL = "Toàn tỉnh"
WIDTHS = (30.0, 9.0)  #: commune and code columns; then PERIOD_WIDTH a period
PERIOD_WIDTH = 10.5
CHART_ROWS = 16  #: rows a chart takes (320 px)
LINE_COLOURS = ("#1F4E79", "#2E7D32", "#C00000", "#ED7D31", "#7030A0")
_FONT = {"name": FONT, "size": 10}


def _kind(measure: str) -> str:
    return COLUMNS[measure][1]


def _write_number(ws: Worksheet, row: int, col: int, value: float | int | None,
                  kind: str, styles: Styles) -> None:
    fmt = styles.cell(kind)
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, value, fmt)


def _change_format(ws: Worksheet, row: int, last: int, col: int, styles: Styles,
                   good_up: bool) -> None:
    """Green when the change is good, red when bad (red flags: down is good)."""
    good, bad = ("#006100", "#9C0006") if good_up else ("#9C0006", "#006100")
    for criteria, colour in ((">", good), ("<", bad)):
        ws.conditional_format(row, col, last, col, {"type": "cell", "criteria": criteria,
                                                    "value": 0,
                                                    "format": styles.get(font_color=colour,
                                                                         bold=True)})


def _widths(trends: Trends) -> list[float]:
    return [*WIDTHS, *[PERIOD_WIDTH] * (len(trends.periods) + 1)]


def _periods_header(ws: Worksheet, row: int, first: str, trends: Trends, styles: Styles) -> None:
    write_header(ws, row, [first, COLUMNS["code"][0], *trends.periods, CHANGE_LABEL], styles,
                 _widths(trends))


def _province_table(ws: Worksheet, row: int, trends: Trends, styles: Styles) -> int:
    """Figures as rows, periods as columns; returns the header row."""
    _periods_header(ws, row, PROVINCE_LABEL, trends, styles)
    for n, measure in enumerate(MEASURES, start=row + 1):
        ws.write_string(n, 0, Trends.label(measure), styles.cell("text"))
        ws.write_blank(n, 1, None, styles.cell("text"))
        values = [f.get(measure) for f in trends.province]
        for col, value in enumerate(values, start=2):
            _write_number(ws, n, col, value, _kind(measure), styles)
        known = [v for v in values if v is not None]
        change = known[-1] - known[0] if len(known) >= 2 else None
        _write_number(ws, n, 2 + len(values), change, _kind(measure), styles)
    last = 2 + len(trends.periods)
    for n, measure in enumerate(MEASURES, start=row + 1):
        _change_format(ws, n, n, last, styles, measure != "red_flags")
    return row


def _commune_rows(ws: Worksheet, top: int, communes: Sequence[CommuneTrend], measure: str,
                  styles: Styles, periods: int) -> int:
    """One row per commune of ``measure``; returns the last row written."""
    kind, row = _kind(measure), top
    for row, c in enumerate(communes, start=top):
        ws.write_string(row, 0, c.commune, styles.cell("text"))
        if c.code:
            ws.write_string(row, 1, c.code, styles.cell("text"))
        else:
            ws.write_blank(row, 1, None, styles.cell("text"))
        for col, point in enumerate(c.points, start=2):
            _write_number(ws, row, col, point.get(measure) if point else None, kind, styles)
        _write_number(ws, row, 2 + periods, c.change(measure), kind, styles)
    if communes:
        _change_format(ws, top, row, 2 + periods, styles, measure != "red_flags")
    return row


def _line_chart(styles: Styles, title: str, header: int, rows: Sequence[int], periods: int,
                *, secondary: int | None = None) -> Chart:
    """Lines of ``rows`` over the period columns of ``header``; ``secondary``: a row
    plotted on the right-hand axis (counts)."""
    chart = styles.workbook.add_chart({"type": "line"})
    for n, row in enumerate(rows):
        chart.add_series({
            "name": [TRENDS_SHEET, row, 0],
            "categories": [TRENDS_SHEET, header, 2, header, 1 + periods],
            "values": [TRENDS_SHEET, row, 2, row, 1 + periods],
            "line": {"color": LINE_COLOURS[n % len(LINE_COLOURS)], "width": 2.25},
            "marker": {"type": "circle", "size": 6,
                       "fill": {"color": LINE_COLOURS[n % len(LINE_COLOURS)]},
                       "border": {"color": LINE_COLOURS[n % len(LINE_COLOURS)]}},
            "y2_axis": row == secondary,
        })
    chart.set_title({"name": title, "name_font": {"name": FONT, "size": 12, "bold": True}})
    chart.set_y_axis({"min": 0, "max": 1, "major_unit": 0.25, "num_format": "0%",
                      "num_font": _FONT, "major_gridlines": {"visible": True}})
    if secondary is not None:
        chart.set_y2_axis({"name": Trends.label("red_flags"), "name_font": _FONT,
                           "num_font": _FONT, "min": 0})
    chart.set_x_axis({"num_font": _FONT})
    chart.set_legend({"position": "bottom", "font": _FONT})
    chart.show_blanks_as("span")
    chart.set_size({"width": 720, "height": CHART_ROWS * 20})
    return chart


def write_trends_sheet(ws: Worksheet, trends: Trends, styles: Styles, as_of: date) -> None:
    """"Xu hướng" (see the module doc)."""
    periods = len(trends.periods)
    last = 2 + periods
    widths = _widths(trends)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    line_fmt = styles.get(italic=True, text_wrap=True, valign="top")
    width = sum(widths)
    write_paragraph(ws, 0, "XU HƯỚNG QUA CÁC KỲ BÁO CÁO", last, styles.title(),
                    width_chars=width / 1.3)
    write_paragraph(ws, 1, f"Số liệu kỳ này tính đến ngày {as_of:%d/%m/%Y}. Các kỳ trong tệp "
                    f"lịch sử (tối đa 12 kỳ gần nhất): {periods}, từ {trends.periods[0]} đến "
                    f"{trends.periods[-1]}. Toàn tỉnh tính từ các xã đã nộp: tỷ lệ đúng hạn và "
                    "hoàn thành theo số nhiệm vụ đến hạn, tỷ lệ cập nhật theo số nhiệm vụ chưa "
                    "hoàn thành; ô trống: xã không nộp báo cáo kỳ đó. Khi in cả sổ: trang đầu "
                    "(toàn tỉnh); muốn in cả các xã thay đổi nhiều nhất và các bảng theo xã: Bố "
                    "cục Trang › Vùng In › Xóa Vùng In.", last, line_fmt,
                    width_chars=width)
    header = _province_table(ws, 3, trends, styles)
    rows = list(range(header + 1, header + 1 + len(MEASURES)))
    chart = _line_chart(styles, "Toàn tỉnh qua các kỳ", header, rows, periods,
                        secondary=rows[MEASURES.index("red_flags")])
    ws.insert_chart(header + len(MEASURES) + 2, 0, chart, {"x_offset": 4, "y_offset": 4})
    row = header + len(MEASURES) + 3 + CHART_ROWS
    print_end, breaks = row - 1, [row]
    write_paragraph(ws, row, f"CÁC XÃ, PHƯỜNG CÓ TỶ LỆ ĐÚNG HẠN THAY ĐỔI NHIỀU NHẤT "
                    f"(tăng hoặc giảm): {len(trends.movers)} xã", last,
                    styles.get(bold=True, font_size=12))
    movers = [trends.communes[i] for i in trends.movers]
    _periods_header(ws, row + 1, COLUMNS["commune"][0], trends, styles)
    end = _commune_rows(ws, row + 2, movers, "on_time_rate", styles, periods)
    if movers:
        chart = _line_chart(styles, "Tỷ lệ đúng hạn của các xã thay đổi nhiều nhất", row + 1,
                            list(range(row + 2, end + 1)), periods)
        ws.insert_chart(end + 2, 0, chart, {"x_offset": 4, "y_offset": 4})
        end += 2 + CHART_ROWS
    row = end + 2
    for measure in MEASURES:
        breaks.append(row)
        write_paragraph(ws, row, f"{Trends.label(measure).upper()} THEO XÃ, PHƯỜNG", last,
                        styles.get(bold=True, font_size=12))
        _periods_header(ws, row + 1, COLUMNS["commune"][0], trends, styles)
        row = _commune_rows(ws, row + 2, trends.communes, measure, styles, periods) + 3
    ws.set_h_pagebreaks(breaks)
    setup_page(ws, widths=widths)
    ws.print_area(0, 0, print_end, last)  # the province's page; the rest on demand


def history_changes_frame(trends: Trends) -> pd.DataFrame:
    """The past figures changed, as a table of :data:`HISTORY_CHANGE_COLUMNS`."""
    rows = [{"commune": f.commune, "code": f.code, "section": f.section, "stt": f.stt,
             "name": f.name, "change": f.change, "history_period": f.period,
             "previous_value": f.previous_value, "current_value": f.current_value}
            for f in trends.flags]
    frame = pd.DataFrame(rows, columns=list(HISTORY_CHANGE_COLUMNS), dtype=object)
    return frame.where(frame.notna(), None)


def write_history_changes_sheet(ws: Worksheet, trends: Trends, styles: Styles, links: Links,
                                rows: SheetRows) -> None:
    """"Thay đổi so với lịch sử": tasks whose figures went back since an earlier period."""
    frame = history_changes_frame(trends)
    lines = [f"Số thay đổi: {len(frame)}. Nhiệm vụ có tiến độ giảm, đã hoàn thành nay không "
             "còn hoàn thành hoặc bị bỏ, thời hạn lùi lại hoặc bị bỏ, mất minh chứng, so với "
             "một kỳ trước trong tệp lịch sử (ghép theo Mục + STT + tên, rồi theo tên). Thay "
             "đổi so với kỳ liền trước đã có ở trang «Thay đổi so với kỳ trước» nên không "
             "nhắc lại; cột «So với kỳ» là kỳ gần nhất còn thấy số liệu cũ."]
    table_sheet(ws, styles, links, rows, "SỐ LIỆU CŨ BỊ THAY ĐỔI (THEO LỊCH SỬ CÁC KỲ)", lines,
                frame, HISTORY_CHANGE_COLUMNS, freeze_cols=2, printed=False)

