"""What a feedback workbook is called and what writing one did (shared by the workbook
writer :mod:`.feedback` and its email :mod:`.feedback_mail`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
