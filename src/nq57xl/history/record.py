"""A run and the history: record it, and what the summary needs from the periods before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..compare.snapshot import Snapshot
from ..province.consolidation import Consolidation
from .periods import TREND_PERIODS, earlier_records, snapshot_of_record
from .rows import RUN, PeriodRecord, Row, period_record
from .store import BUSY_SECONDS, record_period
from .trends import Trends, build_trends, history_flags


@dataclass(frozen=True)
class RunHistory:
    """A run's record, the trends with the periods held before, and the previous period."""

    record: PeriodRecord
    trends: Trends
    previous: Snapshot | None


def record_run(path: Path | str, consolidation: Consolidation, *,
               indicators: Iterable[Row] = (), recorded_at: datetime | None = None,
               timeout: float = BUSY_SECONDS, source: str = RUN) -> PeriodRecord:
    """Store ``consolidation`` in the history file ``path`` (its period replaced if held).

    ``indicators``: rows of :data:`~nq57xl.history.rows.INDICATOR_FIELDS`.
    """
    record = period_record(consolidation, source=source, indicators=indicators)
    record_period(path, record, recorded_at=recorded_at, timeout=timeout)
    return record


def run_history(path: Path | str, consolidation: Consolidation, *,
                indicators: Iterable[Row] = (), timeout: float = BUSY_SECONDS) -> RunHistory:
    """What the summary shows from the history, before the run is recorded: the trends
    over the last :data:`TREND_PERIODS` periods (this run's last) and the previous period."""
    record = period_record(consolidation, indicators=indicators)
    earlier = earlier_records(path, record, TREND_PERIODS - 1, timeout=timeout)
    trends = build_trends([*earlier, record], history_flags(earlier, record))
    previous = (snapshot_of_record(earlier[-1], f"lịch sử {Path(path).name}: {earlier[-1].period}")
                if earlier else None)
    return RunHistory(record, trends, previous)
