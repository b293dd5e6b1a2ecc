"""Email addresses as they enter nq57xl: options, workbook cells and roster lines.

Every address is parsed with the ``email`` package's header registry (the parser of
:data:`email.policy.default`), never with string splitting, and refused with a
Vietnamese message naming where it came from (the option, the cell, the roster line)
when it holds a line break or another control character, a group ("Bcc: x@y;"), a
part the parser calls invalid, or an address that is not ``ten@donvi.gov.vn``. An
address that passes is rebuilt from its parts, so nothing of the source text but the
display name and the address itself reaches a header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from email import policy
from email.errors import ObsoleteHeaderDefect
from email.headerregistry import Address
from pathlib import Path

from ..errors import MailUsageError
from ..read.cleantext import address, clean_text
from ..read.metadata import FIELDS, METADATA_SHEET
from ..read.workbook import SheetGrid, WorkbookError, read_grids
from ..vntext import normalize, strip_diacritics

#: C0 and C1 control characters (CR, LF, tab, NUL, NEL, ...) and the Unicode line and
#: paragraph separators: none may stand in an address or a display name.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_SHOWN = 80
_HOW = "hãy ghi dạng ten@donvi.gov.vn"
_EMAIL_LABELS = {normalize(label) for key, std, alts in FIELDS if key == "email"
                 for label in (std, *alts)}


class AddressError(MailUsageError):
    """An address that cannot be used; the message names its source and how to fix it."""


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return {"\r": "\\r", "\n": "\\n", "\t": "\\t"}.get(char, f"\\u{ord(char):04x}")


def _shown(text: str) -> str:
    """``text`` as a message quotes it: control characters written out (\\n), long texts cut."""
    text = CONTROL.sub(_visible, text)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def parse_address_list(value: str, source: str) -> list[Address]:
    """The addresses of one text ("," or ";" between them); :class:`AddressError` naming
    ``source`` when the text holds anything but plain addresses."""
    if CONTROL.search(value):
        raise AddressError(
            f"Địa chỉ email «{_shown(value)}» ({source}) có ký tự xuống dòng hoặc ký tự điều "
            f"khiển nên không dùng được; {_HOW}, nhiều địa chỉ thì cách nhau bởi dấu «;».")
    header = policy.default.header_factory("To", value.replace(";", ","))
    found = list(header.addresses)  # type: ignore[attr-defined]
    bad = next((a for a in found if not _ADDRESS.match(a.addr_spec)), None)
    if bad is not None:
        shown = value.strip() if len(found) == 1 else bad.addr_spec or bad.display_name
        raise AddressError(f"Địa chỉ email «{_shown(shown)}» ({source}) không hợp lệ; {_HOW}.")
    groups = [g for g in header.groups if g.display_name is not None]  # type: ignore[attr-defined]
    defects = [d for d in header.defects if not isinstance(d, ObsoleteHeaderDefect)]
    if groups or defects or (value.strip(" ,;") and not found):
        raise AddressError(f"Địa chỉ email «{_shown(value.strip())}» ({source}) không hợp lệ; "
                           f"{_HOW}, nhiều địa chỉ thì cách nhau bởi dấu «;».")
    return [Address(display_name=a.display_name, addr_spec=a.addr_spec) for a in found]


def parse_addresses(values: Iterable[str] | None, option: str = "--to") -> list[str]:
    """Addresses given once each or separated by "," or ";", checked one by one.

    ``option`` names where they come from in messages: the option ("--to"), the cell
    ("ô B13 … trang «Điều khiển»") or the roster line. Raises :class:`AddressError`.
    """
    return [str(a) for value in values or () for a in parse_address_list(str(value), option)]


def clean_address(value: object, source: str) -> str | None:
    """The address(es) of a cell or a roster line as written, None when empty.

    Raises :class:`AddressError` naming ``source`` when the value is not usable: the
    caller then leaves out that commune's draft and reports why.
    """
    if value is None:
        return None
    text = str(value).strip(" \t\r\n")
    if not text:
        return None
    return ", ".join(parse_addresses([text], source)) or None


def _is_metadata_sheet(name: str) -> bool:
    return strip_diacritics(normalize(name)) in ("thong tin", "thong tin chung")


def email_cell(grids: Sequence[SheetGrid]) -> tuple[str, str] | None:
    """(sheet, A1 address) of the email on the commune's "Thông tin" sheet, if any.

    The same cell :func:`nq57xl.read.metadata.read_metadata` takes the email from: the
    value beside the first "Email" label among the first 80 rows.
    """
    sheet = next((g for g in grids if _is_metadata_sheet(g.name)), None)
    if sheet is None:
        return None
    for r, row in enumerate(sheet.rows[:80]):
        if len(row) >= 2 and normalize(clean_text(row[0])) in _EMAIL_LABELS:
            return sheet.name, address(r, 1)
    return None


def workbook_source(path: Path, file: str, grids: Sequence[SheetGrid] | None = None) -> str:
    """"ô B11 trang «Thông tin» của tệp «file»": where a commune's workbook holds its email."""
    if grids is None:
        try:
            grids = read_grids(path)
        except (WorkbookError, OSError):
            grids = []
    found = email_cell(grids)
    where = f"ô {found[1]} trang «{found[0]}»" if found else f"ô Email trang «{METADATA_SHEET}»"
    return f"{where} của tệp «{file}»"


def workbook_address(value: object, path: Path, file: str,
                     grids: Sequence[SheetGrid] | None = None) -> str | None:
    """:func:`clean_address` of a workbook's "Thông tin" email, the cell named when refused
    (the workbook is read again to find the cell only then)."""
    try:
        return clean_address(value, f"trang «{METADATA_SHEET}» của tệp «{file}»")
    except AddressError:
        return clean_address(value, workbook_source(path, file, grids))
