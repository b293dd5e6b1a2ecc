"""Reading a province's files: one workbook read, validated and assessed into a
:class:`~nq57xl.province.inputs.Submission`, and many read one after the other
(:mod:`.parallel` reads them on every core).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from ..assess.assessment import assess
from ..assess.indicators import assess_indicators
from ..assess.status import Settings
from ..catalogue import problem
from ..importer.word import WORD_SUFFIXES
from ..read.commune import read_commune
from ..read.limits import Limits
from ..records import CommuneReport, Metadata
from .inputs import InputFile, Submission
from .taskrows import task_rows
from .wordfiles import read_word

ProgressCallback = Callable[[int, int, str], None]


def _fingerprint(path: Path) -> tuple[str, int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    stat = path.stat()
    modified = datetime.fromtimestamp(stat.st_mtime).strftime("%d/%m/%Y %H:%M")
    return digest.hexdigest(), stat.st_size, modified


def read_report(path: Path, name: str, *, as_of: date | None,
                limits: Limits = Limits()) -> CommuneReport:
    """The commune report of one file of the folder: a workbook, or a Word appendix
    imported on the fly (:mod:`.wordfiles`)."""
    if path.suffix.lower() in WORD_SUFFIXES:
        return read_word(path, name, as_of=as_of, limits=limits)
    return read_commune(path, name=name, as_of=as_of, limits=limits)


def read_submission(item: InputFile, as_of: date, settings: Settings,
                    limits: Limits = Limits()) -> Submission:
    """Read, validate and assess one workbook, or one Word appendix imported on the fly
    (:mod:`.wordfiles`); run in a worker process by :mod:`.parallel`.

    Any error while reading, even one that is not an :class:`Exception` (the Rust
    reader's panics are ``BaseException``), makes the file unreadable with its reason.
    """
    try:
        report = read_report(item.path, item.name, as_of=as_of, limits=limits)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # one bad file never stops the run: report it and go on
        return unreadable_submission(
            item, "unreadable-file",
            f"lỗi không lường trước khi đọc tệp: {type(exc).__name__}: {exc}"[:300], as_of, settings)
    return _assessed(item, report, as_of, settings)


def unreadable_submission(item: InputFile, code: str, detail: str, as_of: date,
                          settings: Settings) -> Submission:
    """A file that could not be read: no task, one problem ``code`` saying why."""
    report = CommuneReport(file=item.name, metadata=Metadata(), tasks=(), problems=(
        problem(code, file=item.name, detail=detail),))
    return _assessed(item, report, as_of, settings)


def _assessed(item: InputFile, report: CommuneReport, as_of: date,
              settings: Settings) -> Submission:
    try:
        sha, size, modified = _fingerprint(item.path)
    except OSError:
        sha, size, modified = "", 0, ""
    assessment = assess(report, as_of, settings)
    indicators = assess_indicators(report.indicators, as_of, plan_date=report.metadata.plan_date)
    return Submission(item, replace(report, tasks=(), indicators=()), assessment.figures,
                      task_rows(report.tasks, assessment.statuses), sha256=sha, size=size,
                      modified=modified, indicators=indicators)


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
