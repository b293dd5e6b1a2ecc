"""Cleaning of cell values: text noise from Word/PDF exports and Excel cell types.

Real appendices carry HTML remnants (``<p>``, ``<ul style=...>``), LaTeX (``$\\geq 80\\%$``),
bold markers (``**``) and footnote markers (¹ ² ³ ⁴) whose text stands elsewhere in the
document ("¹ Nhiệm vụ đã hoàn thành"). Everything here is a pure function of a value.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache

from ..vntext import nfc, nfc_lower

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "1234567890")

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^<>]*>")
_BLOCK_TAGS = {"p", "br", "li", "ul", "ol", "div", "tr", "td"}
_LATEX_CMDS = {
    "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "times": "×", "neq": "≠",
    "approx": "≈", "pm": "±", "%": "%", "cdot": "·", "rightarrow": "→", "to": "→",
}
_LATEX_MATH = re.compile(r"\$([^$]{1,200})\$")
_LATEX_CMD = re.compile(r"\\([a-zA-Z]+|%)\s?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FOOTNOTE = re.compile(r"\s*([" + SUPERSCRIPTS + r"]+)")
_ANY_SUPER = re.compile("[" + SUPERSCRIPTS + "]")


def _strip_tags(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return " " if m.group(2).lower() in _BLOCK_TAGS else ""

    return html.unescape(_TAG.sub(repl, text))


def _latex(text: str) -> str:
    def cmd(m: re.Match[str]) -> str:
        name = m.group(1)
        return _LATEX_CMDS.get(name, "") + (" " if name in ("geq", "ge", "leq", "le") else "")

    def math(m: re.Match[str]) -> str:
        return _LATEX_CMD.sub(cmd, m.group(1)).replace("{", "").replace("}", "").strip()

    return _LATEX_MATH.sub(math, text)


def has_control_chars(text: str) -> bool:
    """True when ``text`` holds characters that cannot be printed (besides tab/newline)."""
    return bool(_CONTROL.search(text))


def clean_text(value: object) -> str:
    """The visible text of a cell: NFC, no markup, single spaces; '' for empty cells.

    Footnote markers are kept (see :func:`footnote_markers`); use
    :func:`strip_footnotes` to drop them.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _clean_str(value) if len(value) < 4096 else _clean_uncached(value)
    return _clean_uncached(cell_to_text(value))


@lru_cache(maxsize=65536)
def _clean_str(text: str) -> str:
    return _clean_uncached(text)


def _clean_uncached(text: str) -> str:
    if not text:
        return ""
    text = nfc(text)
    if "<" in text and ">" in text:
        text = _strip_tags(text)
    if "$" in text and "\\" in text:
        text = _latex(text)
    if "**" in text:
        text = text.replace("**", "")
    if text.isprintable():  # no control characters, no whitespace but the plain space
        return text.strip(" ") if "  " not in text else " ".join(text.split())
    text = _CONTROL.sub("", text)
    return " ".join(text.split())  # str.split() and regex \s agree on what is whitespace


#: Distinct cell values whose text is kept by :func:`row_texts` before it starts over.
TEXT_CACHE_SIZE = 200_000


class _TextCache(dict):
    """Cell value -> :func:`clean_text`, filled on first use (see :func:`row_texts`)."""

    def __missing__(self, value: object) -> str:
        text = clean_text(value)
        if isinstance(value, float) and value != value:
            return text  # NaN never equals a key
        if len(self) >= TEXT_CACHE_SIZE:
            self.clear()
        self[value] = text
        return text


_TEXTS = _TextCache()


def row_texts(row: Sequence[object]) -> list[str]:
    """:func:`clean_text` of every cell of ``row``, each distinct value cleaned once.

    Booleans bypass the cache: ``True == 1`` as dictionary keys, but their texts differ.
    """
    get = _TEXTS.__getitem__
    try:
        return [get(v) if v.__class__ is not bool else clean_text(v) for v in row]
    except TypeError:  # an unhashable value (grids built by hand): clean one by one
        return [clean_text(v) for v in row]


def footnote_markers(text: str) -> tuple[str, ...]:
    """Footnote markers in ``text`` as digit strings ("¹" -> "1")."""
    if not _ANY_SUPER.search(text):
        return ()
    return tuple(m.group(1).translate(_SUPER_TO_DIGIT) for m in _FOOTNOTE.finditer(text))


def strip_footnotes(text: str) -> str:
    if not _ANY_SUPER.search(text):
        return text
    return _FOOTNOTE.sub("", text).strip()


def footnote_definition(text: str) -> tuple[str, str] | None:
    """``("1", "Nhiệm vụ đã hoàn thành")`` for a footnote line "¹ Nhiệm vụ đã hoàn thành"."""
    m = re.match(r"^\s*([" + SUPERSCRIPTS + r"]+)\s*(.+)$", text)
    if not m:
        return None
    return m.group(1).translate(_SUPER_TO_DIGIT), m.group(2).strip()


def says_done(text: str | None) -> bool:
    """True when a note or footnote says the task is done ("Nhiệm vụ đã hoàn thành")."""
    if not text:
        return False
    return "đã hoàn thành" in nfc_lower(text)


def cell_to_text(value: object) -> str:
    """A cell value as text: whole floats without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 -> "A", 26 -> "AA")."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def address(row_index: int, col_index: int) -> str:
    """0-based row and column to an A1 address (0, 0 -> "A1")."""
    return f"{column_letter(col_index)}{row_index + 1}"
