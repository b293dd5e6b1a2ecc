"""One plain tuple per task: what the summary's task tables need from a commune.

The worker process that reads a workbook turns its tasks and their statuses into
tuples of strings, numbers, dates and booleans (:data:`TASK_FIELDS` order). Tuples of
plain values cost far less than the task and status records to send back to the main
process and to keep there for thousands of communes; the main process only adds the
commune's name and code once the roster has been matched.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Task, TaskStatus

#: The fields of a row from :func:`task_rows`, in order.
TASK_FIELDS: tuple[str, ...] = (
    "section", "section_title", "stt", "name", "lead", "director", "deadline_text",
    "deadline_kind", "due", "status", "red_flag", "stale_flag", "due_soon_flag", "progress",
    "expected", "shortfall", "days_overdue", "state", "done", "done_date", "evidence",
    "review", "updated", "reason", "row", "obstacles", "cycle_flag",
)

TaskRow = tuple[object, ...]


def task_rows(tasks: Sequence[Task], statuses: Sequence[TaskStatus]) -> tuple[TaskRow, ...]:
    """The row of each task with its status (``statuses[i]`` belongs to ``tasks[i]``)."""
    if len(tasks) != len(statuses):
        raise ValueError(f"{len(tasks)} tasks but {len(statuses)} statuses")
    return tuple(
        (t.section, t.section_title, t.stt, t.name, t.lead, t.director, t.deadline.text,
         t.deadline.kind, t.deadline.due, st.status, st.red_flag, st.stale, st.due_soon,
         t.progress, None if st.expected is None else round(st.expected, 1),
         None if st.shortfall is None else round(st.shortfall, 1), st.days_overdue, t.state,
         st.reported_done, t.done_date, t.evidence, t.review, t.updated, st.reason, t.row,
         t.issues, st.cycle_missed)
        for t, st in zip(tasks, statuses))
