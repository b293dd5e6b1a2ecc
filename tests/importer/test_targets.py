"""Indicator targets written in a plan's text, matched to the indicators of §8, and carried
into the imported template's "Chỉ tiêu" sheet."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from nq57xl.importer.appendix import import_appendix, import_report_lines
from nq57xl.importer.targets import grid_texts, plan_targets, targets_in_text
from nq57xl.importer.textexport import seed_text, table_rows
from nq57xl.read.commune import read_commune
from nq57xl.read.indicators import INDICATOR_SHEET

SHARED = Path("/work/shared/seeds")


@pytest.mark.parametrize(("text", "expected"), [
    # lines of the seeds (Lợi Bác's appendix, Nghệ An's plan), as written
    ("- Phối hợp triển khai. - Tối thiểu 35% người dân được phủ sóng 5G trên địa bàn tỉnh. - "
     "Tối thiểu 35% người sử dụng có khả năng truy cập băng rộng cố định với tốc độ trên 01 "
     "Gbps/s.", [("H1", 35), ("H2", 35)]),
    ("- Văn bản, Kế hoạch triển khai. - 100% cán bộ, công chức, viên chức được đào tạo, bồi "
     "dưỡng nâng cao kỹ năng số cơ bản gắn với vị trí việc làm. - Tối thiểu 90% cán bộ, công "
     "chức, viên chức làm chủ kỹ năng số, ứng dụng công nghệ trong quản lý, điều hành. - Tối "
     "thiểu 90% dân số trưởng thành tiếp cận dịch vụ số trong y tế, giáo dục, bảo hiểm, giao "
     "thông...", [("N1", 100), ("N2", 90), ("N4", 90)]),
    ("- Tỷ lệ văn bản, hồ sơ công việc tại cơ quan hành chính nhà nước được xử lý toàn trình "
     "trên môi trường điện tử cấp tỉnh và cấp xã đạt tối thiểu 70%.", [("C11", 70)]),
    ("<ul style=\"list-style-type: none\"> - 70% giao dịch hành chính thuộc diện “phi tiếp "
     "xúc”. ", [("C3", 70)]),
    ("- Tối thiểu 80% người dân từ đủ 14 tuổi trở lên có tài khoản định danh điện tử (VNeID).",
     [("C15", 80)]),
    ("- Tối thiểu 90% hồ sơ TTHC được xử lý hoàn toàn trực tuyến, người dân chỉ phải nhập dữ "
     "liệu một lần.", [("C6", 90)]),
    ("- Trên 70% thủ tục hành chính được thực hiện không phụ thuộc vào địa giới hành chính",
     [("C1", 70)]),
    ("100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa theo quy định", [("C4", 100)]),
    # not indicators of the list: no target
    ("- 100% lãnh đạo và cán bộ chuyên môn được cấp chữ ký số cá nhân", []),
    ("Tổng chi ngân sách nhà nước cho chuyển đổi số đạt tối thiểu 1,5%", []),
    ("- ≥ 80 thông tin, giấy tờ, tài liệu trong các TTHC chỉ cung cấp một lần", []),
])
def test_targets_in_text(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(t.code, t.target) for t in targets_in_text(text)] == expected


@pytest.mark.parametrize(("key", "expected"), [
    ("loi_bac", {"C12": 100, "N1": 100, "N2": 90, "N4": 90, "C20": 100, "H1": 35, "H2": 35,
                 "C3": 70, "C11": 70, "C15": 80, "C5": 80, "C1": 70, "C9": 95, "C6": 90}),
    ("nghia_dan", {}),
    ("nghe_an", {"C4": 100}),
])
def test_targets_of_the_seed_plans(key: str, expected: dict[str, float]) -> None:
    first, conflicts = plan_targets(grid_texts(table_rows(seed_text(key))))
    assert {code: t.target for code, t in first.items()} == expected
    assert conflicts == []


def test_package_seeds_are_the_shared_ones() -> None:
    if not SHARED.is_dir():
        pytest.skip("no shared seeds on this machine")
    package = Path(__file__).resolve().parents[2] / "src" / "nq57xl" / "data" / "seeds"
    for path in SHARED.glob("*.txt"):
        assert (package / path.name).read_bytes() == path.read_bytes()


def test_conflicting_levels_keep_the_first() -> None:
    first, conflicts = plan_targets([("Tối thiểu 35% người dân được phủ sóng 5G", "dòng 3"),
                                     ("Tối thiểu 50% người dân được phủ sóng 5G", "dòng 9")])
    assert first["H1"].target == 35 and [(c.code, c.target, c.where) for c in conflicts] == [
        ("H1", 50, "dòng 9")]


def test_import_writes_the_plan_targets(tmp_path: Path) -> None:
    source = tmp_path / "loi_bac.txt"
    source.write_text(seed_text("loi_bac"), encoding="utf-8")
    out = tmp_path / "loi_bac.xlsx"
    report = import_appendix(source, out)
    assert {t.code: t.target for t in report.targets}["H1"] == 35
    lines = "\n".join(import_report_lines(report))
    assert "H1 35% (mục tiêu chung 60%)" in lines and "N1 100% (bằng mục tiêu chung)" in lines
    commune = read_commune(out)
    targets = {v.code: v.target for v in commune.indicators}
    # only the levels that differ from the default are written
    assert (targets["H1"], targets["H2"], targets["C3"], targets["N1"]) == (35, 35, 70, None)
    ws = openpyxl.load_workbook(out)[INDICATOR_SHEET]
    assert ws["F4"].value == 35 and ws["A4"].value == "H1"
