"""The status of each task as of a date: one label from :data:`STATUSES` plus flags.

:func:`task_status` applies the rules below in order and stops at the first that
applies, so every task gets exactly one status:

1. reported done, and no evidence or review "Không đạt"   -> "Chờ hoàn thiện"
2. reported done, dated deadline (date/phased)            -> on time / late by done date
3. reported done, any other deadline                      -> "Hoàn thành đúng hạn"
4. recurring deadline                                     -> "Thường xuyên"
5. conditional deadline                                   -> "Chờ điều kiện"
6. unknown deadline                                       -> "Chưa xác định hạn"
7. as_of after the due date                               -> "Quá hạn"
8. past the grace period and progress < ratio x expected  -> "Chậm tiến độ"
9. some progress, or state "Đang thực hiện"               -> "Đang thực hiện"
10. otherwise                                             -> "Chưa thực hiện"

Everything here is pure: the date of assessment ``as_of`` is always passed in.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..read.done import done_basis
from ..records import Task, TaskStatus
from ..vntext import normalize

DONE_ON_TIME = "Hoàn thành đúng hạn"
DONE_LATE = "Hoàn thành quá hạn"
AWAITING_EVIDENCE = "Chờ hoàn thiện"
IN_PROGRESS = "Đang thực hiện"
NOT_STARTED = "Chưa thực hiện"
BEHIND = "Chậm tiến độ"
OVERDUE = "Quá hạn"
RECURRING = "Thường xuyên"
CONDITIONAL = "Chờ điều kiện"
NO_DEADLINE = "Chưa xác định hạn"
#: The flag of a recurring task not reported in its reporting cycle.
CYCLE_MISSED = "Thiếu báo cáo định kỳ"

#: Every status label, in display order.
STATUSES: tuple[str, ...] = (
    DONE_ON_TIME,
    DONE_LATE,
    AWAITING_EVIDENCE,
    IN_PROGRESS,
    NOT_STARTED,
    BEHIND,
    OVERDUE,
    RECURRING,
    CONDITIONAL,
    NO_DEADLINE,
)

_DATED_KINDS = ("date", "phased")
_STATE_IN_PROGRESS = normalize("Đang thực hiện")
_REVIEW_FAILED = normalize("Không đạt")


@dataclass(frozen=True)
class Settings:
    """Thresholds of the status rules.

    ``behind_ratio``: a task is behind when its progress is below this share of the
    progress the timeline expects; ``grace_days``: no task is judged behind before this
    many days after the plan start; ``stale_days``: a task not updated for more than
    this many days is stale; ``due_soon_days``: a task due within this many days is
    due soon; ``report_day``: the day of the month monthly reports are due (used by
    other modules). The other report kinds' deadlines, from the plans: ``quarter_day``
    of the quarter's last month, ``half_year_due`` and ``year_due`` as (day, month);
    ``closing_day``: the day of the deadline's month on which the period's data close
    (never later than the day before the deadline). See :mod:`nq57xl.province.periods`.
    ``update_target``: the plans' target update rate (at least 90%); below it is red.
    """

    behind_ratio: float = 0.5
    grace_days: int = 30
    stale_days: int = 31
    due_soon_days: int = 15
    report_day: int = 20
    quarter_day: int = 10
    half_year_due: tuple[int, int] = (10, 6)
    year_due: tuple[int, int] = (30, 11)
    closing_day: int = 14
    update_target: float = 0.9

    def __post_init__(self) -> None:
        for name in ("behind_ratio", "update_target"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be within 0..1, got {getattr(self, name)}")
        for name in ("grace_days", "stale_days", "due_soon_days"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)}")
        for name in ("report_day", "quarter_day", "closing_day"):
            if not 1 <= getattr(self, name) <= 31:
                raise ValueError(f"{name} must be within 1..31, got {getattr(self, name)}")

    @classmethod
    def from_mapping(cls, values: object) -> "Settings":
        """Settings read back from a JSON document's "settings" (unknown keys ignored,
        missing ones default)."""
        if not isinstance(values, dict):
            return cls()
        known = {k: tuple(v) if isinstance(v, list) else v
                 for k, v in values.items() if k in cls.__dataclass_fields__}
        try:
            return cls(**known)
        except (TypeError, ValueError):
            return cls()

    def as_rows(self) -> list[tuple[str, str]]:
        """Vietnamese (label, value) pairs describing the settings, for the summary."""
        return [
            ("Tỷ lệ chậm tiến độ (behind_ratio)", format_number(self.behind_ratio)),
            ("Số ngày đầu kỳ chưa xét chậm tiến độ (grace_days)", str(self.grace_days)),
            ("Số ngày không cập nhật thì coi là lâu chưa cập nhật (stale_days)",
             str(self.stale_days)),
            ("Số ngày trước hạn được coi là sắp đến hạn (due_soon_days)",
             str(self.due_soon_days)),
            ("Ngày hạn nộp báo cáo hằng tháng (report_day)", str(self.report_day)),
            ("Hạn nộp báo cáo quý: ngày của tháng cuối quý (quarter_day)", str(self.quarter_day)),
            ("Hạn nộp báo cáo 6 tháng (half_year_due)", _day_month(self.half_year_due)),
            ("Hạn nộp báo cáo năm (year_due)", _day_month(self.year_due)),
            ("Ngày chốt số liệu: ngày của tháng hạn nộp, không sau ngày trước hạn (closing_day)",
             str(self.closing_day)),
            ("Mục tiêu tỷ lệ cập nhật, dưới mức này tô đỏ (update_target)",
             f"{format_number(self.update_target * 100)}%"),
        ]


def _day_month(value: tuple[int, int]) -> str:
    return f"{value[0]}/{value[1]}"


def format_number(value: float) -> str:
    """A number the Vietnamese way: decimal comma, at most one decimal (62,5; 60)."""
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}".replace(".", ",")


def _pct(value: float) -> str:
    return f"{format_number(value)}%"


@lru_cache(maxsize=4096)
def _dmy(day: date) -> str:
    """dd/mm/yyyy (cached: a plan has a few dozen due dates for thousands of tasks)."""
    return day.strftime("%d/%m/%Y")


def _done_basis(task: Task) -> str | None:
    """Why the task counts as reported done (a Vietnamese phrase), or None."""
    return done_basis(state=task.state, progress=task.progress,
                      footnote_done=task.footnote_done, note=task.note)


def is_reported_done(task: Task) -> bool:
    """True when the commune reports the task done (the rule of :mod:`nq57xl.read.done`).

    That is: state "Đã hoàn thành", or progress >= 100, or the done footnote, or a note
    containing "đã hoàn thành" (case-insensitive, after NFC normalisation).
    """
    return _done_basis(task) is not None


def plan_start(plan_date: date | None, tasks: Iterable[Task], as_of: date) -> date:
    """The date the plan's timeline starts from.

    The plan's issue date when known; otherwise 1 January of the plan year, taken as
    the year of the earliest dated due among ``tasks``; when no task has a dated due,
    1 January of ``as_of``'s year.
    """
    if plan_date is not None:
        return plan_date
    dues = [t.deadline.due for t in tasks
            if t.deadline.kind in _DATED_KINDS and t.deadline.due is not None]
    year = min(dues).year if dues else as_of.year
    return date(year, 1, 1)


def expected_progress(start: date, due: date, as_of: date) -> float:
    """Progress (0-100) the timeline expects on ``as_of``, linear from start to due."""
    total = (due - start).days
    if total <= 0:
        return 100.0
    share = 100.0 * (as_of - start).days / total
    return min(100.0, max(0.0, share))


def _is_stale(task: Task, as_of: date, settings: Settings) -> bool:
    return task.updated is None or (as_of - task.updated).days > settings.stale_days


def cycle_missed(task: Task, as_of: date) -> bool:
    """A recurring task with a reporting cycle ("Định kỳ hằng tháng báo cáo kết quả": 1
    month) whose last update is older than one cycle before ``as_of`` (or missing)."""
    months = task.deadline.period_months
    if task.deadline.kind != "recurring" or not months:
        return False
    if task.updated is None:
        return True
    return task.updated < _months_before(as_of, months)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _has_evidence(task: Task) -> bool:
    return bool(task.evidence and task.evidence.strip())


def _review_failed(task: Task) -> bool:
    return task.review is not None and normalize(task.review) == _REVIEW_FAILED


def _done_status(task: Task, basis: str, as_of: date) -> TaskStatus:
    """Rules 1-3: the status of a task reported done."""
    failed = _review_failed(task)
    if failed or not _has_evidence(task):
        if failed:
            reason = "Báo hoàn thành nhưng kết quả thẩm định «Không đạt»"
        else:
            reason = "Báo hoàn thành nhưng chưa có minh chứng"
        return TaskStatus(AWAITING_EVIDENCE, red_flag=failed, reported_done=True,
                          reason=f"{reason} ({basis})")
    deadline = task.deadline
    if deadline.kind in _DATED_KINDS and deadline.due is not None:
        due = deadline.due
        if task.done_date is None:
            done, when = as_of, f"chưa ghi ngày hoàn thành, tính đến {_dmy(as_of)}"
        else:
            done, when = task.done_date, f"hoàn thành ngày {_dmy(task.done_date)}"
        if done <= due:
            return TaskStatus(DONE_ON_TIME, reported_done=True,
                              reason=f"Hoàn thành đúng hạn ({when}; hạn {_dmy(due)})")
        late = (done - due).days
        return TaskStatus(DONE_LATE, reported_done=True,
                          reason=f"Hoàn thành quá hạn {late} ngày ({when}; hạn {_dmy(due)})")
    return TaskStatus(DONE_ON_TIME, reported_done=True,
                      reason=f"Báo hoàn thành ({basis}); nhiệm vụ không có hạn cụ thể")


def task_status(task: Task, as_of: date, start: date,
                settings: Settings = Settings()) -> TaskStatus:
    """The one status of ``task`` on ``as_of``, with its flags (see the module doc).

    ``start`` is the start of the plan's timeline (see :func:`plan_start`). A task of
    kind date/phased without a due date is treated as of unknown deadline.
    """
    basis = _done_basis(task)
    if basis is not None:
        return _done_status(task, basis, as_of)

    stale = _is_stale(task, as_of, settings)
    deadline = task.deadline
    text = f" ({deadline.text.strip()})" if deadline.text and deadline.text.strip() else ""
    if deadline.kind == "recurring":
        missed = cycle_missed(task, as_of)
        note = f"; {CYCLE_MISSED.lower()} (không cập nhật trong {deadline.period_months} tháng qua)" \
            if missed else ""
        return TaskStatus(RECURRING, stale=stale, cycle_missed=missed,
                          reason=f"Nhiệm vụ thường xuyên{text}{note}")
    if deadline.kind == "conditional":
        return TaskStatus(CONDITIONAL, stale=stale,
                          reason=f"Thực hiện khi đủ điều kiện{text}")
    if deadline.kind not in _DATED_KINDS or deadline.due is None:
        return TaskStatus(NO_DEADLINE, stale=stale,
                          reason=f"Chưa xác định được hạn hoàn thành{text}")

    due = deadline.due
    days_left = (due - as_of).days
    due_soon = 0 <= days_left <= settings.due_soon_days
    expected = expected_progress(start, due, as_of)
    progress = task.progress if task.progress is not None else 0.0
    common = {"stale": stale, "due_soon": due_soon, "expected": expected}

    if as_of > due:
        overdue = (as_of - due).days
        return TaskStatus(OVERDUE, red_flag=True, days_overdue=overdue,
                          reason=f"Quá hạn {overdue} ngày (hạn {_dmy(due)})", **common)
    threshold = settings.behind_ratio * expected
    if (as_of - start).days >= settings.grace_days and progress < threshold:
        return TaskStatus(
            BEHIND, red_flag=True, shortfall=expected - progress,
            reason=(f"Tiến độ {_pct(progress)} < {format_number(settings.behind_ratio)}"
                    f" × {_pct(expected)} theo thời gian (hạn {_dmy(due)})"),
            **common)
    in_progress = task.state is not None and normalize(task.state) == _STATE_IN_PROGRESS
    if progress > 0 or in_progress:
        return TaskStatus(IN_PROGRESS,
                          reason=(f"Đang thực hiện, tiến độ {_pct(progress)} "
                                  f"(theo thời gian {_pct(expected)}; hạn {_dmy(due)})"),
                          **common)
    return TaskStatus(NOT_STARTED, reason=f"Chưa thực hiện (hạn {_dmy(due)})", **common)


def statuses_for(tasks: Sequence[Task], as_of: date, start: date,
                 settings: Settings = Settings()) -> tuple[TaskStatus, ...]:
    """The status of each task, in the order of ``tasks``."""
    return tuple(task_status(t, as_of, start, settings) for t in tasks)
