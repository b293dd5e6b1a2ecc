"""The buttons «Soạn email» and «Gửi phản hồi cho xã», run through xlwings' remote engine.

Same harness as test_excel (the committed workbook as payload, actions applied back):
«Tổng hợp» runs first and its "Bảng tổng hợp gần nhất" cell is handed to the next run,
as the officer's workbook would keep it.
"""

from __future__ import annotations

import email
import hashlib
import sys
from datetime import date
from email import policy
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("xlwings")

from nq57xl.excel import buttons as excel, mail_buttons as excel_mail, run as excel_run
from nq57xl.mail.feedback_result import FEEDBACK_SHEET
from nq57xl.mail.followup import FEEDBACK_HEADER, NO_EMAIL
from nq57xl.excel.layout import (
    FEEDBACK_DIR, FEEDBACK_WARNINGS, FOLDER, LAST_SUMMARY, MAIL_CC, MAIL_TO, RESULT_AREA, SALUTATION, SIGNATURE,
)
from tests.excel.test_buttons import (  # noqa: E402,F401 (fixtures)
    Sheets, folder, inputs, messages, no_traceback, run, xlsm,
)
from tests.mail.test_feedback import ROWS  # noqa: E402
from tests.mail.test_followup import warning_rows  # noqa: E402
from tests.mail.test_mail import commune_book  # noqa: E402

OWN_MAIL = "vanphong.loibac@langson.gov.vn"
ROSTER_MAIL = "ubnd.quyhoa@langson.gov.vn"
ROSTER = [["06601", "Lợi Bác", "Xã Lợi Bác", "Lạng Sơn", ""],
          ["", "Quý Hòa", "Xã Quý Hòa", "Lạng Sơn", ROSTER_MAIL],
          ["06085", "Thiện Hoà", "Xã Thiện Hoà", "Lạng Sơn", ""],
          ["06385", "Hữu Lũng", "Xã Hữu Lũng", "Lạng Sơn", ""]]
SIGNED = "Nguyễn Văn An\nChuyên viên Phòng Quản lý khoa học\nSở Khoa học và Công nghệ tỉnh Lạng Sơn"


def table(sheets: Sheets, width: int = 6) -> list[list[object]]:
    """The table below the lines of the result area (header first)."""
    top = len(sheets.column(RESULT_AREA)) + 1
    rows = []
    while any(row := sheets.row(RESULT_AREA, top + len(rows), width)):
        rows.append(row)
    return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def province(tmp_path: Path) -> Path:
    """Lợi Bác and Quý Hòa with errors (Lợi Bác's workbook has its email, Quý Hòa's is on
    the roster sheet), Thiện Hoà with a warning only, Hữu Lũng clean."""
    folder = tmp_path / "báo cáo xã"
    commune_book(folder / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 15), 0, mail=OWN_MAIL,
                 rows=ROWS)
    commune_book(folder / "quy_hoa.xlsx", "Quý Hòa", date(2026, 11, 18), 0, rows=ROWS)
    commune_book(folder / "thien_hoa.xlsx", "Thiện Hoà", date(2026, 11, 12), 0, rows=warning_rows())
    commune_book(folder / "huu_lung.xlsx", "Hữu Lũng", date(2026, 11, 10), 2)
    return folder


def consolidated(run, folder: Path, out: Path | None = None) -> Path:
    """Run «Tổng hợp»; the summary path it left in "Bảng tổng hợp gần nhất"."""
    sheets = run(excel.consolidate_button, inputs(folder, out), roster=ROSTER,
                 roster_province="Lạng Sơn")
    assert "Tổng hợp: xong lúc" in messages(sheets), messages(sheets)
    summary = Path(str(sheets.value(LAST_SUMMARY)))
    assert summary.is_file() and summary.with_suffix(".json").is_file()
    return summary


def parse(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def test_consolidate_records_the_summary_and_its_json(run, province: Path, tmp_path: Path) -> None:
    out = tmp_path / "tong_hop_thang_11.xlsx"
    assert consolidated(run, province, out) == out
    assert sorted(p.name for p in tmp_path.glob("tong_hop_thang_11.*")) == [
        "tong_hop_thang_11.json", "tong_hop_thang_11.xlsx"]


def test_email_draft_beside_the_summary(run, province: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    summary = consolidated(run, province)
    opened: list[Path] = []
    monkeypatch.setattr(excel_mail, "open_on_windows", lambda book, path: opened.append(path))
    sheets = run(excel.email_button, {
        LAST_SUMMARY: str(summary), MAIL_TO: "lanhdao@langson.gov.vn;\nGiám đốc <gd@langson.gov.vn>",
        MAIL_CC: "vanphong@langson.gov.vn", SALUTATION: "Đồng chí Giám đốc Sở",
        SIGNATURE: SIGNED})
    text = messages(sheets)
    draft = summary.with_suffix(".eml")
    assert opened == [draft]  # handed to the mail program (on Windows)
    assert text.startswith("Soạn email: xong lúc")
    assert f"đính kèm bảng tổng hợp «{summary.name}»" in text
    assert ("Người nhận: lanhdao@langson.gov.vn, Giám đốc <gd@langson.gov.vn>; đồng gửi (CC): "
            "vanphong@langson.gov.vn.") in text
    assert f"Thư nháp: «{draft}». Bấm đúp tệp này" in text  # not opened: where it is
    # The text itself, for officers whose mail is in a browser:
    assert f"\nTiêu đề: {parse(draft)['Subject']}\nKính gửi: Đồng chí Giám đốc Sở,\n" in text
    assert text.endswith("Trân trọng.\n" + SIGNED)
    no_traceback(sheets)
    msg = parse(draft)
    assert msg["X-Unsent"] == "1"
    assert msg["To"] == "lanhdao@langson.gov.vn, Giám đốc <gd@langson.gov.vn>"
    assert msg["Cc"] == "vanphong@langson.gov.vn"
    body = msg.get_body().get_content().replace("\r\n", "\n")
    assert body.startswith("Kính gửi: Đồng chí Giám đốc Sở,\n")
    assert "Số xã, phường đã nộp báo cáo: 4/4; chưa nộp: 0" in body
    assert body.rstrip().endswith("Trân trọng.\n" + SIGNED)
    assert [a.get_filename() for a in msg.iter_attachments()] == [summary.name]


def test_email_opened_and_without_recipient(run, province: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    summary = consolidated(run, province)
    monkeypatch.setattr(excel_mail, "open_on_windows", lambda book, path: True)
    sheets = run(excel.email_button, {LAST_SUMMARY: str(summary)})
    text = messages(sheets)
    assert "Đã mở thư nháp trong chương trình thư: đọc lại rồi bấm Gửi (Send)." in text
    assert "Thư chưa có người nhận" in text and "ô B13 «Gửi bảng tổng hợp đến (email)»" in text
    msg = parse(summary.with_suffix(".eml"))
    assert msg["To"] is None
    assert "Kính gửi: Lãnh đạo Sở Khoa học và Công nghệ," in msg.get_body().get_content()


@pytest.mark.parametrize("case, expected", [
    ("blank", "Chưa có bảng tổng hợp (ô B25 «Bảng tổng hợp gần nhất» trang «Điều khiển» đang "
              "trống). Hãy bấm «Tổng hợp» trước."),
    ("gone", "Không tìm thấy bảng tổng hợp"),
    ("to", "Địa chỉ email «lanhdao@langson» (ô B13 «Gửi bảng tổng hợp đến (email)» trang "
           "«Điều khiển») không hợp lệ; hãy ghi dạng ten@donvi.gov.vn."),
    ("cc", "Địa chỉ email «vanphong» (ô B14 «Đồng gửi (CC)» trang «Điều khiển») không hợp lệ"),
    ("foreign", "không phải bảng tổng hợp của nq57xl"),
])
def test_email_problems_become_messages(run, province: Path, tmp_path: Path, case: str,
                                        expected: str) -> None:
    summary = tmp_path / "tong_hop.xlsx"
    cells: dict = {LAST_SUMMARY: str(summary), MAIL_TO: "lanhdao@langson.gov.vn"}
    if case != "gone":
        summary = consolidated(run, province, summary)
    if case == "blank":
        cells[LAST_SUMMARY] = None
    elif case == "to":
        cells[MAIL_TO] = "lanhdao@langson"
    elif case == "cc":
        cells[MAIL_CC] = "vanphong"
    elif case == "foreign":
        summary.with_suffix(".json").unlink()
        cells[LAST_SUMMARY] = str(province / "loi_bac.xlsx")
    sheets = run(excel.email_button, cells)
    text = messages(sheets)
    assert text.startswith("Soạn email: chưa thực hiện được.")
    assert expected in text, text
    assert not list(tmp_path.rglob("*.eml"))
    no_traceback(sheets)


def test_feedback_for_communes_with_errors(run, province: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    summary = consolidated(run, province)
    before = {p.name: sha256(p) for p in province.iterdir()}
    shown: list[str | None] = []
    monkeypatch.setattr(excel_run.Ui, "status", lambda self, text: shown.append(text))
    sheets = run(excel.feedback_button, {FOLDER: str(province), LAST_SUMMARY: str(summary),
                                         SIGNATURE: SIGNED}, roster=ROSTER,
                 roster_province="Lạng Sơn")
    text = messages(sheets)
    out = summary.parent / "phan_hoi_xa"
    assert text.startswith("Gửi phản hồi cho xã: xong lúc"), text
    assert f"Đã soạn 2 tệp phản hồi và 2 thư nháp (.eml) trong thư mục «{out}»" in text
    assert "1 xã chỉ có cảnh báo (không bắt buộc sửa), chưa soạn phản hồi: Thiện Hoà." in text
    assert "chọn «Có» ở ô B18 «Phản hồi cả xã chỉ có cảnh báo» trang «Điều khiển»" in text
    no_traceback(sheets)
    assert {p.name: sha256(p) for p in province.iterdir()} == before  # originals untouched
    assert sorted(p.name for p in out.iterdir()) == [
        "loi_bac_phan_hoi.eml", "loi_bac_phan_hoi.xlsx", "quy_hoa_phan_hoi.eml",
        "quy_hoa_phan_hoi.xlsx"]
    rows = table(sheets)
    assert rows[0] == list(FEEDBACK_HEADER)
    assert rows[1:] == [["Lợi Bác", "loi_bac.xlsx", 5, 1, "loi_bac_phan_hoi.xlsx", OWN_MAIL],
                        ["Quý Hòa", "quy_hoa.xlsx", 5, 1, "quy_hoa_phan_hoi.xlsx", ROSTER_MAIL]]
    msg = parse(out / "quy_hoa_phan_hoi.eml")
    assert msg["To"] == ROSTER_MAIL and msg["X-Unsent"] == "1"
    assert msg.get_body().get_content().replace("\r\n", "\n").rstrip().endswith(SIGNED)
    assert FEEDBACK_SHEET in openpyxl.load_workbook(out / "loi_bac_phan_hoi.xlsx").sheetnames
    assert "nq57xl: 1/2 — loi_bac.xlsx" in shown and shown[-1] is None


def test_feedback_with_warnings_to_a_chosen_folder(run, province: Path, tmp_path: Path) -> None:
    summary = consolidated(run, province)
    out = tmp_path / "gửi xã"
    sheets = run(excel.feedback_button, {FOLDER: str(province), LAST_SUMMARY: str(summary),
                                         FEEDBACK_DIR: str(out), FEEDBACK_WARNINGS: "Có"})
    text = messages(sheets)
    assert f"Đã soạn 3 tệp phản hồi và 3 thư nháp (.eml) trong thư mục «{out}»" in text, text
    assert ("2 thư chưa có người nhận vì chưa biết email của xã: Quý Hòa, Thiện Hoà. Hãy điền "
            "người nhận trước khi gửi.") in text
    assert "cột «Email» trang «Danh sách xã»" in text
    assert [r[0] for r in table(sheets)[1:]] == ["Lợi Bác", "Quý Hòa", "Thiện Hoà"]
    assert table(sheets)[3][5] == NO_EMAIL
    assert (out / "thien_hoa_phan_hoi.xlsx").is_file()


@pytest.mark.parametrize("case, expected", [
    ("blank", "Hãy bấm «Tổng hợp» trước."),
    ("no json", "Hãy bấm «Tổng hợp» lại rồi bấm «Gửi phản hồi cho xã»."),
    ("inside", "Không lưu phản hồi vào trong thư mục báo cáo của các xã"),
    ("moved", "Có thể ô B5 đã đổi sau lần «Tổng hợp»"),
    ("yes/no", "Ô B18 «Phản hồi cả xã chỉ có cảnh báo» trang «Điều khiển» ghi «có lẽ»: hãy "
               "chọn «Có» hoặc «Không» trong danh sách thả xuống."),
    ("no folder", "Chưa nhập thư mục chứa tệp báo cáo của các xã"),
])
def test_feedback_problems_become_messages(run, province: Path, tmp_path: Path, case: str,
                                           expected: str) -> None:
    summary = consolidated(run, province)
    cells: dict = {FOLDER: str(province), LAST_SUMMARY: str(summary)}
    if case == "blank":
        cells[LAST_SUMMARY] = None
    elif case == "no json":
        summary.with_suffix(".json").unlink()
    elif case == "inside":
        cells[FEEDBACK_DIR] = str(province / "phan_hoi")
    elif case == "moved":
        other = tmp_path / "thư mục khác"
        other.mkdir()
        cells[FOLDER] = str(other)
    elif case == "yes/no":
        cells[FEEDBACK_WARNINGS] = "có lẽ"
    elif case == "no folder":
        cells[FOLDER] = None
    sheets = run(excel.feedback_button, cells)
    text = messages(sheets)
    assert text.startswith("Gửi phản hồi cho xã: chưa thực hiện được."), text
    assert expected in text, text
    assert not list(tmp_path.rglob("*_phan_hoi*"))
    no_traceback(sheets)


def test_feedback_when_nothing_to_send(run, tmp_path: Path) -> None:
    folder = tmp_path / "xa"
    commune_book(folder / "huu_lung.xlsx", "Hữu Lũng", date(2026, 11, 10), 2)
    summary = consolidated(run, folder)
    sheets = run(excel.feedback_button, {FOLDER: str(folder), LAST_SUMMARY: str(summary)})
    assert ("Lần tổng hợp gần nhất không có xã nào có lỗi dữ liệu: không cần gửi phản hồi."
            in messages(sheets))
    assert table(sheets) == [] and not (tmp_path / "phan_hoi_xa").exists()


def test_open_on_windows_reports_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert excel_run.open_on_windows(None, tmp_path) is (sys.platform == "win32")
    monkeypatch.setattr(excel_run.sys, "platform", "win32")
    calls: list[Path] = []
    monkeypatch.setattr(excel_run.os, "startfile", calls.append, raising=False)
    assert excel_run.open_on_windows(None, tmp_path / "thu.eml") is True
    assert calls == [tmp_path / "thu.eml"]

    def no_mail_program(path: Path) -> None:
        raise OSError("No application is associated with the specified file")

    monkeypatch.setattr(excel_run.os, "startfile", no_mail_program, raising=False)
    assert excel_run.open_on_windows(None, tmp_path / "thu.eml") is False


def test_unsaved_summary_open_in_excel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On Windows a summary open with unsaved changes would be attached as last saved."""
    summary = tmp_path / "tong_hop.xlsx"

    class Other:
        def __init__(self, path: Path, saved: bool) -> None:
            self.fullname, self.api = str(path), type("Api", (), {"Saved": saved})()

    class Book:
        def __init__(self, *others: Other) -> None:
            self.app = type("App", (), {"books": list(others)})()

    assert not excel_mail.unsaved_in_excel(Book(Other(summary, False)), summary)  # not Windows
    monkeypatch.setattr(excel_mail.sys, "platform", "win32")
    assert excel_mail.unsaved_in_excel(Book(Other(tmp_path / "khac.xlsx", True),
                                            Other(summary, False)), summary)
    assert not excel_mail.unsaved_in_excel(Book(Other(summary, True)), summary)
    assert not excel_mail.unsaved_in_excel(Book(Other(tmp_path / "khac.xlsx", False)), summary)
    assert not excel_mail.unsaved_in_excel(object(), summary)  # Excel did not answer
