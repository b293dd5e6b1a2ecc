"""The corpus, part 4: variants of sheet and file names, structure, legacy fonts, Word layout
and headers."""

from __future__ import annotations

from datetime import datetime

import docx
from openpyxl.styles import Font
from shapes_cases import new_book, table, truth
from shapes_cases2 import NOV_DONE, SUB_ITEMS, month_sheets, october, without_cached_value
from shapes_kit import (
    BANK,
    DOING,
    DONE,
    STD_HEADER,
    STD_KEYS,
    TODO,
    Job,
    date_cells,
    job_cells,
    put,
    spot,
    title_block,
    to_tcvn3,
    warn,
)

B = BANK


def month_named_sheets_and_next_template():
    """Sheets "Tháng 10", "Tháng 11" and next month's copy "Tháng 12 (mẫu)" made in
    advance, still holding November's tasks with no progress: the period's sheet by name."""
    wb, ws = new_book("Tháng 10")
    jobs = [B[0], B[3], NOV_DONE, B[7], B[10]]
    month_sheets(ws, "UBND XÃ GIAI LẠC", 10, [october(j) for j in jobs])
    month_sheets(wb.create_sheet("Tháng 11"), "UBND XÃ GIAI LẠC", 11, jobs)
    blank = wb.create_sheet("Tháng 12 (mẫu)")
    row = title_block(blank, "UBND XÃ GIAI LẠC", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 12/2026", 8)
    put(blank, row, list(STD_HEADER))
    for n, job in enumerate(jobs, start=1):
        put(blank, row + n, [n, job.name, job.lead, job.deadline])
    t = truth(["trang «Tháng 10», «Tháng 11» và trang «Tháng 12 (mẫu)» lập sẵn (chưa có tiến độ) "
               "đứng cuối: dùng trang của kỳ theo tên"], "Giai Lạc", "title", "Tháng 11", 5,
              spot=[spot("2", B[3]), spot("3", NOV_DONE), spot("5", B[10])])
    return wb, t, None


def dashed_parts_and_dotted_items():
    """Parts "A -", "B -" and sections "I -" (dashes, as in the Nghĩa Đàn plan); a group
    row "2" whose title is merged across the row over 2.1, 2.2; sub-items "a.", "b."."""
    wb, ws = new_book("Phụ lục")
    row = title_block(ws, "UBND XÃ ĐÔNG THÀNH", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NQ57 THÁNG 11/2026", 8)
    put(ws, row, list(STD_HEADER))
    r = row + 1

    def line(stt: object, what: object, *, merged: bool = False) -> None:
        nonlocal r
        cells = [what] if isinstance(what, str) else job_cells(what, STD_KEYS)
        put(ws, r, [stt, *cells])
        if merged:
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=8)
        r += 1

    line("A -", "NHIỆM VỤ CỦA ĐẢNG ỦY", merged=True)
    line("I -", "Lãnh đạo, chỉ đạo", merged=True)
    line(1, B[0])
    line(2, "Hoàn thiện hạ tầng và nền tảng số của các cơ quan Đảng", merged=True)
    line("2.1", B[10])
    line("2.2", B[9])
    line("B -", "NHIỆM VỤ CỦA UBND XÃ", merged=True)
    line("I -", "Chuyển đổi số", merged=True)
    line(1, B[4])
    line(2, B[6])
    line(3, "Ứng dụng công nghệ số trong các lĩnh vực:")
    line("a.", SUB_ITEMS[0])
    line("b.", SUB_ITEMS[1])
    date_cells(ws, "G")
    t = truth(["phần «A -», «B -» và mục «I -» có gạch ngang; STT đánh lại trong mỗi phần",
               "dòng nhóm «2» có tên gộp ô cả dòng, con 2.1, 2.2", "ý con «a.», «b.» là nhiệm vụ "
               "3a, 3b"], "Đông Thành", "title", "Phụ lục", 7,
              spot=[spot("1", B[0]), spot("2.1", B[10]), spot("2.2", B[9]), spot("1", B[4]),
                    spot("2", B[6]), spot("3a", SUB_ITEMS[0]), spot("3b", SUB_ITEMS[1])],
              absent=["blank-lead", "blank-deadline", "unplaced-row"])
    return wb, t, None


def tcvn3_data_in_unicode_template():
    """A Unicode header and title with task rows pasted from an old TCVN3 file (.VnTime),
    and a month/year date deadline, in .xls."""
    wb, ws = new_book("Nhiệm vụ")
    row = title_block(ws, "UBND XÃ BẠCH HÀ", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 8)
    put(ws, row, list(STD_HEADER))
    december = Job(B[9].name, B[9].lead, datetime(2026, 12, 1), "2026-12-31", DOING, 90)
    jobs = [B[0], B[2], B[5], december, B[8], B[11]]
    for n, job in enumerate(jobs, start=1):
        cells = [to_tcvn3(c) if isinstance(c, str) else c for c in job_cells(job, STD_KEYS)]
        put(ws, row + n, [n, *cells])
        for col in range(2, 9):
            ws.cell(row=row + n, column=col).font = Font(name=".VnTime", size=13)
        if n == 4:
            ws.cell(row=row + n, column=4).number_format = "MM/YYYY"
    date_cells(ws, "G")
    t = truth([".xls: tiêu đề Unicode, các dòng nhiệm vụ dán từ tệp cũ gõ TCVN3 (.VnTime)",
               "thời hạn «12/2026» thành ngày 01/12/2026 hiển thị tháng/năm"], "Bạch Hà", "title",
              "Nhiệm vụ", 6,
              spot=[spot("1", B[0]), spot("2", B[2]), spot("4", december, name=B[9].name[:40]),
                    spot("6", B[11])],
              warnings=[warn("legacy-encoding", "TCVN3")],
              absent=["bad-state", "bad-deadline"])
    return wb, t, None


def word_title_block_table():
    """A Word report whose title block is a borderless two-column table (unit | national
    motto) above the task table, as administrative documents are laid out."""
    doc = docx.Document()
    head = doc.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ ĐẠI HUỆ"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 318/BC-UBND"
    head.cell(1, 1).text = "Đại Huệ, ngày 24 tháng 11 năm 2026"
    doc.add_paragraph("BÁO CÁO")
    doc.add_paragraph("Tiến độ thực hiện Nghị quyết số 57-NQ/TW tháng 11 năm 2026")
    header = list(STD_HEADER)
    tab = doc.add_table(rows=1, cols=len(header))
    tab.style = "Table Grid"
    for cell, text in zip(tab.rows[0].cells, header):
        cell.text = text
    jobs = [B[0], B[2], B[3], B[6], B[8]]
    for n, job in enumerate(jobs, start=1):
        cells = tab.add_row().cells
        values = [str(n), job.name, job.lead, str(job.deadline), job.state, f"{job.progress:g}",
                  job.done.strftime("%d/%m/%Y") if job.done else "", job.evidence or ""]
        for cell, text in zip(cells, values):
            cell.text = text
    doc.add_paragraph("Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.")
    doc.add_paragraph("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Quốc Việt")
    t = truth([".docx: khối tiêu đề là bảng hai cột không viền (đơn vị | quốc hiệu) nằm trên bảng "
               "nhiệm vụ", "«Số: 318/BC-UBND» không phải số kế hoạch"], "Đại Huệ", "title", None,
              5, spot=[spot("1", B[0]), spot("3", B[3]), spot("5", B[8])],
              glue_words=["Trần Quốc Việt"], extra={"plan_number_not": "318/BC-UBND"})
    return doc, t, None


def hidden_sheet_named_for_the_period():
    """A hidden sheet named for the period ("T11.2026", an abandoned draft) beside the
    visible report "Báo cáo"; evidence linked to a file on the office's server."""
    wb, ws = new_book("Báo cáo")
    jobs = [B[0], B[1], B[2], B[5], B[10]]
    month_sheets(ws, "UBND XÃ HẢI LỘC", 11, jobs)
    ws["H8"] = '=HYPERLINK("\\\\maychu-ubnd\\minhchung\\QD-112-UBND.pdf","QĐ 112/QĐ-UBND")'
    draft = wb.create_sheet("T11.2026")
    month_sheets(draft, "UBND XÃ HẢI LỘC", 11, [october(j) for j in jobs] + [B[6], B[7]])
    draft.sheet_state = "hidden"
    t = truth(["trang ẩn «T11.2026» (bản nháp bỏ dở) mang tên kỳ báo cáo, trang hiện «Báo cáo»: "
               "dùng trang hiện", "minh chứng là liên kết tới tệp trên máy chủ của xã"],
              "Hải Lộc", "title", "Báo cáo", 5,
              spot=[spot("2", B[1], evidence_contains="maychu-ubnd"), spot("3", B[2]),
                    spot("5", B[10])],
              warnings=[warn("hidden-sheet")])
    return wb, t, None


def receivers_right_under_the_table():
    """A "TỔNG CỘNG" row merged over the first four columns, then "Nơi nhận:" in the name
    column with "- Như trên;" lines (bullets, like a task's continuation), in .ods."""
    wb, ws = new_book("BC")
    row = title_block(ws, "UBND XÃ ĐỨC CHÂU", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 8)
    put(ws, row, list(STD_HEADER))
    jobs = [B[0], B[3], B[4], B[7], B[9]]
    for n, job in enumerate(jobs, start=1):
        put(ws, row + n, [n, *job_cells(job, STD_KEYS)])
    end = row + len(jobs) + 1
    put(ws, end, ["TỔNG CỘNG", None, None, None, "1 hoàn thành, 4 đang thực hiện",
                  f"=ROUND(AVERAGE(F{row + 1}:F{end - 1}),0)"])
    ws.merge_cells(start_row=end, start_column=1, end_row=end, end_column=4)
    for i, text in enumerate(("Nơi nhận:", "- Như trên;", "- Sở Khoa học và Công nghệ;",
                              "- Lưu: VT."), start=1):
        put(ws, end + i, [None, text])
    put(ws, end + 1, ["TM. ỦY BAN NHÂN DÂN"], 6)
    put(ws, end + 2, ["CHỦ TỊCH"], 6)
    put(ws, end + 6, ["Võ Thị Hương"], 6)
    date_cells(ws, "G")
    t = truth([".ods: dòng «TỔNG CỘNG» gộp bốn cột đầu",
               "«Nơi nhận:» ngay dưới, ở cột tên nhiệm vụ, với các dòng «- Như trên;» giống dòng "
               "tiếp nối"], "Đức Châu", "title", "BC", 5,
              spot=[spot("1", B[0]), spot("4", B[7]), spot("5", B[9])],
              absent=["bad-state"],
              glue_words=["Như trên", "Võ Thị Hương", "TỔNG CỘNG", "Sở Khoa học và Công nghệ"])
    return wb, t, None


def hidden_columns_after_and_mixed_percent():
    """Last month's state and progress kept after this month's and hidden; progress typed
    "60%" in some rows and 0.6 shown as 60% in others, in .xls."""
    wb, ws = new_book("Nhiệm vụ")
    row = title_block(ws, "UBND XÃ QUẢNG CHÂU", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 10)
    put(ws, row, [*STD_HEADER, "Tình trạng thực hiện", "Tiến độ (%)"])
    jobs = [B[0], B[2], NOV_DONE, B[5], B[9]]
    for n, job in enumerate(jobs, start=1):
        old = october(job)
        r = row + n
        progress: object = f"{job.progress:g}%" if n % 2 else job.progress / 100
        put(ws, r, [n, job.name, job.lead, job.deadline, job.state, progress,
                    *job_cells(job, ("done", "evidence")), old.state, old.progress])
        if not n % 2:
            ws.cell(row=r, column=6).number_format = "0%"
    for col in "IJ":
        ws.column_dimensions[col].hidden = True
    date_cells(ws, "G")
    t = truth([".xls: cột tháng trước để ẩn nằm sau cột tháng này, trùng tiêu đề",
               "tiến độ lúc gõ «60%», lúc là 0,6 định dạng phần trăm"], "Quảng Châu", "title",
              "Nhiệm vụ", 5,
              spot=[spot("1", B[0]), spot("2", B[2]), spot("3", NOV_DONE), spot("4", B[5]),
                    spot("5", B[9])])
    return wb, t, None


def name_formula_without_value():
    """A task's name taken by a formula from a "Danh mục" sheet, saved without its value:
    named as a formula with no value, not read as a task without a name."""
    wb, ws = new_book("Sheet1")
    row = title_block(ws, "UBND XÃ MINH CHÂU", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 8)
    put(ws, row, list(STD_HEADER))
    jobs = [B[0], B[2], B[4], B[6], B[9]]
    for n, job in enumerate(jobs, start=1):
        put(ws, row + n, [n, *job_cells(job, STD_KEYS)])
    catalogue = wb.create_sheet("Danh mục")
    catalogue.append(["Mã", "Nội dung theo Kế hoạch 45/KH-UBND"])
    for i, job in enumerate(BANK, start=1):
        catalogue.append([f"NV{i:02d}", job.name])
    ws.cell(row=row + 3, column=2, value="='Danh mục'!B6")  # BANK[4], in row 6
    date_cells(ws, "G")
    cell = f"B{row + 3}"
    t = truth([f"tên nhiệm vụ 3 là công thức (ô {cell}) không có giá trị đã lưu"], "Minh Châu",
              "title", "Sheet1", 5,
              spot=[spot("1", B[0]), spot("2", B[2]), spot("3", B[4], name=""), spot("5", B[9])],
              warnings=[warn("formula-without-value", "chưa có giá trị", any_severity=True)])
    return wb, t, without_cached_value(cell)


def progress_named_tien_do_thuc_hien():
    """"Tiến độ thực hiện" holding numbers (the progress) beside "Trạng thái" holding
    the state: the same header read by its values."""
    wb, ws = new_book("Báo cáo")
    row = title_block(ws, "UBND XÃ TAM ĐỒNG", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 8)
    put(ws, row, ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Trạng thái",
                  "Tiến độ thực hiện", "Ngày hoàn thành", "Minh chứng"])
    jobs = [B[0], B[2], B[4], B[6], B[8], B[9]]
    for n, job in enumerate(jobs, start=1):
        put(ws, row + n, [n, *job_cells(job, STD_KEYS)])
    date_cells(ws, "G")
    t = truth(["«Tiến độ thực hiện» ghi số (tiến độ %) bên cạnh «Trạng thái» ghi tình trạng"],
              "Tam Đồng", "title", "Báo cáo", 6,
              spot=[spot("1", B[0]), spot("2", B[2]), spot("3", B[4]), spot("6", B[9])],
              absent=["missing-column", "bad-state", "bad-deadline"])
    return wb, t, None


def camel_case_file_name():
    """The commune only in a file name typed without spaces: "BC_NQ57_T11.2026_
    PhuongVinhLoc.xlsx" (Phường Vinh Lộc)."""
    wb, ws = new_book("Sheet1")
    row = 1
    put(ws, row, list(STD_HEADER))
    jobs = [B[0], B[1], B[5], B[7], B[10]]
    for n, job in enumerate(jobs, start=1):
        put(ws, row + n, [n, *job_cells(job, STD_KEYS)])
    date_cells(ws, "G")
    t = truth(["tên phường chỉ ở tên tệp, viết liền không dấu «PhuongVinhLoc»"], "Vinh Lộc",
              "file name", "Sheet1", 5, spot=[spot("1", B[0]), spot("3", B[5]), spot("5", B[10])])
    return wb, t, None


# --- 1. names in sheet and file names, everyday words, percent in .xlsx ------------------

def sheet_name_without_diacritics():
    """The commune only in the sheet name, typed without diacritics, the longest roster
    name that fits ("Anh Sơn Đông", not "Anh Sơn"); everyday status words."""
    wb, ws = new_book("UBND xa Anh Son Dong")
    words = {DONE: "Hoàn thành", DOING: "Đang triển khai", TODO: "Chưa thực hiện"}
    jobs = [B[0], B[1], B[3], B[5], B[6], B[7]]
    table(ws, 1, STD_HEADER, [(None, None, jobs)], state_words=words)
    date_cells(ws, "G")
    t = truth([".ods: tên xã chỉ ở tên trang tính, không dấu, tên dài nhất khớp "
               "(«Anh Sơn Đông», không phải «Anh Sơn»)",
               "tình trạng «Hoàn thành», «Đang triển khai»"],
              "Anh Sơn Đông", "sheet", "UBND xa Anh Son Dong", 6,
              spot=[spot("1", B[0]), spot("3", B[3]), spot("5", B[6]), spot("6", B[7])],
              warnings=[warn("status-word", "«Hoàn thành»"),
                        warn("status-word", "«Đang triển khai»")],
              absent=["bad-state"])
    return wb, t, None


def file_name_report_words_percent():
    """The commune among report words in the file name ("BC_tien_do_NQ57_xa_Nhan_Hoa_
    thang_11_2026_export"); percent-formatted progress in .xlsx."""
    wb, ws = new_book("Sheet1")
    september = Job(B[5].name, B[5].lead, datetime(2026, 9, 1), "2026-09-30", DOING, 80)
    jobs = [B[0], B[2], B[3], september, B[8], B[10], B[7]]
    row, _ = table(ws, 1, STD_HEADER, [(None, None, jobs)], percent=True)
    for r in range(2, row):
        ws.cell(row=r, column=6).number_format = "0%"
    ws.cell(row=5, column=4).number_format = "MM/YYYY"  # "9/2026" typed, a date to Excel
    date_cells(ws, "G")
    t = truth(["tên xã giữa các từ báo cáo trong tên tệp, «Hoa» không dấu (danh sách: Nhân Hoà)",
               ".xlsx: tiến độ định dạng phần trăm", "«9/2026» thành ngày 01/09/2026 hiển thị "
               "tháng/năm"], "Nhân Hoà", "file name", "Sheet1", 7,
              spot=[spot("1", B[0]), spot("2", B[2]),
                    spot("4", september, name=B[5].name[:40]), spot("7", B[7])])
    return wb, t, None


def missing_lead_column():
    """A plan-style table with "Trực tiếp chỉ đạo" (a person) and no lead agency column:
    the tasks are read and the missing column is an error naming the header row seen."""
    wb, ws = new_book("Phụ lục")
    row = title_block(ws, "UBND XÃ QUỲNH TAM",
                      "TIẾN ĐỘ THỰC HIỆN CHƯƠNG TRÌNH CÔNG TÁC NĂM 2026", 7)
    header = ["TT", "Nhiệm vụ", "Trực tiếp chỉ đạo", "Dự kiến kết quả", "Thời gian hoàn thành",
              "Tình trạng thực hiện", "Tiến độ (%)"]
    put(ws, row, header)
    jobs = [B[0], B[1], B[2], B[4], B[6], B[9]]
    for n, job in enumerate(jobs, start=1):
        put(ws, row + n, [n, job.name, "Phó Chủ tịch UBND xã", job.result, job.deadline,
                          job.state, job.progress])
    t = truth([".ods: không có cột cơ quan chủ trì, chỉ có «Trực tiếp chỉ đạo»: đọc nhiệm vụ, "
               "báo lỗi thiếu cột nêu dòng tiêu đề đã xem"], "Quỳnh Tam", "title", "Phụ lục", 6,
              spot=[spot("1", B[0], lead=False), spot("3", B[2], lead=False),
                    spot("6", B[9], lead=False)],
              extra={"errors": [{"code": "missing-column",
                                 "contains": ["Cơ quan chủ trì", "Trực tiếp chỉ đạo",
                                              "Dự kiến kết quả",
                                              [f"dòng {row}", f"dòng tiêu đề {row}"]]}]})
    return wb, t, None


def wide_name_cells_and_date_line():
    """Excel layout habits: "Tên nhiệm vụ" and each task's name merged over two columns,
    headers broken over lines, STT typed "01", a blank row between groups; the place-and-
    date line and the signature typed in the name column right under the last task."""
    wb, ws = new_book("Báo cáo")
    row = title_block(ws, "UBND XÃ YÊN TRUNG", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 9)
    put(ws, row, ["STT", "Tên nhiệm vụ", None, "Cơ quan\nchủ trì", "Thời gian\nhoàn thành",
                  "Tình trạng\nthực hiện", "Tiến độ\n(%)", "Ngày\nhoàn thành", "Minh chứng"])
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    jobs = [B[0], B[1], B[3], B[4], B[9]]
    r = row + 1
    for n, job in enumerate(jobs, start=1):
        if n == 3:
            r += 1  # a blank row between groups
        name, *rest = job_cells(job, STD_KEYS)
        put(ws, r, [f"{n:02d}", name, None, *rest])
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        r += 1
    for cell in ws["H"]:
        if cell.value is not None and not isinstance(cell.value, str):
            cell.number_format = "DD/MM/YYYY"
    for i, text in enumerate(("Yên Trung, ngày 26 tháng 11 năm 2026", "KT. CHỦ TỊCH",
                              "PHÓ CHỦ TỊCH", None, "Nguyễn Hữu Lâm")):
        put(ws, r + i, [None, text])
    t = truth(["«Tên nhiệm vụ» và tên từng nhiệm vụ gộp ô hai cột; tiêu đề xuống dòng",
               "STT gõ «01», «02»; một dòng trống giữa hai nhóm",
               "dòng địa danh, ngày tháng và chữ ký ở cột tên ngay dưới nhiệm vụ cuối"],
              "Yên Trung", "title", "Báo cáo", 5,
              spot=[spot("1", B[0]), spot("2", B[1]), spot("3", B[3]), spot("5", B[9])],
              absent=["blank-lead", "missing-column"],
              glue_words=["Nguyễn Hữu Lâm", "ngày 26 tháng 11", "PHÓ CHỦ TỊCH"])
    return wb, t, None


CASES4 = {
    "BC T11 - Giai Lac.xlsx": month_named_sheets_and_next_template,
    "Dong Thanh BC.ods": dashed_parts_and_dotted_items,
    "Bach Ha T11 (font cu).xls": tcvn3_data_in_unicode_template,
    "Bao cao NQ57 xa Dai Hue.docx": word_title_block_table,
    "Hai Loc - bao cao.xlsx": hidden_sheet_named_for_the_period,
    "BC Duc Chau.ods": receivers_right_under_the_table,
    "Quang Chau T11.xls": hidden_columns_after_and_mixed_percent,
    "Minh Chau.xlsx": name_formula_without_value,
    "Tam Dong - bao cao tien do.xlsx": progress_named_tien_do_thuc_hien,
    "BC_NQ57_T11.2026_PhuongVinhLoc.xlsx": camel_case_file_name,
    "Bao cao tien do.ods": sheet_name_without_diacritics,
    "BC_tien_do_NQ57_xa_Nhan_Hoa_thang_11_2026_export.xlsx": file_name_report_words_percent,
    "Quynh Tam - tien do CTCT 2026.ods": missing_lead_column,
    "Yen Trung NQ57 T11.xlsx": wide_name_cells_and_date_line,
}
