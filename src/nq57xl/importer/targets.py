"""Targets of the plan's indicators written in its text ("Tối thiểu 35% người dân được phủ
sóng 5G"), matched to the indicators of :mod:`nq57xl.indicators`.

A cell's text is cut into clauses (bullets "- ", semicolons, sentence ends, HTML tags);
a clause holding a percentage and one indicator's keyword gives that indicator's target.
Both word orders of the plans are met: "Tối thiểu 90% hồ sơ TTHC được xử lý hoàn toàn trực
tuyến" and "Tỷ lệ văn bản, hồ sơ công việc ... được xử lý toàn trình ... đạt tối thiểu 70%".
The first level found for an indicator is its target; another level found later is kept
as a conflict for the import report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..indicators import INDICATORS, Indicator
from ..vntext import nfc_lower_spaced, strip_diacritics

#: Clause boundaries: a bullet dash, a semicolon, a sentence end, a line break, an HTML tag.
_CLAUSES = re.compile(r"\s[-–•]\s|^[-–•]\s|;|\.(?:\s|$)|\n|<[^>]*>")
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*\\?%")
#: Abbreviations written either way in the plans, reduced to one spelling.
_SHORT = (("thu tuc hanh chinh", "tthc"), ("co so du lieu", "csdl"), ("dich vu cong", "dvc"))


@dataclass(frozen=True)
class PlanTarget:
    """A target found in the plan: indicator code, level (percent), the clause and where."""

    code: str
    target: float
    text: str
    where: str = ""


def _key(text: str) -> str:
    out = strip_diacritics(nfc_lower_spaced(text))
    for long, short in _SHORT:
        out = out.replace(long, short)
    return out


_KEYWORDS: tuple[tuple[str, Indicator], ...] = tuple(
    sorted(((_key(k), i) for i in INDICATORS for k in i.keywords), key=lambda kw: -len(kw[0])))


def targets_in_text(text: str, where: str = "") -> list[PlanTarget]:
    """Every (indicator, level) written in ``text``, in order of appearance."""
    out = []
    for clause in _CLAUSES.split(text or ""):
        found = _PERCENT.search(clause or "")
        if not found:
            continue
        key = _key(clause)
        match = next((item for keyword, item in _KEYWORDS if keyword in key), None)
        level = float(found.group(1).replace(",", "."))
        if match is not None and 0 < level <= 100:
            out.append(PlanTarget(match.code, level, " ".join(clause.split()), where))
    return out


def plan_targets(texts: Iterable[tuple[str, str]]
                 ) -> tuple[dict[str, PlanTarget], list[PlanTarget]]:
    """The targets of (text, where) pairs: the first level of each indicator, and the other
    levels found for an indicator already seen (conflicts to check by hand)."""
    first: dict[str, PlanTarget] = {}
    conflicts: list[PlanTarget] = []
    for text, where in texts:
        for found in targets_in_text(text, where):
            seen = first.setdefault(found.code, found)
            if seen is not found and seen.target != found.target:
                conflicts.append(found)
    return first, conflicts


def grid_texts(rows: Sequence[Sequence[object]],
               where: Callable[[int], str] | None = None) -> list[tuple[str, str]]:
    """The text cells of a grid holding a "%" as (text, location) pairs; ``where`` names a
    1-based row (default "dòng n")."""
    name = where or (lambda r: f"dòng {r}")
    return [(value, name(r + 1)) for r, row in enumerate(rows) for value in row
            if isinstance(value, str) and "%" in value]
