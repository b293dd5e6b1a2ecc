"""The "Thẩm định" sheet: the province's review register. Every task reported done with
evidence; the reviewer chooses Đạt / Không đạt / Cần bổ sung and writes a reason, and
the next run reads the verdicts back (:mod:`nq57xl.province.review_register`)."""

from __future__ import annotations

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from ..assess.review import PENDING, VERDICTS
from ..province.consolidation import REVIEW_COLUMNS, Consolidation
from ..province.review_register import REVIEW_SHEET
from .blocks import Links, Table, table_sheet
from .rowxml import SheetRows
from .styles import Styles

__all__ = ["REVIEW_SHEET", "review_lines", "write_review_sheet"]


def _frame(result: Consolidation) -> pd.DataFrame:
    if result.review is None:
        return pd.DataFrame(columns=list(REVIEW_COLUMNS), dtype=object)
    return result.review


def review_lines(result: Consolidation) -> list[str]:
    """The review register in one line after a run."""
    frame = _frame(result)
    if not len(frame):
        return []
    pending = int((frame["verdict"] == PENDING).sum())
    return [f"Thẩm định minh chứng: {len(frame) - pending} nhiệm vụ đã có kết quả của tỉnh, "
            f"{pending} nhiệm vụ chờ thẩm định (trang «{REVIEW_SHEET}»)."]


def write_review_sheet(ws: Worksheet, result: Consolidation, styles: Styles, links: Links,
                       rows: SheetRows) -> Table:
    """The register, its verdict column a drop-down of :data:`VERDICTS`."""
    frame = _frame(result)
    lines = [f"Các nhiệm vụ xã báo đã hoàn thành có minh chứng: {len(frame)}. Cán bộ thẩm định "
             f"chọn ở cột «Kết quả thẩm định của tỉnh»: {', '.join(VERDICTS)}, ghi lý do, lưu "
             "tệp; lần tổng hợp sau (ghi đè bảng này) đọc lại kết quả. Kết quả gắn với mã minh "
             "chứng: xã thay minh chứng thì nhiệm vụ trở lại «Chờ thẩm định». Cột xã tự ghi "
             "không thay được kết quả của tỉnh."]
    table = table_sheet(ws, styles, links, rows, "SỔ THẨM ĐỊNH MINH CHỨNG CỦA TỈNH", lines, frame,
                        REVIEW_COLUMNS, freeze_cols=2, printed=False)
    if table.rows:
        col = table.col("verdict")
        ws.data_validation(table.first_row, col, table.last_row, col, {
            "validate": "list", "source": [*VERDICTS, PENDING],
            "error_title": "Kết quả thẩm định",
            "error_message": f"Hãy chọn một trong: {', '.join(VERDICTS)}."})
    return table
