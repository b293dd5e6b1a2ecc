"""The report as one job, shared by ``nq57xl report`` and the button «Soạn báo cáo».

It consolidates the folder (each file read in an isolated worker) and writes the
province's report (:mod:`nq57xl.report.content`) from that consolidation, so every
figure in the report is the figure the summary of the same folder, date and settings
shows. Like the other jobs it returns Vietnamese lines and an exit code instead of
printing: 0 clean, 1 data problems (the report is still written), 2 nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..assess.status import Settings
from ..errors import Nq57Error, os_error_text
from ..province.consolidate import consolidate
from ..province.inputs import check_outputs, no_reports_message
from ..province.parallel import make_reader
from .content import write_report

#: The report's default file name, beside the summary: ``bao_cao_nq57_2026_11.docx``.
REPORT_NAME = "bao_cao_nq57_{day:%Y_%m}.docx"


@dataclass(frozen=True)
class ReportOutcome:
    """What the job produced: exit code, lines to show, the report written (or None)."""

    exit_code: int
    lines: tuple[str, ...]
    output: Path | None = None


def run_report(folder: Path, output: Path, *, as_of: date, province: str | None = None,
               roster_csv: Path | None = None, period: str | None = None,
               settings: Settings = Settings(),
               on_progress: Callable[[int, int, str], None] | None = None,
               read=None) -> ReportOutcome:
    """Consolidate ``folder`` as of ``as_of`` and write its report to ``output`` (.docx)."""
    if output.suffix.lower() != ".docx":
        return ReportOutcome(2, (f"Tệp báo cáo «{output.name}» phải có đuôi .docx.",))
    refusal = check_outputs(folder, [("báo cáo", output)])
    if refusal:
        return ReportOutcome(2, (refusal,))
    try:
        result = consolidate(folder, as_of=as_of, province=province, roster_csv=roster_csv,
                             period=period, settings=settings, on_progress=on_progress,
                             read=read or make_reader())
    except Nq57Error as exc:  # RosterError, PeriodError
        return ReportOutcome(2, (str(exc),))
    ov = result.overview
    if not ov["files"]:
        return ReportOutcome(2, (no_reports_message(folder),))
    try:
        write_report(result, output, as_of=as_of, province=result.province or province)
    except OSError as exc:
        return ReportOutcome(2, (f"Không ghi được báo cáo «{output}»: {os_error_text(exc)}. "
                                 "Nếu tệp đang mở trong Word, hãy đóng lại rồi chạy lại.",))
    lines = [f"Đã ghi báo cáo: {output}",
             f"Xã đã nộp: {ov['submitted']}/{ov['expected']}; chưa nộp: {ov['missing']}; "
             f"nộp muộn: {ov['late']}.",
             "Mở báo cáo, viết phần «IV. KIẾN NGHỊ, ĐỀ XUẤT» (đoạn tô vàng trong ngoặc vuông), "
             "rồi trình lãnh đạo ký."]
    if ov["files_with_errors"]:
        lines.append(f"Có {ov['files_with_errors']} tệp có lỗi dữ liệu: xem trang «Lỗi dữ liệu» "
                     "của bảng tổng hợp (nút «Tổng hợp» hoặc lệnh «nq57xl consolidate»).")
    return ReportOutcome(1 if ov["files_with_errors"] else 0, tuple(lines), output)
