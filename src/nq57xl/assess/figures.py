"""A commune's key figures, and the ranking of communes by them.

:func:`commune_figures` turns a commune's tasks and their statuses into an ordered
dict of counts and rates; :func:`rank_communes` ranks communes by those figures
following :data:`RANKING_RULE`. Pure functions: ``as_of`` is always passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ..records import Task, TaskStatus
from ..vntext import strip_diacritics
from .status import DONE_LATE, DONE_ON_TIME, STATUSES

#: The ranking rule, in the words printed next to the ranking.
RANKING_RULE = (
    "Xếp hạng theo tỷ lệ hoàn thành đúng hạn (cao trước), rồi số cảnh báo đỏ "
    "(ít trước), rồi tỷ lệ cập nhật (cao trước); xã chưa có nhiệm vụ đến hạn xếp sau."
)

_DATED_KINDS = ("date", "phased")


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def commune_figures(tasks: Sequence[Task], statuses: Sequence[TaskStatus],
                    as_of: date) -> dict[str, object]:
    """Key figures of one commune, as an ordered dict.

    Keys, in order: "tasks"; "due_tasks" (kind date/phased with due <= as_of);
    "on_time_rate" (due tasks done on time / due tasks); "completion_rate" (due tasks
    done, on time or late / due tasks); "red_flags"; "update_rate" (share of tasks not
    reported done that are not stale); "stale"; "due_soon"; then one count per label
    of :data:`~nq57xl.assess.status.STATUSES`. Rates are floats in 0..1, or None when their
    denominator is 0. ``statuses[i]`` must be the status of ``tasks[i]``.
    """
    if len(tasks) != len(statuses):
        raise ValueError(f"{len(tasks)} tasks but {len(statuses)} statuses")
    dues = [t.deadline.due if t.deadline.kind in _DATED_KINDS else None for t in tasks]
    return figures_of(dues, statuses, as_of)


def figures_of(dues: Sequence[date | None], statuses: Sequence[TaskStatus],
               as_of: date) -> dict[str, object]:
    """:func:`commune_figures` from each task's due date (None unless of a dated kind)
    and status: used again when the province's review changes statuses."""
    due_statuses = [s.status for d, s in zip(dues, statuses) if d is not None and d <= as_of]
    due = len(due_statuses)
    on_time = sum(1 for s in due_statuses if s == DONE_ON_TIME)
    completed = sum(1 for s in due_statuses if s in (DONE_ON_TIME, DONE_LATE))
    open_ = [s for s in statuses if not s.reported_done]
    fresh = sum(1 for s in open_ if not s.stale)

    figures: dict[str, object] = {
        "tasks": len(statuses),
        "due_tasks": due,
        "on_time_rate": _rate(on_time, due),
        "completion_rate": _rate(completed, due),
        "red_flags": sum(1 for s in statuses if s.red_flag),
        "update_rate": _rate(fresh, len(open_)),
        "stale": sum(1 for s in statuses if s.stale),
        "due_soon": sum(1 for s in statuses if s.due_soon),
    }
    for label in STATUSES:
        figures[label] = sum(1 for s in statuses if s.status == label)
    return figures


def _rate_key(value: object) -> tuple[int, float]:
    """Sort key for a rate, higher first, None after every number."""
    if value is None:
        return (1, 0.0)
    return (0, -float(value))  # type: ignore[arg-type]


def ranking_key(figures: Mapping[str, object]) -> tuple[tuple[int, float], int,
                                                        tuple[int, float]]:
    """Sort key of a commune's figures: smaller ranks first (see RANKING_RULE)."""
    red_flags = figures.get("red_flags") or 0
    return (_rate_key(figures.get("on_time_rate")), int(red_flags),  # type: ignore[arg-type]
            _rate_key(figures.get("update_rate")))


def _name_key(name: str) -> tuple[str, str]:
    return (strip_diacritics(name).casefold(), name)


def ranked_order(rows: Sequence[tuple[str, Mapping[str, object]]]) -> list[int]:
    """Indices of ``rows`` in display order: by ranking key, ties by commune name."""
    return sorted(range(len(rows)),
                  key=lambda i: (ranking_key(rows[i][1]), _name_key(rows[i][0]), i))


def rank_communes(rows: Sequence[tuple[str, Mapping[str, object]]]) -> list[int]:
    """The rank of each (name, figures) row, aligned with ``rows``.

    Competition ranking (1, 2, 2, 4): communes with equal ranking keys share a rank,
    so the result does not depend on the order of the rows. See :data:`RANKING_RULE`.
    """
    keys = [ranking_key(figures) for _, figures in rows]
    ordered = sorted(keys)
    first: dict[object, int] = {}
    for position, key in enumerate(ordered, start=1):
        first.setdefault(key, position)
    return [first[key] for key in keys]
