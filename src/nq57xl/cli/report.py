"""The ``report`` command: the province's progress report as a Word document.

Registered on the application by :mod:`nq57xl.cli.commands`; it consolidates the folder
and writes the report through :func:`nq57xl.report.job.run_report`, the job the button
«Soạn báo cáo» runs too. Exit codes as ``consolidate``: 0 clean, 1 data problems
(the report is still written), 2 usage error or nothing could be produced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
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
)


def report_cmd(
    folder: Annotated[Path, typer.Argument(metavar="THƯ_MỤC", help="Thư mục chứa các tệp báo cáo của xã (đọc cả thư mục con).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Báo cáo sẽ ghi (.docx).")],
    as_of: AsOf = None,
    province: Annotated[Optional[str], typer.Option(help="Tỉnh/thành phố (mặc định: theo các tệp).")] = None,
    roster: Annotated[Optional[Path], typer.Option(help="Danh sách xã của tỉnh (CSV: Mã xã, Tên xã[, Email]).")] = None,
    period: Annotated[Optional[str], typer.Option(help="Kỳ báo cáo, ví dụ «Tháng 11/2026».")] = None,
    behind_ratio: BehindRatio = 0.5,
    grace_days: GraceDays = 30,
    stale_days: StaleDays = 31,
    due_soon_days: DueSoonDays = 15,
    report_day: ReportDay = 20,
) -> None:
    """Soạn báo cáo tình hình thực hiện Nghị quyết 57 của tỉnh (Word, thể thức Nghị định 30)."""
    if not folder.is_dir():
        raise typer.BadParameter(f"không tìm thấy thư mục «{folder}»", param_hint="THƯ_MỤC")
    day = parse_as_of(as_of)
    settings = make_settings(behind_ratio, grace_days, stale_days, due_soon_days, report_day)
    outcome = api.run_report(folder, output, as_of=day, province=province, roster_csv=roster,
                             period=period, settings=settings)
    if outcome.exit_code == 2:
        fail("\n".join(outcome.lines))
    for line in outcome.lines:
        typer.echo(line)
    raise typer.Exit(outcome.exit_code)
