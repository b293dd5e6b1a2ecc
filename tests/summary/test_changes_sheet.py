"""The workbook of ``nq57xl compare -o`` (nq57xl.summary.changes_sheet.write_changes_workbook).

A list of changes longer than FAST_ROWS (nq57xl.summary.rowxml) is written as sheet XML
and spliced in after the workbook is closed. A bug lost those rows: the sheet had its
title and headers but no changes. Every change must be in the sheet.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.compare.changes import PROGRESS_DOWN, compare_snapshots
from nq57xl.compare.periods import load_snapshot
from nq57xl.summary import rowxml
from nq57xl.summary.changes_sheet import CHANGES_SHEET, write_changes_workbook

COMMUNES = (("Lợi Bác", "06601"), ("Quý Hòa", "06607"))
TASKS = 800  # a commune: 2 x 800 = 1,600 changes, more than FAST_ROWS


def period(path: Path, as_of: str, progress: int) -> Path:
    """A ``consolidate --json`` document: every task of every commune at ``progress``%."""
    doc = {
        "as_of": as_of, "period": f"Tháng {as_of[5:7].lstrip('0')}/2026",
        "communes": [{"commune": name, "code": code, "rank": i + 1, "submitted": True,
                      "figures": {"on_time_rate": 0.5}} for i, (name, code) in enumerate(COMMUNES)],
        "tasks": [{"commune": name, "section": "I", "stt": str(n), "name": f"Nhiệm vụ số {n}",
                   "deadline": {"text": "Năm 2026", "due": "2026-12-31"},
                   "status": "Đang thực hiện", "progress": progress, "evidence": None}
                  for name, _ in COMMUNES for n in range(1, TASKS + 1)],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def change_rows(path: Path) -> list[tuple]:
    """(commune, section, stt, change, previous, current) of each row of the changes sheet."""
    rows = list(openpyxl.load_workbook(path, read_only=True)[CHANGES_SHEET].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == "Xã/phường")
    col = {name: rows[top].index(name) for name in (
        "Xã/phường", "Mục", "STT", "Loại thay đổi", "Giá trị kỳ trước", "Giá trị kỳ này")}
    return [tuple(r[c] for c in col.values()) for r in rows[top + 1:] if r and r[0]]


@pytest.fixture(scope="module")
def periods(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("periods")
    return period(folder / "thang_10.json", "2026-10-23", 60), period(folder / "thang_11.json", "2026-11-23", 50)


def expected() -> list[tuple]:
    return [(name, "I", str(n), PROGRESS_DOWN, "60%", "50%")
            for name, _ in COMMUNES for n in range(1, TASKS + 1)]


def test_more_changes_than_fast_rows_are_all_in_the_sheet(periods, tmp_path: Path) -> None:
    comparison = compare_snapshots(*map(load_snapshot, periods))
    assert len(comparison.changes) == len(COMMUNES) * TASKS > rowxml.FAST_ROWS
    out = write_changes_workbook(comparison, tmp_path / "CHANGES.xlsx")
    assert change_rows(out) == expected()


def test_compare_command_writes_every_change(periods, tmp_path: Path) -> None:
    out = tmp_path / "CHANGES.xlsx"
    result = CliRunner().invoke(app, ["compare", str(periods[0]), str(periods[1]), "-o", str(out)])
    assert result.exit_code == 1, result.output  # progress went down: worth attention
    assert f"{len(COMMUNES) * TASKS} thay đổi" in result.output
    assert change_rows(out) == expected()


def test_fast_rows_and_cell_by_cell_give_the_same_sheet(periods, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    comparison = compare_snapshots(*map(load_snapshot, periods))
    monkeypatch.setattr("nq57xl.summary.blocks.FAST_ROWS", 2)
    fast = change_rows(write_changes_workbook(comparison, tmp_path / "fast.xlsx"))
    monkeypatch.setattr("nq57xl.summary.blocks.FAST_ROWS", len(comparison.changes) + 1)
    slow = change_rows(write_changes_workbook(comparison, tmp_path / "slow.xlsx"))
    assert fast == slow == expected()
