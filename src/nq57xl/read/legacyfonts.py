"""Vietnamese typed in the legacy font encodings TCVN3 (ABC) and VNI, read as Unicode.

Offices still keep tables typed with the .VnTime fonts (TCVN3: "Tªn nhiÖm vô" is "Tên
nhiệm vụ") or VNI-Times (VNI: "Teân nhieäm vuï"). Such cells hold Latin-1 characters that
only the old font turns into Vietnamese. No maintained converter exists on PyPI (only
unpackaged gists), so the two tables are kept here, checked by round trips in the tests.

Detection is per cell and per sheet: a cell with any Vietnamese-only Unicode letter (ă,
đ, ơ, ư, ạ ... ỹ) is Unicode; otherwise its signs of TCVN3 (the symbols U+00A1-U+00BF it
uses for letters: "ª", "µ", "¸"; its vowels after a consonant: "chøc") and of VNI (a mark
letter after a vowel: "eä", "uï") are counted. A sheet with a few legacy cells has them
converted, in the encoding most of its legacy cells show (task rows pasted from an old
file under a Unicode header); when legacy cells outnumber Unicode ones, the cells that
could be either ("Cã") are converted too.
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
#: Signs of TCVN3: the symbols U+00A1-U+00BF it uses for letters ("¹" (ạ) and "«" "»"
#: (ô, ằ) only between letters, else a footnote or quotes); its vowels "æ", "ø", ...
#: after a consonant ("chøc"); a capital Latin-1 letter inside a word ("nhiÖm").
_TCVN3_SIGNS = re.compile(
    "[\u00a1-\u00aa\u00ac-\u00af\u00b5-\u00b8\u00bc-\u00bf]"
    "|(?<=[A-Za-z])[\u00ab\u00b9\u00bb](?=[A-Za-z])|(?<=[A-Za-z])\u00b9"
    "|(?<=[bcdghklmnpqrstvx])[æøöëäåïñîüû]"
    "|(?<=[a-z])[ÇÊÈÉËÌÐÎÏÑÒÕÓÔÖ×ÝØÜÞßÆ](?=[a-z])"
)
#: Signs of VNI: a vowel followed by a mark letter Unicode never puts there ("eä",
#: "uï", "aø"), and its "ñ" (đ) starting a word.
_VNI_SIGNS = re.compile("(?<=[aeiouyôö])[ùøûõïåäëü]|(?<=[AEIOUYÔÖ])[ÙØÛÕÏÅÄËÜ]"
                        "|(?<![A-Za-z])[ñÑ]")
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
    """"Unicode", "TCVN3", "VNI" or "legacy" (one of the two) for a text with letters
    beyond ASCII, "" when it could be any of them ("Cã", "Hoà"); ``None`` for ASCII."""
    if text.isascii():
        return None
    if _VIETNAMESE_UNICODE.search(text):
        return "Unicode"
    tcvn3 = len(_TCVN3_SIGNS.findall(text))
    vni = len(_VNI_SIGNS.findall(text))
    if tcvn3 == vni:
        return "legacy" if tcvn3 else ""
    return "TCVN3" if tcvn3 > vni else "VNI"


_CONVERT = {"TCVN3": from_tcvn3, "VNI": from_vni}


@dataclass(frozen=True)
class Conversion:
    sheet: str
    encoding: str
    cells: int


def sheet_encoding(rows: Sequence[Sequence[object]]) -> tuple[str, bool] | None:
    """The legacy encoding a sheet is typed in (some of it at least), and whether its
    cells that could be any encoding are legacy too (when legacy cells outnumber Unicode
    ones)."""
    counts = {"Unicode": 0, "TCVN3": 0, "VNI": 0, "legacy": 0, "": 0}
    for row in rows:
        for value in row:
            if isinstance(value, str) and not value.isascii():
                counts[cell_encoding(value) or ""] += 1
    legacy = counts["TCVN3"] + counts["VNI"] + counts["legacy"]
    if legacy >= MIN_CELLS and legacy * 10 >= counts["Unicode"]:
        encoding = "TCVN3" if counts["TCVN3"] >= counts["VNI"] else "VNI"
        return encoding, legacy > counts["Unicode"]
    return None


def convert_grids(grids: Sequence[SheetGrid], file: str
                  ) -> tuple[list[SheetGrid], list[Problem]]:
    """The grids with every sheet typed in TCVN3 or VNI converted, and a warning each."""
    out: list[SheetGrid] = []
    problems: list[Problem] = []
    for grid in grids:
        found = sheet_encoding(grid.rows)
        if found is None:
            out.append(grid)
            continue
        encoding, all_cells = found
        convert = _CONVERT[encoding]
        kinds = ("TCVN3", "VNI", "legacy") + (("",) if all_cells else ())
        count = 0
        rows = []
        for row in grid.rows:
            new = list(row)
            for c, value in enumerate(row):
                if isinstance(value, str) and cell_encoding(value) in kinds:
                    new[c] = convert(value)
                    count += 1
            rows.append(new)
        out.append(replace(grid, rows=rows))
        problems.append(problem("legacy-encoding", file=file, sheet=grid.name,
                                value=encoding, fonts=ENCODINGS[encoding], count=count))
    return out, problems
