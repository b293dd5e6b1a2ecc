"""Trends over the periods held, and the changes of past figures the history shows.

:func:`build_trends` takes period records (oldest first, the current one last) and
returns plain data for the sheet "Xu hướng": per commune and for the province, the
on-time rate, completion rate, red flags and update rate of each period.

The province's figures of a period are computed from its commune rows (communes that
reported): on-time and completion rates weighted by due tasks (their denominator),
red flags summed, update rate weighted by the tasks not reported done (its
denominator). This equals the key figures of a run, and works the same for periods
imported from old summaries.

Communes are the same across periods when their codes are equal (by name, with
:func:`~nq57xl.province.roster.name_key`, when a period lacks the code). The communes
that "moved most" are :data:`MOVERS` communes with the largest change of on-time rate
between their first and last period with a rate, rises and falls taken in turn.

:func:`history_flags` compares the current period's tasks with each earlier period
held (tasks paired by section, STT and name, else by name) with
:func:`nq57xl.compare.changes.task_changes`: progress down, a done task no longer done,
a deadline moved later or dropped, evidence removed, and a done task gone. A change
already seen against the previous period (the sheet of changes lists it) is not
repeated; otherwise the most recent earlier period showing it is named.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..compare.changes import REMOVED, REPORTED_DONE, task_changes
from ..compare.snapshot import TaskRecord, clean_date
from ..province.consolidation import COLUMNS
from ..province.roster import name_key
from ..vntext import nfc_lower_spaced
from .rows import COMMUNE_FIELDS, TASK_FIELDS, PeriodRecord

#: The figures followed over time: key of COLUMNS.
MEASURES: tuple[str, ...] = ("on_time_rate", "completion_rate", "red_flags", "update_rate")
#: Communes on the chart of those that moved most.
MOVERS = 5
#: The change listed when a task reported done in an earlier period is gone now.
DONE_GONE = "Nhiệm vụ đã hoàn thành bị bỏ"


@dataclass(frozen=True)
class Figures:
    """The followed figures of a commune or the province in one period."""

    on_time_rate: float | None
    completion_rate: float | None
    red_flags: int | None
    update_rate: float | None

    def get(self, measure: str) -> float | int | None:
        return getattr(self, measure)


@dataclass(frozen=True)
class CommuneTrend:
    """A commune's figures per period (None: no report that period)."""

    commune: str
    code: str | None
    points: tuple[Figures | None, ...]

    def change(self, measure: str = "on_time_rate") -> float | None:
        """Last minus first value of ``measure`` over the periods with a value."""
        values = [p.get(measure) for p in self.points if p is not None]
        values = [v for v in values if v is not None]
        return float(values[-1] - values[0]) if len(values) >= 2 else None


@dataclass(frozen=True)
class HistoryFlag:
    """A change of a commune's past figures, seen against an earlier period held."""

    commune: str
    code: str | None
    section: str | None
    stt: str | None
    name: str | None
    change: str
    period: str
    previous_value: str | None
    current_value: str | None


@dataclass(frozen=True)
class Trends:
    """What "Xu hướng" shows: periods (oldest first), the province, communes, movers, flags."""

    periods: tuple[str, ...]
    province: tuple[Figures, ...]
    communes: tuple[CommuneTrend, ...]
    movers: tuple[int, ...]
    flags: tuple[HistoryFlag, ...] = ()

    @staticmethod
    def label(measure: str) -> str:
        return COLUMNS[measure][0]


def _weighted(pairs: Sequence[tuple[Any, Any]]) -> float | None:
    used = [(float(rate), float(weight)) for rate, weight in pairs
            if rate is not None and weight]
    total = sum(w for _, w in used)
    return sum(r * w for r, w in used) / total if total else None


def province_figures(communes: Sequence[Mapping[str, Any]]) -> Figures:
    """The province's figures from its communes' rows (see the module doc)."""
    rows = [c for c in communes if c.get("submitted")]
    flags = [int(c["red_flags"]) for c in rows if c.get("red_flags") is not None]
    return Figures(_weighted([(c["on_time_rate"], c["due_tasks"]) for c in rows]),
                   _weighted([(c["completion_rate"], c["due_tasks"]) for c in rows]),
                   sum(flags) if flags else None,
                   _weighted([(c["update_rate"], c["open_tasks"]) for c in rows]))


def _figures(row: Mapping[str, Any]) -> Figures:
    return Figures(row["on_time_rate"], row["completion_rate"], row["red_flags"],
                   row["update_rate"])


def commune_key(commune: str, code: str | None) -> str:
    return f"code:{code}" if code else f"name:{name_key(commune)}"


def build_trends(records: Sequence[PeriodRecord], flags: Sequence[HistoryFlag] = ()) -> Trends:
    """The trends of ``records`` (oldest first; the last is the current period)."""
    periods = tuple(r.period for r in records)
    tables = [[dict(zip(COMMUNE_FIELDS, row)) for row in r.communes] for r in records]
    codes = {commune_key(r["commune"], None): commune_key(r["commune"], r["code"])
             for rows in tables for r in rows if r["code"]}  # for periods without codes
    province = []
    by_commune: dict[str, dict[int, Mapping[str, Any]]] = {}
    names: dict[str, tuple[str, str | None]] = {}
    for n, rows in enumerate(tables):
        province.append(province_figures(rows))
        for r in rows:
            if not r["submitted"]:
                continue
            key = commune_key(r["commune"], r["code"])
            key = codes.get(key, key)
            by_commune.setdefault(key, {})[n] = r
            names[key] = (r["commune"], r["code"] or names.get(key, ("", None))[1])
    last = len(records) - 1
    order = sorted(by_commune, key=lambda k: (
        by_commune[k].get(last, {}).get("rank") is None,
        by_commune[k].get(last, {}).get("rank") or 0, name_key(names[k][0])))
    communes = tuple(CommuneTrend(names[k][0], names[k][1], tuple(
        _figures(by_commune[k][n]) if n in by_commune[k] else None for n in range(len(records))))
        for k in order)
    return Trends(periods, tuple(province), communes, movers(communes), tuple(flags))


def movers(communes: Sequence[CommuneTrend], count: int = MOVERS) -> tuple[int, ...]:
    """Indices of the ``count`` communes that moved most: the largest rise of on-time
    rate, the largest fall, the next rise, ... (one side filling in when the other runs
    out), listed from the largest rise to the largest fall."""
    changes = [(c.change(), name_key(c.commune), i) for i, c in enumerate(communes)]
    rises = sorted((m for m in changes if m[0] is not None and m[0] > 0),
                   key=lambda m: (-m[0], m[1]))
    falls = sorted((m for m in changes if m[0] is not None and m[0] < 0),
                   key=lambda m: (m[0], m[1]))
    chosen: list[tuple[float, str, int]] = []
    while len(chosen) < count and (rises or falls):
        for side in (rises, falls):
            if side and len(chosen) < count:
                chosen.append(side.pop(0))
    return tuple(i for _, _, i in sorted(chosen, key=lambda m: (-m[0], m[1])))


# ---------------------------------------------------------------- past figures changed
#: A task of a period and its key as stored: (task, (section, STT, name)).
Keyed = tuple[TaskRecord, tuple[Any, ...]]
_AT = {f: TASK_FIELDS.index(f) for f in TASK_FIELDS}


@functools.lru_cache(maxsize=4096)
def _day(text: str | None) -> date | None:
    """An ISO date of the history file (few distinct ones: cached)."""
    return clean_date(text)


def _loose(t: TaskRecord) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(section, STT, name) and (name,), normalised: for the tasks whose stored texts differ."""
    name = nfc_lower_spaced(t.name or "")
    return (nfc_lower_spaced(t.section or ""), nfc_lower_spaced(t.stt or ""), name), (name,)


def _tasks_by_commune(record: PeriodRecord) -> dict[str, list[Keyed]]:
    """Tasks with their stored key by commune key (the code from the commune rows when a
    task row lacks it)."""
    code_of = {c[0]: c[1] for c in record.communes if c[1]}
    a = _AT
    out: dict[str, list[Keyed]] = {}
    for r in record.tasks:
        commune, section, stt, name = r[a["commune"]], r[a["section"]], r[a["stt"]], r[a["name"]]
        task = TaskRecord(commune, section, stt, name, r[a["deadline_text"]], _day(r[a["due"]]),
                          r[a["status"]], r[a["progress"]], r[a["evidence"]])
        key = commune_key(commune, r[a["code"]] or code_of.get(commune))
        out.setdefault(key, []).append((task, (section, stt, name)))
    return out


def _may_matter(old: TaskRecord, new: TaskRecord) -> bool:
    """A quick test: could :func:`task_changes` find a change worth attention? (It
    decides; most tasks fail this test and skip its text normalisation.)"""
    return ((old.progress is not None and new.progress is not None
             and new.progress < old.progress)
            or (old.status in REPORTED_DONE and new.status not in REPORTED_DONE)
            or old.due != new.due or old.deadline_text != new.deadline_text
            or (bool(old.evidence) and not new.evidence))


def _pairs(before: Sequence[Keyed], now: Sequence[Keyed]
           ) -> list[tuple[TaskRecord | None, Keyed]]:
    """Each current task with its task of ``before``: same stored section, STT and name;
    else the same normalised section, STT and name; else the same normalised name."""
    stored = {key: t for t, key in reversed(before)}
    out: list[tuple[TaskRecord | None, Keyed]] = [(stored.get(key), (t, key)) for t, key in now]
    if all(old is not None for old, _ in out):
        return out
    full: dict[tuple[str, ...], TaskRecord] = {}
    named: dict[tuple[str, ...], TaskRecord] = {}
    for t, _ in before:
        exact, loose = _loose(t)
        full.setdefault(exact, t)
        named.setdefault(loose, t)
    for n, (old, (t, key)) in enumerate(out):
        if old is None:
            exact, loose = _loose(t)
            out[n] = (full.get(exact) or named.get(loose), (t, key))
    return out


def _changes(before: Sequence[Keyed], now: Sequence[Keyed]
             ) -> dict[tuple[Any, ...], tuple[TaskRecord, str, object, object]]:
    """(task key, kind) -> (task, kind, old, new) of the changes worth attention."""
    out: dict[tuple[Any, ...], tuple[TaskRecord, str, object, object]] = {}
    seen: set[int] = set()
    for old, (t, key) in _pairs(before, now):
        if old is None:
            continue
        seen.add(id(old))
        if not _may_matter(old, t):
            continue
        for kind, a, b, attention in task_changes(old, t):
            if attention:
                out[key, kind] = (t, kind, a, b)
    for t, key in before:
        if id(t) not in seen and t.status in REPORTED_DONE:
            out[key, REMOVED] = (t, DONE_GONE, t.status, None)
    return out


def history_flags(earlier: Sequence[PeriodRecord], current: PeriodRecord) -> list[HistoryFlag]:
    """Changes of past figures against the periods held before (module doc).

    ``earlier`` is oldest first; its last period is the previous one. Periods read
    without their tasks (see :data:`nq57xl.history.periods.FLAG_PERIODS`) show nothing.
    """
    if not earlier:
        return []
    now = _tasks_by_commune(current)
    codes = {commune_key(c[0], c[1]): c for c in current.communes if c[2]}
    past = [_tasks_by_commune(r) for r in earlier]
    out: list[HistoryFlag] = []
    for key, tasks in now.items():
        if key not in codes:
            continue
        known = set(_changes(past[-1].get(key, []), tasks)) if key in past[-1] else set()
        found: dict[tuple[Any, ...], HistoryFlag] = {}
        for record, held in zip(reversed(earlier[:-1]), reversed(past[:-1])):
            if key not in held:
                continue
            for change_key, (t, kind, a, b) in _changes(held[key], tasks).items():
                if change_key in known or change_key in found:
                    continue
                found[change_key] = HistoryFlag(
                    codes[key][0], codes[key][1], t.section, t.stt, t.name, kind,
                    record.period, None if a is None else str(a), None if b is None else str(b))
        out.extend(found.values())
    return out
