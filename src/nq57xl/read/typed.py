"""The cells of raw task rows read as typed values, each finding a problem.

Values are read as the office typed them (issue #16 item 5): a progress shown as 60%
(0.6 in a percent-formatted cell), everyday status words ("Đã xong", "đang làm") read
with a warning, "11/2026" that Excel turned into the date 01/11/2026 read as November,
a deadline without its year read in the plan's year with a warning, the address of a
HYPERLINK evidence kept, a formula with no saved value named as such.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from ..catalogue import problem
from ..records import Deadline, Problem, Task
from .celldetail import CellDetail
from .cellinfo import hyperlink_target
from .cells import (
    CellValueError,
    match_choice,
    parse_date,
    parse_progress,
    state_from_word,
)
from .cleantext import (
    clean_text,
    column_letter,
    footnote_markers,
    has_control_chars,
    says_done,
    strip_footnotes,
)
from .deadlines import last_day_of_month, parse_deadline, with_year
from .done import done_basis
from .headers import REVIEWS, STATE_WORDS, STATES, header_label
from .table import ParsedTable, RawTask

TEXT_KEYS = ("name", "lead", "director", "partners", "result", "note", "evidence", "issues")
MAX_TEXT = 2000
_Report = Callable[..., None]


@dataclass(frozen=True)
class Reading:
    """What typing a table needs besides its rows."""

    file: str
    sheet: str
    columns: Mapping[str, int]
    as_of: date | None = None
    plan_year: int | None = None
    #: (row index, column) -> detail, for the cells :func:`wanted_cells` asked about.
    details: Mapping[tuple[int, int], CellDetail] = field(default_factory=dict)

    def detail(self, raw: RawTask, key: str) -> CellDetail | None:
        c = self.columns.get(key)
        return None if c is None else self.details.get((raw.row_index, c))


@lru_cache(maxsize=65536)
def _text_facts(value: object) -> tuple[str, bool, tuple[str, ...]]:
    """A text cell's cleaned text without footnote markers, whether it held control
    characters, and its footnote markers (cached: leads, states and notes repeat)."""
    text = clean_text(value)
    control = isinstance(value, str) and has_control_chars(value)
    return strip_footnotes(text), control, footnote_markers(text)


def wanted_cells(table: ParsedTable, columns: Mapping[str, int], *, few: bool
                 ) -> set[tuple[int, int]]:
    """The cells whose number format, formula or link matter: small progress numbers,
    date deadlines, evidence and (unless ``few``) every empty cell of a task row."""
    out: set[tuple[int, int]] = set()
    for raw in table.tasks:
        values = raw.values
        for key, c in columns.items():
            value = values.get(key)
            if key == "progress" and isinstance(value, (int, float)) and 0 <= value <= 1:
                out.add((raw.row_index, c))
            elif key == "deadline" and isinstance(value, (date, float, int)):
                out.add((raw.row_index, c))
            elif not few and (key == "evidence" or (value is None and key != "stt")):
                out.add((raw.row_index, c))
        if not few:  # an STT formula with no value makes a task look like a continuation
            out.update((r - 1, columns["stt"]) for r in raw.continuation_rows)
    return out


def typed_tasks(table: ParsedTable, reading: Reading) -> tuple[list[Task], list[Problem]]:
    tasks: list[Task] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    done_notes = {k for k, v in table.footnotes.items() if says_done(v)}
    section_titles = {s.label: s.title for s in table.sections}
    for raw in table.tasks:
        row = raw.row_index + 1

        def report(code: str, key: str, value: object = None, **kw: object) -> None:
            problems.append(problem(code, file=reading.file, sheet=reading.sheet,
                                    cell=raw.cells.get(key), row=row, value=value,
                                    stt=raw.stt, **kw))

        formulas = _formulas(raw, reading, report)
        texts, markers = _texts(raw, reading, report)
        deadline = _deadline(raw, reading, report, markers)
        _required(raw, reading, report, texts, deadline, formulas)
        key = raw.section or "", raw.stt
        if key in seen:
            report("duplicate-task", "stt", value=raw.stt, other=seen[key],
                   section=raw.section or "(không có mục)")
        else:
            seen[key] = row
        tasks.append(_task(raw, reading, report, texts, deadline, bool(markers & done_notes),
                           section_titles))
        problems.extend(_stt_formulas(raw, reading))
    return tasks, problems


def _stt_formulas(raw: RawTask, reading: Reading) -> list[Problem]:
    """A continuation row of ``raw`` whose STT is a formula with no saved value: it may
    be a task of its own, read as part of this one."""
    c = reading.columns["stt"]
    out = []
    for r in raw.continuation_rows:
        detail = reading.details.get((r - 1, c))
        if detail is not None and detail.formula:
            cell = f"{column_letter(c)}{r}"
            out.append(problem("formula-without-value", file=reading.file, sheet=reading.sheet,
                               cell=cell, row=r, value=detail.formula, address=cell,
                               column=header_label("stt"), stt=raw.stt))
    return out


def _formulas(raw: RawTask, reading: Reading, report: _Report) -> set[str]:
    """Columns of ``raw`` holding a formula with no saved value, each reported."""
    out = set()
    for key in reading.columns:
        if raw.values.get(key) is not None:
            continue
        detail = reading.detail(raw, key)
        if detail is not None and detail.formula:
            report("formula-without-value", key, value=detail.formula,
                   address=raw.cells.get(key), column=header_label(key))
            out.add(key)
    return out


def _texts(raw: RawTask, reading: Reading, report: _Report
           ) -> tuple[dict[str, str | None], set[str]]:
    texts: dict[str, str | None] = {}
    markers: set[str] = set()
    for key in TEXT_KEYS:
        value = raw.values.get(key)
        if value is None:
            texts[key] = None
            continue
        text, control, marks = (_text_facts(value) if value.__class__ is not bool
                                else _text_facts.__wrapped__(value))
        if control:
            report("control-characters", key)
        markers.update(marks)
        if len(text) > MAX_TEXT:
            report("cell-too-long", key, value=len(text))
            text = text[:MAX_TEXT]
        texts[key] = text or None
    detail = reading.detail(raw, "evidence")
    link = detail and (detail.link or hyperlink_target(detail.formula))
    if link and link not in (texts["evidence"] or ""):
        texts["evidence"] = f"{texts['evidence']} ({link})" if texts["evidence"] else link
    return texts, markers


def _deadline(raw: RawTask, reading: Reading, report: _Report, markers: set[str]) -> Deadline:
    value = raw.values.get("deadline")
    if isinstance(value, str):
        markers.update(footnote_markers(clean_text(value)))
    detail = reading.detail(raw, "deadline")
    if detail is not None and detail.month_year:
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date):
            return Deadline(f"{day.month:02d}/{day.year}", "date",
                            last_day_of_month(day.year, day.month))
    deadline = parse_deadline(value)
    if deadline.kind == "unknown" and reading.plan_year is not None:
        dated = with_year(value, reading.plan_year)
        if dated is not None:
            deadline = Deadline(deadline.text, *_kind_due(dated))
            report("deadline-without-year", "deadline", value=deadline.text,
                   year=reading.plan_year, read_as=dated)
    return deadline


def _kind_due(text: str) -> tuple:
    parsed = parse_deadline(text)
    return parsed.kind, parsed.due, parsed.period_months


def _required(raw: RawTask, reading: Reading, report: _Report, texts: dict[str, str | None],
              deadline: Deadline, formulas: set[str]) -> None:
    cols = reading.columns
    if not texts["name"] and "name" not in formulas:
        report("blank-name", "name")
    if "lead" in cols and not texts["lead"] and "lead" not in formulas:
        report("blank-lead", "lead")
    if "deadline" in cols and "deadline" not in formulas:
        if deadline.text is None:
            report("blank-deadline", "deadline")
        elif deadline.kind == "unknown":
            report("bad-deadline", "deadline", value=deadline.text)


def _task(raw: RawTask, reading: Reading, report: _Report, texts: dict[str, str | None],
          deadline: Deadline, footnote_done: bool, section_titles: dict[str, str]) -> Task:
    state = _state(raw, report)
    review = _choice(raw, "review", REVIEWS, report)
    progress = _progress(raw, reading, report)
    done_date = _date(raw, "done_date", report)
    updated = _date(raw, "updated", report)
    if state == "Đã hoàn thành" and progress is not None and progress < 100:
        report("done-below-100", "progress", value=_num(progress))
    reported_done = done_basis(state=state, progress=progress, footnote_done=footnote_done,
                               note=texts["note"]) is not None
    as_of = reading.as_of
    if reported_done and done_date is not None and as_of is not None and done_date > as_of:
        report("done-date-in-future", "done_date", value=done_date.strftime("%d/%m/%Y"),
               as_of=as_of.strftime("%d/%m/%Y"))
    if reported_done and "state" in reading.columns:
        if done_date is None:
            report("done-without-date", "done_date")
        if not texts["evidence"]:
            report("done-without-evidence", "evidence")
    return Task(
        stt=raw.stt, name=texts["name"] or "", row=raw.row_index + 1, section=raw.section,
        section_title=section_titles.get(raw.section or "", raw.section_title),
        lead=texts["lead"], director=texts["director"], partners=texts["partners"],
        result=texts["result"], note=texts["note"], deadline=deadline, state=state,
        progress=progress, done_date=done_date, evidence=texts["evidence"], review=review,
        updated=updated, issues=texts["issues"], footnote_done=footnote_done,
        cells=tuple(raw.cells.items()),
    )


def _state(raw: RawTask, report: _Report) -> str | None:
    value = raw.values.get("state")
    try:
        return match_choice(value, STATES)
    except CellValueError:
        word = state_from_word(value, STATE_WORDS)
        if word is None:
            report("bad-state", "state", value=value)
            return None
        report("status-word", "state", value=value, read_as=word)
        return word


def _progress(raw: RawTask, reading: Reading, report: _Report) -> float | None:
    value = raw.values.get("progress")
    if value is None:
        return None
    detail = reading.detail(raw, "progress")
    try:
        progress = parse_progress(value, percent_cell=bool(detail and detail.percent))
    except CellValueError:
        report("bad-progress", "progress", value=value)
        return None
    if progress is not None and not 0 <= progress <= 100:
        report("progress-out-of-range", "progress", value=_num(progress))
        return None
    return progress


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _choice(raw: RawTask, key: str, choices: tuple[str, ...], report: _Report) -> str | None:
    value = raw.values.get(key)
    try:
        return match_choice(value, choices)
    except CellValueError:
        report(f"bad-{key}", key, value=value)
        return None


def _date(raw: RawTask, key: str, report: _Report) -> date | None:
    value = raw.values.get(key)
    try:
        return parse_date(value)
    except CellValueError:
        report("bad-date", key, value=value, column=header_label(key))
        return None
