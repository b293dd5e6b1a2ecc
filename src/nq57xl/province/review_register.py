"""The province's review register: verdicts read back from the "Thẩm định" sheet of an
earlier summary, applied to this run's tasks, and the register of this run.

A verdict matches a task on commune code, section and STT, and holds only for the
evidence it judged (its fingerprint): new evidence reopens the task as "Chờ thẩm định".
The commune's own "Kết quả thẩm định" column never overrides a verdict of the province.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from ..assess.figures import figures_of
from ..assess.review import (
    PENDING,
    ReviewKey,
    Verdict,
    evidence_fingerprint,
    read_verdict,
    review_key,
    reviewed_status,
)
from ..records import TaskStatus
from ..read.workbook import WorkbookError, read_grids
from ..vntext import normalize
from .consolidation import COLUMNS, REVIEW_COLUMNS
from .inputs import Submission
from .taskrows import TASK_FIELDS

REVIEW_SHEET = "Thẩm định"
#: A register file the province may keep beside its summaries (its "Thẩm định" sheet).
REGISTER_FILE = "so_tham_dinh.xlsx"
_AT = {name: i for i, name in enumerate(TASK_FIELDS)}
_DATED = ("date", "phased")
_READ = ("code", "section", "stt", "fingerprint", "verdict", "verdict_reason")


def read_verdicts(path: Path | None) -> dict[ReviewKey, Verdict]:
    """The verdicts written in the "Thẩm định" sheet of ``path`` (a summary or a register
    file); none when there is no such file or sheet."""
    if path is None or not Path(path).is_file():
        return {}
    try:
        grids = read_grids(path)
    except WorkbookError:
        return {}
    grid = next((g for g in grids if normalize(g.name) == normalize(REVIEW_SHEET)), None)
    if grid is None:
        return {}
    headers = {normalize(COLUMNS[k][0]): k for k in _READ}
    for at, row in enumerate(grid.rows[:20]):
        found = {headers[normalize(str(v))]: c for c, v in enumerate(row) if normalize(str(v)) in headers}
        if len(found) == len(_READ):
            return _verdicts(grid.rows[at + 1:], found)
    return {}


def _verdicts(rows: Sequence[Sequence[object]], at: Mapping[str, int]) -> dict[ReviewKey, Verdict]:
    out: dict[ReviewKey, Verdict] = {}
    for row in rows:
        cell = {k: (row[c] if c < len(row) else None) for k, c in at.items()}
        verdict = read_verdict(cell["verdict"])
        if verdict is None or not cell["code"]:
            continue
        v = Verdict(str(cell["code"]).strip(), str(cell["section"] or "").strip(),
                    str(cell["stt"] or "").strip(), str(cell["fingerprint"] or "").strip(),
                    verdict, str(cell["verdict_reason"] or "").strip())
        out[v.key] = v
    return out


def apply_verdicts(submissions: Sequence[Submission], verdicts: Mapping[ReviewKey, Verdict],
                   as_of: date) -> None:
    """Statuses and figures of the kept files with the province's verdicts applied."""
    if not verdicts:
        return
    for s in submissions:
        if not s.kept or s.entry is None or not s.rows:
            continue
        rows = [_reviewed(row, verdicts.get(_key(s, row)), as_of) for row in s.rows]
        if rows != list(s.rows):
            s.rows = tuple(rows)
            dues = [r[_AT["due"]] if r[_AT["deadline_kind"]] in _DATED else None for r in rows]
            figures = figures_of(dues, [_status(r) for r in rows], as_of)
            s.figures = {**s.figures, **figures}


def _key(s: Submission, row: Sequence[object]) -> ReviewKey:
    return review_key(s.entry.code if s.entry else "", row[_AT["section"]], row[_AT["stt"]])


def _status(row: Sequence[object]) -> TaskStatus:
    return TaskStatus(str(row[_AT["status"]]), red_flag=bool(row[_AT["red_flag"]]),
                      stale=bool(row[_AT["stale_flag"]]), due_soon=bool(row[_AT["due_soon_flag"]]),
                      reported_done=bool(row[_AT["done"]]))


def _reviewed(row: tuple[object, ...], verdict: Verdict | None, as_of: date) -> tuple[object, ...]:
    evidence = row[_AT["evidence"]]
    if verdict is None or not row[_AT["done"]] or not evidence \
            or verdict.fingerprint != evidence_fingerprint(evidence):
        return row
    due, done_date = row[_AT["due"]], row[_AT["done_date"]]
    st = reviewed_status(_status(row), verdict.verdict, verdict.reason,
                         dated=row[_AT["deadline_kind"]] in _DATED,
                         due=due if isinstance(due, date) else None,
                         done_date=done_date if isinstance(done_date, date) else None, as_of=as_of)
    out = list(row)
    out[_AT["status"]], out[_AT["red_flag"]], out[_AT["reason"]] = st.status, st.red_flag, st.reason
    return tuple(out)


def review_frame(submissions: Sequence[Submission],
                 verdicts: Mapping[ReviewKey, Verdict]) -> pd.DataFrame:
    """The register of this run: every task of a kept file reported done with evidence,
    with the province's verdict when it judged this evidence, else "Chờ thẩm định"."""
    rows = []
    for s in submissions:
        if not s.kept or s.entry is None:
            continue
        for r in s.rows:
            if not r[_AT["done"]] or not r[_AT["evidence"]]:
                continue
            fingerprint = evidence_fingerprint(r[_AT["evidence"]])
            v = verdicts.get(_key(s, r))
            judged = v is not None and v.fingerprint == fingerprint
            reopened = v is not None and not judged
            rows.append({
                "commune": s.entry.name, "code": s.entry.code,
                "section": r[_AT["section"]], "stt": r[_AT["stt"]], "name": r[_AT["name"]],
                "done_date": r[_AT["done_date"]], "evidence": r[_AT["evidence"]],
                "fingerprint": fingerprint, "commune_review": r[_AT["review"]],
                "verdict": v.verdict if judged and v else PENDING,
                "verdict_reason": (v.reason if judged and v else
                                   "Minh chứng mới, cần thẩm định lại" if reopened else None),
                "file": s.input.name, "row": r[_AT["row"]],
            })
    df = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS), dtype=object)
    return df.where(df.notna(), None)
