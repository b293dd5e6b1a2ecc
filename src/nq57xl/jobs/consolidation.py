"""Whole jobs shared by the CLI and the Excel handlers: run, write, summarise in words.

A job returns an :class:`Outcome` (exit code and Vietnamese lines to show) instead of
printing, so that the CLI prints the lines and the Excel glue writes them into cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..assess.status import Settings
from ..collector import fewer_collections
from ..compare.changes import apply_comparison
from ..compare.periods import comparison_lines, load_snapshot
from ..compare.snapshot import SnapshotError
from ..province.consolidate import consolidate
from ..province.parallel import make_reader
from ..province.roster import RosterError
from ..read.limits import Limits
from ..summary.jsondoc import consolidation_json, dump
from ..summary.tasklist import split_task_list
from ..summary.writer import write_summary

if TYPE_CHECKING:
    from ..province.consolidation import Consolidation


@dataclass
class Outcome:
    """What a job produced: 0 clean, 1 data problems (output written), 2 nothing produced."""

    exit_code: int
    lines: list[str] = field(default_factory=list)
    result: "Consolidation | None" = None
    output: Path | None = None


def _pct(rate: object) -> str:
    return "—" if rate is None else f"{float(rate) * 100:.1f}%".replace(".", ",")


@fewer_collections()
def run_consolidation(folder: Path, output: Path, *, as_of: date, province: str | None = None,
                      roster_csv: Path | None = None, period: str | None = None,
                      settings: Settings = Settings(), json_path: str | None = None,
                      on_progress: Callable[[int, int, str], None] | None = None,
                      read=None, previous: Path | None = None,
                      limits: Limits = Limits()) -> Outcome:
    """Consolidate ``folder`` into the summary workbook ``output`` (and JSON if asked).

    ``previous``: the previous period's JSON or summary workbook, to list the changes.
    """
    baseline = None
    if previous is not None:  # checked before the long part, so a bad file fails fast
        try:
            baseline = load_snapshot(previous)
        except SnapshotError as exc:
            return Outcome(2, [f"Kỳ trước: {exc}"])
    try:
        result = consolidate(folder, as_of=as_of, province=province, roster_csv=roster_csv,
                             period=period, settings=settings, limits=limits,
                             on_progress=on_progress,
                             read=read or make_reader())
    except RosterError as exc:
        return Outcome(2, [str(exc)])
    ov = result.overview
    if not ov["files"]:
        return Outcome(2, [f"Không có tệp báo cáo nào (.xlsx, .xlsm, .xls, .ods) trong thư mục «{folder}».",
                           "Hãy chọn đúng thư mục chứa các tệp của xã."], result)

    if baseline is not None:
        result = apply_comparison(result, baseline)
    json_data = consolidation_json(result) if json_path else None
    try:
        result = split_task_list(result, output)
    except OSError as exc:
        target = output.with_name(f"{output.stem}_nhiem_vu.csv")
        return Outcome(2, [
            f"Không ghi được danh sách nhiệm vụ «{target}»: {exc.strerror or exc}. "
            "Bảng tổng hợp cũ (nếu có) được giữ nguyên. Hãy kiểm tra chỗ trống trên đĩa "
            "và quyền ghi vào thư mục, rồi chạy lại."], result)
    try:
        write_summary(result, output)
    except OSError as exc:
        return Outcome(2, [f"Không ghi được tệp tổng hợp «{output}»: {exc.strerror or exc}. "
                           "Nếu tệp đang mở trong Excel, hãy đóng lại rồi chạy lại."], result)
    if json_path:
        dump(json_data, json_path)
    errors = int((result.issues["severity"] == "error").sum()) if len(result.issues) else 0
    warnings = int((result.issues["severity"] == "warning").sum()) if len(result.issues) else 0
    lines = [
        f"Đã ghi bảng tổng hợp: {output}",
        f"Xã đã nộp: {ov['submitted']}/{ov['expected']}; chưa nộp: {ov['missing']}; "
        f"nộp muộn: {ov['late']}.",
        f"Nhiệm vụ: {ov['tasks']}; đúng hạn: {_pct(ov['on_time_rate'])}; "
        f"hoàn thành: {_pct(ov['completion_rate'])}; cảnh báo đỏ: {ov['red_flags']}.",
        f"Lỗi dữ liệu: {errors} lỗi, {warnings} cảnh báo ở {ov['files_with_errors']} tệp có lỗi "
        "(xem trang «Lỗi dữ liệu»).",
        *comparison_lines(result.changes, result.compared_with),
    ]
    return Outcome(1 if ov["files_with_errors"] else 0, lines, result, output)
