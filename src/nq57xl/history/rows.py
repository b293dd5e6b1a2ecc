"""One period as the history file holds it: a :class:`PeriodRecord` of plain rows.

:func:`period_record` takes it from a consolidation made in this run; the importer
(:mod:`.imports`) builds it from an earlier summary; the demo builds earlier months
with it. Row tuples follow the ``*_FIELDS`` orders, which are the columns of the
tables in :mod:`.schema` after ``period``. Values are plain: texts, numbers, ISO dates,
0/1 for yes/no, None for empty.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from ..compare.changes import REPORTED_DONE
from ..indicators import indicator
from ..province.consolidation import MISSING, Consolidation
from ..province.periods import parse_period

COMMUNE_FIELDS: tuple[str, ...] = (
    "commune", "code", "submitted", "late", "rank", "report_date", "tasks", "due_tasks",
    "on_time_rate", "completion_rate", "red_flags", "update_rate", "open_tasks", "stale",
    "errors", "warnings", "file",
)
TASK_FIELDS: tuple[str, ...] = (
    "commune", "code", "section", "stt", "name", "deadline_text", "due", "status", "progress",
    "evidence", "red_flag", "done_date", "updated",
)
VERDICT_FIELDS: tuple[str, ...] = (
    "commune", "code", "section", "stt", "name", "fingerprint", "verdict", "reason",
)
FILE_FIELDS: tuple[str, ...] = ("file", "commune", "outcome", "sha256", "size", "mtime")
#: The plans' indicators (§8): one row per commune and indicator code.
INDICATOR_FIELDS: tuple[str, ...] = (
    "commune", "code", "indicator", "numerator", "denominator", "percent", "figure_date",
    "evidence", "verdict",
)
#: Where a period's rows come from when it was not imported.
RUN = "run"

Row = tuple[Any, ...]


@dataclass(frozen=True)
class PeriodRecord:
    """One period: its label and order, the run's settings and key figures, its rows."""

    period: str
    sort_key: str
    as_of: str | None
    province: str | None
    source: str = RUN
    settings: Mapping[str, Any] = field(default_factory=dict)
    overview: Mapping[str, Any] = field(default_factory=dict)
    communes: tuple[Row, ...] = ()
    tasks: tuple[Row, ...] = ()
    verdicts: tuple[Row, ...] = ()
    files: tuple[Row, ...] = ()
    indicators: tuple[Row, ...] = ()


def plain(value: object) -> Any:
    """A value SQLite stores as is: dates as ISO text, NaN and NA as None, numpy scalars
    as Python numbers, bools as 0/1."""
    kind = type(value)
    if kind is str or kind is int or value is None:  # the common cases first, fast
        return value
    if kind is float:
        return None if value != value else value
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def period_key(period: str | None, as_of: date | None) -> tuple[str, str]:
    """(label, sort key) of a period: "Tháng 10/2026" and "2026-10 2026-10-23".

    The label is the period as the summary names it; without a period, the data date
    ("Ngày 23/10/2026"). The sort key orders periods by their last month, then data date.
    """
    parsed = parse_period(period)
    label = parsed.label if parsed is not None else (period or "").strip()
    if not label:
        label = f"Ngày {as_of:%d/%m/%Y}" if as_of else "Không rõ kỳ"
    month = parsed.last_month if parsed is not None else None
    if month is None and as_of is not None:
        month = (as_of.year, as_of.month)
    head = f"{month[0]:04d}-{month[1]:02d}" if month else "0000-00"
    return label, f"{head} {as_of.isoformat() if as_of else ''}".strip()


def rows(frame: pd.DataFrame | None, fields: Sequence[str],
         rename: Mapping[str, str] | None = None) -> tuple[Row, ...]:
    """The rows of ``frame`` in the order of ``fields`` (``rename``: field -> column)."""
    if frame is None or not len(frame):
        return ()
    rename = rename or {}
    columns = [rename.get(f, f) for f in fields]
    data = frame.reindex(columns=columns)
    return tuple(tuple(plain(v) for v in r) for r in data.itertuples(index=False, name=None))


def open_tasks(row: Mapping[str, Any]) -> int | None:
    """Tasks not reported done: the update rate's denominator (from the status counts)."""
    tasks = plain(row.get("tasks"))
    if tasks is None:
        return None
    done = sum(int(plain(row.get(s)) or 0) for s in REPORTED_DONE)
    return max(0, int(tasks) - done)


def commune_rows(records: Iterable[Mapping[str, Any]]) -> tuple[Row, ...]:
    """Commune rows from records with the keys of "Theo xã" (status counts included)."""
    out = []
    for r in records:
        submitted = plain(r.get("submission")) != MISSING if "submission" in r \
            else bool(r.get("submitted"))
        values = {**r, "submitted": int(submitted), "open_tasks": open_tasks(r) if submitted else None}
        out.append(tuple(plain(values.get(f)) for f in COMMUNE_FIELDS))
    return tuple(out)


def indicator_rows(result: Consolidation) -> tuple[Row, ...]:
    """Rows of :data:`INDICATOR_FIELDS` from the consolidation's indicators: one per
    commune and indicator of the list, reported or not (``verdict`` is the status)."""
    out = []
    for commune in result.indicators:
        for r in commune.results:
            known = indicator(r.code)
            out.append((commune.commune, r.code, known.name if known else r.code, r.numerator,
                        r.denominator, r.value, r.measured, r.evidence, r.status))
    return tuple(out)


def period_record(result: Consolidation, *, source: str = RUN,
                  indicators: Iterable[Row] = ()) -> PeriodRecord:
    """The history record of a consolidation (``indicators``: rows of
    :data:`INDICATOR_FIELDS`; by default those of the consolidation's indicators)."""
    indicators = tuple(indicators) or indicator_rows(result)
    label, key = period_key(result.period, result.as_of)
    settings = {**result.settings.__dict__, "ranking_rule": result.ranking_rule,
                "roster_source": result.roster_source, "version": result.version}
    return PeriodRecord(
        period=label, sort_key=key, as_of=result.as_of.isoformat(), province=result.province,
        source=source, settings={k: plain(v) for k, v in settings.items()},
        overview={k: plain(v) for k, v in result.overview.items()},
        communes=commune_rows(result.communes.to_dict("records")),
        tasks=rows(result.tasks, TASK_FIELDS),
        verdicts=rows(result.review, VERDICT_FIELDS, {"reason": "verdict_reason"}),
        files=rows(result.files, FILE_FIELDS, {"mtime": "modified"}),
        indicators=tuple(tuple(plain(v) for v in r) for r in indicators))
