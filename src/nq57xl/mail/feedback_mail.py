"""The email side of feedback workbooks: the draft sent to a commune, and the lines
that report what :func:`nq57xl.mail.feedback.write_feedbacks` wrote.

Split out of :mod:`nq57xl.mail.feedback` (which re-exports both functions).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from ..records import Problem
from .feedback_result import FEEDBACK_SHEET, FeedbackResult
from .message import attach_file, new_message, period_phrase, signature_for
from .remind import addressee, roster_entry


def feedback_email(result: FeedbackResult, problems: Sequence[Problem], address: str | None,
                   consolidation: Mapping[str, Any] | None, sender: str | None, *,
                   code: str | None = None, signature: str | None = None) -> EmailMessage:
    """The draft email sending a feedback workbook back to its commune."""
    data = consolidation or {}
    as_of = date.fromisoformat(data["as_of"]) if data.get("as_of") else date.today()
    period = period_phrase(data.get("period"), as_of)
    commune = result.commune or Path(result.name).stem
    unit, full_name = addressee(commune, roster_entry(commune, code, data.get("province")))
    # Errors must be corrected; a workbook with warnings only is asked to be looked at again.
    listed = [p for p in problems if p.severity == "error"][:5] or list(problems[:5])
    output = result.output or Path(result.name)
    counts = ", ".join(text for n, text in ((result.errors, f"{result.errors} lỗi"),
                                            (result.warnings, f"{result.warnings} cảnh báo")) if n)
    lines = [f"Kính gửi: Ủy ban nhân dân {full_name},", "",
             f"Chúng tôi đã kiểm tra báo cáo tiến độ thực hiện Nghị quyết số 57-NQ/TW "
             f"{period[:1].lower() + period[1:]} (tệp «{Path(result.name).name}») và thấy "
             f"{counts} về dữ liệu. Xin gửi kèm tệp "
             f"«{output.name}»: trang «{FEEDBACK_SHEET}» liệt kê từng lỗi và cách sửa"
             + ("; các ô cần sửa được tô màu và có ghi chú, có thể sửa ngay trên tệp này."
                if result.copied else ".")]
    if listed:
        lines += ["", "Một số lỗi cần sửa:" if result.errors else "Một số điểm cần xem lại:"]
        for p in listed:
            where = ", ".join(x for x in (f"trang «{p.sheet}»" if p.sheet else "",
                                          f"ô {p.cell}" if p.cell else "") if x)
            lines.append(f"- {where[:1].upper() + where[1:] + ': ' if where else ''}{p.message}")
    ask = (f"Đề nghị {unit} sửa rồi gửi lại báo cáo trong thời gian sớm nhất." if result.errors
           else f"Đề nghị {unit} xem lại các điểm trên; nếu cần điều chỉnh, xin sửa rồi gửi lại "
                "báo cáo.")
    lines += ["", ask, "", "Trân trọng.", signature or signature_for(data.get("province"))]
    msg = new_message(f"Phản hồi báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW - {period} - "
                      f"{full_name}", "\n".join(lines) + "\n", to=[address] if address else [],
                      sender=sender)
    attach_file(msg, output)
    return msg


def feedback_lines(results: Sequence[FeedbackResult]) -> list[str]:
    """Vietnamese lines reporting what was written for each workbook."""
    lines = []
    for r in results:
        who = f"{r.name} ({r.commune})" if r.commune else r.name
        if r.error:
            lines.append(f"{who}: LỖI: {r.error}")
            continue
        if r.output is None:
            lines.append(f"{who}: không có lỗi, {r.warnings} cảnh báo: không gửi phản hồi (thêm "
                         "--warnings để phản hồi cả cảnh báo)." if r.warnings else
                         f"{who}: không có lỗi, không cần phản hồi.")
            continue
        lines.append(f"{who}: {r.errors} lỗi, {r.warnings} cảnh báo → {r.output}")
        lines += [f"  {note}" for note in r.notes]
        if r.draft is not None:
            to = r.email or "chưa có địa chỉ email, hãy điền người nhận trước khi gửi"
            lines.append(f"  Thư nháp: {r.draft} ({to})")
        if r.refused:
            lines.append(f"  Chưa soạn thư nháp: {r.refused}")
    written = sum(r.output is not None for r in results)
    lines.append(f"Đã ghi {written} tệp phản hồi cho {len(results)} tệp báo cáo.")
    return lines
