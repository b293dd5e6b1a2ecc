"""The offline installation folder for Windows: every wheel, the workbook, the guide, cai-dat.bat.

Offices reach PyPI through proxies, or not at all. :func:`make_bundle` gathers, on a
machine that does reach it, the wheels nq57xl needs on 64-bit Windows for each Python of
:data:`PYTHON_VERSIONS` (``pip download --platform win_amd64 --only-binary=:all:``),
checks that the folder is complete by resolving nq57xl from it alone (``pip install
--dry-run --no-index``) for each of those Pythons, and, since pip evaluates markers on
the machine it runs on, also walks the requirements as Windows sees them
(:mod:`.wheels`), fetching what pip left out (pywin32, colorama). It adds the macro workbook, the
user guide and ``cai-dat.bat``, which installs into ``C:\\NQ57\\Python`` (a per-user
Python: no administrator right) from the folder with ``--no-index``, and writes the
interpreter's path into the workbook's xlwings.conf sheet. A zip of the folder is
written beside it. pip runs through ``run``, so the tests give a stand-in.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Nq57Error
from .layout import PYTHON_DIR
from .wheels import read_wheels, windows_closure

PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
PLATFORM = "win_amd64"
WHEELS = "wheels"
INSTALL_SCRIPT = "cai-dat.bat"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
MAX_ROUNDS = 5  #: downloads of what pip left out for Windows, one level of requirements each

#: Runs ``python -m pip ARGS`` and returns the finished process (output captured).
PipRunner = Callable[[Sequence[str]], subprocess.CompletedProcess]


class BundleError(Nq57Error, RuntimeError):
    """The bundle cannot be made, or is not complete."""


@dataclass(frozen=True)
class Bundle:
    """A bundle written: its folder and zip, its wheels, and what each Python resolves."""

    folder: Path
    archive: Path
    wheels: tuple[str, ...]
    resolved: dict[str, tuple[str, ...]]  #: Python version -> "name==version" Windows installs

    @property
    def size(self) -> int:
        """Bytes of every file in the folder."""
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())


def run_pip(args: Sequence[str]) -> subprocess.CompletedProcess:
    """pip of this Python, as a subprocess (``python -m pip ARGS``)."""
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)


def make_bundle(out: Path, *, project: Path, workbook: Path, guide: Path,
                python_installer: Path | None = None, run: PipRunner = run_pip) -> Bundle:
    """Write the bundle folder ``out`` (which must not exist) and ``out.zip``."""
    out = Path(out)
    if out.exists():
        raise BundleError(f"{out} already exists: choose a new folder")
    for needed in (workbook, guide, project / "pyproject.toml"):
        if not needed.is_file():
            raise BundleError(f"{needed} is missing")
    wheels = out / WHEELS
    wheels.mkdir(parents=True)
    own = _own_wheel(project, wheels, run)
    resolved = {}
    for version in PYTHON_VERSIONS:
        _download(run, wheels, version, [str(own)])
        resolved[version] = _complete_for_windows(run, wheels, version)
        resolve_offline(wheels, version, run)  # and pip itself resolves it without an index
    shutil.copy2(workbook, out / workbook.name)
    shutil.copy2(guide, out / guide.name)
    if (guide.parent / "images").is_dir():
        shutil.copytree(guide.parent / "images", out / "images")
    if python_installer is not None:
        shutil.copy2(python_installer, out / python_installer.name)
    (out / INSTALL_SCRIPT).write_bytes(install_script(workbook.name).encode("utf-8"))
    archive = out.with_name(out.name + ".zip")
    zip_folder(out, archive)
    names = tuple(sorted(p.name for p in wheels.iterdir()))
    return Bundle(out, archive, names, resolved)


def _own_wheel(project: Path, wheels: Path, run: PipRunner) -> Path:
    _pip(run, ["wheel", "--no-deps", "--wheel-dir", str(wheels), str(project)],
         "building the nq57xl wheel")
    found = sorted(wheels.glob("nq57xl-*.whl"))
    if len(found) != 1:
        raise BundleError(f"building the nq57xl wheel gave {[p.name for p in found]}")
    return found[0]


def _download(run: PipRunner, wheels: Path, version: str, requirements: list[str]) -> None:
    _pip(run, ["download", "--only-binary=:all:", "--platform", PLATFORM, "--python-version",
               version, "--implementation", "cp", "--dest", str(wheels), *requirements],
         f"downloading the wheels for Python {version}")


def _complete_for_windows(run: PipRunner, wheels: Path, version: str) -> tuple[str, ...]:
    """Fetch what pip left out for Windows (its markers are the host's) until the folder
    holds every requirement of nq57xl on Windows; what Windows installs from it."""
    for _ in range(MAX_ROUNDS):
        try:
            closure = windows_closure(read_wheels(wheels), "nq57xl", version)
        except ValueError as exc:
            raise BundleError(str(exc)) from None
        if not closure.missing:
            return closure.installed
        _download(run, wheels, version, list(closure.missing))
    raise BundleError(f"Python {version}: no wheel for {', '.join(closure.missing)}")


def resolve_offline(wheels: Path, version: str, run: PipRunner = run_pip) -> tuple[str, ...]:
    """What pip installs for nq57xl on 64-bit Windows with Python ``version`` from ``wheels``
    alone ("name==version", sorted); :class:`BundleError` if it cannot resolve it."""
    with tempfile.TemporaryDirectory(prefix="nq57xl-resolve-") as scratch:
        report = Path(scratch) / "report.json"
        _pip(run, ["install", "--dry-run", "--ignore-installed", "--no-index", "--find-links",
                   str(wheels), "--only-binary=:all:", "--platform", PLATFORM, "--python-version",
                   version, "--implementation", "cp", "--target", str(Path(scratch) / "target"),
                   "--report", str(report), "nq57xl"],
             f"resolving nq57xl offline for Python {version}")
        try:
            installs = json.loads(report.read_text(encoding="utf-8"))["install"]
        except (OSError, ValueError, KeyError) as exc:
            raise BundleError(f"pip wrote no usable report for Python {version}: {exc}") from None
    return tuple(sorted(f"{i['metadata']['name']}=={i['metadata']['version']}" for i in installs))


def _pip(run: PipRunner, args: list[str], what: str) -> None:
    done = run(args)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout or "").strip().splitlines()[-8:])
        raise BundleError(f"{what} failed (pip {' '.join(args[:1])}):\n{tail}")


def zip_folder(folder: Path, archive: Path) -> None:
    """``folder`` into ``archive`` under its own name, files sorted, dates fixed."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, path.read_bytes())


def install_script(workbook: str) -> str:
    """cai-dat.bat: CRLF lines, UTF-8 (the console is switched to code page 65001 before
    the first Vietnamese line; every line before it is ASCII)."""
    root = PYTHON_DIR.rsplit("\\", 1)[0]  # C:\NQ57
    text = _SCRIPT.replace("{ROOT}", root).replace("{WORKBOOK}", workbook)
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


_SCRIPT = r"""@echo off
rem nq57xl: offline install for Windows (made by "nq57xl bundle-windows").
rem Usage: cai-dat.bat [FOLDER]   (default {ROOT}; an ASCII path without spaces)
setlocal
set "HERE=%~dp0"
set "ROOT=%~1"
if "%ROOT%"=="" set "ROOT={ROOT}"
set "PY=%ROOT%\Python\python.exe"
set "WB=%ROOT%\{WORKBOOK}"
chcp 65001 >nul
echo Cài đặt nq57xl vào thư mục %ROOT% (không cần mạng Internet).
if exist "%PY%" goto have_python
set "INSTALLER="
for %%F in ("%HERE%python-3*-amd64.exe") do set "INSTALLER=%%~fF"
if not defined INSTALLER goto no_python
echo Đang cài Python cho riêng người dùng này vào %ROOT%\Python (vài phút)...
"%INSTALLER%" /quiet InstallAllUsers=0 Include_launcher=0 InstallLauncherAllUsers=0 PrependPath=0 Shortcuts=0 AssociateFiles=0 Include_test=0 Include_doc=0 Include_tcltk=0 TargetDir="%ROOT%\Python"
if exist "%PY%" goto have_python
:no_python
echo.
echo Chưa có Python ở %ROOT%\Python. Hãy cài Python 3.11, 3.12 hoặc 3.13 bản 64-bit theo
echo «Hướng dẫn sử dụng» mục 2 (chọn Customize installation, bỏ đánh dấu các ô cần quyền
echo quản trị, thư mục cài đặt %ROOT%\Python), rồi chạy lại tệp này.
pause
exit /b 1
:have_python
echo Đang cài nq57xl và các gói cần thiết từ thư mục wheels...
"%PY%" -m pip install --no-index --find-links "%HERE%wheels" --no-warn-script-location --upgrade nq57xl
if errorlevel 1 goto failed
rem The same version number may carry new code: nq57xl itself is always reinstalled.
"%PY%" -m pip install --no-index --find-links "%HERE%wheels" --no-warn-script-location --force-reinstall --no-deps nq57xl
if errorlevel 1 goto failed
if not exist "%ROOT%\tmp" mkdir "%ROOT%\tmp"
if exist "%WB%" copy /y "%WB%" "%ROOT%\nq57xl-ban-cu.xlsm" >nul
copy /y "%HERE%{WORKBOOK}" "%WB%" >nul
if errorlevel 1 goto failed
"%PY%" -m nq57xl set-python "%WB%" --python "%ROOT%\Python\pythonw.exe" --temp "%ROOT%\tmp"
if errorlevel 1 goto failed
"%PY%" -m nq57xl version
echo.
echo Xong. Sổ làm việc: %WB%
echo Mở tệp đó trong Excel (xem «Hướng dẫn sử dụng» mục 3 nếu Excel chặn macro).
pause
exit /b 0
:failed
echo.
echo Cài đặt chưa xong (xem thông báo ở trên). Chụp màn hình này gửi cán bộ kỹ thuật.
pause
exit /b 1
"""
