"""The history file: round trip, rerun, interrupted writes, migration, two runs at once."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from nq57xl.history.periods import history_snapshot
from nq57xl.history.record import record_run
from nq57xl.history.rows import COMMUNE_FIELDS, TASK_FIELDS, PeriodRecord, period_key
from nq57xl.history.schema import APPLICATION_ID, VERSION
from nq57xl.history.store import (
    HistoryError,
    drop_period,
    held_periods,
    opened,
    read_period,
    record_period,
)
from nq57xl.jobs.demo import PROVINCE, build_demo
from nq57xl.province.consolidate import consolidate
from nq57xl.province.reading import read_sequential

SRC = str(Path(__file__).resolve().parents[2] / "src")
WHEN = datetime(2026, 11, 23, 10, 0)


def commune(name: str, code: str, on_time: float, progress: float = 50.0) -> tuple:
    values = {"commune": name, "code": code, "submitted": 1, "late": 0, "rank": 1,
              "tasks": 2, "due_tasks": 2, "on_time_rate": on_time, "completion_rate": on_time,
              "red_flags": 0, "update_rate": 1.0, "open_tasks": 1, "stale": 0, "errors": 0,
              "warnings": 0, "file": f"{code}.xlsx"}
    return tuple(values.get(f) for f in COMMUNE_FIELDS)


def task(name: str, code: str, stt: str, progress: float, status: str = "Đang thực hiện") -> tuple:
    values = {"commune": name, "code": code, "section": "I", "stt": stt,
              "name": f"Nhiệm vụ {stt}", "deadline_text": "Tháng 12/2026", "due": "2026-12-31",
              "status": status, "progress": progress}
    return tuple(values.get(f) for f in TASK_FIELDS)


def month(number: int, progress: float = 50.0) -> PeriodRecord:
    label, key = period_key(f"Tháng {number}/2026", date(2026, number, 23))
    return PeriodRecord(label, key, f"2026-{number:02d}-23", PROVINCE,
                        settings={"report_day": 20}, overview={"submitted": 2},
                        communes=(commune("Quỳnh Lưu", "17200", 0.5), commune("Vinh", "16681", 0.8)),
                        tasks=(task("Quỳnh Lưu", "17200", "1", progress),
                               task("Vinh", "16681", "1", progress)),
                        files=(("17200.xlsx", "Quỳnh Lưu", "Đã đọc", "ab" * 32, 1234,
                                "20/11/2026 08:30"),))


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("periods", "communes", "tasks", "files", "verdicts", "indicator_values")}


def test_round_trip_of_several_periods_and_a_rerun(tmp_path: Path) -> None:
    db = tmp_path / "lich_su.sqlite"
    for n in (9, 10, 11):
        record_period(db, month(n), recorded_at=WHEN)
    record_period(db, month(10, progress=70.0), recorded_at=WHEN)  # rerun of October
    held = held_periods(db)
    assert [p.period for p in held] == ["Tháng 9/2026", "Tháng 10/2026", "Tháng 11/2026"]
    assert [(p.communes, p.submitted, p.files) for p in held] == [(2, 2, 1)] * 3
    assert counts(db) == {"periods": 3, "communes": 6, "tasks": 6, "files": 3, "verdicts": 0,
                          "indicator_values": 0}
    with opened(db) as conn:
        october = read_period(conn, "Tháng 10/2026")
    assert october is not None
    assert [t[TASK_FIELDS.index("progress")] for t in october.tasks] == [70.0, 70.0]
    assert october.files[0][-2:] == (1234, "20/11/2026 08:30")
    assert october.settings == {"report_day": 20}
    previous = history_snapshot(db, before=period_key("Tháng 11/2026", date(2026, 11, 23)))
    assert previous is not None and previous.period == "Tháng 10/2026"
    assert [t.progress for t in previous.tasks] == [70.0, 70.0]
    assert drop_period(db, "tháng 10 năm 2026") is True  # any spelling of the period
    assert drop_period(db, "Tháng 10/2026") is False
    assert [p.period for p in held_periods(db)] == ["Tháng 9/2026", "Tháng 11/2026"]
    assert counts(db)["tasks"] == 4  # the period's rows went with it
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM task_names").fetchall() == [("Nhiệm vụ 1",)]


def test_record_run_of_a_real_consolidation(tmp_path: Path) -> None:
    built = build_demo(tmp_path / "demo", as_of=date(2026, 11, 23), communes=3)
    result = consolidate(built.folder, as_of=date(2026, 11, 23), province=PROVINCE,
                         read=read_sequential)
    db = tmp_path / "h.sqlite"
    record = record_run(db, result, recorded_at=WHEN, indicators=[
        ("Vinh", "16681", "CT01", 35, 100, None, "2026-11-01", "Số 12/BC", None)])
    with opened(db) as conn:
        stored = read_period(conn, "Tháng 11/2026")
    assert stored == record
    submitted = [dict(zip(COMMUNE_FIELDS, c)) for c in stored.communes if c[2]]
    assert len(submitted) == result.overview["submitted"]
    assert sum(c["red_flags"] for c in submitted) == result.overview["red_flags"]
    assert len(stored.tasks) == len(result.tasks)
    assert {f[0] for f in stored.files} == set(result.files["file"])
    assert all(len(f[3] or "") in (0, 64) for f in stored.files)  # sha256
    assert len(stored.indicators) == 1 and stored.indicators[0][2] == "CT01"
    assert len(stored.verdicts) == len(result.review)  # the register, verdicts pending
    assert {v[6] for v in stored.verdicts} == set(result.review["verdict"])
    assert json.loads(json.dumps(stored.settings))["report_day"] == 20


def test_an_error_mid_write_leaves_the_previous_state(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record_period(db, month(10), recorded_at=WHEN)
    before = counts(db)

    def boom(table: str) -> None:
        if table == "tasks":
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        record_period(db, month(10, progress=90.0), recorded_at=WHEN, during=boom)
    with pytest.raises(RuntimeError):
        record_period(db, month(11), recorded_at=WHEN, during=boom)
    assert counts(db) == before
    snapshot = history_snapshot(db, "Tháng 10/2026")
    assert snapshot is not None and [t.progress for t in snapshot.tasks] == [50.0, 50.0]


WRITER = """
import os, sys, time
sys.path.insert(0, {src!r})
from datetime import date
from nq57xl.history.rows import PeriodRecord, period_key
from nq57xl.history.store import record_period
from tests.history.test_store import month
def hold(table):
    if table == "tasks":
        print("writing", flush=True)
        time.sleep({sleep})
record_period({db!r}, month({number}, progress=99.0), during=hold, timeout={timeout})
print("done", flush=True)
"""


def writer(db: Path, number: int, sleep: float, timeout: float = 30.0) -> subprocess.Popen:
    code = textwrap.dedent(WRITER.format(src=SRC, db=str(db), number=number, sleep=sleep,
                                         timeout=timeout))
    root = str(Path(__file__).resolve().parents[2])
    return subprocess.Popen([sys.executable, "-c", code], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_killed_writer_leaves_the_previous_state(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record_period(db, month(10), recorded_at=WHEN)
    before = counts(db)
    proc = writer(db, 10, sleep=60)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    proc.kill()
    proc.wait()
    assert counts(db) == before  # the hot journal is rolled back on the next open
    snapshot = history_snapshot(db, "Tháng 10/2026")
    assert snapshot is not None and [t.progress for t in snapshot.tasks] == [50.0, 50.0]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_runs_at_once_wait_or_fail_clearly(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record_period(db, month(9), recorded_at=WHEN)
    first = writer(db, 10, sleep=1.5)
    assert first.stdout is not None and first.stdout.readline().strip() == "writing"
    with pytest.raises(HistoryError, match="đang được một lần tổng hợp khác ghi"):
        record_period(db, month(11), recorded_at=WHEN, timeout=0.2)
    start = time.monotonic()
    record_period(db, month(11), recorded_at=WHEN, timeout=30)  # waits for the first
    assert time.monotonic() - start > 0.3
    assert first.wait(30) == 0 and first.stdout.read().strip() == "done"
    assert [p.period for p in held_periods(db)] == ["Tháng 9/2026", "Tháng 10/2026",
                                                   "Tháng 11/2026"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


#: The schema of version 1, as a file written then holds it.
V1_DDL = """
CREATE TABLE periods (period TEXT PRIMARY KEY, sort_key TEXT NOT NULL, as_of TEXT,
    province TEXT, recorded_at TEXT NOT NULL, settings TEXT NOT NULL, overview TEXT NOT NULL);
CREATE TABLE communes (period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    commune TEXT NOT NULL, code TEXT, submitted INTEGER NOT NULL, late INTEGER, rank INTEGER,
    report_date TEXT, tasks INTEGER, due_tasks INTEGER, on_time_rate REAL,
    completion_rate REAL, red_flags INTEGER, update_rate REAL, open_tasks INTEGER,
    stale INTEGER, errors INTEGER, warnings INTEGER, file TEXT);
CREATE TABLE tasks (period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    commune TEXT NOT NULL, code TEXT, section TEXT, stt TEXT, name TEXT, deadline_text TEXT,
    due TEXT, status TEXT, progress REAL, evidence TEXT, red_flag INTEGER, done_date TEXT,
    updated TEXT);
CREATE TABLE verdicts (period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    commune TEXT NOT NULL, code TEXT, section TEXT, stt TEXT, name TEXT, fingerprint TEXT,
    verdict TEXT, reason TEXT);
CREATE TABLE files (period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    file TEXT NOT NULL, commune TEXT, outcome TEXT, sha256 TEXT, size INTEGER);
CREATE INDEX communes_period ON communes(period);
CREATE INDEX tasks_period ON tasks(period);
CREATE INDEX verdicts_period ON verdicts(period);
CREATE INDEX files_period ON files(period);
"""


def test_a_version_1_file_migrates_forward(tmp_path: Path) -> None:
    db = tmp_path / "v1.sqlite"
    with sqlite3.connect(db) as conn:
        conn.executescript(V1_DDL)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO periods VALUES ('Tháng 8/2026', '2026-08 2026-08-23', "
                     "'2026-08-23', 'Nghệ An', '2026-08-23T09:00:00', '{}', '{}')")
        conn.execute("INSERT INTO communes (period, commune, code, submitted, on_time_rate) "
                     "VALUES ('Tháng 8/2026', 'Vinh', '16681', 1, 0.25)")
        conn.execute("INSERT INTO files VALUES ('Tháng 8/2026', 'vinh.xlsx', 'Vinh', 'Đã đọc', "
                     "'00', 10)")
        conn.execute("INSERT INTO tasks (period, commune, code, section, stt, name, progress) "
                     "VALUES ('Tháng 8/2026', 'Vinh', '16681', 'I', '1', 'Nhiệm vụ 1', 30)")
    record_period(db, month(9), recorded_at=WHEN)  # opens, migrates, writes
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert conn.execute("SELECT source, mtime FROM periods JOIN files USING (period) "
                            "WHERE period = 'Tháng 8/2026'").fetchone() == ("run", None)
        assert conn.execute("SELECT count(*) FROM indicator_values").fetchone()[0] == 0
    held = held_periods(db)
    assert [(p.period, p.communes, p.files) for p in held] == [("Tháng 8/2026", 1, 1),
                                                              ("Tháng 9/2026", 2, 1)]
    august = history_snapshot(db, "Tháng 8/2026")
    assert august is not None and august.communes[0].on_time_rate == 0.25
    assert [(t.name, t.progress) for t in august.tasks] == [("Nhiệm vụ 1", 30.0)]
    with sqlite3.connect(db) as conn:  # one name for August's and September's task "1"
        assert conn.execute("SELECT count(*) FROM task_names").fetchone()[0] == 1
        assert "name" not in [c[1] for c in conn.execute("PRAGMA table_info(tasks)")]


@pytest.mark.parametrize("content, message", [
    (b"this is not a database at all" * 40, "không phải tệp lịch sử SQLite"),
    (None, "cơ sở dữ liệu SQLite khác"),
])
def test_foreign_files_are_refused_and_left_alone(tmp_path: Path, content: bytes | None,
                                                  message: str) -> None:
    db = tmp_path / "other.sqlite"
    if content is None:
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE notes (x)")
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    with pytest.raises(HistoryError, match=message):
        record_period(db, month(9), recorded_at=WHEN)
    assert db.read_bytes() == before


def test_a_newer_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record_period(db, month(9), recorded_at=WHEN)
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    with pytest.raises(HistoryError, match="mới hơn"):
        held_periods(db)


def test_reading_a_missing_file_says_how_it_is_made(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="history import"):
        held_periods(tmp_path / "none.sqlite")
    assert not (tmp_path / "none.sqlite").exists()
