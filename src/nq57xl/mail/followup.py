"""After a consolidation: the summary email draft and the feedback to the communes.

Plain functions behind the macro workbook's buttons «Soạn email» and «Gửi phản hồi cho
xã» (:mod:`nq57xl.excel.mail_buttons` reads the cells and presents what these return). The last
consolidation is its summary workbook and the ``consolidate --json`` document written
beside it (same name, ``.json``); the summary draft is written beside them (``.eml``)
and the feedback workbooks and drafts into one folder. Messages are Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..catalogue import LEFT_OUT_CODES
from ..errors import MailUsageError
from ..province.roster import RosterEntry, RosterIndex
from .feedback import commune_context, write_feedback
from .feedback_result import SUFFIX, FeedbackResult
from .message import DEFAULT_SALUTATION, draft_summary_email, size_text

FEEDBACK_DIR = "phan_hoi_xa"  #: default folder of the feedback, beside the summary
#: Of :data:`nq57xl.catalogue.CONSOLIDATION_CODES`: a file with only these gets no
#: feedback (NOT_DATA), and a file left out of the figures gets none at all (LEFT_OUT).
NOT_DATA = ("late-report",)
LEFT_OUT = LEFT_OUT_CODES
FEEDBACK_HEADER = ("Xã/phường", "Tệp của xã", "Lỗi", "Cảnh báo", "Tệp phản hồi",
                   "Thư nháp gửi đến")
NO_EMAIL = "chưa có email: điền người nhận trước khi gửi"
REFUSED = "chưa soạn thư: email của xã không dùng được (xem thông báo)"
#: A JSON older than its summary by more than this (seconds) belongs to an earlier run.
_FRESH_SLACK = 2.0


@dataclass(frozen=True)
class LastRun:
    """The summary workbook of the last consolidation and its JSON (None: absent or older)."""

    summary: Path
    json: Path | None


def json_beside(summary: Path) -> Path:
    """Where «Tổng hợp» writes the consolidate JSON of ``summary``."""
    return summary.with_suffix(".json")


def last_run(summary: Path | None, *, where: str) -> LastRun:
    """The last run, from the summary path (``where`` names the cell it was read from)."""
    if summary is None:
        raise MailUsageError(f"Chưa có bảng tổng hợp ({where} đang trống). Hãy bấm «Tổng hợp» "
                             "trước.")
    if not summary.is_file():
        raise MailUsageError(f"Không tìm thấy bảng tổng hợp «{summary}» ({where}). Hãy bấm "
                             f"«Tổng hợp» lại, hoặc sửa đường dẫn ở {where}.")
    data = json_beside(summary)
    fresh = data.is_file() and data.stat().st_mtime >= summary.stat().st_mtime - _FRESH_SLACK
    return LastRun(summary, data if fresh else None)


# --- the summary email ----------------------------------------------------------------

@dataclass(frozen=True)
class SummaryDraft:
    """The summary email written as a draft."""

    path: Path
    subject: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    attachment: Path
    attachment_size: int
    body: str


def draft_summary(run: LastRun, to: Sequence[str], *, cc: Sequence[str] = (),
                  salutation: str | None = None, signature: str | None = None,
                  output: Path | None = None) -> SummaryDraft:
    """Write the summary email (figures from the JSON, else the workbook) beside the summary."""
    output = output or run.summary.with_suffix(".eml")
    msg = draft_summary_email(run.summary, to, cc=cc, json_path=run.json,
                              salutation=salutation or DEFAULT_SALUTATION, signature=signature,
                              output=output)
    body = msg.get_body(("plain",))
    return SummaryDraft(output, str(msg["Subject"]), tuple(to), tuple(cc), run.summary,
                        run.summary.stat().st_size,
                        body.get_content().replace("\r\n", "\n") if body is not None else "")


def summary_draft_lines(draft: SummaryDraft) -> list[str]:
    """What was drafted, in Vietnamese."""
    lines = [f"Đã soạn thư «{draft.subject}», đính kèm bảng tổng hợp «{draft.attachment.name}» "
             f"({size_text(draft.attachment_size)})."]
    if draft.to:
        cc = f"; đồng gửi (CC): {', '.join(draft.cc)}" if draft.cc else ""
        lines.append(f"Người nhận: {', '.join(draft.to)}{cc}.")
    else:
        lines.append("Thư chưa có người nhận: hãy điền người nhận trong chương trình thư trước "
                     "khi gửi.")
    return lines


# --- feedback to the communes -----------------------------------------------------------

@dataclass(frozen=True)
class CommuneFeedback:
    """One commune workbook with problems in the last run, and what was written for it."""

    commune: str
    file: str
    result: FeedbackResult | None  #: None when the file is no longer in the folder


@dataclass(frozen=True)
class FeedbackRun:
    """What :func:`write_commune_feedback` did."""

    out_dir: Path
    items: tuple[CommuneFeedback, ...]
    warnings_only: tuple[str, ...]  #: communes left out: warnings only, not asked for
    stale: tuple[Path, ...]  #: feedback files of an earlier run, not written this time

    @property
    def written(self) -> tuple[CommuneFeedback, ...]:
        return tuple(i for i in self.items if i.result and i.result.output)

    @property
    def without_email(self) -> tuple[CommuneFeedback, ...]:
        return tuple(i for i in self.written if i.result and not i.result.email
                     and not i.result.refused)

    @property
    def refused(self) -> tuple[CommuneFeedback, ...]:
        """Feedback written without its draft: the commune's address was refused."""
        return tuple(i for i in self.written if i.result and i.result.refused)


def files_with_problems(data: Mapping[str, Any], *, warnings: bool = False
                        ) -> tuple[list[str], list[str]]:
    """(files to give feedback, files left out for having warnings only) of a consolidation.

    A file counts when it has a data problem (an error; with ``warnings`` also a warning);
    late delivery alone does not count, and a superseded or skipped file never does.
    Names are relative to the consolidated folder, sorted.
    """
    by_file: dict[str, list[Mapping[str, Any]]] = {}
    for issue in data.get("issues", []):
        if issue.get("file"):
            by_file.setdefault(str(issue["file"]), []).append(issue)
    chosen, left = [], []
    for file, issues in sorted(by_file.items()):
        codes = {i.get("code") for i in issues}
        if codes & set(LEFT_OUT):
            continue
        data_issues = [i for i in issues if i.get("code") not in NOT_DATA]
        if any(i.get("severity") == "error" for i in data_issues) or (warnings and data_issues):
            chosen.append(file)
        elif data_issues:
            left.append(file)
    return chosen, left


def _commune_name(data: Mapping[str, Any], file: str) -> str:
    context = commune_context(data, file)
    return str(context["commune"]) if context and context.get("commune") else Path(file).stem


def _roster_address(roster: RosterIndex, context: Mapping[str, Any] | None
                    ) -> tuple[str | None, str | None]:
    """The commune's email in the roster and the line it comes from."""
    if not context or not context.get("commune"):
        return None, None
    entry = roster.match(str(context["commune"]), context.get("code"))
    return (entry.email, entry.source) if entry else (None, None)


def _feedback_files(out_dir: Path) -> set[Path]:
    if not out_dir.is_dir():
        return set()
    return {p for p in out_dir.rglob(f"*{SUFFIX}.*")
            if p.suffix.lower() in (".xlsx", ".xlsm", ".eml")}


def write_commune_feedback(data: Mapping[str, Any], folder: Path, out_dir: Path, *,
                           warnings: bool = False, roster: Sequence[RosterEntry] = (),
                           signature: str | None = None,
                           on_progress: Callable[[int, int, str], None] | None = None
                           ) -> FeedbackRun:
    """Feedback workbook and draft for each commune file with problems in ``data``.

    ``data`` is the consolidate JSON of ``folder``; the originals are only read. The
    draft goes to the workbook's own email, else to the commune's email in ``roster``.
    A file that fails is reported in its result's ``error`` and the others go on.
    """
    chosen, left = files_with_problems(data, warnings=warnings)
    before = _feedback_files(out_dir)
    as_of = date.fromisoformat(str(data["as_of"])[:10])
    index = RosterIndex([e for e in roster if e.email])
    items = []
    for n, file in enumerate(chosen, start=1):
        path = folder / file
        result: FeedbackResult | None = None
        if path.is_file():
            address, source = _roster_address(index, commune_context(data, file))
            try:
                result = write_feedback(path, out_dir, name=file, as_of=as_of, consolidation=data,
                                        email=True, address=address, signature=signature,
                                        address_source=source)
            except OSError as exc:
                result = FeedbackResult(path, file, None, None, 0, 0, error=(
                    f"không ghi được tệp phản hồi ({exc.strerror or exc}); tệp đang mở?"))
            except Exception as exc:  # a workbook openpyxl cannot handle: go on with the others
                result = FeedbackResult(path, file, None, None, 0, 0, error=(
                    f"không tạo được tệp phản hồi ({type(exc).__name__}: {exc})"))
        items.append(CommuneFeedback(_commune_name(data, file), file, result))
        if on_progress:
            on_progress(n, len(chosen), file)
    written = {p for i in items if i.result for p in (i.result.output, i.result.draft) if p}
    stale = sorted(p for p in before - written if p.exists())  # a refused draft is removed
    return FeedbackRun(out_dir, tuple(items), tuple(_commune_name(data, f) for f in left),
                       tuple(stale))


def feedback_table(run: FeedbackRun) -> list[list[object]]:
    """The written feedback, one row per commune (header first; empty when none)."""
    rows: list[list[object]] = []
    for item in run.written:
        r = item.result
        assert r is not None and r.output is not None
        rows.append([item.commune, item.file, r.errors, r.warnings, r.output.name,
                     r.email or (REFUSED if r.refused else NO_EMAIL)])
    return [list(FEEDBACK_HEADER), *rows] if rows else []


def _names(items: Sequence[str], limit: int = 10) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" và {len(items) - limit} xã khác" if len(items) > limit else "")


def feedback_run_lines(run: FeedbackRun, folder: Path) -> list[str]:
    """What :func:`write_commune_feedback` did, in Vietnamese (the table aside)."""
    written = run.written
    lines = []
    if written:
        lines.append(f"Đã soạn {len(written)} tệp phản hồi và {len(written) - len(run.refused)} "
                     "thư nháp (.eml) "
                     f"trong thư mục «{run.out_dir}». Mở từng thư nháp, đọc lại rồi gửi; tệp "
                     "gốc của xã không bị sửa.")
    elif not run.items:
        lines.append("Lần tổng hợp gần nhất không có xã nào có lỗi dữ liệu: không cần gửi "
                     "phản hồi.")
    if run.without_email:
        lines.append(f"{len(run.without_email)} thư chưa có người nhận vì chưa biết email của "
                     f"xã: {_names([i.commune for i in run.without_email])}. Hãy điền người "
                     "nhận trước khi gửi.")
    if run.refused:
        lines.append(f"{len(run.refused)} xã chưa được soạn thư nháp vì địa chỉ email không dùng "
                     "được (tệp phản hồi vẫn được ghi); hãy sửa địa chỉ rồi bấm lại:")
        lines += [f"{i.file} ({i.commune}): {i.result.refused}" for i in run.refused if i.result]
    fixed = [i for i in run.items if i.result and not i.result.output and not i.result.error]
    if fixed:
        lines.append(f"{len(fixed)} tệp đọc lại không còn lỗi (xã đã sửa sau lần tổng hợp), "
                     f"không cần phản hồi: {', '.join(i.file for i in fixed)}.")
    gone = [i.file for i in run.items if i.result is None]
    if gone:
        lines.append(f"{len(gone)} tệp không còn trong thư mục «{folder}»: {', '.join(gone)}. "
                     "Nếu tệp đã được chuyển hay đổi tên, hãy bấm «Tổng hợp» lại.")
    for i in run.items:
        if i.result and i.result.error:
            lines.append(f"{i.file} ({i.commune}): {i.result.error}.")
    if run.warnings_only:
        lines.append(f"{len(run.warnings_only)} xã chỉ có cảnh báo (không bắt buộc sửa), chưa "
                     f"soạn phản hồi: {_names(list(run.warnings_only))}.")
    if run.stale:
        lines.append(f"Trong thư mục còn {len(run.stale)} tệp phản hồi của lần trước, không "
                     f"thuộc lần này (ví dụ «{run.stale[0].name}»): đừng gửi nhầm, có thể xoá.")
    return lines
