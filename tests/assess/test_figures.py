"""Tests of a commune's figures and of the ranking (nq57xl.assess.figures)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest

from nq57xl.assess.figures import RANKING_RULE, commune_figures, rank_communes, ranked_order
from nq57xl.records import Deadline, Task
from nq57xl.assess.status import (
    AWAITING_EVIDENCE, BEHIND, CONDITIONAL, DONE_LATE, DONE_ON_TIME, IN_PROGRESS, NO_DEADLINE, NOT_STARTED, OVERDUE, RECURRING, STATUSES, statuses_for,
)

START = date(2026, 1, 1)
AS_OF = date(2026, 6, 30)


def dl(due: date) -> Deadline:
    return Deadline(due.strftime("%d/%m/%Y"), "date", due)


def make(stt: str, deadline: Deadline, **kw: Any) -> Task:
    base: dict[str, Any] = dict(updated=AS_OF)
    base.update(kw)
    return Task(stt=stt, name=f"Nhiệm vụ {stt}", row=int(stt) + 5, deadline=deadline, **base)


DONE = dict(state="Đã hoàn thành", progress=100.0, evidence="Báo cáo số 5")

COMMUNE = [
    make("1", dl(date(2026, 3, 31)), **DONE, done_date=date(2026, 3, 15)),     # on time
    make("2", dl(date(2026, 4, 30)), **DONE, done_date=date(2026, 5, 10)),     # late
    make("3", dl(date(2026, 5, 31)), progress=50.0,
         updated=AS_OF - timedelta(days=10)),                                   # overdue
    make("4", dl(AS_OF), progress=90.0),                                        # due today
    make("5", dl(date(2026, 12, 31)), progress=0.0, updated=None),              # behind
    make("6", Deadline("Hằng tháng", "recurring", period_months=1),
         updated=AS_OF - timedelta(days=40)),                                   # stale
    make("7", Deadline("Khi có vốn", "conditional"), state="Đã hoàn thành"),   # no evidence
    make("8", Deadline(None, "unknown")),
    make("9", Deadline("Quý III/2026", "phased", date(2026, 7, 10)),
         state="Đang thực hiện", progress=95.0),                               # due soon
    make("10", Deadline("Khi có vốn", "conditional")),
]


def test_commune_figures_every_key() -> None:
    statuses = statuses_for(COMMUNE, AS_OF, START)
    assert [s.status for s in statuses] == [
        DONE_ON_TIME, DONE_LATE, OVERDUE, IN_PROGRESS, BEHIND, RECURRING,
        AWAITING_EVIDENCE, NO_DEADLINE, IN_PROGRESS, CONDITIONAL]
    figures = commune_figures(COMMUNE, statuses, AS_OF)
    assert list(figures) == ["tasks", "due_tasks", "on_time_rate", "completion_rate",
                             "red_flags", "update_rate", "stale", "due_soon", *STATUSES]
    assert figures == {
        "tasks": 10,
        "due_tasks": 4,                 # tasks 1-4 (task 4 is due on as_of)
        "on_time_rate": 0.25,
        "completion_rate": 0.5,
        "red_flags": 2,                 # tasks 3 and 5
        "update_rate": pytest.approx(5 / 7),   # not done: 3,4,5,6,8,9,10; stale: 5,6
        "stale": 2,
        "due_soon": 2,                  # tasks 4 and 9
        DONE_ON_TIME: 1, DONE_LATE: 1, AWAITING_EVIDENCE: 1, IN_PROGRESS: 2,
        NOT_STARTED: 0, BEHIND: 1, OVERDUE: 1, RECURRING: 1, CONDITIONAL: 1,
        NO_DEADLINE: 1,
    }


def test_rates_are_none_without_due_or_open_tasks() -> None:
    tasks = [make("1", Deadline("Thường xuyên", "recurring"), **DONE),
             make("2", dl(date(2026, 12, 31)), **DONE, done_date=date(2026, 2, 1))]
    figures = commune_figures(tasks, statuses_for(tasks, AS_OF, START), AS_OF)
    assert figures["tasks"] == 2 and figures["due_tasks"] == 0
    assert figures["on_time_rate"] is None
    assert figures["completion_rate"] is None
    assert figures["update_rate"] is None
    assert figures[DONE_ON_TIME] == 2
    assert all(figures[label] == 0 for label in STATUSES if label != DONE_ON_TIME)


def test_empty_commune() -> None:
    figures = commune_figures([], [], AS_OF)
    assert figures["tasks"] == 0 and figures["red_flags"] == 0
    assert figures["on_time_rate"] is None and figures["update_rate"] is None
    assert all(figures[label] == 0 for label in STATUSES)


def test_update_rate_all_fresh_and_all_stale() -> None:
    fresh = [make("1", dl(date(2026, 12, 31)), progress=60.0)]
    stale = [make("1", dl(date(2026, 12, 31)), progress=60.0, updated=date(2026, 1, 5))]
    assert commune_figures(fresh, statuses_for(fresh, AS_OF, START), AS_OF)["update_rate"] == 1.0
    assert commune_figures(stale, statuses_for(stale, AS_OF, START), AS_OF)["update_rate"] == 0.0


def test_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        commune_figures(COMMUNE, (), AS_OF)


def fig(on_time: float | None, red: int, update: float | None) -> dict[str, object]:
    return {"on_time_rate": on_time, "red_flags": red, "update_rate": update}


ROWS = [
    ("Bình An", fig(0.5, 1, 0.8)),
    ("An Phú", fig(0.5, 1, 0.8)),      # ties with Bình An
    ("Cát Tiên", fig(0.9, 3, 0.1)),
    ("Đông Hải", fig(None, 0, 1.0)),   # no due task: after every number
    ("Dương Hòa", fig(0.5, 0, 0.2)),
    ("Ea Kar", fig(0.5, 1, None)),     # update rate None after numbers
    ("Gia Lộc", fig(None, 0, None)),
    ("Hải Vân", fig(0.0, 5, 0.0)),
]
EXPECTED_RANKS = {"Cát Tiên": 1, "Dương Hòa": 2, "An Phú": 3, "Bình An": 3, "Ea Kar": 5,
                  "Hải Vân": 6, "Đông Hải": 7, "Gia Lộc": 8}


def test_rank_communes() -> None:
    ranks = rank_communes(ROWS)
    assert dict(zip((name for name, _ in ROWS), ranks)) == EXPECTED_RANKS
    order = [ROWS[i][0] for i in ranked_order(ROWS)]
    assert order == ["Cát Tiên", "Dương Hòa", "An Phú", "Bình An", "Ea Kar", "Hải Vân",
                     "Đông Hải", "Gia Lộc"]


def test_ranking_does_not_depend_on_order() -> None:
    reference = [ROWS[i][0] for i in ranked_order(ROWS)]
    for perm in itertools.islice(itertools.permutations(ROWS), 0, None, 97):
        rows = list(perm)
        assert dict(zip((n for n, _ in rows), rank_communes(rows))) == EXPECTED_RANKS
        assert [rows[i][0] for i in ranked_order(rows)] == reference


def test_competition_ranking_and_ties_by_name() -> None:
    rows = [("Đông Hải", fig(1.0, 0, 1.0)), ("Dương Hòa", fig(1.0, 0, 1.0)),
            ("Ân Thi", fig(1.0, 0, 1.0)), ("Yên Lạc", fig(0.5, 0, 1.0))]
    assert rank_communes(rows) == [1, 1, 1, 4]
    # Diacritics are ignored when sorting names: Ân < Đông < Dương.
    assert [rows[i][0] for i in ranked_order(rows)] == ["Ân Thi", "Đông Hải", "Dương Hòa",
                                                        "Yên Lạc"]
    assert rank_communes([]) == []


def test_ranking_rule_text() -> None:
    assert RANKING_RULE.startswith("Xếp hạng theo tỷ lệ hoàn thành đúng hạn (cao trước)")
    assert "cảnh báo đỏ" in RANKING_RULE and "tỷ lệ cập nhật" in RANKING_RULE
