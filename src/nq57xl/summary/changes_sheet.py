"""The sheets of the changes since the previous period, and the workbook of
``nq57xl compare -o``.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..atomic import write_atomic
from ..compare.changes import CHANGE_COLUMNS, TREND_COLUMNS, TREND_TABLE, Comparison
from ..compare.periods import RED_FILL, RED_FONT, _attention, comparison_lines, describe
from ..province.consolidation import COMMUNE_COLUMNS
from ..province.inputs import OUTPUT_PROPERTY
from .blocks import Links, Table, fixed_ref, table_sheet
from .rowxml import SheetRows, splice
from .styles import FONT, Styles

CHANGES_SHEET = "Thay đổi so với kỳ trước"


TREND_SHEET = "Xu hướng theo xã"


# ---------------------------------------------------------------- sheets
def commune_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """The columns of "Theo xã": with the trend around "on_time_rate" when ``frame`` has it."""
    if not all(c in frame.columns for c in TREND_COLUMNS):
        return COMMUNE_COLUMNS
    i = COMMUNE_COLUMNS.index("on_time_rate")
    return (*COMMUNE_COLUMNS[:i], "previous_on_time_rate", "on_time_rate", "on_time_change",
            "previous_rank", *COMMUNE_COLUMNS[i + 1:])


def write_changes_sheet(ws: Worksheet, styles: Styles, links: Links, rows: SheetRows,
                        changes: pd.DataFrame, info: dict[str, Any] | None,
                        as_of: date | None, *, printed: bool = True) -> Table:
    """"Thay đổi so với kỳ trước": one row per change, the ones worth attention in red
    (not ``printed`` by default in the summary, where the overview tells the change)."""
    info = info or {}
    now = f"; số liệu kỳ này tính đến ngày {as_of:%d/%m/%Y}" if as_of else ""
    lines = [f"So với {describe(info.get('previous'))}{now}. Số thay đổi: {len(changes)}; "
             f"đáng chú ý: {_attention(changes)}.",
             "Đáng chú ý (x): tiến độ giảm, báo hoàn thành kỳ trước nhưng kỳ này chưa, mất "
             "minh chứng, thời hạn lùi lại hoặc bị bỏ. Cách ghép: theo Mục + STT; khi số thứ "
             "tự đã đổi thì theo tên nhiệm vụ (mức giống nhau của tên). Chỉ so sánh các xã có "
             "báo cáo ở cả hai kỳ; hạng thay đổi được liệt kê khi lệch quá 5 bậc."]
    lines += comparison_lines(changes, info)[2:]
    table = table_sheet(ws, styles, links, rows, "NHỮNG THAY ĐỔI SO VỚI KỲ BÁO CÁO TRƯỚC", lines,
                        changes, CHANGE_COLUMNS, freeze_cols=2, printed=printed)
    if table.rows:
        ws.conditional_format(table.first_row, 0, table.last_row, len(CHANGE_COLUMNS) - 1, {
            "type": "formula", "criteria": f'={fixed_ref(table, "attention")}="x"',
            "format": styles.get(bg_color=RED_FILL, font_color=RED_FONT)})
    return table


def _write_trend_sheet(ws: Worksheet, styles: Styles, links: Links, rows: SheetRows,
                       comparison: Comparison) -> None:
    trend = comparison.trend
    table = table_sheet(ws, styles, links, rows, "TỶ LỆ ĐÚNG HẠN VÀ THỨ HẠNG THEO XÃ, HAI KỲ",
                        [f"Kỳ trước: {describe(comparison.previous.meta())}. Kỳ này: "
                         f"{describe(comparison.current.meta(), 'kỳ này')}."],
                        trend, TREND_TABLE, freeze_cols=2)
    if table.rows:
        col = table.col("on_time_change")
        ws.conditional_format(table.first_row, col, table.last_row, col, {
            "type": "cell", "criteria": "<", "value": 0,
            "format": styles.get(font_color=RED_FONT, bg_color=RED_FILL)})


def write_changes_workbook(comparison: Comparison, path: Path | str) -> Path:
    """The workbook of ``nq57xl compare -o``: the changes and the trend, written atomically."""
    target = Path(path)
    base = Path(os.path.abspath(target.parent))

    def build(temp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="nq57xl-", ignore_cleanup_errors=True) as tmp:
            workbook = Workbook(str(temp), {
                "strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False, "nan_inf_to_errors": True,
                "default_date_format": "dd/mm/yyyy", "tmpdir": tmp,
                "default_format_properties": {"font_name": FONT, "font_size": 11}})
            day = comparison.current.as_of
            workbook.set_properties({"title": "Thay đổi so với kỳ báo cáo trước",
                                     "author": "nq57xl", "created": datetime.combine(
                                         day or date(2026, 1, 1), time())})
            workbook.set_custom_property(OUTPUT_PROPERTY, "thay-doi")  # never read as a report
            styles, links, rows = Styles(workbook), Links(base), {}
            write_changes_sheet(workbook.add_worksheet(CHANGES_SHEET), styles, links, rows,
                                comparison.changes, comparison.info(), day)
            _write_trend_sheet(workbook.add_worksheet(TREND_SHEET), styles, links, rows,
                               comparison)
            workbook.close()
            splice(temp, rows)  # a long list of changes is written as sheet XML

    return write_atomic(target, build, suffix=".xlsx")
