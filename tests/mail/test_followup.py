"""nq57xl.mail.followup: the summary draft and the feedback run behind the two mail buttons."""

from __future__ import annotations

import email
import hashlib
import json
import os
from datetime import date
from email import policy
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import task_rows
from nq57xl.mail.feedback_result import FEEDBACK_SHEET
from nq57xl.mail.followup import (
    FEEDBACK_HEADER, NO_EMAIL, draft_summary, feedback_run_lines, feedback_table, files_with_problems, json_beside, last_run, summary_draft_lines, write_commune_feedback,
)
from nq57xl.mail.message import MailUsageError, figures_from_json, load_json, percent
from nq57xl.province.roster import RosterEntry
from tests.mail.test_feedback import ROWS
from tests.mail.test_mail import SUBJECT, commune_book, consolidate

WHERE = "ô B25 «Bảng tổng hợp gần nhất»"
OWN_MAIL = "vanphong.loibac@langson.gov.vn"
ROSTER_MAIL = "ubnd.quyhoa@langson.gov.vn"


def warning_rows() -> list[dict]:
    """Clean rows but one task reported done without evidence (a warning only)."""
    rows = task_rows(0)
    rows[1].update(state="Đã hoàn thành", progress=100, done_date=date(2026, 6, 20))
    return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def province(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Five communes: two with errors (one with its own email), one late but clean, one
    with a warning only, one clean. Returns (folder, summary, json)."""
    folder = tmp_path / "bao_cao"
    commune_book(folder / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 15), 0, mail=OWN_MAIL,
                 rows=ROWS)
    commune_book(folder / "dot2" / "quy_hoa.xlsx", "Quý Hòa", date(2026, 11, 18), 0, rows=ROWS)
    commune_book(folder / "dong_kinh.xlsx", "Đông Kinh", date(2026, 11, 22), 2, code="05977")
    commune_book(folder / "thien_hoa.xlsx", "Thiện Hoà", date(2026, 11, 12), 0, code="06085",
                 rows=warning_rows())
    commune_book(folder / "huu_lung.xlsx", "Hữu Lũng", date(2026, 11, 10), 2)
    summary, json_path, _ = consolidate(folder, tmp_path / "tong_hop_2026_11.xlsx")
    return folder, summary, json_path


def test_last_run_needs_a_summary(tmp_path: Path) -> None:
    with pytest.raises(MailUsageError, match=f"Chưa có bảng tổng hợp \\({WHERE} đang trống\\). "
                                             "Hãy bấm «Tổng hợp» trước."):
        last_run(None, where=WHERE)
    with pytest.raises(MailUsageError, match="Không tìm thấy bảng tổng hợp .*Hãy bấm «Tổng hợp» lại"):
        last_run(tmp_path / "khong_co.xlsx", where=WHERE)


def test_last_run_takes_the_json_only_when_it_is_from_the_same_run(province) -> None:
    _, summary, json_path = province
    assert json_beside(summary) == json_path
    assert last_run(summary, where=WHERE).json == json_path
    later = summary.stat().st_mtime + 3600  # the summary was written again, the JSON not
    os.utime(summary, (later, later))
    assert last_run(summary, where=WHERE).json is None
    json_path.unlink()
    assert last_run(summary, where=WHERE).json is None


def test_summary_draft_beside_the_summary(province) -> None:
    _, summary, json_path = province
    draft = draft_summary(last_run(summary, where=WHERE), ["lanhdao@langson.gov.vn"],
                          cc=["Văn phòng Sở <vanphong@langson.gov.vn>"],
                          salutation="Đồng chí Giám đốc Sở",
                          signature="Nguyễn Văn An\nPhòng Quản lý khoa học")
    assert draft.path == summary.with_suffix(".eml") and draft.path.is_file()
    msg = email.message_from_bytes(draft.path.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1"  # Outlook opens it as a new message, ready to send
    assert msg["Subject"] == SUBJECT == draft.subject
    assert msg["To"] == "lanhdao@langson.gov.vn"
    assert msg["Cc"] == "Văn phòng Sở <vanphong@langson.gov.vn>"
    body = msg.get_body().get_content().replace("\r\n", "\n")
    assert body == draft.body
    assert body.startswith("Kính gửi: Đồng chí Giám đốc Sở,\n")
    assert body.rstrip().endswith("Trân trọng.\nNguyễn Văn An\nPhòng Quản lý khoa học")
    fig = figures_from_json(load_json(json_path))
    assert f"Số xã, phường đã nộp báo cáo: {fig.submitted}/{fig.expected}" in body
    assert percent(fig.on_time_rate) in body
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == summary.name
    assert attachment.get_content() == summary.read_bytes()
    lines = summary_draft_lines(draft)
    assert lines[0].startswith(f"Đã soạn thư «{SUBJECT}», đính kèm bảng tổng hợp «{summary.name}» (")
    assert lines[1] == ("Người nhận: lanhdao@langson.gov.vn; đồng gửi (CC): Văn phòng Sở "
                        "<vanphong@langson.gov.vn>.")


def test_summary_draft_without_json_or_recipient(province) -> None:
    _, summary, json_path = province
    with_json = draft_summary(last_run(summary, where=WHERE), [], output=summary.parent / "a.eml")
    json_path.unlink()
    run = last_run(summary, where=WHERE)
    without = draft_summary(run, [], output=summary.parent / "b.eml")
    bodies = [email.message_from_bytes(d.path.read_bytes(), policy=policy.default)
              .get_body().get_content() for d in (with_json, without)]
    assert bodies[0] == bodies[1]  # the workbook gives the same figures as the JSON
    assert "Kính gửi: Lãnh đạo Sở Khoa học và Công nghệ," in bodies[0]
    assert "Sở Khoa học và Công nghệ tỉnh Lạng Sơn" in bodies[0]
    assert "chưa có người nhận" in summary_draft_lines(without)[1]


def test_files_with_problems_rules() -> None:
    def issue(file: str | None, code: str, severity: str) -> dict:
        return {"file": file, "code": code, "severity": severity}

    data = {"issues": [
        issue("a.xlsx", "bad-date", "error"), issue("a.xlsx", "late-report", "warning"),
        issue("b.xlsx", "late-report", "warning"),  # late but clean
        issue("c.xlsx", "done-without-evidence", "warning"),
        issue("d.xlsx", "bad-date", "error"), issue("d.xlsx", "duplicate-commune", "warning"),
        issue("~$e.xlsx", "skipped-file", "warning"),
        issue("f.ods", "unreadable-file", "error"),
        issue("g.xlsx", "not-on-roster", "warning"),
        issue(None, "bad-date", "error"),
    ]}
    assert files_with_problems(data) == (["a.xlsx", "f.ods"], ["c.xlsx", "g.xlsx"])
    assert files_with_problems(data, warnings=True) == (
        ["a.xlsx", "c.xlsx", "f.ods", "g.xlsx"], [])


def test_feedback_for_communes_with_errors(province, tmp_path: Path) -> None:
    folder, summary, json_path = province
    data = load_json(json_path)
    out = tmp_path / "phan_hoi_xa"
    before = {p: sha256(p) for p in folder.rglob("*.xlsx")}
    roster = [RosterEntry("", "Xã Quý Hòa", "Quý Hòa", "Lạng Sơn", ROSTER_MAIL),
              RosterEntry("", "Xã Lợi Bác", "Lợi Bác", "Lạng Sơn", "khac@langson.gov.vn")]
    seen: list[tuple[int, int, str]] = []
    run = write_commune_feedback(data, folder, out, roster=roster, signature="Nguyễn Văn An",
                                 on_progress=lambda *a: seen.append(a))
    assert {p: sha256(p) for p in folder.rglob("*.xlsx")} == before  # originals untouched
    assert seen == [(1, 2, "dot2/quy_hoa.xlsx"), (2, 2, "loi_bac.xlsx")]
    assert [(i.commune, i.file) for i in run.written] == [
        ("Quý Hoà", "dot2/quy_hoa.xlsx"), ("Lợi Bác", "loi_bac.xlsx")]
    assert run.warnings_only == ("Thiện Hoà",)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*")) == [
        "dot2/quy_hoa_phan_hoi.eml", "dot2/quy_hoa_phan_hoi.xlsx",
        "loi_bac_phan_hoi.eml", "loi_bac_phan_hoi.xlsx"]
    # The workbook's own email wins over the roster's; the roster fills in when it has none.
    emails = {i.file: i.result.email for i in run.written}
    assert emails == {"loi_bac.xlsx": OWN_MAIL, "dot2/quy_hoa.xlsx": ROSTER_MAIL}
    msg = email.message_from_bytes((out / "dot2" / "quy_hoa_phan_hoi.eml").read_bytes(),
                                   policy=policy.default)
    assert msg["To"] == ROSTER_MAIL and msg["X-Unsent"] == "1"
    body = msg.get_body().get_content().replace("\r\n", "\n")
    assert "Một số lỗi cần sửa:" in body and body.rstrip().endswith("Trân trọng.\nNguyễn Văn An")
    assert FEEDBACK_SHEET in openpyxl.load_workbook(out / "loi_bac_phan_hoi.xlsx").sheetnames
    table = feedback_table(run)
    assert table[0] == list(FEEDBACK_HEADER)
    assert table[2][:2] == ["Lợi Bác", "loi_bac.xlsx"] and table[2][4:] == [
        "loi_bac_phan_hoi.xlsx", OWN_MAIL]
    assert table[2][2] == 5 and table[2][3] == 1
    lines = feedback_run_lines(run, folder)
    assert lines[0].startswith(f"Đã soạn 2 tệp phản hồi và 2 thư nháp (.eml) trong thư mục «{out}»")
    assert any(line.startswith("1 xã chỉ có cảnh báo (không bắt buộc sửa), chưa soạn phản hồi: "
                               "Thiện Hoà") for line in lines)
    assert not any("chưa có người nhận" in line for line in lines)


def test_feedback_with_warnings_and_without_addresses(province, tmp_path: Path) -> None:
    folder, _, json_path = province
    run = write_commune_feedback(load_json(json_path), folder, tmp_path / "out", warnings=True)
    assert [i.commune for i in run.written] == ["Quý Hoà", "Lợi Bác", "Thiện Hoà"]
    assert [i.commune for i in run.without_email] == ["Quý Hoà", "Thiện Hoà"]
    assert run.warnings_only == ()
    assert feedback_table(run)[1][5] == NO_EMAIL
    lines = feedback_run_lines(run, folder)
    assert ("2 thư chưa có người nhận vì chưa biết email của xã: Quý Hoà, Thiện Hoà. Hãy điền "
            "người nhận trước khi gửi.") in lines
    msg = email.message_from_bytes((tmp_path / "out" / "thien_hoa_phan_hoi.eml").read_bytes(),
                                   policy=policy.default)
    assert msg["To"] is None
    body = msg.get_body().get_content().replace("\r\n", "\n")
    assert "thấy 1 cảnh báo về dữ liệu" in body and "0 lỗi" not in body
    assert "Một số điểm cần xem lại:" in body and "xem lại các điểm trên" in body


def test_feedback_after_files_changed(province, tmp_path: Path) -> None:
    """A file fixed since the run needs no feedback, a file gone is named, old outputs are
    pointed out (never deleted)."""
    folder, _, json_path = province
    data = load_json(json_path)
    out = tmp_path / "out"
    write_commune_feedback(data, folder, out)
    commune_book(folder / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 20), 2)  # sent again, clean
    (folder / "dot2" / "quy_hoa.xlsx").unlink()
    run = write_commune_feedback(data, folder, out)
    assert run.written == ()
    lines = feedback_run_lines(run, folder)
    assert ("1 tệp đọc lại không còn lỗi (xã đã sửa sau lần tổng hợp), không cần phản hồi: "
            "loi_bac.xlsx.") in lines
    assert any(line.startswith(f"1 tệp không còn trong thư mục «{folder}»: dot2/quy_hoa.xlsx.")
               for line in lines)
    assert sorted(p.name for p in run.stale) == [
        "loi_bac_phan_hoi.eml", "loi_bac_phan_hoi.xlsx", "quy_hoa_phan_hoi.eml",
        "quy_hoa_phan_hoi.xlsx"]
    assert all(p.exists() for p in run.stale)
    assert any("4 tệp phản hồi của lần trước" in line for line in lines)
    assert feedback_table(run) == []


def test_feedback_goes_on_after_a_failure(province, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _, json_path = province
    import nq57xl.mail.followup as followup

    real = followup.write_feedback

    def flaky(path, out_dir, **kw):
        if path.name == "loi_bac.xlsx":
            raise PermissionError(13, "Permission denied")
        return real(path, out_dir, **kw)

    monkeypatch.setattr(followup, "write_feedback", flaky)
    run = write_commune_feedback(load_json(json_path), folder, tmp_path / "out")
    assert [i.file for i in run.written] == ["dot2/quy_hoa.xlsx"]
    assert ("loi_bac.xlsx (Lợi Bác): không ghi được tệp phản hồi (Permission denied); tệp đang "
            "mở?.") in feedback_run_lines(run, folder)


def test_no_problems_no_feedback(tmp_path: Path) -> None:
    folder = tmp_path / "xa"
    commune_book(folder / "huu_lung.xlsx", "Hữu Lũng", date(2026, 11, 10), 2)
    _, json_path, _ = consolidate(folder, tmp_path / "tong_hop.xlsx")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    run = write_commune_feedback(data, folder, tmp_path / "out")
    assert run.items == () and not (tmp_path / "out").exists()
    assert feedback_run_lines(run, folder) == [
        "Lần tổng hợp gần nhất không có xã nào có lỗi dữ liệu: không cần gửi phản hồi."]
