"""Tests of nq57xl.read.deadlines.parse_deadline."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from nq57xl.read.deadlines import KINDS, last_day_of_month, parse_deadline
from nq57xl.records import Deadline

D = date

# (text, kind, due, period_months)
CASES: list[tuple[str, str, date | None, int | None]] = [
    # full dates
    ("15/4/2026", "date", D(2026, 4, 15), None),
    ("31/12/2025", "date", D(2025, 12, 31), None),
    ("01/01/2026", "date", D(2026, 1, 1), None),
    ("15-4-2026", "date", D(2026, 4, 15), None),
    ("15.4.2026", "date", D(2026, 4, 15), None),
    ("2026-04-15", "date", D(2026, 4, 15), None),
    ("15/4/26", "date", D(2026, 4, 15), None),
    ("29/02/2028", "date", D(2028, 2, 29), None),
    ("Trước ngày 15/4/2026", "date", D(2026, 4, 15), None),
    # months
    ("Tháng 6/2026", "date", D(2026, 6, 30), None),
    ("tháng 02/2026", "date", D(2026, 2, 28), None),
    ("Tháng 3/2026 ¹", "date", D(2026, 3, 31), None),
    ("Tháng 03/2026 ⁴", "date", D(2026, 3, 31), None),
    ("Tháng 3/2026*", "date", D(2026, 3, 31), None),
    ("**Tháng 12/2026**", "date", D(2026, 12, 31), None),
    ("tháng 6 năm 2026", "date", D(2026, 6, 30), None),
    ("T6/2026", "date", D(2026, 6, 30), None),
    ("06/2026", "date", D(2026, 6, 30), None),
    ("  Tháng\n6/2026  ", "date", D(2026, 6, 30), None),
    # quarters
    ("Quý I/2026", "date", D(2026, 3, 31), None),
    ("Quý II/2026", "date", D(2026, 6, 30), None),
    ("Quý I/Năm 2026", "date", D(2026, 3, 31), None),
    ("Quý III/2026", "date", D(2026, 9, 30), None),
    ("Quý IV năm 2026", "date", D(2026, 12, 31), None),
    ("Quý 2/2026", "date", D(2026, 6, 30), None),
    # years and halves
    ("Năm 2026", "date", D(2026, 12, 31), None),
    ("2026", "date", D(2026, 12, 31), None),
    ("Năm 2026 (thực hiện theo chỉ đạo của Bộ Công an)", "date", D(2026, 12, 31), None),
    ("Năm 2026 <i>(thực hiện theo chỉ đạo của Bộ Công an)</i>", "date", D(2026, 12, 31), None),
    ("Trong năm 2026", "date", D(2026, 12, 31), None),
    ("Cả năm 2026", "date", D(2026, 12, 31), None),
    ("6 tháng đầu năm 2026", "date", D(2026, 6, 30), None),
    ("6 tháng cuối năm 2026", "date", D(2026, 12, 31), None),
    # recurring
    ("Nhiệm vụ thường xuyên", "recurring", None, None),
    ("Thường xuyên", "recurring", None, None),
    ("thường xuyên", "recurring", None, None),
    ("Thường xuyên theo tiến độ Trung ương", "recurring", None, None),
    ("Hằng năm", "recurring", None, 12),
    ("Hàng năm", "recurring", None, 12),
    ("Hằng tháng", "recurring", None, 1),
    ("Hàng quý", "recurring", None, 3),
    ("Hằng quý", "recurring", None, 3),
    ("Thường xuyên; 6 tháng/lần", "recurring", None, 6),
    ("Nhiệm vụ thường xuyên. Định kỳ hằng tháng báo cáo kết quả", "recurring", None, 1),
    ("Thường xuyên; báo cáo trước 15/12/2026", "recurring", None, None),
    # conditional
    ("Sau khi Đề án được ban hành", "conditional", None, None),
    ("Sau khi Nghị định được ban hành", "conditional", None, None),
    ("Sau khi Bộ quy tắc được ban hành", "conditional", None, None),
    ("Theo tiến độ trong 2629/QĐ-TTg", "conditional", None, None),
    ("Theo kế hoạch đã ban hành", "conditional", None, None),
    ("Theo tiến độ triển khai Đề án 06/CP", "conditional", None, None),
    ("Theo nhiệm vụ được giao tại Kế hoạch số 230-KH/TU", "conditional", None, None),
    ("Theo lộ trình của Trung ương", "conditional", None, None),
    ("Theo chỉ đạo của UBND tỉnh", "conditional", None, None),
    # phased
    ("- Phê duyệt: Tháng 01/2026 - Thực hiện 2026 và các năm tiếp theo",
     "phased", D(2026, 1, 31), None),
    ("- Phê duyệt KH: Quý I/Năm 2026 - Triển khai thực hiện: 2026",
     "phased", D(2026, 3, 31), None),
    ("- Phê duyệt KH: 2026 - Triển khai thực hiện: 2026", "phased", D(2026, 12, 31), None),
    ("- Phê duyệt KH: Quý I/Năm 2026\n- Triển khai thực hiện: 2026 và các năm tiếp theo",
     "phased", D(2026, 3, 31), None),
    # not understood / invalid
    ("abc", "unknown", None, None),
    ("Sớm", "unknown", None, None),
    ("xx/yy", "unknown", None, None),
    ("Triển khai thực hiện Đề án 06/CP", "unknown", None, None),
    ("31/02/2026", "unknown", None, None),
    ("29/02/2026", "unknown", None, None),
    ("15/13/2026", "unknown", None, None),
    ("Tháng 13/2026", "unknown", None, None),
    ("Quý V/2026", "unknown", None, None),
    ("Quý 5/2026", "unknown", None, None),
    ("06/1999", "unknown", None, None),
    ("Năm 2629", "unknown", None, None),
    # typed without diacritics
    ("Quy II/2026", "date", D(2026, 6, 30), None),
    ("Thang 6/2026", "date", D(2026, 6, 30), None),
    ("Nam 2026", "date", D(2026, 12, 31), None),
    ("Thuong xuyen", "recurring", None, None),
    ("Hang thang", "recurring", None, 1),
    ("Sau khi De an duoc ban hanh", "conditional", None, None),
    ("- Phe duyet: Thang 01/2026 - Thuc hien 2026", "phased", D(2026, 1, 31), None),
]


@pytest.mark.parametrize(("text", "kind", "due", "period"), CASES)
def test_grammar(text: str, kind: str, due: date | None, period: int | None) -> None:
    parsed = parse_deadline(text)
    assert (parsed.kind, parsed.due, parsed.period_months) == (kind, due, period)
    assert parsed.text == text.strip()


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t "])
def test_blank(value: object) -> None:
    assert parse_deadline(value) == Deadline(None, "unknown")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 4, 15), Deadline("15/04/2026", "date", date(2026, 4, 15))),
        (datetime(2026, 6, 30, 0, 0), Deadline("30/06/2026", "date", date(2026, 6, 30))),
        (datetime(2026, 6, 30, 17, 45), Deadline("30/06/2026", "date", date(2026, 6, 30))),
        (46022, Deadline("31/12/2025", "date", date(2025, 12, 31))),
        (46022.0, Deadline("31/12/2025", "date", date(2025, 12, 31))),
        (46022.75, Deadline("31/12/2025", "date", date(2025, 12, 31))),
        (36526, Deadline("01/01/2000", "date", date(2000, 1, 1))),
        (73050, Deadline("31/12/2099", "date", date(2099, 12, 31))),
        (73051, Deadline("73051", "unknown")),
        (2026, Deadline("2026", "date", date(2026, 12, 31))),
        (5, Deadline("5", "unknown")),
        (5.0, Deadline("5", "unknown")),
        (73052, Deadline("73052", "unknown")),
        (-1, Deadline("-1", "unknown")),
        (float("nan"), Deadline(None, "unknown")),
        (True, Deadline("True", "unknown")),
        ([1, 2], Deadline("[1, 2]", "unknown")),
    ],
)
def test_excel_cells(value: object, expected: Deadline) -> None:
    assert parse_deadline(value) == expected


def test_last_day_of_month() -> None:
    assert last_day_of_month(2026, 2) == date(2026, 2, 28)
    assert last_day_of_month(2028, 2) == date(2028, 2, 29)
    assert last_day_of_month(2026, 12) == date(2026, 12, 31)
    with pytest.raises(ValueError):
        last_day_of_month(2026, 13)


def test_kinds() -> None:
    assert KINDS == ("date", "recurring", "conditional", "phased", "unknown")


def test_cached_results_are_equal() -> None:
    assert parse_deadline("Tháng 6/2026") is parse_deadline("Tháng 6/2026")
    assert parse_deadline(" Tháng 6/2026 ").text == "Tháng 6/2026"


@settings(max_examples=examples(500))
@given(st.text())
def test_never_raises(text: str) -> None:
    parsed = parse_deadline(text)
    assert parsed.kind in KINDS
    assert (parsed.due is not None) == (parsed.kind in ("date", "phased"))


@given(st.one_of(st.none(), st.integers(), st.floats(), st.dates(), st.datetimes()))
def test_never_raises_on_cells(value: object) -> None:
    parsed = parse_deadline(value)
    assert parsed.kind in KINDS
    assert (parsed.due is not None) == (parsed.kind in ("date", "phased"))


@given(st.integers(2000, 2099), st.integers(1, 12), st.sampled_from(["Tháng", "tháng", "Thang", "T"]))
def test_month_is_last_day(year: int, month: int, prefix: str) -> None:
    parsed = parse_deadline(f"{prefix} {month}/{year}")
    assert parsed.kind == "date"
    assert parsed.due == last_day_of_month(year, month)
