"""Building the summary tables (pandas DataFrames) from assessed submissions."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .figures import rank_communes, ranked_order
from .records import Problem
from .results import (AGENCY_COLUMNS, ALERT_COLUMNS, COMMUNE_COLUMNS, FILE_COLUMNS,
                      ISSUE_COLUMNS, MISSING_COLUMNS, TASK_COLUMNS, Consolidation)
from .roster import RosterEntry, tone_key
from .status import DONE_LATE, DONE_ON_TIME, STATUSES, Settings

if TYPE_CHECKING:
    from .consolidate import Submission

SUBMITTED = "Đã nộp"
LATE = "Nộp muộn"
MISSING = "Chưa nộp"
NOT_ON_ROSTER = "Ngoài danh sách"

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
    text = unicodedata.normalize("NFC", lead).lower().strip()
    for pattern, repl in _ABBREVIATIONS:
        text = pattern.sub(repl, text)
    text = _AGENCY_PUNCT.sub(" ", text).strip()
    return tone_key(text)


def _agency_names(leads: Sequence[str]) -> dict[str, str]:
    """Each lead's display name: the most frequent spelling of its group."""
    groups: dict[str, Counter[str]] = {}
    for lead in leads:
        groups.setdefault(agency_key(lead), Counter())[lead] += 1
    best = {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in groups.items()}
    return {lead: best[agency_key(lead)] for lead in set(leads)}


def _problem_row(p: Problem, commune: str | None) -> dict[str, object]:
    return {"commune": commune, "file": p.file, "sheet": p.sheet, "cell": p.cell,
            "issue_code": p.code, "severity": p.severity, "message": p.message, "value": p.value}


def _frame(rows: list[dict[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns``; missing values are None."""
    df = pd.DataFrame(rows, columns=list(columns), dtype=object)
    return df.where(df.notna(), None)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def build_consolidation(*, submissions: Sequence["Submission"], extra_problems: list[Problem],
                        roster: list[RosterEntry], as_of: date, province: str | None,
                        period: str | None, settings: Settings, ranking_rule: str,
                        version: str, roster_source: str, folder: Path) -> Consolidation:
    kept = [s for s in submissions if s.kept and (s.assessment.report.tasks
                                                  or s.assessment.report.metadata.commune)]
    names = [_commune_name(s) for s in kept]
    order = ranked_order(list(zip(names, (s.assessment.figures for s in kept))))
    ranks = rank_communes(list(zip(names, (s.assessment.figures for s in kept))))

    commune_rows: list[dict[str, object]] = []
    task_rows: list[dict[str, object]] = []
    for i in order:
        s = kept[i]
        report = s.assessment.report
        fig = s.assessment.figures
        commune_rows.append({
            "rank": ranks[i], "commune": names[i], "code": s.entry.code if s.entry else None,
            "submission": (LATE if s.late else SUBMITTED) if (s.entry or not roster) else NOT_ON_ROSTER,
            "report_date": report.metadata.report_date, "late": s.late,
            **{k: fig[k] for k in ("tasks", "due_tasks", "on_time_rate", "completion_rate",
                                   "red_flags", "update_rate", "stale", "due_soon")},
            **{label: fig[label] for label in STATUSES},
            "errors": len(report.errors) + sum(p.severity == "error" for p in s.extra),
            "warnings": len(report.warnings) + sum(p.severity == "warning" for p in s.extra),
            "file": s.input.name,
        })
        for task, st in zip(report.tasks, s.assessment.statuses):
            task_rows.append({
                "commune": names[i], "code": s.entry.code if s.entry else None,
                "section": task.section, "section_title": task.section_title, "stt": task.stt,
                "name": task.name, "lead": task.lead, "director": task.director,
                "deadline_text": task.deadline.text, "deadline_kind": task.deadline.kind,
                "due": task.deadline.due, "status": st.status, "red_flag": st.red_flag,
                "stale_flag": st.stale, "due_soon_flag": st.due_soon, "progress": task.progress,
                "expected": None if st.expected is None else round(st.expected, 1),
                "shortfall": None if st.shortfall is None else round(st.shortfall, 1),
                "days_overdue": st.days_overdue, "state": task.state, "done": st.reported_done,
                "done_date": task.done_date, "evidence": task.evidence, "review": task.review,
                "updated": task.updated, "reason": st.reason, "file": s.input.name,
                "sheet": report.sheet, "row": task.row,
            })
    submitted_entries = {s.entry for s in kept if s.entry}
    missing_rows = [{"code": e.code, "full_name": e.full_name, "commune": e.name,
                     "province": e.province} for e in roster if e not in submitted_entries]
    for m in missing_rows:
        commune_rows.append({"commune": m["commune"], "code": m["code"], "submission": MISSING,
                             "late": False})

    leads = [r["lead"] for r in task_rows if r["lead"]]
    display = _agency_names(leads)
    for r in task_rows:
        r["agency"] = display.get(r["lead"]) if r["lead"] else "(chưa ghi cơ quan chủ trì)"

    issue_rows = [_problem_row(p, None) for p in extra_problems]
    for s in submissions:
        commune = _commune_name(s)
        issue_rows += [_problem_row(p, commune) for p in (*s.assessment.report.problems, *s.extra)]

    tasks = _frame(task_rows, (*TASK_COLUMNS, "director", "deadline_kind", "days_overdue",
                               "shortfall"))
    alerts = _frame([r for r in task_rows if r["red_flag"]], ALERT_COLUMNS)
    files = _frame([{"file": s.input.name, "commune": _commune_name(s),
                     "outcome": _outcome(s), "sha256": s.sha256, "size": s.size,
                     "modified": s.modified} for s in submissions]
                   + [{"file": p.file, "outcome": "Bỏ qua: " + (p.message.removeprefix("Bỏ qua tệp: ").rstrip("."))}
                      for p in extra_problems if p.code == "skipped-file"], FILE_COLUMNS)
    totals = {label: sum(1 for r in task_rows if r["status"] == label) for label in STATUSES}
    overview = _overview(kept, roster, missing_rows, task_rows, submissions, as_of)
    return Consolidation(
        as_of=as_of, province=province, period=period, settings=settings,
        communes=_frame(commune_rows, COMMUNE_COLUMNS), tasks=tasks, alerts=alerts,
        issues=_frame(issue_rows, ISSUE_COLUMNS), missing=_frame(missing_rows, MISSING_COLUMNS),
        agencies=_agencies(task_rows, as_of), files=files, overview=overview,
        status_totals=totals, ranking_rule=ranking_rule, version=version,
        roster_source=roster_source,
    )


def _commune_name(s: "Submission") -> str:
    if s.entry is not None:
        return s.entry.name
    return s.assessment.report.metadata.commune or s.input.name


def _outcome(s: "Submission") -> str:
    report = s.assessment.report
    if not s.kept:
        return "Bỏ qua: trùng xã, dùng tệp mới hơn"
    if not report.tasks:
        return "Không đọc được nhiệm vụ"
    return f"Đọc {len(report.tasks)} nhiệm vụ; {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo"


def _overview(kept: Sequence["Submission"], roster: list[RosterEntry], missing_rows: list,
              task_rows: list[dict[str, object]], submissions: Sequence["Submission"],
              as_of: date) -> dict[str, object]:
    due = [r for r in task_rows if r["due"] is not None and r["due"] <= as_of]
    on_time = sum(r["status"] == DONE_ON_TIME for r in due)
    done = sum(r["status"] in (DONE_ON_TIME, DONE_LATE) for r in due)
    not_done = [r for r in task_rows if not r["done"]]
    on_roster = [s for s in kept if s.entry is not None]
    return {
        "expected": len(roster) if roster else len(kept),
        "submitted": len(on_roster) if roster else len(kept),
        "missing": len(missing_rows),
        "late": sum(s.late for s in kept),
        "not_on_roster": sum(1 for s in kept if s.entry is None) if roster else 0,
        "files": len(submissions),
        "files_with_errors": sum(1 for s in submissions if s.assessment.report.errors),
        "tasks": len(task_rows),
        "due_tasks": len(due),
        "on_time_rate": _rate(on_time, len(due)),
        "completion_rate": _rate(done, len(due)),
        "red_flags": sum(bool(r["red_flag"]) for r in task_rows),
        "update_rate": _rate(sum(not r["stale_flag"] for r in not_done), len(not_done)),
    }


def _agencies(task_rows: list[dict[str, object]], as_of: date) -> pd.DataFrame:
    groups: dict[str, list[dict[str, object]]] = {}
    for r in task_rows:
        groups.setdefault(str(r["agency"]), []).append(r)
    rows = []
    for agency in sorted(groups, key=lambda a: (-len(groups[a]), a)):
        items = groups[agency]
        due = [r for r in items if r["due"] is not None and r["due"] <= as_of]
        rows.append({
            "agency": agency, "tasks": len(items), "due_tasks": len(due),
            "on_time_rate": _rate(sum(r["status"] == DONE_ON_TIME for r in due), len(due)),
            "red_flags": sum(bool(r["red_flag"]) for r in items),
            **{label: sum(r["status"] == label for r in items) for label in STATUSES},
        })
    return _frame(rows, AGENCY_COLUMNS)
