"""`nq57xl feedback`: each commune's own workbook back, problems marked, a "Phản hồi" sheet."""

from __future__ import annotations

import email
import hashlib
import io
import json
import zipfile
from datetime import date
from email import policy
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from openpyxl.comments import Comment
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.mail.feedback import write_feedback
from nq57xl.mail.feedback_result import FEEDBACK_SHEET
from nq57xl.assess.status import STATUSES
from nq57xl.template.build import describe_workbook
from nq57xl.read.commune import read_commune

from tests.mail.test_mail import AS_OF, commune_book, consolidate

runner = CliRunner()
ROWS = [
    {"section": "I", "title": "Chỉ đạo, điều hành"},
    {"stt": "1", "name": "Ban hành kế hoạch", "lead": "Văn phòng HĐND và UBND",
     "deadline": "Tháng 6/2026", "state": "Đã hoàn thành", "progress": 100,
     "done_date": date(2026, 6, 20), "evidence": "12/KH-UBND", "updated": date(2026, 11, 10)},
    {"stt": "2", "name": "=1+2 là tên do xã gõ", "lead": "Công an xã", "deadline": "Tháng 12/2026",
     "state": "Đang thực hiện", "progress": "nhiều", "updated": date(2026, 11, 10)},
    {"stt": "3", "name": "Số hoá hồ sơ", "deadline": "Sớm", "state": "Xong rồi", "progress": 50,
     "updated": "32/13/2026"},
    {"stt": "4", "name": "Cập nhật cổng thông tin", "lead": "Phòng Văn hóa - Xã hội",
     "deadline": "Thường xuyên", "state": "Đã hoàn thành", "progress": 100,
     "done_date": date(2026, 10, 1), "updated": date(2026, 11, 10)},
]
MAIL = "vanphong.loibac@langson.gov.vn"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def planted(folder: Path) -> Path:
    """A template workbook with planted problems, a hidden sheet and a commune's comment."""
    path = commune_book(folder / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 15), 0, mail=MAIL,
                        rows=ROWS)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Nháp").sheet_state = "hidden"
    progress = next(p.cell for p in read_commune(path).problems if p.code == "bad-progress")
    wb["Nhiệm vụ"][progress].comment = Comment("Xã ghi chú: chưa chắc số liệu", "Xã Lợi Bác")
    wb.save(path)
    return path


def run(*args: str):
    return runner.invoke(app, ["feedback", *args, "--as-of", AS_OF.isoformat()])


def test_feedback_copy_keeps_everything_and_marks_problems(tmp_path):
    source = planted(tmp_path / "bao_cao")
    before = sha256(source)
    out = tmp_path / "phan_hoi"
    result = run(str(source.parent), "-o", str(out), "--email")
    assert result.exit_code == 1, result.output
    assert sha256(source) == before  # the original is never touched
    copy = out / "loi_bac_phan_hoi.xlsx"
    assert f"loi_bac.xlsx (Lợi Bác): 5 lỗi, 2 cảnh báo → {copy}" in result.output

    original, fed = openpyxl.load_workbook(source), openpyxl.load_workbook(copy)
    assert fed.sheetnames == [FEEDBACK_SHEET, *original.sheetnames]
    assert fed.active.title == FEEDBACK_SHEET
    assert [ws.sheet_view.tabSelected for ws in fed.worksheets] == [True] + [False] * len(original.sheetnames)
    want, got = describe_workbook(source), describe_workbook(copy)
    for name in original.sheetnames:  # values, validations, formats, panes, filters, protection
        assert got["detail"][name] == want["detail"][name], name
        a, b = original[name], fed[name]
        assert b.sheet_state == a.sheet_state
        assert [str(dv.sqref) for dv in b.data_validations.dataValidation] == \
            [str(dv.sqref) for dv in a.data_validations.dataValidation]
        assert b.freeze_panes == a.freeze_panes
        assert {k: d.width for k, d in b.column_dimensions.items()} == \
            {k: d.width for k, d in a.column_dimensions.items()}
        assert [(str(cf.sqref), len(cf.rules)) for cf in b.conditional_formatting] == \
            [(str(cf.sqref), len(cf.rules)) for cf in a.conditional_formatting]
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows()):
            for ca, cb in zip(row_a, row_b):
                assert (cb.value, cb.data_type, cb.number_format) == (ca.value, ca.data_type, ca.number_format)
    assert not [c for ws in fed.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    looks_like_formula = fed["Nhiệm vụ"]["B4"]  # commune text beginning with "=" stays text
    assert (looks_like_formula.value, looks_like_formula.data_type) == ("=1+2 là tên do xã gõ", "s")

    problems = read_commune(source, as_of=AS_OF).problems
    with_cell = [p for p in problems if p.cell]
    assert {p.code for p in problems} >= {"bad-progress", "blank-lead", "bad-deadline", "bad-state",
                                         "bad-date", "done-without-evidence", "hidden-sheet"}
    for p in with_cell:
        cell, kept = fed[p.sheet][p.cell], original[p.sheet][p.cell]
        assert cell.fill.fgColor.rgb.endswith("FFC7CE" if p.severity == "error" else "FFEB9C"), p
        assert cell.border.left.style == "medium" and kept.border.left.style != "medium"
        assert p.message in cell.comment.text
        assert (repr(cell.font), repr(cell.protection), repr(cell.alignment)) == \
            (repr(kept.font), repr(kept.protection), repr(kept.alignment))
    commented = fed["Nhiệm vụ"][next(p.cell for p in problems if p.code == "bad-progress")]
    assert commented.comment.text.endswith("Ghi chú trước đó:\nXã ghi chú: chưa chắc số liệu")
    untouched = fed["Nhiệm vụ"]["B3"]  # a cell without problem keeps its style
    assert (repr(untouched.fill), repr(untouched.border)) == \
        (repr(original["Nhiệm vụ"]["B3"].fill), repr(original["Nhiệm vụ"]["B3"].border))

    sheet = fed[FEEDBACK_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:2] == ["STT", "Mã lỗi"])
    table = [r for r in rows[header + 1:] if r[0] is not None]
    assert len(table) == len(problems)
    assert {(r[1], r[2], r[3] or None, r[4] or None) for r in table} == {
        (p.code, "Lỗi" if p.severity == "error" else "Cảnh báo", p.sheet, p.cell) for p in problems}
    links = [c.hyperlink.location for row in sheet.iter_rows() for c in row if c.hyperlink]
    assert sorted(links) == sorted(f"'{p.sheet}'!{p.cell}" for p in with_cell)
    assert table[0][1] == "hidden-sheet" and table[0][4] in ("", None)  # file-level: listed only
    assert sheet["A1"].value == "PHẢN HỒI VỀ BÁO CÁO NGHỊ QUYẾT 57-NQ/TW CỦA XÃ LỢI BÁC"
    # The engine reads the feedback copy exactly like the original.
    assert read_commune(copy, as_of=AS_OF).tasks == read_commune(source, as_of=AS_OF).tasks

    draft = email.message_from_bytes((out / "loi_bac_phan_hoi.eml").read_bytes(), policy=policy.default)
    assert draft["To"] == MAIL and draft["X-Unsent"] == "1"
    assert draft["Subject"].startswith("Phản hồi báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW")
    assert "Kính gửi: Ủy ban nhân dân xã Lợi Bác," in draft.get_body(("plain",)).get_content()
    (attachment,) = list(draft.iter_attachments())
    assert attachment.get_content() == copy.read_bytes()


def test_feedback_with_consolidation_json(tmp_path):
    folder = tmp_path / "bao_cao"
    commune_book(folder / "dot2" / "dong_kinh.xlsx", "Đông Kinh", date(2026, 11, 22), 0,
                 code="05977", rows=ROWS)
    commune_book(folder / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 15), 3)
    _, json_path, _ = consolidate(folder, tmp_path / "tong_hop.xlsx")
    out = tmp_path / "phan_hoi"  # outside the reports folder (inside is refused)
    for _ in range(2):
        result = run(str(folder), "-o", str(out), "--json", str(json_path))
        assert result.exit_code == 1, result.output
        assert "loi_bac.xlsx (Lợi Bác): không có lỗi, không cần phản hồi." in result.output
        assert "Đã ghi 1 tệp phản hồi cho 2 tệp báo cáo." in result.output
    copy = out / "dot2" / "dong_kinh_phan_hoi.xlsx"
    sheet = openpyxl.load_workbook(copy)[FEEDBACK_SHEET]
    pairs = {r[1]: r[2] for r in sheet.iter_rows(values_only=True) if r[1] and r[2] is not None}
    assert pairs["Xếp hạng"] == "2/2" and pairs["Tình trạng nộp"] == "Nộp muộn"
    assert pairs["Ngày báo cáo"] == "22/11/2026"
    (entry,) = [c for c in json.loads(json_path.read_text(encoding="utf-8"))["communes"]
                if c["file"] == "dot2/dong_kinh.xlsx"]
    assert {s: pairs[s] for s in STATUSES} == {s: entry["figures"][s] for s in STATUSES}
    codes = [r[1] for r in sheet.iter_rows(values_only=True)]
    assert "late-report" in codes  # a problem found by consolidation, not by reading
    assert sheet["A1"].value.endswith("CỦA PHƯỜNG ĐÔNG KINH")


def write_ods(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A minimal OpenDocument spreadsheet."""
    def cell(v: object) -> str:
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'
    body = "".join(f'<table:table table:name="{escape(name)}">' + "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>" for name, rows in sheets.items())
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                   'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                   '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
        z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
                   f'office:version="1.2"><office:body><office:spreadsheet>{body}'
                   "</office:spreadsheet></office:body></office:document-content>")
    return path


def test_ods_gets_a_feedback_sheet_only(tmp_path):
    source = write_ods(tmp_path / "quy_hoa.ods", {
        "Thông tin": [["Tên xã/phường", "Quý Hòa"]],
        "Nhiệm vụ": [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Tiến độ (%)"],
                     [1, "Nhiệm vụ 1", "Văn phòng", "Tháng 6/2026", "nhiều"]]})
    before = sha256(source)
    result = write_feedback(source, tmp_path / "out", as_of=AS_OF)
    assert sha256(source) == before
    assert result.output == tmp_path / "out" / "quy_hoa_phan_hoi.xlsx" and not result.copied
    assert "Tệp gốc dạng .ods không chép nguyên trạng được" in result.notes[0]
    wb = openpyxl.load_workbook(result.output)
    assert wb.sheetnames == [FEEDBACK_SHEET]
    values = [c.value for row in wb[FEEDBACK_SHEET].iter_rows() for c in row]
    assert "bad-progress" in values and "E2" in values
    assert not [c for row in wb[FEEDBACK_SHEET].iter_rows() for c in row if c.hyperlink]


def as_xlsm(xlsx: Path, target: Path, vba: bytes) -> Path:
    """The workbook turned into a macro workbook holding ``vba`` as its VBA project."""
    out = io.BytesIO()
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"macroEnabled.main+xml").replace(
                    b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
                data = data.replace(b"application/vnd.openxmlformats-officedocument.macroEnabled",
                                    b"application/vnd.ms-excel.sheet.macroEnabled")
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.'
                                    b'microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                                    b"</Relationships>")
            dst.writestr(info, data)
        dst.writestr("xl/vbaProject.bin", vba)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(out.getvalue())
    return target


def test_xlsm_stays_a_macro_workbook(tmp_path):
    xlsx = commune_book(tmp_path / "tmp.xlsx", "Lợi Bác", date(2026, 11, 15), 0, rows=ROWS)
    vba = b"\xd0\xcf\x11\xe0 not a real VBA project, kept byte for byte"
    source = as_xlsm(xlsx, tmp_path / "bao_cao" / "loi_bac.xlsm", vba)
    result = write_feedback(source, tmp_path / "out", as_of=AS_OF)
    assert result.output == tmp_path / "out" / "loi_bac_phan_hoi.xlsm" and result.copied
    with zipfile.ZipFile(result.output) as z:
        assert z.read("xl/vbaProject.bin") == vba
        assert b"macroEnabled" in z.read("[Content_Types].xml")
    assert openpyxl.load_workbook(result.output).sheetnames[0] == FEEDBACK_SHEET


def test_clean_workbook_needs_no_feedback(tmp_path):
    source = commune_book(tmp_path / "xa" / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 15), 3)
    result = run(str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "không có lỗi, không cần phản hồi" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [[], ["--json", "khong_co.json"]])
def test_feedback_usage_errors(tmp_path, args):
    empty = tmp_path / "trong"
    empty.mkdir()
    result = run(str(empty), "-o", str(tmp_path / "out"), *args)
    assert result.exit_code == 2


def test_draft_falls_back_to_the_given_address_and_signature(tmp_path):
    """The workbook's own email wins; without one the given (roster) address is used."""
    own = planted(tmp_path / "xa")
    bare = commune_book(tmp_path / "xa" / "quy_hoa.xlsx", "Quý Hòa", date(2026, 11, 18), 0,
                        rows=ROWS)
    signature = "Nguyễn Văn An\nPhòng Quản lý khoa học, Sở Khoa học và Công nghệ tỉnh Lạng Sơn"
    roster_mail = "quyhoa@langson.gov.vn"
    got = {}
    for path in (own, bare):
        r = write_feedback(path, tmp_path / "out", as_of=AS_OF, email=True, address=roster_mail,
                           signature=signature)
        msg = email.message_from_bytes(r.draft.read_bytes(), policy=policy.default)
        body = msg.get_body().get_content().replace("\r\n", "\n")
        got[path.name] = (r.email, msg["To"], body)
    assert got["loi_bac.xlsx"][:2] == (MAIL, MAIL)
    assert got["quy_hoa.xlsx"][:2] == (roster_mail, roster_mail)
    for _, _, body in got.values():
        assert body.rstrip().endswith("Trân trọng.\n" + signature)
    bad = write_feedback(bare, tmp_path / "out2", as_of=AS_OF, email=True,
                         address="không phải địa chỉ", address_source="danh sách xã «ds.csv», dòng 3")
    assert bad.output is not None and bad.email is None and bad.draft is None
    assert bad.refused == ("Địa chỉ email «không phải địa chỉ» (danh sách xã «ds.csv», dòng 3) "
                           "không hợp lệ; hãy ghi dạng ten@donvi.gov.vn.")
