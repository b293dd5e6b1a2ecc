"""The Python behind the buttons of ``workbook/nq57xl.xlsm``, called through xlwings.

Each button runs ``RunPython "import nq57xl.excel; nq57xl.excel.<handler>()"``. A
handler reads the named cells of the calling workbook (layout in
:mod:`nq57xl.excel.build`), calls the library and writes Vietnamese lines into the
result area of "Điều khiển", inside :func:`nq57xl.excel.run.handle` (no exception
reaches xlwings). The two mail buttons' actions are in :mod:`nq57xl.excel.mail_buttons`.
xlwings is imported inside the handlers only.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import api
from ..province.inputs import no_reports_message
from ..province.roster import (
    RosterError,
    official_roster,
    read_roster_csv,
    resolve_province,
)
from ..records import Metadata
from ..vntext import strip_diacritics
from .cells import (
    cell,
    clear_below,
    put_rows,
    read_roster_sheet,
    row_key,
    write_roster_sheet,
)
from .inputs import inside, official_province, read_inputs, summary_path
from .layout import (
    ISSUE_KEYS,
    LAST_SUMMARY,
    PROVINCE,
    RESULTS_HEADER,
    RESULTS_INFO,
    ROSTER_HEADERS,
    ROSTER_NOTE,
)
from .mail_buttons import commune_feedback, draft_email
from .run import (
    Report,
    Ui,
    UserError,
    excel_value,
    handle,
    open_book,
    open_on_windows,
)


def consolidate_button() -> None:
    """"Tổng hợp": consolidate the folder, fill "Kết quả", open the summary workbook."""
    handle("Tổng hợp", _consolidate)


def validate_button() -> None:
    """"Kiểm tra dữ liệu": read every workbook of the folder and list its problems."""
    handle("Kiểm tra dữ liệu", _validate)


def templates_button() -> None:
    """"Tạo mẫu cho xã": one template per commune of the roster (or one blank template)."""
    handle("Tạo mẫu cho xã", _templates)


def roster_button() -> None:
    """"Nạp danh sách xã": put the official communes of the chosen province on the sheet."""
    handle("Nạp danh sách xã", _load_roster, focus=False)


def email_button() -> None:
    """"Soạn email": the summary email of the last summary as a draft, opened on Windows."""
    handle("Soạn email", draft_email)


def feedback_button() -> None:
    """"Gửi phản hồi cho xã": feedback workbook and draft for each commune with errors."""
    handle("Gửi phản hồi cho xã", commune_feedback)


def report_button() -> None:
    """"Soạn báo cáo": the province's report (.docx) beside the summary, opened on Windows."""
    handle("Soạn báo cáo", _draft_report)


@dataclass
class RosterChoice:
    """The roster a run uses: the official list (``csv`` None) or the sheet's edited list."""

    province: str | None
    csv: Path | None
    entries: list[Any]
    notes: list[str] = field(default_factory=list)


def prepare_roster(book: Any, province: str | None, scratch: Path) -> RosterChoice:
    """Fill "Danh sách xã" when empty or for another province; an edited list goes to a CSV."""
    sheet_province, rows = read_roster_sheet(book)
    if province:
        entries = official_roster(province)
        if not rows or resolve_province(sheet_province or "-") != province:
            write_roster_sheet(book, province, entries)
            note = (f"Đã nạp danh sách {len(entries)} xã, phường của {province} (danh mục đơn vị "
                    "hành chính 2026) vào trang «Danh sách xã»")
            return RosterChoice(province, None, entries, [
                note + (f", thay cho danh sách cũ của «{sheet_province}»." if rows else ".")])
        if rows == [row_key([e.code, e.name, e.full_name, e.province, e.email]) for e in entries]:
            return RosterChoice(province, None, entries)
    if not rows:
        return RosterChoice(province, None, [])
    path = scratch / "danh_sach_xa.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([ROSTER_HEADERS, *rows])
    try:
        entries = read_roster_csv(path, province)
    except RosterError as exc:
        raise UserError(str(exc)) from None
    return RosterChoice(province, path, entries, [
        f"Dùng danh sách {len(entries)} xã, phường đang có trên trang «Danh sách xã»."])


def _consolidate(book: Any, ui: Ui) -> Report:
    inputs = read_inputs(book)
    folder = inputs.require_folder()
    output = summary_path(inputs, folder)
    release_summary(book, output)
    with tempfile.TemporaryDirectory(prefix="nq57xl-") as scratch:
        roster = prepare_roster(book, inputs.province, Path(scratch))
        outcome = api.run_consolidation(folder, output, as_of=inputs.as_of, province=roster.province,
                                    roster_csv=roster.csv, period=inputs.period,
                                    json_path=str(api.json_beside(output)), on_progress=ui.progress,
                                    history=inputs.history)
    lines = roster.notes + outcome.lines
    if outcome.exit_code != 2 and outcome.result is not None:
        write_results(book, outcome.result, output)
        cell(book, LAST_SUMMARY).value = str(output)  # for «Soạn email», «Gửi phản hồi cho xã»
        lines.append("Bảng kết quả theo xã đã ghi vào trang «Kết quả».")
        if open_on_windows(book, output):
            lines.append("Đã mở bảng tổng hợp trong Excel.")
    return Report(lines)


def _draft_report(book: Any, ui: Ui) -> Report:
    """Consolidate the folder with the cells' settings and write the report beside the
    summary «Tổng hợp» would write (``bao_cao_nq57_YYYY_MM.docx``)."""
    inputs = read_inputs(book)
    folder = inputs.require_folder()
    output = summary_path(inputs, folder).parent / api.REPORT_NAME.format(day=inputs.as_of)
    with tempfile.TemporaryDirectory(prefix="nq57xl-") as scratch:
        roster = prepare_roster(book, inputs.province, Path(scratch))
        outcome = api.run_report(folder, output, as_of=inputs.as_of, province=roster.province,
                                 roster_csv=roster.csv, period=inputs.period,
                                 on_progress=ui.progress)
    if outcome.exit_code == 2:
        raise UserError("\n".join(outcome.lines))
    lines = roster.notes + list(outcome.lines)
    if open_on_windows(None, output):  # the default program of .docx: Word
        lines.append("Đã mở báo cáo trong Word.")
    return Report(lines)


def _validate(book: Any, ui: Ui) -> Report:
    inputs = read_inputs(book)
    folder = inputs.require_folder()
    with tempfile.TemporaryDirectory(prefix="nq57xl-") as scratch:
        roster = prepare_roster(book, inputs.province, Path(scratch))
        try:
            result = api.consolidate(folder, as_of=inputs.as_of, province=roster.province,
                                 roster_csv=roster.csv, period=inputs.period,
                                 on_progress=ui.progress)
        except RosterError as exc:
            raise UserError(str(exc)) from None
    ov, issues = result.overview, result.issues
    if not ov["files"]:
        raise UserError(no_reports_message(folder))
    errors = int(issues["severity"].eq("error").sum()) if len(issues) else 0
    lines = roster.notes + [
        f"Đã kiểm tra {ov['files']} tệp trong «{folder}»: {errors} lỗi, {len(issues) - errors} "
        f"cảnh báo; {ov['files_with_errors']} tệp có lỗi.",
        "Hãy nhờ xã sửa các dòng «Lỗi» rồi bấm «Tổng hợp»; các «Cảnh báo» nên xem lại."
        if len(issues) else "Không có lỗi hay cảnh báo nào: có thể bấm «Tổng hợp»."]
    table = [[api.COLUMNS[k][0] for k in ISSUE_KEYS]] if len(issues) else []
    for row in issues.to_dict("records"):
        row["severity"] = api.SEVERITIES.get(row["severity"], row["severity"])
        table.append([excel_value(row.get(k), "text") for k in ISSUE_KEYS])
    return Report(lines, table)


def _templates(book: Any, ui: Ui) -> Report:
    inputs = read_inputs(book)
    target = inputs.template_dir
    if target is None:
        full = Path(str(book.fullname))
        base = inputs.folder.resolve().parent if inputs.folder else full.parent.resolve()
        target = base / "mau_gui_xa"
    if inputs.folder is not None and inside(target, inputs.folder):
        raise UserError("Không lưu mẫu vào trong thư mục báo cáo của các xã (chúng sẽ bị đọc nhầm "
                        "như báo cáo). Hãy chọn thư mục khác ở ô B10.")
    with tempfile.TemporaryDirectory(prefix="nq57xl-") as scratch:
        roster = prepare_roster(book, inputs.province, Path(scratch))
    target.mkdir(parents=True, exist_ok=True)
    if not roster.entries:
        path = api.build_template(target / "mau_bao_cao_xa.xlsx", province=roster.province,
                              metadata=Metadata(period=inputs.period))
        return Report(roster.notes + [f"Chưa có danh sách xã: đã tạo một mẫu trống «{path}»."])
    failed: list[str] = []
    for n, entry in enumerate(roster.entries, start=1):
        stem = "_".join(strip_diacritics(f"{entry.code} {entry.name}").split())
        name = "".join(c for c in stem if c not in '<>:"/\\|?*') + ".xlsx"
        meta = Metadata(commune_code=entry.code or None, period=inputs.period, email=entry.email)
        try:
            api.build_template(target / name, province=entry.province or roster.province,
                           commune=entry.name, metadata=meta)
        except OSError as exc:
            failed.append(f"Không ghi được «{name}»: {exc.strerror or exc} (tệp đang mở?).")
        ui.progress(n, len(roster.entries), name)
    open_on_windows(None, target)
    return Report(roster.notes + [
        f"Đã tạo {len(roster.entries) - len(failed)} tệp mẫu (mỗi xã, phường một tệp) trong thư "
        f"mục «{target}».", "Gửi cho mỗi xã đúng tệp mang tên xã mình."] + failed)


def _load_roster(book: Any, ui: Ui) -> Report:
    province = official_province(cell(book, PROVINCE).value)
    if province is None:
        raise UserError("Hãy chọn tỉnh/thành phố ở ô B7 trang «Điều khiển» trước.")
    entries = official_roster(province)
    write_roster_sheet(book, province, entries)
    line = f"Đã nạp {len(entries)} xã, phường của {province} vào trang «Danh sách xã»."
    cell(book, ROSTER_NOTE).value = line
    return Report([line, "Có thể sửa, thêm, xoá dòng: khi tổng hợp sẽ dùng đúng danh sách đó."])


def write_results(book: Any, result: Any, output: Path) -> None:
    """The per-commune table of the run on "Kết quả" (in the order of the summary's "Theo xã")."""
    start = cell(book, RESULTS_HEADER)
    clear_below(start, len(api.COMMUNE_COLUMNS))
    rows = [[excel_value(r.get(k), api.COLUMNS[k][1]) for k in api.COMMUNE_COLUMNS]
            for r in api.ordered_communes(result.communes).to_dict("records")]
    put_rows(start, [[api.COLUMNS[k][0] for k in api.COMMUNE_COLUMNS], *rows])
    cell(book, RESULTS_INFO).value = (
        f"Số liệu tính đến ngày {result.as_of:%d/%m/%Y}; tỉnh/thành phố: {result.province or '—'}; "
        f"kỳ báo cáo: {result.period or '—'}; bảng tổng hợp: {output}")


def release_summary(book: Any, output: Path) -> None:
    """On Windows, close the previous summary if this Excel has it open and unchanged."""
    if sys.platform != "win32":
        return
    other = open_book(book, output)
    if other is not None:
        if not other.api.Saved:
            raise UserError(f"Bảng tổng hợp «{output.name}» đang mở và có thay đổi chưa lưu. "
                            "Hãy lưu sang tên khác hoặc đóng nó rồi bấm lại «Tổng hợp».")
        other.close()
