"""The commune's metadata sheet "Thông tin": labels in column A, values in column B."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..catalogue import problem
from ..records import Metadata, Problem
from ..vntext import nfc, normalize, strip_diacritics, visible
from .cells import CellValueError, parse_date
from .cleantext import address, clean_text
from .workbook import SheetGrid

METADATA_SHEET = "Thông tin"

#: (field, label in the standard template, other labels accepted)
FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("commune", "Tên xã/phường", ("Xã/phường", "Xã", "Phường", "Tên xã", "Tên đơn vị", "Đơn vị")),
    ("commune_code", "Mã xã", ("Mã xã/phường", "Mã đơn vị hành chính", "Mã ĐVHC")),
    ("province", "Tỉnh/thành phố", ("Tỉnh", "Tỉnh/thành", "Tỉnh, thành phố", "Thành phố")),
    ("plan_number", "Số kế hoạch", ("Kế hoạch số", "Số hiệu kế hoạch")),
    ("plan_date", "Ngày ban hành kế hoạch", ("Ngày ban hành", "Ngày kế hoạch")),
    ("period", "Kỳ báo cáo", ("Kỳ", "Tháng báo cáo")),
    ("report_date", "Ngày báo cáo", ("Ngày lập báo cáo",)),
    ("officer", "Cán bộ báo cáo", ("Người báo cáo", "Người lập", "Cán bộ phụ trách")),
    ("phone", "Điện thoại", ("Số điện thoại", "SĐT")),
    ("email", "Email", ("Thư điện tử", "E-mail")),
)
_DATE_FIELDS = ("plan_date", "report_date")
_LOOKUP = {normalize(label): key for key, std, alts in FIELDS for label in (std, *alts)}


def _is_metadata_sheet(name: str) -> bool:
    return strip_diacritics(normalize(name)) in ("thong tin", "thong tin chung")


def read_metadata(grids: Sequence[SheetGrid], file: str, *,
                  path: Path | None = None) -> tuple[Metadata, list[Problem]]:
    """Metadata from the "Thông tin" sheet; the file name stands in for a missing commune."""
    values: dict[str, object] = {}
    cells: list[tuple[str, str]] = []
    problems: list[Problem] = []
    sheet = next((g for g in grids if _is_metadata_sheet(g.name)), None)
    if sheet is not None:
        values["sheet"] = sheet.name
        for r, row in enumerate(sheet.rows[:80]):
            if len(row) < 2:
                continue
            key = _LOOKUP.get(normalize(clean_text(row[0])))
            if key is None or key in values:
                continue
            cells.append((key, address(r, 1)))
            raw = row[1]
            if key in _DATE_FIELDS:
                try:
                    values[key] = parse_date(raw)
                except CellValueError:
                    problems.append(problem("bad-metadata-date", file=file, sheet=sheet.name,
                                            cell=address(r, 1), row=r + 1, value=raw,
                                            column=clean_text(row[0])))
            else:
                text = visible(clean_text(raw))  # a zero-width space is no part of a name
                if key == "commune_code" and text.isdigit():
                    text = text.zfill(5)
                values[key] = text or None
    values["cells"] = tuple(cells)
    meta = Metadata(**values)  # type: ignore[arg-type]
    if not meta.commune:
        guess = commune_from_file_name(file)
        problems.append(problem("missing-metadata", file=file,
                                sheet=sheet.name if sheet else None, value=guess))
        meta = Metadata(**{**values, "commune": guess, "from_file_name": True})  # type: ignore[arg-type]
    return meta, problems


_PREFIX = re.compile(r"^(?:bao[ _-]?cao|bc|phu[ _-]?luc|pl|nq57|kh)[ _-]+", re.IGNORECASE)
_UNIT = re.compile(r"^(?:xã|phường|xa|phuong|đặc khu|dac khu)[ _-]+", re.IGNORECASE)


def commune_from_file_name(file: str) -> str:
    """A commune name guessed from a file name: "Xa_Loi_Bac.xlsx" -> "Loi Bac"."""
    stem = Path(file).stem
    stem = nfc(stem)
    stem = _PREFIX.sub("", stem)
    stem = _UNIT.sub("", stem)
    stem = re.sub(r"[_\-]+", " ", stem)
    stem = re.sub(r"\s*\d{1,2}\s+\d{4}$|\s*t\d{1,2}\s*\d{4}$", "", stem, flags=re.IGNORECASE)
    return " ".join(stem.split()).strip() or Path(file).stem
