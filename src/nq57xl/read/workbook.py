"""Reading workbooks into grids of values with python-calamine.

Every sheet is read as values (never formulas: a formula cell gives its cached value),
row 0 of a grid being sheet row 1 so that cell addresses stay exact. openpyxl is used
only where cell-level detail is needed: the number format of a few progress cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import python_calamine as pc

from ..errors import Nq57Error

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")


@dataclass(frozen=True)
class SheetGrid:
    """One sheet: its name, visibility and its rows of raw values."""

    name: str
    rows: list[list[object]]
    visible: bool = True


class WorkbookError(Nq57Error):
    """A workbook that cannot be read; ``code`` is a catalogue code."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def _classify(exc: BaseException, path: Path) -> WorkbookError:
    text = str(exc) or exc.__class__.__name__
    if type(exc).__name__ == "PanicException":  # the Rust reader gave up on a value
        return WorkbookError("unreadable-file", "tệp có ô mang giá trị không hợp lệ, ví dụ một ô "
                                                "ngày tháng ngoài phạm vi mà Excel hiện thành "
                                                "####; hãy sửa hoặc xoá ô đó")
    if isinstance(exc, pc.PasswordError) or "password" in text.lower() or "encrypt" in text.lower():
        return WorkbookError("encrypted-file", text)
    if isinstance(exc, PermissionError):
        return WorkbookError("unreadable-file",
                             "tệp đang được mở hoặc khoá bởi chương trình khác; hãy đóng tệp rồi chạy lại")
    if isinstance(exc, FileNotFoundError):
        return WorkbookError("unreadable-file", "không tìm thấy tệp")
    head = b""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        pass
    if head.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() in (".xlsx", ".xlsm"):
        return WorkbookError("encrypted-file", text)
    if path.suffix.lower() in (".xlsx", ".xlsm") and not head.startswith(b"PK"):
        return WorkbookError("unreadable-file", "tệp không phải sổ làm việc Excel (có thể là CSV "
                                                "hoặc tệp khác bị đổi đuôi)")
    return WorkbookError("unreadable-file", _broken(text))


#: What the reader's (English) error says, in words (the catalogue adds what to do).
BROKEN_FILE_HINTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("zip", "eocd"), "phần nén của tệp bị hỏng hoặc tệp chưa tải về hết"),
    (("detect file format", "unsupported"), "không nhận ra định dạng tệp"),
    (("xml",), "nội dung bên trong tệp bị hỏng"),
)


def _broken(text: str) -> str:
    """"tệp hỏng hoặc không đúng định dạng" and, when known, why (from the reader's ``text``)."""
    lower = text.lower()
    for needles, hint in BROKEN_FILE_HINTS:
        if any(n in lower for n in needles):
            return f"tệp hỏng hoặc không đúng định dạng: {hint}"
    return "tệp hỏng hoặc không đúng định dạng"


def _open(path: Path) -> pc.CalamineWorkbook:
    """Open by extension; when that fails, by content (an .xls saved as .xlsx, say)."""
    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except (pc.ZipError, pc.XmlError, pc.CalamineError) as first:
        if isinstance(first, pc.PasswordError):
            raise
        try:
            with path.open("rb") as fh:
                return pc.CalamineWorkbook.from_filelike(fh)
        except Exception:
            raise first from None


def read_grids(path: Path | str) -> list[SheetGrid]:
    """Every worksheet of ``path`` as a :class:`SheetGrid`, in workbook order.

    Raises :class:`WorkbookError` when the file cannot be opened at all.
    """
    path = Path(path)
    try:
        wb = _open(path)
    except BaseException as exc:  # calamine raises its own and OS errors
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise _classify(exc, path) from exc
    grids: list[SheetGrid] = []
    try:
        for meta in wb.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet",):
                continue
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # the Rust reader's panics are BaseException
                raise _classify(exc, path) from exc
            visible = str(meta.visible) == "SheetVisibleEnum.Visible"
            grids.append(SheetGrid(meta.name, rows, visible))
    finally:
        wb.close()
    return grids


def percent_formatted(path: Path | str, sheet: str, cells: Iterable[str]) -> set[str]:
    """Which of ``cells`` (A1 addresses) carry a percent number format.

    Used for progress values such as 0.5 typed as "50%" in Excel. Only .xlsx/.xlsm
    files keep the format in a way openpyxl reads; other types give an empty set.
    """
    path = Path(path)
    wanted = set(cells)
    if not wanted or path.suffix.lower() not in (".xlsx", ".xlsm"):
        return set()
    import openpyxl  # lazy: only needed for this rare detail

    rows = {int("".join(ch for ch in addr if ch.isdigit())) for addr in wanted}
    found: set[str] = set()
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return set()
    try:  # one pass over the rows that hold wanted cells: ws[addr] re-parses the sheet
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=min(rows), max_row=max(rows)):
            for cell in row:
                coordinate = getattr(cell, "coordinate", None)
                if coordinate in wanted and "%" in (cell.number_format or ""):
                    found.add(coordinate)
    except Exception:
        return found
    finally:
        wb.close()
    return found
