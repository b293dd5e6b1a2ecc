"""Email: the summary email as a draft (.eml) or sent through SMTP, and shared helpers.

A draft is a standard RFC 5322 message (:class:`email.message.EmailMessage`, policy
``SMTP``: CRLF lines, RFC 2047 headers, RFC 2231 file names) with ``X-Unsent: 1`` so
that Outlook opens it as a new message ready to send. The figures of the summary email
are read by :mod:`nq57xl.mail.key_figures` (from the ``consolidate --json`` document or,
failing that, from the summary workbook); its names are re-exported here. Every message
to the user is Vietnamese.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..errors import MailUsageError as MailUsageError
from ..province.roster import province_full_name

# Addresses are parsed in nq57xl.mail.addresses, the figures read in
# nq57xl.mail.key_figures and messages sent in nq57xl.mail.smtp; callers still import
# these names from here.
from .addresses import CONTROL, parse_address_list
from .addresses import AddressError as AddressError
from .addresses import clean_address as clean_address
from .addresses import parse_addresses as parse_addresses
from .key_figures import RankedCommune as RankedCommune
from .key_figures import SummaryFigures as SummaryFigures
from .key_figures import figures_from_json as figures_from_json
from .key_figures import figures_from_result as figures_from_result
from .key_figures import figures_from_workbook as figures_from_workbook
from .key_figures import load_json as load_json
from .key_figures import summary_figures as summary_figures
from .smtp import PASSWORD_ENV as PASSWORD_ENV
from .smtp import SEND_DEADLINE as SEND_DEADLINE
from .smtp import MailError as MailError
from .smtp import SmtpSettings as SmtpSettings
from .smtp import send_message as send_message
from .smtp import size_text as size_text

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
XLSM_TYPE = ("application", "vnd.ms-excel.sheet.macroEnabled.12")
RESOLUTION = "Nghị quyết 57-NQ/TW"
DEFAULT_SALUTATION = "Lãnh đạo Sở Khoa học và Công nghệ"


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


def _indicator_line(fig: SummaryFigures) -> str:
    """The indicators in one line: how many the province meets, the three furthest behind."""
    line = (f"- Chỉ tiêu của kế hoạch: toàn tỉnh đạt mục tiêu {fig.indicators_met}/"
            f"{len(fig.indicators)} chỉ tiêu có số liệu")
    short = fig.indicators_short[:3]
    if short:
        line += "; xa mục tiêu nhất: " + "; ".join(
            f"{i.code} {percent(i.value / 100)} (mục tiêu {percent(i.target / 100)})" for i in short)
    return line + "."


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
    if fig.indicators:
        lines.append(_indicator_line(fig))
    if fig.lowest:
        lines += ["", f"{len(fig.lowest)} xã, phường có kết quả thấp nhất:",
                  *(_ranked_line(c, fig.ranked) for c in fig.lowest)]
    lines += ["", f"Chi tiết theo từng xã, từng nhiệm vụ và các lỗi dữ liệu xin xem trong tệp "
                  f"đính kèm «{attachment}».", "", "Trân trọng.",
              signature if signature is not None else signature_for(fig.province)]
    return "\n".join(lines).rstrip() + "\n"


# --- messages -------------------------------------------------------------------------

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
    """The header of ``addresses``, each parsed again (:class:`AddressError` for anything
    but plain addresses: no line break or group reaches the header). Each display name
    is one encoded word: split ones get a space inserted by some parsers (CPython's)."""
    parsed = [a for value in addresses for a in parse_address_list(value, f"người nhận «{name}»")]
    parts = [formataddr((a.display_name, a.addr_spec), charset="utf-8") for a in parsed]
    return _encoded(name, ", ".join(map(str, parsed)), ",\n ".join(parts))


def one_line(text: str) -> str:
    """``text`` on one line: line breaks, control characters and runs of white space
    become single spaces."""
    return " ".join(CONTROL.sub(" ", text).split())


def new_message(subject: str, body: str, *, to: Sequence[str] = (), cc: Sequence[str] = (),
                sender: str | None = None, draft: bool = True) -> EmailMessage:
    """A plain-text UTF-8 message (quoted-printable, so any server takes it).

    Addresses are checked again (:class:`AddressError`); the subject is put on one line
    (it may hold a commune's name read from a file).
    """
    msg = EmailMessage(policy=policy.SMTP)
    for name, addresses in (("From", [sender] if sender else []), ("To", to), ("Cc", cc)):
        if addresses:
            msg[name] = _address_header(name, addresses)
    subject = one_line(subject)
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
