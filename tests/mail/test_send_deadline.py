"""`nq57xl email --send --timeout`: an overall deadline, kept even when the server trickles
bytes (each byte would restart a socket timeout)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.mail.message import new_message
from nq57xl.mail.smtp import MailError, SmtpSettings, send_message

from tests.mail.test_mail import build_province, consolidate

runner = CliRunner()
PAUSE = 0.2  #: seconds between the trickling server's lines
LINES = 100  #: lines it sends before giving up (20 s): far beyond the deadline of 2 s


class Trickle:
    """Accepts one client and sends it a "220-" greeting line every :data:`PAUSE` seconds,
    never the last line; records how many it sent before the client hung up."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.sent = 0
        self.client_left = False
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            conn.settimeout(PAUSE)
            while self.sent < LINES:
                try:
                    conn.sendall(b"220-mail.langson.gov.vn chao mung\r\n")
                    self.sent += 1
                    if conn.recv(1024) == b"":  # the client closed the connection
                        self.client_left = True
                        return
                except socket.timeout:
                    continue
                except OSError:
                    self.client_left = True
                    return


@contextmanager
def trickling_server() -> Iterator[Trickle]:
    trickle = Trickle()
    trickle.thread.start()
    try:
        yield trickle
    finally:
        trickle.server.close()
        trickle.thread.join(timeout=PAUSE * LINES + 5)


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("province")
    out, _, _ = consolidate(build_province(root / "bao_cao"), root / "tong_hop.xlsx")
    return out


def test_send_stops_at_the_deadline_while_the_server_trickles(summary):
    with trickling_server() as trickle:
        result = runner.invoke(app, [
            "email", "--summary", str(summary), "--to", "ld@langson.gov.vn",
            "--from", "tonghop@langson.gov.vn", "--send", "--host", "127.0.0.1",
            "--port", str(trickle.port), "--timeout", "2"])
        trickle.thread.join(timeout=PAUSE * LINES + 5)
    assert result.exit_code == 1, result.output
    assert (f"LỖI: Máy chủ thư 127.0.0.1:{trickle.port} không trả lời xong trong 2 giây (thời "
            "hạn --timeout) nên đã dừng gửi; thư chưa được gửi.") in result.output
    # The client hung up after about 2 s of lines (10 at 0.2 s), long before the server's 100.
    assert trickle.client_left and trickle.sent < LINES // 2


def test_the_library_keeps_the_deadline_too():
    msg = new_message("Tiêu đề", "Nội dung", to=["ld@langson.gov.vn"],
                      sender="tonghop@langson.gov.vn")
    with trickling_server() as trickle:
        with pytest.raises(MailError, match="không trả lời xong trong 1,5 giây"):
            send_message(msg, SmtpSettings("127.0.0.1", trickle.port, deadline=1.5))
        trickle.thread.join(timeout=PAUSE * LINES + 5)
    assert trickle.client_left and trickle.sent < LINES // 2


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf"])
def test_timeout_must_be_a_positive_number_of_seconds(summary, value):
    result = runner.invoke(app, ["email", "--summary", str(summary), "--to", "ld@langson.gov.vn",
                                 "--from", "tonghop@langson.gov.vn", "--send", "--host",
                                 "127.0.0.1", "--timeout", value])
    assert result.exit_code == 2, result.output
    assert "Thời hạn gửi thư --timeout" in result.output and "lớn hơn 0" in result.output
