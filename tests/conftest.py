"""Shared fixtures: commune workbooks built from the real seed plans, one LibreOffice per
session, and the hypothesis profiles."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import settings

from nq57xl.importer.textexport import SEEDS, seed_text, table_rows
from tests.office import Office

# Hypothesis: the "ci" profile (chosen when the CI environment variable is set) runs every
# property test with the example counts the tests ask for; the "dev" profile runs a fifth
# of them, for a quicker local run. HYPOTHESIS_PROFILE=ci (or dev) chooses explicitly.
# Tests that name their own count write @settings(max_examples=examples(N)), N being the
# CI count; tests that name none get the profile's max_examples (100 in CI, as by default).
settings.register_profile("ci", max_examples=100)
settings.register_profile("dev", max_examples=20)
CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if CI else "dev"))


def examples(ci_count: int) -> int:
    """``ci_count`` examples under the "ci" profile, the same share of it as the loaded
    profile's max_examples is of 100 otherwise (a fifth under "dev"), at least 10."""
    return max(10, ci_count * settings.default.max_examples // 100)


SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """LibreOffice for converting files, started at most once per session (once per
    xdist worker), with a profile of its own; see tests/office.py."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    office = Office(SOFFICE, tmp_path_factory.mktemp("libreoffice"))
    yield office
    office.close()


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
