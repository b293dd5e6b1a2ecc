"""Options shared by several commands of the command line, and their parsing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, NoReturn, Optional

import typer

from ..assess.status import Settings


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value: str) -> date:
    """A date written dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise typer.BadParameter(f"ngày «{value}» không đúng: hãy ghi dd/mm/yyyy, ví dụ 01/12/2026 "
                             "(hoặc yyyy-mm-dd)")


def parse_as_of(value: Optional[str]) -> date:
    """The ``--as-of`` date (dd/mm/yyyy or yyyy-mm-dd), today when not given."""
    if value is None:
        return date.today()
    try:
        return parse_date(value)
    except typer.BadParameter as exc:
        raise typer.BadParameter(exc.message, param_hint="--as-of") from None


AsOf = Annotated[Optional[str], typer.Option("--as-of", help="Ngày tính số liệu, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm nay).")]
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
