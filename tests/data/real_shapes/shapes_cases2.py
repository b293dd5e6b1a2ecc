"""The corpus, part 2: formulas, which sheet and columns, structure, legacy fonts, Word."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from shapes_cases import new_book, table, three, truth
from shapes_kit import (
    BANK,
    DOING,
    DONE,
    KT,
    STD_HEADER,
    STD_KEYS,
    VHXH,
    VP,
    Job,
    date_cells,
    dt,
    job_cells,
    put,
    signature_block,
    spot,
    title_block,
    to_tcvn3,
    to_vni,
    warn,
)

B = BANK


# --- 5. a formula without its saved value ----------------------------------------------

def drop_cached_value(sheet_xml: str, cell: str) -> str:
    """Remove the saved value of the formula in ``cell`` (as files written by scripts,
    or by Excel with calculation left to the next opening, have none)."""
    pattern = re.compile(rf'(<c r="{cell}"[^>]*>)(<f[^>]*>[^<]*</f>)<v>[^<]*</v>')
    changed, n = pattern.subn(r"\1\2", sheet_xml)
    assert n == 1, f"no formula with a value in {cell}"
    return changed


def without_cached_value(cell: str):
    def after(path: Path) -> None:
        with zipfile.ZipFile(path) as src:
            items = [(i, src.read(i.filename)) for i in src.infolist()]
        name = "xl/worksheets/sheet1.xml"
        items = [(i, drop_cached_value(d.decode("utf-8"), cell).encode("utf-8")
                  if i.filename == name else d) for i, d in items]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in items:
                out.writestr(info, data)
    return after


def formula_without_value():
    """Progress computed by formulas; one formula has no saved value."""
    wb, ws = new_book("Nhiệm vụ")
    row = title_block(ws, "UBND XÃ QUỲ HỢP",
                      "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57-NQ/TW THÁNG 11/2026", 8)
    jobs = [B[0], B[3], B[4], B[5], B[7], B[9]]
    put(ws, row, list(STD_HEADER))
    steps = {2: (7, 10), 3: (2, 5), 4: (4, 5)}  # sub-steps done of planned: a formula
    for n, job in enumerate(jobs, start=1):
        r = row + n
        put(ws, r, [n, *job_cells(job, STD_KEYS)])
        if n in steps:
            ws.cell(row=r, column=6, value=f"=ROUND({steps[n][0]}/{steps[n][1]}*100,0)")
    date_cells(ws, "G")
    blank = f"F{row + 3}"
    t = truth(["tiến độ tính bằng công thức; một công thức không có giá trị đã lưu "
               f"(ô {blank})"], "Quỳ Hợp", "title", "Nhiệm vụ", 6,
              spot=[spot("1", B[0]), spot("2", B[3]), spot("3", B[4], progress=False),
                    spot("4", B[5]), spot("6", B[9])],
              warnings=[warn("formula-without-value", "chưa có giá trị", any_severity=True)])
    return wb, t, without_cached_value(blank)


# --- 6. which sheet, which columns -------------------------------------------------------

def month_sheets(ws: Worksheet, unit: str, month: int, jobs: list[Job]) -> None:
    row = title_block(ws, unit, f"BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG {month}/2026", 8)
    table(ws, row, STD_HEADER, [(None, None, jobs)])
    date_cells(ws, "G")


def october(job: Job) -> Job:
    """The job as reported a month earlier (progress 10 points lower, not yet done
    when it was done in November)."""
    if job.state == DONE and job.done and job.done >= date(2026, 11, 1):
        return replace(job, state=DOING, progress=80, done=None, evidence=None)
    if job.state == DOING:
        return replace(job, progress=max(0, job.progress - 10))
    return job


NOV_DONE = Job(B[4].name, B[4].lead, "Tháng 11/2026", "2026-11-30", DONE, 100,
               date(2026, 11, 12), "Biên bản bàn giao trạm BTS ngày 12/11/2026",
               "Xóa vùng lõm sóng")


def two_period_sheets():
    """Sheets "T10.2026" and "T11.2026", the commune as "THÁI HÒA" (roster: Thái Hoà)."""
    wb, ws = new_book("T10.2026")
    jobs = [B[0], B[2], NOV_DONE, B[5], B[7], B[9]]
    month_sheets(ws, "UBND PHƯỜNG THÁI HÒA", 10, [october(j) for j in jobs])
    month_sheets(wb.create_sheet("T11.2026"), "UBND PHƯỜNG THÁI HÒA", 11, jobs)
    t = truth(["hai trang kỳ báo cáo «T10.2026» và «T11.2026»: dùng trang tháng 11",
               "«THÁI HÒA» viết dấu kiểu cũ (danh sách: Thái Hoà)"], "Thái Hoà", "title",
              "T11.2026", 6,
              spot=[spot("2", B[2]), spot("3", NOV_DONE), spot("6", B[9])])
    return wb, t, None


def period_sheet_not_last():
    """"T11.2026" first and last month's "T10.2026" after it: the period's sheet by name."""
    wb, ws = new_book("T11.2026")
    jobs = [B[1], B[3], NOV_DONE, B[6], B[8]]
    month_sheets(ws, "UBND XÃ NGHI LỘC", 11, jobs)
    month_sheets(wb.create_sheet("T10.2026"), "UBND XÃ NGHI LỘC", 10, [october(j) for j in jobs])
    t = truth(["trang «T11.2026» đứng trước trang «T10.2026»: chọn theo tên kỳ, không theo vị trí"],
              "Nghi Lộc", "title", "T11.2026", 5,
              spot=[spot("2", B[3]), spot("3", NOV_DONE), spot("5", B[8])])
    return wb, t, None


def hidden_sheet():
    """A hidden sheet with an older, longer task list; the visible sheet is the report."""
    wb, ws = new_book("Báo cáo T11")
    jobs = [B[0], B[2], B[4], B[6], B[8], B[10]]
    month_sheets(ws, "UBND XÃ QUẾ PHONG", 11, jobs)
    old = wb.create_sheet("Bản cũ")
    month_sheets(old, "UBND XÃ QUẾ PHONG", 6, [october(j) for j in B[:9]])
    old.sheet_state = "hidden"
    t = truth([".xls: trang ẩn «Bản cũ» có danh sách cũ dài hơn; dùng trang hiện"],
              "Quế Phong", "title", "Báo cáo T11", 6,
              spot=[spot("1", B[0]), spot("3", B[4]), spot("6", B[10])],
              warnings=[warn("hidden-sheet")])
    return wb, t, None


def hidden_repeated_columns():
    """A "Thông tin" sheet; last month's state and progress columns kept and hidden
    before this month's, with the same headers."""
    wb, ws = new_book("Nhiệm vụ")
    info = wb.create_sheet("Thông tin", 0)
    for pair in (("Tên xã/phường", "Tương Dương"), ("Tỉnh/thành phố", "Nghệ An"),
                 ("Kỳ báo cáo", "Tháng 11/2026"), ("Ngày báo cáo", dt(date(2026, 11, 18))),
                 ("Cán bộ báo cáo", "Lô Văn Thành")):
        info.append(pair)
    info["B4"].number_format = "DD/MM/YYYY"
    header = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành",
              "Tình trạng thực hiện", "Tiến độ (%)", "Tình trạng thực hiện", "Tiến độ (%)",
              "Ngày hoàn thành", "Minh chứng"]
    put(ws, 1, header)
    jobs = [B[0], B[2], NOV_DONE, B[5], B[7], B[9]]
    for n, job in enumerate(jobs, start=1):
        old = october(job)
        put(ws, 1 + n, [n, job.name, job.lead, job.deadline, old.state, old.progress,
                        *job_cells(job, ("state", "progress", "done", "evidence"))])
    date_cells(ws, "I")
    for col in "EF":
        ws.column_dimensions[col].hidden = True
    t = truth(["trang «Thông tin» có tên xã", "cột tháng trước (Tình trạng, Tiến độ) để ẩn, "
               "trùng tiêu đề với cột tháng này"], "Tương Dương", "Thông tin", "Nhiệm vụ", 6,
              spot=[spot("2", B[2]), spot("3", NOV_DONE), spot("6", B[9])])
    return wb, t, None


# --- 7. structure ----------------------------------------------------------------------

def parts_over_sections():
    """Parts "A.", "B." above roman sections, STT restarting in every section."""
    wb, ws = new_book("Phụ lục")
    row = title_block(ws, "UBND PHƯỜNG QUỲNH MAI", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2026", 8)
    party = [replace(B[0], lead="Văn phòng Đảng ủy"),
             replace(B[11], lead="Ban Tuyên giáo và Dân vận")]
    put(ws, row, list(STD_HEADER))
    row += 1
    layout = [("A.", "NHIỆM VỤ CỦA ĐẢNG ỦY PHƯỜNG",
               [("I", "Lãnh đạo, chỉ đạo", party[:1]),
                ("II", "Nâng cao nhận thức", party[1:] + [B[2]])]),
              ("B.", "NHIỆM VỤ CỦA UBND PHƯỜNG", [("I", "Hạ tầng số", [B[4], B[5]]),
                                                 ("II", "Dữ liệu số", [B[8], B[9]])])]
    for part, title, sections in layout:
        put(ws, row, [part, title])
        row += 1
        for label, stitle, jobs in sections:
            put(ws, row, [label, stitle])
            row += 1
            for n, job in enumerate(jobs, start=1):
                put(ws, row, [n, *job_cells(job, STD_KEYS)])
                row += 1
    date_cells(ws, "G")
    t = truth(["phần «A.», «B.» trên các mục La Mã; STT đánh lại từ 1 trong mỗi mục "
               "(A.I.1 và B.I.1 là hai nhiệm vụ khác nhau)"], "Quỳnh Mai", "title", "Phụ lục", 7,
              spot=[spot("1", party[0]), spot("1", B[4]), spot("2", B[3 + 2]),
                    spot("2", B[9])])
    return wb, t, None


def group_row_children():
    """A title-only group row "2" with children 2.1-2.3 that have their own lead and
    deadline: the group row is a heading, the children are tasks."""
    wb, ws = new_book("Tiến độ")
    row = title_block(ws, "UBND PHƯỜNG TÂN MAI", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 8)
    put(ws, row, list(STD_HEADER))
    rows = [("1", B[0]), ("2", "Phát triển hạ tầng số và nền tảng số dùng chung"),
            ("2.1", B[4]), ("2.2", B[10]), ("2.3", B[9]), ("3", B[2]), ("4", B[6])]
    for i, (stt, what) in enumerate(rows, start=1):
        cells = [what] if isinstance(what, str) else job_cells(what, STD_KEYS)
        put(ws, row + i, [stt, *cells])
    date_cells(ws, "G")
    signature_block(ws, row + len(rows) + 2, 6, signer="Phan Thị Hằng")
    t = truth([".xls: dòng nhóm «2» chỉ có tên, các nhiệm vụ con 2.1-2.3 có chủ trì và thời hạn"],
              "Tân Mai", "title", "Tiến độ", 6,
              spot=[spot("1", B[0]), spot("2.1", B[4]), spot("2.3", B[9]), spot("4", B[6])],
              absent=["blank-lead", "blank-deadline"], glue_words=["Phan Thị Hằng"])
    return wb, t, None


SUB_ITEMS = (Job("Giáo dục: triển khai sổ điểm điện tử, học bạ số tại 100% trường học trên "
                 "địa bàn", VHXH, "Quý IV/2026", "2026-12-31", DOING, 75),
             Job("Y tế: triển khai Sổ sức khỏe điện tử cho người dân", "Trạm Y tế xã",
                 "Năm 2026", "2026-12-31", DOING, 65),
             Job("Nông nghiệp: đưa sản phẩm OCOP của xã lên sàn thương mại điện tử", KT,
                 "Tháng 12/2026", "2026-12-31", DOING, 50))


def lettered_sub_items():
    """Task 3 a title only, its sub-items "a)", "b)", "c)" with their own lead and deadline."""
    wb, ws = new_book("Báo cáo")
    row = title_block(ws, "UBND XÃ KIM LIÊN", "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 8)
    put(ws, row, list(STD_HEADER))
    rows: list[tuple[str, object]] = [("1", B[0]), ("2", B[2]),
                                      ("3", "Ứng dụng công nghệ số trong các lĩnh vực:"),
                                      ("a)", SUB_ITEMS[0]), ("b)", SUB_ITEMS[1]),
                                      ("c)", SUB_ITEMS[2]), ("4", B[7])]
    for i, (stt, what) in enumerate(rows, start=1):
        cells = [what] if isinstance(what, str) else job_cells(what, STD_KEYS)
        put(ws, row + i, [int(stt) if stt.isdigit() else stt, *cells])
    date_cells(ws, "G")
    t = truth([".ods: nhiệm vụ 3 chỉ có tên, các ý «a)», «b)», «c)» có chủ trì và thời hạn "
               "riêng là nhiệm vụ 3a, 3b, 3c"], "Kim Liên", "title", "Báo cáo", 6,
              spot=[spot("1", B[0]), spot("3a", SUB_ITEMS[0]), spot("3b", SUB_ITEMS[1]),
                    spot("3c", SUB_ITEMS[2]), spot("4", B[7])],
              absent=["blank-lead", "blank-deadline", "unplaced-row"])
    return wb, t, None


BULLETED = Job("Triển khai các nền tảng số dùng chung của tỉnh tại xã, gồm:", VP, "Năm 2026",
               "2026-12-31", DOING, 70)


def bullet_lines():
    """Bullet lines "-" and "+" without STT under a task continue it."""
    wb, ws = new_book("NQ57")
    row = title_block(ws, "UBND PHƯỜNG VINH HƯNG",
                      "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NQ57 THÁNG 11/2026", 8)
    put(ws, row, list(STD_HEADER))
    put(ws, row + 1, [1, *job_cells(B[0], STD_KEYS)])
    put(ws, row + 2, [2, *job_cells(BULLETED, STD_KEYS)])
    bullets = ("- Hệ thống quản lý văn bản và điều hành;", "- Nền tảng họp trực tuyến;",
               "+ Kết nối đến 100% tổ dân phố;",
               "- Hệ thống thông tin giải quyết thủ tục hành chính.")
    for i, text in enumerate(bullets, start=3):
        put(ws, row + i, [None, text])
    put(ws, row + 7, [3, *job_cells(B[4], STD_KEYS)])
    put(ws, row + 8, [4, *job_cells(B[8], STD_KEYS)])
    put(ws, row + 9, [5, *job_cells(B[9], STD_KEYS)])
    date_cells(ws, "G")
    t = truth(["dòng gạch đầu dòng «-», «+» không có STT nối vào nhiệm vụ phía trên"],
              "Vinh Hưng", "title", "NQ57", 5,
              spot=[spot("2", BULLETED, name="Nền tảng họp trực tuyến"),
                    spot("2", BULLETED, name="Kết nối đến 100% tổ dân phố"),
                    spot("3", B[4]), spot("5", B[9])])
    return wb, t, None


# --- 8. legacy Vietnamese fonts ------------------------------------------------------------

def legacy_font_book(encode, font: str, unit: str, sheet: str, *, capitals: str | None = None):
    """The whole sheet typed with a legacy font: drafted in Unicode, then every text
    cell encoded and set in ``font`` (text in capitals in ``capitals`` when given: TCVN3
    capitals are typed with .VnTimeH, which shows small letters' codes as capitals)."""
    wb, ws = new_book(sheet)
    row = title_block(ws, unit, "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW", 8)
    jobs = [B[0], B[2], B[4], B[6], B[8], B[9]]
    table(ws, row, STD_HEADER, [(None, None, jobs)])
    date_cells(ws, "G")
    for line in ws.iter_rows():
        for cell in line:
            if not isinstance(cell.value, str):
                continue
            upper = cell.value.isupper()
            if not cell.value.isascii():
                cell.value = encode(cell.value)
            cell.font = Font(name=capitals if upper and capitals else font, size=13)
    return wb, jobs


def tcvn3_text():
    """Every text typed in TCVN3 with the .VnTime font ("Tªn nhiÖm vô"), saved as .xls."""
    wb, jobs = legacy_font_book(to_tcvn3, ".VnTime", "UBND XÃ ĐẠI ĐỒNG", "Sheet1",
                                capitals=".VnTimeH")
    t = truth([".xls: chữ gõ bằng phông TCVN3 (.VnTime), cả tiêu đề và tên xã"], "Đại Đồng",
              "title", "Sheet1", 6,
              spot=[spot("1", jobs[0]), spot("3", jobs[2]), spot("6", jobs[5])],
              warnings=[warn("legacy-encoding", "TCVN3")],
              absent=["missing-column", "bad-state", "bad-deadline"])
    return wb, t, None


def vni_text():
    """Every text typed in VNI (VNI-Times): "Teân nhieäm vuï"."""
    wb, jobs = legacy_font_book(to_vni, "VNI-Times", "UBND XÃ HOA QUÂN", "Bao cao")
    t = truth(["chữ gõ bằng phông VNI (VNI-Times), cả tiêu đề và tên xã"], "Hoa Quân",
              "title", "Bao cao", 6,
              spot=[spot("1", jobs[0]), spot("3", jobs[2]), spot("6", jobs[5])],
              warnings=[warn("legacy-encoding", "VNI")],
              absent=["missing-column", "bad-state", "bad-deadline"])
    return wb, t, None


# --- 9. a Word appendix --------------------------------------------------------------------

def word_appendix():
    """A report's appendix typed in Word: "Kèm theo Báo cáo số ..." is no plan number."""
    doc = docx.Document()
    doc.add_paragraph("ỦY BAN NHÂN DÂN XÃ BẠCH NGỌC")
    doc.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ THEO NGHỊ QUYẾT SỐ 57-NQ/TW THÁNG 11/2026")
    doc.add_paragraph("(Kèm theo Báo cáo số 215/BC-UBND ngày 25/11/2026 của UBND xã Bạch Ngọc)")
    header = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành",
              "Tình trạng thực hiện", "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng"]
    groups = three([B[0], B[1], B[2], B[3], B[4], B[6]])
    tab = doc.add_table(rows=1, cols=len(header))
    tab.style = "Table Grid"
    for cell, text in zip(tab.rows[0].cells, header):
        cell.text = text
    n = 0
    for label, title, jobs in groups:
        cells = tab.add_row().cells
        cells[0].text, cells[1].text = label, title
        for job in jobs:
            n += 1
            cells = tab.add_row().cells
            values = [str(n), job.name, job.lead, str(job.deadline), job.state,
                      f"{job.progress:g}", job.done.strftime("%d/%m/%Y") if job.done else "",
                      job.evidence or ""]
            for cell, text in zip(cells, values):
                cell.text = text
    doc.add_paragraph("")
    doc.add_paragraph("Nơi nhận:\n- UBND tỉnh (b/c);\n- Lưu: VT.")
    doc.add_paragraph("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Ký, đóng dấu)\nĐặng Văn Quyết")
    t = truth([".docx: phụ lục của báo cáo soạn bằng Word, bỏ vào thư mục báo cáo",
               "«Kèm theo Báo cáo số 215/BC-UBND» không phải số kế hoạch"], "Bạch Ngọc",
              "title", None, 6,
              spot=[spot("1", B[0]), spot("3", B[2]), spot("6", B[6])],
              glue_words=["Đặng Văn Quyết"], extra={"plan_number_not": "215/BC-UBND"})
    return doc, t, None


CASES2 = {
    "Quy Hop - T11.xlsx": formula_without_value,
    "Thai Hoa BC thang 10-11.xlsx": two_period_sheets,
    "Nghi Loc NQ57.ods": period_sheet_not_last,
    "Que Phong.xls": hidden_sheet,
    "Tuong Duong T11.xlsx": hidden_repeated_columns,
    "BC phuong Quynh Mai.xlsx": parts_over_sections,
    "Tan Mai.xls": group_row_children,
    "Kim Lien BC.ods": lettered_sub_items,
    "Vinh Hung.xlsx": bullet_lines,
    "BC_NQ57_T11_2026.xls": tcvn3_text,
    "Bao cao thang 11 (VNI).xlsx": vni_text,
    "Phu luc bao cao thang 11.docx": word_appendix,
}
