"""The errors nq57xl turns into a Vietnamese message for the user.

Every error that the command line or an Excel button reports as a message (rather
than a traceback) derives from :class:`Nq57Error`; its text is Vietnamese and says
what to do. Each room defines its own errors next to the code that raises them.
"""

from __future__ import annotations

import errno


class Nq57Error(Exception):
    """An error whose message is Vietnamese and meant for the user."""


class UsageError(Nq57Error, ValueError):
    """Bad input from the user (exit code 2): an option, a path, an address."""


class MailUsageError(UsageError):
    """Bad input to a mail command: an address, a recipient, a summary (exit code 2)."""


#: What the operating system's error numbers mean for the user, in Vietnamese.
_OS_ERRORS: dict[int, str] = {
    errno.ENOSPC: "ổ đĩa đã đầy, hãy giải phóng chỗ trống",
    errno.EDQUOT: "đã hết hạn mức dung lượng của tài khoản trên ổ đĩa",
    errno.EACCES: "không có quyền ghi (tệp đang mở trong chương trình khác, hoặc thư mục chỉ đọc)",
    errno.EPERM: "không được phép ghi vào chỗ này",
    errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho đọc",
    errno.EISDIR: "đường dẫn là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENOENT: "thư mục không tồn tại",
    errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.EBUSY: "tệp đang bị chương trình khác sử dụng",
}


def os_error_text(exc: OSError) -> str:
    """Why an operating-system call failed, in Vietnamese (the system's text otherwise)."""
    return _OS_ERRORS.get(exc.errno or 0) or (exc.strerror or str(exc))
