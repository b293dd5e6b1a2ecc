"""Consolidate a province: a folder of commune workbooks in, one :class:`Consolidation` out.

Never stops on a bad file: each file becomes a :class:`~nq57xl.records.CommuneReport`
(possibly with no task and one problem saying why), and every choice made about a
file (skipped, duplicate, not on the roster, late) is reported as a problem.
"""

from __future__ import annotations

import hashlib
import re
from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from .. import __version__
from ..assess.assessment import assess
from ..assess.figures import RANKING_RULE
from ..assess.status import Settings
from ..catalogue import problem
from ..read.commune import read_commune
from ..read.limits import Limits
from ..records import CommuneReport, Metadata
from .inputs import InputFile, Submission, find_inputs
from .roster import (
    RosterEntry,
    RosterIndex,
    name_key,
    official_roster,
    read_roster_csv,
    resolve_province,
)
from .taskrows import task_rows

ProgressCallback = Callable[[int, int, str], None]
#: Reads workbooks: (items, as_of, settings, limits, on_progress) -> submissions in input order.
Reader = Callable[..., "list[Submission]"]


def _fingerprint(path: Path) -> tuple[str, int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    stat = path.stat()
    modified = datetime.fromtimestamp(stat.st_mtime).strftime("%d/%m/%Y %H:%M")
    return digest.hexdigest(), stat.st_size, modified


def read_submission(item: InputFile, as_of: date, settings: Settings,
                    limits: Limits = Limits()) -> Submission:
    """Read, validate and assess one workbook (safe to run in a worker process)."""
    try:
        report = read_commune(item.path, name=item.name, as_of=as_of, limits=limits)
    except Exception as exc:  # one bad file never stops the run: report it and go on
        report = CommuneReport(file=item.name, metadata=Metadata(), tasks=(), problems=(
            problem("unreadable-file", file=item.name,
                    detail=f"lỗi không lường trước khi đọc tệp: {type(exc).__name__}: {exc}"[:300]),))
    try:
        sha, size, modified = _fingerprint(item.path)
    except OSError:
        sha, size, modified = "", 0, ""
    assessment = assess(report, as_of, settings)
    return Submission(item, replace(report, tasks=()), assessment.figures,
                      task_rows(report.tasks, assessment.statuses), sha256=sha, size=size,
                      modified=modified)


_PERIOD = re.compile(r"tháng\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)


def report_deadline(as_of: date, period: str | None, report_day: int) -> date:
    """The monthly report deadline: ``report_day`` of the period's month (or as_of's)."""
    year, month = as_of.year, as_of.month
    m = _PERIOD.search(period or "")
    if m and 1 <= int(m.group(1)) <= 12:
        month, year = int(m.group(1)), int(m.group(2))
    return date(year, month, min(report_day, monthrange(year, month)[1]))


def load_roster(province: str | None, roster_csv: Path | None) -> tuple[list[RosterEntry], str]:
    """The roster and a sentence saying where it comes from."""
    if roster_csv is not None:
        return (read_roster_csv(roster_csv, province),
                f"Danh sách xã do tỉnh cung cấp: {roster_csv.name}")
    if province:
        return (official_roster(province),
                "Danh mục đơn vị hành chính 2026 (vietnamese-provinces-database, MIT)")
    return [], "Không có danh sách xã (chưa chọn tỉnh)"


def consolidate(folder: Path | str, *, as_of: date, province: str | None = None,
                roster_csv: Path | None = None, period: str | None = None,
                settings: Settings = Settings(), limits: Limits = Limits(),
                read: Reader | None = None, on_progress: ProgressCallback | None = None):
    """Read every workbook under ``folder`` and build the province's :class:`Consolidation`.

    ``read`` reads the workbooks (default: one after the other in this process; the
    parallel reader of :mod:`nq57xl.province.parallel` has the same signature).
    """
    folder = Path(folder)
    inputs = find_inputs(folder)
    skipped = [i for i in inputs if i.skip_reason]
    workbooks = [i for i in inputs if not i.skip_reason]
    submissions = (read or read_sequential)(workbooks, as_of, settings, limits, on_progress)

    if not province:
        province = _guess_province(submissions)
    official = resolve_province(province) if province else None
    roster, roster_source = load_roster(official or province, roster_csv)
    index = RosterIndex(roster)
    deadline = report_deadline(as_of, period, settings.report_day)
    _match(submissions, index, deadline, settings)

    extra = [problem("skipped-file", file=i.name, detail=i.skip_reason) for i in skipped]
    from .tables import build_consolidation

    return build_consolidation(
        submissions=submissions, extra_problems=extra, roster=roster, as_of=as_of,
        province=official or province, period=period, settings=settings,
        ranking_rule=RANKING_RULE, version=__version__, roster_source=roster_source,
        folder=folder)


def read_sequential(items: Sequence[InputFile], as_of: date, settings: Settings,
                    limits: Limits = Limits(),
                    on_progress: ProgressCallback | None = None) -> list[Submission]:
    """Read ``items`` one after the other in this process."""
    out = []
    for n, item in enumerate(items, start=1):
        out.append(read_submission(item, as_of, settings, limits))
        if on_progress:
            on_progress(n, len(items), item.name)
    return out


def _guess_province(submissions: Sequence[Submission]) -> str | None:
    counts: dict[str, int] = {}
    for s in submissions:
        prov = s.report.metadata.province
        if prov:
            official = resolve_province(prov) or prov
            counts[official] = counts.get(official, 0) + 1
    return max(sorted(counts), key=lambda p: counts[p]) if counts else None


def _match(submissions: list[Submission], index: RosterIndex, deadline: date,
           settings: Settings) -> None:
    """Attach roster entries, decide duplicates and lateness, record the problems."""
    groups: dict[str, list[Submission]] = {}
    for s in submissions:
        meta = s.report.metadata
        if not s.rows and not meta.commune:
            continue
        s.entry = index.match(meta.commune, meta.commune_code)
        if index.entries and s.entry is None and meta.commune:
            s.extra.append(problem("not-on-roster", file=s.input.name, value=meta.commune))
        key = s.entry.code if s.entry else f"name:{name_key(meta.commune or s.input.name)}"
        groups.setdefault(key, []).append(s)
        rd = meta.report_date
        if rd is not None and rd > deadline:
            s.late = True
            s.extra.append(problem(
                "late-report", file=s.input.name, value=rd.strftime("%d/%m/%Y"),
                deadline=deadline.strftime("%d/%m/%Y"), deadline_day=settings.report_day))
    for group in groups.values():
        if len(group) < 2:
            continue
        ordered = sorted(group, key=lambda s: (s.report.metadata.report_date or date.min,
                                               s.input.name))
        keep = ordered[-1]
        for s in ordered[:-1]:
            s.kept = False
            s.extra.append(problem(
                "duplicate-commune", file=s.input.name,
                value=keep.report.metadata.commune, other=keep.input.name))
