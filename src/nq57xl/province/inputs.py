"""The files of a province's reports folder, and each one once read and assessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..read.workbook import WORKBOOK_SUFFIXES
from ..records import CommuneReport, Problem
from .roster import (
    RosterEntry,
)
from .taskrows import TaskRow

_SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}


@dataclass(frozen=True)
class InputFile:
    """A file found in the input folder; ``name`` is its path relative to the folder."""

    path: Path
    name: str
    skip_reason: str | None = None


@dataclass
class Submission:
    """One commune workbook read and assessed, with what consolidation decided about it.

    ``report`` is the workbook's report without its tasks: they travel as ``rows``
    (see :mod:`nq57xl.province.taskrows`), one per task with its status; ``figures`` are the
    commune's figures (see :func:`nq57xl.assess.figures.commune_figures`).
    """

    input: InputFile
    report: CommuneReport
    figures: dict[str, object]
    rows: tuple[TaskRow, ...] = ()
    entry: RosterEntry | None = None
    sha256: str = ""
    size: int = 0
    modified: str = ""
    late: bool = False
    kept: bool = True
    extra: list[Problem] = field(default_factory=list)


def find_inputs(folder: Path) -> list[InputFile]:
    """Every file below ``folder`` in a stable order; lock, hidden and non-workbook files
    carry the reason they are skipped."""
    out: list[InputFile] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        low = path.name.lower()
        reason = None
        if path.name.startswith("~$"):
            reason = "tệp khoá tạm của Excel (~$), không phải báo cáo"
        elif any(part.startswith(".") for part in path.relative_to(folder).parts) or low in _SYSTEM_FILES:
            reason = "tệp ẩn hoặc tệp hệ thống"
        elif path.suffix.lower() not in WORKBOOK_SUFFIXES:
            reason = f"không phải sổ làm việc Excel (đuôi «{path.suffix or 'không có'}»)"
        out.append(InputFile(path, rel, reason))
    return out
