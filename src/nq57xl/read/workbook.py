"""Reading workbooks into grids of values with python-calamine.

Every sheet is read as values (never formulas: a formula cell gives its cached value),
row 0 of a grid being sheet row 1 so that cell addresses stay exact, with each sheet's
merged ranges and hidden columns. Cell-level detail (number formats, formulas, links) is
read where needed by :mod:`.cellinfo`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import python_calamine as pc

from ..errors import Nq57Error
from .cellinfo import sheet_layout
from .merges import Merge

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")


@dataclass(frozen=True)
class SheetGrid:
    """One sheet: its name, visibility and its rows of raw values.

    ``merges`` are its merged ranges (first row, first column, last row, last column;
    0-based, inclusive); ``hidden_columns`` the 0-based columns hidden in it.
    """

    name: str
    rows: list[list[object]]
    visible: bool = True
    merges: tuple[Merge, ...] = ()
    hidden_columns: frozenset[int] = frozenset()


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
    layout = sheet_layout(path)
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
            extra = layout.get(meta.name)
            merges = _merges(sheet) or (extra.merges if extra else ())
            hidden = extra.hidden_columns if extra else frozenset()
            grids.append(SheetGrid(meta.name, rows, visible, merges, hidden))
    finally:
        wb.close()
    return grids


def _merges(sheet: pc.CalamineSheet) -> tuple[Merge, ...]:
    """The merged ranges calamine read (.xlsx, .xls), as (r0, c0, r1, c1)."""
    try:
        ranges = sheet.merged_cell_ranges or ()
    except Exception:  # noqa: BLE001 - an older calamine, or a format without merges
        return ()
    return tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges)
