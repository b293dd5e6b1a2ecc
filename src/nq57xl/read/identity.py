"""Where a workbook names its commune, and the name it most likely means.

A commune report names its commune in up to four places, taken in this order: the
"Thông tin" sheet; the title block above the task table ("ỦY BAN NHÂN DÂN XÃ ĐÔ
LƯƠNG", "UBND PHƯỜNG CỬA LÒ", "Báo cáo ... của xã Tân Kỳ"); the sheet names; the file
name ("Xa Dien Chau T11-2026.xlsx"). :func:`name_sources` lists them as
:class:`~nq57xl.records.NameSource` values; the province matches them against its
roster (:mod:`nq57xl.province.identify`). :func:`guess_name` is the name shown when no
roster is at hand: the text after the unit word, without report words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..records import NameSource
from ..vntext import latin_lookalikes, nfc, strip_diacritics, visible
from .cleantext import address, clean_text
from .workbook import SheetGrid

#: The unit words before a commune's name (diacritic-free, lower case, as token tuples).
UNIT_WORDS: tuple[tuple[str, ...], ...] = (
    ("xa",), ("phuong",), ("dac", "khu"), ("thi", "tran"),
)
_ACCENTED_UNITS: tuple[tuple[str, ...], ...] = (
    ("xã",), ("phường",), ("đặc", "khu"), ("thị", "trấn"),
)
#: Words of report titles and file names that are never part of a commune's name
#: (diacritic-free keys): single words, and phrases whose syllables alone may be names
#: ("Đô Lương", "Phú Thọ", "Tiến Thắng" stay whole).
REPORT_WORDS: frozenset[str] = frozenset({
    "bc", "nq", "nq57", "tw", "nqtw", "export", "kh", "pl", "ubnd", "final", "copy",
})
REPORT_PHRASES: tuple[tuple[str, ...], ...] = (
    ("bao", "cao"), ("tien", "do"), ("ke", "hoach"), ("phu", "luc"),
    ("uy", "ban", "nhan", "dan"), ("nghi", "quyet"), ("thuc", "hien"), ("ket", "qua"),
    ("tinh", "hinh"), ("ban", "sua"),
)
#: Words that are report words only before a number ("tháng 11", "năm 2026", "quý IV").
_BEFORE_NUMBER = frozenset({"thang", "nam", "quy", "ky", "so", "ngay"})
#: "xã hội" (society) is no commune ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA", "Văn hoá - Xã hội",
#: "kinh tế - xã hội", "xã hội hoá"), but "xã Hội An" is: the words around tell.
_SOCIETY_BEFORE = frozenset({"hoa", "te", "va"})
_SOCIETY_AFTER = frozenset({"chu", "hoa"})
_TOKEN = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"^t?\d+[a-z]?$")
_ROMAN = re.compile(r"^[ivx]+$")
_TITLE_ROWS = 20
#: Sheet names that never name a commune ("Sheet1", "Nhiệm vụ", "Biểu 01").
_SKIP_SHEET = re.compile(r"^(?:sheet|trang tinh|bieu|phu luc|thong tin( chung)?|huong dan|"
                         r"nhiem vu|chi tieu( theo xa)?|danh muc|tong hop)?(?: ?\d+)*$")


def words(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` as (the word as written, its diacritic-free lower-case key)."""
    text = nfc(latin_lookalikes(visible(text)))
    return [(w, strip_diacritics(w).lower()) for w in _TOKEN.findall(text)]


def unit_spans(found: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """The (start, end) of each unit word ("xã", "phường", "đặc khu", ...) among the
    :func:`words` ``found`` that is followed by a name (not "xã hội", not "xã/phường")."""
    keys = [k for _, k in found]
    spans = []
    for i in range(len(keys)):
        j = _unit_end(found, i)
        if j and j < len(keys) and not _society(keys, i, j) and not _unit_end(found, j):
            spans.append((i, j))
    return spans


def _unit_end(found: Sequence[tuple[str, str]], i: int) -> int:
    """The end of the unit word at ``i``, or 0. A word written with diacritics must
    have the unit's own ("Phượng", "Phương" are no "phường")."""
    for unit, accented in zip(UNIT_WORDS, _ACCENTED_UNITS):
        j = i + len(unit)
        if tuple(k for _, k in found[i:j]) != unit:
            continue
        written = tuple(w.lower() for w, _ in found[i:j])
        if all(w == k for w, k in zip(written, unit)) or written == accented:
            return j
    return 0


def _society(keys: Sequence[str], i: int, j: int) -> bool:
    """Whether the unit word ``keys[i:j]`` begins "xã hội" (society), not a commune."""
    if keys[i:j] != ["xa"] or keys[j] != "hoi":
        return False
    before = keys[i - 1] if i else ""
    after = keys[j + 1] if j + 1 < len(keys) else ""
    return before in _SOCIETY_BEFORE or after in _SOCIETY_AFTER or not after


def report_positions(keys: Sequence[str]) -> set[int]:
    """The positions in ``keys`` of report words, report phrases and numbers ("t11",
    "2026", "tháng 11")."""
    out = {i for i, k in enumerate(keys) if k in REPORT_WORDS or _NUMBER.match(k)}
    for i, k in enumerate(keys):
        after = keys[i + 1] if i + 1 < len(keys) else ""
        if k in _BEFORE_NUMBER and (after.isdigit() or _ROMAN.match(after)):
            out.update((i, i + 1))  # "tháng 11", "quý IV" (a lone "Vị" is a name)
        for phrase in REPORT_PHRASES:
            if tuple(keys[i:i + len(phrase)]) == phrase:
                out.update(range(i, i + len(phrase)))
    return out


def guess_name(text: str) -> str | None:
    """The commune's name as a text most likely writes it: after the last unit word
    when there is one, up to the first report word; else the words that are no report
    words. Capitals only ("ĐÔ LƯƠNG") become title case ("Đô Lương")."""
    found = words(text)
    keys = [k for _, k in found]
    spans = unit_spans(found)
    skip = report_positions(keys) | {i for a, b in spans for i in range(a, b)}
    kept: list[str] = []
    for i in range(spans[-1][1] if spans else 0, len(found)):
        word = found[i][0]
        if i in skip or (kept and _proper(kept[0]) and word[0].islower()):
            if kept and spans:  # the name ends at a report word, or a lower-case word
                break           # after capitalised ones ("xã Tân Kỳ về việc ...")
            continue
        kept.append(word)
    name = " ".join(kept)
    if not name:
        return None
    return name.title() if name.isupper() or name.islower() else name


def _proper(word: str) -> bool:
    """Whether ``word`` is written as a proper name ("Tân", not "tân" or "TÂN")."""
    return word[:1].isupper() and not word.isupper()


def has_unit_name(text: str) -> bool:
    """Whether ``text`` names a commune with its unit word ("UBND XÃ ĐÔ LƯƠNG")."""
    return bool(unit_spans(words(text)))


def name_sources(grids: Sequence[SheetGrid], file: str, *, info: NameSource | None,
                 title: tuple[SheetGrid, int] | None) -> tuple[NameSource, ...]:
    """Every place the workbook names its commune, in the order they are trusted:
    the "Thông tin" sheet (``info``), the title block (the rows above the task table's
    header in ``title``, or the top rows of the first visible sheet), the sheet names,
    the file name."""
    out: list[NameSource] = [info] if info else []
    if title is None:
        first = next((g for g in grids if g.visible), None)
        title = (first, _TITLE_ROWS) if first is not None else None
    if title is not None:
        grid, header_row = title
        for r, row in enumerate(grid.rows[:min(header_row, _TITLE_ROWS)]):
            for c, value in enumerate(row):
                lines = value.splitlines() if isinstance(value, str) and len(value) <= 500 else ()
                for line in map(clean_text, lines):  # a cell may hold the whole title block
                    if has_unit_name(line):
                        out.append(NameSource("title", f"tiêu đề (ô {address(r, c)})", line))
    for g in grids:
        if not _SKIP_SHEET.match(" ".join(k for _, k in words(g.name))) and guess_name(g.name):
            out.append(NameSource("sheet", f"tên sheet «{g.name}»", g.name))
    out.append(NameSource("file", "tên tệp", split_joined_words(Path(file).stem)))
    return tuple(out)


def split_joined_words(text: str) -> str:
    """Words written together in a file name spaced out: "PhuongVinhLoc" -> "Phuong Vinh
    Loc" (a capital after a small letter starts a word)."""
    out = []
    for i, ch in enumerate(text):
        if i and ch.isupper() and text[i - 1].islower():
            out.append(" ")
        out.append(ch)
    return "".join(out)
