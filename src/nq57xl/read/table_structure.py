"""The outline of a task table: parts, sections, sub-sections, group headings, sub-items.

- Parts "A.", "B." stand above the roman sections; a section under a part is labelled
  with both ("A.I"), so a task's identity (section, STT) includes its part.
- A title-only task row whose children are numbered below it ("2" over "2.1", "2.2", or
  "4" over "4a", "4b") is a heading, not a task.
- Sub-items "a)", "b)" (in the STT cell, or starting the name with an empty STT) are
  tasks when they have their own lead or deadline ("4a"), else part of the task above.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..catalogue import problem
from ..records import Problem, Section
from .cleantext import address

#: A :class:`~nq57xl.read.table.RawTask` (not imported: the table imports this module).
RawTask = Any

_ROMAN = re.compile(r"^(?P<num>[IVXLC]+)\b[.\-–)]?\s*(?P<title>.*)$")
_ROMAN_VALID = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_PART = re.compile(r"^(?P<letter>[A-H])(?:[.)\-–:]\s*|\s+|$)(?P<title>.*)$")
_DECLARED = re.compile(r"\(\s*(\d{1,3})\s+nhiệm\s+vụ\s*\)", re.IGNORECASE)
LETTER_STT = re.compile(r"^([a-hđ])[).]?$")
_LETTER_NAME = re.compile(r"^([a-hđ])[).]\s+\S")
#: Value columns a heading row leaves empty (it names a group, it is no task); its lead
#: may be there, merged down over its children.
_TASK_VALUES = ("deadline", "state", "progress", "done_date")


def roman(text: str) -> tuple[str, str] | None:
    """("II", "title") for a roman section label such as "II. Hạ tầng số"."""
    m = _ROMAN.match(text)
    if not m or not _ROMAN_VALID.match(m.group("num")):
        return None
    return m.group("num"), m.group("title").strip()


def part_label(stt: str, name: str, level: Level) -> tuple[str, str] | None:
    """("A", title) for a part row "A. Nhiệm vụ trọng tâm"; "C" only after part "B"."""
    m = _PART.match(stt)
    if not m:
        return None
    letter, title = m.group("letter"), m.group("title").strip() or name
    if not title:
        return None
    previous = level.part["label"] if level.part else None
    if letter in "CV" and previous != chr(ord(letter) - 1):
        return None  # a roman section C (100) or V
    return letter, title


_NAME_HEADING = re.compile(r"^(?P<label>[IVXLC]+|[A-H])\s*[.\-–)]\s*(?P<title>\S.*)$")


def name_heading(name: str, level: Level) -> tuple[str, str, bool] | None:
    """(label, title, is a part) of a part or roman section written in the name cell
    with the STT cell empty ("II. HẠ TẦNG SỐ", "B - NHIỆM VỤ CỦA UBND")."""
    m = _NAME_HEADING.match(name)
    if not m:
        return None
    label, title = m.group("label"), m.group("title")
    part = part_label(label, title, level)  # "C" and "V" only after parts "B", "U"
    if part is not None:
        return part[0], part[1], True
    return (label, title, False) if roman(label) else None


def letter_item(stt: str, name: str) -> str | None:
    """The letter of a sub-item "a)" (STT cell "a)" or name starting "a) ...")."""
    m = LETTER_STT.match(stt) if stt else _LETTER_NAME.match(name) if name else None
    return m.group(1) if m else None


def new_section(label: str, title: str, r: int, parent: str | None) -> dict:
    m = _DECLARED.search(title)
    return {"label": label.rstrip("."), "title": title, "row": r, "parent": parent,
            "declared": int(m.group(1)) if m else None, "notes": []}


class Level:
    """The sections open while walking down a table, and every section found."""

    def __init__(self) -> None:
        self.sections: list[dict] = []
        self.part: dict | None = None
        self.top: dict | None = None
        self.current: dict | None = None

    def _add(self, section: dict) -> dict:
        self.sections.append(section)
        self.current = section
        return section

    def open_part(self, label: str, title: str, r: int) -> None:
        self.part = self.top = self._add(new_section(label, title, r, None))

    def open_section(self, label: str, title: str, r: int) -> None:
        parent = self.part["label"] if self.part else None
        full = f"{parent}.{label}" if parent else label
        self.top = self._add(new_section(full, title, r, parent))

    def open_subsection(self, label: str, title: str, r: int) -> None:
        self._add(new_section(label, title, r, self.top["label"] if self.top else None))

    def chain(self) -> list[dict]:
        """The open sections a task found now counts for, innermost first."""
        out: list[dict] = []
        for s in (self.current, self.top, self.part):
            if s is not None and all(s is not o for o in out):
                out.append(s)
        return out

    def add_heading(self, label: str, title: str, r: int, chain: list[dict]) -> None:
        parent = chain[0]["label"] if chain else None
        self.sections.append(new_section(label, title, r, parent))

    def frozen(self) -> tuple[Section, ...]:
        return tuple(Section(label=s["label"], title=s["title"], row=s["row"] + 1,
                             declared=s["declared"], parent=s["parent"],
                             notes=tuple(s["notes"]))
                     for s in sorted(self.sections, key=lambda s: s["row"]))


def _parent_stt(stt: str) -> str | None:
    if "." in stt:
        return stt.rsplit(".", 1)[0]
    if stt and stt[-1].isalpha() and stt[:-1]:
        return stt[:-1]
    return None


def drop_headings(tasks: Sequence[RawTask], cols: dict[str, int]
                  ) -> tuple[list[RawTask], set[int]]:
    """The tasks without the title-only rows that head numbered children, and the
    ``id`` of each such heading."""
    parents = {(t.section, p) for t in tasks if (p := _parent_stt(t.stt))}
    headings = {id(t) for t in tasks if (t.section, t.stt) in parents
                and not any(t.values.get(k) not in (None, "") for k in _TASK_VALUES)}
    return [t for t in tasks if id(t) not in headings], headings


def section_counts(sections: Iterable[dict], placed: Sequence[tuple[RawTask, list[dict]]],
                   file: str | None, sheet: str | None, stt_col: int) -> list[Problem]:
    """A ``section-count-mismatch`` for each section whose declared count is wrong."""
    found: dict[int, int] = {}
    for _, chain in placed:
        for s in chain:
            found[id(s)] = found.get(id(s), 0) + 1
    out = []
    for s in sections:
        count = found.get(id(s), 0)
        if s["declared"] is not None and s["declared"] != count:
            out.append(problem(
                "section-count-mismatch", file=file, sheet=sheet,
                cell=address(s["row"], stt_col), row=s["row"] + 1,
                section=f"{s['label']}. {s['title']}", declared=s["declared"], found=count))
    return out
