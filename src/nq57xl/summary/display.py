"""Values as the summary workbook shows them: empty or not, text, number, date, file name,
and the lines a text takes when wrapped (for row heights)."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import pandas as pd

LINE_HEIGHT = 15  # points per line of 11 pt text


def is_empty(value: object) -> bool:
    """True for None, NaN, NaT, pd.NA and the empty string."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return value != value  # NaN
    if isinstance(value, (int, date)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_text(value: object) -> str:
    """A value of a text column as the text to show (whole numbers without ".0")."""
    if isinstance(value, str):
        return value
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "item"):  # numpy scalars
        return as_text(value.item())  # type: ignore[union-attr]
    return str(value)


def as_number(value: object) -> float | int | None:
    """A plain Python number, or None when ``value`` is not numeric."""
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, (int, float)):
        return value
    return None


def as_date(value: object) -> date | None:
    """A date or naive datetime for ``write_datetime``, or None."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value if isinstance(value, date) else None


def file_name(path: str) -> str:
    """The last component of a Windows or POSIX path."""
    return re.split(r"[\\/]", path.rstrip("\\/"))[-1] or path


def text_lines(value: object, kind: str, width: float) -> int:
    """Lines ``value`` takes when wrapped in a column ``width`` characters wide."""
    if is_empty(value):
        return 1
    text = file_name(as_text(value)) if kind == "link" else as_text(value)
    per_line = max(int(width * 1.1) - 1, 1)
    if len(text) <= per_line and "\n" not in text:
        return 1
    # Word wrapping leaves about 8% of each line empty; close enough for a row height
    # and much cheaper than textwrap on tens of thousands of cells.
    return sum(max(1, math.ceil(len(part) * 1.08 / per_line)) for part in text.split("\n"))
