"""Indicator statuses as of a date and the province's value, on a hand-made case.

As of 2 July 2026 half the plan year has passed: (2/7 − 1/1) = 182 days of 364, so the
straight-line path asks for baseline + (target − baseline) × 0.5.
"""

from __future__ import annotations

from datetime import date

import pytest

from nq57xl.assess.indicators import (
    BEHIND,
    INDICATOR_STATUSES,
    INVALID,
    MET,
    NO_EVIDENCE,
    NOT_REPORTED,
    ON_TRACK,
    assess_indicators,
    path_fraction,
    province_indicators,
)
from nq57xl.indicators import CODES, INDICATORS
from nq57xl.records import IndicatorValue

AS_OF = date(2026, 7, 2)
EV = "Báo cáo 1/BC"


def kpi(code: str, **kw: object) -> IndicatorValue:
    return IndicatorValue(code=code, row=4, **kw)  # type: ignore[arg-type]


def test_path_fraction() -> None:
    assert path_fraction(AS_OF, 2026) == 0.5
    assert path_fraction(date(2025, 12, 1), 2026) == 0.0
    assert path_fraction(date(2027, 3, 1), 2026) == 1.0


@pytest.mark.parametrize(("value", "status", "expected"), [
    # H1: default target 60%
    (kpi("H1", numerator=30, denominator=100, baseline=10, evidence=EV), BEHIND, 35.0),  # 10+50×0.5
    (kpi("H1", numerator=36, denominator=100, baseline=10, evidence=EV), ON_TRACK, 35.0),
    (kpi("H1", numerator=29, denominator=100, evidence=EV), BEHIND, 30.0),  # no baseline: 0+60×0.5
    (kpi("H1", numerator=30, denominator=100), ON_TRACK, 30.0),
    (kpi("H1", numerator=60, denominator=100, evidence=EV), MET, 30.0),
    (kpi("H1", numerator=60, denominator=100), NO_EVIDENCE, 30.0),
    (kpi("H1", percent=40, target=35, evidence=EV), MET, 17.5),  # the plan's own target
    (kpi("H1", percent=20, target=35), ON_TRACK, 17.5),
    (kpi("H1", valid=False), INVALID, None),
    (kpi("H1"), NOT_REPORTED, None),
])
def test_status_of_one_commune(value: IndicatorValue, status: str, expected: float | None) -> None:
    result = assess_indicators([value], AS_OF)[0]
    assert (result.code, result.status, result.expected) == ("H1", status, expected)


def test_every_indicator_has_a_result_in_the_list_order() -> None:
    results = assess_indicators([kpi("C3", percent=10)], AS_OF)
    assert tuple(r.code for r in results) == CODES and len(CODES) == len(INDICATORS) == 30
    assert [r.status for r in results].count(NOT_REPORTED) == 29


def test_plan_year_from_the_plan_date() -> None:
    # a 2025 plan judged in July 2026: its end has passed, the path asks for the target
    result = assess_indicators([kpi("H1", percent=59)], AS_OF, plan_date=date(2025, 3, 1))[0]
    assert (result.status, result.expected) == (BEHIND, 60.0)


def test_province_value_is_sum_of_numerators_over_sum_of_denominators() -> None:
    a = assess_indicators([kpi("H1", numerator=30, denominator=100, baseline=10, evidence=EV),
                           kpi("C15", numerator=90, denominator=100)], AS_OF)
    b = assess_indicators([kpi("H1", numerator=400, denominator=1000, evidence=EV),
                           kpi("C15", valid=False)], AS_OF)
    c = assess_indicators([kpi("H1", percent=70, evidence=EV)], AS_OF)
    totals = {p.code: p for p in province_indicators([a, b, c])}
    h1 = totals["H1"]
    # (30 + 400) / (100 + 1000) = 39.09%; the mean of percentages would be 46.7%
    assert (h1.numerator, h1.denominator, h1.counted, h1.percent_only) == (430, 1100, 2, 1)
    assert h1.value == pytest.approx(100 * 430 / 1100) == pytest.approx(39.0909, abs=1e-4)
    assert h1.met is False and h1.target == 60
    assert dict(h1.counts) == {MET: 1, ON_TRACK: 1, BEHIND: 1, NO_EVIDENCE: 0, INVALID: 0,
                               NOT_REPORTED: 0}
    c15 = totals["C15"]
    assert (c15.value, c15.met, c15.counted) == (90.0, True, 1)  # 90/100 ≥ 80
    assert [c15.count(s) for s in INDICATOR_STATUSES] == [0, 0, 0, 1, 1, 1]
    assert totals["C1"].value is None and totals["C1"].count(NOT_REPORTED) == 3
