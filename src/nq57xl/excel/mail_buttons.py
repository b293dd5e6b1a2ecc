"""The actions of the buttons «Soạn email» and «Gửi phản hồi cho xã» (see :mod:`nq57xl.excel.buttons`).

They read the cells of "Điều khiển", call :mod:`nq57xl.mail.followup` and present what it
returns. The last summary is the path «Tổng hợp» wrote into the cell "Bảng tổng hợp gần
nhất" (the officer may put another summary's path there); its JSON lies beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .. import api
from ..errors import MailUsageError
from ..province.roster import RosterEntry
from .cells import cell, read_roster_sheet, text_of, where
from .inputs import cell_path, inside, read_inputs
from .layout import (
    FEEDBACK_DIR,
    FEEDBACK_WARNINGS,
    LAST_SUMMARY,
    MAIL_CC,
    MAIL_TO,
    NO,
    ROSTER_SHEET,
    SALUTATION,
    SIGNATURE,
    YES,
    NamedCell,
)
from .run import Report, Ui, UserError, open_book, open_on_windows

_YES = {"có", "co", "x", "yes", "true", "1"}
_NO = {"", "không", "khong", "no", "false", "0"}


def draft_email(book: Any, ui: Ui) -> Report:
    """«Soạn email»: the summary email of the last summary, as a draft beside it."""
    run = last_summary(book)
    if unsaved_in_excel(book, run.summary):
        raise UserError(f"Bảng tổng hợp «{run.summary.name}» đang mở và có thay đổi chưa lưu: thư "
                        "sẽ đính kèm bản đã lưu. Hãy lưu (Ctrl+S) rồi bấm lại «Soạn email».")
    to, cc = addresses(book, MAIL_TO), addresses(book, MAIL_CC)
    salutation = cell_text(book, SALUTATION) or None
    try:
        draft = api.draft_summary(run, to, cc=cc, salutation=salutation,
                              signature=cell_text(book, SIGNATURE) or None)
    except MailUsageError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"Không ghi được thư nháp cạnh bảng tổng hợp, trong thư mục "
                        f"«{run.summary.parent}» ({exc.strerror or exc}). Hãy kiểm tra quyền ghi "
                        "vào thư mục đó.") from None
    lines = api.summary_draft_lines(draft)
    if not to:
        lines.append(f"Lần sau có thể ghi sẵn người nhận ở {where(MAIL_TO)}.")
    if open_on_windows(None, draft.path):
        lines.append("Đã mở thư nháp trong chương trình thư: đọc lại rồi bấm Gửi (Send).")
    else:
        lines.append(f"Thư nháp: «{draft.path}». Bấm đúp tệp này để mở bằng Outlook hoặc "
                     "Thunderbird, đọc lại rồi gửi.")
    lines += ["Nội dung thư dưới đây (dùng hộp thư trên trình duyệt thì chép tiêu đề và nội dung "
              f"này, đính kèm tệp «{draft.attachment.name}»):",
              f"Tiêu đề: {draft.subject}", *draft.body.splitlines()]
    return Report(lines)


def commune_feedback(book: Any, ui: Ui) -> Report:
    """«Gửi phản hồi cho xã»: feedback workbook and draft for each commune with errors."""
    folder = read_inputs(book).require_folder()
    run = last_summary(book)
    if run.json is None:
        raise UserError(f"Không có tệp «{api.json_beside(run.summary).name}» của cùng lần tổng hợp "
                        f"cạnh bảng tổng hợp «{run.summary}» (tệp này do nút «Tổng hợp» ghi). "
                        "Hãy bấm «Tổng hợp» lại rồi bấm «Gửi phản hồi cho xã».")
    try:
        data = api.load_json(run.json)
    except MailUsageError as exc:
        raise UserError(f"{exc} Hãy bấm «Tổng hợp» lại.") from None
    out_dir = cell_path(book, FEEDBACK_DIR) or run.summary.parent / api.FEEDBACK_DIR
    if inside(out_dir, folder):
        raise UserError("Không lưu phản hồi vào trong thư mục báo cáo của các xã (lần sau chúng "
                        f"sẽ bị đọc nhầm như báo cáo). Hãy chọn thư mục khác ở {where(FEEDBACK_DIR)}.")
    warnings = yes_no(book, FEEDBACK_WARNINGS)
    chosen, _ = api.files_with_problems(data, warnings=warnings)
    if chosen and not any((folder / name).is_file() for name in chosen):
        raise UserError(f"Các tệp của lần tổng hợp gần nhất (ví dụ «{chosen[0]}») không có trong "
                        f"thư mục «{folder}» (ô B5). Có thể ô B5 đã đổi sau lần «Tổng hợp»: hãy "
                        "chọn lại đúng thư mục, hoặc bấm «Tổng hợp» lại.")
    result = api.write_commune_feedback(data, folder, out_dir, warnings=warnings,
                                    roster=roster_entries(book),
                                    signature=cell_text(book, SIGNATURE) or None,
                                    on_progress=ui.progress)
    lines = api.feedback_run_lines(result, folder)
    if result.without_email:
        lines.append(f"Có thể ghi email của xã vào cột «Email» trang «{ROSTER_SHEET}» rồi bấm lại: "
                     "thư sẽ có sẵn người nhận.")
    if result.warnings_only:
        lines.append(f"Muốn soạn cho cả các xã này, chọn «{YES}» ở {where(FEEDBACK_WARNINGS)} "
                     "rồi bấm lại.")
    if result.written and open_on_windows(None, out_dir):
        lines.append("Đã mở thư mục phản hồi.")
    return Report(lines, api.feedback_table(result))


def last_summary(book: Any) -> api.LastRun:
    """The summary named in "Bảng tổng hợp gần nhất", and its JSON when from the same run."""
    try:
        return api.last_run(cell_path(book, LAST_SUMMARY), where=where(LAST_SUMMARY))
    except MailUsageError as exc:
        raise UserError(str(exc)) from None


def unsaved_in_excel(book: Any, path: Path) -> bool:
    """Windows only: whether the caller's Excel has ``path`` open with unsaved changes."""
    if sys.platform != "win32":
        return False
    try:
        other = open_book(book, path)
        return other is not None and not other.api.Saved
    except Exception:  # asking Excel failed: the draft is still worth making
        return False


def cell_text(book: Any, named: NamedCell) -> str:
    """A cell's text, lines kept (Alt+Enter in Excel), surrounding blanks removed."""
    return "\n".join(line.strip() for line in text_of(cell(book, named).value)
                     .replace("\r\n", "\n").split("\n")).strip()


def addresses(book: Any, named: NamedCell) -> list[str]:
    """The addresses of a cell (separated by ";", "," or lines), each checked."""
    try:
        return api.parse_addresses([cell_text(book, named).replace("\n", ";")], where(named))
    except MailUsageError as exc:
        raise UserError(str(exc)) from None


def yes_no(book: Any, named: NamedCell) -> bool:
    text = text_of(cell(book, named).value).lower()
    if text in _YES or text in _NO:
        return text in _YES
    raise UserError(f"{where(named)[:1].upper()}{where(named)[1:]} ghi «{text}»: hãy chọn «{YES}» "
                    f"hoặc «{NO}» trong danh sách thả xuống.")


def roster_entries(book: Any) -> list[RosterEntry]:
    """The communes of the sheet "Danh sách xã" that have an email."""
    _, rows = read_roster_sheet(book)
    return [RosterEntry(code, full_name, name, province, email)
            for code, name, full_name, province, email in rows if email]

