"""The commands of the offline Windows installation: ``bundle-windows`` and ``set-python``.

Registered on the application by :mod:`nq57xl.cli.commands`; the work is in
:mod:`nq57xl.excel.bundle` and :mod:`nq57xl.excel.workbook_config`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
from ..errors import Nq57Error
from .options import fail


def bundle_windows_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="Thư mục bộ cài sẽ tạo (chưa có); bên cạnh có thêm tệp .zip cùng tên.")],
    python_installer: Annotated[Optional[Path], typer.Option(help="Tệp cài Python cho Windows 64-bit (python-3.x.y-amd64.exe) để đưa vào bộ cài.")] = None,
) -> None:
    """Tạo bộ cài không cần mạng cho Windows 64-bit: các gói (wheel) cho Python 3.11-3.13,
    nq57xl.xlsm, hướng dẫn sử dụng và cai-dat.bat. Cần mạng tới PyPI khi tạo."""
    root = api.default_macros_dir().parent
    if python_installer is not None and not python_installer.is_file():
        raise typer.BadParameter(f"không có tệp «{python_installer}»", param_hint="--python-installer")
    typer.echo("Đang tải các gói cho Windows và kiểm tra bộ cài (vài phút)...")
    try:
        bundle = api.make_bundle(output, project=root, workbook=root / "workbook" / "nq57xl.xlsm",
                                 guide=root / "docs" / "huong-dan-su-dung.md",
                                 python_installer=python_installer)
    except (Nq57Error, OSError) as exc:
        fail(str(exc))
    typer.echo(f"Đã tạo bộ cài: {bundle.folder} ({bundle.size / 1e6:.0f} MB, {len(bundle.wheels)} gói) "
               f"và {bundle.archive} ({bundle.archive.stat().st_size / 1e6:.0f} MB).")
    for version, installed in bundle.resolved.items():
        typer.echo(f"Python {version}: cài được không cần mạng, {len(installed)} gói.")


def set_python_cmd(
    workbook: Annotated[Path, typer.Argument(help="Sổ làm việc nq57xl.xlsm.")],
    python: Annotated[Path, typer.Option(help="pythonw.exe của bản Python đã cài nq57xl.")],
    temp: Annotated[Optional[Path], typer.Option(help="Thư mục tạm (đường dẫn không dấu).")] = None,
) -> None:
    """Ghi đường dẫn Python (và thư mục tạm) vào trang xlwings.conf của nq57xl.xlsm."""
    values = {"Interpreter_Win": str(python)}
    if temp is not None:
        values["TEMP DIR"] = str(temp)
    try:
        api.set_config_values(workbook, values)
    except (Nq57Error, OSError) as exc:
        fail(str(exc))
    for key, value in values.items():
        typer.echo(f"{workbook}: {key} = {value}")
