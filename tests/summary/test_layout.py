"""Column widths of the summary: counting each distinct value once changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from nq57xl.summary import layout as sheet_layout
from nq57xl.summary.layout import column_width

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**7, 10**7),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(date(2000, 1, 1), date(2040, 1, 1)),
    st.text(max_size=80), st.sampled_from(["Quá hạn", "Đang thực hiện", "x", "", "  "]),
)
#: A key of each kind: text, link, int, rate, number, date, bool.
KEYS = ("commune", "file", "tasks", "on_time_rate", "progress", "report_date", "late")


@settings(max_examples=examples(150), deadline=None)
@given(key=st.sampled_from(KEYS), values=st.lists(VALUES, max_size=60))
def test_width_is_that_of_every_value(key: str, values: list[object]) -> None:
    fitted = column_width(key, values)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sheet_layout, "_distinct", lambda v: v)
        assert column_width(key, values) == fitted


def test_booleans_are_not_merged_with_ones() -> None:
    # True == 1 in a set; a text column shows them differently, so both must count.
    assert sheet_layout._distinct([True, 1, 1]) == [True, 1, 1]
    assert sorted(sheet_layout._distinct([3, 1, 3, 1])) == [1, 3]


def test_repeated_values_widen_a_column_like_one() -> None:
    once = column_width("commune", ["Xã Nghĩa Đàn có tên khá dài"])
    assert column_width("commune", ["Xã Nghĩa Đàn có tên khá dài"] * 500 + ["A"]) == once
