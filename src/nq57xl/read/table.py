"""Table structure of a commune appendix: sections, tasks, continuation rows, the end.

Works on a grid of raw cell values (a list of rows, row 0 being sheet row 1) and knows
nothing about files. The header is found by :mod:`.header_rows`. The shapes handled come
from real plans and reports (spec section 2, issue #16):

- parts ("A.", "B.") above roman sections ("I", "II.", "IX Hoàn thiện ... (10 nhiệm
  vụ)"), sub-sections ("5.1"), a title-only group row whose children are numbered
  "2.1", "2.2" (a heading, not a task);
- task rows (an arabic number in STT), numbering that may restart per section; sub-items
  "a)", "b)" with their own lead or deadline are tasks ("4a", "4b");
- header rows (and rows of column numbers) repeated at every page break, skipped;
- continuation rows (no STT, text in the text columns, right after the task; bullet
  lines "-", "+") joined to the task above cell by cell; the rows of a task whose STT is
  merged over them are that task;
- values merged down over several tasks belong to each of them (:mod:`.merges`);
- whole-row notes kept on their section; footnote lines ("¹ Nhiệm vụ đã hoàn thành");
- the end of the table (:mod:`.table_end`): totals rows are skipped, notes, a signature
  block or a second table end it; tasks found below the end are reported.

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
from .header_rows import HEADER_SCAN_ROWS, Header, find_header, is_column_number_row
from .headers import match_header
from .merges import Merge, MergeFill, fill_merges
from .table_end import end_marker, is_person_name, is_sums_row, is_totals_row
from .table_structure import (
    LETTER_STT,
    Level,
    drop_headings,
    letter_item,
    name_heading,
    part_label,
    roman,
    section_counts,
)

__all__ = ["HEADER_SCAN_ROWS", "Header", "ParsedTable", "RawTask", "find_header", "parse_table"]

_TASK_STT = re.compile(r"^(\d{1,6}(?:\.\d{1,3}){0,2})[.)]?$")  # up to Limits.max_rows
_SUBSECTION = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s*(?P<title>.*)$")
#: Columns whose text a continuation row may carry.
_NON_TEXT = frozenset({"stt", "progress", "done_date", "updated", "review"})


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
    #: The row (1-based) where the table was seen to end, and the text that ended it.
    end: tuple[int, str] | None = None


def parse_table(rows: Sequence[Sequence[object]], header: Header, *,
                file: str | None = None, sheet: str | None = None,
                merges: Sequence[Merge] = ()) -> ParsedTable:
    """Walk the rows below ``header`` and return tasks, sections and problems."""
    walk = _Walk(rows, header, file, sheet, merges)
    walk.run()
    return walk.result()


class _Walk:
    """One pass over a table's rows; each kind of row has its method."""

    def __init__(self, rows: Sequence[Sequence[object]], header: Header, file: str | None,
                 sheet: str | None, merges: Sequence[Merge]) -> None:
        self.header, self.file, self.sheet = header, file, sheet
        self.cols = header.columns
        self.stt_col = self.cols["stt"]
        self.name_col = self.cols.get("name")
        self.fill: MergeFill = fill_merges(rows, merges, first_row=header.first_data_row,
                                           stt_col=self.stt_col)
        self.rows = self.fill.rows
        self.value_columns = [(k, c, column_letter(c)) for k, c in self.cols.items()
                              if k != "stt"]
        self.text_columns = {c for k, c in self.cols.items() if k not in _NON_TEXT}
        self.level = Level()
        self.tasks: list[RawTask] = []
        self.placed: list[tuple[RawTask, list[dict]]] = []
        self.footnotes: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.last_task: RawTask | None = None
        self.parent_task: RawTask | None = None
        self.adjacent = False  # the last row read belongs to ``last_task``
        self.rows_read = 0
        self.end: tuple[int, str] | None = None
        self.stt_headers: dict[str, bool] = {}
        self.blank_above = False  # a blank row right above the row being placed

    def report(self, code: str, r: int, c: int, value: str) -> None:
        self.problems.append(problem(code, file=self.file, sheet=self.sheet,
                                     cell=address(r, c), row=r + 1, value=value))

    def run(self) -> None:
        for r in range(self.header.first_data_row, len(self.rows)):
            raw = self.rows[r]
            texts = row_texts(raw)
            filled = [i for i, t in enumerate(texts) if t]
            if not filled:  # blank rows and page breaks keep a task open
                self.blank_above = True
                continue
            if self._repeated_header(texts):
                continue
            self.rows_read += 1
            if not self._row(r, raw, texts, filled):
                self._after_end(r)
                return
            self.blank_above = False

    def _repeated_header(self, texts: list[str]) -> bool:
        """A header row (its sub-header row, its row of column numbers) repeated at a
        page break."""
        if is_column_number_row(texts):
            return True
        first = texts[self.stt_col] if self.stt_col < len(texts) else ""
        if not first:
            filled = [t for t in texts if t]
            return len(filled) >= 2 and all(match_header(t) for t in filled)
        is_stt = self.stt_headers.get(first)
        if is_stt is None:
            m = match_header(first)
            is_stt = self.stt_headers[first] = bool(m and m.key == "stt")
        if not is_stt:
            return False
        hits = 0
        for key in ("stt", "name"):
            c = self.cols.get(key)
            if c is not None and c < len(texts):
                m = match_header(texts[c])
                hits += bool(m and m.key == key)
        return hits == 2

    def _row(self, r: int, raw: Sequence[object], texts: list[str], filled: list[int]) -> bool:
        """Place one row; ``False`` when the table ends at this row."""
        stt = texts[self.stt_col] if self.stt_col < len(texts) else ""
        name = texts[self.name_col] if self.name_col is not None and self.name_col < len(texts) else ""
        others = [i for i in filled if i != self.stt_col]
        if r in self.fill.same_task and self.last_task is not None:
            self._join(self.last_task, raw, texts, r)
            return True
        if len(filled) == 1:
            fn = footnote_definition(texts[filled[0]])
            if fn:
                self.footnotes[fn[0]] = fn[1]
                return True
        task_stt = _TASK_STT.match(stt) if stt else None
        if task_stt is None:
            ended = self._end(r, stt, texts, raw, filled, name)
            if ended is not None:
                return ended
        if stt and self._heading(r, stt, name, others):
            return True
        if task_stt is not None:
            self._task_or_subsection(r, raw, texts, _number(task_stt.group(1)), name, others)
            return True
        return self._no_stt(r, raw, texts, filled, stt, name)

    def _end(self, r: int, stt: str, texts: list[str], raw: Sequence[object],
             filled: list[int], name: str) -> bool | None:
        """``False`` at the end of the table, ``True`` for a totals row, else ``None``."""
        m = match_header(stt) if stt else None
        marker = stt if m is not None and m.key == "stt" else end_marker(texts)
        if marker is None and self.blank_above and len(filled) == 1 and is_person_name(
                texts[filled[0]]):
            marker = texts[filled[0]]  # a signer's name under a blank row
        if marker is not None:
            self.end = (r + 1, marker)
            return False
        if is_totals_row(stt, name, texts[filled[0]]) or (
                not stt and is_sums_row(raw, filled, self.text_columns)):
            self.adjacent = False
            return True
        return None

    def _heading(self, r: int, stt: str, name: str, others: list[int]) -> bool:
        """A part ("A."), a roman section, a sub-section or a section note."""
        part = part_label(stt, name, self.level)
        if part is not None:
            self.level.open_part(*part, r)
            self.last_task = self.parent_task = None
            return True
        found = roman(stt)
        if found:
            label, title = found
            self.level.open_section(label, title or name, r)
            self.last_task = self.parent_task = None
            return True
        if others or _TASK_STT.match(stt) or LETTER_STT.match(stt):
            return False
        sub = _SUBSECTION.match(stt)
        if sub and sub.group("title") and self.level.current is not None:
            self.level.open_subsection(sub.group(1), sub.group("title"), r)
            self.last_task = self.parent_task = None
        elif self.level.current is not None:
            self.level.current["notes"].append(stt)
        else:
            self.report("unplaced-row", r, self.stt_col, stt)
        return True

    def _task_or_subsection(self, r: int, raw: Sequence[object], texts: list[str], stt: str,
                            name: str, others: list[int]) -> None:
        only_name = set(others) <= {self.name_col} and name
        if (_SUBSECTION.match(stt) and only_name and self.level.top is not None
                and "." in stt):
            self.level.open_subsection(stt, name, r)
            self.last_task = self.parent_task = None
            return
        self.parent_task = self._new_task(r, raw, texts, stt)

    def _new_task(self, r: int, raw: Sequence[object], texts: list[str], stt: str) -> RawTask:
        current = self.level.current
        task = RawTask(stt=stt, row_index=r, section=current["label"] if current else None,
                       section_title=current["title"] if current else None)
        row_number = str(r + 1)
        width = len(raw)
        for key, c, letters in self.value_columns:
            if c < width:
                if texts[c]:
                    task.values[key] = raw[c]
                task.cells[key] = letters + row_number
        task.cells["stt"] = column_letter(self.stt_col) + row_number
        for c, state in self.header.marks:  # "x" under "Đã hoàn thành"
            if c < width and texts[c] and "state" not in task.values:
                task.values["state"] = state
                task.cells["state"] = column_letter(c) + row_number
        self.tasks.append(task)
        self.placed.append((task, self.level.chain()))
        self.last_task = task
        self.adjacent = True
        return task

    def _no_stt(self, r: int, raw: Sequence[object], texts: list[str], filled: list[int],
                stt: str, name: str) -> bool:
        heading = name_heading(name, self.level) if not stt and filled == [self.name_col] else None
        if heading is not None:
            label, title, is_part = heading
            if is_part:
                self.level.open_part(label, title, r)
            else:
                self.level.open_section(label, title, r)
            self.last_task = self.parent_task = None
            self.adjacent = False
            return True
        item = letter_item(stt, name)
        if item is not None and self.parent_task is not None:
            if self._has_own(texts, ("lead", "deadline")):
                self._new_task(r, raw, texts, self.parent_task.stt + item)
                return True
            self._join(self.parent_task, raw, texts, r)
            return True
        text = " | ".join(texts[i] for i in filled)
        if not stt and self.last_task is not None and self.adjacent and self._carries_text(
                raw, filled):
            self._join(self.last_task, raw, texts, r)
            return True
        if stt:
            self.report("unplaced-row", r, self.stt_col, text)
        elif self.last_task is None:
            self.report("orphan-continuation", r, filled[0], text)
        else:
            self.report("unplaced-row", r, filled[0], text)
        self.adjacent = False  # what follows a row not placed continues nothing
        return True

    def _has_own(self, texts: list[str], keys: tuple[str, ...]) -> bool:
        return any(self.cols.get(k) is not None and self.cols[k] < len(texts)
                   and texts[self.cols[k]] for k in keys)

    def _carries_text(self, raw: Sequence[object], filled: list[int]) -> bool:
        return any(c in self.text_columns and isinstance(raw[c], str) for c in filled)

    def _join(self, task: RawTask, raw: Sequence[object], texts: list[str], r: int) -> None:
        """Join a continuation row to ``task`` cell by cell, with a space.

        The parts are collected and joined once at the end (:meth:`RawTask.finish_joins`):
        re-cleaning the growing text at every row made 20,000 continuation rows take
        minutes. Values a merge filled down are the task's own already.
        """
        filled = self.fill.filled
        for key, c in self.cols.items():
            if key == "stt" or c >= len(texts) or not texts[c] or (r, c) in filled:
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
        self.adjacent = True

    def _after_end(self, end: int) -> None:
        """Footnotes below the end; tasks there are reported, never read."""
        skipped = []
        for r in range(end + 1, len(self.rows)):
            texts = row_texts(self.rows[r])
            filled = [t for t in texts if t]
            if len(filled) == 1 and footnote_definition(filled[0]):
                key, text = footnote_definition(filled[0])  # type: ignore[misc]
                self.footnotes[key] = text
            stt = texts[self.stt_col] if self.stt_col < len(texts) else ""
            if _TASK_STT.match(stt) and len(filled) > 1:
                skipped.append(r + 1)
        if skipped and self.end is not None:
            row, text = self.end
            self.problems.append(problem(
                "rows-after-table-end", file=self.file, sheet=self.sheet,
                cell=address(row - 1, self.stt_col), row=row, value=text,
                row_end=row, count=len(skipped), rows=_rows_text(skipped)))

    def result(self) -> ParsedTable:
        tasks, headings = drop_headings(self.tasks, self.cols)
        for heading, chain in self.placed:
            if id(heading) in headings:
                self.level.add_heading(heading.stt, clean_text(heading.values.get("name")),
                                       heading.row_index, chain)
        kept = [(t, chain) for t, chain in self.placed if id(t) not in headings]
        problems = self.problems + section_counts(
            self.level.sections, kept, self.file, self.sheet, self.stt_col)
        for task in tasks:
            task.finish_joins()
        return ParsedTable(tuple(tasks), self.level.frozen(), self.footnotes,
                           tuple(problems), self.rows_read, self.end)


def _number(stt: str) -> str:
    """A task number without leading zeros: "01" -> "1", "02.03" -> "2.3"."""
    return ".".join(part.lstrip("0") or "0" for part in stt.split("."))


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:10]))
    return shown + (" …" if len(rows) > 10 else "")

