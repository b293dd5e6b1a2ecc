"""Tests of the status rules (nq57xl.assess.status)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from tests.conftest import examples
from nq57xl.records import Deadline, Task
from nq57xl.assess.status import (
    AWAITING_EVIDENCE, BEHIND, CONDITIONAL, DONE_LATE, DONE_ON_TIME, IN_PROGRESS, NO_DEADLINE, NOT_STARTED, OVERDUE, RECURRING, STATUSES, Settings, expected_progress, format_number, is_reported_done, plan_start, statuses_for, task_status,
)

START = date(2026, 1, 1)
DUE = START + timedelta(days=100)          # 11/04/2026
AS_OF = START + timedelta(days=60)         # 02/03/2026: 60% of the way to DUE


def dl(due: date = DUE, kind: str = "date") -> Deadline:
    return Deadline(due.strftime("%d/%m/%Y"), kind, due)  # type: ignore[arg-type]


RECUR = Deadline("Thường xuyên", "recurring", period_months=1)
COND = Deadline("Khi có kinh phí", "conditional")
UNKNOWN = Deadline("Năm 2026?", "unknown")


def make(**kw: Any) -> Task:
    """A task due DUE, 50% done, updated on AS_OF (so neither stale nor due soon)."""
    base: dict[str, Any] = dict(stt="1", name="x", row=5, deadline=dl(), progress=50.0,
                                updated=AS_OF)
    base.update(kw)
    return Task(**base)


DONE = dict(state="Đã hoàn thành", progress=100.0, evidence="QĐ số 12/QĐ-UBND")

# (id, task, as_of, expected attributes)
CASES: list[tuple[str, Task, date, dict[str, Any]]] = [
    # rule 1
    ("r1-no-evidence", make(state="Đã hoàn thành"), AS_OF,
     dict(status=AWAITING_EVIDENCE, red_flag=False, reported_done=True)),
    ("r1-blank-evidence", make(state="Đã hoàn thành", evidence="  "), AS_OF,
     dict(status=AWAITING_EVIDENCE, red_flag=False)),
    ("r1-review-failed", make(**DONE, review="Không đạt"), AS_OF,
     dict(status=AWAITING_EVIDENCE, red_flag=True)),
    ("r1-before-r3", make(state="Đã hoàn thành", deadline=RECUR), AS_OF,
     dict(status=AWAITING_EVIDENCE)),
    # rule 2
    ("r2-on-time", make(**DONE, done_date=DUE - timedelta(days=1)), AS_OF,
     dict(status=DONE_ON_TIME, red_flag=False, reported_done=True)),
    ("r2-done-on-due", make(**DONE, done_date=DUE), AS_OF, dict(status=DONE_ON_TIME)),
    ("r2-late", make(**DONE, done_date=DUE + timedelta(days=1)), DUE + timedelta(days=9),
     dict(status=DONE_LATE, red_flag=False, days_overdue=None)),
    ("r2-review-ok", make(**DONE, review="Đạt", done_date=DUE), AS_OF,
     dict(status=DONE_ON_TIME)),
    ("r2-phased-late", make(**DONE, deadline=dl(kind="phased"),
                            done_date=DUE + timedelta(days=3)), DUE + timedelta(days=3),
     dict(status=DONE_LATE)),
    ("r2-no-date-before-due", make(**DONE), DUE, dict(status=DONE_ON_TIME)),
    ("r2-no-date-after-due", make(**DONE), DUE + timedelta(days=1), dict(status=DONE_LATE)),
    # ways of reporting done
    ("done-progress-100", make(progress=100.0, evidence="BC"), AS_OF,
     dict(status=DONE_ON_TIME, reported_done=True)),
    ("done-footnote", make(footnote_done=True, evidence="BC"), AS_OF,
     dict(status=DONE_ON_TIME, reported_done=True)),
    ("done-note", make(note="Đã hoàn thành", evidence="BC"), AS_OF,
     dict(status=DONE_ON_TIME, reported_done=True)),
    ("done-note-nfd-upper", make(note=unicodedata.normalize("NFD", "Nhiệm vụ ĐÃ HOÀN THÀNH"),
                                 evidence="BC"), AS_OF,
     dict(status=DONE_ON_TIME, reported_done=True)),
    ("not-done-99.9", make(progress=99.9, evidence="BC"), AS_OF,
     dict(status=IN_PROGRESS, reported_done=False)),
    ("not-done-note", make(note="Chưa hoàn thành"), AS_OF,
     dict(status=IN_PROGRESS, reported_done=False)),
    # rule 3
    ("r3-recurring", make(**DONE, deadline=RECUR), AS_OF, dict(status=DONE_ON_TIME)),
    ("r3-conditional", make(**DONE, deadline=COND), AS_OF, dict(status=DONE_ON_TIME)),
    ("r3-unknown", make(**DONE, deadline=UNKNOWN), AS_OF, dict(status=DONE_ON_TIME)),
    # rules 4-6
    ("r4-recurring", make(deadline=RECUR, progress=0.0), AS_OF,
     dict(status=RECURRING, red_flag=False, expected=None)),
    ("r5-conditional", make(deadline=COND), AS_OF, dict(status=CONDITIONAL)),
    ("r6-unknown", make(deadline=UNKNOWN), AS_OF, dict(status=NO_DEADLINE)),
    ("r6-date-without-due", make(deadline=Deadline("?", "date")), AS_OF,
     dict(status=NO_DEADLINE)),
    # rule 7
    ("r7-overdue", make(progress=90.0), DUE + timedelta(days=12),
     dict(status=OVERDUE, red_flag=True, days_overdue=12, expected=100.0,
          reason="Quá hạn 12 ngày (hạn 11/04/2026)")),
    ("r7-one-day", make(progress=99.0, deadline=dl(kind="phased")), DUE + timedelta(days=1),
     dict(status=OVERDUE, days_overdue=1)),
    ("r7-due-equals-as-of", make(progress=90.0), DUE,
     dict(status=IN_PROGRESS, red_flag=False, days_overdue=None, expected=100.0)),
    # rule 8
    ("r8-behind", make(progress=20.0), AS_OF,
     dict(status=BEHIND, red_flag=True, expected=60.0, shortfall=40.0)),
    ("r8-missing-progress", make(progress=None), AS_OF,
     dict(status=BEHIND, shortfall=60.0)),
    ("r8-just-below", make(progress=29.9), AS_OF, dict(status=BEHIND)),
    ("r8-exactly-at-threshold", make(progress=30.0), AS_OF,
     dict(status=IN_PROGRESS, red_flag=False, shortfall=None, expected=60.0)),
    ("r8-grace-last-day", make(progress=0.0), START + timedelta(days=29),
     dict(status=NOT_STARTED, red_flag=False)),
    ("r8-grace-over", make(progress=0.0), START + timedelta(days=30),
     dict(status=BEHIND, expected=30.0)),
    # rule 9
    ("r9-progress", make(progress=40.0), AS_OF, dict(status=IN_PROGRESS)),
    ("r9-state-only", make(progress=None, state="Đang thực hiện"), START + timedelta(days=5),
     dict(status=IN_PROGRESS)),
    # rule 10
    ("r10-not-started", make(progress=None), START + timedelta(days=5),
     dict(status=NOT_STARTED, red_flag=False, expected=5.0)),
    ("r10-state", make(progress=0.0, state="Chưa thực hiện"), START,
     dict(status=NOT_STARTED, expected=0.0)),
    # stale flag
    ("stale-never-updated", make(updated=None), AS_OF, dict(stale=True)),
    ("stale-exactly-31", make(updated=AS_OF - timedelta(days=31)), AS_OF, dict(stale=False)),
    ("stale-32", make(updated=AS_OF - timedelta(days=32)), AS_OF, dict(stale=True)),
    ("stale-recurring", make(deadline=RECUR, updated=None), AS_OF,
     dict(status=RECURRING, stale=True)),
    ("stale-not-when-done", make(**DONE, updated=None), AS_OF,
     dict(status=DONE_ON_TIME, stale=False)),
    # due_soon flag
    ("soon-15", make(), DUE - timedelta(days=15), dict(status=IN_PROGRESS, due_soon=True)),
    ("soon-16", make(), DUE - timedelta(days=16), dict(due_soon=False)),
    ("soon-due-today", make(progress=90.0), DUE, dict(due_soon=True)),
    ("soon-not-overdue", make(), DUE + timedelta(days=1), dict(due_soon=False)),
    ("soon-not-done", make(**DONE), DUE - timedelta(days=1), dict(due_soon=False)),
    ("soon-not-recurring", make(deadline=RECUR), AS_OF, dict(due_soon=False)),
    ("default-no-flags", make(), AS_OF,
     dict(status=IN_PROGRESS, red_flag=False, stale=False, due_soon=False)),
]


@pytest.mark.parametrize("task,as_of,expected", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_rules(task: Task, as_of: date, expected: dict[str, Any]) -> None:
    result = task_status(task, as_of, START)
    for attr, value in expected.items():
        got = getattr(result, attr)
        if isinstance(value, float):
            assert got == pytest.approx(value), attr
        else:
            assert got == value, attr
    assert result.reason


def test_reasons() -> None:
    behind = task_status(make(progress=20.0), AS_OF, START)
    assert behind.reason.startswith("Tiến độ 20% < 0,5 × 60% theo thời gian")
    waiting = task_status(make(state="Đã hoàn thành"), AS_OF, START)
    assert waiting.reason.startswith("Báo hoàn thành nhưng chưa có minh chứng")
    late = task_status(make(**DONE, done_date=DUE + timedelta(days=4)), AS_OF, START)
    assert "quá hạn 4 ngày" in late.reason


def test_custom_settings() -> None:
    strict = Settings(behind_ratio=1.0, grace_days=0, stale_days=0, due_soon_days=40)
    result = task_status(make(progress=50.0, updated=AS_OF - timedelta(days=1)),
                         AS_OF, START, strict)
    assert result.status == BEHIND and result.stale and result.due_soon
    assert result.shortfall == pytest.approx(10.0)


def test_is_reported_done() -> None:
    assert is_reported_done(make(state="Đã hoàn thành", progress=None))
    assert is_reported_done(make(progress=100.0))
    assert is_reported_done(make(footnote_done=True))
    assert is_reported_done(make(note="ghi chú: đã hoàn thành."))
    assert not is_reported_done(make(state="Đang thực hiện", note="sắp hoàn thành"))


def test_statuses_and_settings_constants() -> None:
    assert STATUSES == ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chờ hoàn thiện",
                        "Đang thực hiện", "Chưa thực hiện", "Chậm tiến độ", "Quá hạn",
                        "Thường xuyên", "Chờ điều kiện", "Chưa xác định hạn")
    s = Settings()
    assert (s.behind_ratio, s.grace_days, s.stale_days, s.due_soon_days, s.report_day) == \
        (0.5, 30, 31, 15, 20)
    rows = s.as_rows()
    assert rows[0] == ("Tỷ lệ chậm tiến độ (behind_ratio)", "0,5")
    assert [v for _, v in rows] == ["0,5", "30", "31", "15", "20", "10", "10/6", "30/11", "14", "90%"]
    with pytest.raises(ValueError):
        Settings(behind_ratio=1.5)
    with pytest.raises(ValueError):
        Settings(report_day=0)


def test_format_number_and_expected() -> None:
    assert format_number(62.5) == "62,5"
    assert format_number(60.0) == "60"
    assert format_number(33.333) == "33,3"
    assert expected_progress(START, START, START + timedelta(days=3)) == 100.0
    assert expected_progress(START, START - timedelta(days=1), START) == 100.0
    assert expected_progress(START, DUE, START - timedelta(days=10)) == 0.0
    assert expected_progress(START, DUE, DUE + timedelta(days=10)) == 100.0


def test_plan_start() -> None:
    tasks = [make(deadline=dl(date(2027, 6, 30))), make(deadline=dl(date(2026, 3, 31))),
             make(deadline=RECUR)]
    assert plan_start(date(2026, 2, 15), tasks, AS_OF) == date(2026, 2, 15)
    assert plan_start(None, tasks, date(2028, 5, 5)) == date(2026, 1, 1)
    assert plan_start(None, [make(deadline=RECUR)], date(2028, 5, 5)) == date(2028, 1, 1)
    assert plan_start(None, [], date(2028, 5, 5)) == date(2028, 1, 1)


# --- properties ---------------------------------------------------------------

_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
_text = st.sampled_from([None, "", "  ", "QĐ 12", "Đã hoàn thành", "chưa xong"])


@st.composite
def _deadlines(draw: st.DrawFn) -> Deadline:
    kind = draw(st.sampled_from(["date", "phased", "recurring", "conditional", "unknown"]))
    due = draw(_days) if kind in ("date", "phased") else None
    return Deadline("x", kind, due)


_tasks = st.builds(
    Task,
    stt=st.sampled_from(["1", "2", "3"]),
    name=st.just("x"),
    row=st.integers(1, 500),
    deadline=_deadlines(),
    state=st.sampled_from([None, "Chưa thực hiện", "Đang thực hiện", "Đã hoàn thành"]),
    progress=st.one_of(st.none(), st.floats(0, 100, allow_nan=False)),
    done_date=st.one_of(st.none(), _days),
    evidence=_text,
    review=st.sampled_from([None, "Đạt", "Không đạt"]),
    updated=st.one_of(st.none(), _days),
    note=_text,
    footnote_done=st.booleans(),
)
_settings = st.builds(Settings, behind_ratio=st.floats(0, 1), grace_days=st.integers(0, 90),
                      stale_days=st.integers(0, 90), due_soon_days=st.integers(0, 60))


@given(task=_tasks, as_of=_days, start=_days, cfg=_settings)
def test_exactly_one_status(task: Task, as_of: date, start: date, cfg: Settings) -> None:
    result = task_status(task, as_of, start, cfg)
    assert result.status in STATUSES
    assert result.reported_done == is_reported_done(task)
    assert result.red_flag == (
        result.status in (OVERDUE, BEHIND)
        or (result.status == AWAITING_EVIDENCE and task.review == "Không đạt"))
    assert (result.days_overdue is not None) == (result.status == OVERDUE)
    assert (result.shortfall is not None) == (result.status == BEHIND)
    if result.reported_done:
        assert not result.stale and not result.due_soon
    assert result.reason


@given(task=_tasks, as_of=_days, start=_days, later=st.integers(0, 2000), cfg=_settings)
def test_overdue_stays_overdue(task: Task, as_of: date, start: date, later: int,
                               cfg: Settings) -> None:
    if task_status(task, as_of, start, cfg).status != OVERDUE:
        return
    moved = task_status(task, as_of + timedelta(days=later), start, cfg)
    assert moved.status == OVERDUE
    assert moved.days_overdue is not None and moved.days_overdue >= later


@hsettings(max_examples=examples(50))
@given(tasks=st.lists(_tasks, max_size=8), as_of=_days, data=st.data())
def test_order_does_not_matter(tasks: list[Task], as_of: date, data: st.DataObject) -> None:
    tasks = [replace(t, row=i) for i, t in enumerate(tasks)]   # make every task distinct
    permuted = data.draw(st.permutations(tasks))
    start = plan_start(None, tasks, as_of)
    assert plan_start(None, permuted, as_of) == start
    by_row = {t.row: s for t, s in zip(tasks, statuses_for(tasks, as_of, start))}
    for t, s in zip(permuted, statuses_for(permuted, as_of, start)):
        assert by_row[t.row] == s
