"""One period's results as the comparison of periods needs them: a :class:`Snapshot`.

:func:`snapshot_of` takes it from a consolidation made in this run;
:func:`nq57xl.compare.periods.load_snapshot` reads it from the ``consolidate --json``
document or a summary workbook, cleaning each value with the ``clean_*`` functions
here (values from old or hand-edited files may be texts, NaN or missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..errors import Nq57Error
from ..province.consolidation import MISSING, Consolidation
from ..vntext import nfc

TASK_KEYS: tuple[str, ...] = ("commune", "code", "section", "stt", "name", "deadline_text",
                              "due", "status", "progress", "evidence")
COMMUNE_KEYS: tuple[str, ...] = ("rank", "commune", "code", "submission", "on_time_rate")


class SnapshotError(Nq57Error, ValueError):
    """A period's results that cannot be read; the message is Vietnamese."""


@dataclass(frozen=True)
class TaskRecord:
    """One task of one period, as far as the comparison needs it."""

    commune: str
    section: str | None
    stt: str | None
    name: str | None
    deadline_text: str | None
    due: date | None
    status: str | None
    progress: float | None
    evidence: str | None


@dataclass(frozen=True)
class CommuneRecord:
    """One commune of one period."""

    commune: str
    code: str | None
    rank: int | None
    on_time_rate: float | None
    submitted: bool


@dataclass(frozen=True)
class Snapshot:
    """The results of one period: where they came from, communes and tasks."""

    source: str
    as_of: date | None
    period: str | None
    communes: tuple[CommuneRecord, ...]
    tasks: tuple[TaskRecord, ...]

    def meta(self) -> dict[str, Any]:
        return {"source": self.source, "period": self.period,
                "as_of": self.as_of.isoformat() if self.as_of else None}


def stored_text(value: object) -> str | None:
    """Stripped NFC text, None when empty; whole floats without ".0"."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(str(value)).strip()
    return text or None


def clean_number(value: object) -> float | None:
    """A float from a number or a text like "62,5"; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ".").rstrip("%"))
        except ValueError:
            return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def clean_date(value: object) -> date | None:
    """A date from a date, a datetime or an ISO text; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def clean_rank(value: object) -> int | None:
    number = clean_number(value)
    return None if number is None else int(number)


def task_record(row: dict[str, Any]) -> TaskRecord:
    """A task from a row with the keys of :data:`TASK_KEYS` (code not needed)."""
    text = {k: stored_text(row[k]) for k in ("section", "stt", "name", "deadline_text",
                                            "status", "evidence")}
    return TaskRecord(commune=stored_text(row["commune"]) or "", due=clean_date(row["due"]),
                      progress=clean_number(row["progress"]), **text)


def commune_record(row: dict[str, Any]) -> CommuneRecord:
    """A commune from a row with the keys of :data:`COMMUNE_KEYS`."""
    return CommuneRecord(stored_text(row["commune"]) or "", stored_text(row["code"]),
                         clean_rank(row["rank"]), clean_number(row["on_time_rate"]),
                         stored_text(row["submission"]) != MISSING)


def snapshot_of(result: Consolidation, source: str = "") -> Snapshot:
    """The snapshot of a consolidation made in this run."""
    communes = [commune_record(r) for r in result.communes.to_dict("records")]
    tasks = [task_record(r) for r in result.tasks.to_dict("records")]
    return Snapshot(source, result.as_of, result.period, tuple(communes), tuple(tasks))
