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
