"""Normalisation of Vietnamese text: the one home of every comparison key.

Each function is one distinct rule, used wherever that rule applies:

* :func:`nfc` - Unicode NFC only (the composed form Word and Excel usually store);
* :func:`nfc_lower` - NFC and lower case;
* :func:`nfc_lower_strip` - NFC, lower case, no surrounding white space;
* :func:`nfc_lower_spaced` - NFC, lower case, every run of white space one space;
* :func:`normalize` - the key of headers, labels and dropdown choices: as
  :func:`nfc_lower_spaced`, plus no spaces around slashes and no trailing colon,
  asterisk or full stop;
* :func:`strip_diacritics` - every combining mark removed, đ/Đ mapped to d/D;
* :func:`strip_diacritics_lower` - the marks of U+0300-U+036F removed, đ mapped to d
  (for text already lower-cased);
* :func:`tone_key` - lower case with each syllable's tone mark moved to its end, so
  that the old and new tone placements ("hoà"/"hòa") give one key.

This module imports nothing from the project.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "nfc",
    "nfc_lower",
    "nfc_lower_spaced",
    "nfc_lower_strip",
    "normalize",
    "strip_diacritics",
    "strip_diacritics_lower",
    "tone_key",
]

_TRAILING = re.compile(r"[\s:*.]+$")
_BASIC_MARKS = re.compile(r"[\u0300-\u036f]")
#: The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook
#: above, dot below).
_TONES = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def nfc_lower(text: str) -> str:
    """NFC, then lower case."""
    return unicodedata.normalize("NFC", text).lower()


def nfc_lower_strip(text: str) -> str:
    """NFC, lower case, no white space at either end."""
    return unicodedata.normalize("NFC", text).lower().strip()


def nfc_lower_spaced(text: str) -> str:
    """NFC, lower case, each run of white space (line breaks included) one space,
    none at either end."""
    # str.split() splits on exactly the characters r"\s" matches (checked over every
    # code point), about three times faster than re.sub(r"\s+", " ", ...).strip()
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def normalize(text: object) -> str:
    """The comparison key of a header, label or choice: NFC, lower case, single spaces,
    no spaces around slashes, no trailing white space, colon, asterisk or full stop."""
    return _normalize(str(text))


@lru_cache(maxsize=16384)
def _normalize(text: str) -> str:
    s = nfc_lower_spaced(text)
    s = s.replace(" / ", "/").replace("/ ", "/").replace(" /", "/")
    return _TRAILING.sub("", s)


def strip_diacritics(text: str) -> str:
    """Remove every combining mark, and map đ to d ("Tên" -> "Ten", "Đạt" -> "Dat").

    The result is left decomposed: marks that are not diacritics of a letter (none in
    Vietnamese) are removed too.
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def strip_diacritics_lower(text: str) -> str:
    """Diacritics of lower-case text removed: NFD, drop the combining marks of the block
    U+0300-U+036F (all that Vietnamese uses), map đ to d ("quý ii" -> "quy ii").

    Unlike :func:`strip_diacritics` it keeps combining marks of other blocks and does
    not map "Đ" (absent from lower-case text).
    """
    return _BASIC_MARKS.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d")


def tone_key(text: str) -> str:
    """Lower-case NFC text with each syllable's tone mark moved to the syllable's end.

    Words are split on white space and joined with single spaces.
    """
    out = []
    for word in unicodedata.normalize("NFD", text.lower()).split():
        tones = [c for c in word if c in _TONES]
        base = "".join(c for c in word if c not in _TONES)
        out.append(unicodedata.normalize("NFC", base + "".join(sorted(tones))))
    return " ".join(out)


#: Cyrillic and Greek letters drawn like the Latin letters of Vietnamese names
#: (Unicode's confusables for these scripts, limited to the letters Vietnamese uses).
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h",
    "ԁ": "d", "ӏ": "l", "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I",
    "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ү": "Y", "α": "a", "ο": "o", "ρ": "p", "ν": "v",
    "ι": "i", "κ": "k", "τ": "t", "υ": "u", "Α": "A", "Β": "B", "Ε": "E", "Η": "H",
    "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y",
    "Χ": "X", "Ζ": "Z",
})


def visible(text: str) -> str:
    """``text`` without invisible format characters: zero-width spaces and joiners, the
    byte order mark, soft hyphens, and bidirectional controls (right-to-left override)."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def latin_lookalikes(text: str) -> str:
    """``text`` with Cyrillic and Greek look-alike letters replaced by the Latin ones,
    for comparing names ("Nghĩа Đàn" with a Cyrillic "а" is "Nghĩa Đàn")."""
    return text if text.isascii() else text.translate(_LOOKALIKES)
