"""Sending a message through an SMTP server, within an overall deadline.

Socket timeouts alone do not bound a send: each byte the server sends restarts them, and
a server answering "220-" continuation lines every few seconds holds the client forever.
So a watchdog thread shuts the connection down once :attr:`SmtpSettings.deadline`
seconds have passed, whatever step the exchange is in (connecting, the TLS handshake,
a reply, the upload); the send then fails with a Vietnamese message (exit code 1).
Split out of :mod:`nq57xl.mail.message`, which re-exports these names.
"""

from __future__ import annotations

import copy
import ipaddress
import smtplib
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses
from types import TracebackType
from typing import Any

from ..errors import MailUsageError, Nq57Error

PASSWORD_ENV = "NQ57XL_SMTP_PASSWORD"
#: Seconds the whole exchange with the SMTP server may take (``email --send --timeout``).
SEND_DEADLINE = 120.0
MAX_DEADLINE = 86_400.0


class MailError(Nq57Error, RuntimeError):
    """Sending failed (exit code 1); the message is Vietnamese."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send; ``security`` is "plain", "starttls" or "ssl".

    ``timeout`` bounds each network operation, ``deadline`` the whole exchange (seconds).
    """

    host: str
    port: int | None = None
    security: str = "plain"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    deadline: float = SEND_DEADLINE

    @property
    def effective_port(self) -> int:
        return self.port or {"ssl": 465, "starttls": 587}.get(self.security, 25)

    def check(self) -> None:
        """Refuse a deadline that is not a positive number of seconds, and a password in
        clear text to another machine."""
        if not 0 < self.deadline <= MAX_DEADLINE:
            raise MailUsageError(f"Thời hạn gửi thư --timeout «{self.deadline:g}» không hợp lệ; "
                                 f"hãy ghi số giây lớn hơn 0 và không quá {MAX_DEADLINE:g} "
                                 f"(mặc định {SEND_DEADLINE:g}).")
        if self.user and self.security == "plain" and not _loopback(self.host):
            raise MailUsageError(
                f"Không gửi mật khẩu qua kết nối không mã hoá tới «{self.host}». Hãy thêm "
                "--starttls (thường là cổng 587) hoặc --ssl (thường là cổng 465).")


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def size_text(n: int) -> str:
    """1234567 -> "1.234.567 byte (khoảng 1,2 MB)"."""
    exact = f"{n:,}".replace(",", ".") + " byte"
    if n >= 1_000_000:
        megabytes = f"{n / 1_000_000:.1f}".replace(".", ",")
        return f"{exact} (khoảng {megabytes} MB)"
    if n >= 1000:
        return f"{exact} (khoảng {n / 1000:.0f} KB)"
    return exact


# --- the deadline -----------------------------------------------------------------------

class Watchdog:
    """Shuts the watched connections down once ``seconds`` have passed.

    Each socket is watched through a duplicate of its descriptor: shutting that down
    ends the connection for every descriptor of it, so a read blocked in another thread
    returns at once, and the duplicate outlives the socket's wrapping for TLS.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._watched: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._watched:
                sock.close()
            self._watched.clear()

    def watch(self, sock: socket.socket) -> None:
        """Watch ``sock`` (shut down at once when the deadline has already passed)."""
        watched = socket.socket(sock.family, sock.type, sock.proto, fileno=_dup(sock))
        with self._lock:
            self._watched.append(watched)
            if self.expired:
                _shut(watched)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._watched:
                _shut(sock)


def _dup(sock: socket.socket) -> int:
    return socket.dup(sock.fileno())


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed by the peer or by the client
        pass


class _Client(smtplib.SMTP):
    """:class:`smtplib.SMTP` whose connection a :class:`Watchdog` can end."""

    def __init__(self, watchdog: Watchdog, *args: Any, **kwargs: Any) -> None:
        self.watchdog = watchdog
        super().__init__(*args, **kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        self.watchdog.watch(sock)
        return sock


class _SslClient(smtplib.SMTP_SSL, _Client):
    """:class:`smtplib.SMTP_SSL`, its plain socket watched before the TLS handshake
    (``SMTP_SSL._get_socket`` gets it from ``_Client._get_socket``)."""

    def __init__(self, watchdog: Watchdog, *args: Any, **kwargs: Any) -> None:
        self.watchdog = watchdog
        smtplib.SMTP_SSL.__init__(self, *args, **kwargs)


# --- sending ----------------------------------------------------------------------------

def send_message(msg: EmailMessage, smtp: SmtpSettings) -> list[str]:
    """Send ``msg`` (without its X-Unsent mark); returns its recipients.

    Checks the server's SIZE limit before logging in. Raises :class:`MailError` with a
    Vietnamese explanation for each kind of failure, also when the exchange takes
    longer than ``smtp.deadline`` seconds.
    """
    smtp.check()
    msg = copy.deepcopy(msg)
    del msg["X-Unsent"]
    recipients = [a for _, a in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]
    if not recipients:
        raise MailUsageError("Thư chưa có người nhận; hãy ghi --to.")
    if not msg["From"]:
        raise MailUsageError("Hãy ghi địa chỉ người gửi (--from).")
    where = f"{smtp.host}:{smtp.effective_port}"
    context = ssl.create_default_context()
    timeout = min(smtp.timeout, smtp.deadline)
    with Watchdog(smtp.deadline) as watchdog:
        try:
            if smtp.security == "ssl":
                client: smtplib.SMTP = _SslClient(watchdog, smtp.host, smtp.effective_port,
                                                  timeout=timeout, context=context)
            else:
                client = _Client(watchdog, smtp.host, smtp.effective_port, timeout=timeout)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(_late(smtp, where) if watchdog.expired else
                            f"Không kết nối được tới máy chủ thư {where} ({_reason(exc)}). Hãy "
                            "kiểm tra tên máy chủ, cổng và kết nối mạng rồi thử lại.") from exc
        try:
            with client:
                _exchange(client, msg, smtp, where, context)
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(_late(smtp, where) if watchdog.expired else
                            _failure(exc, where, smtp.user)) from exc
    return recipients


def _exchange(client: smtplib.SMTP, msg: EmailMessage, smtp: SmtpSettings, where: str,
              context: ssl.SSLContext) -> None:
    """EHLO, STARTTLS when asked, the SIZE check, login, then the message."""
    client.ehlo()
    if smtp.security == "starttls":
        if not client.has_extn("starttls"):
            raise MailError(f"Máy chủ thư {where} không hỗ trợ STARTTLS; hãy thử --ssl "
                            "(cổng 465) hoặc hỏi quản trị mạng.")
        client.starttls(context=context)
        client.ehlo()
    size = len(msg.as_bytes(policy=policy.SMTP))
    size_feature = client.esmtp_features.get("size", "").split(" ")[0]
    limit = int(size_feature) if size_feature.isdigit() else 0
    if limit and size > limit:
        raise MailError(f"Thư (kèm tệp) nặng {size_text(size)}, vượt giới hạn "
                        f"{size_text(limit)} của máy chủ thư {where}. Hãy gửi tệp qua "
                        "kênh khác hoặc nhờ quản trị mạng tăng giới hạn.")
    if smtp.user:
        client.login(smtp.user, smtp.password or "")
    client.send_message(msg)


def _late(smtp: SmtpSettings, where: str) -> str:
    """The Vietnamese explanation of a send stopped by its deadline."""
    seconds = f"{smtp.deadline:g}".replace(".", ",")
    return (f"Máy chủ thư {where} không trả lời xong trong {seconds} giây (thời hạn "
            "--timeout) nên đã dừng gửi; thư chưa được gửi. Hãy thử lại sau ít phút, kiểm tra "
            "tên máy chủ và cổng, hoặc tăng --timeout nếu đường truyền chậm và tệp đính kèm lớn.")


def _failure(exc: BaseException, where: str, user: str | None) -> str:
    """The Vietnamese explanation of a failure after connecting."""
    reason = _reason(exc)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (f"Máy chủ thư {where} từ chối đăng nhập của tài khoản «{user}» ({reason}). Hãy "
                f"kiểm tra tên đăng nhập và mật khẩu (biến môi trường {PASSWORD_ENV}).")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return (f"Máy chủ thư {where} không cho đăng nhập trên kết nối này ({reason}); hãy thử "
                "--starttls hoặc --ssl.")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return (f"Máy chủ thư {where} từ chối người nhận: {', '.join(exc.recipients)}. Hãy kiểm "
                "tra lại địa chỉ.")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"Máy chủ thư {where} từ chối địa chỉ người gửi «{exc.sender}» ({reason})."
    return f"Gửi thư qua {where} không thành công ({reason}). Hãy thử lại sau ít phút."


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        return f"mã {exc.smtp_code}: {text.strip()}"
    if isinstance(exc, ConnectionRefusedError):
        return "máy chủ từ chối kết nối"
    if isinstance(exc, TimeoutError):
        return "quá thời gian chờ"
    if isinstance(exc, ssl.SSLError):
        return f"lỗi mã hoá TLS: {exc.reason or exc}"
    return str(exc) or type(exc).__name__
