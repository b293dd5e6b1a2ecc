"""Table structure of a commune appendix: header, sections, tasks, continuation rows.

Works on a grid of raw cell values (a list of rows, row 0 being sheet row 1) and knows
nothing about files. The shapes handled come from real plans (spec section 2):

- the header row below title rows, found as the first row where STT and name match;
- an optional row of column numbers right below it ("(1)", "(2)", ... or 1, 2, 3);
- section rows ("I", "II.", "IX Hoàn thiện ... (10 nhiệm vụ)") and sub-sections ("5.1");
- task rows (an arabic number in STT), numbering that may restart per section;
- header rows repeated at every page break, skipped;
- continuation rows (empty STT) joined to the task above cell by cell;
- whole-row notes kept on their section; footnote lines ("¹ Nhiệm vụ đã hoàn thành").

Rows that fit none of these are reported (``unplaced-row``), never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..catalogue import problem
from ..records import Problem, Section
from .cleantext import (
    address,
    clean_text,
    column_letter,
    footnote_definition,
    row_texts,
)
from .headers import REQUIRED, STAND_INS, header_label, match_header

_ROMAN = re.compile(r"^(?P<num>[IVXLC]+)\b[.\-–)]?\s*(?P<title>.*)$")
_ROMAN_VALID = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_TASK_STT = re.compile(r"^(\d{1,6}(?:\.\d{1,3}){0,2})[.)]?$")  # up to Limits.max_rows
_SUBSECTION = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s*(?P<title>.*)$")
_DECLARED = re.compile(r"\(\s*(\d{1,3})\s+nhiệm\s+vụ\s*\)", re.IGNORECASE)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")

HEADER_SCAN_ROWS = 60


@dataclass(frozen=True)
class Header:
    """The header row of a task table and what each column holds."""

    row_index: int
    columns: dict[str, int]
    headers: dict[str, str]
    problems: tuple[Problem, ...] = ()


@dataclass
class RawTask:
    """A task as found in the grid, before typed parsing (values still raw)."""

    stt: str
    row_index: int
    section: str | None
    section_title: str | None
    values: dict[str, object] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    continuation_rows: list[int] = field(default_factory=list)
    #: Text of continuation rows per column, joined into ``values`` once the table is read.
    joined: dict[str, list[str]] = field(default_factory=dict)

    def finish_joins(self) -> None:
        """Put the joined texts into ``values`` (each column's parts joined once)."""
        for key, parts in self.joined.items():
            self.values[key] = " ".join(parts)
        self.joined.clear()


@dataclass(frozen=True)
class ParsedTable:
    tasks: tuple[RawTask, ...]
    sections: tuple[Section, ...]
    footnotes: dict[str, str]
    problems: tuple[Problem, ...]
    rows_read: int


def _row_text(row: Sequence[object]) -> list[str]:
    return row_texts(row)


def find_header(rows: Sequence[Sequence[object]], *, file: str | None = None,
                sheet: str | None = None, scan: int = HEADER_SCAN_ROWS) -> Header | None:
    """The first row (within ``scan`` rows) where both STT and name headers match."""
    for r, row in enumerate(rows[:scan]):
        matches = [(c, match_header(v)) for c, v in enumerate(row)]
        keys = {m.key for _, m in matches if m}
        if "stt" in keys and "name" in keys:
            return _build_header(r, matches, file=file, sheet=sheet)
    return None


def _build_header(r: int, matches: list, *, file: str | None, sheet: str | None) -> Header:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems: list[Problem] = []
    for c, m in matches:
        if m is None:
            continue
        if m.key in columns:
            problems.append(problem(
                "duplicate-column", file=file, sheet=sheet, cell=address(r, c), row=r + 1,
                value=m.header, detail=m.header, other=address(r, columns[m.key])))
            continue
        columns[m.key] = c
        headers[m.key] = m.header
        if m.without_diacritics:
            problems.append(problem(
                "header-without-diacritics", file=file, sheet=sheet, cell=address(r, c),
                row=r + 1, value=m.header, column=header_label(m.key)))
    for key in REQUIRED:
        if key in columns:
            continue
        stand = next((s for s in STAND_INS.get(key, ()) if s in columns), None)
        stand_in = ""
        if stand is not None:
            stand_in = (f" Cột «{headers[stand]}» ({address(r, columns[stand])}) có thể dùng "
                        f"thay nếu đó đúng là đơn vị chịu trách nhiệm.")
        free = max(columns.values(), default=-1) + 1
        problems.append(problem(
            "missing-column", file=file, sheet=sheet, cell=address(r, free), row=r + 1,
            column=header_label(key), stand_in=stand_in))
    return Header(r, columns, headers, tuple(problems))


def _is_repeated_header(texts: list[str], header: Header) -> bool:
    hits = 0
    for key in ("stt", "name"):
        c = header.columns.get(key)
        if c is not None and c < len(texts):
            m = match_header(texts[c])
            hits += bool(m and m.key == key)
    return hits == 2


def _is_column_number_row(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    return len(filled) >= 2 and all(_COLUMN_NUMBER.match(t) for t in filled)


def _roman(text: str) -> tuple[str, str] | None:
    m = _ROMAN.match(text)
    if not m or not _ROMAN_VALID.match(m.group("num")):
        return None
    return m.group("num"), m.group("title").strip()


def parse_table(rows: Sequence[Sequence[object]], header: Header, *,
                file: str | None = None, sheet: str | None = None) -> ParsedTable:
    """Walk the rows below ``header`` and return tasks, sections and problems."""
    cols = header.columns
    stt_col = cols["stt"]
    name_col = cols.get("name")
    tasks: list[RawTask] = []
    sections: list[dict] = []
    footnotes: dict[str, str] = {}
    problems: list[Problem] = []
    current_section: dict | None = None
    top_section: dict | None = None
    last_task: RawTask | None = None
    rows_read = 0
    start = header.row_index + 1

    def where(r: int, c: int) -> str:
        return address(r, c)

    value_columns = [(key, c, column_letter(c)) for key, c in cols.items() if key != "stt"]
    stt_letters = column_letter(stt_col)
    stt_headers: dict[str, bool] = {}

    for r in range(start, len(rows)):
        raw = rows[r]
        texts = _row_text(raw)
        filled = [i for i, t in enumerate(texts) if t]
        if not filled:
            continue
        if r == start and _is_column_number_row(texts):
            continue
        first = texts[stt_col] if stt_col < len(texts) else ""
        stt_header = stt_headers.get(first)
        if stt_header is None:  # a repeated header row starts with an STT header
            m = match_header(first)
            stt_header = stt_headers[first] = bool(m and m.key == "stt")
        if stt_header and _is_repeated_header(texts, header):
            continue
        rows_read += 1
        stt_text = texts[stt_col] if stt_col < len(texts) else ""
        others = [i for i in filled if i != stt_col]
        name_text = texts[name_col] if name_col is not None and name_col < len(texts) else ""

        # A footnote line ("¹ Nhiệm vụ đã hoàn thành") in any single cell.
        if len(filled) == 1:
            fn = footnote_definition(texts[filled[0]])
            if fn:
                footnotes[fn[0]] = fn[1]
                continue

        roman = _roman(stt_text) if stt_text else None
        if roman:
            label, title = roman
            if not title and name_text:
                title = name_text
            top_section = _new_section(label, title, r, None)
            sections.append(top_section)
            current_section = top_section
            last_task = None
            continue

        if stt_text and not others and not _TASK_STT.match(stt_text):
            sub = _SUBSECTION.match(stt_text)
            if sub and sub.group("title") and current_section is not None:
                current_section = _new_section(sub.group(1), sub.group("title"), r,
                                               top_section["label"] if top_section else None)
                sections.append(current_section)
                last_task = None
                continue
            # A line spanning the whole row: a note on the current section.
            if current_section is not None:
                current_section["notes"].append(stt_text)
            else:
                problems.append(problem("unplaced-row", file=file, sheet=sheet,
                                        cell=where(r, stt_col), row=r + 1, value=stt_text))
            continue

        m = _TASK_STT.match(stt_text) if stt_text else None
        if m:
            sub = _SUBSECTION.match(stt_text)
            only_name = set(others) <= {name_col} and name_text
            if sub and only_name and top_section is not None and "." in m.group(1):
                current_section = _new_section(m.group(1), name_text, r, top_section["label"])
                sections.append(current_section)
                last_task = None
                continue
            row_number = str(r + 1)
            task = RawTask(
                stt=m.group(1),
                row_index=r,
                section=current_section["label"] if current_section else None,
                section_title=current_section["title"] if current_section else None,
            )
            values, cells = task.values, task.cells
            width = len(raw)
            for key, c, letters in value_columns:
                if c < width:
                    if texts[c]:
                        values[key] = raw[c]
                    cells[key] = letters + row_number
            cells["stt"] = stt_letters + row_number
            tasks.append(task)
            if current_section is not None:
                current_section["found"] += 1
                if current_section is not top_section and top_section is not None:
                    top_section["found"] += 1
            last_task = task
            continue

        if not stt_text:
            if last_task is not None:
                _join(last_task, raw, texts, cols, r)
            else:
                text = " | ".join(texts[i] for i in filled)
                problems.append(problem("orphan-continuation", file=file, sheet=sheet,
                                        cell=where(r, filled[0]), row=r + 1, value=text))
            continue

        text = " | ".join(texts[i] for i in filled)
        problems.append(problem("unplaced-row", file=file, sheet=sheet,
                                cell=where(r, stt_col), row=r + 1, value=text))

    done_sections = tuple(_freeze(s) for s in sections)
    for s in sections:
        if s["declared"] is not None and s["declared"] != s["found"]:
            problems.append(problem(
                "section-count-mismatch", file=file, sheet=sheet,
                cell=where(s["row"], stt_col), row=s["row"] + 1,
                section=f"{s['label']}. {s['title']}", declared=s["declared"], found=s["found"]))
    for task in tasks:
        task.finish_joins()
    return ParsedTable(tuple(tasks), done_sections, footnotes, tuple(problems), rows_read)


def _new_section(label: str, title: str, r: int, parent: str | None) -> dict:
    m = _DECLARED.search(title)
    return {"label": label.rstrip("."), "title": title, "row": r, "parent": parent,
            "declared": int(m.group(1)) if m else None, "found": 0, "notes": []}


def _freeze(s: dict) -> Section:
    return Section(label=s["label"], title=s["title"], row=s["row"] + 1,
                   declared=s["declared"], parent=s["parent"], notes=tuple(s["notes"]))


def _join(task: RawTask, raw: Sequence[object], texts: list[str], cols: dict[str, int],
          r: int) -> None:
    """Join a continuation row to ``task`` cell by cell, with a space.

    The parts are collected and joined once at the end (:meth:`RawTask.finish_joins`):
    re-cleaning the growing text at every row made 20,000 continuation rows take
    minutes.
    """
    for key, c in cols.items():
        if key == "stt" or c >= len(texts) or not texts[c]:
            continue
        parts = task.joined.get(key)
        if parts is None:
            before = task.values.get(key)
            if before is None or clean_text(before) == "":
                task.values[key] = raw[c]
                continue
            if not (isinstance(before, str) or isinstance(raw[c], str)):
                continue  # two typed values (dates, numbers): keep the task's own
            parts = task.joined[key] = [clean_text(before)]
        parts.append(texts[c])
    task.continuation_rows.append(r + 1)
