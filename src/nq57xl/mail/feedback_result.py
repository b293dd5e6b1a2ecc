"""What a feedback workbook is called and what writing one did (shared by the workbook
writer :mod:`.feedback` and its email :mod:`.feedback_mail`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.writer.excel import ExcelWriter

from ..atomic import write_atomic
from ..province.inputs import OUTPUT_PROPERTY, WRITTEN_PROPERTY

FEEDBACK_SHEET = "Phản hồi"


SUFFIX = "_phan_hoi"


@dataclass(frozen=True)
class FeedbackResult:
    """What :func:`write_feedback` did with one commune workbook."""

    source: Path
    name: str
    commune: str | None
    output: Path | None
    errors: int
    warnings: int
    marked: int = 0
    copied: bool = True
    notes: tuple[str, ...] = ()
    email: str | None = None
    draft: Path | None = None
    error: str | None = None
    #: Why no draft was written: the commune's address was refused (it names the cell).
    refused: str | None = None


def feedback_path(out_dir: Path, name: str) -> Path:
    """``out_dir/<sub folders of name>/<stem>_phan_hoi.xlsx`` (``.xlsm`` for .xlsm)."""
    rel = Path(name)
    suffix = ".xlsm" if rel.suffix.lower() == ".xlsm" else ".xlsx"
    return out_dir / rel.parent / f"{rel.stem}{SUFFIX}{suffix}"


def save_feedback_copy(wb: Workbook, target: Path) -> Path:
    """Write a feedback workbook atomically, marked as nq57xl's own.

    The marks are the custom document properties ``nq57xl-output`` ("phan-hoi") and
    ``nq57xl-written`` (the modification time written in the same file, not stamped
    again at saving). A run skips the copy while both agree; once the commune saves it
    again in an office suite (new modification time) it is read as the commune's report.
    """
    stamp = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    wb.properties.modified = stamp
    kept = [p for p in wb.custom_doc_props.props if p.name not in (OUTPUT_PROPERTY, WRITTEN_PROPERTY)]
    wb.custom_doc_props.props = kept
    wb.custom_doc_props.append(StringProperty(name=OUTPUT_PROPERTY, value="phan-hoi"))
    wb.custom_doc_props.append(StringProperty(name=WRITTEN_PROPERTY,
                                              value=stamp.strftime("%Y-%m-%dT%H:%M:%SZ")))

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(wb, archive).write_data()  # not save(): it stamps "modified" anew

    return write_atomic(target, write)
