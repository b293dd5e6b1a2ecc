"""Addresses that try to add headers or recipients: refused with the source named, the
other drafts still written, and no draft ever carries a Bcc or an extra recipient."""

from __future__ import annotations

import email
import json
from datetime import date
from email import policy
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.mail.addresses import AddressError, clean_address, parse_addresses
from nq57xl.mail.followup import (
    REFUSED,
    feedback_run_lines,
    feedback_table,
    write_commune_feedback,
)
from nq57xl.mail.message import draft_summary_email, new_message
from nq57xl.mail.remind import reminder_lines, write_reminders
from nq57xl.province.roster import read_roster_csv

from tests.mail.test_feedback import ROWS
from tests.mail.test_mail import AS_OF, commune_book, consolidate

runner = CliRunner()
SPY = "spy@evil.vn"
HOSTILE = [
    f"a@langson.gov.vn\nBcc: {SPY}",
    f"a@langson.gov.vn\r\nBcc: {SPY}",
    f'"UBND\r\nBcc: {SPY}" <a@langson.gov.vn>',
    f'"UBND\nBcc: {SPY}" <a@langson.gov.vn>',
    f"UBND\r\nBcc: {SPY} <a@langson.gov.vn>",
    f"a@langson.gov.vn\x00{SPY}",
    "a@langson.gov.vn\tb@langson.gov.vn",
    f"a@langson.gov.vn\u2028Bcc: {SPY}",
]
INVALID = [
    f"a@langson.gov.vn, Bcc: {SPY};",  # a group: its name would read as a header
    f"Bcc: {SPY}",
    "a@langson.gov.vn Bcc: x@y",  # a line break turned into a space when a cell is read
    "xã@langson.gov.vn",  # not ASCII: no SMTP server without SMTPUTF8 takes it
    "lanhdao@langson",
    "vanphong",
]
# A roster whose first two communes carry a header in their email (quoted CSV fields
# spanning two lines each), the third a plain address.
ROSTER = (
    "ma_xa,ten_xa,email\n"
    f'90001,Lợi Bác,"""UBND\nBcc: {SPY}"" <vanphong.loibac@langson.gov.vn>"\n'
    f'90003,Tam Thanh,"ubnd.tamthanh@langson.gov.vn\nBcc: {SPY}"\n'
    "90004,Quý Hòa,quyhoa@langson.gov.vn\n"
)


def read(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def assert_clean(path: Path, *recipients: str) -> None:
    """The draft has no Bcc, no recipient but ``recipients``, and never names the spy."""
    raw = path.read_bytes()
    assert SPY.encode() not in raw and b"Bcc" not in raw
    msg = read(path)
    assert msg["Bcc"] is None and msg["Cc"] is None
    got = [a.addr_spec for a in msg["To"].addresses] if msg["To"] else []
    assert got == list(recipients)


def document(tmp_path: Path, *communes: dict) -> Path:
    path = tmp_path / "tong_hop.json"
    path.write_text(json.dumps({
        "as_of": AS_OF.isoformat(), "province": "Lạng Sơn", "period": "Tháng 11/2026",
        "settings": {}, "overview": {}, "issues": [],
        "communes": [{"code": None, "file": None, "submitted": False, "late": False, **c}
                     for c in communes]}), encoding="utf-8")
    return path


def email_cell(path: Path) -> str:
    """The A1 address of the email on a template's "Thông tin" sheet."""
    ws = openpyxl.load_workbook(path)["Thông tin"]
    return next(f"B{c.row}" for c in ws["A"] if c.value == "Email")


# --- parsing ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE)
def test_control_characters_are_refused_naming_the_source(value):
    with pytest.raises(AddressError) as caught:
        parse_addresses([value], "ô B13 trang «Điều khiển»")
    message = str(caught.value)
    assert "(ô B13 trang «Điều khiển») có ký tự xuống dòng hoặc ký tự điều khiển" in message
    assert "ten@donvi.gov.vn" in message and "\n" not in message and "\r" not in message


@pytest.mark.parametrize("value", INVALID)
def test_groups_and_invalid_addresses_are_refused(value):
    with pytest.raises(AddressError, match=r"\(--to\) không hợp lệ; hãy ghi dạng ten@donvi"):
        parse_addresses([value])


def test_good_addresses_are_rebuilt_from_their_parts():
    assert parse_addresses(["Lãnh đạo Sở <ld@sokhcn.langson.gov.vn>; vp@langson.gov.vn;",
                            '"Nguyễn, An" <an@langson.gov.vn>', "Sở KH&CN <so@x.vn>"]) == [
        "Lãnh đạo Sở <ld@sokhcn.langson.gov.vn>", "vp@langson.gov.vn",
        '"Nguyễn, An" <an@langson.gov.vn>', "Sở KH&CN <so@x.vn>"]
    assert clean_address("  \n", "x") is None and clean_address(None, "x") is None


@pytest.mark.parametrize("value", HOSTILE + INVALID)
def test_a_message_never_takes_a_hostile_address(value):
    """new_message parses every address again, whoever calls it."""
    for field in ("to", "cc"):
        with pytest.raises(AddressError):
            new_message("Tiêu đề", "Nội dung", **{field: [value]})
    with pytest.raises(AddressError):
        new_message("Tiêu đề", "Nội dung", sender=value)


def test_a_subject_stays_on_one_line(tmp_path):
    msg = new_message(f"Nhắc nộp - xã A\r\nBcc: {SPY}", "Nội dung", to=["a@langson.gov.vn"])
    path = tmp_path / "x.eml"
    path.write_bytes(msg.as_bytes(policy=policy.SMTP))
    assert read(path)["Subject"] == f"Nhắc nộp - xã A Bcc: {SPY}"
    assert read(path)["Bcc"] is None


# --- the summary email -------------------------------------------------------------------

@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("province")
    folder = commune_book(root / "xa" / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 15), 1).parent
    return consolidate(folder, root / "tong_hop.xlsx")[0]


@pytest.mark.parametrize("option", ["--to", "--cc", "--from"])
@pytest.mark.parametrize("value", HOSTILE[:3] + INVALID[:1])
def test_summary_email_refuses_hostile_options(summary, tmp_path, option, value):
    args = ["--to", "ld@langson.gov.vn"] if option != "--to" else []
    result = runner.invoke(app, ["email", "--summary", str(summary), *args, option, value,
                                 "-o", str(tmp_path / "thu.eml")])
    assert result.exit_code == 2, result.output
    assert f"({option})" in result.output and "LỖI: Địa chỉ email «" in result.output
    assert not (tmp_path / "thu.eml").exists()


def test_summary_draft_refuses_a_hostile_cell_value(summary, tmp_path):
    """The «Soạn email» button's addresses go through draft_summary_email too."""
    out = summary
    with pytest.raises(AddressError):
        draft_summary_email(out, [HOSTILE[2]], output=tmp_path / "thu.eml")
    assert not (tmp_path / "thu.eml").exists()
    draft_summary_email(out, ["ld@langson.gov.vn"], cc=["vp@langson.gov.vn"],
                        output=tmp_path / "thu.eml")
    msg = read(tmp_path / "thu.eml")
    assert msg["Bcc"] is None and [a.addr_spec for a in msg["Cc"].addresses] == ["vp@langson.gov.vn"]


# --- reminders ---------------------------------------------------------------------------

def test_roster_lines_with_headers_are_refused_and_named(tmp_path):
    roster = tmp_path / "ds.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert [e.source for e in read_roster_csv(roster)] == [
        "danh sách xã «ds.csv», dòng 2", "danh sách xã «ds.csv», dòng 4",
        "danh sách xã «ds.csv», dòng 6"]
    doc = document(tmp_path, {"commune": "Lợi Bác", "code": "90001"},
                   {"commune": "Tam Thanh", "code": "90003"}, {"commune": "Quý Hòa", "code": "90004"})
    out = tmp_path / "nhac"
    out.mkdir()
    stale = out / "nhac_nop_90001_Loi_Bac.eml"  # a draft of an earlier run
    stale.write_bytes(b"To: vanphong.loibac@langson.gov.vn\r\n\r\n")
    result = runner.invoke(app, ["remind", "--json", str(doc), "--roster", str(roster),
                                 "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "Đã soạn 1 thư nhắc" in result.output
    assert "2 xã chưa được soạn thư nhắc vì địa chỉ email không dùng được" in result.output
    assert ("  - Lợi Bác: Địa chỉ email «\"UBND\\nBcc: spy@evil.vn\" "
            "<vanphong.loibac@langson.gov.vn>» (danh sách xã «ds.csv», dòng 2) có ký tự xuống "
            "dòng hoặc ký tự điều khiển") in result.output
    assert "  - Tam Thanh: Địa chỉ email «ubnd.tamthanh@langson.gov.vn\\nBcc: spy@evil.vn» " \
           "(danh sách xã «ds.csv», dòng 4)" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["nhac_nop_90004_Quy_Hoa.eml"]
    assert_clean(out / "nhac_nop_90004_Quy_Hoa.eml", "quyhoa@langson.gov.vn")


def test_workbook_email_cells_are_refused_and_named(tmp_path):
    """The commune's own "Thông tin" email: in the consolidated folder (``base``) and in an
    earlier month's folder (``--folder``)."""
    now, last = tmp_path / "thang_11", tmp_path / "thang_10"
    late = commune_book(now / "dong_kinh.xlsx", "Đông Kinh", date(2026, 11, 22), 1,
                        code="05977", mail=HOSTILE[0])
    old = commune_book(last / "quy_hoa.xlsx", "Quý Hòa", date(2026, 10, 18), 1, mail=HOSTILE[1])
    fine = commune_book(last / "thien_hoa.xlsx", "Thiện Hoà", date(2026, 10, 18), 1,
                        mail="thienhoa@langson.gov.vn")
    doc = json.loads(document(tmp_path, {"commune": "Đông Kinh", "code": "05977", "submitted": True,
                                         "late": True, "file": "dong_kinh.xlsx"},
                              {"commune": "Quý Hòa"}, {"commune": "Thiện Hoà"}).read_text())
    reminders = write_reminders(doc, tmp_path / "nhac", base=now, folders=[last])
    assert [i.commune for i in reminders.items] == ["Thiện Hoà"]
    assert_clean(reminders.items[0].path, "thienhoa@langson.gov.vn")
    reasons = dict(reminders.refused)
    assert (f"(ô {email_cell(late)} trang «Thông tin» của tệp «dong_kinh.xlsx») không hợp lệ"
            in reasons["Đông Kinh"])
    assert (f"(ô {email_cell(old)} trang «Thông tin» của tệp «thang_10/quy_hoa.xlsx»)"
            in reasons["Quý Hòa"])
    lines = reminder_lines(reminders, tmp_path / "nhac")
    assert any(line.startswith("  - Đông Kinh: Địa chỉ email «a@langson.gov.vn Bcc: spy@evil.vn»")
               for line in lines)
    assert fine.exists()


def test_a_display_name_from_a_cell_is_refused(tmp_path):
    """Reading a cell turns its line breaks into spaces (and drops "<...>" as markup): what
    is left is not an address, and no draft is written."""
    last = tmp_path / "thang_10"
    book = commune_book(last / "quy_hoa.xlsx", "Quý Hòa", date(2026, 10, 18), 1, mail=HOSTILE[2])
    reminders = write_reminders(json.loads(document(tmp_path, {"commune": "Quý Hòa"}).read_text()),
                                tmp_path / "nhac", folders=[last])
    assert reminders.items == () and not list((tmp_path / "nhac").glob("*.eml"))
    ((commune, reason),) = reminders.refused
    assert commune == "Quý Hòa" and reason == (
        f"Địa chỉ email «\"UBND Bcc: {SPY}\"» (ô {email_cell(book)} trang «Thông tin» của tệp "
        "«thang_10/quy_hoa.xlsx») không hợp lệ; hãy ghi dạng ten@donvi.gov.vn.")


# --- feedback drafts ---------------------------------------------------------------------

def test_feedback_draft_refused_for_a_hostile_workbook_email(tmp_path):
    folder = tmp_path / "bao_cao"
    bad = commune_book(folder / "loi_bac.xlsx", "Lợi Bác", AS_OF, 0, mail=HOSTILE[1], rows=ROWS)
    commune_book(folder / "quy_hoa.xlsx", "Quý Hòa", AS_OF, 0, mail="quyhoa@langson.gov.vn",
                 rows=ROWS)
    out = tmp_path / "phan_hoi"
    result = runner.invoke(app, ["feedback", str(folder), "-o", str(out), "--email",
                                 "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 1, result.output
    assert (out / "loi_bac_phan_hoi.xlsx").exists() and not (out / "loi_bac_phan_hoi.eml").exists()
    assert (f"  Chưa soạn thư nháp: Địa chỉ email «a@langson.gov.vn Bcc: spy@evil.vn» "
            f"(ô {email_cell(bad)} trang «Thông tin» của tệp «loi_bac.xlsx») không hợp lệ"
            in result.output)
    assert_clean(out / "quy_hoa_phan_hoi.eml", "quyhoa@langson.gov.vn")


def test_commune_feedback_refuses_a_hostile_roster_email(tmp_path):
    """«Gửi phản hồi cho xã»: the draft goes to the roster's email when the workbook has
    none; a roster line with a header gets no draft, and the line is named."""
    folder = tmp_path / "bao_cao"
    for name, commune in (("loi_bac.xlsx", "Lợi Bác"), ("quy_hoa.xlsx", "Quý Hòa")):
        commune_book(folder / name, commune, AS_OF, 0, rows=ROWS)
    roster_csv = tmp_path / "ds.csv"
    roster_csv.write_text(ROSTER, encoding="utf-8")
    _, json_path, _ = consolidate(folder, tmp_path / "tong_hop.xlsx", "--roster", str(roster_csv))
    data = json.loads(json_path.read_text(encoding="utf-8"))
    out = tmp_path / "phan_hoi"
    run = write_commune_feedback(data, folder, out, roster=read_roster_csv(roster_csv))
    assert [i.commune for i in run.refused] == ["Lợi Bác"]
    assert not (out / "loi_bac_phan_hoi.eml").exists() and (out / "loi_bac_phan_hoi.xlsx").exists()
    assert_clean(out / "quy_hoa_phan_hoi.eml", "quyhoa@langson.gov.vn")
    lines = feedback_run_lines(run, folder)
    assert "Đã soạn 2 tệp phản hồi và 1 thư nháp (.eml)" in lines[0]
    assert any(line.startswith("loi_bac.xlsx (Lợi Bác): Địa chỉ email «") and
               "(danh sách xã «ds.csv», dòng 2) có ký tự xuống dòng" in line for line in lines)
    assert [row[-1] for row in feedback_table(run)[1:]] == [REFUSED, "quyhoa@langson.gov.vn"]
