"""Vietnamese typed in the legacy font encodings TCVN3 (ABC) and VNI, read as Unicode.

Offices still keep tables typed with the .VnTime fonts (TCVN3: "Tªn nhiÖm vô" is "Tên
nhiệm vụ") or VNI-Times (VNI: "Teân nhieäm vuï"). Such cells hold Latin-1 characters that
only the old font turns into Vietnamese. No maintained converter exists on PyPI (only
unpackaged gists), so the two tables are kept here, checked by round trips in the tests.

Detection is per sheet: a cell is TCVN3 when it holds one of the symbols TCVN3 uses for
letters (U+00A1-U+00BF: "ª", "µ", "¸", ...), VNI when a vowel is followed by one of
VNI's mark letters ("aø", "eâ") or it holds VNI's "ñ"; a cell with any Vietnamese-only
Unicode letter (ă, đ, ơ, ư, ạ ... ỹ) is Unicode. A sheet with several legacy cells and
(almost) no Unicode ones is converted, every non-Unicode cell of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..catalogue import problem
from ..records import Problem
from .workbook import SheetGrid

# --- TCVN3 (ABC) ----------------------------------------------------------------------
_TCVN3 = ("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏ\u00d1\u00aaÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00ad"
          "õøö÷ùúýûüþ¡¢§£¤¥¦")
_TCVN3_UNICODE = ("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
                  "ĂÂĐÊÔƠƯ")
_FROM_TCVN3 = str.maketrans(_TCVN3, _TCVN3_UNICODE)
_TO_TCVN3 = str.maketrans(_TCVN3_UNICODE, _TCVN3)

# --- VNI (VNI-Windows) ----------------------------------------------------------------
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
#: VNI mark letters (lower case; upper case for capitals) and what they add.
_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_CIRCUMFLEX_TONES = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_BREVE_TONES = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_I_TONES = {"í": _ACUTE, "ì": _GRAVE, "æ": _HOOK, "ó": _TILDE, "ò": _DOT}


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


def _vni_table() -> dict[str, str]:
    """VNI sequence -> Unicode letter, lower and upper case."""
    table: dict[str, str] = {}
    for upper in (False, True):
        case = str.upper if upper else str.lower
        for vowel in "aeouy":
            for mark, tone in _TONES.items():
                table[case(vowel) + case(mark)] = case(_compose(vowel, tone))
        for vowel in "aeo":
            for mark, tone in _CIRCUMFLEX_TONES.items():
                table[case(vowel) + case(mark)] = case(_compose(vowel, _CIRCUMFLEX, tone))
        for mark, tone in _BREVE_TONES.items():
            table[case("a") + case(mark)] = case(_compose("a", _BREVE, tone))
        for letter, base in (("ô", "o"), ("ö", "u")):  # ơ, ư and their tones
            table[case(letter)] = case(_compose(base, _HORN))
            for mark, tone in _TONES.items():
                table[case(letter) + case(mark)] = case(_compose(base, _HORN, tone))
        for mark, tone in _I_TONES.items():
            table[case(mark)] = case(_compose("i", tone))
        table[case("î")] = case(_compose("y", _DOT))
        table[case("ñ")] = case("đ")
    return table


_FROM_VNI_TABLE = _vni_table()
_TO_VNI_TABLE = {u: v for v, u in sorted(_FROM_VNI_TABLE.items(), key=lambda kv: -len(kv[0]))}
_VNI_SEQUENCE = re.compile("|".join(re.escape(k) for k in
                                    sorted(_FROM_VNI_TABLE, key=len, reverse=True)))

# --- detection ------------------------------------------------------------------------
_VIETNAMESE_UNICODE = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9ĩũĨŨ]")
_TCVN3_SYMBOL = re.compile("[\u00a1-\u00bf]")
_VNI_MARK = re.compile("[aeiouyAEIOUY][ùøûõïâáàåãäéèúüëêÙØÛÕÏÂÁÀÅÃÄÉÈÚÜËÊ]|[ñÑ]")
#: Cells in a legacy encoding a sheet needs before it is converted.
MIN_CELLS = 2

ENCODINGS = {"TCVN3": ".VnTime, .VnArial", "VNI": "VNI-Times"}


def from_tcvn3(text: str) -> str:
    return text.translate(_FROM_TCVN3)


def to_tcvn3(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_TO_TCVN3)


def from_vni(text: str) -> str:
    return _VNI_SEQUENCE.sub(lambda m: _FROM_VNI_TABLE[m.group(0)], text)


def to_vni(text: str) -> str:
    return "".join(_TO_VNI_TABLE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def cell_encoding(text: str) -> str | None:
    """"Unicode", "TCVN3", "VNI" for a text with letters beyond ASCII ("" when it could
    be any of them, such as "Cã"), ``None`` for ASCII."""
    if text.isascii():
        return None
    if _VIETNAMESE_UNICODE.search(text):
        return "Unicode"
    if _TCVN3_SYMBOL.search(text):
        return "TCVN3"
    if _VNI_MARK.search(text):
        return "VNI"
    return ""


_CONVERT = {"TCVN3": from_tcvn3, "VNI": from_vni}


@dataclass(frozen=True)
class Conversion:
    sheet: str
    encoding: str
    cells: int


def sheet_encoding(rows: Sequence[Sequence[object]]) -> str | None:
    """The legacy encoding a sheet is typed in, if any."""
    counts = {"Unicode": 0, "TCVN3": 0, "VNI": 0, "": 0}
    for row in rows:
        for value in row:
            if isinstance(value, str) and not value.isascii():
                kind = cell_encoding(value)
                if kind:
                    counts[kind] += 1
    legacy = max(("TCVN3", "VNI"), key=lambda k: counts[k])
    if counts[legacy] >= MIN_CELLS and counts[legacy] > 4 * counts["Unicode"]:
        return legacy
    return None


def convert_grids(grids: Sequence[SheetGrid], file: str
                  ) -> tuple[list[SheetGrid], list[Problem]]:
    """The grids with every sheet typed in TCVN3 or VNI converted, and a warning each."""
    out: list[SheetGrid] = []
    problems: list[Problem] = []
    for grid in grids:
        encoding = sheet_encoding(grid.rows)
        if encoding is None:
            out.append(grid)
            continue
        convert = _CONVERT[encoding]
        count = 0
        rows = []
        for row in grid.rows:
            new = list(row)
            for c, value in enumerate(row):
                if isinstance(value, str) and cell_encoding(value) not in (None, "Unicode"):
                    new[c] = convert(value)
                    count += 1
            rows.append(new)
        out.append(replace(grid, rows=rows))
        problems.append(problem("legacy-encoding", file=file, sheet=grid.name,
                                value=encoding, fonts=ENCODINGS[encoding], count=count))
    return out, problems
