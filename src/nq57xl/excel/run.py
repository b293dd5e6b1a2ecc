"""The frame every button of the macro workbook runs in (see :mod:`nq57xl.excel.buttons`).

:func:`handle` gets the calling workbook from xlwings, runs an action and writes its
:class:`Report` into the result area of "Điều khiển" through :class:`Ui`, which also
drives Excel's status bar. No exception reaches xlwings (whose pop-up shows an English
traceback): a :class:`UserError` (or :class:`~nq57xl.excel.layout.LayoutError`)
becomes its Vietnamese message, anything else a short message and a log file.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import Nq57Error
from .cells import cell, clear_below, put_rows
from .layout import ISSUE_KEYS, RESULT_AREA

STATUS_INTERVAL = 0.5  #: seconds between two status bar updates at most
LOG_NAME = "nq57xl-loi.log"  #: tracebacks of unexpected errors, in the temp folder
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class UserError(Nq57Error):
    """A problem the officer can fix; the message is Vietnamese."""


@dataclass
class Report:
    """What a handler shows: lines, then optionally a table (header row first)."""

    lines: list[str]
    table: list[list[object]] = field(default_factory=list)


def handle(title: str, action: Callable[[Any, Ui], Report], *, focus: bool = True) -> None:
    try:
        import xlwings as xw

        book = xw.Book.caller()
    except Exception as exc:  # nothing to write into: a message box
        _alert(title, f"Không kết nối được với Excel ({type(exc).__name__}: {exc}).")
        return
    ui = Ui(book)
    try:
        ui.show(Report([f"{title}: đang chạy (từ {datetime.now():%H:%M:%S}), xin chờ..."]), focus)
        report = action(book, ui)
        report.lines.insert(0, f"{title}: xong lúc {datetime.now():%H:%M:%S %d/%m/%Y}.")
    except Nq57Error as exc:  # UserError, LayoutError and the library's own
        report = Report([f"{title}: chưa thực hiện được.", str(exc)])
    except Exception as exc:
        log = _log_exception(title)
        report = Report([f"{title}: gặp lỗi ngoài dự kiến nên chưa làm xong.",
                         f"Chi tiết: {type(exc).__name__}: {exc}",
                         f"Hãy gửi tệp «{log}» cho cán bộ kỹ thuật." if log else ""])
    try:
        ui.show(report, focus)
    except Exception as exc:
        _log_exception(title)
        _alert(title, "\n".join(report.lines) + f"\n(Không ghi được vào sổ làm việc: {exc})")
    finally:
        ui.status(None)


def _alert(title: str, text: str) -> None:
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.MessageBoxW(0, text, f"nq57xl: {title}", 0x30)  # type: ignore[attr-defined]
    else:
        print(f"{title}: {text}", file=sys.stderr)


def _log_exception(title: str) -> Path | None:
    """Append the current traceback to the log file; its path, or None."""
    path = Path(tempfile.gettempdir()) / LOG_NAME
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} {title}\n{traceback.format_exc()}\n")
        return path
    except OSError:
        return None


class Ui:
    """The result area of "Điều khiển" and Excel's status bar."""

    def __init__(self, book: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self.book, self.clock = book, clock
        self._last, self._status_ok = -math.inf, True

    def status(self, text: str | None) -> None:
        """Show ``text`` in the status bar (None gives the bar back to Excel)."""
        if self._status_ok:
            try:
                self.book.app.status_bar = text if text is not None else False
            except Exception:  # engines without a status bar (xlwings' remote engine)
                self._status_ok = False

    def progress(self, done: int, total: int, name: str) -> None:
        """The ``on_progress`` callback: at most one status update per STATUS_INTERVAL."""
        now = self.clock()
        if now - self._last >= STATUS_INTERVAL or done >= total:
            self._last = now
            self.status(f"nq57xl: {done}/{total} — {name}" if done < total else
                        f"nq57xl: xong {total}/{total}, đang hoàn tất...")

    def show(self, report: Report, focus: bool = True) -> None:
        start = cell(self.book, RESULT_AREA)
        clear_below(start, len(ISSUE_KEYS))
        lines = [[excel_value(line, "text")] for line in report.lines if line]
        put_rows(start, lines)
        put_rows(start.offset(len(lines) + 1, 0), report.table)
        if focus:
            start.sheet.activate()
            start.select()


def excel_value(value: object, kind: str) -> object:
    """A value as written into a cell, by its column kind in nq57xl.province.consolidation.COLUMNS.

    Text from the communes' files could be a formula (``=HYPERLINK(...)``, DDE): text
    that Excel would parse as one gets a leading apostrophe, which Excel keeps as text.
    """
    import pandas as pd

    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if kind == "bool":
        return "x" if value else None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, (int, float, datetime)):
        return value
    text = str(value)  # Excel parses "=...", "+...", "-...", "@..." typed into a cell:
    return "'" + text if text[:1] in FORMULA_STARTS else text  # the quote keeps it text


def open_book(book: Any, path: Path) -> Any | None:
    """The workbook at ``path`` among those open in the Excel of ``book``, if any."""
    target = os.path.normcase(path.resolve())
    for other in list(book.app.books):
        if os.path.normcase(os.path.abspath(other.fullname)) == target:
            return other
    return None


def open_on_windows(book: Any, path: Path) -> bool:
    """Windows only: open a workbook in the caller's Excel (``book`` given) or a folder."""
    if sys.platform != "win32":
        return False
    try:
        if book is not None:
            book.app.books.open(str(path))
        else:
            os.startfile(path)  # type: ignore[attr-defined]
        return True
    except Exception:
        return False
