"""Frozen records shared by every stage of the engine.

A commune workbook is read into a :class:`CommuneReport`: its metadata, its tasks (one
:class:`Task` per task row, continuation rows already joined) and its problems (one
:class:`Problem` per validation finding). Statuses are computed later into
:class:`TaskStatus` records, keyed by the task's position in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["error", "warning"]
DeadlineKind = Literal["date", "recurring", "conditional", "phased", "unknown"]


@dataclass(frozen=True)
class Deadline:
    """A parsed "Thời gian hoàn thành" cell.

    ``due`` is the last day of the named period for the kinds ``date`` and ``phased``
    (for ``phased``, the first dated milestone); ``None`` otherwise.
    ``period_months`` is the reporting period of a recurring task when the text names
    one ("6 tháng/lần" -> 6, "hằng tháng" -> 1).
    """

    text: str | None
    kind: DeadlineKind
    due: date | None = None
    period_months: int | None = None


@dataclass(frozen=True)
class Problem:
    """One validation finding, in the style of an error catalogue entry.

    ``code`` is a stable kebab-case code from :mod:`nq57xl.catalogue`; ``cell`` is an
    A1 address ("E14") or ``None`` when the problem concerns the whole sheet or file.
    """

    code: str
    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None
    row: int | None = None

    @property
    def location(self) -> str:
        """Human location "file › sheet › cell", leaving out what is unknown."""
        parts = [p for p in (self.file, self.sheet, self.cell) if p]
        return " › ".join(parts)


@dataclass(frozen=True)
class Task:
    """One task row of a commune's appendix, cleaned.

    ``row`` is the 1-based sheet row of the task's STT cell; ``cells`` maps a column
    key (see :mod:`nq57xl.read.headers`) to the A1 address of the cell it was read from,
    so that every problem can point at a cell. ``section`` is the section's label
    ("I", "II", "5.1"); ``section_title`` its title.
    """

    stt: str
    name: str
    row: int
    section: str | None = None
    section_title: str | None = None
    lead: str | None = None
    director: str | None = None
    partners: str | None = None
    result: str | None = None
    note: str | None = None
    deadline: Deadline = field(default_factory=lambda: Deadline(None, "unknown"))
    state: str | None = None
    progress: float | None = None
    done_date: date | None = None
    evidence: str | None = None
    review: str | None = None
    updated: date | None = None
    issues: str | None = None
    footnote_done: bool = False
    cells: tuple[tuple[str, str], ...] = ()

    def cell(self, key: str) -> str | None:
        """A1 address of the cell the column ``key`` was read from, if any."""
        for k, address in self.cells:
            if k == key:
                return address
        return None

    @property
    def identity(self) -> tuple[str, str]:
        """A task's identity inside one commune: (section, STT)."""
        return (self.section or "", self.stt)


@dataclass(frozen=True)
class Section:
    """A section or sub-section row with its declared task count, if any."""

    label: str
    title: str
    row: int
    declared: int | None = None
    parent: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameSource:
    """A place a workbook names its commune: ``kind`` "info" (the "Thông tin" sheet),
    "title" (the title block above the table), "sheet" (a sheet's name) or "file" (the
    file name); ``where`` says it in Vietnamese ("tiêu đề (ô A2)", "tên tệp");
    ``text`` is what it says."""

    kind: str
    where: str
    text: str


@dataclass(frozen=True)
class Metadata:
    """The commune's "Thông tin" sheet (or what stands in for it)."""

    commune: str | None = None
    province: str | None = None
    commune_code: str | None = None
    plan_number: str | None = None
    plan_date: date | None = None
    period: str | None = None
    report_date: date | None = None
    officer: str | None = None
    phone: str | None = None
    email: str | None = None
    from_file_name: bool = False
    #: Every place the workbook names its commune, most trusted first.
    name_sources: tuple[NameSource, ...] = ()
    #: Where ``commune`` was read (a ``NameSource.where``).
    identified_by: str | None = None
    #: The sheet the fields were read from and each field's cell: ((key, "B9"), ...).
    sheet: str | None = None
    cells: tuple[tuple[str, str], ...] = ()

    def cell(self, key: str) -> str | None:
        """The cell field ``key`` was read from, if it was."""
        return dict(self.cells).get(key)


@dataclass(frozen=True)
class IndicatorValue:
    """One row of a commune's "Chỉ tiêu" sheet, typed (see :mod:`nq57xl.read.indicators`).

    ``numerator``/``denominator`` are counts; ``percent`` is the share (0-100) the
    commune typed when it has no counts. ``target`` is the plan's own target when the
    commune wrote one (else ``None``: the default of :mod:`nq57xl.indicators` applies).
    ``valid`` is False when an error made the value unusable (it is then counted as
    invalid, never as a value); ``cells`` maps a column key to its A1 address.
    """

    code: str
    row: int
    numerator: float | None = None
    denominator: float | None = None
    percent: float | None = None
    baseline: float | None = None
    target: float | None = None
    measured: date | None = None
    evidence: str | None = None
    note: str | None = None
    valid: bool = True
    cells: tuple[tuple[str, str], ...] = ()

    @property
    def reported(self) -> bool:
        """Whether the row carries a value (counts or a percentage)."""
        return self.percent is not None or (self.numerator is not None
                                            and self.denominator is not None)

    @property
    def value(self) -> float | None:
        """The share in percent: numerator over denominator, else the typed percentage."""
        if self.numerator is not None and self.denominator:
            return 100 * self.numerator / self.denominator
        return self.percent

    def cell(self, key: str) -> str | None:
        """A1 address of the cell the column ``key`` was read from, if any."""
        return dict(self.cells).get(key)


@dataclass(frozen=True)
class CommuneReport:
    """Everything read from one commune workbook."""

    file: str
    metadata: Metadata
    tasks: tuple[Task, ...]
    problems: tuple[Problem, ...]
    sheet: str | None = None
    sections: tuple[Section, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    rows_read: int = 0
    #: The rows of the "Chỉ tiêu" sheet (empty when the workbook has none).
    indicators: tuple[IndicatorValue, ...] = ()
    indicator_sheet: str | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


@dataclass(frozen=True)
class TaskStatus:
    """The status of one task as of a date, with its flags.

    ``expected`` is the progress the timeline expects (0-100) for dated tasks not yet
    done; ``days_overdue`` is set for overdue tasks; ``shortfall`` is
    ``expected - progress`` for tasks behind schedule.
    """

    status: str
    red_flag: bool = False
    stale: bool = False
    due_soon: bool = False
    reported_done: bool = False
    expected: float | None = None
    days_overdue: int | None = None
    shortfall: float | None = None
    reason: str = ""
    #: A recurring task with a reporting cycle not updated within its last cycle.
    cycle_missed: bool = False
