"""Who sent it: the commune of a workbook from "Thông tin", the title block, the sheet
names or the file name, matched against the roster (issue 16, item 1)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.province.identify import NameFinder, identify
from nq57xl.province.roster import RosterEntry, RosterIndex, official_roster
from nq57xl.read.commune import read_commune
from nq57xl.read.identity import guess_name
from nq57xl.records import Metadata, NameSource

runner = CliRunner()
AS_OF = date(2026, 11, 23)
HEADER = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
TASKS = [["1", "Số hoá hồ sơ", "Văn phòng", "Tháng 12/2026"],
         ["2", "Lắp camera", "Công an xã", "Quý IV/2026"]]
NGHE_AN = official_roster("Nghệ An")


def book(path: Path, *, title: list[str] = (), sheet: str = "Nhiệm vụ",
         info: str | None = None, province: str | None = None) -> Path:
    """A commune's own workbook: title lines, then the task table; "Thông tin" optional."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for line in title:
        ws.append([line])
    ws.append([])
    for row in [HEADER, *TASKS]:
        ws.append(row)
    if info or province:
        meta = wb.create_sheet("Thông tin")
        if info:
            meta.append(["Tên xã/phường", info])
        if province:
            meta.append(["Tỉnh/thành phố", province])
    wb.save(path)
    return path


def entry(name: str, code: str) -> RosterEntry:
    return RosterEntry(code, f"Xã {name}", name, "Thử")


def found(text: str, entries: list[RosterEntry], *, after_unit: bool = False) -> list[str]:
    return [e.name for e in NameFinder(entries).find(text, after_unit=after_unit)]


@pytest.mark.parametrize("text,name", [
    ("ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG", "Đô Lương"),
    ("UBND PHƯỜNG CỬA LÒ", "Cửa Lò"),
    ("Báo cáo tiến độ thực hiện Nghị quyết 57 của xã Tân Kỳ tháng 11 năm 2026", "Tân Kỳ"),
    ("Xa Dien Chau T11-2026", "Dien Chau"),
    ("BC_NQ57_phuong_Cua_Lo_thang 11", "Cua Lo"),
    ("BC tiến độ NQ57 - Hưng Nguyên Nam - export", "Hưng Nguyên Nam"),
    ("xa Tien Thang T11", "Tien Thang"),
    ("Báo cáo của xã Tân Kỳ về việc thực hiện Nghị quyết", "Tân Kỳ"),
    ("Kết quả của phường Vinh Phú, tỉnh Nghệ An", "Vinh Phú"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam"),
    ("T11.2026", None),
    ("UBND XÃ VỊ XUYÊN", "Vị Xuyên"),
    ("Báo cáo quý IV của xã Tân Kỳ", "Tân Kỳ"),
])
def test_guess_name_without_roster(text, name):
    assert guess_name(text) == name


@pytest.mark.parametrize("text,after_unit,names", [
    ("Xa Dien Chau T11-2026", False, ["Diễn Châu"]),
    ("BC_NQ57_phuong_Cua_Lo_thang 11", False, ["Cửa Lò"]),
    ("ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG", True, ["Đô Lương"]),
    ("Báo cáo ... của xã Tân Kỳ", True, ["Tân Kỳ"]),
    ("hung_nguyen_nam_bao_cao_T11", False, ["Hưng Nguyên Nam"]),  # the longest name wins
    ("HƯNG NGUYÊN", False, ["Hưng Nguyên"]),
    ("Kế hoạch của tỉnh Nghệ An về Diễn Châu", True, []),  # a title needs the unit word
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, []),
    ("THÔNG TIN BÁO CÁO CỦA XÃ/PHƯỜNG", True, []),
    ("Tổng hợp", False, []),
])
def test_names_found_in_nghe_an(text, after_unit, names):
    assert found(text, NGHE_AN, after_unit=after_unit) == names


@pytest.mark.parametrize("text,names", [
    ("xa hoa an", ["Hòa An", "Hóa An"]),  # no diacritics: both fit, ambiguous
    ("Xã Hóa An", ["Hóa An"]),  # diacritics tell them apart
    ("Xã Hoà An", ["Hòa An"]),  # old tone placement is the same name
    ("XÃ HÒA AN", ["Hòa An"]),
])
def test_diacritics_decide_between_names_that_differ_only_by_them(text, names):
    roster = [entry("Hòa An", "00001"), entry("Hóa An", "00002"), entry("An", "00003")]
    assert found(text, roster) == names


def meta_of(*sources: tuple[str, str], commune: str | None = None) -> Metadata:
    return Metadata(commune=commune, name_sources=tuple(
        NameSource(kind, f"nơi {kind}", text) for kind, text in sources))


def test_identify_order_ambiguity_and_not_found():
    roster = [entry("Hòa An", "00001"), entry("Hóa An", "00002"), entry("Tân Kỳ", "00003")]
    index, finder = RosterIndex(roster), NameFinder(roster)

    first = identify(meta_of(("info", "Tân Kỳ"), ("file", "xa hoa an")), index, finder, "f.xlsx")
    assert (first.entry.code, first.where, first.problems) == ("00003", "nơi info", ())

    # "Thông tin" names no commune on the roster: the title decides, with a warning.
    other = identify(meta_of(("info", "Tân Kì"), ("title", "UBND XÃ HÓA AN")), index, finder, "f.xlsx")
    assert other.entry.code == "00002" and other.where == "nơi title"
    assert [p.code for p in other.problems] == ["commune-identified-elsewhere"]
    assert "Tân Kì" in other.problems[0].message and "Xã Hóa An" in other.problems[0].message

    # "Thông tin" wins over a title naming another commune, with a warning naming both.
    copied = identify(meta_of(("info", "Tân Kỳ"), ("title", "UBND XÃ HÓA AN")), index, finder, "f")
    assert copied.entry.code == "00003" and [p.code for p in copied.problems] == ["commune-conflict"]
    assert "Xã Tân Kỳ" in copied.problems[0].message and "Xã Hóa An" in copied.problems[0].message

    # Ambiguous everywhere: a warning naming both, no pick.
    both = identify(meta_of(("title", "UBND xa Hoa An"), ("file", "Hoa_An_T11")), index, finder, "f.xlsx")
    assert both.entry is None
    [warning] = both.problems
    assert warning.code == "ambiguous-commune"
    assert "Xã Hòa An (mã 00001)" in warning.message and "Xã Hóa An (mã 00002)" in warning.message

    # An ambiguous title settled by a later place that names one of its candidates.
    settled = identify(meta_of(("title", "UBND xa Hoa An"), ("sheet", "Hóa An")), index, finder, "f")
    assert settled.entry.code == "00002" and settled.where == "nơi sheet"

    # Nothing fits: the names tried, where, and the nearest roster names.
    none = identify(meta_of(("title", "UBND XÃ TÂN KÌ"), ("file", "bao cao")), index, finder, "f.xlsx")
    [missing] = none.problems
    assert none.entry is None and missing.code == "not-on-roster"
    assert "«Tân Kì» (nơi title)" in missing.message and "gần giống" in missing.message
    assert "Tân Kỳ" in missing.message


@pytest.mark.parametrize("kwargs,file,commune,where", [
    ({"info": "Đô Lương"}, "a.xlsx", "Đô Lương", "sheet Thông tin (ô B1)"),
    ({"title": ["ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]},
     "a.xlsx", "Đô Lương", "tiêu đề (ô A1)"),
    ({"title": ["Độc lập - Tự do - Hạnh phúc", "UBND PHƯỜNG CỬA LÒ"]}, "a.xlsx", "Cửa Lò",
     "tiêu đề (ô A2)"),
    ({"title": ["ỦY BAN NHÂN DÂN\nXÃ ĐÔ LƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]}, "a.xlsx",
     "Đô Lương", "tiêu đề (ô A1)"),
    ({"sheet": "Xã Tân Kỳ"}, "a.xlsx", "Tân Kỳ", "tên sheet «Xã Tân Kỳ»"),
    ({}, "Xa Dien Chau T11-2026.xlsx", "Dien Chau", "tên tệp"),
    ({}, "BC_NQ57_T11.2026_PhuongVinhLoc.xlsx", "Vinh Loc", "tên tệp"),  # words run together
])
def test_reading_names_where_the_commune_came_from(tmp_path, kwargs, file, commune, where):
    report = read_commune(book(tmp_path / file, **kwargs))
    meta = report.metadata
    assert (meta.commune, meta.identified_by) == (commune, where)
    assert len(report.problems) == (0 if "info" in kwargs else 1)
    if "info" not in kwargs:
        [p] = report.problems
        assert p.code == "missing-metadata" and where in p.message and commune in p.message


def consolidate(folder: Path, tmp_path: Path, *extra: str) -> tuple[int, dict, openpyxl.Workbook]:
    out, js = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of",
                                 AS_OF.isoformat(), "--json", str(js), *extra])
    assert out.exists(), result.output
    return result.exit_code, json.loads(js.read_text(encoding="utf-8")), openpyxl.load_workbook(out)


def test_folder_recognised_from_titles_sheet_and_file_names(tmp_path):
    folder = tmp_path / "bao_cao"
    folder.mkdir()
    book(folder / "bao_cao_1.xlsx", title=["ỦY BAN NHÂN DÂN XÃ ĐÔ LƯƠNG"])
    book(folder / "bc.xlsx", title=["UBND PHƯỜNG CỬA LÒ", "BÁO CÁO TIẾN ĐỘ THÁNG 11/2026"])
    book(folder / "tong_hop_xa.xlsx", title=["Báo cáo tiến độ thực hiện Nghị quyết 57 của xã Tân Kỳ"])
    book(folder / "Xa Dien Chau T11-2026.xlsx")
    book(folder / "BC_NQ57_phuong_Vinh_Phu_thang 11.xlsx")
    book(folder / "hung_nguyen_nam_T11.xlsx")
    book(folder / "x.xlsx", sheet="Xã Quế Phong")
    book(folder / "Xa Khong Co T11.xlsx")  # no such commune
    code, data, wb = consolidate(folder, tmp_path)  # no province given: found from the names

    assert data["province"] == "Nghệ An" and code == 0  # warnings only
    by_file = {c["file"]: c for c in data["communes"] if c["submitted"]}
    expected = {
        "bao_cao_1.xlsx": ("Đô Lương", "tiêu đề (ô A1)"),
        "bc.xlsx": ("Cửa Lò", "tiêu đề (ô A1)"),
        "tong_hop_xa.xlsx": ("Tân Kỳ", "tiêu đề (ô A1)"),
        "Xa Dien Chau T11-2026.xlsx": ("Diễn Châu", "tên tệp"),
        "BC_NQ57_phuong_Vinh_Phu_thang 11.xlsx": ("Vinh Phú", "tên tệp"),
        "hung_nguyen_nam_T11.xlsx": ("Hưng Nguyên Nam", "tên tệp"),
        "x.xlsx": ("Quế Phong", "tên sheet «Xã Quế Phong»"),
    }
    for file, (name, where) in expected.items():
        assert (by_file[file]["commune"], by_file[file]["identified_by"]) == (name, where), file
        assert by_file[file]["code"]
    assert data["overview"]["submitted"] == 7 and len(data["missing"]) == 130 - 7
    assert "Hưng Nguyên" in data["missing"] and "Hưng Nguyên Nam" not in data["missing"]
    assert by_file["Xa Khong Co T11.xlsx"]["code"] is None
    issues = {(i["file"], i["code"]): i["message"] for i in data["issues"]}
    assert "Khong Co" in issues[("Xa Khong Co T11.xlsx", "not-on-roster")]

    files = {r[0]: r for r in wb["Thông tin"].iter_rows(values_only=True) if r and r[0]}
    assert "nhận diện xã theo tiêu đề (ô A1)" in files["bao_cao_1.xlsx"][2]
    assert "nhận diện xã theo tên tệp" in files["Xa Dien Chau T11-2026.xlsx"][2]
    theo_xa = {r[1]: r for r in wb["Theo xã"].iter_rows(values_only=True) if r and r[1]}
    assert theo_xa["Đô Lương"][3] == "Đã nộp" and theo_xa["Hưng Nguyên"][3] == "Chưa nộp"


def test_ambiguous_commune_is_reported_with_both_names_never_picked(tmp_path):
    folder = tmp_path / "bao_cao"
    folder.mkdir()
    book(folder / "xa_hoa_an.xlsx")
    book(folder / "hoa.xlsx", title=["UBND XÃ HÓA AN"])
    roster = tmp_path / "ds.csv"
    roster.write_text("ma_xa,ten_xa\n00001,Hòa An\n00002,Hóa An\n00003,Tân Kỳ\n", encoding="utf-8")
    _, data, _ = consolidate(folder, tmp_path, "--roster", str(roster))
    issues = {(i["file"], i["code"]): i["message"] for i in data["issues"]}
    message = issues[("xa_hoa_an.xlsx", "ambiguous-commune")]
    assert "Hòa An" in message and "Hóa An" in message
    by_file = {c["file"]: c for c in data["communes"] if c["submitted"]}
    assert by_file["xa_hoa_an.xlsx"]["code"] is None
    assert (by_file["hoa.xlsx"]["code"], by_file["hoa.xlsx"]["identified_by"]) == ("00002", "tiêu đề (ô A1)")
    assert sorted(data["missing"]) == ["Hòa An", "Tân Kỳ"]


def test_title_block_read_from_a_file_saved_by_libreoffice(tmp_path, office):
    source = book(tmp_path / "nguon.xlsx", title=["ỦY BAN NHÂN DÂN", "XÃ ĐÔ LƯƠNG", ""],
                  sheet="T11.2026")
    office.convert(source, "ods", tmp_path)
    report = read_commune(tmp_path / "nguon.ods")
    assert len(report.tasks) == 2
    assert (report.metadata.commune, report.metadata.identified_by) == ("Đô Lương", "tiêu đề (ô A2)")
    finder = NameFinder(NGHE_AN)
    found = identify(report.metadata, RosterIndex(NGHE_AN), finder, "nguon.ods")
    assert (found.entry.name, found.problems) == ("Đô Lương", ())


GENERIC = ["Bao cao tien do NQ57 thang 11 2026", "BC_NQ57_T11-2026_export", "Phu luc 1",
           "Báo cáo tiến độ thực hiện Nghị quyết 57", "Tong hop", "Sheet1", "T11.2026",
           "Biểu 01", "Danh muc nhiem vu", "Kế hoạch hành động", "Tien do NQ57 (copy)",
           "Trung tâm phục vụ hành chính công", "Phòng Văn hóa - Xã hội", "Công an xã",
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "phát triển kinh tế - xã hội"]


def test_every_commune_of_every_province_is_found_by_its_names_and_nothing_else():
    """All 3,321 communes, each written five ways; generic report texts match none."""
    from nq57xl.province.roster import provinces
    from nq57xl.vntext import strip_diacritics

    missed, ambiguous, false_hits = [], [], []
    for province in provinces():
        roster = official_roster(province)
        finder = NameFinder(roster)
        for e in roster:
            unit = e.full_name[:len(e.full_name) - len(e.name)].strip().lower()
            plain = strip_diacritics(e.full_name).replace(" ", "_")
            for text, after_unit in ((f"UBND {e.full_name.upper()}", True),
                                     (f"BC_NQ57_{plain}_T11-2026", False),
                                     (f"Báo cáo tiến độ của {unit} {e.name} tháng 11", True),
                                     (e.name, False), (e.full_name, False)):
                got = finder.find(text, after_unit=after_unit)
                if got != [e]:
                    (ambiguous if e in got else missed).append((province, text))
        false_hits += [(province, t) for t in GENERIC for after in (False, True)
                       if finder.find(t, after_unit=after)]
    assert missed == [] and false_hits == []
    # only file names without diacritics of two communes spelt alike ("Thanh An", "Thạnh An")
    assert len(ambiguous) == 21 and all(text.isascii() for _, text in ambiguous)


def test_the_template_sheets_name_no_commune(tmp_path):
    """The template's own sheets ("Chỉ tiêu", "Hướng dẫn") are not read as a commune's name."""
    path = book(tmp_path / "Xa Dien Chau.xlsx")
    wb = openpyxl.load_workbook(path)
    for name in ("Chỉ tiêu", "Chỉ tiêu theo xã", "Hướng dẫn"):
        wb.create_sheet(name)
    wb.save(path)
    meta = read_commune(path).metadata
    assert (meta.commune, meta.identified_by) == ("Dien Chau", "tên tệp")
