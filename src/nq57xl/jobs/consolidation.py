"""Whole jobs shared by the CLI and the Excel handlers: run, write, summarise in words.

A job returns an :class:`Outcome` (exit code and Vietnamese lines to show) instead of
printing, so that the CLI prints the lines and the Excel glue writes them into cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..assess.status import Settings
from ..atomic import commit, discard, stage_text
from ..collector import fewer_collections
from ..compare.changes import apply_comparison
from ..compare.periods import comparison_lines, load_snapshot
from ..compare.snapshot import SnapshotError
from ..errors import os_error_text
from ..history.record import RunHistory, run_history
from ..history.store import HistoryError, default_history, record_period
from ..history.trends import Trends
from ..province.consolidate import consolidate
from ..province.consolidation import Consolidation
from ..province.inputs import check_outputs, no_reports_message
from ..province.parallel import make_reader
from ..province.periods import PeriodError
from ..province.review_register import REGISTER_FILE, read_verdicts
from ..province.roster import RosterError
from ..read.limits import Limits
from ..summary.indicators_sheet import indicator_lines
from ..summary.jsondoc import consolidation_json, dumps
from ..summary.period_lines import period_lines
from ..summary.review_sheet import review_lines
from ..summary.tasklist import split_task_list
from ..summary.writer import write_summary

#: Periods held (this run's included) from which the summary shows the trends.
TREND_MINIMUM = 2


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
                      limits: Limits = Limits(), remind_dir: Path | None = None,
                      review: Path | None = None, history: Path | bool = True,
                      seed_history: Callable[[Path, Consolidation], object] | None = None
                      ) -> Outcome:
    """Consolidate ``folder`` into the summary workbook ``output`` (and JSON if asked).

    ``previous``: the previous period's JSON or summary workbook, to list the changes.
    ``remind_dir``: where the caller will write reminders (checked with the outputs).
    ``review``: the province's review register; default: the "Thẩm định" sheet of
    ``so_tham_dinh.xlsx`` beside ``output``, else of the summary about to be replaced,
    else of ``previous`` when it is a workbook.
    ``history``: the history file (True: :data:`~nq57xl.history.store.HISTORY_FILE`
    beside ``output``; False: none). The run is recorded there once the summary is
    written; the summary shows the trends over the periods held (from two on), and without
    ``previous`` it is compared with the period held before, and its indicators are
    recorded with it (:func:`~nq57xl.history.rows.indicator_rows`).
    ``seed_history(history, result)``: called before the history is read (the demo
    records its earlier months there).
    Outputs are refused inside ``folder``; the summary and the JSON are replaced
    together or not at all.
    """
    json_target = Path(json_path) if json_path and json_path != "-" else None
    refusal = check_outputs(folder, [("bảng tổng hợp", output), ("tệp JSON", json_target)],
                            [("thư mục thư nhắc", remind_dir)])
    if refusal:
        return Outcome(2, [refusal])
    baseline = None
    if previous is not None:  # checked before the long part, so a bad file fails fast
        try:
            baseline = load_snapshot(previous)
        except SnapshotError as exc:
            return Outcome(2, [f"Kỳ trước: {exc}"])
    verdicts = _verdicts(review, output, previous)
    try:
        result = consolidate(folder, as_of=as_of, province=province, roster_csv=roster_csv,
                             period=period, settings=settings, limits=limits,
                             on_progress=on_progress, read=read or make_reader(),
                             verdicts=verdicts)
    except (RosterError, PeriodError) as exc:
        return Outcome(2, [str(exc)])
    ov = result.overview
    if not ov["files"]:
        return Outcome(2, [no_reports_message(folder)], result)
    store = default_history(output) if history is True else history or None
    held = _read_history(store, result, seed_history) if store else None
    if isinstance(held, Outcome):
        return held
    baseline = baseline or (held.previous if held else None)
    if baseline is not None:
        result = apply_comparison(result, baseline)
    shown = held.trends if held and len(held.trends.periods) >= TREND_MINIMUM else None
    written = _write_outputs(result, output, json_path, json_target, shown)
    if isinstance(written, Outcome):
        return written
    code, lines = 1 if ov["files_with_errors"] else 0, _lines(written, output)
    if store is not None and held is not None:
        try:
            record_period(store, held.record)
        except HistoryError as exc:
            return Outcome(2, [*lines, f"Lịch sử: {exc}"], written, output)
        lines += history_lines(store, held)
    return Outcome(code, lines, written, output)


def _read_history(store: Path, result: Consolidation,
                  seed: Callable[[Path, Consolidation], object] | None) -> RunHistory | Outcome:
    """What the summary shows from the history file; an Outcome (2) when it is unusable."""
    try:
        if seed is not None:
            seed(store, result)
        return run_history(store, result)
    except HistoryError as exc:
        return Outcome(2, [f"Lịch sử: {exc}", "Chưa ghi bảng tổng hợp. Muốn tổng hợp không "
                           "dùng lịch sử: thêm --no-history (dòng lệnh) hoặc ghi «Không» ở ô "
                           "«Tệp lịch sử các kỳ» (Excel)."], result)


def history_lines(store: Path, held: RunHistory) -> list[str]:
    """What the run did with the history file, in Vietnamese lines."""
    trends = held.trends
    if len(trends.periods) < TREND_MINIMUM:
        return [f"Lịch sử: đã lưu kỳ {held.record.period} vào «{store}»; trang «Xu hướng» có "
                "từ khi lịch sử có hai kỳ trở lên."]
    lines = [f"Lịch sử: đã lưu kỳ {held.record.period} vào «{store}»; trang «Xu hướng» có "
             f"{len(trends.periods)} kỳ ({trends.periods[0]} – {trends.periods[-1]})."]
    if trends.flags:
        lines.append(f"  Số liệu cũ bị thay đổi so với các kỳ trước: {len(trends.flags)} (xem "
                     "trang «Thay đổi so với lịch sử»).")
    return lines


def _verdicts(review: Path | None, output: Path, previous: Path | None) -> dict:
    """The province's verdicts: from ``review``, else the register file beside the
    summary, else the summary being replaced, else the previous summary workbook."""
    if review is not None:
        return read_verdicts(review)
    for source in (output.with_name(REGISTER_FILE), output, previous):
        if source is not None and source.suffix.lower() in (".xlsx", ".xlsm"):
            found = read_verdicts(source)
            if found:
                return found
    return {}


def _write_outputs(result: Consolidation, output: Path, json_path: str | None,
                   json_target: Path | None, trends: Trends | None = None
                   ) -> Consolidation | Outcome:
    """The task CSV (when large), then the JSON staged, the summary, the JSON moved in:
    a failure leaves the previous summary and JSON as they were (exit code 2)."""
    json_text = dumps(consolidation_json(result)) if json_path else None
    staged = None
    try:
        what, target = "danh sách nhiệm vụ", output.with_name(f"{output.stem}_nhiem_vu.csv")
        result = split_task_list(result, output)
        if json_target is not None and json_text is not None:
            what, target = "tệp JSON", json_target
            staged = stage_text(json_target, json_text + "\n")
        what, target = "bảng tổng hợp", output
        write_summary(result, output, trends=trends)
        if staged is not None:
            what, target = "tệp JSON", json_target
            commit(staged, json_target)
            staged = None
    except OSError as exc:
        return Outcome(2, [f"Không ghi được {what} «{target}»: {os_error_text(exc)}. "
                           "Bảng tổng hợp và tệp JSON cũ (nếu có) được giữ nguyên. Nếu tệp đang "
                           "mở trong Excel, hãy đóng lại; rồi chạy lại."], result)
    finally:
        discard(staged)
    if json_path == "-" and json_text is not None:
        print(json_text)
    return result


def _lines(result: Consolidation, output: Path) -> list[str]:
    """What the run did, in Vietnamese lines."""
    ov = result.overview
    errors = int((result.issues["severity"] == "error").sum()) if len(result.issues) else 0
    warnings = int((result.issues["severity"] == "warning").sum()) if len(result.issues) else 0
    return [
        f"Đã ghi bảng tổng hợp: {output}",
        f"Xã đã nộp: {ov['submitted']}/{ov['expected']}; chưa nộp: {ov['missing']}; "
        f"nộp muộn: {ov['late']}.",
        f"Nhiệm vụ: {ov['tasks']}; đúng hạn: {_pct(ov['on_time_rate'])}; "
        f"hoàn thành: {_pct(ov['completion_rate'])}; cảnh báo đỏ: {ov['red_flags']}.",
        f"Lỗi dữ liệu: {errors} lỗi, {warnings} cảnh báo ở {ov['files_with_errors']} tệp có lỗi "
        "(xem trang «Lỗi dữ liệu»).",
        *period_lines(result),
        *review_lines(result),
        *indicator_lines(result),
        *comparison_lines(result.changes, result.compared_with),
    ]
