"""`nq57xl email`: the summary email as a draft (.eml) and sent to a real local SMTP server."""

from __future__ import annotations

import email
import random
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from typer.testing import CliRunner

from tests.conftest import task_rows
from nq57xl.cli.commands import app
from nq57xl.mail.message import figures_from_json, figures_from_workbook, load_json, new_message
from nq57xl.records import Metadata
from nq57xl.template.build import build_template

runner = CliRunner()
AS_OF = date(2026, 11, 23)
SUBJECT = ("Báo cáo tổng hợp tiến độ thực hiện Nghị quyết 57-NQ/TW - Tháng 11/2026 - "
           "tỉnh Lạng Sơn")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def commune_book(path: Path, name: str, report: date, n_done: int, *, code: str | None = None,
                 mail: str | None = None, rows: list[dict] | None = None) -> Path:
    meta = Metadata(commune=name, province="Lạng Sơn", commune_code=code, report_date=report,
                    plan_date=date(2026, 1, 15), email=mail)
    return build_template(path, metadata=meta, rows=rows if rows is not None else task_rows(n_done))


def build_province(folder: Path) -> Path:
    """Four communes of Lạng Sơn: one late (Đông Kinh), one with an email in its workbook."""
    commune_book(folder / "loi_bac.xlsx", "Lợi Bác", date(2026, 11, 15), 3)
    commune_book(folder / "quy_hoa.xlsx", "Quý Hòa", date(2026, 11, 18), 1)
    commune_book(folder / "dong_kinh.xlsx", "Đông Kinh", date(2026, 11, 22), 0, code="05977",
                 mail="vanphong.dongkinh@langson.gov.vn")
    commune_book(folder / "thien_hoa.xlsx", "Thiện Hoà", date(2026, 11, 12), 2, code="06085")
    return folder


def consolidate(folder: Path, out: Path, *extra: str) -> tuple[Path, Path, object]:
    json_path = out.with_suffix(".json")
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of",
                                 AS_OF.isoformat(), "--province", "Lạng Sơn", "--period",
                                 "Tháng 11/2026", "--json", str(json_path), *extra])
    assert result.exit_code in (0, 1), result.output
    return out, json_path, result


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("province")
    folder = build_province(root / "bao_cao")
    out, json_path, _ = consolidate(folder, root / "tong_hop.xlsx")
    return out, json_path


def parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def test_figures_from_workbook_equal_figures_from_json(summary):
    out, json_path = summary
    from_book, from_json = figures_from_workbook(out), figures_from_json(load_json(json_path))
    assert from_book == from_json
    assert (from_book.expected, from_book.submitted, from_book.late) == (65, 4, 1)
    assert from_book.ranked == 4 and len(from_book.lowest) == 4
    assert [c.rank for c in from_book.lowest] == sorted((c.rank for c in from_book.lowest), reverse=True)
    assert from_book.as_of == AS_OF and from_book.period == "Tháng 11/2026"


def test_email_draft(summary, tmp_path):
    out, json_path = summary
    draft = tmp_path / "thu.eml"
    result = runner.invoke(app, ["email", "--summary", str(out), "--to", "Lãnh đạo Sở <ld@sokhcn.langson.gov.vn>",
                                 "--to", "vanphong@sokhcn.langson.gov.vn; tonghop@langson.gov.vn",
                                 "--cc", "Phòng Quản lý khoa học <pqlkh@langson.gov.vn>", "-o", str(draft)])
    assert result.exit_code == 0, result.output
    raw = draft.read_bytes()
    assert raw.isascii() and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    msg = parse(raw)
    assert msg["Subject"] == SUBJECT
    assert msg["X-Unsent"] == "1"
    assert [a.addr_spec for a in msg["To"].addresses] == [
        "ld@sokhcn.langson.gov.vn", "vanphong@sokhcn.langson.gov.vn", "tonghop@langson.gov.vn"]
    assert msg["To"].addresses[0].display_name == "Lãnh đạo Sở"
    assert msg["Cc"].addresses[0].display_name == "Phòng Quản lý khoa học"
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith("Kính gửi: Lãnh đạo Sở Khoa học và Công nghệ,")
    assert "Trân trọng." in body and "Sở Khoa học và Công nghệ tỉnh Lạng Sơn" in body
    assert "tháng 11/2026" in body and "23/11/2026" in body
    assert "đã nộp báo cáo: 4/65; chưa nộp: 61; nộp muộn: 1" in body
    assert "Tỷ lệ nhiệm vụ hoàn thành đúng hạn:" in body and "cảnh báo đỏ" in body
    for commune in ("Lợi Bác", "Quý Hoà", "Đông Kinh", "Thiện Hoà"):
        assert commune in body
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content_type() == XLSX
    assert attachment.get_filename() == out.name
    assert attachment.get_content() == out.read_bytes()
    # The same figures when they come from the JSON.
    again = tmp_path / "thu_json.eml"
    result = runner.invoke(app, ["email", "--summary", str(out), "--json", str(json_path),
                                 "--to", "ld@sokhcn.langson.gov.vn", "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert parse(again.read_bytes()).get_body(("plain",)).get_content() == body


def test_non_ascii_attachment_name_is_rfc2231(summary, tmp_path):
    named = tmp_path / "Tổng hợp tháng 11.xlsx"
    shutil.copyfile(summary[0], named)
    draft = tmp_path / "thu.eml"
    result = runner.invoke(app, ["email", "--summary", str(named), "--to", "a@langson.gov.vn",
                                 "-o", str(draft)])
    assert result.exit_code == 0, result.output
    assert b"filename*=utf-8''T%E1%BB%95ng" in draft.read_bytes()
    (attachment,) = list(parse(draft.read_bytes()).iter_attachments())
    assert attachment.get_filename() == named.name


def test_vietnamese_headers_keep_every_space():
    """CPython's own folding drops a space at an encoded-word boundary; ours must not."""
    words = ["Ủy", "ban", "nhân", "dân", "xã", "Quỳ", "Châu", "phường", "Đông", "Kinh",
             "HĐND", "57-NQ/TW", "-", "Tháng", "11/2026", "a"]
    rng = random.Random(57)
    for _ in range(300):
        subject = " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        names = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 10))) for _ in range(3)]
        to = [email.utils.formataddr((n, f"x{i}@langson.gov.vn")) for i, n in enumerate(names)]
        msg = parse(new_message(subject, "nội dung", to=to, sender="Sở KH&CN <so@x.vn>").as_bytes())
        assert msg["Subject"] == subject
        assert [a.display_name for a in msg["To"].addresses] == names


@pytest.mark.parametrize("args, words", [
    (["--to", "khong-phai-dia-chi"], "không hợp lệ"),
    ([], "Thiếu tùy chọn bắt buộc «--to»"),
    (["--to", "a@b.vn", "--send", "--host", "smtp.example.vn", "--user", "a@b.vn"],
     "không mã hoá"),
    (["--to", "a@b.vn", "--send", "--host", "127.0.0.1", "--starttls", "--ssl"], "một trong hai"),
])
def test_email_usage_errors(summary, tmp_path, args, words):
    extra = [] if "--send" in args else ["-o", str(tmp_path / "x.eml")]
    result = runner.invoke(app, ["email", "--summary", str(summary[0]), *args, *extra])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert not (tmp_path / "x.eml").exists()


def test_email_refuses_a_commune_workbook(tmp_path):
    book = commune_book(tmp_path / "xa.xlsx", "Lợi Bác", AS_OF, 1)
    result = runner.invoke(app, ["email", "--summary", str(book), "--to", "a@b.vn",
                                 "-o", str(tmp_path / "x.eml")])
    assert result.exit_code == 2
    assert "không phải bảng tổng hợp" in result.output


# --- a real SMTP server on 127.0.0.1 ----------------------------------------------------

class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Đã nhận"


class EphemeralController(Controller):
    """Controller on port 0: the port the system chose is read back before use."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def smtp_server(**options: object) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = EphemeralController(inbox, hostname="127.0.0.1", port=0, **options)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def only_password(server, session, envelope, mechanism, auth_data):
    """Accept one account; handled=False lets aiosmtpd answer 535 on failure."""
    return AuthResult(success=auth_data.login == b"tonghop@langson.gov.vn"
                      and auth_data.password == b"dung-mat-khau", handled=False)


def send(summary: Path, port: int, *extra: str, password: str | None = None):
    env = {"NQ57XL_SMTP_PASSWORD": password} if password else {}
    return runner.invoke(app, ["email", "--summary", str(summary), "--to", "Lãnh đạo Sở <ld@langson.gov.vn>",
                               "--cc", "vp@langson.gov.vn", "--from", "Tổng hợp <tonghop@langson.gov.vn>",
                               "--send", "--host", "127.0.0.1", "--port", str(port), *extra], env=env)


def test_send_to_local_server(summary):
    with smtp_server() as (inbox, port):
        result = send(summary[0], port)
    assert result.exit_code == 0, result.output
    assert "Đã gửi thư tới ld@langson.gov.vn, vp@langson.gov.vn" in result.output
    ((mail_from, rcpt, content),) = inbox.received
    assert mail_from == "tonghop@langson.gov.vn"
    assert rcpt == ["ld@langson.gov.vn", "vp@langson.gov.vn"]
    msg = parse(content)
    assert msg["Subject"] == SUBJECT and msg["X-Unsent"] is None
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content() == summary[0].read_bytes()


def test_send_with_login(summary):
    with smtp_server(authenticator=only_password, auth_require_tls=False) as (inbox, port):
        result = send(summary[0], port, "--user", "tonghop@langson.gov.vn", password="dung-mat-khau")
    assert result.exit_code == 0, result.output
    assert len(inbox.received) == 1


def test_send_auth_refused(summary):
    with smtp_server(authenticator=only_password, auth_require_tls=False) as (inbox, port):
        result = send(summary[0], port, "--user", "tonghop@langson.gov.vn", password="sai-mat-khau")
    assert result.exit_code == 1
    assert "từ chối đăng nhập của tài khoản «tonghop@langson.gov.vn»" in result.output
    assert "NQ57XL_SMTP_PASSWORD" in result.output and "sai-mat-khau" not in result.output
    assert inbox.received == []


def test_send_size_exceeded(summary):
    with smtp_server(data_size_limit=10_000) as (inbox, port):
        result = send(summary[0], port)
    assert result.exit_code == 1
    assert "vượt giới hạn 10.000 byte" in result.output
    assert "nặng" in result.output and "byte (khoảng" in result.output
    assert inbox.received == []


def test_send_starttls_not_offered(summary):
    with smtp_server() as (inbox, port):
        result = send(summary[0], port, "--starttls")
    assert result.exit_code == 1
    assert "không hỗ trợ STARTTLS" in result.output


def test_send_no_connection(summary):
    with socket.socket() as s:  # a port that was free a moment ago: nobody listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = send(summary[0], port)
    assert result.exit_code == 1
    assert f"Không kết nối được tới máy chủ thư 127.0.0.1:{port}" in result.output
