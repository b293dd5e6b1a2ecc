"""Legacy Vietnamese font encodings (issue #16 item 8): TCVN3 and VNI to Unicode."""

from __future__ import annotations

import unicodedata
from datetime import date

import openpyxl
import pytest

from nq57xl.read.commune import read_commune
from nq57xl.read.legacyfonts import (
    cell_encoding,
    from_tcvn3,
    from_vni,
    sheet_encoding,
    to_tcvn3,
    to_vni,
)

#: Every Vietnamese vowel with every tone, and đ.
LOWER = "".join(unicodedata.normalize("NFC", v + t) for v in
                ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
                for t in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")) + "đ"
SENTENCES = ["Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Đã hoàn thành",
             "Ủy ban nhân dân xã Đô Lương", "Phòng Văn hóa - Xã hội", "Chuyển đổi số"]


def test_tcvn3_round_trip_of_every_lower_case_letter_and_the_capitals_it_has():
    text = LOWER + "ĂÂĐÊÔƠƯ"
    assert to_tcvn3(text) != text
    assert from_tcvn3(to_tcvn3(text)) == text


def test_vni_round_trip_of_every_letter_in_both_cases():
    text = LOWER + " " + LOWER.upper()
    assert to_vni(text).isascii() is False and "ư" not in to_vni(text)
    assert from_vni(to_vni(text)) == text


@pytest.mark.parametrize("legacy, unicode", [
    ("Tªn nhiÖm vô", "Tên nhiệm vụ"), ("Thêi gian hoµn thµnh", "Thời gian hoàn thành"),
    ("Tæng céng", "Tổng cộng"), ("C¬ quan chñ tr×", "Cơ quan chủ trì"),
])
def test_tcvn3_known_texts(legacy, unicode):
    assert from_tcvn3(legacy) == unicode


@pytest.mark.parametrize("legacy, unicode", [
    ("Teân nhieäm vuï", "Tên nhiệm vụ"), ("Cô quan chuû trì", "Cơ quan chủ trì"),
    ("Ñaõ hoaøn thaønh", "Đã hoàn thành"), ("Thôøi gian", "Thời gian"),
])
def test_vni_known_texts(legacy, unicode):
    assert from_vni(legacy) == unicode


@pytest.mark.parametrize("text, encoding", [
    ("Tªn nhiÖm vô", "TCVN3"), ("Teân nhieäm vuï", "VNI"), ("Tên nhiệm vụ", "Unicode"),
    ("STT", None), ("«STT» Cơ quan", "Unicode"), ("Cã", ""), ("Thái Hoà", ""),
    ("Tháng 3/2026 ¹", ""), ("«Tên»", ""), ("c«ng", "TCVN3"), ("Ñoâng", "VNI"),
    ("Tæ chøc triÓn khai", "TCVN3"), ("chæ ñaïo", "VNI"),
])
def test_cell_encoding(text, encoding):
    assert cell_encoding(text) == encoding


@pytest.mark.parametrize("convert, name", [(to_tcvn3, "TCVN3"), (to_vni, "VNI")])
def test_a_sheet_is_legacy_only_when_its_text_is(convert, name):
    legacy = [[convert(s)] for s in SENTENCES]
    unicode = [[s] for s in SENTENCES]
    assert sheet_encoding(legacy) == (name, True)
    assert sheet_encoding(unicode) is None
    assert sheet_encoding(legacy[:1] + unicode) is None  # one odd cell
    assert sheet_encoding(unicode[:4] + legacy[:3]) == (name, False)  # rows pasted under
    assert sheet_encoding(unicode * 4 + legacy[:2]) is None


@pytest.mark.parametrize("convert, name", [(to_tcvn3, "TCVN3"), (to_vni, "VNI")])
@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_table_typed_in_a_legacy_font_is_read_with_a_warning(tmp_path, office, convert, name,
                                                              suffix):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([convert("ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG".lower())])
    ws.append([convert(h) for h in ("STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành",
                                    "Tình trạng thực hiện")])
    ws.append([1, convert("Số hóa hồ sơ thủ tục hành chính"), convert("Văn phòng Đảng ủy"),
               convert("Quý IV/2026"), convert("Đang thực hiện")])
    path = tmp_path / "legacy.xlsx"
    wb.save(path)
    if suffix == ".xls":
        office.convert(path, "xls", tmp_path)
        path = path.with_suffix(".xls")
    report = read_commune(path, as_of=date(2026, 11, 30))
    [task] = report.tasks
    assert (task.name, task.lead, task.state) == ("Số hóa hồ sơ thủ tục hành chính",
                                                  "Văn phòng Đảng ủy", "Đang thực hiện")
    assert task.deadline.due == date(2026, 12, 31)
    [p] = [p for p in report.problems if p.code == "legacy-encoding"]
    assert name in p.message and p.sheet == "Sheet1" and p.severity == "warning"
    assert "no-task-sheet" not in [q.code for q in report.problems]


def test_legacy_rows_pasted_under_a_unicode_header_are_converted_and_nothing_else(tmp_path):
    rows = [["UBND XÃ BẠCH HÀ"], ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành",
                                 "Tình trạng thực hiện"]]
    rows += [[n, to_tcvn3(name), to_tcvn3("Văn phòng HĐND và UBND"), deadline, to_tcvn3(state)]
             for n, name, deadline, state in [(1, "Xây dựng kế hoạch", "Quý I/2026", "Đã hoàn thành"),
                                              (2, "Tổ chức triển khai", "Thường xuyên", "Đang thực hiện"),
                                              (3, "Cã thể", "Năm 2026", "Chưa thực hiện")]]
    rows.append([4, "Thái Hoà", "Phòng Văn hóa", "Năm 2026", "Chưa thực hiện"])
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / "mixed.xlsx")
    report = read_commune(tmp_path / "mixed.xlsx", as_of=date(2026, 11, 30))
    assert [(t.name, t.lead, t.deadline.kind, t.state) for t in report.tasks] == [
        ("Xây dựng kế hoạch", "Văn phòng HĐND và UBND", "date", "Đã hoàn thành"),
        ("Tổ chức triển khai", "Văn phòng HĐND và UBND", "recurring", "Đang thực hiện"),
        ("Cã thể", "Văn phòng HĐND và UBND", "date", "Chưa thực hiện"),  # could be either: kept
        ("Thái Hoà", "Phòng Văn hóa", "date", "Chưa thực hiện")]
    assert [p.code for p in report.problems].count("legacy-encoding") == 1
