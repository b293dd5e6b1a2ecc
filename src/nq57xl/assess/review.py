"""The province's review of evidence: verdicts, the fingerprint of the evidence they
judged, and what a verdict does to a task reported done (the spec's rule 1).

The verdict lives with the province (its summary's "Thẩm định" sheet), never in the
commune's own "Kết quả thẩm định" column, which the commune can overwrite. A verdict
holds for the evidence it judged: new evidence reopens the task as "Chờ thẩm định".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from ..records import TaskStatus
from ..vntext import normalize
from .status import AWAITING_EVIDENCE, DONE_LATE, DONE_ON_TIME

PASSED, FAILED, MORE = "Đạt", "Không đạt", "Cần bổ sung"
#: The verdicts a provincial reviewer chooses from.
VERDICTS: tuple[str, ...] = (PASSED, FAILED, MORE)
#: A task reported done whose evidence the province has not judged (or judged other evidence).
PENDING = "Chờ thẩm định"
_BY_KEY = {normalize(v): v for v in VERDICTS}

ReviewKey = tuple[str, str, str]


@dataclass(frozen=True)
class Verdict:
    """The province's verdict on one task's evidence."""

    code: str
    section: str
    stt: str
    fingerprint: str
    verdict: str
    reason: str = ""

    @property
    def key(self) -> ReviewKey:
        return review_key(self.code, self.section, self.stt)


def review_key(code: object, section: object, stt: object) -> ReviewKey:
    """The task a verdict belongs to: commune code, section, STT."""
    return (str(code or "").strip(), str(section or "").strip(), str(stt or "").strip())


def evidence_fingerprint(evidence: object) -> str:
    """A short fingerprint of the evidence text (case, spacing and Unicode form ignored)."""
    return hashlib.sha256(normalize(str(evidence or "")).encode("utf-8")).hexdigest()[:12]


def read_verdict(text: object) -> str | None:
    """One of :data:`VERDICTS` as typed by a reviewer, or None."""
    return _BY_KEY.get(normalize(str(text or "")))


def reviewed_status(status: TaskStatus, verdict: str, reason: str, *, dated: bool,
                    due: date | None, done_date: date | None, as_of: date) -> TaskStatus:
    """The status of a task reported done with evidence once the province's ``verdict``
    applies (rule 1: "Không đạt" and "Cần bổ sung" are "Chờ hoàn thiện", red when
    "Không đạt"; "Đạt" is done, on time or late by rule 2, whatever the commune wrote)."""
    why = f"Tỉnh thẩm định: {verdict}" + (f" ({reason})" if reason else "")
    if verdict in (FAILED, MORE):
        return replace(status, status=AWAITING_EVIDENCE, red_flag=verdict == FAILED, reason=why)
    on_time = not dated or due is None or (done_date or as_of) <= due
    return replace(status, status=DONE_ON_TIME if on_time else DONE_LATE, red_flag=False,
                   reason=why)
