"""The corpus, part 3: shapes combined, harder variants, values as typed (percent, month/year
dates, year-less deadlines, links), a second Word file, ambiguity."""

from __future__ import annotations

from datetime import datetime

import docx
from openpyxl.styles import Alignment
from shapes_cases import new_book, table, truth, two_row_header
from shapes_cases2 import BULLETED, NOV_DONE, month_sheets, october
from shapes_kit import (
    BANK,
    DOING,
    DONE,
    STD_HEADER,
    STD_KEYS,
    TODO,
    VP,
    Job,
    date_cells,
    job_cells,
    put,
    signature_block,
    spot,
    title_block,
    warn,
)

B = BANK


def combined_ods():
    """A two-row group header with a "1 2 3" column-number row, the lead merged down,
    a totals row and a signature block, in .ods."""
    wb, ws = new_book("TH T11")
    put(ws, 1, ["UBND XÃ HẢI CHÂU"])
    put(ws, 2, ["BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW THÁNG 11/2026"])
    row = two_row_header(ws, 4, numbers=list(range(1, 9)))
    jobs = [B[0], B[1], B[9], B[4], B[6], B[8]]  # the first three led by VP: merged
    first = row
    for n, job in enumerate(jobs, start=1):
        put(ws, row, [n, job.name, job.lead if n == 1 or n > 3 else None,
                      *job_cells(job, ("deadline", "state", "progress", "done", "evidence"))])
        row += 1
    ws.merge_cells(f"C{first}:C{first + 2}")
    date_cells(ws, "G")
    put(ws, row, [None, "Tổng cộng: 6 nhiệm vụ", None, None, None,
                  f"=ROUND(AVERAGE(F{first}:F{row - 1}),0)"])
    signature_block(ws, row + 2, 6, signer="Hồ Sỹ Tuấn")
    t = truth([".ods: tiêu đề hai dòng có nhóm gộp ô và dòng số cột 1 2 3",
               "cơ quan chủ trì gộp ô ba nhiệm vụ", "dòng Tổng cộng và khối chữ ký"],
              "Hải Châu", "title", "TH T11", 6,
              spot=[spot("1", B[0]), spot("3", B[9], lead=VP), spot("4", B[4]),
                    spot("6", B[8])],
              absent=["blank-lead", "missing-column"], glue_words=["Hồ Sỹ Tuấn"])
    return wb, t, None


def combined_xls():
    """"Báo cáo ... của xã Lam Thành" as the title, a "Ghi chú" column, a bullet line,
    percent progress, a deadline merged down and notes under the table, in .xls."""
    wb, ws = new_book("Sheet1")
    put(ws, 1, ["Báo cáo tiến độ thực hiện các nhiệm vụ chuyển đổi số tháng 11/2026 của "
                "UBND xã Lam Thành"])
    header = [*STD_HEADER, "Ghi chú"]
    put(ws, 3, header)
    jobs = [B[0], BULLETED, B[3], Job(B[4].name, B[4].lead, "Quý IV/2026", "2026-12-31",
                                      DOING, 40), B[7]]
    r = 4
    for n, job in enumerate(jobs, start=1):
        put(ws, r, [n, *job_cells(job, STD_KEYS, percent=True)])
        ws.cell(row=r, column=6).number_format = "0%"
        if n == 2:
            r += 1
            put(ws, r, [None, "- Nền tảng họp trực tuyến và hệ thống một cửa điện tử;"])
        r += 1
    ws.cell(row=7, column=9, value="Chuyển từ năm 2025")
    ws.merge_cells("D7:D8")  # tasks 3 and 4 (rows 7, 8): "Quý IV/2026" merged over both
    date_cells(ws, "G")
    put(ws, r + 1, [None, "Ghi chú: Nhiệm vụ số 5 thực hiện theo hướng dẫn của Công an tỉnh."])
    t = truth([".xls: tên xã trong câu tiêu đề «... của UBND xã Lam Thành»", "cột «Ghi chú»",
               "dòng gạch đầu dòng nối vào nhiệm vụ", "tiến độ định dạng phần trăm",
               "thời hạn gộp ô hai nhiệm vụ", "ghi chú dưới bảng"],
              "Lam Thành", "title", "Sheet1", 5,
              spot=[spot("1", B[0]), spot("2", BULLETED, name="hệ thống một cửa điện tử"),
                    spot("3", B[3]), spot("4", jobs[3]), spot("5", B[7])],
              absent=["blank-deadline"], glue_words=["hướng dẫn của Công an tỉnh"])
    return wb, t, None


def last_visible_sheet():
    """Two task sheets named "Sheet1" (last month) and "Sheet2" (this month), no period
    in their names: the last visible one is the report."""
    wb, ws = new_book("Sheet1")
    jobs = [B[0], B[2], NOV_DONE, B[5], B[9]]
    month_sheets(ws, "UBND XÃ MƯỜNG XÉN", 10, [october(j) for j in jobs])
    month_sheets(wb.create_sheet("Sheet2"), "UBND XÃ MƯỜNG XÉN", 11, jobs)
    t = truth([".xls: hai trang bảng nhiệm vụ «Sheet1» (tháng trước) và «Sheet2» (tháng này) "
               "không ghi kỳ: dùng trang hiện cuối cùng"], "Mường Xén", "title", "Sheet2", 5,
              spot=[spot("2", B[2]), spot("3", NOV_DONE), spot("5", B[9])])
    return wb, t, None


def word_plan_appendix():
    """The plan's appendix in Word with progress columns added under a merged group
    header: "Kèm theo Kế hoạch số 136/KH-UBND ngày 29/4/2026" gives the plan's number."""
    doc = docx.Document()
    doc.add_paragraph("ỦY BAN NHÂN DÂN XÃ ĐÔNG HIẾU")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC NHIỆM VỤ TRIỂN KHAI NGHỊ QUYẾT SỐ 57-NQ/TW NĂM 2026")
    doc.add_paragraph("(Kèm theo Kế hoạch số 136/KH-UBND ngày 29/4/2026 của Ủy ban nhân dân "
                      "xã Đông Hiếu)")
    tab = doc.add_table(rows=2, cols=7)
    tab.style = "Table Grid"
    top, sub = tab.rows[0].cells, tab.rows[1].cells
    for i, text in enumerate(("STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành")):
        top[i].text = text
        top[i].merge(sub[i])
    top[4].text = "Kết quả thực hiện đến 30/11/2026"
    top[4].merge(top[6])
    for cell, text in zip(sub[4:], ("Tình trạng thực hiện", "Tiến độ (%)", "Minh chứng")):
        cell.text = text
    jobs = [B[0], B[1], B[3], B[5], B[7], B[11]]
    for n, job in enumerate(jobs, start=1):
        cells = tab.add_row().cells
        values = [str(n), job.name, job.lead, str(job.deadline), job.state,
                  f"{job.progress:g}", job.evidence or ""]
        for cell, text in zip(cells, values):
            cell.text = text
    t = truth([".docx: phụ lục kế hoạch soạn bằng Word, thêm cột tiến độ dưới tiêu đề nhóm gộp ô",
               "«Kèm theo Kế hoạch số 136/KH-UBND ngày 29/4/2026» là số, ngày kế hoạch"],
              "Đông Hiếu", "title", None, 6,
              spot=[spot("1", B[0]), spot("3", B[3]), spot("5", B[7]), spot("6", B[11])],
              extra={"plan_number": "136/KH-UBND", "plan_date": "2026-04-29"})
    return doc, t, None


def two_communes_in_the_name():
    """Two roster communes in the file name and nowhere else: ambiguous, a warning naming
    both, never a silent pick."""
    wb, ws = new_book("Sheet1")
    jobs = [B[0], B[2], B[4], B[6], B[9]]
    table(ws, 1, STD_HEADER, [(None, None, jobs)])
    date_cells(ws, "G")
    t = truth(["tên tệp có tên hai xã «Nghĩa Đàn» và «Nghĩa Lâm», không nơi nào khác: mơ hồ, "
               "cảnh báo nêu cả hai, không tự chọn"], None, "file name", "Sheet1", 5,
              spot=[spot("1", B[0]), spot("5", B[9])],
              extra={"ambiguous": ["Nghĩa Đàn", "Nghĩa Lâm"]})
    return wb, t, None



# --- harder variants of the table's end and of the title block --------------------------

def party_title_signature_in_state_column():
    """"ĐẢNG ỦY XÃ VĂN HIẾN" over the steering committee; other header words; a row of
    averages with no label right under the last task; the place-and-date line and the
    signature typed in the state column, with no "Nơi nhận" and no blank row."""
    wb, ws = new_book("BCĐ 57")
    put(ws, 1, ["ĐẢNG ỦY XÃ VĂN HIẾN"])
    put(ws, 2, ["BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ,"])
    put(ws, 3, ["ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ"])
    put(ws, 1, ["ĐẢNG CỘNG SẢN VIỆT NAM"], 5)
    put(ws, 5, ["KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 11 NĂM 2026"])
    header = ["STT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "Thời gian hoàn thành (dự kiến)",
              "Tình trạng", "Tỷ lệ hoàn thành (%)", "Ngày hoàn thành", "Minh chứng (số văn bản)"]
    jobs = [B[0], B[1], B[3], B[5], B[7], B[11]]
    row, _ = table(ws, 7, header, [(None, None, jobs)])
    date_cells(ws, "G")
    put(ws, row, [None, None, None, None, None, f"=ROUND(AVERAGE(F8:F{row - 1}),0)"])
    put(ws, row + 1, ["Văn Hiến, ngày 25 tháng 11 năm 2026"], 5)
    put(ws, row + 2, ["T/M BAN CHỈ ĐẠO"], 5)
    put(ws, row + 3, ["TRƯỞNG BAN"], 5)
    put(ws, row + 4, ["(Đã ký)"], 5)
    put(ws, row + 6, ["Phạm Văn Tâm"], 5)
    t = truth(["khối tiêu đề «ĐẢNG ỦY XÃ VĂN HIẾN»", "tiêu đề «Nội dung nhiệm vụ», «Đơn vị thực "
               "hiện», «Thời gian hoàn thành (dự kiến)», «Tình trạng»",
               "dòng trung bình không nhãn ngay dưới nhiệm vụ cuối",
               "dòng địa danh, ngày tháng và chữ ký gõ ở cột tình trạng, không có «Nơi nhận»"],
              "Văn Hiến", "title", "BCĐ 57", 6,
              spot=[spot("1", B[0]), spot("3", B[3]), spot("6", B[11])],
              absent=["bad-state", "missing-column"],
              glue_words=["Phạm Văn Tâm", "TRƯỞNG BAN", "Đã ký", "ngày 25 tháng 11"])
    return wb, t, None


def indicators_section_below():
    """Tasks under "I. NHIỆM VỤ", then "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" with its own
    header row and numbered indicator rows (no "Biểu 02"), in .ods."""
    wb, ws = new_book("Tháng 11-2026")
    put(ws, 1, ["UBND XÃ XUÂN LÂM"])
    put(ws, 3, ["BÁO CÁO TÌNH HÌNH THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW THÁNG 11/2026"])
    jobs = [B[0], B[2], B[4], B[6], B[8]]
    row, _ = table(ws, 5, STD_HEADER, [("I", "NHIỆM VỤ TRỌNG TÂM", jobs)])
    date_cells(ws, "G")
    put(ws, row + 1, ["II", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"])
    put(ws, row + 2, ["STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu năm 2026", "Thực hiện",
                      "Tỷ lệ (%)"])
    for i, (name, plan, real) in enumerate((("Tỷ lệ phủ sóng 5G trên địa bàn", 60, 45),
                                            ("Giao dịch không dùng tiền mặt", 80, 62),
                                            ("Người dân có Sổ sức khỏe điện tử", 95, 90)), start=1):
        r = row + 2 + i
        put(ws, r, [i, name, "%", plan, real, f"=ROUND(E{r}/D{r}*100,1)"])
    t = truth([".ods: mục «II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU» có dòng tiêu đề riêng và các "
               "chỉ tiêu đánh số bên dưới bảng nhiệm vụ (không có chữ «Biểu 02»)"],
              "Xuân Lâm", "title", "Tháng 11-2026", 5,
              spot=[spot("1", B[0]), spot("3", B[4]), spot("5", B[8])],
              glue_words=["phủ sóng 5G trên địa bàn", "Sổ sức khỏe điện tử",
                          "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"])
    return wb, t, None


def two_line_cell_title_stt_over_bullets():
    """"UỶ BAN NHÂN DÂN\nXÃ KIM BẢNG" in one merged cell (old tone placement); an STT
    merged over a task and its bullet line with a result of its own; an asterisked note."""
    wb, ws = new_book("KQ T11")
    ws["A1"] = "UỶ BAN NHÂN DÂN\nXÃ KIM BẢNG"
    ws["A1"].alignment = Alignment(wrap_text=True, horizontal="center")
    ws.merge_cells("A1:C2")
    put(ws, 1, ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"], 5)
    put(ws, 4, ["BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW THÁNG 11/2026"])
    header = [*STD_HEADER[:4], "Kết quả/Sản phẩm", *STD_HEADER[4:]]
    keys = ("name", "lead", "deadline", "result", "state", "progress", "done", "evidence")
    put(ws, 6, header)
    put(ws, 7, [1, *job_cells(B[0], keys)])
    two_rows = Job("Triển khai các nền tảng số dùng chung của tỉnh tại xã:", VP, "Năm 2026",
                   "2026-12-31", DOING, 70, result="Các nền tảng vận hành")
    put(ws, 8, [2, *job_cells(two_rows, keys)])
    put(ws, 9, [None, "- Nền tảng họp trực tuyến và hệ thống một cửa điện tử",
                None, None, "Kết nối đến 100% thôn"])
    for col in "ACDFG":
        ws.merge_cells(f"{col}8:{col}9")
    for n, job in enumerate((B[4], B[8], B[9]), start=3):
        put(ws, 7 + n, [n, *job_cells(job, keys)])
    date_cells(ws, "H")
    put(ws, 14, ["* Ghi chú: số liệu tính đến ngày 25/11/2026; nhiệm vụ số 4 đã nghiệm thu."])
    t = truth([".xls: «UỶ BAN NHÂN DÂN / XÃ KIM BẢNG» hai dòng trong một ô gộp, dấu kiểu cũ",
               "STT gộp hai dòng: dòng thứ hai là gạch đầu dòng có kết quả riêng",
               "ghi chú có dấu * ở cột STT"], "Kim Bảng", "title", "KQ T11", 5,
              spot=[spot("1", B[0]), spot("2", two_rows, name="hệ thống một cửa điện tử"),
                    spot("3", B[4]), spot("5", B[9])],
              absent=["blank-lead", "blank-deadline", "unplaced-row"],
              glue_words=["số liệu tính đến ngày 25/11/2026"])
    return wb, t, None


def percent_month_year_ods():
    """Percent progress in .ods; "11/2026" typed in the deadline became the date
    01/11/2026 shown as month/year."""
    wb, ws = new_book("Báo cáo tháng 11")
    row = title_block(ws, "UBND XÃ CON CUÔNG", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW", 8)
    month = [Job(B[4].name, B[4].lead, datetime(2026, 11, 1), "2026-11-30", DOING, 85),
             Job(B[9].name, B[9].lead, datetime(2026, 12, 1), "2026-12-31", DOING, 90),
             Job(B[5].name, B[5].lead, datetime(2026, 9, 1), "2026-09-30", DOING, 80)]
    jobs = [B[0], month[0], B[2], month[1], month[2], B[8]]
    put(ws, row, list(STD_HEADER))
    for n, job in enumerate(jobs, start=1):
        r = row + n
        put(ws, r, [n, *job_cells(job, STD_KEYS, percent=True)])
        ws.cell(row=r, column=6).number_format = "0%"
        if isinstance(job.deadline, datetime):
            ws.cell(row=r, column=4).number_format = "MM/YYYY"
    date_cells(ws, "G")
    t = truth([".ods: tiến độ định dạng phần trăm", "«11/2026» bị Excel đổi thành ngày 01/11/2026 "
               "hiển thị tháng/năm"], "Con Cuông", "title", "Báo cáo tháng 11", 6,
              spot=[spot("1", B[0]), spot("2", month[0], name=B[4].name[:40]),
                    spot("4", month[1], name=B[9].name[:40]),
                    spot("5", month[2], name=B[5].name[:40]), spot("6", B[8])],
              absent=["bad-progress", "done-below-100"])
    return wb, t, None


def yearless_hyperlinks():
    """Deadlines without a year ("Quý III", "Tháng 9"); evidence as =HYPERLINK(...) and
    as a cell link."""
    wb, ws = new_book("NQ57")
    row = title_block(ws, "UBND XÃ NAM ĐÀN", "BÁO CÁO KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW", 8)
    url1 = "https://vanban.nghean.gov.vn/namdan/45-KH-UBND.pdf"
    url2 = "https://vanban.nghean.gov.vn/namdan/BB-nghiem-thu-hop-truc-tuyen.pdf"
    q3 = Job(B[8].name, B[8].lead, "Quý III", "2026-09-30", DONE, 100, B[8].done,
             "Báo cáo 210/BC-UBND")
    m9 = Job(B[5].name, B[5].lead, "Tháng 9", "2026-09-30", DOING, 80)
    q4 = Job(B[3].name, B[3].lead, "Quý IV", "2026-12-31", DOING, 70)
    jobs = [B[0], q3, m9, q4, B[10], B[7]]
    put(ws, row, list(STD_HEADER))
    for n, job in enumerate(jobs, start=1):
        put(ws, row + n, [n, *job_cells(job, STD_KEYS)])
    ws.cell(row=row + 1, column=8, value=f'=HYPERLINK("{url1}","45/KH-UBND ngày 20/3/2026")')
    link = ws.cell(row=row + 5, column=8, value="Biên bản nghiệm thu ngày 25/6/2026")
    link.hyperlink = url2
    date_cells(ws, "G")
    t = truth(["thời hạn không ghi năm «Quý III», «Tháng 9», «Quý IV»",
               "minh chứng bằng công thức =HYPERLINK(...) và bằng liên kết của ô"],
              "Nam Đàn", "title", "NQ57", 6,
              spot=[spot("1", B[0], evidence_contains="vanban.nghean.gov.vn/namdan/45-KH-UBND"),
                    spot("2", q3), spot("3", m9), spot("4", q4),
                    spot("5", B[10], evidence_contains="BB-nghiem-thu")],
              warnings=[warn("deadline-without-year", "«Quý III»"),
                        warn("deadline-without-year", "«Tháng 9»")],
              absent=["bad-deadline", "done-without-evidence"])
    return wb, t, None


def state_mark_columns():
    """The state as an "x" under one of three sub-headers "Đã hoàn thành", "Đang thực
    hiện", "Chưa thực hiện" grouped under "Tình trạng thực hiện", in .xls."""
    wb, ws = new_book("Tiến độ")
    put(ws, 1, ["UBND XÃ THẦN LĨNH"])
    put(ws, 3, ["BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW THÁNG 11/2026"])
    for c, text in enumerate(("STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"),
                             start=1):
        ws.cell(row=5, column=c, value=text)
        ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    ws.cell(row=5, column=5, value="Tình trạng thực hiện")
    ws.merge_cells("E5:G5")
    put(ws, 6, [DONE, DOING, TODO], 5)
    for c, text in ((8, "Tiến độ (%)"), (9, "Minh chứng")):
        ws.cell(row=5, column=c, value=text)
        ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    jobs = [B[0], B[2], B[4], B[6], B[8], B[9]]
    for n, job in enumerate(jobs, start=1):
        marks = [("x" if job.state == s else None) for s in (DONE, DOING, TODO)]
        put(ws, 6 + n, [n, job.name, job.lead, job.deadline, *marks, job.progress, job.evidence])
    t = truth([".xls: tình trạng đánh dấu «x» ở một trong ba cột con «Đã hoàn thành», «Đang thực "
               "hiện», «Chưa thực hiện» dưới nhóm «Tình trạng thực hiện»"], "Thần Lĩnh", "title",
              "Tiến độ", 6,
              spot=[spot("1", B[0]), spot("2", B[2]), spot("4", B[6]), spot("5", B[8])],
              absent=["missing-column", "bad-state"])
    return wb, t, None


CASES3 = {
    "BC NQ57 T11 xa Hai Chau.ods": combined_ods,
    "TH tien do CDS thang 11.xls": combined_xls,
    "Muong Xen NQ57.xls": last_visible_sheet,
    "KH 136 phu luc - cap nhat T11.docx": word_plan_appendix,
    "Nghia Dan, Nghia Lam - BC T11.xlsx": two_communes_in_the_name,
    "Bao cao thang 11 - Dang uy.xlsx": party_title_signature_in_state_column,
    "Xuan Lam BC T11.ods": indicators_section_below,
    "Kim Bang.xls": two_line_cell_title_stt_over_bullets,
    "BC NQ57 thang 11.ods": percent_month_year_ods,
    "Bao cao ket qua NQ57.xlsx": yearless_hyperlinks,
    "Than Linh - tien do T11.xls": state_mark_columns,
}
