"""Building the summary tables (pandas DataFrames) from assessed submissions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..assess.figures import rank_communes, ranked_order
from ..assess.indicators import province_indicators
from ..assess.status import DONE_LATE, DONE_ON_TIME, STATUSES, Settings
from ..records import Problem
from ..vntext import nfc_lower_strip, tone_key
from .consolidation import (
    AGENCY_COLUMNS,
    ALERT_COLUMNS,
    COMMUNE_COLUMNS,
    FILE_DATA_COLUMNS,
    ISSUE_COLUMNS,
    LATE,
    MISSING,
    MISSING_COLUMNS,
    NOT_ON_ROSTER,
    OBSTACLE_COLUMNS,
    SUBMITTED,
    TASK_COLUMNS,
    CommuneIndicators,
    Consolidation,
)
from .roster import RosterEntry
from .taskrows import TASK_FIELDS

if TYPE_CHECKING:
    from .inputs import Submission


_ABBREVIATIONS = (
    (re.compile(r"\bvh\s*-?\s*xh\b"), "văn hóa xã hội"),
    (re.compile(r"\bvhxh\b"), "văn hóa xã hội"),
    (re.compile(r"\bp\.\s*"), "phòng "),
    (re.compile(r"\bhđnd\s*&\s*u\s*bnd\b"), "hđnd và ubnd"),
)
_AGENCY_PUNCT = re.compile(r"[\s\-–—;,.:&]+")


@lru_cache(maxsize=8192)
def agency_key(lead: str) -> str:
    """A lead agency reduced so that spelling variants group together.

    "Phòng VH-XH", "Phòng Văn hóa - Xã hội" and "Phòng Văn hoá – Xã hội" give one key.
    """
    text = nfc_lower_strip(lead)
    for pattern, repl in _ABBREVIATIONS:
        text = pattern.sub(repl, text)
    text = _AGENCY_PUNCT.sub(" ", text).strip()
    return tone_key(text)


def _agency_names(leads: Sequence[str]) -> dict[str, str]:
    """Each lead's display name: the most frequent spelling of its group."""
    counts = Counter(leads)
    groups: dict[str, Counter[str]] = {}
    for lead, n in counts.items():
        groups.setdefault(agency_key(lead), Counter())[lead] += n
    best = {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in groups.items()}
    return {lead: best[agency_key(lead)] for lead in counts}


def _problem_row(p: Problem, commune: str | None) -> dict[str, object]:
    return {"commune": commune, "file": p.file, "sheet": p.sheet, "cell": p.cell,
            "issue_code": p.code, "severity": p.severity, "message": p.message, "value": p.value}


def _frame(rows: list[dict[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns``; missing values are None."""
    df = pd.DataFrame(rows, columns=list(columns), dtype=object)
    return df.where(df.notna(), None)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


#: The fields of a task record in the main process: the commune, the worker's row, the file.
ROW_FIELDS: tuple[str, ...] = ("commune", "code", *TASK_FIELDS, "file", "sheet")
_AT = {name: i for i, name in enumerate(ROW_FIELDS)}
_COMMUNE, _LEAD, _DUE, _STATUS = _AT["commune"], _AT["lead"], _AT["due"], _AT["status"]
_RED, _STALE, _DONE = _AT["red_flag"], _AT["stale_flag"], _AT["done"]
_OBSTACLES = _AT["obstacles"]
NO_LEAD = "(chưa ghi cơ quan chủ trì)"
DUPLICATE_OUTCOME = "Bỏ qua: trùng xã, dùng tệp mới hơn"


def build_consolidation(*, submissions: Sequence["Submission"], extra_problems: list[Problem],
                        roster: list[RosterEntry], as_of: date, province: str | None,
                        period: str | None, settings: Settings, ranking_rule: str,
                        version: str, roster_source: str, folder: Path) -> Consolidation:
    kept = [s for s in submissions if s.kept and (s.rows or s.report.metadata.commune)]
    names = [_commune_name(s) for s in kept]
    order = ranked_order(list(zip(names, (s.figures for s in kept))))
    ranks = rank_communes(list(zip(names, (s.figures for s in kept))))

    commune_rows: list[dict[str, object]] = []
    records: list[tuple[object, ...]] = []
    for i in order:
        s = kept[i]
        report = s.report
        fig = s.figures
        code = s.entry.code if s.entry else None
        commune_rows.append({
            "rank": ranks[i], "commune": names[i], "code": code,
            "submission": (LATE if s.late else SUBMITTED) if (s.entry or not roster) else NOT_ON_ROSTER,
            "report_date": report.metadata.report_date, "late": s.late,
            **{k: fig[k] for k in ("tasks", "due_tasks", "on_time_rate", "completion_rate",
                                   "red_flags", "update_rate", "stale", "due_soon")},
            **{label: fig[label] for label in STATUSES},
            "errors": len(report.errors) + sum(p.severity == "error" for p in s.extra),
            "warnings": len(report.warnings) + sum(p.severity == "warning" for p in s.extra),
            "file": s.input.name,
        })
        head, tail = (names[i], code), (s.input.name, report.sheet)
        records.extend([head + row + tail for row in s.rows])
    submitted_entries = {s.entry for s in kept if s.entry}
    missing_rows = [{"code": e.code, "full_name": e.full_name, "commune": e.name,
                     "province": e.province} for e in roster if e not in submitted_entries]
    for m in missing_rows:
        commune_rows.append({"commune": m["commune"], "code": m["code"], "submission": MISSING,
                             "late": False})

    display = _agency_names([r[_LEAD] for r in records if r[_LEAD]])
    agencies = [display[r[_LEAD]] if r[_LEAD] else NO_LEAD for r in records]

    issue_rows = [_problem_row(p, None) for p in extra_problems]
    for s in submissions:
        commune = _commune_name(s)
        issue_rows += [_problem_row(p, commune) for p in (*s.report.problems, *s.extra)]

    tasks = _task_frame(records, agencies)
    alerts = tasks.loc[tasks["red_flag"].astype(bool), list(ALERT_COLUMNS)].reset_index(drop=True)
    files = _frame([{"file": s.input.name, "commune": _commune_name(s),
                     "identified_by": s.identified_by or None, "outcome": _outcome(s), "sha256": s.sha256, "size": s.size,
                     "modified": s.modified} for s in submissions]
                   + [{"file": p.file, "outcome": "Bỏ qua: " + (p.message.removeprefix("Bỏ qua tệp: ").rstrip("."))}
                      for p in extra_problems if p.code == "skipped-file"], FILE_DATA_COLUMNS)
    counted = Counter(r[_STATUS] for r in records)
    totals = {label: counted[label] for label in STATUSES}
    overview = _overview(kept, roster, missing_rows, records, submissions, as_of)
    indicators = tuple(CommuneIndicators(names[i], kept[i].entry.code if kept[i].entry else None,
                                         kept[i].input.name, kept[i].report.indicator_sheet,
                                         kept[i].indicators) for i in order)
    return Consolidation(
        as_of=as_of, province=province, period=period, settings=settings,
        communes=_frame(commune_rows, COMMUNE_COLUMNS), tasks=tasks, alerts=alerts,
        issues=_frame(issue_rows, ISSUE_COLUMNS), missing=_frame(missing_rows, MISSING_COLUMNS),
        agencies=_agencies(records, agencies, as_of), files=files, overview=overview,
        status_totals=totals, ranking_rule=ranking_rule, version=version,
        roster_source=roster_source, folder=folder.absolute(),
        obstacles=_obstacles(records, agencies), indicators=indicators,
        indicator_totals=province_indicators([c.results for c in indicators]),
    )


def _task_frame(records: list[tuple[object, ...]], agencies: list[str]) -> pd.DataFrame:
    """The task table: :data:`ROW_FIELDS` plus the agency, in the summary's column order.

    Records hold plain values only (never NaN), so no clean-up pass is needed.
    """
    df = pd.DataFrame(records, columns=list(ROW_FIELDS), dtype=object)
    df["agency"] = pd.Series(agencies, index=df.index, dtype=object)
    return df[[*TASK_COLUMNS, "director", "deadline_kind", "days_overdue", "shortfall"]]


def _commune_name(s: "Submission") -> str:
    if s.entry is not None:
        return s.entry.name
    return s.report.metadata.commune or s.input.name


def _outcome(s: "Submission") -> str:
    report = s.report
    if not s.kept:
        return s.left_out or DUPLICATE_OUTCOME
    known = f"; nhận diện xã theo {s.identified_by}" if s.identified_by else ""
    if not s.rows:
        return "Không đọc được nhiệm vụ" + known
    return (f"Đọc {len(s.rows)} nhiệm vụ; {len(report.errors)} lỗi, "
            f"{len(report.warnings)} cảnh báo{known}")


def _overview(kept: Sequence["Submission"], roster: list[RosterEntry], missing_rows: list,
              records: list[tuple[object, ...]], submissions: Sequence["Submission"],
              as_of: date) -> dict[str, object]:
    due = [r for r in records if r[_DUE] is not None and r[_DUE] <= as_of]
    on_time = sum(r[_STATUS] == DONE_ON_TIME for r in due)
    done = sum(r[_STATUS] in (DONE_ON_TIME, DONE_LATE) for r in due)
    not_done = [r for r in records if not r[_DONE]]
    on_roster = [s for s in kept if s.entry is not None]
    return {
        "expected": len(roster) if roster else len(kept),
        "submitted": len(on_roster) if roster else len(kept),
        "missing": len(missing_rows),
        "late": sum(s.late for s in kept),
        "not_on_roster": sum(1 for s in kept if s.entry is None) if roster else 0,
        "files": len(submissions),
        "files_with_errors": sum(1 for s in submissions if s.report.errors),
        "tasks": len(records),
        "due_tasks": len(due),
        "on_time_rate": _rate(on_time, len(due)),
        "completion_rate": _rate(done, len(due)),
        "red_flags": sum(bool(r[_RED]) for r in records),
        "update_rate": _rate(sum(not r[_STALE] for r in not_done), len(not_done)),
    }


def _agencies(records: list[tuple[object, ...]], agencies: list[str],
              as_of: date) -> pd.DataFrame:
    groups: dict[str, list[tuple[object, ...]]] = {}
    for r, agency in zip(records, agencies):
        groups.setdefault(agency, []).append(r)
    rows = []
    for agency in sorted(groups, key=lambda a: (-len(groups[a]), a)):
        items = groups[agency]
        due = [r for r in items if r[_DUE] is not None and r[_DUE] <= as_of]
        statuses = Counter(r[_STATUS] for r in items)
        rows.append({
            "agency": agency, "tasks": len(items), "due_tasks": len(due),
            "on_time_rate": _rate(sum(r[_STATUS] == DONE_ON_TIME for r in due), len(due)),
            "red_flags": sum(bool(r[_RED]) for r in items),
            **{label: statuses[label] for label in STATUSES},
        })
    return _frame(rows, AGENCY_COLUMNS)


def _obstacles(records: list[tuple[object, ...]], agencies: list[str]) -> pd.DataFrame:
    """The tasks with a "Khó khăn, vướng mắc", grouped by lead agency, then commune."""
    rows = [{"agency": agency, **{k: r[_AT[k]] for k in OBSTACLE_COLUMNS if k in _AT}}
            for r, agency in zip(records, agencies)
            if r[_OBSTACLES] and str(r[_OBSTACLES]).strip()]
    rows.sort(key=lambda row: (tone_key(nfc_lower_strip(str(row["agency"]))),
                               tone_key(nfc_lower_strip(str(row["commune"]))), int(row["row"] or 0)))
    return _frame(rows, OBSTACLE_COLUMNS)
