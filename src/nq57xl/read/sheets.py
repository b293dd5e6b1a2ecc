"""Which sheet of a workbook holds the task table to read.

Offices keep last month's sheet beside this month's ("T10.2026", "T11.2026"), or an old
list on a hidden sheet. Of the sheets with a task table, the one read is a visible one
(never a hidden sheet when a visible one has tasks), one with progress filled in (not
a form prepared for next month), the one whose name names the reporting period when it
is known ("Kỳ báo cáo", else the file name: "BC T11 - Giai Lac.xlsx"), else the one
naming the latest month when every one names a month, else the last visible one; when
there was a
choice, a warning says which sheet was used and why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..catalogue import problem
from ..records import Metadata, Problem
from ..vntext import strip_diacritics_lower
from .header_rows import Header, find_header
from .table import ParsedTable, parse_table
from .workbook import SheetGrid

_MONTH = re.compile(r"(?:^|[^a-z0-9])(?:t|thang|th)\s*0?(\d{1,2})(?:\s*[./_-]\s*(\d{4}|\d{2}))?(?!\d)"
                    r"|(?:^|[^0-9])0?(\d{1,2})\s*[./_-]\s*(\d{4})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")

Found = tuple[SheetGrid, Header, ParsedTable]
_PROGRESS = ("state", "progress", "done_date", "evidence")


def month_of(text: str | None) -> tuple[int, int | None] | None:
    """(month, year or None) named by a sheet name or period: "T11.2026", "Tháng 11"."""
    if not text:
        return None
    m = _MONTH.search(strip_diacritics_lower(text.lower()))
    if not m:
        return None
    month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    number = int(month)
    if not 1 <= number <= 12:
        return None
    return number, (int(year) + (2000 if len(year) == 2 else 0)) if year else None


def plan_year(meta: Metadata, as_of: date | None) -> int | None:
    """The year a deadline without one is read in: the plan's, the period's, the data's."""
    if meta.plan_date is not None:
        return meta.plan_date.year
    m = _YEAR.search(meta.period or "")
    if m:
        return int(m.group(1))
    return as_of.year if as_of is not None else None


def choose_table(grids: Sequence[SheetGrid], file: str, period: str | None
                 ) -> tuple[SheetGrid, Header, ParsedTable, tuple[Problem, ...]] | None:
    """The task table to read, and a warning when several sheets had one."""
    found: list[Found] = []
    empty: Found | None = None
    for g in grids:
        header = find_header(g.rows, file=file, sheet=g.name, hidden_columns=g.hidden_columns)
        if header is None:
            continue
        table = parse_table(g.rows, header, file=file, sheet=g.name, merges=g.merges)
        if table.tasks:
            found.append((g, header, table))
        elif empty is None or (g.visible and not empty[0].visible):
            empty = (g, header, table)
    if not found:
        return (*empty, ()) if empty is not None else None
    if len(found) == 1:
        return (*found[0], ())
    visible = [f for f in found if f[0].visible] or found
    visible = [f for f in visible if _has_progress(f[2])] or visible
    if month_of(period) is not None:
        chosen, why = _by_period(visible, month_of(period), f"kỳ báo cáo «{period}»")
    else:
        chosen, why = _by_period(visible, month_of(file.rsplit(".", 1)[0]), "tháng ghi ở tên tệp")
    names = ", ".join(f"«{f[0].name}»" for f in found)
    note = problem("several-task-sheets", file=file, sheet=chosen[0].name,
                   value=chosen[0].name, count=len(found), names=names, why=why)
    return (*chosen, (note,))


def _has_progress(table: ParsedTable) -> bool:
    """Whether any task reports progress (a sheet prepared for next month has none)."""
    return any(t.values.get(k) not in (None, "") for t in table.tasks for k in _PROGRESS)


def _by_period(found: list[Found], wanted: tuple[int, int | None] | None, source: str
               ) -> tuple[Found, str]:
    if wanted is not None:
        for f in reversed(found):
            named = month_of(f[0].name)
            if named is not None and named[0] == wanted[0] and (
                    named[1] is None or wanted[1] is None or named[1] == wanted[1]):
                return f, f"tên trang đúng {source}"
    named = [(month_of(f[0].name), i) for i, f in enumerate(found)]
    if all(m is not None for m, _ in named):  # every sheet names a month: the latest
        (_, i) = max(named, key=lambda mi: ((mi[0][1] or 0), mi[0][0], mi[1]))  # type: ignore[index]
        return found[i], "trang mang tên kỳ gần nhất"
    return found[-1], "trang hiện cuối cùng có bảng nhiệm vụ"
