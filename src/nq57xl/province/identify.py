"""Which roster commune a workbook comes from.

The places a workbook names its commune (:func:`nq57xl.read.identity.name_sources`:
"Thông tin", title block, sheet names, file name) are tried in that order against the
roster. A name fits when the roster name's words appear in the text, compared without
diacritics or case, so that "Xa Dien Chau T11-2026" fits "Diễn Châu"; a text that has
its diacritics tells "Hòa An" from "Hóa An" ("Hoà" and "Hòa" are one). The longest roster
name that fits wins ("Hưng Nguyên Nam" before "Hưng Nguyên"); in a title block the name
must follow its unit word ("UBND XÃ ĐÔ LƯƠNG"). Two roster communes that fit equally
well are an ambiguity: reported with both, never a silent pick.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..catalogue import problem
from ..read.identity import guess_name, unit_spans, words
from ..records import Metadata, NameSource, Problem
from ..vntext import tone_key
from .roster import RosterEntry, RosterIndex, name_key


@dataclass(frozen=True)
class Identification:
    """The roster entry a workbook is from (None when it cannot be told), where it was
    read, and the problems to report (ambiguity, a name not on the roster)."""

    entry: RosterEntry | None
    where: str | None = None
    problems: tuple[Problem, ...] = ()


_Words = tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...]]


def _name_words(name: str) -> _Words:
    """A roster name's words without its unit word: diacritic-free keys, tone keys, and
    whether each is capitalised ("gar" of "Cư M'gar" is not)."""
    found = words(name)
    spans = unit_spans(found)
    if spans and spans[0][0] == 0:
        found = found[spans[0][1]:]
    return (tuple(k for _, k in found), tuple(tone_key(w) for w, _ in found),
            tuple(w[:1].isupper() for w, _ in found))


class NameFinder:
    """Roster names found inside free text (titles, sheet and file names)."""

    def __init__(self, entries: Sequence[RosterEntry]) -> None:
        self._by_first: dict[str, list[tuple[_Words, RosterEntry]]] = {}
        for e in entries:
            name = _name_words(e.name or e.full_name)
            if name[0]:
                self._by_first.setdefault(name[0][0], []).append((name, e))

    def find(self, text: str, *, after_unit: bool = False) -> list[RosterEntry]:
        """The roster entries ``text`` names, best first: one when it is clear, several
        when it is ambiguous, none when no roster name fits. ``after_unit``: only names
        right after a unit word ("xã", "phường") count."""
        found = words(text)
        keys = [k for _, k in found]
        toned = [tone_key(w) for w, _ in found]
        starts = {b for _, b in unit_spans(found)}
        accented = not all(w.isascii() for w, _ in found)
        cased = any(w[:1].isupper() for w, _ in found) and any(w[:1].islower() for w, _ in found)
        hits = []
        for i, key in enumerate(keys):
            for name, entry in self._by_first.get(key, ()):
                j = i + len(name[0])
                if tuple(keys[i:j]) == name[0] and _fits(found[i:j], toned[i:j], name,
                                                         accented, cased):
                    hits.append((i, j, entry))
        if after_unit or any(i in starts for i, *_ in hits):
            hits = [h for h in hits if h[0] in starts]
        if not hits:
            return []
        longest = max(j - i for i, j, _ in hits)
        return list(dict.fromkeys(e for i, j, e in hits if j - i == longest))


def _fits(span: Sequence[tuple[str, str]], toned: Sequence[str], name: _Words,
          accented: bool, cased: bool) -> bool:
    """Whether words that spell a roster name without diacritics are that name. In a
    text written with diacritics (``accented``) they must be the name's own ("Văn hóa"
    is not "Vân Hoà", "xã Thanh An" is not "Thạnh An") and, in mixed case, written as a
    proper name ("Trung tâm" is not "Trung Tâm"). A text without any diacritics fits
    every name it spells ("Thanh An": both, an ambiguity)."""
    if not accented:
        return True
    if tuple(toned) != name[1]:
        return False
    return not cased or not any(w[:1].islower() and upper
                                for (w, _), upper in zip(span, name[2]))


def identify(meta: Metadata, index: RosterIndex, finder: NameFinder, file: str) -> Identification:
    """The roster commune of a workbook with metadata ``meta`` (see the module doc)."""
    if meta.commune_code:
        by_code = index.match(None, meta.commune_code)
        if by_code is not None:
            return Identification(by_code, "mã xã (sheet Thông tin)")
    sources = meta.name_sources or ((NameSource("info", "trang «Thông tin»", meta.commune),)
                                    if meta.commune else ())
    narrowed: list[RosterEntry] | None = None
    first_try: tuple[NameSource, list[RosterEntry]] | None = None
    for source in sources:
        exact = index.match(source.text) if source.kind == "info" else None
        found = [exact] if exact else finder.find(source.text, after_unit=source.kind == "title")
        if narrowed is not None:  # an earlier place was ambiguous: only its candidates
            found = [e for e in found if e in narrowed]
        if len(found) == 1:
            notes = (*_elsewhere(sources, source, found[0], file),
                     *_conflict(sources, source, found[0], finder, file))
            return Identification(found[0], source.where, notes)
        if len(found) > 1 and narrowed is None:
            narrowed, first_try = found, (source, found)
    if first_try is not None:
        source, found = first_try
        names = ", ".join(f"{e.full_name} (mã {e.code})" if e.code else e.full_name for e in found)
        return Identification(None, None, (problem(
            "ambiguous-commune", file=file, value=source.text, where=source.where,
            candidates=names),))
    if not sources or not index.entries:
        return Identification(None, meta.identified_by)
    return Identification(None, None, (_not_found(meta, sources, index, file),))


def _elsewhere(sources: Sequence[NameSource], used: NameSource, entry: RosterEntry,
               file: str) -> tuple[Problem, ...]:
    """A warning when the "Thông tin" sheet names a commune that is not on the roster
    and another place identified the file."""
    info = next((s for s in sources if s.kind == "info"), None)
    if info is None or info is used:
        return ()
    return (problem("commune-identified-elsewhere", file=file, value=info.text,
                    where=info.where, commune=entry.full_name, by=used.where),)


def _conflict(sources: Sequence[NameSource], used: NameSource, entry: RosterEntry,
              finder: NameFinder, file: str) -> tuple[Problem, ...]:
    """A warning when a title block after the place used names another roster commune
    (a neighbour's file copied and half changed): the file counts for ``entry``."""
    for source in sources[sources.index(used) + 1:]:
        if source.kind != "title":
            continue
        other = finder.find(source.text, after_unit=True)
        if len(other) == 1 and other[0] != entry:
            return (problem("commune-conflict", file=file, value=source.text,
                            where=source.where, commune=entry.full_name, by=used.where,
                            other=other[0].full_name),)
    return ()


def _not_found(meta: Metadata, sources: Sequence[NameSource], index: RosterIndex,
               file: str) -> Problem:
    """The "not-on-roster" problem: the names tried, where, and the nearest roster names."""
    tried = "; ".join(f"«{guess_name(s.text) or s.text}» ({s.where})" for s in sources)
    value = meta.commune or guess_name(sources[0].text) or sources[0].text
    return problem("not-on-roster", file=file, value=value, tried=tried,
                   near=_nearest(value, index))


def _nearest(name: str, index: RosterIndex, n: int = 3) -> str:
    """"; gần giống: A, B" with the roster names closest to ``name``, or ""."""
    keys = {name_key(" ".join(k for _, k in words(e.name))): e for e in index.entries}
    close = difflib.get_close_matches(name_key(" ".join(k for _, k in words(name))),
                                      list(keys), n=n, cutoff=0.6)
    return f"; tên gần giống trong danh sách: {', '.join(keys[k].name for k in close)}" if close else ""


def province_by_names(metas: Sequence[Metadata], finder: NameFinder) -> str | None:
    """The province whose communes the workbooks name most often (``finder`` built on
    every province's roster), for a folder whose files name no province."""
    votes: Counter[str] = Counter()
    for meta in metas:
        for source in meta.name_sources:
            found = finder.find(source.text, after_unit=source.kind == "title")
            if found:
                for e in found:
                    votes[e.province] += 1 / len(found)
                break
    if not votes:
        return None
    ranked = votes.most_common(2)
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]
