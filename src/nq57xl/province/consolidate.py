"""Consolidate a province: a folder of commune workbooks in, one :class:`Consolidation` out.

Never stops on a bad file: each file becomes a :class:`~nq57xl.records.CommuneReport`
(possibly with no task and one problem saying why), and every choice made about a
file (skipped, duplicate, not on the roster, late) is reported as a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from .. import __version__
from ..assess.figures import RANKING_RULE
from ..assess.review import ReviewKey, Verdict
from ..assess.status import Settings
from ..catalogue import problem
from ..read.limits import Limits
from .identify import NameFinder, identify, province_by_names
from .inputs import Submission, find_inputs
from .periods import AD_HOC, Period, most_common_period, parse_period, period_deadline, require_period
from .reading import ProgressCallback, read_sequential
from .review_register import apply_verdicts, review_frame
from .roster import (
    RosterEntry,
    RosterIndex,
    name_key,
    official_roster,
    other_province,
    province_full_name,
    provinces,
    read_roster_csv,
    resolve_province,
)
from .tables import DUPLICATE_OUTCOME, build_consolidation

#: Reads workbooks: (items, as_of, settings, limits, on_progress) -> submissions in input order.
Reader = Callable[..., "list[Submission]"]


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
                read: Reader | None = None, on_progress: ProgressCallback | None = None,
                verdicts: Mapping[ReviewKey, Verdict] | None = None):
    """Read every workbook under ``folder`` and build the province's :class:`Consolidation`.

    ``read`` reads the workbooks (default: one after the other in this process; the
    parallel reader of :mod:`nq57xl.province.parallel` has the same signature).
    ``period`` empty: the period most files name in "Kỳ báo cáo"; files of another
    period are reported and left out. An unreadable ``period`` raises
    :class:`~nq57xl.province.periods.PeriodError` before any file is read.
    ``verdicts``: the province's review (see :mod:`nq57xl.province.review_register`).
    """
    given = require_period(period)
    folder = Path(folder)
    inputs = find_inputs(folder)
    skipped = [i for i in inputs if i.skip_reason]
    workbooks = [i for i in inputs if not i.skip_reason]
    submissions = (read or read_sequential)(workbooks, as_of, settings, limits, on_progress)

    if not province:
        province = _guess_province(submissions, use_names=roster_csv is None)
    official = resolve_province(province) if province else None
    roster, roster_source = load_roster(official or province, roster_csv)
    index = RosterIndex(roster)
    chosen = _decide_period(submissions, given)
    if chosen is not None:
        period = chosen.label
    _check_report_dates(submissions, as_of)
    notes = _identify(submissions, index)
    _leave_out_foreign(submissions, index, official or province)
    for s in submissions:
        if s.kept:
            s.extra.extend(notes.get(id(s), ()))
    _match(submissions, index, period_deadline(chosen, as_of, settings), settings)
    apply_verdicts(submissions, verdicts or {}, as_of)

    extra = [problem("skipped-file", file=i.name, detail=i.skip_reason) for i in skipped]
    result = build_consolidation(
        submissions=submissions, extra_problems=extra, roster=roster, as_of=as_of,
        province=official or province, period=period, settings=settings,
        ranking_rule=RANKING_RULE, version=__version__, roster_source=roster_source,
        folder=folder)
    return replace(result, review=review_frame(submissions, verdicts or {}))


def _guess_province(submissions: Sequence[Submission], *, use_names: bool) -> str | None:
    """The province most files name in "Thông tin"; when none does (and ``use_names``),
    the province whose communes the files name most often (titles, file names)."""
    counts: dict[str, int] = {}
    for s in submissions:
        prov = s.report.metadata.province
        if prov:
            official = resolve_province(prov) or prov
            counts[official] = counts.get(official, 0) + 1
    if counts:
        return max(sorted(counts), key=lambda p: counts[p])
    if not use_names:
        return None
    everyone = NameFinder([e for p in provinces() for e in official_roster(p)])
    return province_by_names([s.report.metadata for s in submissions], everyone)


def _identify(submissions: list[Submission], index: RosterIndex) -> dict[int, tuple]:
    """Attach each file's roster entry and how it was identified; the problems found
    (ambiguous, not on the roster), by ``id`` of the submission, for the files kept."""
    finder = NameFinder(index.entries)
    notes: dict[int, tuple] = {}
    for s in submissions:
        meta = s.report.metadata
        if not s.rows and not meta.commune:
            continue
        found = identify(meta, index, finder, s.input.name)
        s.entry, s.identified_by = found.entry, found.where or ""
        if index.entries:
            notes[id(s)] = found.problems
    return notes


def _match(submissions: list[Submission], index: RosterIndex, deadline: date | None,
           settings: Settings) -> None:
    """Attach roster entries, decide duplicates and lateness, record the problems."""
    groups: dict[str, list[Submission]] = {}
    for s in submissions:
        meta = s.report.metadata
        if not s.kept or (not s.rows and not meta.commune):
            continue
        key = s.entry.code if s.entry else f"name:{name_key(meta.commune or s.input.name)}"
        groups.setdefault(key, []).append(s)
        rd = meta.report_date
        if rd is not None and deadline is not None and rd > deadline:
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
            s.kept, s.left_out = False, DUPLICATE_OUTCOME
            s.extra.append(problem(
                "duplicate-commune", file=s.input.name,
                value=keep.report.metadata.commune, other=keep.input.name))


def _same_period(a: Period, b: Period) -> bool:
    return a == b or a.kind == b.kind == AD_HOC


def _decide_period(submissions: list[Submission], given: Period | None) -> Period | None:
    """The run's period (``given``, else the one most files name); files naming
    another period are left out, files naming none readable are warned about."""
    named: list[tuple[Submission, Period]] = []
    for s in submissions:
        meta = s.report.metadata
        if not meta.period:
            continue
        found = parse_period(meta.period)
        if found is None:
            s.extra.append(problem("bad-period", file=s.input.name, sheet=meta.sheet,
                                   cell=meta.cell("period"), value=meta.period))
        else:
            named.append((s, found))
    chosen = given or most_common_period([p for _, p in named])
    for s, found in named:
        if chosen is not None and not _same_period(found, chosen):
            meta = s.report.metadata
            s.kept, s.left_out = False, f"Bỏ qua: báo cáo kỳ {found.label}, không phải {chosen.label}"
            s.extra.append(problem("other-period", file=s.input.name, sheet=meta.sheet,
                                   cell=meta.cell("period"), value=meta.period,
                                   period=chosen.label))
    return chosen


def _check_report_dates(submissions: list[Submission], as_of: date) -> None:
    """A report dated after the as-of date is a warning."""
    for s in submissions:
        meta = s.report.metadata
        if meta.report_date is not None and meta.report_date > as_of:
            s.extra.append(problem("report-date-in-future", file=s.input.name, sheet=meta.sheet,
                                   cell=meta.cell("report_date"),
                                   value=meta.report_date.strftime("%d/%m/%Y"),
                                   as_of=as_of.strftime("%d/%m/%Y")))


def _leave_out_foreign(submissions: list[Submission], index: RosterIndex,
                       province: str | None) -> None:
    """Files of communes on another province's roster: reported and left out of
    totals, ranking, reminders and feedback."""
    if not index.entries:
        return
    for s in submissions:
        meta = s.report.metadata
        if not s.kept or s.entry is not None:
            continue
        other = other_province(meta.commune, meta.commune_code, meta.province, province)
        if other is None:
            continue
        s.kept, s.left_out = False, f"Bỏ qua: xã thuộc tỉnh {other}"
        s.extra.append(problem("other-province", file=s.input.name, sheet=meta.sheet,
                               cell=meta.cell("commune"), value=meta.commune,
                               other=province_full_name(other) or other,
                               province=province_full_name(province or "") or province))
