"""From one commune workbook to clean tasks and precise validation problems.

:func:`read_commune` never raises on bad data: a file that cannot be read gives a
:class:`CommuneReport` with no task and one problem saying why.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..catalogue import problem
from ..records import CommuneReport, Metadata, Problem, Task
from .cells import CellValueError, match_choice, parse_date, parse_progress
from .cleantext import (
    clean_text,
    footnote_markers,
    has_control_chars,
    says_done,
    strip_footnotes,
)
from .deadlines import parse_deadline
from .done import done_basis
from .headers import REVIEWS, STATES, header_label
from .indicators import read_indicators
from .limits import Limits, precheck
from .metadata import read_metadata
from .table import Header, ParsedTable, RawTask, find_header, parse_table
from .workbook import SheetGrid, WorkbookError, percent_formatted, read_grids

_TEXT_KEYS = ("name", "lead", "director", "partners", "result", "note", "evidence", "issues")
MAX_TEXT = 2000


@lru_cache(maxsize=65536)
def _text_facts(value: object) -> tuple[str, bool, tuple[str, ...]]:
    """A text cell's cleaned text without footnote markers, whether it held control
    characters, and its footnote markers (cached: leads, states and notes repeat)."""
    text = clean_text(value)
    control = isinstance(value, str) and has_control_chars(value)
    return strip_footnotes(text), control, footnote_markers(text)


def read_commune(path: Path | str, *, name: str | None = None, as_of: date | None = None,
                 limits: Limits = Limits()) -> CommuneReport:
    """Read and validate one commune workbook.

    ``name`` is how the file is named in messages (default: the file name);
    ``as_of`` enables the checks that need the report date (done date in the future);
    ``limits`` bound the file size, inflated size, rows and time spent on the file.
    """
    path = Path(path)
    file = name or path.name
    started = time.monotonic()

    def refused(code: str, detail: str) -> CommuneReport:
        return CommuneReport(file=file, metadata=Metadata(), tasks=(),
                             problems=(problem(code, file=file, detail=detail),))

    try:
        pre = precheck(path, limits)
        if pre.refusal:
            return refused(*pre.refusal)
        grids = read_grids(path)
    except WorkbookError as err:
        return refused(err.code, err.detail)
    except PermissionError:
        return refused("unreadable-file", "tệp đang được mở hoặc khoá bởi chương trình khác; "
                                          "hãy đóng tệp rồi chạy lại")
    except OSError as exc:
        return refused("unreadable-file", f"lỗi hệ thống khi đọc tệp: {exc.strerror or exc}")
    notes: list[Problem] = []
    for i, g in enumerate(grids):
        if len(g.rows) > limits.max_rows:
            notes.append(problem("too-many-rows", file=file, sheet=g.name,
                                 detail=f"{len(g.rows):,}".replace(",", ".")))
            grids[i] = SheetGrid(g.name, g.rows[:limits.max_rows], g.visible)
    if time.monotonic() - started > limits.max_seconds:
        return refused("time-budget", f"{limits.max_seconds:g}")
    report = report_from_grids(grids, file, as_of=as_of, path=path)
    if pre.has_macros:
        notes.append(problem("macro-workbook", file=file))
    if pre.external_links:
        notes.append(problem("external-links", file=file, detail=pre.external_links))
    hidden = (pre.hidden_rows or {}).get(report.sheet or "", ())
    if hidden:
        shown = ", ".join(map(str, hidden[:20])) + (" …" if len(hidden) > 20 else "")
        notes.append(problem("hidden-rows", file=file, sheet=report.sheet,
                             detail=f"dòng {shown}"))
    if time.monotonic() - started > limits.max_seconds:
        notes.append(problem("time-budget", file=file, detail=f"{limits.max_seconds:g}"))
    if notes:
        report = replace(report, problems=report.problems + tuple(notes))
    return report


def report_from_grids(grids: Sequence[SheetGrid], file: str, *, as_of: date | None = None,
                      path: Path | None = None) -> CommuneReport:
    """Validate already-read sheets (the part of :func:`read_commune` after reading)."""
    kpi_sheet, kpis, kpi_problems = read_indicators(grids, file, path=path)
    found = _task_table(grids, file)
    meta, problems = read_metadata(grids, file, path=path,
                                   title=(found[0], found[1].row_index) if found else None)
    if found is None:
        problems.insert(0, problem("no-task-sheet", file=file))
        return CommuneReport(file=file, metadata=meta, tasks=(),
                             problems=tuple(problems + kpi_problems), indicators=kpis,
                             indicator_sheet=kpi_sheet)
    grid, header, table = found
    problems[:0] = list(header.problems)
    for g in grids:
        if not g.visible:
            filled = sum(1 for row in g.rows if any(v not in ("", None) for v in row))
            what = "trang được dùng làm bảng nhiệm vụ" if g is grid else f"{filled} dòng có dữ liệu"
            problems.append(problem("hidden-sheet", file=file, sheet=g.name, name=g.name,
                                    detail=what))
    percent = _percent_cells(table.tasks, header, grid.name, path)
    tasks, task_problems = _typed_tasks(table, header, file, grid.name, as_of, percent)
    problems.extend(table.problems)
    problems.extend(task_problems)
    if not tasks:
        problems.append(problem("no-tasks", file=file, sheet=grid.name))
    problems.extend(kpi_problems)
    return CommuneReport(
        file=file, metadata=meta, tasks=tuple(tasks), problems=tuple(problems),
        sheet=grid.name, sections=table.sections,
        columns=tuple((k, header.headers[k]) for k in header.columns),
        rows_read=table.rows_read, indicators=kpis, indicator_sheet=kpi_sheet,
    )


def _task_table(grids: Sequence[SheetGrid], file: str
                ) -> tuple[SheetGrid, Header, ParsedTable] | None:
    """The sheet whose header matches and which holds the most tasks."""
    best = None
    for g in sorted(grids, key=lambda g: not g.visible):
        header = find_header(g.rows, file=file, sheet=g.name)
        if header is None:
            continue
        table = parse_table(g.rows, header, file=file, sheet=g.name)
        if best is None or len(table.tasks) > len(best[2].tasks):
            best = (g, header, table)
    return best


def _percent_cells(tasks: Sequence[RawTask], header: Header, sheet: str,
                   path: Path | None) -> set[str]:
    if "progress" not in header.columns or path is None:
        return set()
    small = [t.cells["progress"] for t in tasks
             if isinstance(t.values.get("progress"), float) and 0 < t.values["progress"] <= 1]
    return percent_formatted(path, sheet, small) if small else set()


def _typed_tasks(table: ParsedTable, header: Header, file: str, sheet: str,
                 as_of: date | None, percent: set[str]) -> tuple[list[Task], list[Problem]]:
    tasks: list[Task] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    cols = header.columns
    done_notes = {k for k, v in table.footnotes.items() if says_done(v)}
    section_titles = {s.label: s.title for s in table.sections}

    for raw in table.tasks:
        row = raw.row_index + 1
        at = raw.cells.get

        def report(code: str, key: str, value: object = None, **kw: object) -> None:
            problems.append(problem(code, file=file, sheet=sheet, cell=at(key), row=row,
                                    value=value, stt=raw.stt, **kw))

        texts: dict[str, str | None] = {}
        markers: set[str] = set()
        values = raw.values
        for key in _TEXT_KEYS:
            value = values.get(key)
            if value is None:
                texts[key] = None
                continue
            text, control, marks = (_text_facts(value) if value.__class__ is not bool
                                    else _text_facts.__wrapped__(value))
            if control:
                report("control-characters", key)
            if marks:
                markers.update(marks)
            if len(text) > MAX_TEXT:
                report("cell-too-long", key, value=len(text))
                text = text[:MAX_TEXT]
            texts[key] = text or None
        deadline_raw = raw.values.get("deadline")
        if isinstance(deadline_raw, str):
            markers.update(footnote_markers(clean_text(deadline_raw)))
        deadline = parse_deadline(deadline_raw)

        if not texts["name"]:
            report("blank-name", "name")
        if "lead" in cols and not texts["lead"]:
            report("blank-lead", "lead")
        if "deadline" in cols:
            if deadline.text is None:
                report("blank-deadline", "deadline")
            elif deadline.kind == "unknown":
                report("bad-deadline", "deadline", value=deadline.text)
        key_ = raw.section or "", raw.stt
        if key_ in seen:
            report("duplicate-task", "stt", value=raw.stt, other=seen[key_],
                   section=raw.section or "(không có mục)")
        else:
            seen[key_] = row

        state = _choice(raw, "state", STATES, report)
        review = _choice(raw, "review", REVIEWS, report)
        progress = None
        if raw.values.get("progress") is not None:
            try:
                progress = parse_progress(raw.values["progress"],
                                          percent_cell=raw.cells.get("progress") in percent)
            except CellValueError:
                report("bad-progress", "progress", value=raw.values["progress"])
            if progress is not None and not 0 <= progress <= 100:
                report("progress-out-of-range", "progress", value=_num(progress))
                progress = None
        done_date = _date(raw, "done_date", report)
        updated = _date(raw, "updated", report)

        footnote_done = bool(markers & done_notes)
        if state == "Đã hoàn thành" and progress is not None and progress < 100:
            report("done-below-100", "progress", value=_num(progress))
        reported_done = done_basis(state=state, progress=progress, footnote_done=footnote_done,
                                   note=texts["note"]) is not None
        if reported_done and done_date is not None and as_of is not None and done_date > as_of:
            report("done-date-in-future", "done_date", value=done_date.strftime("%d/%m/%Y"),
                   as_of=as_of.strftime("%d/%m/%Y"))
        if reported_done and "state" in cols:
            if done_date is None:
                report("done-without-date", "done_date")
            if not texts["evidence"]:
                report("done-without-evidence", "evidence")

        tasks.append(Task(
            stt=raw.stt, name=texts["name"] or "", row=row, section=raw.section,
            section_title=section_titles.get(raw.section or "", raw.section_title),
            lead=texts["lead"], director=texts["director"], partners=texts["partners"],
            result=texts["result"], note=texts["note"], deadline=deadline, state=state,
            progress=progress, done_date=done_date, evidence=texts["evidence"], review=review,
            updated=updated, issues=texts["issues"], footnote_done=footnote_done,
            cells=tuple(raw.cells.items()),
        ))
    return tasks, problems


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _choice(raw: RawTask, key: str, choices: tuple[str, ...], report) -> str | None:
    value = raw.values.get(key)
    try:
        return match_choice(value, choices)
    except CellValueError:
        report(f"bad-{key}", key, value=value)
        return None


def _date(raw: RawTask, key: str, report) -> date | None:
    value = raw.values.get(key)
    try:
        return parse_date(value)
    except CellValueError:
        report("bad-date", key, value=value, column=header_label(key))
        return None
