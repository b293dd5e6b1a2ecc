"""Options shared by several commands of the command line, and their parsing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, NoReturn, Optional

import typer

from ..assess.status import Settings


def parse_as_of(value: Optional[str]) -> date:
    """The ``--as-of`` date (YYYY-MM-DD), today when not given."""
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


def make_settings(behind_ratio: float, grace_days: int, stale_days: int, due_soon_days: int,
                  report_day: int) -> Settings:
    """The status thresholds of the command-line options, checked."""
    try:
        return Settings(behind_ratio, grace_days, stale_days, due_soon_days, report_day)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def fail(message: str, code: int = 2) -> NoReturn:
    """Print "LỖI: ``message``" on stderr and end the command with exit ``code``."""
    typer.echo(f"LỖI: {message}", err=True)
    raise typer.Exit(code)


def write_failure(target: object, exc: OSError) -> str:
    """"không ghi được «``target``»: reason" for an OSError while writing ``target``."""
    return f"không ghi được «{target}»: {exc.strerror or exc}"
