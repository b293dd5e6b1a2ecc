"""A Word appendix dropped into the reports folder is imported on the fly and
consolidated, with the import's report in "Lỗi dữ liệu" (issue 16, item 9)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.province.inputs import find_inputs
from nq57xl.province.reading import read_report

docx = pytest.importorskip("docx")  # python-docx only builds the test documents

runner = CliRunner()
AS_OF = date(2026, 11, 23)
HEAD = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]


def word(path: Path, lines: list[str], rows: list[list[str]]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows) + 1, cols=len(HEAD))
    for r, row in enumerate([HEAD, *rows]):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    document.add_paragraph("Nơi nhận: như trên.")
    document.save(path)
    return path


TASKS = [["I", "Chuyển đổi số", "", ""],
         ["1", "Số hoá hồ sơ một cửa", "Văn phòng UBND", "Tháng 12/2026"],
         ["2", "Lắp camera an ninh", "Công an xã", "Quý IV/2026"],
         ["3", "Tập huấn kỹ năng số", "Phòng Văn hoá - Xã hội", "Ngày 31/2/2026"]]


@pytest.mark.parametrize("title,plan", [
    ("(Kèm theo Kế hoạch số 136/KH-UBND ngày 29/4/2026 của Ủy ban nhân dân xã Đô Lương)",
     ("136/KH-UBND", date(2026, 4, 29))),
    ("(Kèm theo Báo cáo số 45/BC-UBND ngày 20/11/2026 của Ủy ban nhân dân xã Đô Lương)",
     (None, None)),
])
def test_word_report_read_like_a_workbook(tmp_path, title, plan):
    src = word(tmp_path / "bao_cao.docx", ["ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG", title], TASKS)
    report = read_report(src, "bao_cao.docx", as_of=AS_OF)
    meta = report.metadata
    assert [(t.stt, t.lead) for t in report.tasks] == [
        ("1", "Văn phòng UBND"), ("2", "Công an xã"), ("3", "Phòng Văn hoá - Xã hội")]
    assert (meta.commune, meta.plan_number, meta.plan_date) == ("Đô Lương", *plan)
    lines = [p.message for p in report.problems if p.code == "word-import"]
    assert lines[0].startswith("Tệp Word được nhập tự động vào mẫu chuẩn để tổng hợp: Đã nhập "
                               "«bao_cao.docx»")
    assert "3 nhiệm vụ" in lines[0] and "/tmp" not in " ".join(lines)
    # the data problem comes once, from reading the template, naming the converted sheet
    [bad] = [p for p in report.problems if p.code == "bad-deadline"]
    assert bad.sheet == "Nhiệm vụ (bản chuyển từ Word)" and bad.value == "Ngày 31/2/2026"


def test_word_without_kem_theo_named_by_its_title_block(tmp_path):
    src = word(tmp_path / "x.docx", ["UBND PHƯỜNG CỬA LÒ", "BÁO CÁO TIẾN ĐỘ THÁNG 11/2026"],
               TASKS[:2])
    meta = read_report(src, "x.docx", as_of=AS_OF).metadata
    assert (meta.commune, meta.identified_by) == ("Cửa Lò", "tiêu đề trong tệp Word (dòng 1)")


def test_folder_with_word_files_is_consolidated(tmp_path):
    folder = tmp_path / "bao_cao"
    folder.mkdir()
    word(folder / "do_luong.docx", ["ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG",
                                    "(Kèm theo Kế hoạch số 7/KH-UBND ngày 2/3/2026 của UBND xã "
                                    "Đô Lương)"], TASKS)
    word(folder / "Xa Dien Chau T11-2026.docx", ["BÁO CÁO TIẾN ĐỘ"], TASKS[:3])
    (folder / "ghi_chu.docx").write_bytes(b"PK\x03\x04 not a document")
    (folder / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert {i.name: i.skip_reason is None for i in find_inputs(folder)} == {
        "do_luong.docx": True, "Xa Dien Chau T11-2026.docx": True, "ghi_chu.docx": True,
        "cu.doc": False}

    out, js = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of",
                                 AS_OF.isoformat(), "--province", "Nghệ An", "--json", str(js)])
    assert result.exit_code == 1, result.output  # the broken document is an error
    data = json.loads(js.read_text(encoding="utf-8"))
    by_file = {c["file"]: c for c in data["communes"] if c["submitted"]}
    assert (by_file["do_luong.docx"]["commune"], by_file["do_luong.docx"]["figures"]["tasks"]) == (
        "Đô Lương", 3)
    assert by_file["do_luong.docx"]["identified_by"] == "dòng «Kèm theo …» trong tệp Word"
    assert (by_file["Xa Dien Chau T11-2026.docx"]["commune"],
            by_file["Xa Dien Chau T11-2026.docx"]["identified_by"]) == ("Diễn Châu", "tên tệp")
    codes = {(i["file"], i["code"]) for i in data["issues"]}
    assert ("ghi_chu.docx", "word-import-failed") in codes
    assert ("cu.doc", "skipped-file") in codes

    sheet = openpyxl.load_workbook(out)["Lỗi dữ liệu"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[1] == "do_luong.docx"]
    messages = [r[6] for r in rows if r[4] == "word-import"]
    assert any("kế hoạch: số 7/KH-UBND ngày 02/03/2026" in m for m in messages)
    assert any(r[4] == "bad-deadline" and r[2] == "Nhiệm vụ (bản chuyển từ Word)" for r in rows)
