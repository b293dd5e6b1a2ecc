"""The files of a province's reports folder, and each one once read and assessed.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..importer.word import WORD_SUFFIXES
from ..assess.indicators import IndicatorResult
from ..read.workbook import WORKBOOK_SUFFIXES
from ..records import CommuneReport, Problem
from .roster import (
    RosterEntry,
)
from .taskrows import TaskRow

_SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}
#: The custom document property by which nq57xl marks the workbooks it writes.
OUTPUT_PROPERTY = "nq57xl-output"
#: The modification time recorded in a feedback copy when it was written.
WRITTEN_PROPERTY = "nq57xl-written"
OUTPUT_KINDS = {"tong-hop": "bảng tổng hợp", "thay-doi": "bảng thay đổi giữa hai kỳ",
                "phan-hoi": "bản phản hồi cho xã"}
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]*)<")


@dataclass(frozen=True)
class InputFile:
    """A file found in the input folder; ``name`` is its path relative to the folder."""

    path: Path
    name: str
    skip_reason: str | None = None


@dataclass
class Submission:
    """One commune workbook read and assessed, with what consolidation decided about it.

    ``report`` is the workbook's report without its tasks: they travel as ``rows``
    (see :mod:`nq57xl.province.taskrows`), one per task with its status; ``figures`` are the
    commune's figures (see :func:`nq57xl.assess.figures.commune_figures`).
    """

    input: InputFile
    report: CommuneReport
    figures: dict[str, object]
    rows: tuple[TaskRow, ...] = ()
    entry: RosterEntry | None = None
    sha256: str = ""
    size: int = 0
    modified: str = ""
    late: bool = False
    kept: bool = True
    extra: list[Problem] = field(default_factory=list)
    #: Why a file not kept is left out, as the summary's file list says it.
    left_out: str = ""
    #: How the commune was identified ("sheet Thông tin (ô B3)", "tiêu đề (ô A2)", "tên tệp").
    identified_by: str = ""
    #: Every indicator of the list as of the date (see :mod:`nq57xl.assess.indicators`).
    indicators: tuple[IndicatorResult, ...] = ()


def find_inputs(folder: Path) -> list[InputFile]:
    """Every file below ``folder`` in a stable order; what is not a commune report (a
    workbook or a Word .docx appendix) carries the reason it is skipped: lock, hidden and
    system files, other files, links,
    FIFOs and other special files (never opened: opening a FIFO blocks), and workbooks
    nq57xl itself wrote (a summary, a feedback copy left untouched)."""
    out: list[InputFile] = []
    for path, is_link, is_regular in _walk(folder):
        rel = path.relative_to(folder).as_posix()
        out.append(InputFile(path, rel, _skip_reason(path, folder, is_link, is_regular)))
    return sorted(out, key=lambda i: i.name)


def _walk(folder: Path) -> list[tuple[Path, bool, bool]]:
    """(path, is a link, is a regular file) of every entry below ``folder``; links to
    folders are not followed, so a link loop cannot trap the walk."""
    found: list[tuple[Path, bool, bool]] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in [*files, *(d for d in dirs if os.path.islink(os.path.join(top, d)))]:
            path = Path(top, name)
            try:
                st = path.lstat()
            except OSError:
                continue
            found.append((path, stat.S_ISLNK(st.st_mode), stat.S_ISREG(st.st_mode)))
    return found


def _skip_reason(path: Path, folder: Path, is_link: bool, is_regular: bool) -> str | None:
    low = path.name.lower()
    if path.name.startswith("~$"):
        return "tệp khoá tạm của Excel (~$), không phải báo cáo"
    if any(part.startswith(".") for part in path.relative_to(folder).parts) or low in _SYSTEM_FILES:
        return "tệp ẩn hoặc tệp hệ thống"
    if is_link:
        return "lối tắt (liên kết) tới tệp hoặc thư mục khác, không đọc; hãy chép tệp thật vào thư mục"
    if not is_regular:
        return "không phải tệp thông thường (thiết bị, ống dẫn hoặc socket), không đọc"
    if path.suffix.lower() not in (*WORKBOOK_SUFFIXES, *WORD_SUFFIXES):
        return (f"không phải sổ làm việc Excel hay tệp Word .docx (đuôi "
                f"«{path.suffix or 'không có'}»)")
    kind = written_by_nq57xl(path)
    if kind:
        return f"{OUTPUT_KINDS.get(kind, 'tệp')} do nq57xl tạo, không phải báo cáo của xã"
    return None


def written_by_nq57xl(path: Path) -> str | None:
    """The kind of nq57xl output ``path`` is (see :data:`OUTPUT_KINDS`), from its custom
    document property :data:`OUTPUT_PROPERTY`; None for anything else.

    A feedback copy counts only while untouched: once a commune saves it in an office
    suite (its modification time is no longer the one nq57xl recorded), it is a report.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "docProps/custom.xml" not in names:
                return None
            custom = zf.read("docProps/custom.xml")[:65536]
            core = zf.read("docProps/core.xml")[:65536] if "docProps/core.xml" in names else b""
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return None
    kind = _property(custom, OUTPUT_PROPERTY)
    if kind == "phan-hoi":
        written = _property(custom, WRITTEN_PROPERTY)
        modified = _MODIFIED.search(core)
        if not written or not modified or modified.group(1).decode() != written:
            return None
    return kind


def _property(custom: bytes, name: str) -> str | None:
    m = re.search(rb'name="' + re.escape(name.encode()) + rb'"[^>]*>\s*<vt:lpwstr[^>]*>([^<]*)<', custom)
    return m.group(1).decode("utf-8", "replace") if m else None


def check_outputs(folder: Path, files: Sequence[tuple[str, Path | None]] = (),
                  folders: Sequence[tuple[str, Path | None]] = ()) -> str | None:
    """Why one of the outputs (label, path) may not be written, in Vietnamese, or None.

    No output goes inside the reports ``folder`` (the next run would read it as a
    report, or it would overwrite one), and an output file is not an existing folder.
    """
    base = folder.resolve()
    for label, path in [*files, *folders]:
        if path is None:
            continue
        full = path.resolve()
        if full == base or full.is_relative_to(base):
            return (f"Không ghi {label} «{path}» vào trong thư mục báo cáo của các xã «{folder}»: "
                    "lần chạy sau nó sẽ bị đọc nhầm như một báo cáo (hoặc ghi đè lên báo cáo). "
                    "Hãy chọn nơi lưu bên ngoài thư mục này.")
    for label, path in files:
        if path is not None and path.is_dir():
            return f"Không ghi được {label} «{path}»: đường dẫn này là một thư mục; hãy ghi tên tệp."
    return None


def no_reports_message(folder: Path) -> str:
    """What to say when ``folder`` holds no commune workbook at all (Vietnamese)."""
    return (f"Không có tệp báo cáo nào (.xlsx, .xlsm, .xls, .ods, .docx) trong thư mục «{folder}». "
            "Hãy chọn đúng thư mục chứa các tệp của xã.")
