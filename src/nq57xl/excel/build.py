"""The officers' macro workbook ``workbook/nq57xl.xlsm``: its layout, and how it is built.

:func:`build_workbook` writes the workbook with xlsxwriter from the VBA sources in
``xlmacros/`` (compiled by :mod:`nq57xl.excel.vba`): sheets "Điều khiển" (inputs, buttons,
result area), "Danh sách xã" (the editable roster), "Kết quả" (the per-commune table
of the last run) and the hidden "xlwings.conf". Every text the officer reads is in
cells, button captions or defined names; the VBA is ASCII. The same inputs give the
same bytes (fixed document date, fixed zip dates, seeded VBA project fields).

The layout (sheet names, named cells) is shared with the handlers of
:mod:`nq57xl.excel.buttons`, which read and write those cells with :mod:`nq57xl.excel.cells`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlwings
from xlsxwriter import Workbook

from ..atomic import write_atomic
from ..errors import Nq57Error
from ..province.consolidation import COLUMNS, COMMUNE_COLUMNS
from ..province.roster import provinces
from .container import workbook_problems
from .layout import (
    _INPUTS,
    AS_OF,
    CODE_NAMES,
    CONFIG,
    CONFIG_SHEET,
    CONTROL_SHEET,
    FEEDBACK_WARNINGS,
    LAST_SUMMARY,
    LAST_SUMMARY_LABEL,
    MAIL_SECTION,
    MAIL_TO,
    MESSAGES,
    NAMED_CELLS,
    NO,
    PROVINCE,
    RESULT_AREA,
    RESULTS_HEADER,
    RESULTS_INFO,
    RESULTS_SHEET,
    ROSTER_HEADER,
    ROSTER_HEADERS,
    ROSTER_PROVINCE,
    ROSTER_SHEET,
    SIGNATURE,
    YES,
)
from .vba import VbaModule, build_vba_project, document_module
from .vbabase import base_project, rebase_vba_project

FIXED_TIME = datetime(2026, 1, 1)


@dataclass(frozen=True)
class Button:
    """A form button: where it sits, the VBA macro it runs and its caption."""

    sheet: str
    cell: str
    macro: str
    caption: str
    width: int = 150
    height: int = 36
    x_offset: int = 2


BUTTONS: tuple[Button, ...] = (
    Button(CONTROL_SHEET, "A20", "TongHop", "Tổng hợp", x_offset=4),
    Button(CONTROL_SHEET, "A20", "KiemTraDuLieu", "Kiểm tra dữ liệu", x_offset=162),
    Button(CONTROL_SHEET, "B20", "TaoMauChoXa", "Tạo mẫu cho xã", x_offset=8),
    Button(CONTROL_SHEET, "A21", "SoanEmail", "Soạn email", x_offset=4),
    Button(CONTROL_SHEET, "A21", "GuiPhanHoiChoXa", "Gửi phản hồi cho xã", width=180,
           x_offset=162),
    Button(CONTROL_SHEET, "B21", "SoanBaoCao", "Soạn báo cáo", x_offset=38),
    Button(CONTROL_SHEET, "C5", "ChonThuMucBaoCao", "Chọn...", width=72, height=24),
    Button(CONTROL_SHEET, "C9", "ChonNoiLuu", "Chọn...", width=72, height=24),
    Button(CONTROL_SHEET, "C10", "ChonThuMucMau", "Chọn...", width=72, height=24),
    Button(CONTROL_SHEET, "C17", "ChonThuMucPhanHoi", "Chọn...", width=72, height=24),
    Button(ROSTER_SHEET, "D3", "NapDanhSachXa", "Nạp danh sách xã", width=160, height=30),
)


class BuildError(Nq57Error, RuntimeError):
    """The workbook cannot be built from these sources."""


def default_macros_dir() -> Path:
    """``xlmacros/`` of the project clone this package runs from: the first folder above
    this file that holds both ``pyproject.toml`` and ``xlmacros/`` (the package's depth
    in the tree does not matter). Without a clone, ``xlmacros`` of the current folder."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        if (folder / "pyproject.toml").is_file() and (folder / "xlmacros").is_dir():
            return folder / "xlmacros"
    return Path.cwd() / "xlmacros"


def load_macros(folder: Path | str | None = None) -> list[VbaModule]:
    """The VBA modules: the sheets' document modules, then every ``xlmacros/*.bas``.

    ``xlwings.bas`` must be the version of the installed xlwings package.
    """
    folder = Path(folder) if folder else default_macros_dir()
    files = sorted(folder.glob("*.bas")) if folder.is_dir() else []
    if not any(f.name == "xlwings.bas" for f in files):
        raise BuildError(f"no xlwings.bas in {folder} (run from a clone of the project, or "
                         "pass the folder of the VBA sources)")
    modules = [document_module("ThisWorkbook", workbook=True)]
    modules += [document_module(code) for code in CODE_NAMES.values()]
    for path in files:
        text = path.read_bytes().decode("cp1252")
        found = re.search(r'Attribute VB_Name = "(\w+)"', text)
        if not found or found.group(1) != path.stem:
            raise BuildError(f"{path.name}: the first line must be Attribute VB_Name = \"{path.stem}\"")
        modules.append(VbaModule(path.stem, text))
    version = xlwings_bas_version(next(m.code for m in modules if m.name == "xlwings"))
    if version != xlwings.__version__:
        raise BuildError(f"xlmacros/xlwings.bas is version {version} but xlwings "
                         f"{xlwings.__version__} is installed: copy xlwings.bas from "
                         f"{Path(xlwings.__file__).parent} into {folder}")
    return modules


def xlwings_bas_version(code: str) -> str | None:
    """The version written in xlwings.bas ('Version: x' and XLWINGS_VERSION must agree)."""
    comment = re.search(r"^'Version: (\S+)", code, re.MULTILINE)
    constant = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', code)
    if comment and constant and comment.group(1) == constant.group(1):
        return comment.group(1)
    return None


def vba_project(macros: Path | str | None = None) -> bytes:
    """The vbaProject.bin of the workbook: built by ms-ovba, or, when the sources' folder
    holds an Excel-saved ``excel-base.xlsm``, that workbook's container with these sources
    (:mod:`nq57xl.excel.vbabase`)."""
    folder = Path(macros) if macros else default_macros_dir()
    modules = load_macros(folder)
    base = base_project(folder)
    return rebase_vba_project(base, modules) if base else build_vba_project(modules)


def workbook_bytes(macros: Path | str | None = None) -> bytes:
    """The .xlsm file as bytes (deterministic), checked by :func:`workbook_problems`."""
    project = vba_project(macros)
    buf = io.BytesIO()
    wb = Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                        "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": "nq57xl: tổng hợp báo cáo Nghị quyết 57-NQ/TW", "author": "nq57xl",
                       "comments": "Sổ làm việc có macro; tạo bằng lệnh nq57xl build-workbook.",
                       "created": FIXED_TIME})
    wb.add_vba_project(io.BytesIO(project), is_stream=True)  # type: ignore[arg-type]
    wb.set_vba_name("ThisWorkbook")
    styles = _styles(wb)
    sheets = {name: wb.add_worksheet(name) for name in CODE_NAMES}
    for name, ws in sheets.items():
        ws.set_vba_name(CODE_NAMES[name])
    _control_sheet(wb, sheets[CONTROL_SHEET], styles)
    _roster_sheet(sheets[ROSTER_SHEET], styles)
    _results_sheet(sheets[RESULTS_SHEET], styles)
    _config_sheet(sheets[CONFIG_SHEET])
    for named in NAMED_CELLS:
        col, row = re.match(r"([A-Z]+)(\d+)", named.address).groups()  # type: ignore[union-attr]
        wb.define_name(named.name, f"='{named.sheet}'!${col}${row}")
    for key, text in MESSAGES.items():
        wb.define_name(key, '="' + text.replace('"', '""') + '"')
    for button in BUTTONS:
        sheets[button.sheet].insert_button(button.cell, {
            "macro": button.macro, "caption": button.caption, "width": button.width,
            "height": button.height, "x_offset": button.x_offset, "y_offset": 3})
    for name in (CONTROL_SHEET, ROSTER_SHEET, RESULTS_SHEET):
        sheets[name].set_landscape()
        sheets[name].set_paper(9)  # A4
        sheets[name].fit_to_pages(1, 0)
    sheets[CONTROL_SHEET].activate()
    wb.close()
    problems = workbook_problems(buf.getvalue())
    if problems:
        raise BuildError("the built workbook fails its structural check: " + "; ".join(problems))
    return buf.getvalue()


def build_workbook(path: Path | str, *, macros: Path | str | None = None) -> Path:
    """Write the macro workbook to ``path`` (atomically) and return the path."""
    path = Path(path)
    data = workbook_bytes(macros)
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def _styles(wb) -> dict[str, object]:
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
    box = {"border": 1, "border_color": "#808080", "bg_color": "#FFF9DB"}
    return {
        "text": wb.add_format(base),
        "title": wb.add_format({**base, "bold": True, "font_size": 14, "font_color": "#1F3864"}),
        "bold": wb.add_format({**base, "bold": True}),
        "hint": wb.add_format({**base, "italic": True, "font_color": "#595959", "font_size": 11}),
        "input": wb.add_format({**base, **box, "num_format": "@"}),
        "input_wrap": wb.add_format({**base, **box, "num_format": "@", "text_wrap": True,
                                     "valign": "top"}),
        "date": wb.add_format({**base, **box, "num_format": "dd/mm/yyyy", "align": "left"}),
        "header": wb.add_format({**base, "bold": True, "bg_color": "#D9E2F3", "border": 1,
                                 "text_wrap": True, "align": "center"}),
        "wrap": wb.add_format({**base, "text_wrap": True, "valign": "top"}),
        "code": wb.add_format({**base, "num_format": "@"}),
        "rate": wb.add_format({**base, "num_format": "0.0%"}),
        "day": wb.add_format({**base, "num_format": "dd/mm/yyyy"}),
    }


def _control_sheet(wb, ws, s: dict[str, object]) -> None:
    ws.set_column("A:A", 44, s["text"])
    ws.set_column("C:C", 11, s["text"])
    ws.set_column("D:F", 14, s["text"])
    ws.write("A1", "TỔNG HỢP BÁO CÁO THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW CỦA CÁC XÃ, PHƯỜNG", s["title"])
    ws.write("A2", "Điền các ô màu vàng rồi bấm nút. Cách dùng: xem tài liệu «Hướng dẫn sử dụng» "
                   "(docs/huong-dan-su-dung.md).", s["hint"])
    ws.write("A4", "THÔNG TIN ĐẦU VÀO", s["bold"])
    ws.write(int(MAIL_TO.address[1:]) - 2, 0, MAIL_SECTION, s["bold"])
    for named, label, hint in _INPUTS:
        row = int(named.address[1:]) - 1
        ws.set_row(row, 48 if named is SIGNATURE else 24)
        ws.write(row, 0, label, s["bold"])
        style = {AS_OF: "date", SIGNATURE: "input_wrap"}.get(named, "input")
        ws.write_blank(row, 1, None, s[style])
        ws.write(row, 3, hint, s["hint"])
    names = provinces()
    ws.write_column("Z1", names, s["text"])
    ws.set_column("Z:Z", 20, s["text"], {"hidden": True})
    ws.data_validation(AS_OF.address, {
        "validate": "date", "criteria": "between", "minimum": date(2020, 1, 1),
        "maximum": date(2035, 12, 31), "ignore_blank": True, "error_title": "Ngày chưa đúng",
        "error_message": "Gõ ngày dạng ngày/tháng/năm, ví dụ 23/11/2026."})
    ws.data_validation(PROVINCE.address, {
        "validate": "list", "source": f"=$Z$1:$Z${len(names)}", "error_title": "Tỉnh chưa đúng",
        "error_message": "Hãy chọn một trong 34 tỉnh, thành phố của danh sách."})
    ws.data_validation(FEEDBACK_WARNINGS.address, {
        "validate": "list", "source": [NO, YES], "error_title": "Chọn Có hoặc Không",
        "error_message": f"Chọn «{YES}» hoặc «{NO}» trong danh sách."})
    tall = {int(b.cell[1:]) - 1 for b in BUTTONS if b.sheet == CONTROL_SHEET and b.height > 30}
    for button_row in tall:
        ws.set_row(button_row, 34)
    hints = int(LAST_SUMMARY.address[1:]) - 3
    ws.write(hints, 0, "«Kiểm tra dữ liệu» chỉ đọc và liệt kê lỗi; «Tổng hợp» ghi bảng tổng hợp "
                       "và trang «Kết quả»; «Tạo mẫu cho xã» tạo mỗi xã một tệp mẫu.", s["hint"])
    ws.write(hints + 1, 0, "«Soạn email» soạn thư gửi bảng tổng hợp gần nhất (kèm tệp) và mở "
                           "trong chương trình thư; «Gửi phản hồi cho xã» soạn cho mỗi xã có lỗi "
                           "một tệp phản hồi và một thư nháp; «Soạn báo cáo» viết báo cáo của "
                           "tỉnh (Word) cạnh bảng tổng hợp.", s["hint"])
    ws.write(hints + 2, 0, LAST_SUMMARY_LABEL, s["bold"])
    ws.write(LAST_SUMMARY.address, None, s["text"])
    ws.write(int(RESULT_AREA.address[1:]) - 2, 0, "KẾT QUẢ LẦN CHẠY GẦN NHẤT", s["bold"])
    ws.write(RESULT_AREA.address, "Chưa chạy lần nào.", s["text"])
    ws.set_column("B:B", 58, s["wrap"])


def _roster_sheet(ws, s: dict[str, object]) -> None:
    widths = (10, 24, 30, 22, 34)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width, s["code"] if col == 0 else s["text"])
    ws.write("A1", "DANH SÁCH XÃ, PHƯỜNG PHẢI BÁO CÁO", s["title"])
    ws.merge_range("A2:E2", "Danh sách được nạp tự động theo tỉnh chọn ở trang «Điều khiển» (danh mục "
                   "đơn vị hành chính 2026). Có thể sửa, thêm, xoá dòng: khi tổng hợp, chương trình "
                   "dùng đúng danh sách trên trang này.", s["wrap"])
    ws.set_row(1, 48)
    ws.set_row(2, 28)
    ws.write("A3", "Tỉnh/thành phố:", s["bold"])
    ws.write_blank(ROSTER_PROVINCE.address, None, s["input"])
    header_row = int(ROSTER_HEADER.address[1:]) - 1
    ws.write_row(header_row, 0, ROSTER_HEADERS, s["header"])
    ws.freeze_panes(header_row + 1, 0)


def _results_sheet(ws, s: dict[str, object]) -> None:
    ws.write("A1", "KẾT QUẢ THEO XÃ, PHƯỜNG CỦA LẦN TỔNG HỢP GẦN NHẤT", s["title"])
    ws.write(RESULTS_INFO.address, "Chưa tổng hợp lần nào.", s["hint"])
    header_row = int(RESULTS_HEADER.address[1:]) - 1
    for col, key in enumerate(COMMUNE_COLUMNS):
        label, kind = COLUMNS[key]
        fmt = {"rate": s["rate"], "date": s["day"]}.get(kind, s["code"] if key == "code" else s["text"])
        ws.set_column(col, col, {"commune": 22, "file": 30, "submission": 14}.get(key, 11), fmt)
        ws.write(header_row, col, label, s["header"])
    ws.set_row(header_row, 48)
    ws.freeze_panes(header_row + 1, 2)


def _config_sheet(ws) -> None:
    for row, (key, value) in enumerate(CONFIG):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, value)
    ws.set_column("A:A", 30)
    ws.set_column("B:B", 40)
    ws.hide()
