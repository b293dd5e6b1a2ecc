"""The "Khó khăn, vướng mắc" sheet: what communes report blocking their tasks, grouped by
lead agency and commune, so the province can act on it."""

from __future__ import annotations

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from ..province.consolidation import OBSTACLE_COLUMNS, Consolidation
from .rowxml import SheetRows
from .blocks import Links, Table, table_sheet
from .styles import Styles

OBSTACLES_SHEET = "Khó khăn, vướng mắc"


def obstacle_frame(result: Consolidation) -> pd.DataFrame:
    """The obstacles table of ``result`` (empty when none was reported)."""
    if result.obstacles is None:
        return pd.DataFrame(columns=list(OBSTACLE_COLUMNS), dtype=object)
    return result.obstacles


def write_obstacles_sheet(ws: Worksheet, result: Consolidation, styles: Styles, links: Links,
                          rows: SheetRows) -> Table:
    """The sheet: one row per task with an obstacle, by agency then commune."""
    frame = obstacle_frame(result)
    agencies = frame["agency"].nunique() if len(frame) else 0
    communes = frame["commune"].nunique() if len(frame) else 0
    lines = [f"Số nhiệm vụ có khó khăn, vướng mắc: {len(frame)}, ở {communes} xã, phường; "
             f"thuộc {agencies} cơ quan chủ trì. Xếp theo cơ quan chủ trì, rồi theo xã. Số liệu "
             f"tính đến ngày {result.as_of:%d/%m/%Y}.",
             "Nội dung do xã ghi ở cột «Khó khăn, vướng mắc» của mẫu báo cáo; tỉnh xem để "
             "hướng dẫn, tháo gỡ."]
    return table_sheet(ws, styles, links, rows, "KHÓ KHĂN, VƯỚNG MẮC XÃ, PHƯỜNG BÁO CÁO", lines,
                       frame, OBSTACLE_COLUMNS, freeze_cols=2)
