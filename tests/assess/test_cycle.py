"""Recurring tasks with a reporting cycle: "Thiếu báo cáo định kỳ" when not updated
within their last cycle."""

from __future__ import annotations

from datetime import date

import pytest

from nq57xl.assess.status import CYCLE_MISSED, RECURRING, cycle_missed, task_status
from nq57xl.read.deadlines import parse_deadline
from nq57xl.records import Task

AS_OF = date(2026, 12, 1)
MONTHLY = "Nhiệm vụ thường xuyên. Định kỳ hằng tháng báo cáo kết quả"


def _task(deadline: str, updated: date | None) -> Task:
    return Task(stt="1", name="Nhiệm vụ", row=5, section="I", lead="UBND xã",
                deadline=parse_deadline(deadline), state="Đang thực hiện", progress=50,
                updated=updated)


@pytest.mark.parametrize(("deadline", "updated", "missed"), [
    (MONTHLY, date(2026, 11, 1), False),   # exactly one month before: within the cycle
    (MONTHLY, date(2026, 10, 31), True),
    (MONTHLY, None, True),
    ("Thường xuyên; 6 tháng/lần", date(2026, 6, 2), False),
    ("Thường xuyên; 6 tháng/lần", date(2026, 5, 31), True),
    ("Thường xuyên", date(2025, 1, 1), False),  # no cycle named: not this flag
    ("Quý IV/2026", None, False),
])
def test_cycle_missed(deadline, updated, missed):
    task = _task(deadline, updated)
    assert cycle_missed(task, AS_OF) is missed
    status = task_status(task, AS_OF, date(2026, 1, 1))
    assert status.cycle_missed is missed
    if missed:
        assert status.status == RECURRING and CYCLE_MISSED.lower() in status.reason
