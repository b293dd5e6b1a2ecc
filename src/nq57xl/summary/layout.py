"""Sizes in the summary workbook: column widths, header and paragraph heights.

Widths are in characters of the default font and fitted on the values shown (a
sample of :data:`WIDTH_SAMPLE` values for big columns, so the cost stays linear);
heights are in points for wrapped text. Used by :mod:`.blocks`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence

import pandas as pd

from ..province.consolidation import COLUMNS
from .display import as_number, as_text, file_name, is_empty

FONT_SIZE = 11
#: Widest a column gets (in characters); long texts wrap within it.
WIDTH_CAPS: dict[str, int] = {"name": 60, "message": 60, "reason": 50, "section_title": 45}
DEFAULT_TEXT_CAP = 40

def kind_of(key: str) -> str:
    """How the values of column ``key`` are shown: "text", "int", "rate", "date"..."""
    return COLUMNS[key][1] if key in COLUMNS else "text"


def header_of(key: str) -> str:
    """The Vietnamese header of column ``key`` (the key itself when unknown)."""
    return COLUMNS[key][0] if key in COLUMNS else key


def _shown_length(value: object, kind: str) -> int:
    if is_empty(value):
        return 0
    if kind == "date":
        return 10
    if kind == "bool":
        return 1
    if kind == "rate":
        return 6
    if kind == "link":
        return len(file_name(as_text(value)))
    number = as_number(value)
    if kind in ("int", "number") and number is not None and math.isfinite(number):
        return len(f"{number:,.1f}" if kind == "number" else f"{number:,.0f}")
    return max((len(line) for line in as_text(value).splitlines()), default=0)


def _text_length(value: object) -> int:
    """:func:`_shown_length` of a text column's value, quick for one-line strings."""
    if value.__class__ is str and value.isprintable():
        return len(value) if value.strip(" ") else 0
    return _shown_length(value, "text")


def _link_length(value: object) -> int:
    return _shown_length(value, "link")


#: Column widths are fitted on at most this many values of a column.
WIDTH_SAMPLE = 2000


def column_width(key: str, values: Iterable[object]) -> tuple[float, bool]:
    """A width (characters) for column ``key`` and whether its cells should wrap.

    The header may wrap on up to three lines; contents longer than the cap wrap.
    """
    kind = kind_of(key)
    header = header_of(key)
    values = list(values)
    if len(values) > WIDTH_SAMPLE:  # a fixed sample keeps big tables linear and fast
        step = len(values) / WIDTH_SAMPLE
        values = [values[int(i * step)] for i in range(WIDTH_SAMPLE)]
    values = _distinct(values)
    if kind in ("text", "link"):
        longest = max(map(_text_length if kind == "text" else _link_length, values), default=0)
    else:
        longest = max((_shown_length(v, kind) for v in values), default=0)
    word = max((len(w) for w in header.split()), default=0)
    need = max(longest, word, math.ceil(len(header) / 2.5))
    cap = WIDTH_CAPS.get(key, DEFAULT_TEXT_CAP if kind in ("text", "link") else 16)
    width = min(max(need + 2, 7), cap)
    return float(width), kind in ("text", "link") and longest + 2 > width


def _distinct(values: list[object]) -> list[object]:
    """Each value once (dates, numbers, statuses repeat), for a maximum over them.

    Kept as they are when a boolean is among them (``True == 1`` as set members, but
    their texts may differ) or a value cannot be hashed.
    """
    try:
        if bool not in set(map(type, values)):
            return list(set(values))
    except TypeError:
        pass
    return values


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    """Row height (points) for bold headers wrapped in columns of ``widths``."""
    lines = [len(textwrap.wrap(text, max(int(width * 1.1), 1)) or [""])
             for text, width in zip(headers, widths)]
    return max(lines, default=1) * 14.5 + 4


def plan_columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple[float, bool]]:
    """Width and wrap of each column of a table of ``frame`` (see :func:`column_width`)."""
    return [column_width(k, frame[k].tolist() if k in frame.columns else [])
            for k in columns]


def paragraph_height(text: str, width_chars: float, size: int = FONT_SIZE) -> float:
    """Row height (points) for ``text`` wrapped in a merged cell ``width_chars`` wide."""
    per_line = max(int(width_chars * 11 / size * 1.1), 10)
    lines = sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n"))
    return round(lines * size * 1.4 + 3, 1)
