"""The print scale a sheet of the summary gets, read back from the file."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from nq57xl.summary.printing import LANDSCAPE_PT, PORTRAIT_PT, column_points

#: Excel's default column width, and what a stored width adds to the width set.
DEFAULT_WIDTH, PADDING = 8.43, 0.71


def column_widths(ws: Worksheet) -> list[float]:
    """The width set on every column up to the last used one."""
    widths = {}
    for dim in ws.column_dimensions.values():
        if dim.width:
            for col in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                widths[col] = max(dim.width - PADDING, 0)
    return [widths.get(col, DEFAULT_WIDTH) for col in range(1, ws.max_column + 1)]


def printed_scale(ws: Worksheet) -> float:
    """The scale the sheet prints at: its fixed scale, or what "fit to N pages wide" gives."""
    setup, props = ws.page_setup, ws.sheet_properties.pageSetUpPr
    if props is not None and props.fitToPage:
        pages = int(setup.fitToWidth or 1)
        room = LANDSCAPE_PT if setup.orientation == "landscape" else PORTRAIT_PT
        width = sum(column_points(w) for w in column_widths(ws))
        return min(1.0, pages * room / width) if width else 1.0
    return int(setup.scale or 100) / 100
