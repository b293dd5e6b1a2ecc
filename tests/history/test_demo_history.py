"""The demo's history: four earlier months derived from its consolidation."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import openpyxl

from nq57xl.history.store import HISTORY_FILE, held_periods
from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.jobs.demo import PROVINCE, build_demo
from nq57xl.jobs.demo_history import DEMO_MONTHS, GONE_TASK, seed_demo_history
from nq57xl.province.reading import read_sequential
from nq57xl.summary.trends_sheet import HISTORY_CHANGES_SHEET, TRENDS_SHEET

AS_OF = date(2026, 12, 1)


def run(tmp_path: Path) -> tuple[Path, Path]:
    built = build_demo(tmp_path / "demo", as_of=AS_OF, communes=6)
    out = tmp_path / "demo" / built.summary_name
    outcome = run_consolidation(built.folder, out, as_of=AS_OF, province=PROVINCE,
                                read=read_sequential, seed_history=seed_demo_history)
    assert outcome.exit_code == 1, outcome.lines  # the planted data errors
    return out, out.with_name(HISTORY_FILE)


def test_demo_shows_trends_out_of_the_box(tmp_path: Path) -> None:
    out, db = run(tmp_path)
    held = held_periods(db)
    assert [p.period for p in held] == ["Tháng 7/2026", "Tháng 8/2026", "Tháng 9/2026",
                                       "Tháng 10/2026", "Tháng 11/2026"]
    assert len(held) == DEMO_MONTHS + 1
    with sqlite3.connect(db) as conn:
        progress = dict(conn.execute("SELECT period, avg(progress) FROM tasks GROUP BY period"))
        gone = conn.execute("SELECT group_concat(DISTINCT period) FROM tasks JOIN task_names "
                            "ON task_names.id = name_id WHERE name = ?", (GONE_TASK,)).fetchone()[0]
    assert progress["Tháng 7/2026"] < progress["Tháng 9/2026"] < progress["Tháng 11/2026"]
    assert set(gone.split(",")) == {"Tháng 7/2026", "Tháng 8/2026", "Tháng 9/2026"}
    wb = openpyxl.load_workbook(out)
    ws = wb[TRENDS_SHEET]
    assert [c.value for c in ws[4]][2:7] == [p.period for p in held]
    assert len(ws._charts) == 2
    flags = [r for r in wb[HISTORY_CHANGES_SHEET].iter_rows(values_only=True)
             if r and r[5] in ("Tiến độ giảm", "Nhiệm vụ đã hoàn thành bị bỏ")]
    assert any(r[5] == "Nhiệm vụ đã hoàn thành bị bỏ" and r[4] == GONE_TASK for r in flags)


def test_running_the_demo_again_keeps_one_copy_of_each_month(tmp_path: Path) -> None:
    _, db = run(tmp_path)
    _, again = run(tmp_path)
    assert again == db
    assert len(held_periods(db)) == DEMO_MONTHS + 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM periods").fetchone()[0] == DEMO_MONTHS + 1
        assert conn.execute("SELECT count(DISTINCT period) FROM communes").fetchone()[0] == 5
