"""Shared fixtures: commune workbooks built from the real seed plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from nq57xl.importer.textexport import SEEDS, seed_text, table_rows


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


def task_rows(n_done: int, lead: str = "Phòng Văn hóa - Xã hội", *, count: int = 5,
              dated: int = 3) -> list[dict]:
    """Template rows: one section, ``count`` tasks (the first ``dated`` due Tháng 6/2026,
    the others recurring), the first ``n_done`` done with evidence, the rest at 40%."""
    rows: list[dict] = [{"section": "I", "title": "Chỉ đạo, điều hành"}]
    for i in range(1, count + 1):
        row = {"stt": str(i), "name": f"Nhiệm vụ {i}", "lead": lead,
               "deadline": "Tháng 6/2026" if i <= dated else "Thường xuyên",
               "state": "Đang thực hiện", "progress": 40, "updated": date(2026, 11, 10)}
        if i <= n_done:
            row.update(state="Đã hoàn thành", progress=100, done_date=date(2026, 6, 20),
                       evidence=f"{i}/BC-UBND")
        rows.append(row)
    return rows


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
