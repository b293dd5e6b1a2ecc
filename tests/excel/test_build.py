"""The officers' macro workbook: built from xlmacros/, reproducible, readable by others.

No Excel here: the checks are that the VBA reads back exactly (oletools), that every
button names a macro of the project and every macro a Python handler of nq57xl.excel.buttons,
that openpyxl and LibreOffice open the workbook, and that the committed
workbook/nq57xl.xlsm is what the sources build.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

pytest.importorskip("ms_ovba")
pytest.importorskip("oletools")

import xlwings  # noqa: E402

from nq57xl.excel import buttons as excel
from nq57xl.cli.commands import app
from nq57xl.province.roster import provinces
from nq57xl.read.commune import read_commune
from nq57xl.excel.vba import (
    VbaError, VbaModule, _fast_matching, _fixed_copytoken_help, build_vba_project, macro_names, read_vba_modules, vba_project_from_xlsm,
)
from nq57xl.excel.build import (
    BUTTONS, BuildError, build_workbook, workbook_bytes, xlwings_bas_version,
)
from nq57xl.excel.layout import (
    CODE_NAMES, CONFIG, CONFIG_SHEET, CONTROL_SHEET, FEEDBACK_WARNINGS, LAST_SUMMARY, MAIL_TO, MESSAGES, NAMED_CELLS, PROVINCE, RESULT_AREA, SIGNATURE, _INPUTS,
)
from nq57xl.excel.cells import where
from tests.office import Office

ROOT = Path(__file__).resolve().parents[2]
MACROS = ROOT / "xlmacros"
COMMITTED = ROOT / "workbook" / "nq57xl.xlsm"
RUN_PYTHON = re.compile(r'RunPython "import nq57xl\.excel; nq57xl\.excel\.(\w+)\(\)"')
runner = CliRunner()


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("wb") / "nq57xl.xlsm")


def sources() -> dict[str, str]:
    return {p.stem: p.read_bytes().decode("ascii") for p in sorted(MACROS.glob("*.bas"))}


def test_same_inputs_same_bytes(built: Path) -> None:
    assert workbook_bytes() == built.read_bytes()
    with zipfile.ZipFile(built) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-01T00:00:00Z" in core


def test_vba_reads_back_as_the_sources(built: Path) -> None:
    modules = read_vba_modules(built)  # oletools' olevba, from the .xlsm
    assert set(modules) == {"ThisWorkbook", *CODE_NAMES.values(), *sources()}
    for name, text in sources().items():
        assert modules[name] == crlf(text), name
    assert 'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"' in modules["shControl"]


def test_vba_sources_are_ascii_and_named_like_their_file() -> None:
    for name, text in sources().items():
        assert text.splitlines()[0] == f'Attribute VB_Name = "{name}"'
        assert text.isascii(), name


def test_xlwings_bas_is_the_installed_version() -> None:
    shipped = (MACROS / "xlwings.bas").read_bytes()
    assert xlwings_bas_version(shipped.decode("ascii")) == xlwings.__version__
    assert shipped == (Path(xlwings.__file__).parent / "xlwings.bas").read_bytes()


def test_build_refuses_another_xlwings_version(tmp_path: Path) -> None:
    for path in MACROS.glob("*.bas"):
        shutil.copy(path, tmp_path)
    old = (tmp_path / "xlwings.bas").read_text(encoding="ascii")
    (tmp_path / "xlwings.bas").write_text(old.replace(xlwings.__version__, "0.30.0"), encoding="ascii")
    with pytest.raises(BuildError, match="version 0.30.0"):
        workbook_bytes(tmp_path)


def test_vietnamese_in_vba_is_refused() -> None:
    with pytest.raises(VbaError, match="keep Vietnamese text out of VBA"):
        build_vba_project([VbaModule("Bad", 'Attribute VB_Name = "Bad"\r\nMsgBox "Tổng hợp"\r\n')])


def test_compression_is_ms_ovba_with_the_spec_max_length() -> None:
    """The fast matcher gives the bytes of ms-ovba's own matcher (with the length fix)."""
    from ms_ovba_compression.ms_ovba import MsOvba

    sample = (MACROS / "xlwings.bas").read_bytes()[3000:7000] + b"ab" * 700
    saved = MsOvba.__dict__["copytoken_help"], MsOvba.__dict__["_matching"]
    try:
        MsOvba.copytoken_help = staticmethod(_fixed_copytoken_help)
        reference = MsOvba().compress(sample)
        MsOvba._matching = _fast_matching
        assert MsOvba().compress(sample) == reference
    finally:
        MsOvba.copytoken_help, MsOvba._matching = saved
    assert _fixed_copytoken_help(5000)["maxLength"] == (0xFFFF >> 13) + 3 == 10


def test_buttons_run_macros_that_exist(built: Path) -> None:
    code = read_vba_modules(built)
    public = {name for text in code.values() for name in macro_names(text)}
    with zipfile.ZipFile(built) as archive:
        vml = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".vml"))
    in_file = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)
    assert sorted(in_file) == sorted(b.macro for b in BUTTONS)
    assert set(in_file) <= public
    assert set(in_file) == macro_names(code["NQ57"])  # every macro of NQ57 has its button


def test_macros_call_handlers_that_exist() -> None:
    handlers = RUN_PYTHON.findall(sources()["NQ57"])
    assert sorted(handlers) == ["consolidate_button", "email_button", "feedback_button",
                                "report_button", "roster_button", "templates_button",
                                "validate_button"]
    for name in handlers:
        assert callable(getattr(excel, name)), name


def test_names_used_by_vba_are_defined(built: Path) -> None:
    used = set(re.findall(r'"(nq_\w+)"', sources()["NQ57"]))
    wb = openpyxl.load_workbook(built, keep_vba=True)
    assert used <= set(wb.defined_names.keys())
    for key, text in MESSAGES.items():
        # A string constant of a defined name, read by VBA with Application.Evaluate("=""..."""):
        assert len(text) + 3 <= 255 and '"' not in text, key


def test_opens_with_openpyxl_keep_vba(built: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(built, keep_vba=True)
    assert wb.sheetnames == list(CODE_NAMES)
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 3 + ["hidden"]
    assert [ws.sheet_properties.codeName for ws in wb.worksheets] == list(CODE_NAMES.values())
    for named in NAMED_CELLS:
        dest = list(wb.defined_names[named.name].destinations)
        assert dest == [(named.sheet, "$" + re.sub(r"(\d+)", r"$\1", named.address))], named
    conf = wb[CONFIG_SHEET]
    assert [(r[0].value, r[1].value) for r in conf.iter_rows(max_col=2)] == list(CONFIG)
    control = wb[CONTROL_SHEET]
    dv = [v for v in control.data_validations.dataValidation if PROVINCE.address in str(v.sqref)]
    assert dv and dv[0].type == "list"
    top, bottom = re.findall(r"\$Z\$(\d+)", dv[0].formula1)
    assert [control[f"Z{r}"].value for r in range(int(top), int(bottom) + 1)] == provinces()
    assert control.column_dimensions["Z"].hidden
    wb.save(tmp_path / "again.xlsm")  # openpyxl keeps the VBA project
    assert vba_project_from_xlsm(tmp_path / "again.xlsm") == vba_project_from_xlsm(built)


def test_committed_workbook_is_current(built: Path) -> None:
    """workbook/nq57xl.xlsm is what `nq57xl build-workbook` makes from these sources."""
    assert COMMITTED.exists(), "run: nq57xl build-workbook"
    assert read_vba_modules(COMMITTED) == read_vba_modules(built)
    mine, fresh = (openpyxl.load_workbook(p, keep_vba=True) for p in (COMMITTED, built))
    assert mine.sheetnames == fresh.sheetnames
    for a, b in zip(mine.worksheets, fresh.worksheets):
        assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]
    assert {k: v.attr_text for k, v in mine.defined_names.items()} == {
        k: v.attr_text for k, v in fresh.defined_names.items()}
    with zipfile.ZipFile(COMMITTED) as x, zipfile.ZipFile(built) as y:
        vml = sorted(n for n in y.namelist() if n.endswith(".vml"))
        assert [x.read(n) for n in vml] == [y.read(n) for n in vml]


def test_libreoffice_sees_modules_and_buttons(built: Path, tmp_path: Path, office: Office) -> None:
    office.convert(built, "ods", tmp_path)  # skips when LibreOffice (soffice) is not installed
    with zipfile.ZipFile(tmp_path / "nq57xl.ods") as ods:
        modules = {Path(n).stem for n in ods.namelist() if n.startswith("Basic/VBAProject/")}
        content = ods.read("content.xml").decode()
    assert {"NQ57", "xlwings", "ThisWorkbook", *CODE_NAMES.values()} <= modules
    labels = re.findall(r'<form:button [^>]*form:label="([^"]+)"', content)
    assert sorted(labels) == sorted(b.caption for b in BUTTONS)
    # LibreOffice resolved each button's macro to a Sub of the module NQ57.
    bound = re.findall(r"vnd\.sun\.star\.script:VBAProject\.NQ57\.(\w+)\?", content)
    assert sorted(bound) == sorted(b.macro for b in BUTTONS)


def test_cli_build_workbook(tmp_path: Path) -> None:
    out = tmp_path / "wb.xlsm"
    result = runner.invoke(app, ["build-workbook", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == workbook_bytes()
    bad = runner.invoke(app, ["build-workbook", "-o", str(tmp_path / "wb.xlsx")])
    assert bad.exit_code == 2
    wrong = tmp_path / "empty"
    wrong.mkdir()
    missing = runner.invoke(app, ["build-workbook", "-o", str(out), "--macros", str(wrong)])
    assert missing.exit_code == 2 and "xlwings.bas" in missing.output


def test_cli_template(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    result = runner.invoke(app, ["template", "-o", str(out), "--province", "tỉnh lạng sơn",
                                 "--commune", "Lợi Bác"])
    assert result.exit_code == 0, result.output
    meta = read_commune(out).metadata
    assert (meta.province, meta.commune) == ("Lạng Sơn", "Lợi Bác")
    blank = runner.invoke(app, ["template", "-o", str(tmp_path / "trong.xlsx")])
    assert blank.exit_code == 0 and read_commune(tmp_path / "trong.xlsx").metadata.from_file_name
    assert runner.invoke(app, ["template", "-o", str(tmp_path / "x.xlsx"),
                               "--province", "Không Có"]).exit_code == 2
    assert runner.invoke(app, ["template", "-o", str(tmp_path / "x.xls")]).exit_code == 2


def test_control_sheet_labels_inputs_and_buttons(built: Path) -> None:
    """Each input has its label and hint; the mail inputs, the buttons and the last summary
    come before the result area and never sit on an input row."""
    ws = openpyxl.load_workbook(built, keep_vba=True)[CONTROL_SHEET]
    rows = set()
    for named, label, hint in _INPUTS:
        row = int(named.address[1:])
        rows.add(row)
        assert (ws[f"A{row}"].value, ws[f"D{row}"].value) == (label, hint)
        assert ws[named.address].value is None
    assert ws[f"A{int(MAIL_TO.address[1:]) - 1}"].value.startswith("SOẠN THƯ VÀ PHẢN HỒI CHO XÃ")
    assert ws[SIGNATURE.address].alignment.wrap_text
    dv = [v for v in ws.data_validations.dataValidation if FEEDBACK_WARNINGS.address in str(v.sqref)]
    assert dv and dv[0].type == "list" and dv[0].formula1 == '"Không,Có"'
    assert ws[f"A{LAST_SUMMARY.address[1:]}"].value == "Bảng tổng hợp gần nhất"
    result_row = int(RESULT_AREA.address[1:])
    assert ws[RESULT_AREA.address].value == "Chưa chạy lần nào."
    for b in BUTTONS:
        if b.sheet == CONTROL_SHEET and b.caption != "Chọn...":
            assert int(b.cell[1:]) not in rows and int(b.cell[1:]) < result_row, b
        elif b.sheet == CONTROL_SHEET:
            assert int(b.cell[1:]) in rows, b
    assert where(MAIL_TO) == "ô B13 «Gửi bảng tổng hợp đến (email)» trang «Điều khiển»"
