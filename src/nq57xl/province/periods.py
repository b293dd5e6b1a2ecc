"""Reporting periods and their deadlines.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

_PERIOD = re.compile(r"tháng\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)


def report_deadline(as_of: date, period: str | None, report_day: int) -> date:
    """The monthly report deadline: ``report_day`` of the period's month (or as_of's)."""
    year, month = as_of.year, as_of.month
    m = _PERIOD.search(period or "")
    if m and 1 <= int(m.group(1)) <= 12:
        month, year = int(m.group(1)), int(m.group(2))
    return date(year, month, min(report_day, monthrange(year, month)[1]))
