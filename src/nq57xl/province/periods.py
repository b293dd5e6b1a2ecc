"""Reporting periods: their kinds, their report deadlines and data closing dates.

The plans set the calendar (Nghệ An's provincial plan): monthly reports before the
20th, quarterly before the 10th of the quarter's last month, half-year before 10/6,
annual before 30/11, and ad-hoc (đột xuất) reports when asked. The days are settings
(:class:`~nq57xl.assess.status.Settings`), printed in the summary.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..assess.status import Settings
from ..errors import Nq57Error
from ..vntext import nfc_lower_spaced, strip_diacritics_lower

MONTH, QUARTER, HALF_YEAR, YEAR, AD_HOC = "Tháng", "Quý", "6 tháng", "Năm", "Đột xuất"
#: The period kinds, in the order the summary lists them.
KINDS: tuple[str, ...] = (MONTH, QUARTER, HALF_YEAR, YEAR, AD_HOC)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_OUT = {v: k.upper() for k, v in _ROMAN.items()}
_YEAR = r"(?:\s*/\s*|\s+năm\s+|\s+)(\d{4})"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (HALF_YEAR, re.compile(r"6\s*tháng\s*(đầu|cuối)?\s*(?:năm)?\s*/?\s*(\d{4})")),
    (QUARTER, re.compile(r"quý\s*(iv|iii|ii|i|[1-4])" + _YEAR)),
    (MONTH, re.compile(r"\b(?:tháng|t)\s*(\d{1,2})" + _YEAR)),
    (YEAR, re.compile(r"^(?:báo cáo\s+)?(?:cả\s+)?năm\s*(\d{4})$")),
)
_AD_HOC = re.compile(r"^(?:báo cáo\s+)?đột xuất\b")
_BARE_MONTH = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")


class PeriodError(Nq57Error, ValueError):
    """A reporting period typed by the officer that cannot be read."""


@dataclass(frozen=True)
class Period:
    """A reporting period: ``kind`` one of :data:`KINDS`; ``number`` the month (1-12),
    quarter (1-4) or half (1-2); ``year``; ``text`` what an ad-hoc period was called."""

    kind: str
    year: int | None = None
    number: int | None = None
    text: str = ""

    @property
    def label(self) -> str:
        """The period as the summary names it: "Tháng 11/2026", "Quý IV/2026"."""
        if self.kind == MONTH:
            return f"Tháng {self.number}/{self.year}"
        if self.kind == QUARTER:
            return f"Quý {_ROMAN_OUT[self.number or 1]}/{self.year}"
        if self.kind == HALF_YEAR:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == YEAR:
            return f"Năm {self.year}"
        return self.text or AD_HOC

    @property
    def last_month(self) -> tuple[int, int] | None:
        """(year, month) of the period's last month; None for an ad-hoc period."""
        if self.year is None or self.kind == AD_HOC:
            return None
        month = {MONTH: self.number, QUARTER: 3 * (self.number or 1),
                 HALF_YEAR: 6 * (self.number or 1), YEAR: 12}[self.kind]
        return self.year, int(month or 12)


def parse_period(text: object) -> Period | None:
    """The period named by ``text`` ("Tháng 11/2026", "tháng 11 năm 2026", "11/2026",
    "Quý IV/2026", "Quý 4 năm 2026", "6 tháng đầu năm 2026", "Năm 2026", "Đột xuất ...");
    None when it names none."""
    if text is None:
        return None
    raw = " ".join(str(text).split())
    low = nfc_lower_spaced(raw).strip()
    if not low:
        return None
    if _AD_HOC.match(low) or strip_diacritics_lower(low).startswith("dot xuat"):
        return Period(AD_HOC, text=raw)
    for kind, pattern in _PATTERNS:
        m = pattern.search(low)
        if m:
            return _from_match(kind, m.groups())
    m = _BARE_MONTH.match(low)
    return _from_match(MONTH, m.groups()) if m else None


def _from_match(kind: str, groups: Sequence[str | None]) -> Period | None:
    if kind == YEAR:
        return Period(YEAR, int(groups[0] or 0))
    if kind == HALF_YEAR:
        return Period(HALF_YEAR, int(groups[1] or 0), 2 if groups[0] == "cuối" else 1)
    first = str(groups[0])
    number = _ROMAN[first] if first in _ROMAN else int(first)
    if kind == MONTH and not 1 <= number <= 12:
        return None
    return Period(kind, int(groups[1] or 0), number)


def require_period(text: str | None) -> Period | None:
    """The period the officer gave (None when empty); :class:`PeriodError` when unreadable."""
    if text is None or not str(text).strip():
        return None
    period = parse_period(text)
    if period is None:
        raise PeriodError(
            f"Không hiểu kỳ báo cáo «{text}». Hãy ghi kỳ báo cáo theo một trong các dạng: "
            "«Tháng 11/2026», «Quý IV/2026», «6 tháng đầu năm 2026», «Năm 2026» hoặc "
            "«Đột xuất», hoặc để trống để lấy kỳ ghi trong các tệp của xã.")
    return period


def period_deadline(period: Period | None, as_of: date, settings: Settings = Settings()) -> date | None:
    """The report deadline of ``period`` (of as_of's month when there is no period);
    None for an ad-hoc period (its deadline is set when it is asked for)."""
    if period is None:
        return _day_of(as_of.year, as_of.month, settings.report_day)
    last = period.last_month
    if last is None:
        return None
    year, month = last
    if period.kind == MONTH:
        return _day_of(year, month, settings.report_day)
    if period.kind == QUARTER:
        return _day_of(year, month, settings.quarter_day)
    day, month = settings.half_year_due if period.kind == HALF_YEAR and period.number == 1 \
        else settings.year_due
    return _day_of(year, month, day)


def closing_date(period: Period | None, as_of: date, settings: Settings = Settings()) -> date | None:
    """The date the period's data close: ``closing_day`` of the deadline's month, never
    later than the day before the deadline."""
    deadline = period_deadline(period, as_of, settings)
    if deadline is None:
        return None
    closing = _day_of(deadline.year, deadline.month, settings.closing_day)
    return min(closing, deadline - timedelta(days=1))


def report_deadline(as_of: date, period: str | None, report_day: int,
                    settings: Settings | None = None) -> date | None:
    """The report deadline of the period named ``period`` (as_of's month when empty or
    unreadable)."""
    base = settings or Settings(report_day=report_day)
    return period_deadline(parse_period(period), as_of, base)


def _day_of(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, monthrange(year, month)[1]))


def most_common_period(periods: Sequence[Period]) -> Period | None:
    """The period most files name (on a tie, the latest one); None when none does."""
    if not periods:
        return None
    counts = Counter(periods)
    return max(counts, key=lambda p: (counts[p], p.last_month or (0, 0), p.label))


def next_period(period: Period) -> Period | None:
    """The period after ``period`` of the same kind; None for an ad-hoc period."""
    if period.year is None or period.kind == AD_HOC:
        return None
    if period.kind == YEAR:
        return Period(YEAR, period.year + 1)
    count = {MONTH: 12, QUARTER: 4, HALF_YEAR: 2}[period.kind]
    number = period.number or 1
    if number < count:
        return Period(period.kind, period.year, number + 1)
    return Period(period.kind, period.year + 1, 1)


def deadline_rule(period: Period | None, settings: Settings = Settings()) -> str:
    """The plans' rule for the deadline of ``period``'s kind, in words."""
    kind = period.kind if period is not None else MONTH
    if kind == QUARTER:
        return f"ngày {settings.quarter_day} tháng cuối quý"
    if kind == HALF_YEAR and period is not None and period.number == 1:
        return f"ngày {settings.half_year_due[0]}/{settings.half_year_due[1]} đối với báo cáo 6 tháng"
    if kind in (HALF_YEAR, YEAR):
        return f"ngày {settings.year_due[0]}/{settings.year_due[1]} đối với báo cáo năm"
    if kind == AD_HOC:
        return "theo yêu cầu của báo cáo đột xuất"
    return f"ngày {settings.report_day} hằng tháng"
