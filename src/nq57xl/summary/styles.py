"""The cell formats of a summary workbook, each created once.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from .layout import FONT_SIZE

FONT = "Times New Roman"


HEADER_FILL = "#DDEBF7"


LINK_COLOUR = "#0563C1"


NUMBER_FORMATS: dict[str, str] = {
    "int": "#,##0", "rate": "0.0%", "number": "#,##0.0", "date": "dd/mm/yyyy",
}


class Styles:
    """Cell formats of one workbook, created once each, all in Times New Roman."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        self._cells: dict[tuple[str, bool, bool], Format] = {}

    def get(self, **props: Any) -> Format:
        """The format with these xlsxwriter properties (font name and size added)."""
        full = {"font_name": FONT, "font_size": FONT_SIZE, **props}
        key = tuple(sorted(full.items()))
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format(full)
        return self._cache[key]

    def header(self) -> Format:
        """The header row of a table: bold, wrapped, centred, light fill, border."""
        return self.get(bold=True, text_wrap=True, align="center", valign="vcenter",
                        bg_color=HEADER_FILL, border=1)

    def title(self) -> Format:
        """The title line of a sheet."""
        return self.get(bold=True, font_size=13, valign="vcenter", text_wrap=True)

    def cell(self, kind: str, *, wrap: bool = False, bold: bool = False) -> Format:
        """A bordered data cell of ``kind`` (see :data:`nq57xl.province.consolidation.COLUMNS`)."""
        key = (kind, wrap, bold)
        if key not in self._cells:
            self._cells[key] = self._cell(kind, wrap, bold)
        return self._cells[key]

    def _cell(self, kind: str, wrap: bool, bold: bool) -> Format:
        props: dict[str, Any] = {"border": 1, "valign": "top"}
        if kind in NUMBER_FORMATS:
            props["num_format"] = NUMBER_FORMATS[kind]
        if kind in ("date", "bool"):
            props["align"] = "center"
        if kind == "link":
            props.update(font_color=LINK_COLOUR, underline=1)
        if wrap:
            props["text_wrap"] = True
        if bold:
            props["bold"] = True
        return self.get(**props)
