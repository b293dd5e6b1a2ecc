"""Parsing of the "Thời gian hoàn thành" (deadline) cell of a task row.

A deadline cell holds free Vietnamese text ("Tháng 6/2026", "Quý II/2026", "Thường
xuyên", "Sau khi Đề án được ban hành", "- Phê duyệt: Tháng 01/2026 - ...")
or an Excel date (a ``date``/``datetime`` or a serial number). :func:`parse_deadline` turns
it into a :class:`~nq57xl.records.Deadline` whose ``due`` is the LAST day of the named
period. Text is compared after NFC, lower-casing and collapsing white space, with the
diacritics stripped, so that "Quy II/2026" reads like "Quý II/2026".

Rules, in order: phased (a dated first milestone then further phases) > recurring
("thường xuyên", "hằng tháng", "6 tháng/lần", ...) > conditional when the text starts
with "Theo"/"Sau khi" > a dated form making up the whole text (an optional lead-in such
as "Trong"/"Cả" and a trailing parenthesised remark allowed) > conditional wording
anywhere > unknown. Invalid dates (31/02/2026, month 13, Quý V) are unknown.
"""

from __future__ import annotations

import calendar
import math
import numbers
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache

from nq57xl.read.serials import date_from_serial
from nq57xl.records import Deadline, DeadlineKind
from nq57xl.vntext import nfc, strip_diacritics_lower

__all__ = ["KINDS", "last_day_of_month", "parse_deadline", "with_year"]

#: Every deadline kind, in the order of the rules' precedence in reports.
KINDS: tuple[DeadlineKind, ...] = ("date", "recurring", "conditional", "phased", "unknown")

_YEAR_MIN, _YEAR_MAX = 2000, 2099
_UNKNOWN_EMPTY = Deadline(None, "unknown")

_Parsed = tuple[DeadlineKind, date | None, int | None]
_Builder = Callable[[re.Match[str]], date | None]

# --- normalisation --------------------------------------------------------------------
_DROP = str.maketrans({c: None for c in "¹²³⁴⁵⁶⁷⁸⁹⁰\u200b\u200c\u200d\ufeff"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_SPACES = re.compile(r"\s+")
_TRAILING_STARS = re.compile(r"\s*\*+$")


def _normalise(text: str) -> str:
    """NFC, drop footnote marks, HTML tags and bold markers, collapse white space."""
    text = nfc(text).translate(_DROP).translate(_DASHES)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    text = _SPACES.sub(" ", text.replace("**", "")).strip()
    return _TRAILING_STARS.sub("", text).lower()


# --- dated forms (on folded text; usable with fullmatch and search) -------------------
_FULL = re.compile(r"(?<!\d)(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(20\d{2})-(\d{1,2})-(\d{1,2})(?![\d/-])")
_HALF = re.compile(r"(?<!\d)6\s*thang\s*(dau|cuoi)\s*(?:nam\s*)?(\d{4})(?!\d)")
_SEP_YEAR = r"(?:\s*[/.,-]\s*|\s+)(?:nam\s*)?(\d{4}|\d{2})"  # "/2026", " năm 2026", "/Năm 26"
_QUARTER = re.compile(r"(?<![a-z])quy\s*([ivx]+|\d)" + _SEP_YEAR + r"(?!\d)")
_MONTH = re.compile(r"(?<![a-z])(?:thang|t)\s*(\d{1,2})" + _SEP_YEAR + r"(?![\d/])")
_BARE_MONTH = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/.-])")
_RANGE = re.compile(r"(?<![\d/])(?:giai doan\s*|nam\s*)?(\d{4})\s*-\s*(\d{4})(?![\d/])")
_YEAR = re.compile(r"(?<![\d/.-])(?:nam\s*)?(\d{4})(?![\d/.-])")

_LEAD_IN = re.compile(
    r"^(?:[^:\d()]{1,40}:\s*)?(?:(?:hoan thanh|thuc hien|xong)\s+)?"
    r"(?:(?:trong|ca|truoc|vao|den|het|cham nhat|la|ngay|thoi gian)\s+)*"
)
_REMARK = re.compile(r"\s*(?:\(.*)?[.;,:]?$")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# --- other kinds ----------------------------------------------------------------------
_BULLET = re.compile(r"^(?:[-•+*]\s*)+")
_SEGMENTS = re.compile(r"(?:^|\s)[-•+]\s*|\s*;\s*|\.\s+")
_RECURRING = re.compile(
    r"thuong xuyen|\bhang\s*(?:ngay|tuan|thang|quy|nam|ky)\b|\bdinh ky\b|\blien tuc\b"
    r"|\b(?:thang|quy|nam)\s*(?:/|mot|0?1)\s*lan\b|\b(?:cac|nhung) nam tiep theo\b"
)
_PERIOD = re.compile(
    r"\b(?:(\d{1,2})\s*)?(thang|quy|nam)\s*(?:/|mot|0?1)\s*lan\b"
    r"|\bdinh ky\s*(?:(\d{1,2})\s*)?(thang|quy|nam)\b"
    r"|\bhang\s*(thang|quy|nam)\b"
)
_UNIT_MONTHS = {"thang": 1, "quy": 3, "nam": 12}
_CONDITIONAL_START = re.compile(
    r"^(?:theo|sau khi|ngay sau khi|khi|tuy theo|tuy thuoc|phu thuoc|can cu)\b"
)
_CONDITIONAL_ANY = re.compile(
    r"\bsau khi\b|\bkhi co\b|\btuy (?:theo|thuoc)\b|\bphu thuoc\b|\btheo (?:tien do|ke hoach"
    r"|lo trinh|chi dao|huong dan|quy dinh|yeu cau|nhiem vu|van ban|de an|nghi quyet|quyet dinh)\b"
)


def last_day_of_month(year: int, month: int) -> date:
    """The last day of ``month`` (1-12) of ``year``; ``ValueError`` when invalid."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(digits: str) -> int | None:
    """A plausible year (2000-2099) from 4 or 2 digits ("26" -> 2026), else ``None``."""
    year = int(digits) + (2000 if len(digits) == 2 else 0)
    return year if _YEAR_MIN <= year <= _YEAR_MAX else None


def _month_end(year: int | None, month: int) -> date | None:
    return last_day_of_month(year, month) if year is not None and 1 <= month <= 12 else None


def _full(m: re.Match[str]) -> date | None:
    year = _year(m.group(4))
    try:
        return date(year, int(m.group(3)), int(m.group(1))) if year else None
    except ValueError:
        return None


def _iso(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _half(m: re.Match[str]) -> date | None:
    return _month_end(_year(m.group(2)), 6 if m.group(1) == "dau" else 12)


def _quarter(m: re.Match[str]) -> date | None:
    quarter = _QUARTERS.get(m.group(1))
    return _month_end(_year(m.group(2)), 3 * quarter) if quarter else None


def _month(m: re.Match[str]) -> date | None:
    return _month_end(_year(m.group(2)), int(m.group(1)))


def _bare_month(m: re.Match[str]) -> date | None:
    return _month_end(_year(m.group(2)), int(m.group(1)))


def _range(m: re.Match[str]) -> date | None:
    start, end = _year(m.group(1)), _year(m.group(2))
    return date(end, 12, 31) if start and end and start <= end else None


def _whole_year(m: re.Match[str]) -> date | None:
    year = _year(m.group(1))
    return date(year, 12, 31) if year else None


_FORMS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (_FULL, _full), (_ISO, _iso), (_HALF, _half), (_QUARTER, _quarter), (_MONTH, _month),
    (_BARE_MONTH, _bare_month), (_RANGE, _range), (_YEAR, _whole_year),
)


def _whole_date(text: str) -> tuple[bool, date | None]:
    """Whether ``text`` is just a dated form (lead-in/remark allowed), and its due day."""
    core = _REMARK.sub("", _LEAD_IN.sub("", text, count=1), count=1)
    for pattern, build in _FORMS:
        match = pattern.fullmatch(core)
        if match:
            return True, build(match)
    return False, None


def _first_date(text: str) -> date | None:
    """The due day of the earliest dated form found anywhere in ``text``."""
    best: tuple[int, re.Match[str], _Builder] | None = None
    for pattern, build in _FORMS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match, build)
    return best[2](best[1]) if best else None


def _period(text: str) -> int | None:
    """The reporting period in months named by a recurring text, if any."""
    match = _PERIOD.search(text)
    if not match:
        return None
    count, unit = (match.group(1), match.group(2)) if match.group(2) else (
        (match.group(3), match.group(4)) if match.group(4) else (None, match.group(5)))
    months = (int(count) if count else 1) * _UNIT_MONTHS[unit]
    return months or None


@lru_cache(maxsize=16384)
def _classify(normalised: str) -> _Parsed:
    """Kind, due day and period of a normalised, lower-case deadline text."""
    text = strip_diacritics_lower(normalised)
    if not text:
        return "unknown", None, None
    if text.startswith(("-", "•", "+")) or "phe duyet" in text:
        segments = [s for s in _SEGMENTS.split(text) if s and s.strip()]
        if len(segments) >= 2:
            due = _first_date(segments[0])
            if due is not None:
                return "phased", due, None
    body = _BULLET.sub("", text)
    if _RECURRING.search(body):
        return "recurring", None, _period(body)
    if _CONDITIONAL_START.match(body):
        return "conditional", None, None
    is_date, due = _whole_date(body)
    if is_date:
        return ("date", due, None) if due else ("unknown", None, None)
    if _CONDITIONAL_ANY.search(body):
        return "conditional", None, None
    return "unknown", None, None


@lru_cache(maxsize=65536)
def _parse_text(raw: str) -> Deadline:
    text = raw.strip()
    if not text:
        return _UNKNOWN_EMPTY
    kind, due, period = _classify(_normalise(text))
    return Deadline(text, kind, due, period)


def _from_date(day: date) -> Deadline:
    return Deadline(f"{day.day:02d}/{day.month:02d}/{day.year:04d}", "date", day)


def _from_number(number: float) -> Deadline:
    """An Excel number cell: a serial date (2000-2099) or a bare year such as 2026."""
    if math.isnan(number):
        return _UNKNOWN_EMPTY
    if math.isinf(number):
        return Deadline(str(number), "unknown")
    whole = int(number)
    text = str(whole) if number == whole else repr(number)
    if number == whole and _YEAR_MIN <= whole <= _YEAR_MAX:
        return Deadline(text, "date", date(whole, 12, 31))
    day = date_from_serial(number)
    if day is not None:
        return _from_date(day)
    return Deadline(text, "unknown")


def parse_deadline(value: object) -> Deadline:
    """Parse a deadline cell: ``None``, text, an Excel date or an Excel serial number.

    ``text`` keeps the cell's text (stripped; dates as dd/mm/yyyy; ``None`` when blank).
    """
    if isinstance(value, str):
        return _parse_text(value)
    if value is None:
        return _UNKNOWN_EMPTY
    if isinstance(value, datetime):
        return _from_date(value.date())
    if isinstance(value, date):
        return _from_date(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return _from_number(float(value))
    text = str(value).strip()
    return Deadline(text or None, "unknown")


#: A month, quarter or half year named without its year ("Quý III", "Tháng 9").
_YEARLESS = re.compile(
    r"^(?:(?:trong|truoc|vao|den|het|cham nhat|hoan thanh)\s+)*"
    r"(?:(quy\s*(?:[ivx]+|[1-4])|thang\s*\d{1,2})|(6\s*thang\s*(?:dau|cuoi)\s*nam))\s*[.;,]?$"
)


def with_year(value: object, year: int) -> str | None:
    """A deadline text naming a month, quarter or half year without its year, with
    ``year`` added ("Quý III" -> "Quý III/2026"); ``None`` for any other value."""
    if not isinstance(value, str):
        return None
    m = _YEARLESS.match(strip_diacritics_lower(_normalise(value)))
    if not m:
        return None
    text = value.strip().rstrip(".;,")
    return f"{text} {year}" if m.group(2) else f"{text}/{year}"
