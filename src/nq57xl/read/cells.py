"""Typed reading of single progress cells: dates, percentages and dropdown choices."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from ..errors import Nq57Error
from ..vntext import nfc_lower_strip, normalize, strip_diacritics
from .cleantext import clean_text
from .serials import date_from_serial

_DMY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})$")
_PERCENT = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*%?$")


class CellValueError(Nq57Error, ValueError):
    """A cell whose text cannot be read as the type its column needs."""


def parse_date(value: object) -> date | None:
    """A date cell: date/datetime objects, Excel serials of 2000-2099 (see
    :func:`~nq57xl.read.serials.date_from_serial`), or text in common forms.

    Accepted texts: 15/10/2026, 15-10-2026, 15.10.2026, 15/10/26, 2026-10-15,
    "ngày 15 tháng 10 năm 2026". Empty gives ``None``; anything else raises
    :class:`CellValueError`.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        day = date_from_serial(value)
        if day is None:
            raise CellValueError(str(value))
        return day
    text = clean_text(value)
    if not text:
        return None
    low = nfc_lower_strip(text)
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd"), (_WORDS, "dmy")):
        m = pattern.match(low)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups()[:3])
        d, mo, y = (a, b, c) if order == "dmy" else (c, b, a)
        if y < 100:
            y += 2000
        try:
            return date(y, mo, d)
        except ValueError as exc:
            raise CellValueError(text) from exc
    raise CellValueError(text)


def parse_progress(value: object, *, percent_cell: bool = False) -> float | None:
    """A progress cell as a number 0-100 (not range-checked here).

    "50%", "50", 50 and 0.5 from a percent-formatted cell (``percent_cell``) all give
    50.0. Empty gives ``None``; text that is not a number raises CellValueError.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellValueError(str(value))
    if isinstance(value, (int, float)):
        number = float(value)
        return round(number * 100, 6) if percent_cell else number
    text = clean_text(value)
    if not text:
        return None
    m = _PERCENT.match(text.replace(" ", ""))
    if not m:
        raise CellValueError(text)
    return float(m.group(1).replace(",", "."))


def looks_like_percent(value: object) -> bool:
    """A number, or a text such as "60%" or "60": what a progress column holds."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return bool(_PERCENT.match(clean_text(value).replace(" ", "")))


def match_choice(value: object, choices: tuple[str, ...]) -> str | None:
    """The choice ``value`` names (case, spacing and missing diacritics tolerated).

    Empty gives ``None``; an unknown value raises CellValueError.
    """
    text = clean_text(value)
    if not text:
        return None
    found = _choice_for(text, choices)
    if found is None:
        raise CellValueError(text)
    return found


@lru_cache(maxsize=4096)
def _choice_for(text: str, choices: tuple[str, ...]) -> str | None:
    n = normalize(text)
    for choice in choices:
        if normalize(choice) == n:
            return choice
    bare = strip_diacritics(n)
    for choice in choices:
        if strip_diacritics(normalize(choice)) == bare:
            return choice
    return None


def state_from_word(value: object, words: dict[str, tuple[str, ...]]) -> str | None:
    """The state an everyday word names ("Đã xong" -> "Đã hoàn thành"), if any; a remark
    after it is allowed ("Đã hoàn thành (100%)", "Đang triển khai, đạt 60%")."""
    keys = _word_keys(tuple((k, v) for k, v in words.items()))
    text = clean_text(value)
    for candidate in (text, _REMARK.split(text, maxsplit=1)[0]):
        key = strip_diacritics(normalize(candidate.rstrip(" .;!")))
        if key in keys:
            return keys[key]
    return None


#: Where a remark after a state word starts: a bracket, comma, semicolon, colon or dash.
_REMARK = re.compile(r"\s*[(\[,;:]|\s+[-–]\s+")


@lru_cache(maxsize=8)
def _word_keys(words: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    keys = {strip_diacritics(normalize(w)): state for state, ws in words for w in ws}
    keys.update({strip_diacritics(normalize(state)): state for state, _ in words})
    return keys
