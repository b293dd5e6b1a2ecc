"""Excel date serial numbers: the one definition of the epoch and of the accepted range.

Excel's 1900 date system numbers days so that, from 1900-03-01 on, serial n is
1899-12-30 plus n days (serial 1 is 1900-01-01, and Excel counts a 1900-02-29 that
never was, as Lotus 1-2-3 did). A number read from a date cell is taken as a date only within 2000-01-01 ..
2099-12-31, time of day included: smaller or larger numbers are more likely counts,
amounts or years than dates.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["EXCEL_EPOCH", "SERIAL_MAX", "SERIAL_MIN", "date_from_serial", "serial_of"]

#: Day 0 of Excel's 1900 date system.
EXCEL_EPOCH = date(1899, 12, 30)
#: Serials of the first and last day taken as a date (2000-01-01 and 2099-12-31).
SERIAL_MIN, SERIAL_MAX = 36526, 73050


def date_from_serial(value: float) -> date | None:
    """The day of an Excel serial number (its fraction, a time of day, dropped), or
    ``None`` outside 2000-01-01 .. 2099-12-31 (and for NaN)."""
    if SERIAL_MIN <= value < SERIAL_MAX + 1:
        return EXCEL_EPOCH + timedelta(days=int(value))
    return None


def serial_of(day: date) -> int:
    """The Excel serial number of ``day`` (no range check)."""
    return (day - EXCEL_EPOCH).days
