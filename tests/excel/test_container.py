"""The VBA container of nq57xl.xlsm: what it holds, the structural checker and the mutations
it must catch, the rebuild on an Excel-saved base, and the xlwings.conf sheet."""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings

from nq57xl.excel.build import BuildError, vba_project, workbook_bytes
from nq57xl.excel.cfb import CfbError, read_cfb
from nq57xl.excel.container import vba_problems, workbook_problems
from nq57xl.excel.layout import CONFIG, CONFIG_SHEET
from nq57xl.excel.ovba import MODULE_OFFSET, OvbaError, Record, decompress, dir_bytes, parse_dir
from nq57xl.excel.vba import VbaError, VbaModule, compress, document_module, read_vba_modules
from nq57xl.excel.vbabase import BASE_NAME, NO_CACHE, rebase_vba_project, write_cfb

ROOT = Path(__file__).resolve().parents[2]
MACROS = ROOT / "xlmacros"
COMMITTED = ROOT / "workbook" / "nq57xl.xlsm"
XLWINGS = Path(xlwings.__file__).parent
with warnings.catch_warnings():  # oletools 0.60 uses names pyparsing 3 deprecates
    warnings.simplefilter("ignore")
    from oletools.olevba import decompress_stream

PCODE = b"\x01\x16\x03\x00" + bytes(range(96))  #: stands for Excel's compiled code


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return COMMITTED.read_bytes()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def replace_part(data: bytes, name: str, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, new if info.filename == name else src.read(info.filename))
    return out.getvalue()


def with_streams(project: bytes, change) -> bytes:
    """``project`` rewritten with ``change(streams)`` applied to its streams."""
    cfb = read_cfb(project)
    streams = dict(cfb.streams)
    change(streams)
    return write_cfb(cfb, streams)


def test_committed_workbook_passes_the_structural_check(workbook: bytes) -> None:
    assert workbook_problems(workbook) == []
    cfb = read_cfb(part(workbook, "xl/vbaProject.bin"))
    project = cfb.streams["PROJECT"].decode("cp1252").split("\r\n")
    assert 'VersionCompatible32="393222000"' in project
    assert project.index('VersionCompatible32="393222000"') == project.index('HelpContextID="0"') + 1
    wm = cfb.streams["PROJECTwm"]
    assert wm.startswith(b"ThisWorkbook\0T\0h\0") and wm.endswith(b"x\0l\0w\0i\0n\0g\0s\0\0\0\0\0")
    assert cfb.streams["VBA/_VBA_PROJECT"] == NO_CACHE


def test_excel_made_workbooks_pass_the_check_too() -> None:
    """The checker is not tuned to our writer: xlwings' quickstart workbooks (the first saved
    by Excel with compiled code, the second source-only) pass it."""
    for name in ("quickstart.xlsm", "quickstart_standalone.xlsm"):
        assert workbook_problems(XLWINGS / name) == [], name


def _rename_code_name(data: bytes) -> bytes:
    sheet = part(data, "xl/worksheets/sheet1.xml")
    assert b'codeName="shControl"' in sheet
    return replace_part(data, "xl/worksheets/sheet1.xml",
                        sheet.replace(b'codeName="shControl"', b'codeName="shDieuKhien"'))


def _project_change(change):
    def mutate(data: bytes) -> bytes:
        project = with_streams(part(data, "xl/vbaProject.bin"), change)
        return replace_part(data, "xl/vbaProject.bin", project)
    return mutate


def _drop(name: str):
    return lambda streams: streams.pop(name)


def _bad_chunk(streams: dict[str, bytes]) -> None:
    nq57 = bytearray(streams["VBA/NQ57"])
    nq57[2] ^= 0x70  # the first chunk's signature bits
    streams["VBA/NQ57"] = bytes(nq57)


def _unknown_module(streams: dict[str, bytes]) -> None:
    streams["PROJECT"] = streams["PROJECT"].replace(b"Module=NQ57\r\n", b"Module=NQ58\r\n")


def _wrong_reference(streams: dict[str, bytes]) -> None:
    plain = decompress(streams["VBA/dir"])
    streams["VBA/dir"] = compress(plain.replace(b"2DF8D04C-5BFA", b"2DF8D04C-5BFB"))


def _wrong_base(streams: dict[str, bytes]) -> None:
    code = decompress(streams["VBA/shRoster"]).replace(b"00020820", b"00020819")
    streams["VBA/shRoster"] = compress(code)


def _button_macro(data: bytes) -> bytes:
    name = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith(".vml"))
    vml = part(data, name)
    return replace_part(data, name, vml.replace(b"[0]!TongHop<", b"[0]!TongHopp<", 1))


@pytest.mark.parametrize(("mutate", "expected"), [
    (_rename_code_name, r"code names \['shDieuKhien'\] have no document module"),
    (_project_change(_drop("PROJECTwm")), "no PROJECTwm stream"),
    (_project_change(_drop("VBA/shResults")), "no stream VBA/shResults"),
    (_project_change(_bad_chunk), "module NQ57: chunk at byte 1: signature"),
    (_project_change(_unknown_module), "PROJECT lists modules"),
    (_project_change(_wrong_reference), "reference 'Office': GUID"),
    (_project_change(_wrong_base), "module shRoster: not a document module of base"),
    (_button_macro, r"buttons run \['TongHopp'\]"),
], ids=["sheet-code-name", "no-projectwm", "no-module-stream", "bad-chunk", "project-module",
        "reference-guid", "document-base", "button-macro"])
def test_structural_mutations_are_caught(workbook: bytes, mutate, expected: str) -> None:
    problems = workbook_problems(mutate(workbook))
    assert any(re.search(expected, p) for p in problems), problems


def test_compound_file_damage_is_caught(workbook: bytes) -> None:
    project = bytearray(part(workbook, "xl/vbaProject.bin"))
    (dir_start,) = struct.unpack_from("<I", project, 48)
    (fat0,) = struct.unpack_from("<I", project, 76)
    looped = bytearray(project)
    struct.pack_into("<I", looped, 512 + fat0 * 512 + 4 * dir_start, dir_start)  # chain to itself
    with pytest.raises(CfbError, match="used by"):
        read_cfb(bytes(looped))
    assert vba_problems(bytes(looped))
    with pytest.raises(CfbError, match="signature"):
        read_cfb(b"PK" + bytes(project[2:]))
    truncated = bytes(project[:-100])
    with pytest.raises(CfbError):
        read_cfb(truncated)


def test_decompression_is_strict_and_agrees_with_oletools() -> None:
    for sample in (b"", b"a", b"abc" * 3000, bytes(range(256)) * 40, (MACROS / "NQ57.bas").read_bytes()):
        packed = compress(sample)
        assert decompress(packed) == sample == bytes(decompress_stream(bytearray(packed)))
    with pytest.raises(OvbaError, match="signature byte"):
        decompress(b"\x02\x00\x00")
    with pytest.raises(OvbaError, match="before the chunk"):
        decompress(b"\x01" + struct.pack("<H", 0xB000 | 2) + b"\x01\x00\x00")  # copy first


def _excel_like(project: bytes) -> bytes:
    """``project`` as Excel saves it: compiled code before each module's source, offsets to
    match, a performance cache and an __SRP_ stream."""
    cfb = read_cfb(project)
    info = parse_dir(decompress(cfb.streams["VBA/dir"]))
    streams = dict(cfb.streams)
    for module in info.modules:
        streams[f"VBA/{module.stream}"] = PCODE + streams[f"VBA/{module.stream}"]
    records = [Record(r.id, struct.pack("<I", len(PCODE))) if r.id == MODULE_OFFSET else r
               for r in info.records]
    streams["VBA/dir"] = compress(dir_bytes(records))
    streams["VBA/_VBA_PROJECT"] = struct.pack("<HHBH", 0x61CC, 0x00B5, 0, 3) + bytes(300)
    streams["VBA/__SRP_0"] = bytes(5000)
    return write_cfb(cfb, streams)


def test_rebuild_on_an_excel_saved_base(workbook: bytes, tmp_path: Path) -> None:
    """With xlmacros/excel-base.xlsm, the build keeps the base's container and puts the
    current sources in (no p-code, no cache), and the result passes every check."""
    base = _excel_like(part(workbook, "xl/vbaProject.bin"))
    for path in MACROS.glob("*.bas"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    nq57 = (tmp_path / "NQ57.bas").read_bytes().replace(b"' nq57xl: the buttons", b"' nq57xl 2: the buttons")
    (tmp_path / "NQ57.bas").write_bytes(nq57)
    (tmp_path / BASE_NAME).write_bytes(replace_part(workbook, "xl/vbaProject.bin", base))
    built = workbook_bytes(tmp_path)
    assert workbook_problems(built) == []
    project = part(built, "xl/vbaProject.bin")
    fresh, old = read_cfb(project), read_cfb(base)
    assert fresh.streams["PROJECT"] == old.streams["PROJECT"]
    assert fresh.streams["PROJECTwm"] == old.streams["PROJECTwm"]
    assert fresh.streams["VBA/_VBA_PROJECT"] == NO_CACHE and "VBA/__SRP_0" not in fresh.streams
    assert {m.offset for m in parse_dir(decompress(fresh.streams["VBA/dir"])).modules} == {0}
    assert read_vba_modules(project)["NQ57"] == nq57.decode("cp1252").replace("\r\n", "\n").replace("\n", "\r\n")
    assert workbook_bytes(tmp_path) == built  # stable bytes on a base too
    assert vba_project(tmp_path) != vba_project(MACROS)


def test_rebuild_on_a_container_excel_made() -> None:
    """xlwings' quickstart.xlsm was saved by Excel (compiled code, performance cache): its
    container takes a new Module1 and reads back exactly."""
    base = part((XLWINGS / "quickstart.xlsm").read_bytes(), "xl/vbaProject.bin")
    code = 'Attribute VB_Name = "Module1"\r\nSub Hello()\r\n    MsgBox "Xin chao"\r\nEnd Sub\r\n'
    modules = [document_module("ThisWorkbook", workbook=True), document_module("Sheet1"),
               document_module("Sheet2"), VbaModule("Module1", code)]
    rebuilt = rebase_vba_project(base, modules)
    assert vba_problems(rebuilt) == []
    assert read_vba_modules(rebuilt)["Module1"] == code
    with pytest.raises(VbaError, match="the Excel-saved base holds the modules"):
        rebase_vba_project(base, modules[:3] + [VbaModule("NQ57", code.replace("Module1", "NQ57"))])


def test_build_refuses_a_workbook_that_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nq57xl.excel.build.workbook_problems", lambda data: ["a planted problem"])
    with pytest.raises(BuildError, match="a planted problem"):
        workbook_bytes()


def _config_keys() -> set[str]:
    code = (MACROS / "xlwings.bas").read_text(encoding="cp1252")
    return {key.upper() for key in re.findall(r'GetConfig\("([^"]+)"', code)}


def test_xlwings_conf_sets_every_key_xlwings_reads(workbook: bytes) -> None:
    keys = _config_keys()
    assert {"INTERPRETER_WIN", "CONDA PATH", "CONDA ENV", "TEMP DIR", "PYTHONPATH"} <= keys
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))[CONFIG_SHEET]
    rows = [(r[0].value, r[1].value) for r in sheet.iter_rows(max_col=2)]
    assert [k for k, _ in rows] == [k for k, _ in CONFIG]  # contiguous from A1: xlwings reads A1 down
    assert {k.upper() for k, _ in rows} == keys
    values = {k.upper(): v or "" for k, v in rows}
    assert values["CONDA PATH"] == values["CONDA ENV"] == values["PYTHONPATH"] == ""
    code = (MACROS / "xlwings.bas").read_text(encoding="cp1252")
    for key in re.findall(r'GetConfig\("([^"]+)", False\)', code):  # read as Boolean
        assert values[key.upper()] in ("True", "False"), key
