"""What a commune's indicator figures mean as of a date, and the province's value of each.

One status per indicator of :data:`nq57xl.indicators.INDICATORS` per commune, the first
rule that applies:

1. no value in the "Chỉ tiêu" sheet (or no sheet) → **Chưa báo cáo**;
2. a value an error made unusable (numerator above denominator, not a number...) →
   **Không hợp lệ**;
3. value ≥ target (the plan's own target, else the default) with evidence → **Đạt**;
   without evidence → **Thiếu minh chứng** (like a task reported done without evidence, it
   is not counted as met);
4. value below the straight line from the baseline at the start of the plan year to the
   target at its end (31 December) → **Chậm lộ trình**;
5. otherwise → **Đúng lộ trình**.

The baseline is the first value reported in the year: the commune's «Giá trị đầu năm»
cell, else the value a caller passes in ``baselines`` (e.g. from the history of earlier
periods), else 0. The plan year is the year of the plan's issue date, else of ``as_of``.

A province's value of an indicator is the sum of numerators over the sum of denominators of
the communes that reported counts (not the mean of percentages). A commune that reported a
percentage only has no counts to add: it counts in the statuses but not in the province's
value, and the number of such communes is shown beside the value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..indicators import BY_CODE, INDICATORS
from ..records import IndicatorValue

MET = "Đạt"
ON_TRACK = "Đúng lộ trình"
BEHIND = "Chậm lộ trình"
NO_EVIDENCE = "Thiếu minh chứng"
INVALID = "Không hợp lệ"
NOT_REPORTED = "Chưa báo cáo"
#: Every status, in the order the summary shows them.
INDICATOR_STATUSES: tuple[str, ...] = (MET, ON_TRACK, BEHIND, NO_EVIDENCE, INVALID, NOT_REPORTED)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of one commune as of a date.

    ``value`` is the share in percent (None when not reported or invalid); ``target`` the
    target that applies (the plan's own or the default); ``expected`` the level the
    straight-line path asks for as of the date; ``percent_only`` is True when the commune
    gave a percentage without counts.
    """

    code: str
    status: str
    target: float
    value: float | None = None
    expected: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    percent_only: bool = False
    plan_target: bool = False
    measured: date | None = None
    evidence: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class ProvinceIndicator:
    """One indicator over the province: the sums, their ratio and the communes' statuses."""

    code: str
    target: float
    numerator: float
    denominator: float
    #: Communes whose counts are in the sums; communes that gave a percentage only.
    counted: int
    percent_only: int
    counts: tuple[tuple[str, int], ...]

    @property
    def value(self) -> float | None:
        """Sum of numerators over sum of denominators, in percent (None without counts)."""
        return 100 * self.numerator / self.denominator if self.denominator else None

    @property
    def met(self) -> bool | None:
        """Whether the province's value reaches the default target (None without value)."""
        return None if self.value is None else self.value >= self.target

    def count(self, status: str) -> int:
        return dict(self.counts).get(status, 0)


def path_fraction(as_of: date, year: int) -> float:
    """The share of the plan year ``year`` elapsed on ``as_of`` (0 on 1 January, 1 on
    31 December and after)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return min(1.0, max(0.0, (as_of - start).days / (end - start).days))


def indicator_status(value: IndicatorValue, as_of: date, *, year: int,
                     baseline: float | None = None) -> IndicatorResult:
    """The result of one row of the "Chỉ tiêu" sheet as of ``as_of`` in plan year ``year``."""
    item = BY_CODE[value.code]
    target = value.target if value.target is not None else item.target
    common = {"code": value.code, "target": target, "plan_target": value.target is not None,
              "measured": value.measured, "evidence": value.evidence, "row": value.row}
    if not value.valid:
        return IndicatorResult(status=INVALID, **common)  # type: ignore[arg-type]
    share = value.value
    if share is None:
        return IndicatorResult(status=NOT_REPORTED, **common)  # type: ignore[arg-type]
    start = value.baseline if value.baseline is not None else (baseline or 0.0)
    expected = start + (target - start) * path_fraction(as_of, year) if start < target else target
    if share >= target:
        status = MET if value.evidence else NO_EVIDENCE
    elif share < expected:
        status = BEHIND
    else:
        status = ON_TRACK
    counts = value.numerator is not None and bool(value.denominator)
    return IndicatorResult(status=status, value=share, expected=round(expected, 6),
                           numerator=value.numerator if counts else None,
                           denominator=value.denominator if counts else None,
                           percent_only=not counts, **common)  # type: ignore[arg-type]


def assess_indicators(values: Sequence[IndicatorValue], as_of: date, *,
                      plan_date: date | None = None,
                      baselines: Mapping[str, float] | None = None) -> tuple[IndicatorResult, ...]:
    """A result for every indicator of the list, in its order (missing rows not reported)."""
    year = plan_date.year if plan_date else as_of.year
    by_code = {v.code: v for v in values}
    out = []
    for item in INDICATORS:
        value = by_code.get(item.code)
        if value is None:
            out.append(IndicatorResult(item.code, NOT_REPORTED, item.target))
        else:
            out.append(indicator_status(value, as_of, year=year,
                                        baseline=(baselines or {}).get(item.code)))
    return tuple(out)


def province_indicators(communes: Sequence[Sequence[IndicatorResult]]
                        ) -> tuple[ProvinceIndicator, ...]:
    """The province's value and status counts of every indicator over ``communes`` (the
    results of each commune that submitted a report)."""
    out = []
    for n, item in enumerate(INDICATORS):
        results = [c[n] for c in communes if n < len(c) and c[n].code == item.code]
        counted = [r for r in results if r.numerator is not None and r.denominator]
        statuses = Counter(r.status for r in results)
        out.append(ProvinceIndicator(
            code=item.code, target=item.target,
            numerator=sum(r.numerator or 0.0 for r in counted),
            denominator=sum(r.denominator or 0.0 for r in counted),
            counted=len(counted),
            percent_only=sum(r.percent_only and r.status not in (INVALID, NOT_REPORTED)
                             for r in results),
            counts=tuple((s, statuses[s]) for s in INDICATOR_STATUSES)))
    return tuple(out)
