"""The history end to end: consolidate twice, "Xu hướng" cell by cell, history
list/drop/import, compare from the history, --no-history."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.history.rows import COMMUNE_FIELDS
from nq57xl.history.store import HISTORY_FILE
from nq57xl.jobs.demo import PROVINCE, build_demo
from nq57xl.summary.trends_sheet import HISTORY_CHANGES_SHEET, TRENDS_SHEET

runner = CliRunner()
DAYS = (date(2026, 10, 23), date(2026, 11, 23))


@dataclass(frozen=True)
class Runs:
    out: Path
    summaries: tuple[Path, ...]
    jsons: tuple[Path, ...]


def consolidate(folder: Path, out: Path, day: date, *extra: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of",
                                 day.isoformat(), "--province", PROVINCE,
                                 "--json", str(out.with_suffix(".json")), *extra])
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    out = tmp_path_factory.mktemp("history")
    summaries = []
    for day in DAYS:
        built = build_demo(out / f"demo_{day:%m}", as_of=day, communes=4)
        summary = out / "tong_hop" / f"tong_hop_{day:%m}.xlsx"
        consolidate(built.folder, summary, day)
        summaries.append(summary)
    return Runs(out, tuple(summaries), tuple(s.with_suffix(".json") for s in summaries))


def stored_communes(db: Path, period: str) -> dict[str, dict]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(f"SELECT {', '.join(COMMUNE_FIELDS)} FROM communes WHERE period = ? "
                            "AND submitted", (period,)).fetchall()
    return {r[0]: dict(zip(COMMUNE_FIELDS, r)) for r in rows}


def test_trend_sheet_shows_both_periods_as_the_runs_computed_them(runs: Runs) -> None:
    db = runs.summaries[0].with_name(HISTORY_FILE)
    assert db.is_file()
    first = openpyxl.load_workbook(runs.summaries[0], read_only=True).sheetnames
    assert TRENDS_SHEET not in first and HISTORY_CHANGES_SHEET not in first  # one period held
    wb = openpyxl.load_workbook(runs.summaries[1])
    assert TRENDS_SHEET in wb.sheetnames and HISTORY_CHANGES_SHEET in wb.sheetnames
    assert "Thay đổi so với kỳ trước" in wb.sheetnames  # previous period from the history
    ws = wb[TRENDS_SHEET]
    header = [c.value for c in ws[4]]
    assert header[:5] == ["Toàn tỉnh", "Mã xã", "Tháng 10/2026", "Tháng 11/2026",
                          "Thay đổi (kỳ cuối − kỳ đầu)"]
    overviews = [json.loads(p.read_text(encoding="utf-8"))["overview"] for p in runs.jsons]
    labels = {"Tỷ lệ đúng hạn": "on_time_rate", "Tỷ lệ hoàn thành": "completion_rate",
              "Cảnh báo đỏ": "red_flags", "Tỷ lệ cập nhật": "update_rate"}
    for row in ws.iter_rows(min_row=5, max_row=8, values_only=True):
        key = labels[row[0]]
        assert row[2] == pytest.approx(overviews[0][key])
        assert row[3] == pytest.approx(overviews[1][key])
        assert row[4] == pytest.approx(overviews[1][key] - overviews[0][key])
    assert len(ws._charts) == 2  # the province; the communes that moved most
    # the per-commune table of on-time rates: the values stored for each period
    october, november = (stored_communes(db, p) for p in ("Tháng 10/2026", "Tháng 11/2026"))
    title = next(r for r in range(1, ws.max_row + 1)
                 if ws.cell(r, 1).value == "TỶ LỆ ĐÚNG HẠN THEO XÃ, PHƯỜNG")
    for r in range(title + 2, title + 2 + len(november)):
        name = ws.cell(r, 1).value
        assert ws.cell(r, 3).value == pytest.approx(october[name]["on_time_rate"])
        assert ws.cell(r, 4).value == pytest.approx(november[name]["on_time_rate"])


def test_history_list_drop_and_import(runs: Runs, tmp_path: Path) -> None:
    db = runs.summaries[0].with_name(HISTORY_FILE)
    listed = runner.invoke(app, ["history", "--db", str(db), "list"])
    assert listed.exit_code == 0, listed.output
    assert "2 kỳ" in listed.output and "Tháng 10/2026: số liệu đến 23/10/2026" in listed.output
    fresh = tmp_path / "moi.sqlite"
    imported = runner.invoke(app, ["history", "--db", str(fresh), "import", str(runs.jsons[0]),
                                   str(runs.summaries[1])])
    assert imported.exit_code == 0, imported.output
    assert "đã nhập 2/2 tệp" in imported.output
    for period in ("Tháng 10/2026", "Tháng 11/2026"):  # same figures as the runs recorded
        ran, read = stored_communes(db, period), stored_communes(fresh, period)
        assert read.keys() == ran.keys()
        for name in ran:
            for key in ("on_time_rate", "completion_rate", "red_flags", "update_rate",
                        "open_tasks", "due_tasks"):
                assert read[name][key] == pytest.approx(ran[name][key]), (period, name, key)
    again = runner.invoke(app, ["history", "--db", str(fresh), "import", str(runs.jsons[0])])
    assert again.exit_code == 2 and "đã có trong lịch sử" in again.output
    bad = runner.invoke(app, ["history", "--db", str(fresh), "import", "--replace",
                              str(runs.jsons[0]), str(tmp_path / "khong_co.json")])
    assert bad.exit_code == 1 and "Không tìm thấy tệp" in bad.output
    dropped = runner.invoke(app, ["history", "--db", str(fresh), "drop", "tháng 10 năm 2026"])
    assert dropped.exit_code == 0 and "còn 1 kỳ" in dropped.output
    missing = runner.invoke(app, ["history", "--db", str(fresh), "drop", "Tháng 10/2026"])
    assert missing.exit_code == 1 and "Tháng 11/2026" in missing.output


def test_compare_reads_the_history(runs: Runs) -> None:
    db = runs.summaries[0].with_name(HISTORY_FILE)
    both = runner.invoke(app, ["compare", "--history", str(db), "--json", "-"])
    one = runner.invoke(app, ["compare", str(runs.summaries[1]), "--history", str(db),
                              "--json", "-"])
    files = runner.invoke(app, ["compare", str(runs.jsons[0]), str(runs.jsons[1]), "--json", "-"])
    docs = [json.loads(r.output) for r in (both, one, files)]
    assert [d["previous"]["period"] for d in docs] == ["Tháng 10/2026"] * 3
    assert docs[0]["total"] == docs[1]["total"] == docs[2]["total"] > 0
    assert docs[0]["counts"] == docs[2]["counts"]
    empty = runner.invoke(app, ["compare", "--history", str(runs.out / "none.sqlite")])
    assert empty.exit_code == 2 and "Không tìm thấy tệp lịch sử" in empty.output


def test_no_history(runs: Runs, tmp_path: Path) -> None:
    built = build_demo(tmp_path / "demo", as_of=DAYS[1], communes=2)
    out = tmp_path / "ra" / "tong_hop.xlsx"
    consolidate(built.folder, out, DAYS[1], "--no-history")
    assert not out.with_name(HISTORY_FILE).exists()
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert TRENDS_SHEET not in names and HISTORY_CHANGES_SHEET not in names
    elsewhere = tmp_path / "lich_su" / "h.sqlite"
    consolidate(built.folder, out, DAYS[1], "--history", str(elsewhere))
    assert elsewhere.is_file() and not out.with_name(HISTORY_FILE).exists()


def test_an_unusable_history_file_stops_the_run_before_writing(tmp_path: Path) -> None:
    built = build_demo(tmp_path / "demo", as_of=DAYS[1], communes=2)
    out = tmp_path / "ra" / "tong_hop.xlsx"
    out.parent.mkdir()
    out.with_name(HISTORY_FILE).write_bytes(b"not a database" * 100)
    result = runner.invoke(app, ["consolidate", str(built.folder), "-o", str(out), "--as-of",
                                 DAYS[1].isoformat(), "--province", PROVINCE])
    assert result.exit_code == 2
    assert "không phải tệp lịch sử SQLite" in result.output and "--no-history" in result.output
    assert not out.exists()
