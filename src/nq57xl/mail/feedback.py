"""Feedback workbooks: each commune gets its own workbook back with its problems marked.

:func:`write_feedback` reads a commune workbook, and when it has data problems writes
``<stem>_phan_hoi.xlsx`` (``.xlsm`` kept for macro workbooks): a copy of the workbook
with every problem cell filled, framed and commented, and a first sheet "Phản hồi"
listing the problems with a link to each cell. The original file is only read. Files
openpyxl cannot copy cell-exactly (.xls, .xlsb, .ods, damaged files) get a new .xlsx
holding the "Phản hồi" sheet only.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..assess.status import STATUSES
from ..catalogue import CONSOLIDATION_CODES, LEFT_OUT_CODES
from ..errors import MailUsageError
from ..province.consolidation import LATE, SUBMITTED
from ..province.inputs import check_outputs, find_inputs
from ..province.reading import read_report
from ..records import CommuneReport, Problem
from .addresses import AddressError, clean_address, workbook_address
from .feedback_mail import feedback_email
from .feedback_result import (
    FEEDBACK_SHEET,
    SUFFIX,
    FeedbackResult,
    feedback_path,
    save_feedback_copy,
)
from .message import load_json, percent, write_eml
from .remind import addressee, roster_entry

SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo"}
AUTHOR = "Phản hồi của tỉnh"
COPYABLE = (".xlsx", ".xlsm")
_FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}
_EDGES = {"error": "C00000", "warning": "BF8F00"}
_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")
_HEADERS = ("STT", "Mã lỗi", "Mức độ", "Trang tính", "Ô", "Nội dung và cách sửa", "Giá trị trong ô")
_WIDTHS = (6, 26, 10, 16, 8, 80, 30)


def collect_inputs(paths: Sequence[Path], out_dir: Path) -> list[tuple[Path, str]]:
    """(path, name) of each workbook given or found below a folder given; feedback files
    and anything inside ``out_dir`` are left out."""
    out = Path(out_dir).resolve()
    found: list[tuple[Path, str]] = []
    for p in paths:
        items = ([(i.path, i.name) for i in find_inputs(p) if not i.skip_reason] if p.is_dir()
                 else [(p, p.name)])
        for path, name in items:
            if not path.resolve().is_relative_to(out) and not Path(name).stem.endswith(SUFFIX):
                found.append((path, name))
    return found


def commune_context(data: Mapping[str, Any] | None, name: str) -> dict[str, Any] | None:
    """The commune entry of the consolidate JSON for the file ``name`` (exact path, else
    the only entry with the same file name)."""
    if not data:
        return None
    entries = [c for c in data.get("communes", []) if c.get("file")]
    exact = [c for c in entries if c["file"] == name]
    same = [c for c in entries if Path(c["file"]).name == Path(name).name]
    found = exact or (same if len(same) == 1 else [])
    return found[0] if found else None


def _json_problems(data: Mapping[str, Any] | None, file: str, known: Sequence[Problem]) -> list[Problem]:
    """Problems of the consolidation (late report, duplicate...) not found by reading.

    Only the codes reading cannot find: the file's data problems are those of reading it
    now (the commune may have sent a corrected file since the consolidation).
    """
    if not data:
        return []
    seen = {(p.code, p.sheet, p.cell) for p in known}
    return [Problem(i["code"], i["severity"], i["message"], file, i.get("sheet"), i.get("cell"),
                    i.get("value")) for i in data.get("issues", [])
            if i.get("file") == file and i["code"] in CONSOLIDATION_CODES
            and (i["code"], i.get("sheet"), i.get("cell")) not in seen]


def _text(ws: Worksheet, row: int, col: int, value: object, **style: Any) -> Any:
    """Write a value; strings always stay text (never a formula)."""
    cell = ws.cell(row, col, value)
    if isinstance(value, str):
        cell.data_type = "s"
    if style:
        cell.font = Font(**style)
    return cell


def _target(wb: Workbook | None, p: Problem) -> tuple[Worksheet, str] | None:
    """The sheet and A1 address a problem points at, when the workbook has them."""
    if wb is None or not p.sheet or not p.cell or p.sheet not in wb.sheetnames:
        return None
    m = _A1.match(p.cell.upper())
    return (wb[p.sheet], m.group(1) + m.group(2)) if m else None


def _mark(ws: Worksheet, address: str, problems: Sequence[Problem]) -> None:
    """Fill, frame and comment one cell (the top-left cell of a merged range)."""
    cell = ws[address]
    if isinstance(cell, MergedCell):
        merged = next(r for r in ws.merged_cells.ranges if address in r)
        cell = ws.cell(merged.min_row, merged.min_col)
    worst = "error" if any(p.severity == "error" for p in problems) else "warning"
    cell.fill = PatternFill("solid", start_color=_FILLS[worst], end_color=_FILLS[worst])
    side = Side(style="medium", color=_EDGES[worst])
    cell.border = Border(left=side, right=side, top=side, bottom=side)
    lines = [f"{SEVERITY[p.severity]} [{p.code}]: {p.message}" for p in problems]
    if len(lines) > 1:
        lines = [f"{n}. {line}" for n, line in enumerate(lines, start=1)]
    if cell.comment is not None:
        lines += ["", "Ghi chú trước đó:", cell.comment.text]
    text = "\n".join(lines)
    height = 20 + 15 * sum(1 + len(line) // 45 for line in text.splitlines())
    cell.comment = Comment(text, AUTHOR, height=min(height, 600), width=340)


def _ordered(problems: Sequence[Problem], sheets: Sequence[str]) -> list[Problem]:
    """File-level problems first, then by sheet and cell position (reading order)."""
    def key(p: Problem) -> tuple[int, int, int, str]:
        m = _A1.match((p.cell or "").upper())
        sheet = sheets.index(p.sheet) + 1 if p.sheet in sheets else 0
        row = int(m.group(2)) if m else (p.row or 0)
        return (sheet if p.cell else 0, row, len(m.group(1)) if m else 0, m.group(1) if m else "")
    return sorted(problems, key=key)


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide."""
    return sum(max(1, -(-len(part) // max(int(width * 1.1), 1))) for part in text.split("\n"))


def _context_rows(context: Mapping[str, Any], ranked: int) -> list[tuple[str, object]]:
    fig = context.get("figures") or {}
    submission = LATE if context.get("late") else SUBMITTED
    rows: list[tuple[str, object]] = [
        ("Xếp hạng", f"{context['rank']}/{ranked}" if context.get("rank") else "—"),
        ("Tình trạng nộp", submission),
        ("Ngày báo cáo", date.fromisoformat(context["report_date"]).strftime("%d/%m/%Y")
         if context.get("report_date") else "—"),
        ("Tỷ lệ hoàn thành đúng hạn", percent(fig.get("on_time_rate"))),
        ("Số cảnh báo đỏ", int(fig.get("red_flags") or 0)),
    ]
    return rows + [(status, int(fig.get(status) or 0)) for status in STATUSES]


def _feedback_sheet(ws: Worksheet, report: CommuneReport, problems: Sequence[Problem],
                    links: Mapping[int, str], *, as_of: date, intro: Sequence[str],
                    context: Mapping[str, Any] | None, ranked: int) -> None:
    """Write "Phản hồi": title, explanation, the commune's figures, the problem table."""
    meta = report.metadata
    commune = meta.commune or Path(report.file).stem
    _, full_name = addressee(commune, roster_entry(commune, meta.commune_code, meta.province))
    errors = sum(p.severity == "error" for p in problems)
    _text(ws, 1, 1, f"PHẢN HỒI VỀ BÁO CÁO NGHỊ QUYẾT 57-NQ/TW CỦA {full_name.upper()}",
          bold=True, size=14)
    lines = [f"Tệp: {report.file}. Kiểm tra ngày {as_of:%d/%m/%Y}.",
             f"Tỉnh đã kiểm tra tệp báo cáo và thấy {errors} lỗi, {len(problems) - errors} cảnh "
             "báo. Lỗi cần sửa trước khi gửi lại; cảnh báo nên xem lại cho đúng.", *intro]
    row = 2
    for line in lines:
        _text(ws, row, 1, line, italic=row == 2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(_WIDTHS))
        ws.row_dimensions[row].height = 15 * _lines(line, sum(_WIDTHS))
        row += 1
    if context is not None:
        row += 1
        _text(ws, row, 1, "KẾT QUẢ TỔNG HỢP CỦA XÃ", bold=True)
        for n, (label, value) in enumerate(_context_rows(context, ranked)):
            if n == 5:
                row += 1
                _text(ws, row + 1, 2, "Trạng thái nhiệm vụ", bold=True)
                _text(ws, row + 1, 3, "Số nhiệm vụ", bold=True)
                row += 1
            _text(ws, row + 1, 2, label)
            _text(ws, row + 1, 3, value).alignment = Alignment(horizontal="left")
            row += 1
    row += 2
    _text(ws, row, 1, "DANH SÁCH LỖI VÀ CẢNH BÁO", bold=True)
    header = row + 1
    fill = PatternFill("solid", start_color="D9E2F3", end_color="D9E2F3")
    for col, title in enumerate(_HEADERS, start=1):
        _text(ws, header, col, title, bold=True).fill = fill
    for n, p in enumerate(problems, start=1):
        r = header + n
        values = (n, p.code, SEVERITY.get(p.severity, p.severity), p.sheet or "", p.cell or "",
                  p.message, "" if p.value is None else str(p.value))
        for col, value in enumerate(values, start=1):
            cell = _text(ws, r, col, value)
            cell.alignment = Alignment(vertical="top", wrap_text=col in (6, 7))
        if n - 1 in links:
            cell = ws.cell(r, 5)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=links[n - 1], display=p.cell)
            cell.font = Font(color="0563C1", underline="single")
        if p.severity == "error":
            ws.cell(r, 3).font = Font(bold=True, color="9C0006")
        ws.row_dimensions[r].height = 15 * max(_lines(str(values[c]), _WIDTHS[c]) for c in (5, 6)) + 2
    for col, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[chr(64 + col)].width = width
    ws.auto_filter.ref = f"A{header}:G{header + max(len(problems), 1)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header}:{header}"
    ws.oddFooter.right.text = "Trang &P/&N"


def _has_drawings(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(re.match(r"xl/(drawings/drawing\d+\.xml|charts/|media/)", n) for n in z.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def _open_copy(path: Path) -> Workbook | None:
    """The workbook opened for copying, or None when openpyxl cannot keep it exact."""
    if path.suffix.lower() not in COPYABLE:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True)
    except Exception:
        return None


def _feedback_book(path: Path) -> tuple[Workbook, bool, list[str], list[str]]:
    """The workbook to write the feedback into (a copy of ``path`` when openpyxl can keep
    it exact, else a new one), whether it is a copy, the intro lines and the notes."""
    wb = _open_copy(path)
    if wb is not None:
        intro = ["Bấm vào địa chỉ ở cột «Ô» để đến thẳng ô cần sửa. Ô có vấn đề được tô màu (đỏ: "
                 "lỗi, vàng: cảnh báo), viền đậm và có ghi chú. Xã có thể sửa ngay trên tệp này "
                 "rồi gửi lại."]
        notes = ["Tệp gốc có hình vẽ, ảnh hoặc biểu đồ; bản phản hồi có thể không giữ được các "
                 "hình này, hãy xem trên tệp gốc."] if _has_drawings(path) else []
        return wb, True, intro, notes
    why = (f"Tệp gốc dạng {path.suffix.lower() or '(không có đuôi)'} không chép nguyên trạng "
           "được" if path.suffix.lower() not in COPYABLE else "Không mở được tệp gốc để chép")
    return Workbook(), False, [], [f"{why} nên bản phản hồi chỉ có trang «{FEEDBACK_SHEET}»; "
                                   "hãy sửa trực tiếp trên tệp gốc của xã theo địa chỉ ô dưới đây."]


def write_feedback(path: Path | str, out_dir: Path | str, *, name: str | None = None,
                   as_of: date | None = None, consolidation: Mapping[str, Any] | None = None,
                   email: bool = False, sender: str | None = None, address: str | None = None,
                   signature: str | None = None,
                   address_source: str | None = None, warnings: bool = True) -> FeedbackResult:
    """Write the feedback workbook of one commune workbook (nothing when it has no problem).

    ``name`` is the file's name relative to the consolidated folder (matches the
    ``file`` of the consolidate JSON ``consolidation``, whose statuses, rank and
    consolidation problems are then added). ``email`` also drafts ``<stem>_phan_hoi.eml``
    next to the feedback file, addressed to the commune's email of its "Thông tin" sheet,
    else to ``address`` (e.g. from the province's roster; ``address_source`` names its
    line), signed ``signature`` (default: the provincial department). When that address
    is refused, no draft is written and the result's ``refused`` says why. Without
    ``warnings``, a file with warnings only gets no feedback either.
    """
    path, out_dir = Path(path), Path(out_dir)
    name = name or path.name
    as_of = as_of or date.today()
    report = read_report(path, name, as_of=as_of)  # a Word appendix too
    problems = [*report.problems, *_json_problems(consolidation, name, report.problems)]
    errors = sum(p.severity == "error" for p in problems)
    if not problems or not (errors or warnings):
        return FeedbackResult(path, name, report.metadata.commune, None, errors,
                              len(problems) - errors)
    wb, copied, intro, notes = _feedback_book(path)
    sheets = [] if not copied else list(wb.sheetnames)
    ordered = _ordered(problems, sheets)
    targets = [_target(wb if copied else None, p) for p in ordered]
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p, t in zip(ordered, targets):
        if t is not None:
            groups.setdefault((t[0].title, t[1]), []).append(p)
    for (sheet, ref), items in groups.items():
        _mark(wb[sheet], ref, items)
    links = {i: f"{quote_sheetname(t[0].title)}!{t[1]}" for i, t in enumerate(targets) if t}
    if copied:
        if FEEDBACK_SHEET in wb.sheetnames:  # the sheet of an earlier feedback
            wb.remove(wb[FEEDBACK_SHEET])
        for ws in wb.worksheets:
            ws.sheet_view.tabSelected = False
        ws = wb.create_sheet(FEEDBACK_SHEET, 0)
    else:
        ws = wb.active
        ws.title = FEEDBACK_SHEET
    ranked = sum(1 for c in (consolidation or {}).get("communes", []) if c.get("rank") is not None)
    _feedback_sheet(ws, report, ordered, links, as_of=as_of, intro=[*intro, *notes],
                    context=commune_context(consolidation, name), ranked=ranked)
    wb.active = 0
    ws.sheet_view.tabSelected = True
    target = feedback_path(out_dir, name)
    save_feedback_copy(wb, target)
    result = FeedbackResult(path, name, report.metadata.commune, target, errors,
                            len(problems) - errors, len(groups), copied, tuple(notes))
    if email:
        result = _draft(result, report, ordered, (address, address_source), consolidation,
                        sender, signature)
    return result


def _draft(result: FeedbackResult, report: CommuneReport, problems: Sequence[Problem],
           roster: tuple[str | None, str | None], consolidation: Mapping[str, Any] | None,
           sender: str | None, signature: str | None) -> FeedbackResult:
    """Write the draft beside the feedback workbook, addressed to the workbook's email,
    else to the roster's (``roster``: address and the line it comes from); none when
    the address is refused (an earlier draft of the same name is removed, so that it
    cannot be sent by mistake)."""
    assert result.output is not None
    draft = result.output.with_suffix(".eml")
    address, source = roster
    try:
        to = (workbook_address(report.metadata.email, result.source, result.name)
              or clean_address(address, source or f"email của xã «{result.commune}» trong danh "
                               "sách xã"))
    except AddressError as exc:
        draft.unlink(missing_ok=True)
        return replace(result, refused=str(exc))
    write_eml(feedback_email(result, problems, to, consolidation, sender,
                             code=report.metadata.commune_code, signature=signature), draft)
    return replace(result, email=to, draft=draft)


def write_feedbacks(paths: Sequence[Path | str], out_dir: Path | str, *, as_of: date | None = None,
                    json_path: Path | str | None = None, email: bool = False,
                    sender: str | None = None, warnings: bool = False) -> list[FeedbackResult]:
    """:func:`write_feedback` for every workbook given or found below the folders given.

    Only files with errors get a feedback workbook, unless ``warnings`` (then files with
    warnings only too). A file the JSON's consolidation left out (superseded, of another
    period or province) gets no draft to the commune: it is the officer's business.
    ``as_of`` defaults to the JSON's date, else today. A file that cannot be written is
    reported in its result's ``error`` and the others go on.
    """
    out_dir = Path(out_dir)
    for folder in (Path(p) for p in paths):
        refusal = check_outputs(folder, folders=[("thư mục phản hồi", out_dir)]) if folder.is_dir() else None
        if refusal:
            raise MailUsageError(refusal)
    data = load_json(json_path) if json_path else None
    day = as_of or (date.fromisoformat(data["as_of"]) if data else date.today())
    left_out = {i.get("file") for i in (data or {}).get("issues", [])
                if i.get("code") in LEFT_OUT_CODES}
    results = []
    for path, name in collect_inputs([Path(p) for p in paths], out_dir):
        try:
            results.append(write_feedback(path, out_dir, name=name, as_of=day, consolidation=data,
                                          email=email and name not in left_out, sender=sender,
                                          warnings=warnings))
        except OSError as exc:
            results.append(FeedbackResult(path, name, None, None, 0, 0, error=(
                f"không ghi được tệp phản hồi: {exc.strerror or exc}")))
    return results
