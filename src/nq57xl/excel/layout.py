"""The layout of the officers' macro workbook: sheets, named cells, labels.

Shared by the builder (:mod:`nq57xl.excel.build`) and the button handlers, which
read and write these cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Nq57Error

if TYPE_CHECKING:
    pass


CONTROL_SHEET, ROSTER_SHEET, RESULTS_SHEET = "Điều khiển", "Danh sách xã", "Kết quả"


CONFIG_SHEET = "xlwings.conf"


CODE_NAMES = {CONTROL_SHEET: "shControl", ROSTER_SHEET: "shRoster", RESULTS_SHEET: "shResults",
              CONFIG_SHEET: "shConfig"}


ROSTER_HEADERS = ("Mã xã", "Tên xã", "Tên đầy đủ", "Tỉnh/thành phố", "Email")


ISSUE_KEYS = ("file", "message", "cell", "sheet", "severity", "issue_code")


PYTHON_DIR = r"C:\NQ57\Python"


#: The whole "xlwings.conf" sheet: every key that xlwings.bas reads with GetConfig, so that
#: none falls through to a user-wide or folder-wide xlwings.conf file (a PC that once used
#: conda could otherwise get "conda activate" into the command line). Keys not used here
#: are empty; keys that xlwings.bas reads as True/False hold "False" or "True" (an empty
#: one would be a type mismatch there). Keys are read from A1 down to the first blank.
CONFIG: tuple[tuple[str, str], ...] = (
    ("Interpreter_Win", PYTHON_DIR + r"\pythonw.exe"),
    ("TEMP DIR", r"C:\NQ57\tmp"),
    ("ADD_WORKBOOK_TO_PYTHONPATH", "False"),
    ("Show Console", "False"),
    ("Use UDF Server", "False"),
    ("Show_Error_Popups", "True"),
    ("Debug UDFs", "False"),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("Interpreter", ""),
    ("Interpreter_Mac", ""),
    ("OneDrive_Consumer_Win", ""),
    ("OneDrive_Commercial_Win", ""),
    ("SharePoint_Win", ""),
    ("OneDrive_Consumer_Mac", ""),
    ("OneDrive_Commercial_Mac", ""),
    ("SharePoint_Mac", ""),
    ("UDF Modules", ""),
    ("License_Key", ""),
)


#: Texts the VBA reads from defined names (string constants of at most 252 characters),
#: since VBA source stays ASCII. nq_msg_failed* are written by a button's error handler
#: when RunPython itself fails (the Python side writes every other message).
MESSAGES: dict[str, str] = {
    "nq_msg_running": "nq57xl đang chạy, xin chờ... (lần chạy đầu có thể mất vài chục giây)",
    "nq_msg_no_python": "Không tìm thấy Python ở đường dẫn dưới đây. Hãy cài đặt theo «Hướng dẫn "
                        "sử dụng» (mục 2) hoặc sửa dòng Interpreter_Win trên trang ẩn «xlwings.conf».",
    "nq_msg_no_temp": "Không tạo được thư mục tạm dưới đây (dòng TEMP DIR trên trang ẩn "
                      "«xlwings.conf»). Hãy tạo thư mục này hoặc sửa đường dẫn.",
    "nq_msg_pick": "Chọn thư mục",
    "nq_msg_failed": "Chưa chạy được: Excel gặp lỗi khi gọi chương trình Python (chi tiết ở dòng "
                     "dưới). Hãy kiểm tra hai điều sau rồi bấm lại nút; nếu vẫn lỗi, chụp màn hình "
                     "vùng này gửi cán bộ kỹ thuật.",
    "nq_msg_failed_code": "Lỗi của Excel số",
    "nq_msg_failed_python": "1. Đường dẫn Python (dòng Interpreter_Win trên trang ẩn «xlwings.conf») "
                            "phải là tệp pythonw.exe của bản Python đã cài nq57xl. Đường dẫn hiện "
                            "tại:",
    "nq_msg_failed_antivirus": "2. Phần mềm diệt virus hoặc Microsoft Defender (quy tắc ASR) có thể "
                               "chặn Excel khởi động Python (lỗi 70 «Permission denied»): nhờ cán "
                               "bộ kỹ thuật cho phép, xem «Hướng dẫn sử dụng» mục 3.4.",
}


@dataclass(frozen=True)
class NamedCell:
    """A workbook-scope defined name and the one cell it refers to."""

    name: str
    sheet: str
    address: str


FOLDER = NamedCell("nq_thu_muc", CONTROL_SHEET, "B5")


AS_OF = NamedCell("nq_ngay", CONTROL_SHEET, "B6")


PROVINCE = NamedCell("nq_tinh", CONTROL_SHEET, "B7")


PERIOD = NamedCell("nq_ky", CONTROL_SHEET, "B8")


OUTPUT = NamedCell("nq_noi_luu", CONTROL_SHEET, "B9")


TEMPLATE_DIR = NamedCell("nq_thu_muc_mau", CONTROL_SHEET, "B10")


HISTORY = NamedCell("nq_lich_su", CONTROL_SHEET, "B11")


MAIL_TO = NamedCell("nq_gui_den", CONTROL_SHEET, "B13")


MAIL_CC = NamedCell("nq_cc", CONTROL_SHEET, "B14")


SALUTATION = NamedCell("nq_kinh_gui", CONTROL_SHEET, "B15")


SIGNATURE = NamedCell("nq_nguoi_ky", CONTROL_SHEET, "B16")


FEEDBACK_DIR = NamedCell("nq_thu_muc_phan_hoi", CONTROL_SHEET, "B17")


FEEDBACK_WARNINGS = NamedCell("nq_phan_hoi_canh_bao", CONTROL_SHEET, "B18")


LAST_SUMMARY = NamedCell("nq_tong_hop_gan_nhat", CONTROL_SHEET, "B25")


RESULT_AREA = NamedCell("nq_thong_bao", CONTROL_SHEET, "A27")


ROSTER_PROVINCE = NamedCell("nq_ds_tinh", ROSTER_SHEET, "B3")


ROSTER_NOTE = NamedCell("nq_ds_thong_bao", ROSTER_SHEET, "A4")


ROSTER_HEADER = NamedCell("nq_ds_dau", ROSTER_SHEET, "A6")


RESULTS_INFO = NamedCell("nq_kq_thong_tin", RESULTS_SHEET, "A2")


RESULTS_HEADER = NamedCell("nq_kq_dau", RESULTS_SHEET, "A4")


NAMED_CELLS = (FOLDER, AS_OF, PROVINCE, PERIOD, OUTPUT, TEMPLATE_DIR, HISTORY, MAIL_TO, MAIL_CC,
               SALUTATION, SIGNATURE, FEEDBACK_DIR, FEEDBACK_WARNINGS, LAST_SUMMARY, RESULT_AREA,
               ROSTER_PROVINCE, ROSTER_NOTE, ROSTER_HEADER, RESULTS_INFO, RESULTS_HEADER)


YES, NO = "Có", "Không"


_INPUTS: tuple[tuple[NamedCell, str, str], ...] = (
    (FOLDER, "Thư mục chứa tệp báo cáo của các xã",
     "Thư mục nhận các tệp .xlsx của xã (đọc cả thư mục con). Bấm «Chọn...» để chọn."),
    (AS_OF, "Ngày tính số liệu", "Gõ dạng ngày/tháng/năm, ví dụ 23/11/2026. Để trống: hôm nay."),
    (PROVINCE, "Tỉnh/thành phố", "Chọn trong danh sách; danh sách xã được nạp theo tỉnh này."),
    (PERIOD, "Kỳ báo cáo", "Ví dụ: Tháng 11/2026 (hạn nộp tính theo tháng này)."),
    (OUTPUT, "Lưu bảng tổng hợp vào", "Thư mục hoặc tệp .xlsx. Để trống: cạnh thư mục báo cáo, "
     "tên tong_hop_NĂM_THÁNG.xlsx."),
    (TEMPLATE_DIR, "Thư mục lưu mẫu gửi xã", "Để trống: thư mục mau_gui_xa cạnh thư mục báo cáo."),
    (HISTORY, "Tệp lịch sử các kỳ", "Để trống: lich_su_nq57.sqlite cạnh bảng tổng hợp (trang «Xu "
     f"hướng», so với kỳ trước). Ghi «{NO}»: không dùng lịch sử."),
    (MAIL_TO, "Gửi bảng tổng hợp đến (email)", "Một hoặc nhiều địa chỉ, cách nhau bởi dấu «;». "
     "Để trống: điền người nhận trong chương trình thư."),
    (MAIL_CC, "Đồng gửi (CC)", "Không bắt buộc; nhiều địa chỉ cách nhau bởi dấu «;»."),
    (SALUTATION, "Kính gửi (đầu thư)", "Ví dụ: Đồng chí Giám đốc Sở. Để trống: Lãnh đạo Sở Khoa "
     "học và Công nghệ."),
    (SIGNATURE, "Người ký thư", "Họ tên, chức vụ, đơn vị (Alt+Enter để xuống dòng); dùng cho cả "
     "thư phản hồi cho xã. Để trống: Sở Khoa học và Công nghệ tỉnh..."),
    (FEEDBACK_DIR, "Thư mục lưu phản hồi cho xã", "Để trống: thư mục phan_hoi_xa cạnh bảng "
     "tổng hợp."),
    (FEEDBACK_WARNINGS, "Phản hồi cả xã chỉ có cảnh báo", f"«{NO}» (để trống): chỉ xã có lỗi. "
     f"«{YES}»: cả xã chỉ có cảnh báo."),
)


LAST_SUMMARY_LABEL = "Bảng tổng hợp gần nhất"


MAIL_SECTION = "SOẠN THƯ VÀ PHẢN HỒI CHO XÃ (nút «Soạn email», «Gửi phản hồi cho xã»)"


class LayoutError(Nq57Error):
    """The calling workbook lacks a sheet or named cell of the layout (Vietnamese message)."""
