"""The standard commune workbook ("mẫu báo cáo xã/phường") for Resolution 57-NQ/TW.

:func:`build_template` writes a macro-free .xlsx with four sheets: "Thông tin" (the
metadata read by :mod:`nq57xl.read.metadata`), "Nhiệm vụ" (the task table in the order of
:data:`nq57xl.read.headers.STANDARD_HEADERS`, with dropdowns, validations and colours),
"Chỉ tiêu" (the indicators, :mod:`.indicator_sheet`) and "Hướng dẫn" (how to fill it in). The file is deterministic: the same arguments give the
same bytes (fixed document dates and zip timestamps). :func:`describe_workbook` gives a
normalized description of a workbook, to compare two builds when bytes may differ
across openpyxl versions.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..atomic import write_atomic
from ..read.headers import REVIEWS, STANDARD_HEADERS, STATES
from ..read.metadata import FIELDS
from ..records import Metadata
from .indicator_sheet import indicator_sheet
from .styling import (
    BORDER,
    DATE_FORMAT,
    FONT,
    INPUT_FILL,
    UNLOCKED,
    date_rule,
    font,
    header_cell,
    height,
    keep_text,
    print_setup,
    prompt,
    protect,
)
from .texts import COLUMN_HELP, GUIDE_INTRO, GUIDE_RULES, INFO_HINTS

__all__ = ["INFO_SHEET", "TASK_SHEET", "GUIDE_SHEET", "build_template", "describe_workbook"]

INFO_SHEET = "Thông tin"
TASK_SHEET = "Nhiệm vụ"
GUIDE_SHEET = "Hướng dẫn"
GUIDE_WIDTH = 68  #: fits portrait A4 at 100% in LibreOffice too (which ignores fit-to-width here)
DATA_ROWS = 1000  #: rows below the header that carry validations and formats
FIXED_TIME = datetime(2026, 1, 1)

KEYS: tuple[str, ...] = tuple(STANDARD_HEADERS)
COL: dict[str, str] = {k: get_column_letter(i + 1) for i, k in enumerate(KEYS)}
WIDTHS: dict[str, float] = {
    "stt": 6, "name": 55, "lead": 20, "partners": 18, "director": 15, "result": 22,
    "deadline": 15, "note": 13, "state": 15, "progress": 8, "done_date": 12,
    "evidence": 24, "review": 10, "updated": 12, "issues": 20,
}
_DATE_KEYS = ("done_date", "updated")
_CENTERED = ("stt", "deadline", "state", "progress", "done_date", "review", "updated")


_INFO_DATES = ("plan_date", "report_date")


def _new_workbook() -> Workbook:
    """An empty workbook whose default font is Times New Roman 12."""
    wb = Workbook()
    base = font()
    wb._fonts = IndexedList([base])  # the default font (index 0) of every cell
    wb._named_styles["Normal"].font = base
    wb.properties.creator = wb.properties.lastModifiedBy = "nq57xl"
    wb.properties.title = "Mẫu báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW của xã/phường"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    return wb


def _info_sheet(ws: Worksheet, values: Mapping[str, object]) -> None:
    ws.title = INFO_SHEET
    # The title rows hold no label in column A: the reader takes the first row per label.
    ws["A1"], ws["A2"] = ("THÔNG TIN BÁO CÁO CỦA XÃ/PHƯỜNG",
                          "Điền vào các ô màu vàng ở cột B. Ngày gõ theo dạng ngày/tháng/năm.")
    ws["A1"].font, ws["A2"].font = font(True, 14), Font(name=FONT, size=11, italic=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells("A1:C1")
    ws.merge_cells("A2:C2")
    ws.row_dimensions[1].height = 30
    for c, text in enumerate(("Mục thông tin", "Giá trị", "Hướng dẫn"), start=1):
        header_cell(ws.cell(3, c, text))
    for r, (key, label, _alts) in enumerate(FIELDS, start=4):
        a, b, c = (ws.cell(r, i, v) for i, v in
                   enumerate((label, values.get(key), INFO_HINTS[key]), start=1))
        keep_text(b)
        a.font, a.border = font(bold=True), BORDER
        b.border, b.fill, b.protection = BORDER, INPUT_FILL, UNLOCKED
        c.font, c.border = Font(name=FONT, size=11, italic=True, color="595959"), BORDER
        for cell in (a, b, c):
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        if key in _INFO_DATES:
            b.number_format = DATE_FORMAT
            b.alignment = Alignment(horizontal="left", vertical="center")
            dv = date_rule(label, INFO_HINTS[key])
        else:
            b.number_format = "@" if key in ("commune_code", "phone") else "General"
            dv = prompt(label, INFO_HINTS[key])
        dv.add(b.coordinate)
        ws.add_data_validation(dv)
        ws.row_dimensions[r].height = max(22, height([(56, c.value)], 11))
    for col, width in zip("ABC", (28, 40, 56)):
        ws.column_dimensions[col].width = width
    print_setup(ws, landscape=True)
    protect(ws)


def _last_row(rows: Sequence[object]) -> int:
    """The last sheet row carrying validations, colours and the filter."""
    return 1 + max(DATA_ROWS, len(rows) + 200)


def _task_sheet(ws: Worksheet, rows: Sequence[Mapping[str, object]], last: int) -> None:
    for i, key in enumerate(KEYS, start=1):
        header_cell(ws.cell(1, i, STANDARD_HEADERS[key]))
        dim = ws.column_dimensions[COL[key]]
        dim.width = WIDTHS[key]
        dim.protection = UNLOCKED  # every cell below the header stays editable
        dim.alignment = Alignment(vertical="top", wrap_text=True,
                                  horizontal="center" if key in _CENTERED else None)
        if key in _DATE_KEYS or key == "deadline":  # deadlines typed as text stay text
            dim.number_format = DATE_FORMAT if key in _DATE_KEYS else "@"
    ws.row_dimensions[1].height = 48
    for r, row in enumerate(rows, start=2):
        _write_row(ws, r, row)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{COL[KEYS[-1]]}{last}"
    ws.print_title_rows = "1:1"
    _validations(ws, last)
    _colours(ws, last)
    print_setup(ws, landscape=True)
    protect(ws)


def _write_row(ws: Worksheet, r: int, row: Mapping[str, object]) -> None:
    section = "section" in row
    values = ({"stt": row.get("section"), "name": row.get("title")} if section
              else {k: row.get(k) for k in KEYS})
    for i, key in enumerate(KEYS, start=1):
        value = values.get(key)
        if isinstance(value, datetime):
            value = value.date()
        if key == "stt" and value is not None:
            value = str(value)
        cell = ws.cell(r, i, value)
        keep_text(cell)
        cell.font, cell.border, cell.protection = font(bold=section), BORDER, UNLOCKED
        cell.alignment = Alignment(vertical="top", wrap_text=True,
                                   horizontal="center" if key in _CENTERED else None)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
    ws.row_dimensions[r].height = height([(WIDTHS[k], values.get(k)) for k in KEYS])


def _validations(ws: Worksheet, last: int) -> None:
    state = prompt("Tình trạng thực hiện", "Chọn trong danh sách: " + ", ".join(STATES) + ".",
                    type="list", formula1='"' + ",".join(STATES) + '"', showErrorMessage=True,
                    errorTitle="Tình trạng không hợp lệ",
                    error="Hãy chọn một giá trị trong danh sách: " + ", ".join(STATES) + ".")
    review = prompt("Kết quả thẩm định", "Do cơ quan thẩm định chọn: Đạt hoặc Không đạt. "
                     "Xã để trống.", type="list", formula1='"' + ",".join(REVIEWS) + '"',
                     showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                     error="Chỉ chọn «Đạt» hoặc «Không đạt», hoặc để trống.")
    progress = prompt("Tiến độ (%)", "Nhập số nguyên từ 0 đến 100, ví dụ 50 cho 50%.",
                       type="whole", operator="between", formula1="0", formula2="100",
                       showErrorMessage=True, errorTitle="Tiến độ không hợp lệ",
                       error="Tiến độ phải là số nguyên từ 0 đến 100 (không gõ dấu %), "
                             "ví dụ 50 cho 50%.")
    deadline = prompt("Thời gian hoàn thành", "Ví dụ: 15/4/2026; Tháng 6/2026; Quý II/2026; "
                       "Năm 2026; Thường xuyên; Sau khi Đề án được ban hành.")
    done = date_rule("Ngày hoàn thành", "Ngày thực tế hoàn thành, dạng ngày/tháng/năm, "
                      "ví dụ 20/9/2026. Chỉ ghi khi đã hoàn thành.")
    updated = date_rule("Ngày cập nhật", "Ngày cập nhật dòng này gần nhất, dạng "
                         "ngày/tháng/năm, ví dụ 15/10/2026. Cập nhật hằng tháng.")
    for key, dv in (("state", state), ("review", review), ("progress", progress),
                    ("deadline", deadline), ("done_date", done), ("updated", updated)):
        dv.add(f"{COL[key]}2:{COL[key]}{last}")
        ws.add_data_validation(dv)


def _colours(ws: Worksheet, last: int) -> None:
    """Row colours by state, and a red evidence cell for a task done without evidence."""
    state = f"${COL['state']}2"
    whole = f"A2:{COL[KEYS[-1]]}{last}"
    evidence = f"{COL['evidence']}2:{COL['evidence']}{last}"
    missing = f'AND({state}="{STATES[2]}",LEN(TRIM(${COL["evidence"]}2))=0)'
    ws.conditional_formatting.add(evidence, FormulaRule(
        formula=[missing], stopIfTrue=True,
        fill=PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD")))
    for text, colour in ((STATES[2], "E2EFDA"), (STATES[1], "FFF2CC"), (STATES[0], "F2F2F2")):
        ws.conditional_formatting.add(whole, FormulaRule(
            formula=[f'{state}="{text}"'],
            fill=PatternFill("solid", start_color=colour, end_color=colour)))


def _guide_sheet(ws: Worksheet, notes: Sequence[str]) -> None:
    lines = [*GUIDE_INTRO, *(f"- Cột «{STANDARD_HEADERS[k]}»: {COLUMN_HELP[k]}" for k in KEYS),
             *GUIDE_RULES]
    if notes:
        lines += ["", "7. Ghi chú về tệp gốc", *(str(n) for n in notes)]
    for r, text in enumerate(lines, start=1):
        cell = ws.cell(r, 1, text or None)
        keep_text(cell)
        cell.font = font(bold=r == 1 or text[:2] in {f"{i}." for i in range(1, 10)},
                          size=14 if r == 1 else 12)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.row_dimensions[r].height = height([(GUIDE_WIDTH, text)], 14 if r == 1 else 12)
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    print_setup(ws, landscape=False)
    protect(ws)


_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_NUMBER_AS_TEXT = (b'<ignoredErrors><ignoredError sqref="A2:A%d" numberStoredAsText="1"/>'
                   b'</ignoredErrors></worksheet>')


def _fixed_zip(data: bytes, task_part: str, last: int) -> bytes:
    """Rewrite the package with fixed timestamps; silence "number stored as text" on STT."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == task_part and b"<ignoredErrors" not in content:
                content = content.replace(b"</worksheet>", _NUMBER_AS_TEXT % last, 1)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


def build_template(path: Path | str, *, province: str | None = None, commune: str | None = None,
                   metadata: Metadata | None = None, rows: Sequence[Mapping[str, object]] = (),
                   notes: Sequence[str] = (),
                   indicators: Mapping[str, Mapping[str, object]] | None = None) -> Path:
    """Write the commune workbook to ``path`` (atomically) and return the path.

    ``province``/``commune`` take precedence over the same fields of ``metadata``.
    Each mapping of ``rows`` is a section row ``{"section": "I", "title": ...}`` or a
    task row with the column keys of :data:`STANDARD_HEADERS` (dates as ``date``,
    progress as ``int``). ``notes`` are appended as lines at the end of "Hướng dẫn".
    ``indicators`` maps an indicator code to cells of its "Chỉ tiêu" row already filled
    (keys of :data:`nq57xl.read.indicators.COLUMNS`: a plan's ``target``, ``numerator``...).
    """
    path, wb, last = Path(path), _new_workbook(), _last_row(rows)
    values = {key: getattr(metadata or Metadata(), key) for key, _label, _alts in FIELDS}
    given = {"commune": commune, "province": province}
    values.update({k: v for k, v in given.items() if v is not None})
    _info_sheet(wb.active, values)
    _task_sheet(wb.create_sheet(TASK_SHEET), rows, last)
    indicator_sheet(wb.create_sheet(), indicators or {})
    _guide_sheet(wb.create_sheet(GUIDE_SHEET), notes)
    wb.active = 0
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()  # not save_workbook: it stamps "modified" with now
    data = _fixed_zip(buf.getvalue(), "xl/worksheets/sheet2.xml", last)
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def describe_workbook(path: Path | str) -> dict[str, object]:
    """A normalized, JSON-able description of a workbook's content and rules.

    Per sheet: every non-empty cell value by address (dates as ISO text), data
    validations, conditional formatting ranges and formulas, freeze panes, print
    titles, merged ranges, page setup and protection flag.
    """
    wb = load_workbook(path)
    sheets: dict[str, object] = {}
    for ws in wb.worksheets:
        cells = {c.coordinate: c.value.isoformat() if isinstance(c.value, date) else c.value
                 for row in ws.iter_rows() for c in row if c.value not in (None, "")}
        validations = sorted(
            [dv.type or "", dv.operator or "", dv.formula1 or "", dv.formula2 or "",
             str(dv.sqref), dv.prompt or "", dv.error or "", bool(dv.allow_blank)]
            for dv in ws.data_validations.dataValidation)
        sheets[ws.title] = {
            "cells": cells,
            "validations": validations,
            "conditional_formatting": sorted(
                [str(cf.sqref), [f for rule in cf.rules for f in rule.formula]]
                for cf in ws.conditional_formatting),
            "freeze_panes": ws.freeze_panes,
            "print_title_rows": ws.print_title_rows,
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "auto_filter": ws.auto_filter.ref,
            "page": [ws.page_setup.orientation, ws.page_setup.paperSize,
                     ws.page_setup.fitToWidth, ws.page_setup.fitToHeight],
            "protected": bool(ws.protection.sheet),
        }
    return {"sheets": [ws.title for ws in wb.worksheets], "detail": sheets}
