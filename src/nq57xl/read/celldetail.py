"""The detail of one cell that its value alone does not tell (shared by the readers of
:mod:`.cellinfo` and :mod:`.odsinfo`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CellDetail:
    """How a cell is formatted and what it holds besides its value.

    ``percent``: a percent number format (0.6 shown as 60%); ``month_year``: a date shown
    as month and year only (01/11/2026 shown as 11/2026); ``formula``: the formula text
    ("=HYPERLINK(...)"); ``link``: the address the cell links to; ``has_value``: whether
    a value was saved with the formula.
    """

    percent: bool = False
    month_year: bool = False
    formula: str | None = None
    link: str | None = None
    has_value: bool = True
