"""The commands that prepare mail: ``email``, ``remind`` and ``feedback``.

Registered on the application by :mod:`nq57xl.cli.commands`; like every command they parse the
arguments, call the library (:mod:`nq57xl.mail.message`, :mod:`nq57xl.mail.remind`, :mod:`nq57xl.mail.feedback`) and print
its result.
"""

from __future__ import annotations

import os
from dataclasses import replace
from getpass import getpass
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
from ..errors import MailUsageError
from ..mail.smtp import SEND_DEADLINE
from ..province.roster import RosterError
from .options import AsOf, fail, parse_as_of, write_failure


def email_cmd(
    summary: Annotated[Path, typer.Option("--summary", help="Bảng tổng hợp (.xlsx) sẽ đính kèm.")],
    to: Annotated[list[str], typer.Option("--to", help="Người nhận; ghi nhiều lần hoặc cách nhau bởi dấu phẩy.")],
    cc: Annotated[Optional[list[str]], typer.Option("--cc", help="Người nhận đồng gửi.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Thư nháp sẽ ghi (.eml, mở bằng Outlook hoặc Thunderbird).")] = None,
    json_path: Annotated[Optional[Path], typer.Option("--json", help="Kết quả JSON của lệnh consolidate (mặc định: số liệu đọc từ bảng tổng hợp).")] = None,
    sender: Annotated[Optional[str], typer.Option("--from", help="Địa chỉ người gửi.")] = None,
    salutation: Annotated[Optional[str], typer.Option("--kinh-gui", help="Người nhận ghi sau «Kính gửi» (mặc định: Lãnh đạo Sở Khoa học và Công nghệ).")] = None,
    send: Annotated[bool, typer.Option("--send", help="Gửi ngay qua máy chủ thư (SMTP).")] = False,
    host: Annotated[Optional[str], typer.Option(help="Máy chủ thư SMTP.")] = None,
    port: Annotated[Optional[int], typer.Option(help="Cổng SMTP (mặc định 587 với --starttls, 465 với --ssl, 25 nếu không mã hoá).")] = None,
    starttls: Annotated[bool, typer.Option("--starttls", help="Mã hoá kết nối bằng STARTTLS.")] = False,
    use_ssl: Annotated[bool, typer.Option("--ssl", help="Kết nối SMTP qua SSL/TLS.")] = False,
    user: Annotated[Optional[str], typer.Option(help="Tài khoản SMTP; mật khẩu lấy từ biến môi trường NQ57XL_SMTP_PASSWORD, nếu không có thì được hỏi khi chạy.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Thời gian tối đa (giây) cho cả lần gửi qua máy chủ thư; quá thời gian này thì dừng và báo lỗi.")] = SEND_DEADLINE,
) -> None:
    """Soạn thư gửi bảng tổng hợp (tệp .eml), hoặc gửi ngay qua máy chủ thư."""
    try:
        if not send and output is None:
            raise MailUsageError("Hãy ghi -o THƯ.eml để soạn thư nháp, hoặc --send để gửi ngay.")
        if output is not None and output.suffix.lower() != ".eml":
            raise MailUsageError("Thư nháp phải có đuôi .eml.")
        if starttls and use_ssl:
            raise MailUsageError("Chỉ chọn một trong hai: --starttls hoặc --ssl.")
        recipients, copies = api.parse_addresses(to), api.parse_addresses(cc, "--cc")
        if not recipients:
            raise MailUsageError("Hãy ghi ít nhất một người nhận --to.")
        from_ = api.parse_addresses([sender], "--from")[0] if sender else None
        smtp = None
        if send:
            if not host:
                raise MailUsageError("Hãy ghi máy chủ thư --host để gửi.")
            smtp = api.SmtpSettings(host, port, "ssl" if use_ssl else "starttls" if starttls else "plain", user,
                                    deadline=timeout)
            smtp.check()
            from_ = from_ or (user if user and "@" in user else None)
            if from_ is None:
                raise MailUsageError("Hãy ghi địa chỉ người gửi --from.")
        msg = api.draft_summary_email(summary, recipients, cc=copies, json_path=json_path, sender=from_,
                                  salutation=salutation or api.DEFAULT_SALUTATION)
        if output is not None:
            api.write_eml(msg, output)
            typer.echo(f"Đã ghi thư nháp: {output}")
        if smtp is not None:
            password = os.environ.get(api.PASSWORD_ENV) or (getpass(f"Mật khẩu SMTP của {user}: ") if user else None)
            sent = api.send_message(msg, replace(smtp, password=password))
            typer.echo(f"Đã gửi thư tới {', '.join(sent)} qua {host}:{smtp.effective_port}.")
    except MailUsageError as exc:
        fail(str(exc))
    except api.MailError as exc:
        fail(str(exc), 1)
    except OSError as exc:
        fail(write_failure(output, exc))


def remind_cmd(
    json_path: Annotated[Path, typer.Option("--json", help="Kết quả JSON của lệnh consolidate.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Thư mục ghi các thư nhắc (.eml).")],
    roster: Annotated[Optional[Path], typer.Option(help="Danh sách xã của tỉnh (CSV) có cột Email.")] = None,
    folder: Annotated[Optional[list[Path]], typer.Option("--folder", help="Thư mục tệp báo cáo của xã (kỳ này hoặc các kỳ trước) để lấy email ở trang «Thông tin»; ghi nhiều lần được.")] = None,
    sender: Annotated[Optional[str], typer.Option("--from", help="Địa chỉ người gửi.")] = None,
) -> None:
    """Soạn thư nhắc (.eml) cho từng xã chưa nộp hoặc nộp muộn."""
    try:
        from_ = api.parse_addresses([sender], "--from")[0] if sender else None
        reminders = api.write_reminders(json_path, output, roster_csv=roster, folders=folder or (),
                                    sender=from_)
    except (MailUsageError, RosterError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"không ghi được thư nhắc vào «{output}»: {exc.strerror or exc}")
    for line in api.reminder_lines(reminders, output):
        typer.echo(line)
    raise typer.Exit(1 if reminders.without_address or reminders.refused else 0)


def feedback_cmd(
    paths: Annotated[list[Path], typer.Argument(exists=True, metavar="ĐƯỜNG_DẪN", help="Thư mục hoặc các tệp báo cáo của xã.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Thư mục ghi các tệp phản hồi.")],
    as_of: AsOf = None,
    json_path: Annotated[Optional[Path], typer.Option("--json", help="Kết quả JSON của lệnh consolidate (thêm trạng thái, thứ hạng của xã).")] = None,
    email: Annotated[bool, typer.Option("--email", help="Soạn thêm thư nháp (.eml) gửi từng xã, kèm tệp phản hồi.")] = False,
    sender: Annotated[Optional[str], typer.Option("--from", help="Địa chỉ người gửi.")] = None,
    warnings: Annotated[bool, typer.Option("--warnings", help="Phản hồi cả tệp chỉ có cảnh báo (mặc định: chỉ tệp có lỗi).")] = False,
) -> None:
    """Soạn tệp phản hồi cho từng xã: bản sao tệp của xã, ô có lỗi được tô màu và ghi chú."""
    day = parse_as_of(as_of) if as_of else None
    try:
        from_ = api.parse_addresses([sender], "--from")[0] if sender else None
        results = api.write_feedbacks(paths, output, as_of=day, json_path=json_path, email=email,
                                  sender=from_, warnings=warnings)
    except MailUsageError as exc:
        fail(str(exc))
    if not results:
        typer.echo("Không có tệp báo cáo nào (.xlsx, .xlsm, .xls, .ods) để phản hồi.", err=True)
        raise typer.Exit(2)
    for line in api.feedback_lines(results):
        typer.echo(line)
    raise typer.Exit(2 if any(r.error for r in results) else 1 if any(r.output for r in results) else 0)
