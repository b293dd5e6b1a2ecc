"""The offline Windows bundle and the installer's edit of xlwings.conf, without a network:
pip is a stand-in that writes fake wheels and resolves only what the folder holds."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl import api
from nq57xl.cli.commands import app
from nq57xl.excel.bundle import (
    INSTALL_SCRIPT, PYTHON_VERSIONS, BundleError, install_script, make_bundle, resolve_offline,
)
from nq57xl.excel.container import workbook_problems
from nq57xl.excel.layout import CONFIG_SHEET
from nq57xl.excel.wheels import read_wheels, windows_closure
from nq57xl.excel.workbook_config import ConfigError, set_config_values

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbook" / "nq57xl.xlsm"
GUIDE = ROOT / "docs" / "huong-dan-su-dung.md"
runner = CliRunner()


def needs(version: str) -> dict[str, str]:
    """Fake distribution -> wheel file name, for one Python version."""
    tag = "cp" + version.replace(".", "")
    return {"numpy": f"numpy-2.3.5-{tag}-{tag}-win_amd64.whl",
            "pywin32": f"pywin32-311-{tag}-{tag}-win_amd64.whl",
            "xlwings": "xlwings-0.37.8-cp38-abi3-win_amd64.whl",
            "openpyxl": "openpyxl-3.1.5-py2.py3-none-any.whl"}


REQUIRES = {"nq57xl": ["numpy>=2", "xlwings==0.37.8", "openpyxl>=3.1"],
            "xlwings": ['pywin32>=224; platform_system == "Windows"',
                        'appscript>=1.0.1; platform_system == "Darwin"']}


def fake_wheel(path: Path) -> None:
    name, version = path.name.split("-")[:2]
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    meta += "".join(f"Requires-Dist: {r}\n" for r in REQUIRES.get(name, []))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", meta)


class FakePip:
    """Like pip on Linux: downloading nq57xl brings its requirements minus the Windows-only
    pywin32 (markers are the host's), which comes only when asked for by name; install
    --dry-run resolves from the --find-links folder alone and fails on a missing wheel."""

    def __init__(self, skip: str | None = None) -> None:
        self.calls: list[list[str]] = []
        self.skip = skip

    def __call__(self, args: Sequence[str]) -> subprocess.CompletedProcess:
        args = list(args)
        self.calls.append(args)
        value = lambda flag: args[args.index(flag) + 1]  # noqa: E731
        if args[0] == "wheel":
            fake_wheel(Path(value("--wheel-dir")) / "nq57xl-0.1.0-py3-none-any.whl")
        elif args[0] == "download":
            wheels = needs(value("--python-version"))
            asked = args[args.index("--dest") + 2:]
            names = ["numpy", "xlwings", "openpyxl"] if asked[0].endswith(".whl") else \
                [re.match(r"[\w-]+", a).group(0) for a in asked]
            for name in names:
                if wheels[name] != self.skip:
                    fake_wheel(Path(value("--dest")) / wheels[name])
        elif args[0] == "install":
            have = {p.name for p in Path(value("--find-links")).iterdir()}
            wanted = {n: w for n, w in needs(value("--python-version")).items() if n != "pywin32"}
            for dist, name in wanted.items():
                if name not in have:
                    return subprocess.CompletedProcess(args, 1, "", f"ERROR: No matching distribution found for {dist}")
            report = {"install": [{"metadata": {"name": n, "version": w.split("-")[1]}}
                                  for n, w in [("nq57xl", "nq57xl-0.1.0"), *wanted.items()]]}
            Path(value("--report")).write_text(json.dumps(report), encoding="utf-8")
        return subprocess.CompletedProcess(args, 0, "", "")


def bundle(tmp_path: Path, pip: FakePip, **kw) -> object:
    return make_bundle(tmp_path / "nq57xl-windows", project=ROOT, workbook=COMMITTED, guide=GUIDE,
                       run=pip, **kw)


def test_bundle_holds_every_wheel_the_workbook_the_guide_and_the_script(tmp_path: Path) -> None:
    pip = FakePip()
    installer = tmp_path / "python-3.12.8-amd64.exe"
    installer.write_bytes(b"MZ")
    made = bundle(tmp_path, pip, python_installer=installer)
    folder = tmp_path / "nq57xl-windows"
    assert made.folder == folder and made.archive == tmp_path / "nq57xl-windows.zip"
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"nq57xl.xlsm", "huong-dan-su-dung.md", INSTALL_SCRIPT, installer.name,
            "wheels/nq57xl-0.1.0-py3-none-any.whl"} <= names
    assert (folder / "nq57xl.xlsm").read_bytes() == COMMITTED.read_bytes()
    assert {f"wheels/{w}" for v in PYTHON_VERSIONS for w in needs(v).values()} <= names
    assert set(made.resolved) == set(PYTHON_VERSIONS)
    assert made.resolved["3.13"] == ("nq57xl==0.1.0", "numpy==2.3.5", "openpyxl==3.1.5",
                                     "pywin32==311", "xlwings==0.37.8")
    assert made.size > 0
    assert ["pywin32>=224"] in [c[c.index("--dest") + 2:] for c in pip.calls if c[0] == "download"]
    with zipfile.ZipFile(made.archive) as archive:
        assert {n.removeprefix("nq57xl-windows/") for n in archive.namelist()} == names
        assert {i.date_time for i in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    downloads = [c for c in pip.calls if c[0] == "download"]
    assert [c[c.index("--python-version") + 1] for c in downloads] == [
        v for v in PYTHON_VERSIONS for _ in range(2)]  # nq57xl, then what pip left out
    for call in downloads:
        assert {"--only-binary=:all:", "win_amd64"} <= set(call)
    for call in (c for c in pip.calls if c[0] == "install"):
        assert {"--dry-run", "--no-index", "--only-binary=:all:", "win_amd64", "nq57xl"} <= set(call)


def test_a_missing_wheel_fails_the_bundle(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match=r"Python 3\.13: no wheel for numpy>=2"):
        bundle(tmp_path, FakePip(skip=needs("3.13")["numpy"]))
    with pytest.raises(BundleError, match=r"Python 3\.12: no wheel for pywin32>=224"):
        bundle(tmp_path / "again", FakePip(skip=needs("3.12")["pywin32"]))


def test_offline_resolution_by_pip_must_succeed(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    fake_wheel(wheels / "nq57xl-0.1.0-py3-none-any.whl")
    with pytest.raises(BundleError, match=r"(?s)Python 3\.11.*No matching distribution found for numpy"):
        resolve_offline(wheels, "3.11", FakePip())
    for name in needs("3.11").values():
        fake_wheel(wheels / name)
    assert "xlwings==0.37.8" in resolve_offline(wheels, "3.11", FakePip())


def test_windows_closure_reads_markers_as_windows(tmp_path: Path) -> None:
    for name in [*needs("3.12").values(), "nq57xl-0.1.0-py3-none-any.whl"]:
        fake_wheel(tmp_path / name)
    closure = windows_closure(read_wheels(tmp_path), "nq57xl", "3.12")
    assert "pywin32==311" in closure.installed and closure.missing == ()
    assert windows_closure(read_wheels(tmp_path), "nq57xl", "3.13").missing == ("numpy>=2", "pywin32>=224")


def test_bundle_refuses_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "nq57xl-windows").mkdir()
    with pytest.raises(BundleError, match="already exists"):
        bundle(tmp_path, FakePip())


def test_install_script_installs_offline_per_user_and_sets_the_workbook() -> None:
    raw = install_script("nq57xl.xlsm").encode("utf-8")
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    before = lines[:[i for i, line in enumerate(lines) if line.startswith(b"chcp 65001")][0] + 1]
    assert all(line.isascii() for line in before)  # cmd reads these in the OEM code page
    text = raw.decode("utf-8")
    assert 'set "ROOT=C:\\NQ57"' in text
    assert re.search(r'-m pip install --no-index --find-links "%HERE%wheels" .*--upgrade nq57xl', text)
    assert re.search(r'-m pip install --no-index .*--force-reinstall --no-deps nq57xl', text)
    assert "InstallAllUsers=0" in text and "Include_launcher=0" in text
    assert '-m nq57xl set-python "%WB%" --python "%ROOT%\\Python\\pythonw.exe" --temp "%ROOT%\\tmp"' in text
    assert "Cài đặt nq57xl" in text  # Vietnamese with its diacritics, after chcp 65001


def test_set_config_values_changes_only_those_cells(tmp_path: Path) -> None:
    book = tmp_path / "nq57xl.xlsm"
    book.write_bytes(COMMITTED.read_bytes())
    set_config_values(book, {"Interpreter_Win": r"D:\NQ57\Python\pythonw.exe", "TEMP DIR": r"D:\A & <B>"})
    sheet = openpyxl.load_workbook(book)[CONFIG_SHEET]
    values = {r[0].value: r[1].value for r in sheet.iter_rows(max_col=2)}
    assert values["Interpreter_Win"] == r"D:\NQ57\Python\pythonw.exe" and values["TEMP DIR"] == r"D:\A & <B>"
    assert values["Show Console"] == "False"
    with zipfile.ZipFile(COMMITTED) as old, zipfile.ZipFile(book) as new:
        changed = [n for n in old.namelist() if old.read(n) != new.read(n)]
    assert changed == ["xl/worksheets/sheet4.xml"]
    assert workbook_problems(book) == []
    with pytest.raises(ConfigError, match="không có dòng"):
        set_config_values(book, {"No Such Key": "x"})


def test_set_config_values_on_a_workbook_saved_elsewhere(tmp_path: Path) -> None:
    """Another writer: inline strings, a key row with no value cell."""
    wb = openpyxl.Workbook()
    wb.active.title = "Điều khiển"
    conf = wb.create_sheet(CONFIG_SHEET)
    conf["A1"], conf["A2"], conf["B2"] = "Interpreter_Win", "TEMP DIR", "C:\\tmp"
    path = tmp_path / "other.xlsx"
    wb.save(path)
    set_config_values(path, {"Interpreter_Win": "E:\\py\\pythonw.exe", "TEMP DIR": "E:\\t"})
    sheet = openpyxl.load_workbook(path)[CONFIG_SHEET]
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows(max_col=2)] == [
        ("Interpreter_Win", "E:\\py\\pythonw.exe"), ("TEMP DIR", "E:\\t")]
    del wb[CONFIG_SHEET]
    wb.save(path)
    with pytest.raises(ConfigError, match="không có trang"):
        set_config_values(path, {"Interpreter_Win": "x"})


def test_cli_set_python_and_bundle_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "nq57xl.xlsm"
    book.write_bytes(COMMITTED.read_bytes())
    done = runner.invoke(app, ["set-python", str(book), "--python", r"C:\P\pythonw.exe", "--temp", r"C:\T"])
    assert done.exit_code == 0, done.output
    values = {r[0].value: r[1].value for r in openpyxl.load_workbook(book)[CONFIG_SHEET].iter_rows(max_col=2)}
    assert (values["Interpreter_Win"], values["TEMP DIR"]) == (r"C:\P\pythonw.exe", r"C:\T")
    assert runner.invoke(app, ["set-python", str(tmp_path / "none.xlsm"), "--python", "x"]).exit_code == 2

    def offline(out: Path, **kw):
        return make_bundle(out, run=FakePip(), **kw)

    monkeypatch.setattr(api, "make_bundle", offline)
    done = runner.invoke(app, ["bundle-windows", "-o", str(tmp_path / "bo-cai")])
    assert done.exit_code == 0, done.output
    assert "Python 3.13: cài được không cần mạng, 5 gói." in done.output
    again = runner.invoke(app, ["bundle-windows", "-o", str(tmp_path / "bo-cai")])
    assert again.exit_code == 2 and "already exists" in again.output
    assert io.BytesIO((tmp_path / "bo-cai.zip").read_bytes()).getbuffer().nbytes > 0
