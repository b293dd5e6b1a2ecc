"""JSON shapes of the engine's results (the ``--json`` output of the CLI)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ..assess.assessment import Assessment
from ..assess.indicators import IndicatorResult
from ..assess.status import STATUSES
from ..atomic import write_text_atomic
from ..compare.periods import result_changes_json
from ..indicators import BY_CODE
from ..province.consolidation import MISSING
from ..records import CommuneReport, Problem, Task, TaskStatus


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def task_json(task: Task, status: TaskStatus | None = None) -> dict[str, Any]:
    """One task in the documented JSON shape (status keys when ``status`` is given)."""
    out: dict[str, Any] = {
        "section": task.section,
        "stt": task.stt,
        "name": task.name,
        "lead": task.lead,
        "director": task.director,
        "partners": task.partners,
        "result": task.result,
        "deadline": {"text": task.deadline.text, "kind": task.deadline.kind,
                     "due": _iso(task.deadline.due)},
        "row": task.row,
    }
    if status is not None:
        out.update({
            "status": status.status,
            "red_flag": status.red_flag,
            "stale": status.stale,
            "due_soon": status.due_soon,
            "progress": task.progress,
            "evidence": task.evidence,
            "state": task.state,
            "done_date": _iso(task.done_date),
            "review": task.review,
            "updated": _iso(task.updated),
            "reason": status.reason,
        })
    return out


def problem_json(p: Problem, *, with_file: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"code": p.code, "severity": p.severity, "sheet": p.sheet,
                           "cell": p.cell, "message": p.message, "value": p.value}
    if with_file:
        out = {"file": p.file, **out}
    return out


def commune_report_json(report: CommuneReport, assessment: Assessment | None = None) -> dict[str, Any]:
    """One file of ``nq57xl validate --json``."""
    statuses = assessment.statuses if assessment else (None,) * len(report.tasks)
    meta = report.metadata
    out: dict[str, Any] = {
        "file": report.file,
        "commune": meta.commune,
        "identified_by": meta.identified_by,
        "province": meta.province,
        "commune_code": meta.commune_code,
        "report_date": _iso(meta.report_date),
        "sheet": report.sheet,
        "columns": {key: header for key, header in report.columns},
        "tasks": [task_json(t, s) for t, s in zip(report.tasks, statuses)],
        "indicators": [{"code": v.code, "row": v.row, "numerator": v.numerator,
                        "denominator": v.denominator, "percent": v.percent, "value": v.value,
                        "target": v.target, "baseline": v.baseline, "measured": _iso(v.measured),
                        "evidence": v.evidence, "valid": v.valid}
                       for v in report.indicators if v.reported or not v.valid],
        "issues": [problem_json(p) for p in report.problems],
    }
    if assessment is not None:
        out["plan_start"] = _iso(assessment.start)
        out["figures"] = assessment.figures
    return out


def dumps(data: Any) -> str:
    """The JSON text nq57xl writes: UTF-8 characters kept, indented."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def dump(data: Any, target: str) -> None:
    """Write JSON to a path ("-" for standard output), UTF-8, atomically for files."""
    text = dumps(data)
    if target == "-":
        print(text)
        return

    write_text_atomic(Path(target), text + "\n")


def _records(df) -> list[dict[str, Any]]:
    out = []
    for row in df.to_dict(orient="records"):
        out.append({k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()})
    return out


def indicator_json(r: IndicatorResult) -> dict[str, Any]:
    """One indicator of one commune (shares in percent)."""
    return {"code": r.code, "status": r.status, "value": r.value, "target": r.target,
            "plan_target": r.plan_target, "expected": r.expected, "numerator": r.numerator,
            "denominator": r.denominator, "percent_only": r.percent_only,
            "measured": _iso(r.measured), "evidence": r.evidence, "row": r.row}


def indicators_json(result) -> dict[str, Any]:
    """The indicators of a consolidation: the province's value of each (sum of numerators
    over sum of denominators, in percent) and every commune's results."""
    province = [{"code": p.code, "name": BY_CODE[p.code].name, "unit": BY_CODE[p.code].unit,
                 "target": p.target, "value": p.value, "met": p.met, "numerator": p.numerator,
                 "denominator": p.denominator, "counted": p.counted,
                 "percent_only": p.percent_only, "communes": dict(p.counts)}
                for p in result.indicator_totals]
    communes = [{"commune": c.commune, "code": c.code, "file": c.file,
                 "indicators": [indicator_json(r) for r in c.results]}
                for c in result.indicators]
    return {"province": province, "communes": communes}


def consolidation_json(result) -> dict[str, Any]:
    """The ``consolidate --json`` document."""
    figure_keys = ("tasks", "due_tasks", "on_time_rate", "completion_rate", "red_flags",
                   "update_rate", "stale", "due_soon", *STATUSES)
    identified = {r["file"]: r["identified_by"] for r in _records(result.files)
                  if r.get("identified_by")}
    communes = []
    for row in _records(result.communes):
        submitted = row["submission"] != MISSING
        communes.append({
            "commune": row["commune"], "code": row["code"], "file": row["file"],
            "identified_by": identified.get(row["file"]) if submitted else None,
            "submitted": submitted, "late": bool(row["late"]), "rank": row["rank"],
            "report_date": row["report_date"],
            "figures": {k: row[k] for k in figure_keys} if submitted else None,
        })
    tasks = []
    for row in _records(result.tasks):
        tasks.append({
            "commune": row["commune"], "section": row["section"], "stt": row["stt"],
            "name": row["name"], "lead": row["lead"], "director": row["director"],
            "deadline": {"text": row["deadline_text"], "kind": row["deadline_kind"],
                         "due": row["due"]},
            "row": row["row"], "status": row["status"], "red_flag": row["red_flag"],
            "stale": row["stale_flag"], "due_soon": row["due_soon_flag"],
            "progress": row["progress"], "evidence": row["evidence"], "file": row["file"],
        })
    issues = [{"file": r["file"], "code": r["issue_code"], "severity": r["severity"],
               "sheet": r["sheet"], "cell": r["cell"], "message": r["message"],
               "value": r["value"]} for r in _records(result.issues)]
    out = {
        "as_of": result.as_of.isoformat(), "province": result.province,
        "period": result.period, "settings": result.settings.__dict__,
        "overview": result.overview, "status_totals": result.status_totals,
        "communes": communes, "missing": [r["commune"] for r in _records(result.missing)],
        "tasks": tasks, "issues": issues, "indicators": indicators_json(result),
        "version": result.version,
    }
    if result.changes is not None:  # compared with the previous period

        out["changes"] = result_changes_json(result)
    return out
