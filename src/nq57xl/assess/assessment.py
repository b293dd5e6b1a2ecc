"""A commune report assessed as of a date: statuses of its tasks and its figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..records import CommuneReport, TaskStatus
from .figures import commune_figures
from .status import Settings, plan_start, statuses_for


@dataclass(frozen=True)
class Assessment:
    """``statuses[i]`` is the status of ``report.tasks[i]``; ``start`` the plan start."""

    report: CommuneReport
    statuses: tuple[TaskStatus, ...]
    figures: dict[str, object]
    start: date
    as_of: date


def assess(report: CommuneReport, as_of: date, settings: Settings = Settings()) -> Assessment:
    """Statuses and figures of ``report`` as of ``as_of`` with the given thresholds."""
    start = plan_start(report.metadata.plan_date, report.tasks, as_of)
    statuses = statuses_for(report.tasks, as_of, start, settings)
    figures = commune_figures(report.tasks, statuses, as_of)
    return Assessment(report, statuses, figures, start, as_of)
