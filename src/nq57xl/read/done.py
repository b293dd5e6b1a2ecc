"""Whether a commune reports a task done, and on what grounds: the one rule.

A task is reported done when, checked in this order, its state is "Đã hoàn thành",
its progress is at least 100, a footnote that says done is attached to it, or its
note contains "đã hoàn thành". State and note are compared after
:func:`~nq57xl.vntext.normalize` (NFC, case, spacing). Reading a workbook uses it for
its checks of done tasks, assessment for the task's status.
"""

from __future__ import annotations

from ..vntext import normalize

__all__ = ["done_basis"]

_STATE_DONE = normalize("Đã hoàn thành")
_NOTE_DONE = normalize("đã hoàn thành")


def done_basis(*, state: str | None, progress: float | None, footnote_done: bool,
               note: str | None) -> str | None:
    """Why the task counts as reported done (a Vietnamese phrase), or None when not."""
    if state is not None and normalize(state) == _STATE_DONE:
        return "trạng thái «Đã hoàn thành»"
    if progress is not None and progress >= 100:
        return "tiến độ 100%"
    if footnote_done:
        return "chú thích đã hoàn thành"
    if note is not None and _NOTE_DONE in normalize(note):
        return "ghi chú «đã hoàn thành»"
    return None
