"""Command line: parse arguments, call the library, present the result.

Exit codes (csvkit style): 0 clean, 1 data problems (output still written where there
is output), 2 usage error or nothing could be produced.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__, api
from ..assess.assessment import assess
from ..catalogue import CATALOGUE, catalogue_markdown
from ..collector import before_exit, quiet_collector
from ..errors import Nq57Error
from ..province.roster import resolve_province
from ..read.commune import read_commune
from ..read.limits import Limits
from ..records import CommuneReport, Problem
from .bundle import bundle_windows_cmd, set_python_cmd
from .history import history_app, history_file
from .mail import email_cmd, feedback_cmd, remind_cmd
from .report import report_cmd
from .vietnamese import install as install_vietnamese
from .options import (
    AsOf,
    BehindRatio,
    DueSoonDays,
    GraceDays,
    ReportDay,
    StaleDays,
    fail,
    make_settings,
    parse_as_of,
    write_failure,
)

install_vietnamese()
app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="nq57xl: kiểm tra và tổng hợp báo cáo Nghị quyết 57-NQ/TW của các xã.")


def _problem_line(p: Problem) -> str:
    where = " › ".join(x for x in (p.sheet, p.cell) if x)
    tag = "LỖI" if p.severity == "error" else "Cảnh báo"
    return f"  {tag} [{p.code}] {where + ': ' if where else ''}{p.message}"


def _print_report(report: CommuneReport) -> None:
    meta = report.metadata
    commune = f" — {meta.commune}" if meta.commune else ""
    typer.echo(f"{report.file}{commune}: {len(report.tasks)} nhiệm vụ, "
               f"{len(report.errors)} lỗi, {len(report.warnings)} cảnh báo")
    for p in report.problems:
        typer.echo(_problem_line(p))


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, readable=True, metavar="TỆP",
                                                help="Các tệp báo cáo của xã (.xlsx, .xlsm, .xls, .ods).")],
    json_path: Annotated[Optional[str], typer.Option("--json", help="Ghi kết quả JSON ra tệp này (hoặc - để in ra màn hình).")] = None,
    as_of: AsOf = None,
    behind_ratio: BehindRatio = 0.5,
    grace_days: GraceDays = 30,
    stale_days: StaleDays = 31,
    due_soon_days: DueSoonDays = 15,
    report_day: ReportDay = 20,
) -> None:
    """Kiểm tra từng tệp báo cáo của xã: nhiệm vụ, trạng thái và lỗi dữ liệu."""
    day = parse_as_of(as_of)
    settings = make_settings(behind_ratio, grace_days, stale_days, due_soon_days, report_day)
    out = []
    errors = warnings = 0
    for path in files:
        report = read_commune(path, as_of=day)
        assessment = assess(report, day, settings)
        out.append(api.commune_report_json(report, assessment))
        errors += len(report.errors)
        warnings += len(report.warnings)
        if json_path != "-":
            _print_report(report)
    if json_path:
        api.dump({"as_of": day.isoformat(), "settings": settings.__dict__, "files": out}, json_path)
    if json_path != "-":
        typer.echo(f"Tổng cộng: {len(files)} tệp, {errors} lỗi, {warnings} cảnh báo.")
    raise typer.Exit(1 if errors else 0)


def _progress_printer(then: str | None = None):
    """A rich progress bar on a terminal, nothing otherwise; returns (callback, stop).

    The bar is redrawn at each update, without rich's refresh thread (a thread the
    worker processes would be forked beside). ``then`` is printed once every file is
    read (what the command does next).
    """
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(TextColumn("Đọc tệp"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.description}"), transient=True,
                        auto_refresh=False)
    progress.start()
    task = progress.add_task("", total=None)

    def update(done: int, total: int, name: str) -> None:
        if not progress.live.is_started:
            return
        progress.update(task, completed=done, total=total, description=name[-40:], refresh=True)
        if done >= total:
            progress.stop()
            if then:
                typer.echo(then, err=True)

    return update, progress.stop


@app.command()
def consolidate(
    folder: Annotated[Path, typer.Argument(metavar="THƯ_MỤC", help="Thư mục chứa các tệp báo cáo của xã (đọc cả thư mục con).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp tổng hợp sẽ ghi (.xlsx).")],
    as_of: AsOf = None,
    province: Annotated[Optional[str], typer.Option(help="Tỉnh/thành phố (mặc định: theo các tệp).")] = None,
    roster: Annotated[Optional[Path], typer.Option(help="Danh sách xã của tỉnh (CSV: Mã xã, Tên xã[, Email]).")] = None,
    period: Annotated[Optional[str], typer.Option(help="Kỳ báo cáo, ví dụ «Tháng 11/2026».")] = None,
    json_path: Annotated[Optional[str], typer.Option("--json", help="Ghi kết quả JSON ra tệp này (hoặc -).")] = None,
    remind: Annotated[Optional[Path], typer.Option("--remind", help="Soạn thư nhắc (.eml) cho các xã chưa nộp, nộp muộn vào thư mục này.")] = None,
    behind_ratio: BehindRatio = 0.5,
    grace_days: GraceDays = 30,
    stale_days: StaleDays = 31,
    due_soon_days: DueSoonDays = 15,
    report_day: ReportDay = 20,
    previous: Annotated[Optional[Path], typer.Option("--previous", help="Kết quả kỳ trước (JSON của --json hoặc bảng tổng hợp .xlsx) để liệt kê thay đổi.")] = None,
    max_file_mb: Annotated[float, typer.Option(help="Dung lượng tối đa một tệp (MB).")] = 50,
    max_inflated_mb: Annotated[float, typer.Option(help="Dung lượng giải nén tối đa một tệp (MB).")] = 500,
    max_rows: Annotated[int, typer.Option(help="Số dòng tối đa mỗi trang tính.")] = 20_000,
    max_seconds: Annotated[float, typer.Option(help="Thời gian đọc tối đa một tệp (giây).")] = 60,
    max_worker_mb: Annotated[float, typer.Option(
        help="Bộ nhớ tối đa khi đọc một tệp (MB); tệp cần nhiều hơn bị dừng và báo lỗi.")] = 1024,
    max_cells: Annotated[int, typer.Option(
        help="Số ô tối đa một trang tính được trải ra (dòng × cột), kiểm tra trước khi đọc.")] = 5_000_000,
    history: Annotated[Optional[Path], typer.Option(
        "--history", help="Tệp lịch sử các kỳ (SQLite; mặc định: lich_su_nq57.sqlite cạnh bảng "
                          "tổng hợp). Lần chạy được lưu vào đó; bảng tổng hợp có trang «Xu hướng» "
                          "và, khi không có --previous, so với kỳ trước trong lịch sử.")] = None,
    no_history: Annotated[bool, typer.Option(
        "--no-history", help="Không đọc, không ghi tệp lịch sử.")] = False,
) -> None:
    """Tổng hợp các báo cáo của xã trong một thư mục thành bảng tổng hợp của tỉnh."""
    if not folder.is_dir():
        raise typer.BadParameter(f"không tìm thấy thư mục «{folder}»", param_hint="THƯ_MỤC")
    if output.suffix.lower() != ".xlsx":
        raise typer.BadParameter("tệp tổng hợp phải có đuôi .xlsx", param_hint="--output")
    day = parse_as_of(as_of)
    settings = make_settings(behind_ratio, grace_days, stale_days, due_soon_days, report_day)
    callback, stop = _progress_printer("Đã đọc xong các tệp; đang ghi bảng tổng hợp...")
    try:
        limits = Limits(max_file_mb, max_inflated_mb, max_rows, max_seconds, max_worker_mb,
                        max_cells)
        outcome = api.run_consolidation(folder, output, as_of=day, province=province,
                                        roster_csv=roster, period=period, settings=settings,
                                        json_path=json_path, on_progress=callback,
                                        previous=previous, limits=limits,
                                        remind_dir=remind,
                                        history=False if no_history else history or True)
    finally:
        stop()
    for line in outcome.lines:
        typer.echo(line, err=outcome.exit_code == 2)
    if remind is not None and outcome.result is not None and outcome.exit_code != 2:
        reminders = api.write_reminders(outcome.result, remind, roster_csv=roster, base=folder)
        for line in api.reminder_lines(reminders, remind):
            typer.echo(line)
    raise typer.Exit(outcome.exit_code)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi dữ liệu mẫu và bảng tổng hợp.")] = Path("demo"),
    as_of: AsOf = None,
    communes: Annotated[Optional[int], typer.Option(help="Số xã mẫu (mặc định: gần đủ 130 xã của Nghệ An).")] = None,
) -> None:
    """Tạo dữ liệu mẫu của các xã (từ 3 kế hoạch thật) rồi tổng hợp thành bảng của tỉnh."""
    day = parse_as_of(as_of)
    typer.echo(f"Tạo tệp mẫu của các xã tỉnh {api.PROVINCE} trong {out / 'xa'} ...")
    built = api.build_demo(out, as_of=day, communes=communes)
    summary = out / built.summary_name
    callback, stop = _progress_printer()
    try:
        outcome = api.run_consolidation(built.folder, summary, as_of=day, province=api.PROVINCE,
                                        json_path=str(out / "tong_hop.json"),
                                        on_progress=callback,
                                        seed_history=api.seed_demo_history)
    finally:
        stop()
    (out / "README.md").write_text(api.demo_readme(built, summary, day), encoding="utf-8")
    for line in outcome.lines:
        typer.echo(line)
    if outcome.exit_code == 2:
        raise typer.Exit(2)
    typer.echo(f"Mở bảng tổng hợp: {summary.resolve()}")
    raise typer.Exit(outcome.exit_code)  # 1: the planted data errors are reported


@app.command("import")
def import_cmd(
    source: Annotated[Path, typer.Argument(metavar="PHỤ_LỤC", help="Phụ lục có sẵn: .docx, .xlsx/.xlsm/.xls/.ods hoặc văn bản .txt/.tsv.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp mẫu chuẩn sẽ ghi (.xlsx).")],
    commune: Annotated[Optional[str], typer.Option(help="Tên xã/phường (mặc định: theo văn bản gốc).")] = None,
    province: Annotated[Optional[str], typer.Option(help="Tỉnh/thành phố (mặc định: theo văn bản gốc).")] = None,
    json_path: Annotated[Optional[str], typer.Option("--json", help="Ghi báo cáo nhập dạng JSON ra tệp này (hoặc -).")] = None,
) -> None:
    """Nhập phụ lục có sẵn (bảng Word, Excel, văn bản) vào mẫu báo cáo chuẩn."""
    try:
        report = api.import_appendix(source, output, commune=commune, province=province)
    except api.ImportFailure as exc:
        typer.echo(f"LỖI: {exc}", err=True)
        if json_path:
            api.dump({"source": str(source), "output": None, "error": str(exc), "exit_code": 2},
                 json_path)
        raise typer.Exit(2) from None
    if json_path:
        api.dump(api.import_report_json(report), json_path)
    if json_path != "-":
        for line in api.import_report_lines(report):
            typer.echo(line)
    raise typer.Exit(report.exit_code)


@app.command("build-workbook")
def build_workbook_cmd(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Sổ làm việc có macro sẽ ghi (.xlsm; mặc định: workbook/nq57xl.xlsm của mã nguồn).")] = None,
    macros: Annotated[Optional[Path], typer.Option(help="Thư mục mã VBA (*.bas; mặc định: xlmacros/ của mã nguồn).")] = None,
) -> None:
    """Tạo sổ làm việc có macro của cán bộ tỉnh (nq57xl.xlsm) từ mã VBA trong xlmacros/."""
    output = output or api.default_macros_dir().parent / "workbook" / "nq57xl.xlsm"
    if output.suffix.lower() != ".xlsm":
        raise typer.BadParameter("sổ làm việc có macro phải có đuôi .xlsm", param_hint="--output")
    try:
        path = api.build_workbook(output, macros=macros)
    except (Nq57Error, OSError) as exc:  # BuildError, VbaError
        fail(str(exc))
    typer.echo(f"Đã ghi sổ làm việc có macro: {path}")


@app.command("template")
def template_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp mẫu sẽ ghi (.xlsx).")],
    province: Annotated[Optional[str], typer.Option(help="Tỉnh/thành phố ghi sẵn trong mẫu.")] = None,
    commune: Annotated[Optional[str], typer.Option(help="Tên xã/phường ghi sẵn trong mẫu.")] = None,
) -> None:
    """Tạo mẫu báo cáo chuẩn để gửi xã (.xlsx, không có macro)."""
    if output.suffix.lower() != ".xlsx":
        raise typer.BadParameter("tệp mẫu phải có đuôi .xlsx", param_hint="--output")
    if province is not None and resolve_province(province) is None:
        raise typer.BadParameter(f"«{province}» không có trong danh mục 34 tỉnh, thành phố",
                                 param_hint="--province")
    try:
        path = api.build_template(output, province=resolve_province(province) if province else None,
                              commune=commune)
    except OSError as exc:
        fail(write_failure(output, exc))
    typer.echo(f"Đã ghi mẫu báo cáo: {path}")


@app.command("compare")
def compare_cmd(
    previous: Annotated[Optional[Path], typer.Argument(metavar="[KỲ_TRƯỚC]", help="Kết quả kỳ trước: JSON của «consolidate --json» hoặc bảng tổng hợp .xlsx. Không ghi: kỳ trước trong tệp lịch sử.", show_default=False)] = None,
    current: Annotated[Optional[Path], typer.Argument(metavar="[KỲ_NÀY]", help="Kết quả kỳ này: JSON hoặc bảng tổng hợp .xlsx. Không ghi tệp nào: hai kỳ cuối trong tệp lịch sử.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Ghi danh sách thay đổi ra tệp Excel này (.xlsx).")] = None,
    json_path: Annotated[Optional[str], typer.Option("--json", help="Ghi kết quả JSON ra tệp này (hoặc -).")] = None,
    history: Annotated[Optional[Path], typer.Option(
        "--history", help="Tệp lịch sử khi thiếu tệp kỳ trước/kỳ này (mặc định: "
                          "lich_su_nq57.sqlite trong thư mục hiện tại).")] = None,
) -> None:
    """So sánh hai kỳ: trạng thái, thời hạn, tiến độ, minh chứng, nhiệm vụ thêm/bỏ, thứ hạng.

    Với một tệp: so tệp đó với kỳ trước nó trong tệp lịch sử; không có tệp nào: hai kỳ cuối
    trong lịch sử.
    """
    if output is not None and output.suffix.lower() != ".xlsx":
        raise typer.BadParameter("tệp danh sách thay đổi phải có đuôi .xlsx", param_hint="--output")
    if previous is not None and current is None:  # one file: this period
        previous, current = None, previous
    try:
        pair = _periods_to_compare(previous, current, history_file(history))
        comparison = api.compare_snapshots(*pair)
        if output is not None:
            api.write_changes_workbook(comparison, output)
    except (api.SnapshotError, api.HistoryError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(write_failure(output, exc))
    if json_path:
        api.dump(api.comparison_json(comparison), json_path)
    if json_path != "-":
        for line in api.comparison_report_lines(comparison, output):
            typer.echo(line)
    raise typer.Exit(1 if len(comparison.changes) else 0)


def _periods_to_compare(previous: Path | None, current: Path | None, db: Path) -> tuple:
    """(previous, current) snapshots: the files given, else from the history file ``db``."""
    if previous is not None and current is not None:
        return api.load_snapshot(previous), api.load_snapshot(current)
    if current is not None:
        now = api.load_snapshot(current)
        before = api.history_snapshot(db, before=api.period_key(now.period, now.as_of))
        if before is None:
            fail(f"tệp lịch sử «{db}» không có kỳ nào trước {now.period or current.name}; hãy "
                 "ghi cả tệp kỳ trước.")
        return before, now
    held = api.last_two(db)
    if len(held) < 2:
        fail(f"tệp lịch sử «{db}» có {len(held)} kỳ; cần ít nhất hai kỳ để so sánh (hoặc ghi "
             "tên hai tệp).")
    return held[0], held[1]


app.command("email")(email_cmd)
app.command("remind")(remind_cmd)
app.command("feedback")(feedback_cmd)
app.command("report")(report_cmd)
app.add_typer(history_app, name="history")
app.command("bundle-windows")(bundle_windows_cmd)
app.command("set-python")(set_python_cmd)


@app.command()
def codes(markdown: Annotated[bool, typer.Option("--markdown", help="In dạng Markdown (docs/validation-codes.md).")] = False) -> None:
    """Liệt kê các mã lỗi kiểm tra dữ liệu."""
    if markdown:
        typer.echo(catalogue_markdown(), nl=False)
        return
    for entry in CATALOGUE.values():
        typer.echo(f"{entry.code:28} {entry.severity:8} {entry.title}")


@app.command()
def version() -> None:
    """In phiên bản."""
    typer.echo(__version__)


class Stopped(BaseException):
    """Ctrl+C, raised instead of KeyboardInterrupt (which click turns into "Aborted!").

    A BaseException, so that every writer's clean-up runs (no temporary file is left)
    and no ``except Exception`` swallows it.
    """


def _stop(signum: int, frame: object) -> None:
    raise Stopped()


def main() -> None:
    """Console-script entry point."""
    quiet_collector()  # a command is one run: see nq57xl.collector
    signal.signal(signal.SIGINT, _stop)
    try:
        app()
    except (Stopped, KeyboardInterrupt):
        typer.echo("Đã dừng.", err=True)
        sys.exit(2)
    finally:
        before_exit()
