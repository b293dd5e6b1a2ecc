"""Excel date serials that are not dates (NaN, infinities, far out of range) are never a
day: before, a NaN serial silently became 30/12/1899."""

from __future__ import annotations

import math
from datetime import date

import pytest

from nq57xl.read.cells import CellValueError, parse_date
from nq57xl.read.deadlines import parse_deadline
from nq57xl.read.serials import date_from_serial


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, -1e12, 1e12, 73051.0])
def test_impossible_serials_are_no_date(value: float) -> None:
    assert date_from_serial(value) is None
    with pytest.raises(CellValueError):
        parse_date(value)
    assert parse_deadline(value).kind == "unknown"


def test_a_real_serial_is_its_day() -> None:
    assert parse_date(46348.0) == date(2026, 11, 22)
