"""Trends over the periods held, against hand-computed numbers; past figures changed."""

from __future__ import annotations

from datetime import date

import pytest

from nq57xl.assess.status import DONE_ON_TIME, IN_PROGRESS
from nq57xl.compare.changes import DEADLINE, PROGRESS_DOWN
from nq57xl.history.rows import COMMUNE_FIELDS, TASK_FIELDS, PeriodRecord, period_key
from nq57xl.history.trends import DONE_GONE, Figures, build_trends, history_flags

A, B, C = ("Quang Trung", "1"), ("Hồng Phong", "2"), ("Tân Lập", "3")


def commune(who: tuple[str, str | None], rank: int | None, due: int, on_time: float | None,
            completion: float | None, red: int, update: float | None, open_: int,
            submitted: int = 1) -> tuple:
    values = {"commune": who[0], "code": who[1], "submitted": submitted, "rank": rank,
              "due_tasks": due, "on_time_rate": on_time, "completion_rate": completion,
              "red_flags": red, "update_rate": update, "open_tasks": open_}
    return tuple(values.get(f) for f in COMMUNE_FIELDS)


def task(who: tuple[str, str | None], stt: str, progress: float, *, status: str = IN_PROGRESS,
         due: str = "2026-12-31") -> tuple:
    values = {"commune": who[0], "code": who[1], "section": "I", "stt": stt,
              "name": f"Nhiệm vụ số {stt}", "deadline_text": due, "due": due,
              "status": status, "progress": progress}
    return tuple(values.get(f) for f in TASK_FIELDS)


def period(n: int, communes: tuple, tasks: tuple = ()) -> PeriodRecord:
    label, key = period_key(f"Tháng {n}/2026", date(2026, n, 23))
    return PeriodRecord(label, key, f"2026-{n:02d}-23", "Nghệ An", communes=communes, tasks=tasks)


# Three periods, three communes. Tân Lập does not report in September and has no code in
# October (paired by name with November's row, which has its code).
SEPTEMBER = period(9, (commune(A, 2, 4, 0.5, 0.75, 2, 0.5, 2), commune(B, 1, 2, 1.0, 1.0, 0, 1.0, 4),
                       commune(C, None, 0, None, None, 0, None, 0, submitted=0)),
                   (task(A, "1", 60), task(A, "2", 100, status=DONE_ON_TIME),
                    task(A, "3", 10, due="2026-06-30"), task(B, "1", 50)))
OCTOBER = period(10, (commune(A, 2, 4, 0.25, 0.5, 3, 0.25, 4), commune(B, 1, 2, 1.0, 1.0, 0, 1.0, 2),
                      commune(("Tân Lập", None), 3, 0, None, None, 1, 0.5, 2)),
                 (task(A, "1", 40), task(A, "3", 10), task(A, "4", 80), task(B, "1", 50)))
NOVEMBER = period(11, (commune(A, 1, 5, 0.8, 0.8, 0, 1.0, 1), commune(B, 2, 4, 0.5, 0.75, 1, 0.5, 2),
                       commune(C, 3, 2, 0.5, 0.5, 1, 0.0, 4)),
                  (task(A, "1", 40), task(A, "3", 10), task(A, "4", 50), task(B, "1", 50)))


def test_trend_numbers_against_hand_computed_ones() -> None:
    trends = build_trends([SEPTEMBER, OCTOBER, NOVEMBER])
    assert trends.periods == ("Tháng 9/2026", "Tháng 10/2026", "Tháng 11/2026")
    # province: on-time and completion weighted by due tasks, red flags summed, update
    # rate weighted by open tasks
    expected = [Figures((0.5 * 4 + 1.0 * 2) / 6, (0.75 * 4 + 2) / 6, 2, (0.5 * 2 + 1.0 * 4) / 6),
                Figures((0.25 * 4 + 2) / 6, (0.5 * 4 + 2) / 6, 4, (0.25 * 4 + 2 + 0.5 * 2) / 8),
                Figures(7 / 11, 8 / 11, 2, 2 / 7)]
    for got, want in zip(trends.province, expected):
        for measure in ("on_time_rate", "completion_rate", "red_flags", "update_rate"):
            assert got.get(measure) == pytest.approx(want.get(measure)), measure
    assert [(c.commune, c.code) for c in trends.communes] == [A, B, C]  # November's ranks
    a, b, c = trends.communes
    assert [p.on_time_rate if p else "-" for p in a.points] == [0.5, 0.25, 0.8]
    assert [p.red_flags if p else "-" for p in c.points] == ["-", 1, 1]
    assert a.change() == pytest.approx(0.3) and b.change() == pytest.approx(-0.5)
    assert c.change() is None  # one on-time rate only
    assert c.change("red_flags") == 0
    assert trends.movers == (0, 1)  # the largest rise (Quang Trung), the largest fall


def test_a_single_period_has_no_movers() -> None:
    trends = build_trends([NOVEMBER])
    assert trends.movers == () and len(trends.province) == 1
    assert trends.province[0].red_flags == 2


def test_past_figures_changed_are_flagged_from_the_history() -> None:
    flags = history_flags([SEPTEMBER, OCTOBER], NOVEMBER)
    found = {(f.commune, f.stt, f.change, f.period, f.previous_value, f.current_value)
             for f in flags}
    assert found == {
        # 60% in September, 40% since October: unseen against October alone
        ("Quang Trung", "1", PROGRESS_DOWN, "Tháng 9/2026", "60%", "40%"),
        # done in September, gone since October
        ("Quang Trung", "2", DONE_GONE, "Tháng 9/2026", DONE_ON_TIME, None),
        # due 30/06 in September, 31/12 since
        ("Quang Trung", "3", DEADLINE, "Tháng 9/2026", "2026-06-30", "2026-12-31"),
    }  # task 4 (80% -> 50%) is a change against October: the sheet of changes lists it


def test_no_history_no_flags() -> None:
    assert history_flags([], NOVEMBER) == []
    assert history_flags([OCTOBER], NOVEMBER) == []  # the previous period only: changes sheet


def test_movers_take_rises_and_falls_in_turn() -> None:
    from nq57xl.history.trends import CommuneTrend, movers

    def commune(name: str, first: float, last: float) -> CommuneTrend:
        return CommuneTrend(name, None, (Figures(first, None, 0, None), Figures(last, None, 0, None)))

    communes = [commune("A", 0.1, 0.9), commune("B", 0.1, 0.8), commune("C", 0.1, 0.7),
                commune("D", 0.1, 0.6), commune("E", 0.5, 0.45), commune("F", 0.5, 0.4),
                commune("G", 0.5, 0.5)]
    assert movers(communes) == (0, 1, 2, 4, 5)  # 3 rises, 2 falls; the unchanged one never
    assert movers(communes[:4]) == (0, 1, 2, 3)  # no fall: rises fill in
