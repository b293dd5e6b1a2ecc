"""Period over period: what each commune changed since the previous consolidation.

A period is a :class:`~nq57xl.compare.snapshot.Snapshot`: of a
:class:`~nq57xl.province.consolidation.Consolidation` (:func:`nq57xl.compare.snapshot.snapshot_of`), or read
from the ``consolidate --json`` document or a summary workbook by
:func:`nq57xl.compare.periods.load_snapshot`. :func:`compare_snapshots`
pairs the communes (by code when both periods have one, else by name) and, within a
commune, the tasks:

1. same section + STT and similar names (see below)           -> "Mục + STT"
2. still unmatched: names similar, greedy best first (ties by
   previous then current position)                            -> "Tên nhiệm vụ (giống 92%)"
3. still unmatched: same section + STT, names differ          -> "Mục + STT (tên giống 40%)"

Names are compared after NFC, lower case and collapsed spaces with
:class:`difflib.SequenceMatcher`; similar means a ratio of at least :data:`SIMILARITY`.
Step 1 checks the name so that a task renumbered after an insertion is matched by its
name (step 2) rather than by the number it now shares with another task.

Status order (:data:`SEVERITY`, best first) decides "better" and "worse". A task the
commune reported done (status "Hoàn thành đúng hạn", "Hoàn thành quá hạn" or "Chờ
hoàn thiện") that is not reported done now is "Hết hoàn thành" instead of "Trạng thái
xấu đi". Flagged as worth attention ("Đáng chú ý"): progress down, done to not done,
evidence removed, and a dated deadline moved later or dropped.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from ..assess.status import (
    AWAITING_EVIDENCE,
    BEHIND,
    CONDITIONAL,
    DONE_LATE,
    DONE_ON_TIME,
    IN_PROGRESS,
    NO_DEADLINE,
    NOT_STARTED,
    OVERDUE,
    RECURRING,
    format_number,
)
from ..province.consolidation import Consolidation
from ..province.roster import name_key
from ..vntext import nfc_lower_spaced
from .snapshot import CommuneRecord, Snapshot, TaskRecord, snapshot_of

#: Statuses from best to worst.
SEVERITY: tuple[str, ...] = (DONE_ON_TIME, DONE_LATE, RECURRING, CONDITIONAL, IN_PROGRESS,
                             NOT_STARTED, AWAITING_EVIDENCE, NO_DEADLINE, BEHIND, OVERDUE)
#: The statuses of tasks the commune reports done (rules 1-3 of :mod:`nq57xl.assess.status`).
REPORTED_DONE = frozenset({DONE_ON_TIME, DONE_LATE, AWAITING_EVIDENCE})

RANK_MOVED = "Thứ hạng thay đổi"
NOT_DONE = "Hết hoàn thành"
WORSE = "Trạng thái xấu đi"
BETTER = "Trạng thái tốt lên"
DEADLINE = "Đổi thời hạn"
PROGRESS_DOWN = "Tiến độ giảm"
EVIDENCE_REMOVED = "Mất minh chứng"
ADDED = "Nhiệm vụ mới"
REMOVED = "Nhiệm vụ bị bỏ"
#: Every kind of change, in the order rows of one task are listed.
KINDS: tuple[str, ...] = (RANK_MOVED, NOT_DONE, WORSE, BETTER, DEADLINE, PROGRESS_DOWN,
                          EVIDENCE_REMOVED, ADDED, REMOVED)
SIMILARITY = 0.85
RANK_STEP = 5  #: a rank moving by more than this many places is listed
BY_NUMBER = "Mục + STT"

CHANGE_COLUMNS: tuple[str, ...] = (
    "commune", "code", "section", "stt", "name", "change", "previous_value", "previous_due",
    "current_value", "current_due", "attention", "match",
)
TREND_COLUMNS: tuple[str, ...] = ("previous_on_time_rate", "on_time_change", "previous_rank")
TREND_TABLE: tuple[str, ...] = ("rank", "commune", "code", "previous_rank",
                                "previous_on_time_rate", "on_time_rate", "on_time_change")


@dataclass(frozen=True)
class TaskMatch:
    """A task of both periods (or of one: ``how`` is then empty)."""

    commune: str
    previous: TaskRecord | None
    current: TaskRecord | None
    how: str


@dataclass(frozen=True)
class Comparison:
    """Change rows (:data:`CHANGE_COLUMNS`), trend (:data:`TREND_TABLE`) and matches."""

    previous: Snapshot
    current: Snapshot
    changes: pd.DataFrame
    trend: pd.DataFrame
    matches: tuple[TaskMatch, ...]
    only_previous: tuple[str, ...]
    only_current: tuple[str, ...]

    def info(self) -> dict[str, Any]:
        return {"previous": self.previous.meta(), "current": self.current.meta(),
                "only_previous": list(self.only_previous),
                "only_current": list(self.only_current)}

    def progressed(self) -> int:
        """Tasks of both periods whose progress went up."""
        return sum(1 for m in self.matches if m.previous is not None and m.current is not None
                   and m.previous.progress is not None and m.current.progress is not None
                   and m.current.progress > m.previous.progress)

    def newly_done(self) -> int:
        """Tasks of both periods done now (on time or late) and not done before."""
        finished = (DONE_ON_TIME, DONE_LATE)
        return sum(1 for m in self.matches if m.previous is not None and m.current is not None
                   and m.previous.status not in finished and m.current.status in finished)


# ---------------------------------------------------------------- values
def _norm(value: object) -> str:
    return nfc_lower_spaced(str(value or ""))


# ---------------------------------------------------------------- matching
def similarity(a: str | None, b: str | None) -> float:
    """Ratio of :class:`difflib.SequenceMatcher` on normalised names (0 when one is empty)."""
    x, y = _norm(a), _norm(b)
    if x == y:  # the common case, and difflib is slow on long equal names
        return 1.0
    if not x or not y:
        return 0.0
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


def _percent(ratio: float) -> int:
    return int(ratio * 100 + 1e-9)


def match_tasks(previous: Sequence[TaskRecord],
                current: Sequence[TaskRecord]) -> list[tuple[int | None, int | None, str]]:
    """(previous index, current index, how) pairs of one commune's tasks (module doc).

    Matched and added tasks come in the current order, then removed tasks in the
    previous order; ``how`` is empty for added and removed tasks.
    """
    ratios: dict[tuple[int, int], float] = {}

    def ratio(i: int, j: int) -> float:
        if (i, j) not in ratios:
            ratios[i, j] = similarity(previous[i].name, current[j].name)
        return ratios[i, j]

    by_number: dict[tuple[str, str], list[int]] = {}
    for i, t in enumerate(previous):
        by_number.setdefault((_norm(t.section), _norm(t.stt)), []).append(i)
    pairs: dict[int, tuple[int, str]] = {}
    used: set[int] = set()
    for j, t in enumerate(current):
        for i in by_number.get((_norm(t.section), _norm(t.stt)), []):
            if i not in used and ratio(i, j) >= SIMILARITY:
                pairs[j] = (i, BY_NUMBER)
                used.add(i)
                break
    same: dict[str, list[int]] = {}  # identical names first: the best ratio, found fast
    for j in range(len(current)):
        if j not in pairs and _norm(current[j].name):
            same.setdefault(_norm(current[j].name), []).append(j)
    for i in range(len(previous)):
        free = [j for j in same.get(_norm(previous[i].name), []) if j not in pairs]
        if i not in used and free:
            pairs[free[0]] = (i, "Tên nhiệm vụ (giống 100%)")
            used.add(i)
    free_prev = [(i, _norm(previous[i].name)) for i in range(len(previous)) if i not in used]
    matcher = difflib.SequenceMatcher(None, autojunk=False)  # seq2 cached per current task
    candidates: list[tuple[float, int, int]] = []
    for j in (j for j in range(len(current)) if j not in pairs and _norm(current[j].name)):
        matcher.set_seq2(_norm(current[j].name))
        for i, name in free_prev:
            matcher.set_seq1(name)
            if name and matcher.real_quick_ratio() >= SIMILARITY \
                    and matcher.quick_ratio() >= SIMILARITY:
                ratios[i, j] = matcher.ratio()
                if ratios[i, j] >= SIMILARITY:
                    candidates.append((-ratios[i, j], i, j))
    for negative, i, j in sorted(candidates):
        if i not in used and j not in pairs:
            pairs[j] = (i, f"Tên nhiệm vụ (giống {_percent(-negative)}%)")
            used.add(i)
    for j, t in enumerate(current):
        if j in pairs:
            continue
        for i in by_number.get((_norm(t.section), _norm(t.stt)), []):
            if i not in used:
                pairs[j] = (i, f"{BY_NUMBER} (tên giống {_percent(ratio(i, j))}%)")
                used.add(i)
                break
    out: list[tuple[int | None, int | None, str]] = [
        (pairs[j][0], j, pairs[j][1]) if j in pairs else (None, j, "") for j in range(len(current))]
    return out + [(i, None, "") for i in range(len(previous)) if i not in used]


def _pair_communes(previous: Sequence[CommuneRecord], current: Sequence[CommuneRecord]
                   ) -> list[tuple[CommuneRecord | None, CommuneRecord | None]]:
    """Communes of both periods by code when both have one, else by name; then the rest."""
    free = list(previous)
    out: list[tuple[CommuneRecord | None, CommuneRecord | None]] = []
    for c in current:
        found = next((p for p in free if c.code and p.code == c.code), None)
        if found is None:
            found = next((p for p in free if name_key(p.commune) == name_key(c.commune)
                          and not (p.code and c.code and p.code != c.code)), None)
        if found is not None:
            free.remove(found)
        out.append((found, c))
    return out + [(p, None) for p in free]


# ---------------------------------------------------------------- changes
def _row(commune: CommuneRecord, task: TaskRecord | None, kind: str, old: object = None,
         new: object = None, *, attention: bool = False, how: str = "",
         old_due: date | None = None, new_due: date | None = None) -> dict[str, Any]:
    return {"commune": commune.commune, "code": commune.code,
            "section": task.section if task else None, "stt": task.stt if task else None,
            "name": task.name if task else None, "change": kind,
            "previous_value": None if old is None else str(old), "previous_due": old_due,
            "current_value": None if new is None else str(new), "current_due": new_due,
            "attention": attention, "match": how or None}


def _pct(value: float) -> str:
    return f"{format_number(value)}%"


def task_changes(p: TaskRecord, c: TaskRecord) -> list[tuple[str, object, object, bool]]:
    """(kind, old, new, worth attention) of one task matched across periods."""
    out: list[tuple[str, object, object, bool]] = []
    if p.status in REPORTED_DONE and c.status not in REPORTED_DONE:
        out.append((NOT_DONE, p.status, c.status, True))
    elif p.status != c.status and p.status in SEVERITY and c.status in SEVERITY:
        worse = SEVERITY.index(c.status) > SEVERITY.index(p.status)  # type: ignore[arg-type]
        out.append((WORSE if worse else BETTER, p.status, c.status, False))
    if _norm(p.deadline_text) != _norm(c.deadline_text) or p.due != c.due:
        later = p.due is not None and (c.due is None or c.due > p.due)
        out.append((DEADLINE, p.deadline_text, c.deadline_text, later))
    if p.progress is not None and c.progress is not None and c.progress < p.progress:
        out.append((PROGRESS_DOWN, _pct(p.progress), _pct(c.progress), True))
    if p.evidence and not c.evidence:
        out.append((EVIDENCE_REMOVED, p.evidence, None, True))
    return out


def _submitted(snapshot: Snapshot) -> list[CommuneRecord]:
    """Communes that reported, plus any commune named only by tasks."""
    out = [c for c in snapshot.communes if c.submitted]
    known = {c.commune for c in out}
    for t in snapshot.tasks:
        if t.commune not in known:
            known.add(t.commune)
            out.append(CommuneRecord(t.commune, None, None, None, True))
    return out


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
    return frame.where(frame.notna(), None)


def compare_snapshots(previous: Snapshot, current: Snapshot) -> Comparison:
    """Every change from ``previous`` to ``current`` (see the module doc)."""
    def grouped(snapshot: Snapshot) -> dict[str, list[TaskRecord]]:
        out: dict[str, list[TaskRecord]] = {}
        for t in snapshot.tasks:
            out.setdefault(t.commune, []).append(t)
        return out

    prev_tasks, cur_tasks = grouped(previous), grouped(current)
    rows: list[dict[str, Any]] = []
    trend: list[dict[str, Any]] = []
    matches: list[TaskMatch] = []
    pairs = _pair_communes(_submitted(previous), _submitted(current))
    for p, c in pairs:
        if c is None or p is None:
            continue
        if p.rank is not None and c.rank is not None and abs(c.rank - p.rank) > RANK_STEP:
            rows.append(_row(c, None, RANK_MOVED, p.rank, c.rank))
        before, now = prev_tasks.get(p.commune, []), cur_tasks.get(c.commune, [])
        for i, j, how in match_tasks(before, now):
            old, new = (None if i is None else before[i]), (None if j is None else now[j])
            matches.append(TaskMatch(c.commune, old, new, how))
            if old is None:
                rows.append(_row(c, new, ADDED, None, new.status))  # type: ignore[union-attr]
            elif new is None:
                rows.append(_row(c, old, REMOVED, old.status, None))
            else:
                for kind, a, b, flag in task_changes(old, new):
                    dues = {"old_due": old.due, "new_due": new.due} if kind == DEADLINE else {}
                    rows.append(_row(c, new, kind, a, b, attention=flag, how=how, **dues))
    for p, c in pairs:
        if c is not None:
            change = (c.on_time_rate - p.on_time_rate if p is not None and c.on_time_rate
                      is not None and p.on_time_rate is not None else None)
            trend.append({"rank": c.rank, "commune": c.commune, "code": c.code,
                          "previous_rank": p.rank if p else None,
                          "previous_on_time_rate": p.on_time_rate if p else None,
                          "on_time_rate": c.on_time_rate, "on_time_change": change})
    return Comparison(previous, current, _frame(rows, CHANGE_COLUMNS), _frame(trend, TREND_TABLE),
                      tuple(matches), tuple(p.commune for p, c in pairs if c is None and p),
                      tuple(c.commune for p, c in pairs if p is None and c))


def apply_comparison(result: Consolidation, previous: Snapshot) -> Consolidation:
    """``result`` with its changes since ``previous`` and trend columns in ``communes``."""
    comparison = compare_snapshots(previous, snapshot_of(result))
    trend = {(r["commune"], r["code"]): r for r in comparison.trend.to_dict("records")}
    communes = result.communes.copy()
    keys = list(zip(communes["commune"], communes["code"]))
    for column in TREND_COLUMNS:
        communes[column] = pd.Series([trend[k][column] if k in trend else None for k in keys],
                                     index=communes.index, dtype=object)
    return replace(result, communes=communes, changes=comparison.changes,
                   compared_with=comparison.info())
