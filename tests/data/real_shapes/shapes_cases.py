"""The corpus, part 1: who sent it, where the table ends, headers, merged cells, status words."""

from __future__ import annotations

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet
from shapes_kit import (
    BANK,
    DOING,
    DONE,
    GLUE_WORDS,
    KT,
    SECTIONS,
    STD_HEADER,
    STD_KEYS,
    TODO,
    VHXH,
    Job,
    Truth,
    date_cells,
    job_cells,
    put,
    signature_block,
    spot,
    title_block,
    warn,
)

B = BANK
#: Errors no file of the corpus deserves: each one is a misread (a signature glued into
#: a progress cell, a second table read as tasks, a heading read as a task ...).
ALWAYS_ABSENT = ("no-task-sheet", "no-tasks", "bad-progress", "bad-date", "duplicate-task",
                 "progress-out-of-range", "done-below-100")


def table(ws: Worksheet, row: int, header: tuple[str, ...] | list[str],
          groups: list[tuple[str | None, str | None, list[Job]]], *,
          keys: tuple[str, ...] = STD_KEYS, restart: bool = False, **cells: object
          ) -> tuple[int, list[tuple[str, Job]]]:
    """The header at ``row``, then each group's section row (when labelled) and tasks
    numbered 1.. through the table (or again in each section with ``restart``).
    Returns the next free row and the (STT, job) of every task."""
    put(ws, row, list(header))
    row += 1
    done: list[tuple[str, Job]] = []
    n = 0
    for label, title, jobs in groups:
        if label:
            put(ws, row, [label, title])
            row += 1
        if restart:
            n = 0
        for job in jobs:
            n += 1
            put(ws, row, [n, *job_cells(job, keys, **cells)])  # type: ignore[arg-type]
            done.append((str(n), job))
            row += 1
    return row, done


def three(jobs: list[Job]) -> list[tuple[str, str, list[Job]]]:
    """``jobs`` split over the three standard sections (first two, next two, the rest)."""
    return [(SECTIONS[0][0], SECTIONS[0][1], jobs[:2]), (SECTIONS[1][0], SECTIONS[1][1], jobs[2:4]),
            (SECTIONS[2][0], SECTIONS[2][1], jobs[4:])]


def new_book(sheet: str) -> tuple[openpyxl.Workbook, Worksheet]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.column_dimensions["B"].width = 60
    for col in "CDEFGH":
        ws.column_dimensions[col].width = 18
    return wb, ws


def truth(shapes: list[str], commune: str, by: str, sheet: str | None, tasks: int, **kw) -> Truth:
    kw.setdefault("glue_words", [])
    kw["glue_words"] = list(GLUE_WORDS) + kw["glue_words"]
    kw["absent"] = list(dict.fromkeys([*ALWAYS_ABSENT, *kw.get("absent", [])]))
    return Truth("", shapes, commune, by, sheet, tasks, **kw)


# --- 1. who sent it, where the table ends ---------------------------------------------

def title_unit_signature():
    """"ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG" in the title block, a signature block under the table."""
    wb, ws = new_book("Báo cáo")
    row = title_block(ws, "ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG",
                      "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW THÁNG 11 NĂM 2026", 8,
                      lines=("Số: 215/BC-UBND",))
    jobs = [B[0], B[1], B[2], B[3], B[4], B[5], B[6], B[7]]
    row, done = table(ws, row, STD_HEADER, three(jobs))
    date_cells(ws, "G")
    signature_block(ws, row + 1, 6, signer="Nguyễn Văn Hùng")
    t = truth(["khối tiêu đề «ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG»", "khối chữ ký dưới bảng"],
              "Đô Lương", "title", "Báo cáo", 8,
              spot=[spot("1", B[0]), spot("3", B[2]), spot("8", B[7])],
              glue_words=["Nguyễn Văn Hùng"])
    return wb, t, None


def unit_totals_row():
    """"UBND PHƯỜNG CỬA LÒ", a "Tổng cộng" row with sums, the preparer's signature."""
    wb, ws = new_book("Tiến độ")
    row = title_block(ws, "UBND PHƯỜNG CỬA LÒ",
                      "TỔNG HỢP TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ THEO NGHỊ QUYẾT 57-NQ/TW", 8)
    jobs = [B[0], B[2], B[4], B[5], B[6], B[8], B[9]]
    first = row + 1
    row, done = table(ws, row, STD_HEADER, [(None, None, jobs)])
    date_cells(ws, "G")
    put(ws, row, [None, "Tổng cộng", None, None, "3/7 hoàn thành",
                  f"=ROUND(AVERAGE(F{first}:F{row - 1}),0)"])
    put(ws, row + 1, [None, "Tổng số nhiệm vụ: 7", None, None, None, None])
    put(ws, row + 3, [None, "Người lập biểu", None, None, None, "TM. ỦY BAN NHÂN DÂN"])
    put(ws, row + 4, [None, "(Ký, ghi rõ họ tên)", None, None, None, "CHỦ TỊCH"])
    put(ws, row + 7, [None, "Trần Thị Mai", None, None, None, "Hoàng Văn Nam"])
    t = truth(["khối tiêu đề «UBND PHƯỜNG CỬA LÒ»", "dòng Tổng cộng có công thức tổng",
               "chữ ký người lập biểu"], "Cửa Lò", "title", "Tiến độ", 7,
              spot=[spot("1", B[0]), spot("4", B[5]), spot("7", B[9])],
              glue_words=["Trần Thị Mai", "Hoàng Văn Nam", "Người lập biểu"])
    return wb, t, None


def title_sentence_notes():
    """"Báo cáo ... của xã Tân Kỳ" as the only mention; "Ghi chú:" and "Trong đó" below."""
    wb, ws = new_book("Sheet1")
    put(ws, 1, ["BÁO CÁO"])
    put(ws, 2, ["Kết quả thực hiện các nhiệm vụ theo Nghị quyết số 57-NQ/TW tháng 11 năm "
                "2026 của xã Tân Kỳ"])
    ws.merge_cells("A1:H1")
    ws.merge_cells("A2:H2")
    jobs = [B[1], B[3], B[4], B[6], B[7], B[10]]
    row, done = table(ws, 4, STD_HEADER, [(None, None, jobs)])
    date_cells(ws, "G")
    put(ws, row + 1, [None, "Ghi chú:"])
    put(ws, row + 2, [None, "- Nhiệm vụ số 3 được điều chỉnh thời gian theo Kế hoạch số "
                            "75/KH-UBND ngày 02/10/2026."])
    put(ws, row + 3, [None, "Trong đó: 2 nhiệm vụ đã hoàn thành, 3 nhiệm vụ đang thực hiện, "
                            "1 nhiệm vụ chưa thực hiện."])
    t = truth(["tên xã chỉ trong câu tiêu đề «... của xã Tân Kỳ»",
               "ghi chú và «Trong đó» dưới bảng"],
              "Tân Kỳ", "title", "Sheet1", 6,
              spot=[spot("1", B[1]), spot("3", B[4]), spot("6", B[10])],
              glue_words=["Kế hoạch số 75/KH-UBND", "2 nhiệm vụ đã hoàn thành"])
    return wb, t, None


def sheet_name_second_table():
    """The commune only in the sheet name; an indicators table ("Biểu 02") below."""
    wb, ws = new_book("Xã Quỳnh Lưu")
    jobs = [B[0], B[2], B[3], B[5], B[7], B[9]]
    row, done = table(ws, 1, STD_HEADER, [(None, None, jobs)])
    date_cells(ws, "G")
    put(ws, row + 2, [None, "Biểu 02: KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"])
    put(ws, row + 3, ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026", "Thực hiện",
                      "Tỷ lệ (%)"])
    indicators = [("Hồ sơ thủ tục hành chính xử lý trực tuyến", "%", 95, 88),
                  ("Người dân có tài khoản định danh điện tử (VNeID)", "%", 80, 76),
                  ("Người dân trưởng thành có chữ ký số", "%", 50, 31)]
    for i, (name, unit, plan, real) in enumerate(indicators, start=1):
        r = row + 3 + i
        put(ws, r, [i, name, unit, plan, real, f"=ROUND(E{r}/D{r}*100,1)"])
    t = truth(["tên xã chỉ ở tên trang tính", "bảng chỉ tiêu «Biểu 02» thứ hai bên dưới"],
              "Quỳnh Lưu", "sheet", "Xã Quỳnh Lưu", 6,
              spot=[spot("1", B[0]), spot("2", B[2]), spot("6", B[9])],
              glue_words=["chữ ký số", "định danh điện tử", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"])
    return wb, t, None


# --- 3. headers as offices write them --------------------------------------------------

def two_row_header(ws: Worksheet, row: int, *, numbers: list[object]) -> int:
    """A group header "Tiến độ thực hiện" merged over four sub-headers, the first four
    headers merged down over both rows, then a column-number row; returns its next row."""
    for c, text in enumerate(("STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"),
                             start=1):
        ws.cell(row=row, column=c, value=text)
        ws.merge_cells(start_row=row, start_column=c, end_row=row + 1, end_column=c)
    ws.cell(row=row, column=5, value="Tiến độ thực hiện")
    ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=8)
    put(ws, row + 1, ["Tình trạng", "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng"], 5)
    put(ws, row + 2, numbers)
    for r in range(row, row + 3):
        for c in range(1, 9):
            ws.cell(row=r, column=c).alignment = Alignment(horizontal="center", wrap_text=True)
    return row + 3


def file_name_two_row_header():
    """"Xa Dien Chau T11-2026.xlsx": the commune only in the file name; a two-row merged
    header and a "(1) (2) ..." column-number row."""
    wb, ws = new_book("Sheet1")
    put(ws, 1, ["BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW THÁNG 11/2026"])
    ws.merge_cells("A1:H1")
    row = two_row_header(ws, 3, numbers=[f"({i})" for i in range(1, 9)])
    jobs = [B[0], B[1], B[2], B[4], B[5], B[6], B[8]]
    n = 0
    for job in jobs:
        n += 1
        put(ws, row, [n, *job_cells(job, STD_KEYS)])
        row += 1
    date_cells(ws, "G")
    t = truth(["tên xã chỉ ở tên tệp «Xa Dien Chau T11-2026.xlsx»",
               "tiêu đề hai dòng có nhóm «Tiến độ thực hiện» gộp ô",
               "dòng số thứ tự cột (1) (2) ..."], "Diễn Châu", "file name", "Sheet1", 7,
              spot=[spot("1", B[0]), spot("3", B[2]), spot("7", B[8])],
              absent=["missing-column"])
    return wb, t, None


def longest_name_numbers_row():
    """"Hung Nguyen Nam - BC tien do T11.xls": the longest roster name that fits; header
    remarks in brackets; a column-number row of numbers 1 2 3 ..."""
    wb, ws = new_book("BC")
    put(ws, 1, ["BIỂU TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ CHUYỂN ĐỔI SỐ THÁNG 11/2026"])
    header = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì (đơn vị thực hiện)",
              "Thời gian hoàn thành (theo Kế hoạch)", "Tình trạng thực hiện",
              "Tiến độ (%) (tính đến 30/11)", "Ngày hoàn thành", "Minh chứng (số, ký hiệu văn bản)"]
    put(ws, 3, header)
    put(ws, 4, list(range(1, 9)))
    jobs = [B[0], B[3], B[4], B[6], B[7], B[9]]
    row = 5
    for n, job in enumerate(jobs, start=1):
        put(ws, row, [n, *job_cells(job, STD_KEYS)])
        row += 1
    date_cells(ws, "G")
    t = truth(["tên xã ở tên tệp, tên dài nhất khớp («Hưng Nguyên Nam», không phải «Hưng Nguyên»)",
               "tiêu đề cột có ghi chú trong ngoặc", "dòng số thứ tự cột 1 2 3 ..."],
              "Hưng Nguyên Nam", "file name", "BC", 6,
              spot=[spot("1", B[0]), spot("2", B[3]), spot("6", B[9])],
              absent=["missing-column"])
    return wb, t, None


def report_style_headers():
    """Report-style headers: "Tiến độ thực hiện" holding status words, "Tỷ lệ hoàn thành
    (%)", "Thời hạn", "Kết quả thực hiện"; the commune only in the file name."""
    wb, ws = new_book("Tháng 11")
    put(ws, 1, ["KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ NGHỊ QUYẾT 57-NQ/TW"])
    header = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tiến độ thực hiện",
              "Tỷ lệ hoàn thành (%)", "Kết quả thực hiện"]
    words = {DONE: "Hoàn thành", DOING: "Đang thực hiện", TODO: "Chưa thực hiện"}
    jobs = [B[0], B[2], B[5], B[6], B[8], B[11]]
    put(ws, 3, header)
    row = 4
    for n, job in enumerate(jobs, start=1):
        result = f"Đã ban hành {job.evidence}" if job.evidence else "Đang triển khai theo kế hoạch"
        put(ws, row, [n, job.name, job.lead, job.deadline, words[job.state], job.progress, result])
        row += 1
    t = truth(["tên xã chỉ ở tên tệp (không phải «Hưng Nguyên Nam»)",
               "tiêu đề kiểu báo cáo: «Tiến độ thực hiện» ghi tình trạng, «Tỷ lệ hoàn thành (%)», "
               "«Thời hạn», «Kết quả thực hiện»"], "Hưng Nguyên", "file name", "Tháng 11", 6,
              spot=[spot("1", B[0]), spot("2", B[2]), spot("3", B[5]), spot("6", B[11])],
              warnings=[warn("status-word", "«Hoàn thành»")],
              absent=["missing-column", "bad-state", "bad-deadline"])
    return wb, t, None


# --- 4. merged cells -----------------------------------------------------------------

def merged_down():
    """"ỦY BAN NHÂN DÂN" / "XÃ NGHĨA ĐÀN" on two lines; the same lead and deadline merged
    down over several tasks; a task written on two rows under an STT merged over both."""
    wb, ws = new_book("Nhiệm vụ 2026")
    put(ws, 1, ["ỦY BAN NHÂN DÂN"])
    put(ws, 2, ["XÃ NGHĨA ĐÀN"])
    put(ws, 1, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], 5)
    put(ws, 2, ["Độc lập - Tự do - Hạnh phúc"], 5)
    put(ws, 4, ["BÁO CÁO TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ NĂM 2026 (SỐ LIỆU ĐẾN 30/11/2026)"])
    ws.merge_cells("A4:H4")
    put(ws, 6, list(STD_HEADER))
    vh = [B[2], B[3], B[11]]  # Phòng Văn hóa - Xã hội, merged down over three rows
    row = 7
    for n, job in enumerate(vh, start=1):
        put(ws, row, [n, job.name, job.lead if n == 1 else None, job.deadline,
                      *job_cells(job, ("state", "progress", "done", "evidence"))])
        row += 1
    ws.merge_cells("C7:C9")
    # Two recurring tasks of different leads, one "Thường xuyên" merged over both.
    put(ws, 10, [4, B[7].name, B[7].lead, "Thường xuyên",
                 *job_cells(B[7], ("state", "progress", "done", "evidence"))])
    recurring = Job("Cập nhật, công khai thủ tục hành chính, dịch vụ công trực tuyến trên "
                    "Cổng thông tin điện tử của xã", "Trung tâm Phục vụ hành chính công",
                    "Thường xuyên", None, DOING, 75)
    put(ws, 11, [5, recurring.name, recurring.lead, None, DOING, 75])
    ws.merge_cells("D10:D11")
    # Task 6 written on two rows, its STT (and lead, deadline) merged over both.
    long_job = Job("Xây dựng và triển khai Đề án chuyển đổi số của xã giai đoạn 2026-2030, "
                   "gắn với xây dựng chính quyền số", VHXH, "Quý IV/2026", "2026-12-31",
                   DOING, 30)
    put(ws, 12, [6, "Xây dựng và triển khai Đề án chuyển đổi số của xã giai đoạn 2026-2030,",
                 long_job.lead, long_job.deadline, DOING, 30])
    put(ws, 13, [None, "gắn với xây dựng chính quyền số"])
    for col in "ACDEF":
        ws.merge_cells(f"{col}12:{col}13")
    put(ws, 14, [7, B[0].name, B[0].lead, B[0].deadline,
                 *job_cells(B[0], ("state", "progress", "done", "evidence"))])
    date_cells(ws, "G")
    t = truth(["«ỦY BAN NHÂN DÂN» / «XÃ NGHĨA ĐÀN» trên hai dòng",
               "cơ quan chủ trì gộp ô xuống ba nhiệm vụ", "thời gian hoàn thành gộp ô hai nhiệm vụ",
               "STT gộp hai dòng: một nhiệm vụ viết trên hai dòng"],
              "Nghĩa Đàn", "title", "Nhiệm vụ 2026", 7,
              spot=[spot("1", B[2]), spot("2", B[3], lead=VHXH),
                    spot("3", B[11], lead=VHXH), spot("5", recurring),
                    spot("6", long_job, name="gắn với xây dựng chính quyền số"),
                    spot("7", B[0])],
              absent=["blank-lead", "blank-deadline", "blank-name"])
    return wb, t, None



def merged_down_xls():
    """The same lead merged over four tasks and a deadline over three, saved as .xls."""
    wb, ws = new_book("BC T11")
    row = title_block(ws, "UBND XÃ YÊN THÀNH", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ 57-NQ/TW", 8)
    put(ws, row, list(STD_HEADER))
    vp = [B[0], B[1], B[9], B[10]]
    first = row + 1
    for n, job in enumerate(vp, start=1):
        r = row + n
        put(ws, r, [n, job.name, job.lead if n == 1 else None, job.deadline,
                    *job_cells(job, ("state", "progress", "done", "evidence"))])
    ws.merge_cells(f"C{first}:C{first + 3}")
    quarter = [Job(B[4].name, KT, "Quý IV/2026", "2026-12-31", DOING, 40),
               Job(B[3].name, B[3].lead, "Quý IV/2026", "2026-12-31", DOING, 70),
               Job("Triển khai ứng dụng trí tuệ nhân tạo trong giải quyết thủ tục hành chính",
                   B[5].lead, "Quý IV/2026", "2026-12-31", TODO, 0)]
    start = first + 4
    for i, job in enumerate(quarter):
        put(ws, start + i, [5 + i, job.name, job.lead, "Quý IV/2026" if i == 0 else None,
                            *job_cells(job, ("state", "progress", "done", "evidence"))])
    ws.merge_cells(f"D{start}:D{start + 2}")
    date_cells(ws, "G")
    signature_block(ws, start + 4, 6, signer="Lê Đình Thắng")
    t = truth(["khối tiêu đề «UBND XÃ YÊN THÀNH»", ".xls: cơ quan chủ trì gộp ô xuống bốn nhiệm vụ",
               "thời gian hoàn thành gộp ô ba nhiệm vụ"], "Yên Thành", "title", "BC T11", 7,
              spot=[spot("1", B[0]), spot("4", B[10], lead=B[0].lead), spot("5", quarter[0]),
                    spot("7", quarter[2])],
              absent=["blank-lead", "blank-deadline"], glue_words=["Lê Đình Thắng"])
    return wb, t, None



# --- 5. values as typed ----------------------------------------------------------------

def percent_status_words_xls():
    """Percent-formatted progress (0.6 shown as 60%) and everyday status words, in .xls."""
    wb, ws = new_book("Nhiệm vụ")
    row = title_block(ws, "UBND XÃ ANH SƠN", "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ NQ57 THÁNG 11/2026", 8)
    words = [("Đã xong", DONE), ("đang làm", DOING), ("Đang triển khai", DOING),
             ("Chưa triển khai", TODO), ("xong", DONE), ("Đang thực hiện", DOING)]
    jobs = [B[0], B[2], B[4], B[6], B[8], B[9]]
    put(ws, row, list(STD_HEADER))
    for n, (job, (word, _)) in enumerate(zip(jobs, words), start=1):
        r = row + n
        put(ws, r, [n, job.name, job.lead, job.deadline, word, job.progress / 100,
                    *job_cells(job, ("done", "evidence"))])
        ws.cell(row=r, column=6).number_format = "0%"
    date_cells(ws, "G")
    t = truth([".xls: tiến độ định dạng phần trăm (0,6 hiện 60%)",
               "tình trạng ghi bằng lời thường: «Đã xong», «đang làm», «Đang triển khai», "
               "«Chưa triển khai», «xong»"], "Anh Sơn", "title", "Nhiệm vụ", 6,
              spot=[spot("1", B[0]), spot("2", B[2]), spot("3", B[4]), spot("4", B[6]),
                    spot("5", B[8])],
              warnings=[warn("status-word", "«Đã xong»"), warn("status-word", "«đang làm»"),
                        warn("status-word", "«Chưa triển khai»")],
              absent=["bad-state", "bad-progress", "done-below-100"])
    return wb, t, None


CASES = {
    "Bao cao NQ57 thang 11.xlsx": title_unit_signature,
    "bao_cao_tien_do.xls": unit_totals_row,
    "BC thang 11-2026.ods": title_sentence_notes,
    "Bao cao 57.xlsx": sheet_name_second_table,
    "Xa Dien Chau T11-2026.xlsx": file_name_two_row_header,
    "Hung Nguyen Nam - BC tien do T11.xls": longest_name_numbers_row,
    "Hưng Nguyên BC NQ57 tháng 11.ods": report_style_headers,
    "NQ57_thang11.xlsx": merged_down,
    "BC57.xls": merged_down_xls,
    "Anh Son_T11.xls": percent_status_words_xls,
}
