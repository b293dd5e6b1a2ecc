"""Limits that keep one file from exhausting the machine, and cheap checks made before
a workbook is opened: declared inflated size (zip bombs), encryption, macros, external
links and hidden rows of .xlsx/.xlsm files, read from the zip directory and sheet XML
without running or following anything.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .gridcheck import check_ods, check_xlsx, sheet_parts

MB = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le")
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')
_HIDDEN_ROW_ALT = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')


@dataclass(frozen=True)
class Limits:
    """Configurable limits; each refusal names the file and the limit."""

    max_file_mb: float = 50
    max_inflated_mb: float = 500
    max_rows: int = 20_000
    max_seconds: float = 60
    #: Memory a worker reading one file may take beyond what it starts with.
    max_worker_mb: float = 1024
    #: Cells one sheet may span (rows x columns, from its XML, before it is read).
    max_cells: int = 5_000_000

    def as_rows(self) -> list[tuple[str, str]]:
        return [
            ("Dung lượng tệp tối đa (MB)", f"{self.max_file_mb:g}"),
            ("Dung lượng giải nén tối đa (MB)", f"{self.max_inflated_mb:g}"),
            ("Số dòng tối đa mỗi trang tính", f"{self.max_rows:,}".replace(",", ".")),
            ("Thời gian đọc tối đa mỗi tệp (giây)", f"{self.max_seconds:g}"),
            ("Bộ nhớ tối đa khi đọc mỗi tệp (MB)", f"{self.max_worker_mb:g}"),
            ("Số ô tối đa mỗi trang tính", f"{self.max_cells:,}".replace(",", ".")),
        ]


@dataclass(frozen=True)
class Precheck:
    """What was learnt about a file before opening it; ``refusal`` is (code, detail)."""

    refusal: tuple[str, str] | None = None
    has_macros: bool = False
    external_links: int = 0
    hidden_rows: dict[str, tuple[int, ...]] | None = None


def _mb(n: float) -> str:
    return f"{n / MB:,.1f} MB".replace(",", " ").replace(".", ",")


def precheck(path: Path, limits: Limits) -> Precheck:
    """Size, zip-bomb and encryption checks; macros, external links and hidden rows."""
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        return Precheck(("file-too-large", f"dung lượng {_mb(size)} > {limits.max_file_mb:g} MB"))
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC and path.suffix.lower() in (".xlsx", ".xlsm", ".xlsb"):
        data = path.read_bytes()
        if _ENCRYPTED_NAME in data:
            return Precheck(("encrypted-file", "tệp được mã hoá bằng mật khẩu"))
        return Precheck()
    if not head.startswith(b"PK"):
        return Precheck()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            inflated = sum(i.file_size for i in infos)
            if inflated > limits.max_inflated_mb * MB:
                return Precheck(("zip-bomb", f"{_mb(inflated)} (giới hạn {limits.max_inflated_mb:g} MB)"))
            names = {i.filename for i in infos}
            sheets = {sheet: zf.read(part) for sheet, part in sheet_parts(zf, names)}
            grid = (check_ods(zf, names, limits.max_cells) if path.suffix.lower() == ".ods"
                    else check_xlsx(zf, names, limits.max_cells, sheets))
            if grid is not None:
                return Precheck((grid.code, grid.detail))
            macros = any(n.lower().endswith("vbaproject.bin") for n in names)
            links = sum(1 for n in names if n.startswith("xl/externalLinks/externalLink"))
            hidden = _hidden_rows(sheets)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return Precheck()  # the reader reports a broken file with its own words
    return Precheck(None, macros, links, hidden)


def _hidden_rows(sheets: dict[str, bytes]) -> dict[str, tuple[int, ...]]:
    """Sheet name -> hidden row numbers, from each sheet's XML (no cell is parsed)."""
    out: dict[str, tuple[int, ...]] = {}
    for sheet, xml in sheets.items():
        if b"hidden=" not in xml:
            continue
        rows = {int(r.group(1)) for r in _HIDDEN_ROW.finditer(xml)}
        rows |= {int(r.group(1)) for r in _HIDDEN_ROW_ALT.finditer(xml)}
        if rows:
            out[sheet] = tuple(sorted(rows))
    return out
