"""The ``history`` commands: list, drop and import the periods of the history file.

Registered on the application by :mod:`nq57xl.cli.commands`. Exit codes: 0 done; 1 a
period not held (drop) or some files not imported; 2 the history file cannot be used
or no file could be imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
from .options import fail

history_app = typer.Typer(no_args_is_help=True, help="Lịch sử các kỳ tổng hợp (tệp SQLite): "
                          "liệt kê, xoá một kỳ, nhập bảng tổng hợp của các tháng trước.")

Db = Annotated[Optional[Path], typer.Option(
    "--db", help="Tệp lịch sử (mặc định: lich_su_nq57.sqlite trong thư mục hiện tại, cạnh "
                 "các bảng tổng hợp).")]


def history_file(db: Path | None) -> Path:
    """The history file given, else :data:`~nq57xl.history.store.HISTORY_FILE` here."""
    return db if db is not None else Path(api.HISTORY_FILE)


@history_app.callback()
def history_main(ctx: typer.Context, db: Db = None) -> None:
    """Lịch sử các kỳ tổng hợp (tệp SQLite cạnh các bảng tổng hợp)."""
    ctx.obj = history_file(db)


@history_app.command("list")
def list_cmd(ctx: typer.Context) -> None:
    """Liệt kê các kỳ đang lưu: kỳ, lúc ghi, số xã, số tệp."""
    db: Path = ctx.obj
    try:
        held = api.held_periods(db)
    except api.HistoryError as exc:
        fail(str(exc))
    for line in api.held_lines(db, held):
        typer.echo(line)


@history_app.command("drop")
def drop_cmd(ctx: typer.Context, period: Annotated[str, typer.Argument(
        metavar="KỲ", help="Kỳ cần xoá, ví dụ «Tháng 10/2026».")]) -> None:
    """Xoá một kỳ khỏi lịch sử (mọi số liệu của kỳ đó)."""
    db: Path = ctx.obj
    try:
        dropped = api.drop_period(db, period)
        held = api.held_periods(db)
    except api.HistoryError as exc:
        fail(str(exc))
    if not dropped:
        names = ", ".join(p.period for p in held) or "chưa có kỳ nào"
        fail(f"tệp lịch sử «{db}» không có kỳ «{period}» (các kỳ đang lưu: {names}).", 1)
    typer.echo(f"Đã xoá kỳ «{period}» khỏi «{db}»; còn {len(held)} kỳ.")


@history_app.command("import")
def import_cmd(ctx: typer.Context, files: Annotated[list[Path], typer.Argument(
        metavar="TỆP", help="Bảng tổng hợp của các kỳ trước: JSON của «consolidate --json» "
                            "hoặc tệp .xlsx.")],
        replace: Annotated[bool, typer.Option(
            "--replace", help="Thay kỳ đã có trong lịch sử bằng số liệu của tệp.")] = False,
        ) -> None:
    """Nhập bảng tổng hợp của các kỳ trước vào lịch sử (tỉnh bắt đầu dùng giữa năm)."""
    db: Path = ctx.obj
    try:
        results = api.import_summaries(db, files, replace=replace)
    except api.HistoryError as exc:
        fail(str(exc))
    for line in api.import_lines(db, results):
        typer.echo(line)
    raise typer.Exit(api.import_exit_code(results))
