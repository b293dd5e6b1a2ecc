"""Importing existing appendices (Word tables, pasted Excel, text exports) into the template."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import write_rows
from typer.testing import CliRunner

from nq57xl.read.cleantext import footnote_definition
from nq57xl.cli.commands import app
from nq57xl.importer.appendix import ImportFailure, import_appendix, import_report_lines, title_metadata
from nq57xl.read.table import find_header
from nq57xl.template.build import GUIDE_SHEET
from nq57xl.importer.textexport import seed_text, table_rows
from nq57xl.read.commune import read_commune

try:  # python-docx only builds the test documents; the importer reads .docx without it
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
except ImportError:  # pragma: no cover
    docx = None

needs_docx = pytest.mark.skipif(docx is None, reason="python-docx is not installed")
KEYS = ("loi_bac", "nghia_dan", "nghe_an")
FORMATS = ("txt", "xlsx", *(("docx", "docx_split") if docx else ()))


# --- building the sources ------------------------------------------------------------

def _body(key: str) -> list[str]:
    """A few body paragraphs of the plan (the lines before its appendix)."""
    return [ln for ln in seed_text(key).splitlines() if ln.strip() and "\t" not in ln][:5]


def _mark_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _new_table(document, header: list[str], width: int):
    table = document.add_table(rows=1, cols=width)
    for c, text in enumerate(header):
        table.rows[0].cells[c].text = text
    _mark_header(table.rows[0])
    return table


def _add_row(table, row: list[str], width: int, *, merge: bool = False) -> None:
    cells = table.add_row().cells
    for c, text in enumerate(row[:width]):
        if text:
            cells[c].text = text
    if merge:  # the section title cell merged across the rest of the row
        first = 0 if not (len(row) > 1 and row[1]) else 1
        cells[first].merge(cells[width - 1])


def write_docx(path: Path, key: str, rows: list[list[str]], *, split: bool = False) -> Path:
    """The appendix as a Word document: body, title paragraphs, then the table.

    ``split``: one table per page (a new one at each repeated header, after each
    footnote and every 25 rows), each repeating the header row, with the footnotes and a
    page break between them, and the first section row's title cell merged across the row.
    Otherwise ONE table whose header row repeats on each page (w:tblHeader) and the
    footnotes below it.
    """
    document = docx.Document()
    for line in _body(key):
        document.add_paragraph(line)
    h = find_header(rows).row_index
    for row in rows[:h]:
        if row and row[0]:
            document.add_paragraph(row[0])
    header, width = rows[h], len(rows[h])
    table = _new_table(document, header, width)
    footnotes: list[str] = []
    merged = not split
    count = 0
    for row in rows[h + 1:]:
        is_note = len(row) == 1 and footnote_definition(row[0])
        repeated = row[:2] == header[:2]
        if split and (repeated or count >= 25) and count:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            table, count = _new_table(document, header, width), 0
        if repeated or not any(row):
            continue
        if is_note:
            if split:
                document.add_paragraph(row[0])
                count = 25  # the page ends with its footnote
            else:
                footnotes.append(row[0])
            continue
        section = not merged and row[0] and row[0].split(".")[0].strip().isupper()
        _add_row(table, row, width, merge=bool(section))
        merged = merged or bool(section)
        count += 1
    for line in footnotes:
        document.add_paragraph(line)
    document.save(path)
    return path


def write_source(folder: Path, key: str, fmt: str) -> Path:
    """A seed plan as a source file: the text export itself, or its appendix in .xlsx/.docx."""
    rows = table_rows(seed_text(key))
    if fmt == "txt":
        path = folder / f"{key}.txt"
        path.write_text(seed_text(key), encoding="utf-8")
        return path
    if fmt == "xlsx":
        return write_rows(folder / f"{key}.xlsx", rows)
    return write_docx(folder / f"{key}_{fmt}.docx", key, rows, split=fmt == "docx_split")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """(key, format) -> (import report, validation of the output, output path)."""
    folder = tmp_path_factory.mktemp("import")
    out = {}
    for key in KEYS:
        for fmt in FORMATS:
            source = write_source(folder, key, fmt)
            target = folder / f"out_{key}_{fmt}.xlsx"
            report = import_appendix(source, target)
            out[key, fmt] = (report, read_commune(target), target)
    return out


def _tasks(commune) -> list[tuple]:
    return [(t.section, t.stt, t.name, t.lead, t.deadline.text) for t in commune.tasks]


def _guide(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)[GUIDE_SHEET]
    return [str(c.value) for c in ws["A"] if c.value]


# --- the three real plans, three formats ---------------------------------------------

@pytest.mark.parametrize("key", KEYS)
def test_same_tasks_from_every_format(imported, key):
    base = _tasks(imported[key, "txt"][1])
    for fmt in FORMATS[1:]:
        assert _tasks(imported[key, fmt][1]) == base, fmt
        sections = [(s.label, s.title, s.parent) for s in imported[key, fmt][1].sections]
        assert sections == [(s.label, s.title, s.parent) for s in imported[key, "txt"][1].sections]


@pytest.mark.parametrize("fmt", FORMATS)
def test_loi_bac(imported, fmt):
    report, commune, target = imported["loi_bac", fmt]
    assert report.tasks == len(commune.tasks) == 97
    assert [t.stt for t in commune.tasks] == [str(i) for i in range(1, 98)]
    done = sorted(int(t.stt) for t in commune.tasks if t.note == "Đã hoàn thành")
    assert done == [32, 37, 83, 91]
    meta = commune.metadata
    assert (meta.commune, meta.plan_number, meta.plan_date) == ("Lợi Bác", "136/KH-UBND",
                                                               date(2026, 4, 29))
    # Only what the source really has: task 5 without deadline, two count mismatches.
    assert [(p.code, commune.tasks[4].cell("deadline") == p.cell) for p in commune.errors] == [
        ("blank-deadline", True)]
    warnings = Counter(p.code for p in commune.warnings)
    assert warnings["section-count-mismatch"] == 2
    assert set(warnings) <= {"section-count-mismatch", "done-without-date",
                             "done-without-evidence"}
    mismatches = [(s.label, s.declared, s.tasks) for s in report.mismatches]
    assert mismatches == [("I", 4, 3), ("VII", 3, 10)]
    assert [p.code for p in report.problems] == ["blank-deadline"]
    assert not report.unplaced and not report.missing_columns
    assert "Cột gốc «Người đứng đầu chịu trách nhiệm» → «Lãnh đạo chỉ đạo»" in _guide(target)
    assert report.exit_code == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_nghia_dan(imported, fmt):
    report, commune, _ = imported["nghia_dan", fmt]
    assert len(commune.tasks) == 37
    subs = [(s.label, s.title) for s in commune.sections if s.parent == "V"]
    assert [label for label, _ in subs] == ["5.1", "5.2", "5.3", "5.4", "5.5"]
    assert subs[2][1] == "Dịch vụ số"
    assert Counter(t.stt for t in commune.tasks)["1"] == 10
    assert {(s.label, s.tasks) for s in report.sections if s.label in ("V", "5.1")} == {
        ("V", 16), ("5.1", 6)}
    # No lead column: the lead stays empty (not invented) and the report names the stand-in.
    missing = [(m.column, m.stand_in) for m in report.missing_columns]
    assert missing == [("lead", "Trực tiếp chỉ đạo")]
    assert "Cơ quan chủ trì" in report.missing_columns[0].message
    assert all(t.lead is None and t.director for t in commune.tasks)
    assert Counter(p.code for p in commune.problems) == Counter({"blank-lead": 37})
    meta = commune.metadata
    assert (meta.commune, meta.plan_number, meta.plan_date) == ("Nghĩa Đàn", None, None)
    assert report.exit_code == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_nghe_an(imported, fmt):
    report, commune, target = imported["nghe_an", fmt]
    assert len(commune.tasks) == 35
    assert not any(t.name.startswith("Nhiệm vụ trọng tâm") for t in commune.tasks)
    assert any(n.startswith("Ghi chú của mục II: Nhiệm vụ trọng tâm, xuyên suốt:")
               for n in _guide(target))
    assert not commune.errors
    assert set(Counter(p.code for p in commune.warnings)) <= {
        "missing-metadata", "done-without-date", "done-without-evidence"}
    meta = commune.metadata
    assert (meta.plan_number, meta.plan_date) == ("92A/KH-UBND", date(2025, 11, 1))
    # "của UBND tỉnh": no commune in the document, none invented.
    assert meta.from_file_name and report.metadata.commune is None
    assert not report.problems and not report.unplaced and not report.missing_columns
    assert report.exit_code == 1
    assert any("--commune" in g for g in report.metadata_gaps)


# --- title lines -------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("(Kèm theo Kế hoạch số 136/KH-UBND ngày 29 /4/2026 của Ủy ban nhân dân xã Lợi Bác)",
     {"plan_number": "136/KH-UBND", "plan_date": date(2026, 4, 29), "commune": "Lợi Bác"}),
    ("(Kèm theo Chương trình số: -CTr/BCĐ, ngày tháng năm 2026 của Ban chỉ đạo về phát triển "
     "khoa học và Đề án 06 xã Nghĩa Đàn)", {"commune": "Nghĩa Đàn"}),
    ("(Kèm theo Kế hoạch số 92A/KH-UBND ngày 01 tháng 11 năm 2025 của UBND tỉnh)",
     {"plan_number": "92A/KH-UBND", "plan_date": date(2025, 11, 1)}),
    ("Kèm theo Kế hoạch số 45/KH-UBND ngày 15/3/2026 của UBND phường Hà Giang 1, tỉnh Tuyên Quang",
     {"plan_number": "45/KH-UBND", "plan_date": date(2026, 3, 15), "commune": "Hà Giang 1",
      "province": "Tuyên Quang"}),
    ("(Kèm theo Báo cáo số 12/BC-UBND ngày 20/11/2026 của UBND xã Tân Lập)",
     {"commune": "Tân Lập"}),  # a report's number and date are not the plan's
    ("Kèm theo Báo cáo số 12/BC-UBND ngày 20/11/2026 về Kế hoạch của UBND xã Tân Lập",
     {"commune": "Tân Lập"}),
    ("(Kem theo Ke hoach so 7/KH-UBND ngay 2/3/2026 cua UBND xa Tan Lap)", {}),
    ("DANH MỤC CÁC NHIỆM VỤ", {}),
])
def test_title_metadata(line, expected):
    assert title_metadata([line]) == expected


# --- shapes of sources ---------------------------------------------------------------

HEAD = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
TITLE = ["(Kèm theo Kế hoạch số 7/KH-UBND ngày 2/3/2026 của UBND xã Tân Lập)"]


def _txt(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join("\t".join(r) for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".txt", ".tsv"])
def test_clean_source_exits_zero(tmp_path, suffix):
    src = _txt(tmp_path / f"a{suffix}", [TITLE, HEAD, ["I", "Mục một", "", ""],
                                    ["1", "Việc một", "UBND xã", "Tháng 6/2026"]])
    report = import_appendix(src, tmp_path / "a.xlsx", province="Phú Thọ")
    assert report.exit_code == 0, report
    assert (report.metadata.commune, report.metadata.plan_number) == ("Tân Lập", "7/KH-UBND")
    assert read_commune(tmp_path / "a.xlsx").metadata.province == "Phú Thọ"


def test_missing_deadline_column_imports_empty_deadlines(tmp_path):
    rows = [r[:6] + r[7:] for r in table_rows(seed_text("loi_bac"))]
    report = import_appendix(_txt(tmp_path / "lb.txt", rows), tmp_path / "lb.xlsx")
    assert [m.column for m in report.missing_columns] == ["deadline"]
    assert "Thời gian hoàn thành" in report.missing_columns[0].message
    commune = read_commune(tmp_path / "lb.xlsx")
    assert len(commune.tasks) == 97 and all(t.deadline.text is None for t in commune.tasks)
    assert Counter(p.code for p in commune.errors) == Counter({"blank-deadline": 97})


def test_unplaced_rows_and_extra_columns_are_not_dropped(tmp_path):
    rows = [TITLE, [*HEAD, "Kinh phí"], ["I", "Mục một", "", "", ""],
            ["1", "Việc một", "UBND xã", "Năm 2026", "50 triệu đồng"],
            ["*", "Nội dung lạ", "Công an xã", "", ""]]  # "a)" would be sub-item 1a
    report = import_appendix(_txt(tmp_path / "u.txt", rows), tmp_path / "u.xlsx")
    assert [(u.where, u.text) for u in report.unplaced] == [
        ("dòng 5", "* | Nội dung lạ | Công an xã")]
    assert report.extra_columns == ("Kinh phí",) and report.exit_code == 1
    commune = read_commune(tmp_path / "u.xlsx")
    assert commune.tasks[0].note == "Kinh phí: 50 triệu đồng"
    guide = _guide(tmp_path / "u.xlsx")
    assert "Dòng không xếp được (dòng 5): «* | Nội dung lạ | Công an xã»" in guide


def _word_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    return table


@needs_docx
def test_docx_merged_cells_and_headerless_continuation(tmp_path):
    document = docx.Document()
    _word_table(document, [["ỦY BAN NHÂN DÂN", ""]])  # a layout table, no appendix header
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph(TITLE[0])
    table = _word_table(document, [HEAD, ["I", "Mục một", "", ""],
                                   ["1", "Việc một", "UBND xã", "Năm 2026"],
                                   ["2", "Việc hai", "", "Quý II/2026"]])
    table.cell(1, 1).merge(table.cell(1, 3))       # section title across the row
    table.cell(2, 2).merge(table.cell(3, 2))       # one lead for both tasks (vertical)
    document.add_paragraph("")
    _word_table(document, [["3", "Việc ba", "Công an xã", "Thường xuyên"]])  # no header
    document.add_paragraph("Nơi nhận: như trên.")
    src = tmp_path / "m.docx"
    document.save(src)
    report = import_appendix(src, tmp_path / "m.xlsx")
    assert report.table == "2 bảng nối tiếp, từ bảng thứ 2 đến bảng thứ 3 của tài liệu"
    assert report.exit_code == 0, import_report_lines(report)
    commune = read_commune(tmp_path / "m.xlsx")
    assert [(t.stt, t.lead, t.deadline.text) for t in commune.tasks] == [
        ("1", "UBND xã", "Năm 2026"), ("2", "UBND xã", "Quý II/2026"),
        ("3", "Công an xã", "Thường xuyên")]
    assert [(s.label, s.title) for s in commune.sections] == [("I", "Mục một")]


@needs_docx
def test_two_appendices_import_the_larger_and_name_the_other(tmp_path):
    document = docx.Document()
    document.add_paragraph("Phụ lục I")
    _word_table(document, [HEAD, ["1", "Việc một", "UBND xã", "Năm 2026"]])
    document.add_paragraph("Phụ lục II")
    document.add_paragraph(TITLE[0])
    _word_table(document, [HEAD, ["1", "Việc A", "UBND xã", "Năm 2026"],
                           ["2", "Việc B", "UBND xã", "Năm 2027"]])
    document.save(tmp_path / "two.docx")
    report = import_appendix(tmp_path / "two.docx", tmp_path / "two.xlsx")
    assert (report.tasks, report.table) == (2, "bảng thứ 2 của tài liệu")
    assert report.other_tables == ("bảng thứ 1 của tài liệu (1 nhiệm vụ)",)
    assert report.exit_code == 1


def test_workbook_metadata_sheet_and_any_header_row(tmp_path):
    rows = [["UBND XÃ TÂN LẬP"], [], [], HEAD, ["1", "Việc một", "UBND xã", "Năm 2026"]]
    src = write_rows(tmp_path / "w.xlsx", rows, sheet="Sheet1", commune="Tân Lập",
                     province="Phú Thọ")
    report = import_appendix(src, tmp_path / "out.xlsx")
    assert (report.metadata.commune, report.metadata.province) == ("Tân Lập", "Phú Thọ")
    assert report.table == "trang «Sheet1»" and report.exit_code == 0
    assert "Tiêu đề gốc: UBND XÃ TÂN LẬP" in report.notes


@needs_docx
def test_docx_real_footnotes(tmp_path):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate([HEAD, ["1", "Việc một", "UBND xã", "Năm 2026"],
                             ["2", "Việc hai", "UBND xã", "Tháng 3/2026"]]):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    run = table.rows[2].cells[1].paragraphs[0].add_run()
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "7")
    run._r.append(ref)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    blob = (f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p/>'
            f'</w:footnote><w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t> '
            f'Nhiệm vụ đã hoàn thành</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                blob, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    src = tmp_path / "f.docx"
    document.save(src)
    import_appendix(src, tmp_path / "f.xlsx", commune="Tân Lập")
    commune = read_commune(tmp_path / "f.xlsx")
    assert [(t.name, t.note) for t in commune.tasks] == [("Việc một", None),
                                                          ("Việc hai", "Đã hoàn thành")]


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("x.txt", "không có bảng nào ở đây\n", "Không tìm thấy bảng phụ lục"),
    ("x.docx", b"PK\x03\x04 hong", "Không đọc được tài liệu Word"),
    ("x.xlsx", b"khong phai excel", "Không đọc được tệp"),
    ("x.pdf", b"%PDF-1.4", "chuyển PDF"),
    ("x.doc", b"\xd0\xcf\x11\xe0", "Lưu thành"),
])
def test_nothing_importable(tmp_path, name, content, needle):
    src = tmp_path / name
    src.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ImportFailure, match=needle):
        import_appendix(src, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


@needs_docx
def test_docx_without_appendix_table(tmp_path):
    document = docx.Document()
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "ỦY BAN NHÂN DÂN"
    document.save(tmp_path / "n.docx")
    with pytest.raises(ImportFailure, match="có 1 bảng nhưng không bảng nào"):
        import_appendix(tmp_path / "n.docx", tmp_path / "n.xlsx")


# --- command line --------------------------------------------------------------------

runner = CliRunner()


def test_cli_import_text_with_options(tmp_path):
    src = tmp_path / "nghe_an.txt"
    src.write_text(seed_text("nghe_an"), encoding="utf-8")
    out = tmp_path / "kq.xlsx"
    result = runner.invoke(app, ["import", str(src), "-o", str(out), "--commune", "Nghệ An",
                                 "--province", "Nghệ An"])
    assert result.exit_code == 0, result.output
    assert "35 nhiệm vụ" in result.output and "Nhập xong, không có gì cần sửa." in result.output
    assert read_commune(out).metadata.commune == "Nghệ An"


@needs_docx
def test_cli_import_json_and_exit_one(tmp_path):
    src = write_source(tmp_path, "nghia_dan", "docx")
    out = tmp_path / "nd.xlsx"
    result = runner.invoke(app, ["import", str(src), "-o", str(out), "--json", "-"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["tasks"] == 37 and data["exit_code"] == 1
    assert data["missing_columns"][0]["stand_in"] == "Trực tiếp chỉ đạo"
    assert {"original": "Trực tiếp chỉ đạo", "column": "director",
            "label": "Lãnh đạo chỉ đạo"} in data["columns"]
    assert [s["label"] for s in data["sections"]][4:6] == ["V", "5.1"]


def test_cli_import_text_report(tmp_path):
    src = write_source(tmp_path, "loi_bac", "xlsx")
    result = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "lb.xlsx"),
                                 "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 1
    assert "97 nhiệm vụ" in result.output
    assert "tên mục ghi 4 nhiệm vụ" in result.output
    assert "[blank-deadline]" in result.output
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["count_mismatches"] == [
        {"label": "I", "title": "Công tác chỉ đạo, điều hành (4 nhiệm vụ)", "declared": 4,
         "found": 3},
        {"label": "VII", "title": "VỀ khoa học công nghệ và đổi mới sáng tạo (03 Nhiệm vụ)",
         "declared": 3, "found": 10}]


@pytest.mark.parametrize(("source", "output", "needle"), [
    ("missing.docx", "x.xlsx", "Không tìm thấy tệp"),
    ("a.txt", "x.csv", "phải có đuôi .xlsx"),
    ("a.txt", "a.txt", "phải có đuôi .xlsx"),
    ("a.pdf", "x.xlsx", "chuyển PDF"),
])
def test_cli_import_usage_errors(tmp_path, source, output, needle):
    _txt(tmp_path / "a.txt", [HEAD, ["1", "Việc", "UBND xã", "Năm 2026"]])
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["import", str(tmp_path / source), "-o", str(tmp_path / output),
                                 "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert "LỖI" in result.stderr and needle in result.stderr
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["exit_code"] == 2
    assert not (tmp_path / "x.xlsx").exists()
