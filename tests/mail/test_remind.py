"""`nq57xl remind` and `consolidate --remind`: reminder drafts for late and missing communes."""

from __future__ import annotations

import email
from datetime import date
from email import policy
from pathlib import Path

from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.mail.remind import reminder_lines, write_reminders

from tests.mail.test_mail import commune_book, consolidate

runner = CliRunner()
ROSTER = """ma_xa,ten_xa,email
90001,Lợi Bác,vanphong.loibac@langson.gov.vn
05977,Đông Kinh,
90003,Tam Thanh,ubnd.tamthanh@langson.gov.vn
90004,Quý Hòa,
06085,Thiện Hoà,
"""


def read(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def province(root: Path) -> tuple[Path, Path, Path]:
    """This month: Lợi Bác on time, Đông Kinh late (email in its workbook). Last month's
    folder holds Quý Hòa's workbook with its email. Tam Thanh's email is on the roster;
    Thiện Hoà has none anywhere."""
    folder, last = root / "thang_11", root / "thang_10"
    commune_book(folder / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 15), 3)
    bad = [{"section": "I", "title": "Chỉ đạo"},
           {"stt": "1", "name": "Nhiệm vụ 1", "lead": "Văn phòng", "deadline": "Tháng 6/2026",
            "state": "Tạm dừng", "progress": "nhiều", "updated": date(2026, 11, 10)}]
    commune_book(folder / "dong_kinh.xlsx", "Đông Kinh", date(2026, 11, 22), 0, code="05977",
                 mail="vanphong.dongkinh@langson.gov.vn", rows=bad)
    commune_book(last / "quy_hoa.xlsx", "Quý Hòa", date(2026, 10, 18), 1, mail="quyhoa@langson.gov.vn")
    commune_book(last / "quy_hoa_cu.xlsx", "Quý Hòa", date(2026, 9, 18), 1, mail="cu@langson.gov.vn")
    roster = root / "danh_sach.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return folder, last, roster


def test_remind_from_json(tmp_path):
    folder, last, roster = province(tmp_path)
    _, json_path, _ = consolidate(folder, tmp_path / "tong_hop.xlsx", "--roster", str(roster))
    out = tmp_path / "nhac"
    result = runner.invoke(app, ["remind", "--json", str(json_path), "--roster", str(roster),
                                 "--folder", str(folder), "--folder", str(last), "-o", str(out),
                                 "--from", "Sở KH&CN Lạng Sơn <sokhcn@langson.gov.vn>"])
    assert result.exit_code == 1, result.output  # one commune has no address
    assert "Đã soạn 4 thư nhắc" in result.output and "3 xã chưa nộp, 1 xã nộp muộn" in result.output
    assert "  - Thiện Hoà: chưa có địa chỉ email" in result.output
    files = {p.name: read(p) for p in out.glob("*.eml")}
    assert sorted(files) == ["nhac_nop_06085_Thien_Hoa.eml", "nhac_nop_90003_Tam_Thanh.eml",
                             "nhac_nop_90004_Quy_Hoa.eml", "nhac_nop_muon_05977_Dong_Kinh.eml"]
    to = {name: m["To"] for name, m in files.items()}
    assert to["nhac_nop_90003_Tam_Thanh.eml"] == "ubnd.tamthanh@langson.gov.vn"  # roster
    assert to["nhac_nop_90004_Quy_Hoa.eml"] == "quyhoa@langson.gov.vn"  # latest workbook found
    assert to["nhac_nop_muon_05977_Dong_Kinh.eml"] == "vanphong.dongkinh@langson.gov.vn"
    assert to["nhac_nop_06085_Thien_Hoa.eml"] is None
    missing = files["nhac_nop_90003_Tam_Thanh.eml"]
    assert missing["Subject"] == ("Nhắc nộp báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW - "
                                  "Tháng 11/2026 - phường Tam Thanh")
    assert missing["X-Unsent"] == "1" and missing["From"].addresses[0].display_name == "Sở KH&CN Lạng Sơn"
    body = missing.get_content().replace("\r\n", "\n")
    assert body.startswith("Kính gửi: Ủy ban nhân dân phường Tam Thanh,")
    assert "Hạn nộp báo cáo là ngày 20/11/2026 (ngày 20 hằng tháng); đã quá hạn 3 ngày." in body
    assert body.rstrip().endswith("Trân trọng.\nSở Khoa học và Công nghệ tỉnh Lạng Sơn")
    late = files["nhac_nop_muon_05977_Dong_Kinh.eml"]
    body = late.get_content().replace("\r\n", "\n")
    assert body.startswith("Kính gửi: Ủy ban nhân dân phường Đông Kinh,")
    assert "lập ngày 22/11/2026, sau hạn nộp ngày 20/11/2026" in body
    assert "hạn nộp kỳ tới là ngày 20/12/2026" in body
    assert "Báo cáo còn 2 lỗi dữ liệu cần sửa:" in body and "Trang «Nhiệm vụ», ô " in body


def test_consolidate_remind_in_memory(tmp_path):
    folder, _, _ = province(tmp_path)
    out = tmp_path / "nhac"
    _, _, result = consolidate(folder, tmp_path / "tong_hop.xlsx", "--remind", str(out))
    assert "Đã soạn 64 thư nhắc" in result.output  # official roster of Lạng Sơn: 65 communes
    late = read(out / "nhac_nop_muon_05977_Dong_Kinh.eml")
    assert late["To"] == "vanphong.dongkinh@langson.gov.vn"  # from its workbook in the folder
    assert result.output.count("chưa có địa chỉ email") == 63 + 1


def test_nothing_to_remind(tmp_path):
    doc = {"as_of": "2026-11-23", "province": "Lạng Sơn", "period": None, "settings": {},
           "overview": {}, "communes": [{"commune": "Lợi Bác", "code": None, "file": "a.xlsx",
                                         "submitted": True, "late": False}]}
    reminders = write_reminders(doc, tmp_path / "nhac")
    assert reminders.written == () and reminders.without_address == ()
    assert reminder_lines(reminders, tmp_path) == [
        "Không có xã nào chưa nộp hoặc nộp muộn; không cần soạn thư nhắc."]
    assert not (tmp_path / "nhac").exists()
