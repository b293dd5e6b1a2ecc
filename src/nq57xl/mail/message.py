"""Email: the summary email as a draft (.eml) or sent through SMTP, and shared helpers.

A draft is a standard RFC 5322 message (:class:`email.message.EmailMessage`, policy
``SMTP``: CRLF lines, RFC 2047 headers, RFC 2231 file names) with ``X-Unsent: 1`` so
that Outlook opens it as a new message ready to send. The figures of the summary email
are read by :mod:`nq57xl.mail.key_figures` (from the ``consolidate --json`` document or,
failing that, from the summary workbook); its names are re-exported here. Every message
to the user is Vietnamese.
"""

from __future__ import annotations

import copy
import ipaddress
import re
import smtplib
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, getaddresses, make_msgid
from pathlib import Path
from typing import Any

from ..atomic import write_atomic

# The figures moved to nq57xl.mail.key_figures; callers still import them from here.
from ..errors import MailUsageError as MailUsageError
from ..errors import Nq57Error
from ..province.roster import province_full_name
from .key_figures import RankedCommune as RankedCommune
from .key_figures import SummaryFigures as SummaryFigures
from .key_figures import figures_from_json as figures_from_json
from .key_figures import figures_from_result as figures_from_result
from .key_figures import figures_from_workbook as figures_from_workbook
from .key_figures import load_json as load_json
from .key_figures import summary_figures as summary_figures

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
XLSM_TYPE = ("application", "vnd.ms-excel.sheet.macroEnabled.12")
PASSWORD_ENV = "NQ57XL_SMTP_PASSWORD"
RESOLUTION = "Nghị quyết 57-NQ/TW"
DEFAULT_SALUTATION = "Lãnh đạo Sở Khoa học và Công nghệ"
_SPECIALS = re.compile(r'[()<>@,;:\\".\[\]]')
_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


class MailError(Nq57Error, RuntimeError):
    """Sending failed (exit code 1); the message is Vietnamese."""


# --- wording --------------------------------------------------------------------------

def percent(rate: float | None) -> str:
    """0.448 -> "44,8%"; None -> "—"."""
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


def province_phrase(province: str | None) -> str:
    """"tỉnh Nghệ An", "thành phố Hà Nội" (empty when unknown)."""
    if not province:
        return ""
    full = province_full_name(province) or f"Tỉnh {province}"
    return full[0].lower() + full[1:]


def period_phrase(period: str | None, as_of: date) -> str:
    """The report period as named in a subject: "Tháng 11/2026"."""
    return period or f"Tháng {as_of.month}/{as_of.year}"


def signature_for(province: str | None) -> str:
    where = province_phrase(province)
    return f"Sở Khoa học và Công nghệ {where}".strip()


def summary_subject(fig: SummaryFigures) -> str:
    parts = [f"Báo cáo tổng hợp tiến độ thực hiện {RESOLUTION}", period_phrase(fig.period, fig.as_of)]
    if fig.province:
        parts.append(province_phrase(fig.province))
    return " - ".join(parts)


def _ranked_line(c: RankedCommune, ranked: int) -> str:
    if c.due_tasks == 0:
        detail = "chưa có nhiệm vụ nào đến hạn"
    else:
        detail = f"hoàn thành đúng hạn {percent(c.on_time_rate)} nhiệm vụ đến hạn"
    flags = f", {c.red_flags} cảnh báo đỏ" if c.red_flags else ""
    return f"- {c.commune} (hạng {c.rank}/{ranked}): {detail}{flags}."


def summary_body(fig: SummaryFigures, attachment: str, *, salutation: str = DEFAULT_SALUTATION,
                 signature: str | None = None) -> str:
    """The plain-text body of the summary email."""
    where = f" {province_phrase(fig.province)}" if fig.province else ""
    period = f", kỳ báo cáo {fig.period[0].lower() + fig.period[1:]}" if fig.period else ""
    lines = [
        f"Kính gửi: {salutation},", "",
        f"Xin gửi kèm báo cáo tổng hợp tiến độ thực hiện {RESOLUTION} của các xã, phường{where}"
        f"{period}; số liệu tính đến ngày {fig.as_of:%d/%m/%Y}.", "",
        "Một số kết quả chính:",
        f"- Số xã, phường đã nộp báo cáo: {fig.submitted}/{fig.expected}; chưa nộp: {fig.missing}; "
        f"nộp muộn: {fig.late}.",
        f"- Tỷ lệ nhiệm vụ hoàn thành đúng hạn: {percent(fig.on_time_rate)} "
        f"(trên {fig.due_tasks} nhiệm vụ đã đến hạn, tổng số {fig.tasks} nhiệm vụ).",
        f"- Số nhiệm vụ có cảnh báo đỏ (quá hạn hoặc chậm tiến độ): {fig.red_flags}.",
    ]
    if fig.lowest:
        lines += ["", f"{len(fig.lowest)} xã, phường có kết quả thấp nhất:",
                  *(_ranked_line(c, fig.ranked) for c in fig.lowest)]
    lines += ["", f"Chi tiết theo từng xã, từng nhiệm vụ và các lỗi dữ liệu xin xem trong tệp "
                  f"đính kèm «{attachment}».", "", "Trân trọng.",
              signature if signature is not None else signature_for(fig.province)]
    return "\n".join(lines).rstrip() + "\n"


# --- messages -------------------------------------------------------------------------

def parse_addresses(values: Iterable[str] | None, option: str = "--to") -> list[str]:
    """Addresses given once each or separated by "," or ";", checked one by one."""
    out: list[str] = []
    for value in values or ():
        for name, addr in getaddresses([value.replace(";", ",")]):
            if not addr and not name:
                continue
            if not _ADDRESS.match(addr):
                shown = addr or name
                raise MailUsageError(f"Địa chỉ email «{shown}» ({option}) không hợp lệ; "
                                     "hãy ghi dạng ten@donvi.gov.vn.")
            quoted = f'"{name}"' if _SPECIALS.search(name) else name
            out.append(f"{quoted} <{addr}>" if name else addr)
    return out


def clean_address(value: object) -> str | None:
    """The address(es) as written when valid, else None (for addresses read from files)."""
    if not value:
        return None
    try:
        return ", ".join(parse_addresses([str(value)])) or None
    except MailUsageError:
        return None


class _Encoded(str):
    """A header value encoded here and folded as is (the str value stays readable).

    CPython's email policies (3.11-3.12) can drop the space at an encoded-word boundary
    when folding: about one Vietnamese subject in five lost a space. :class:`Header`
    keeps the spaces inside the encoded words, so non-ASCII headers are encoded with it.
    """

    name: str
    encoded: str

    def fold(self, *, policy: Any) -> str:
        return f"{self.name}: {self.encoded.replace(chr(10), policy.linesep)}{policy.linesep}"


def _encoded(name: str, value: str, encoded: str) -> _Encoded:
    out = _Encoded(value)
    out.name, out.encoded = name, encoded
    return out


def _address_header(name: str, addresses: Sequence[str]) -> _Encoded:
    """Each display name as one encoded word: split ones get a space inserted by some
    parsers (CPython's among them)."""
    parts = [formataddr(pair, charset="utf-8") for pair in getaddresses(list(addresses))]
    return _encoded(name, ", ".join(addresses), ",\n ".join(parts))


def new_message(subject: str, body: str, *, to: Sequence[str] = (), cc: Sequence[str] = (),
                sender: str | None = None, draft: bool = True) -> EmailMessage:
    """A plain-text UTF-8 message (quoted-printable, so any server takes it)."""
    msg = EmailMessage(policy=policy.SMTP)
    for name, addresses in (("From", [sender] if sender else []), ("To", to), ("Cc", cc)):
        if addresses:
            msg[name] = _address_header(name, addresses)
    msg["Subject"] = _encoded("Subject", subject, Header(subject, "utf-8", header_name="Subject")
                              .encode(linesep=chr(10)))
    msg["Date"] = format_datetime(datetime.now().astimezone())
    domain = sender.rpartition("@")[2].strip("> ") if sender and "@" in sender else "nq57xl.local"
    msg["Message-ID"] = make_msgid(domain=domain)
    if draft:
        msg["X-Unsent"] = "1"
    msg.set_content(body, cte="quoted-printable")
    return msg


def attach_file(msg: EmailMessage, path: Path, name: str | None = None) -> None:
    """Attach a workbook with its Office MIME type and its (RFC 2231 encoded) file name."""
    maintype, subtype = XLSM_TYPE if path.suffix.lower() == ".xlsm" else XLSX_TYPE
    msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype,
                       filename=name or path.name)


def write_eml(msg: EmailMessage, path: Path | str) -> Path:
    """Write ``msg`` to ``path`` atomically as a .eml file."""
    data = msg.as_bytes(policy=policy.SMTP)
    return write_atomic(Path(path), lambda tmp: tmp.write_bytes(data))


def draft_summary_email(summary: Path | str, to: Sequence[str], *, cc: Sequence[str] = (),
                        json_path: Path | str | None = None, sender: str | None = None,
                        salutation: str = DEFAULT_SALUTATION, signature: str | None = None,
                        output: Path | str | None = None) -> EmailMessage:
    """The summary email with the workbook attached; written to ``output`` when given.

    Figures come from ``json_path`` (the consolidate JSON) when given, else from the
    workbook. Raises :class:`MailUsageError` for a missing or foreign file.
    """
    summary = Path(summary)
    if not summary.is_file():
        raise MailUsageError(f"Không tìm thấy bảng tổng hợp «{summary}».")
    fig = summary_figures(summary, json_path)
    msg = new_message(summary_subject(fig), summary_body(fig, summary.name, salutation=salutation,
                                                         signature=signature),
                      to=to, cc=cc, sender=sender)
    attach_file(msg, summary)
    if output is not None:
        write_eml(msg, output)
    return msg


# --- SMTP -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send; ``security`` is "plain", "starttls" or "ssl"."""

    host: str
    port: int | None = None
    security: str = "plain"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @property
    def effective_port(self) -> int:
        return self.port or {"ssl": 465, "starttls": 587}.get(self.security, 25)

    def check(self) -> None:
        """Refuse to send a password in clear text to another machine."""
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


def send_message(msg: EmailMessage, smtp: SmtpSettings) -> list[str]:
    """Send ``msg`` (without its X-Unsent mark); returns its recipients.

    Checks the server's SIZE limit before logging in. Raises :class:`MailError` with a
    Vietnamese explanation for each kind of failure.
    """
    smtp.check()
    msg = copy.deepcopy(msg)
    del msg["X-Unsent"]
    recipients = [a for _, a in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]
    if not recipients:
        raise MailUsageError("Thư chưa có người nhận; hãy ghi --to.")
    if not msg["From"]:
        raise MailUsageError("Hãy ghi địa chỉ người gửi (--from).")
    size = len(msg.as_bytes(policy=policy.SMTP))
    where = f"{smtp.host}:{smtp.effective_port}"
    context = ssl.create_default_context()
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.effective_port,
                                                    timeout=smtp.timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.effective_port, timeout=smtp.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"Không kết nối được tới máy chủ thư {where} ({_reason(exc)}). Hãy kiểm "
                        "tra tên máy chủ, cổng và kết nối mạng rồi thử lại.") from exc
    try:
        with client:
            client.ehlo()
            if smtp.security == "starttls":
                if not client.has_extn("starttls"):
                    raise MailError(f"Máy chủ thư {where} không hỗ trợ STARTTLS; hãy thử --ssl "
                                    "(cổng 465) hoặc hỏi quản trị mạng.")
                client.starttls(context=context)
                client.ehlo()
            size_feature = client.esmtp_features.get("size", "").split(" ")[0]
            limit = int(size_feature) if size_feature.isdigit() else 0
            if limit and size > limit:
                raise MailError(f"Thư (kèm tệp) nặng {size_text(size)}, vượt giới hạn "
                                f"{size_text(limit)} của máy chủ thư {where}. Hãy gửi tệp qua "
                                "kênh khác hoặc nhờ quản trị mạng tăng giới hạn.")
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
            client.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(_failure(exc, where, smtp.user)) from exc
    return recipients


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
