"""Shared fixtures: commune workbooks built from the real seed plans."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from nq57xl.textsource import SEEDS, seed_text, table_rows


def excel_like(cell: str) -> object:
    """What Excel makes of pasted text: whole numbers become numbers."""
    return int(cell) if cell.isdigit() and len(cell) < 6 else cell


def write_rows(path: Path, rows: list[list[object]], *, sheet: str = "Nhiệm vụ",
               commune: str | None = None, province: str | None = None,
               title_sheet_first: bool = True) -> Path:
    """A workbook with the rows pasted from A1 and, optionally, a "Thông tin" sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value not in ("", None):
                ws.cell(row=r, column=c, value=excel_like(value) if isinstance(value, str) else value)
    if commune:
        info = wb.create_sheet("Thông tin", 0 if title_sheet_first else None)
        info.append(["Tên xã/phường", commune])
        if province:
            info.append(["Tỉnh/thành phố", province])
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def seed_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three seed appendices pasted into workbooks as a commune would have them."""
    folder = tmp_path_factory.mktemp("seeds")
    books = {}
    for key, info in SEEDS.items():
        rows = table_rows(seed_text(key))
        books[key] = write_rows(folder / f"{key}.xlsx", rows, commune=info["commune"],
                                province=info["province"])
    return books
