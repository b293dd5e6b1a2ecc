"""Command line: parse arguments, call the library, present the result.

Exit codes (csvkit style): 0 clean, 1 data problems (output still written where there
is output), 2 usage error or nothing could be produced.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .records import CommuneReport, Problem
from .status import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="nq57xl: kiểm tra và tổng hợp báo cáo Nghị quyết 57-NQ/TW của các xã.")


def _as_of(value: Optional[str]) -> date:
    if value is None:
        return date.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"ngày «{value}» không đúng dạng YYYY-MM-DD") from None


AsOf = Annotated[Optional[str], typer.Option("--as-of", help="Ngày tính số liệu, YYYY-MM-DD (mặc định: hôm nay).")]
BehindRatio = Annotated[float, typer.Option(help="Chậm tiến độ khi tiến độ < tỷ lệ này × tiến độ theo thời gian.")]
GraceDays = Annotated[int, typer.Option(help="Số ngày đầu kế hoạch chưa xét chậm tiến độ.")]
StaleDays = Annotated[int, typer.Option(help="Quá số ngày này không cập nhật thì bị đánh dấu chậm cập nhật.")]
DueSoonDays = Annotated[int, typer.Option(help="Số ngày trước hạn được coi là sắp đến hạn.")]
ReportDay = Annotated[int, typer.Option(help="Hạn nộp báo cáo: ngày này hằng tháng.")]


def _settings(behind_ratio: float, grace_days: int, stale_days: int, due_soon_days: int,
              report_day: int) -> Settings:
    try:
        return Settings(behind_ratio, grace_days, stale_days, due_soon_days, report_day)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


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
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, readable=True,
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
    from .assess import assess
    from .jsonout import dump, report_json
    from .validate import read_commune

    day = _as_of(as_of)
    settings = _settings(behind_ratio, grace_days, stale_days, due_soon_days, report_day)
    out = []
    errors = warnings = 0
    for path in files:
        report = read_commune(path, as_of=day)
        assessment = assess(report, day, settings)
        out.append(report_json(report, assessment))
        errors += len(report.errors)
        warnings += len(report.warnings)
        if json_path != "-":
            _print_report(report)
    if json_path:
        dump({"as_of": day.isoformat(), "settings": settings.__dict__, "files": out}, json_path)
    if json_path != "-":
        typer.echo(f"Tổng cộng: {len(files)} tệp, {errors} lỗi, {warnings} cảnh báo.")
    raise typer.Exit(1 if errors else 0)


def _progress_printer():
    """A rich progress bar on a terminal, nothing otherwise; returns (callback, stop)."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("Đọc tệp"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.description}"), transient=True)
    progress.start()
    task = progress.add_task("", total=None)

    def update(done: int, total: int, name: str) -> None:
        progress.update(task, completed=done, total=total, description=name[-40:])

    return update, progress.stop


@app.command()
def consolidate(
    folder: Annotated[Path, typer.Argument(help="Thư mục chứa các tệp báo cáo của xã (đọc cả thư mục con).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp tổng hợp sẽ ghi (.xlsx).")],
    as_of: AsOf = None,
    province: Annotated[Optional[str], typer.Option(help="Tỉnh/thành phố (mặc định: theo các tệp).")] = None,
    roster: Annotated[Optional[Path], typer.Option(help="Danh sách xã của tỉnh (CSV: Mã xã, Tên xã[, Email]).")] = None,
    period: Annotated[Optional[str], typer.Option(help="Kỳ báo cáo, ví dụ «Tháng 11/2026».")] = None,
    json_path: Annotated[Optional[str], typer.Option("--json", help="Ghi kết quả JSON ra tệp này (hoặc -).")] = None,
    behind_ratio: BehindRatio = 0.5,
    grace_days: GraceDays = 30,
    stale_days: StaleDays = 31,
    due_soon_days: DueSoonDays = 15,
    report_day: ReportDay = 20,
) -> None:
    """Tổng hợp các báo cáo của xã trong một thư mục thành bảng tổng hợp của tỉnh."""
    from .jobs import run_consolidation

    if not folder.is_dir():
        raise typer.BadParameter(f"không tìm thấy thư mục «{folder}»", param_hint="FOLDER")
    if output.suffix.lower() != ".xlsx":
        raise typer.BadParameter("tệp tổng hợp phải có đuôi .xlsx", param_hint="--output")
    day = _as_of(as_of)
    settings = _settings(behind_ratio, grace_days, stale_days, due_soon_days, report_day)
    callback, stop = _progress_printer()
    try:
        outcome = run_consolidation(folder, output, as_of=day, province=province,
                                    roster_csv=roster, period=period, settings=settings,
                                    json_path=json_path, on_progress=callback)
    finally:
        stop()
    for line in outcome.lines:
        typer.echo(line, err=outcome.exit_code == 2)
    raise typer.Exit(outcome.exit_code)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi dữ liệu mẫu và bảng tổng hợp.")] = Path("demo"),
    as_of: AsOf = None,
    communes: Annotated[Optional[int], typer.Option(help="Số xã mẫu (mặc định: gần đủ 130 xã của Nghệ An).")] = None,
) -> None:
    """Tạo dữ liệu mẫu của các xã (từ 3 kế hoạch thật) rồi tổng hợp thành bảng của tỉnh."""
    from .demo import PROVINCE, build_demo, demo_readme
    from .jobs import run_consolidation

    day = _as_of(as_of)
    typer.echo(f"Tạo tệp mẫu của các xã tỉnh {PROVINCE} trong {out / 'xa'} ...")
    built = build_demo(out, as_of=day, communes=communes)
    summary = out / f"tong_hop_{day:%Y_%m}.xlsx"
    callback, stop = _progress_printer()
    try:
        outcome = run_consolidation(built.folder, summary, as_of=day, province=PROVINCE,
                                    period=f"Tháng {day.month}/{day.year}",
                                    json_path=str(out / "tong_hop.json"), on_progress=callback)
    finally:
        stop()
    (out / "README.md").write_text(demo_readme(built, summary, day), encoding="utf-8")
    for line in outcome.lines:
        typer.echo(line)
    if outcome.exit_code == 2:
        raise typer.Exit(2)
    typer.echo(f"Mở bảng tổng hợp: {summary.resolve()}")


@app.command("import")
def import_cmd(
    source: Annotated[Path, typer.Argument(help="Phụ lục có sẵn: .docx, .xlsx/.xlsm/.xls/.ods hoặc văn bản .txt/.tsv.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp mẫu chuẩn sẽ ghi (.xlsx).")],
    commune: Annotated[Optional[str], typer.Option(help="Tên xã/phường (mặc định: theo văn bản gốc).")] = None,
    province: Annotated[Optional[str], typer.Option(help="Tỉnh/thành phố (mặc định: theo văn bản gốc).")] = None,
    json_path: Annotated[Optional[str], typer.Option("--json", help="Ghi báo cáo nhập dạng JSON ra tệp này (hoặc -).")] = None,
) -> None:
    """Nhập phụ lục có sẵn (bảng Word, Excel, văn bản) vào mẫu báo cáo chuẩn."""
    from .importer import ImportFailure, import_appendix, report_json, report_lines
    from .jsonout import dump

    try:
        report = import_appendix(source, output, commune=commune, province=province)
    except ImportFailure as exc:
        typer.echo(f"LỖI: {exc}", err=True)
        if json_path:
            dump({"source": str(source), "output": None, "error": str(exc), "exit_code": 2},
                 json_path)
        raise typer.Exit(2) from None
    if json_path:
        dump(report_json(report), json_path)
    if json_path != "-":
        for line in report_lines(report):
            typer.echo(line)
    raise typer.Exit(report.exit_code)


@app.command()
def codes(markdown: Annotated[bool, typer.Option("--markdown", help="In dạng Markdown (docs/validation-codes.md).")] = False) -> None:
    """Liệt kê các mã lỗi kiểm tra dữ liệu."""
    from .catalogue import CATALOGUE, catalogue_markdown

    if markdown:
        typer.echo(catalogue_markdown(), nl=False)
        return
    for entry in CATALOGUE.values():
        typer.echo(f"{entry.code:28} {entry.severity:8} {entry.title}")


@app.command()
def version() -> None:
    """In phiên bản."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("Đã dừng.", err=True)
        sys.exit(2)
