"""The history file: record a period, list, drop and read back the periods held.

Every write is one transaction begun with ``BEGIN IMMEDIATE`` (the write lock is taken
at once): recording a period deletes the period's earlier rows and inserts the new ones
in that transaction, so the file never holds two copies of a month, and an interrupted
write (an error, a killed process, a power cut) leaves the previous state, which SQLite's
rollback journal restores. A second run on the same file waits for the lock up to
``timeout`` seconds (SQLite's busy timeout), then fails with a Vietnamese
:class:`HistoryError`; it never writes beside the first.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import Nq57Error
from .rows import (
    COMMUNE_FIELDS,
    FILE_FIELDS,
    INDICATOR_FIELDS,
    TASK_FIELDS,
    VERDICT_FIELDS,
    PeriodRecord,
    period_key,
)
from .schema import APPLICATION_ID, MIGRATIONS, TABLES, VERSION

#: The history file's name beside the summaries.
HISTORY_FILE = "lich_su_nq57.sqlite"
#: Seconds a run waits for another run writing the same file.
BUSY_SECONDS = 30.0
#: Tables of a period's rows, their fields.
ROW_TABLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("communes", COMMUNE_FIELDS, "communes"),
    ("tasks", TASK_FIELDS, "tasks"),
    ("verdicts", VERDICT_FIELDS, "verdicts"),
    ("files", FILE_FIELDS, "files"),
    ("indicator_values", INDICATOR_FIELDS, "indicators"),
)


class HistoryError(Nq57Error, RuntimeError):
    """The history file cannot be used; the message is Vietnamese and says what to do."""


@dataclass(frozen=True)
class HeldPeriod:
    """A period held, as ``nq57xl history list`` shows it."""

    period: str
    sort_key: str
    as_of: str | None
    recorded_at: str
    source: str
    communes: int
    submitted: int
    files: int


def default_history(output: Path) -> Path:
    """The history file beside the summary ``output``."""
    return output.with_name(HISTORY_FILE)


def _locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _failure(path: Path, exc: sqlite3.Error, timeout: float) -> HistoryError:
    if _locked(exc):
        return HistoryError(
            f"Tệp lịch sử «{path}» đang được một lần tổng hợp khác ghi (đã chờ "
            f"{timeout:g} giây). Hãy chờ lần chạy kia xong rồi chạy lại; tệp lịch sử không bị "
            "thay đổi.")
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc).lower():
        return HistoryError(f"Tệp «{path}» không phải tệp lịch sử SQLite của nq57xl (hoặc đã "
                            "hỏng). Hãy chọn tệp khác, hoặc đổi tên tệp này để bắt đầu lịch sử mới.")
    return HistoryError(f"Không dùng được tệp lịch sử «{path}»: {exc}. Tệp không bị thay đổi; "
                        "hãy kiểm tra quyền ghi vào thư mục rồi chạy lại.")


@contextlib.contextmanager
def opened(path: Path | str, *, timeout: float = BUSY_SECONDS,
           create: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection to the history file, its schema created or migrated to :data:`VERSION`.

    ``create=False`` refuses a missing file (for the commands that only read or drop).
    """
    path = Path(path)
    if not create and not path.is_file():
        raise HistoryError(f"Không tìm thấy tệp lịch sử «{path}». Tệp được tạo ở lần tổng hợp "
                           "đầu tiên (cạnh bảng tổng hợp), hoặc bằng «nq57xl history import».")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise HistoryError(f"Không mở được tệp lịch sử «{path}»: {exc}. Hãy kiểm tra đường dẫn "
                           "và quyền ghi.") from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _prepare(conn, path, timeout)
        yield conn
    except sqlite3.Error as exc:
        raise _failure(path, exc, timeout) from exc
    finally:
        conn.close()


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; ``ROLLBACK`` on any exception (even Ctrl+C)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _prepare(conn: sqlite3.Connection, path: Path, timeout: float) -> None:
    """Create the schema in a new file, migrate an older one, refuse a foreign or newer one."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == VERSION:
        return
    with transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another run may have
        app = conn.execute("PRAGMA application_id").fetchone()[0]    # done it meanwhile
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and tables == 0:
            for statement in TABLES:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        elif app != APPLICATION_ID:
            raise HistoryError(f"Tệp «{path}» là một cơ sở dữ liệu SQLite khác, không phải tệp "
                               "lịch sử của nq57xl. Hãy chọn tệp khác.")
        elif version > VERSION:
            raise HistoryError(f"Tệp lịch sử «{path}» do phiên bản nq57xl mới hơn ghi (lược đồ "
                               f"{version}, phiên bản này đọc đến {VERSION}). Hãy cập nhật nq57xl.")
        else:
            for step in range(version, VERSION):
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {VERSION}")


def record_period(path: Path | str, record: PeriodRecord, *,
                  recorded_at: datetime | None = None, timeout: float = BUSY_SECONDS,
                  during: Callable[[str], None] | None = None) -> None:
    """Store ``record``, replacing the period's earlier copy, in one transaction.

    ``during(table)`` is called after each table's rows are written, inside the
    transaction (tests interrupt the write there).
    """
    when = (recorded_at or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    with opened(path, timeout=timeout) as conn, transaction(conn):
        conn.execute("DELETE FROM periods WHERE period = ?", (record.period,))
        conn.execute("INSERT INTO periods (period, sort_key, as_of, province, recorded_at, "
                     "source, settings, overview) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (record.period, record.sort_key, record.as_of, record.province, when,
                      record.source, json.dumps(dict(record.settings), ensure_ascii=False),
                      json.dumps(dict(record.overview), ensure_ascii=False)))
        for table, fields, attribute in ROW_TABLES:
            rows = getattr(record, attribute)
            if table == "tasks":
                rows = _named(conn, rows)
            columns = [_STORED.get((table, f), f) for f in fields]
            marks = ", ".join("?" * (len(fields) + 1))
            conn.executemany(f"INSERT INTO {table} (period, {', '.join(columns)}) "
                             f"VALUES ({marks})", ((record.period, *row) for row in rows))
            if during is not None:
                during(table)


#: (table, field) -> the column that stores it, and the expression that reads it back.
_STORED = {("tasks", "name"): "name_id"}
_READ = {("tasks", "name"): "task_names.name"}
#: The FROM clause of each table read (tasks joined with their names).
_FROM = {"tasks": "tasks LEFT JOIN task_names ON task_names.id = tasks.name_id"}
_NAME = TASK_FIELDS.index("name")


def _named(conn: sqlite3.Connection, rows: tuple[tuple, ...]) -> list[tuple]:
    """Task rows with the name's id of ``task_names`` (names added there first)."""
    names = {r[_NAME] for r in rows if r[_NAME] is not None}
    conn.executemany("INSERT OR IGNORE INTO task_names (name) VALUES (?)",
                     ((n,) for n in sorted(names)))
    ids = dict(conn.execute("SELECT name, id FROM task_names"))
    return [(*r[:_NAME], ids.get(r[_NAME]), *r[_NAME + 1:]) for r in rows]


def held_periods(path: Path | str, *, timeout: float = BUSY_SECONDS) -> list[HeldPeriod]:
    """The periods held, oldest first."""
    with opened(path, timeout=timeout, create=False) as conn:
        found = conn.execute(
            "SELECT p.period, p.sort_key, p.as_of, p.recorded_at, p.source, "
            "(SELECT count(*) FROM communes c WHERE c.period = p.period), "
            "(SELECT count(*) FROM communes c WHERE c.period = p.period AND c.submitted), "
            "(SELECT count(*) FROM files f WHERE f.period = p.period) "
            "FROM periods p ORDER BY p.sort_key, p.period").fetchall()
    return [HeldPeriod(*row) for row in found]


def drop_period(path: Path | str, period: str, *, timeout: float = BUSY_SECONDS) -> bool:
    """Remove ``period`` (its label as listed, or any spelling of it); False when not held."""
    from_label = _label(period)
    with opened(path, timeout=timeout, create=False) as conn, transaction(conn):
        cursor = conn.execute("DELETE FROM periods WHERE period IN (?, ?)",
                              (period.strip(), from_label))
        conn.execute("DELETE FROM task_names WHERE id NOT IN "
                     "(SELECT name_id FROM tasks WHERE name_id IS NOT NULL)")
        return cursor.rowcount > 0


def _label(period: str) -> str:
    return period_key(period, None)[0]


def read_period(conn: sqlite3.Connection, period: str, *,
                with_tasks: bool = True) -> PeriodRecord | None:
    """The record of ``period`` as stored (None when not held); ``with_tasks=False``
    leaves its tasks out (the trends need only the communes' figures)."""
    head = conn.execute("SELECT period, sort_key, as_of, province, source, settings, overview "
                        "FROM periods WHERE period = ?", (period,)).fetchone()
    if head is None:
        return None
    parts = {}
    for table, fields, attribute in ROW_TABLES:
        if attribute == "tasks" and not with_tasks:
            parts[attribute] = ()
            continue
        columns = [_READ.get((table, f), f"{table}.{f}") for f in fields]
        parts[attribute] = tuple(conn.execute(
            f"SELECT {', '.join(columns)} FROM {_FROM.get(table, table)} "
            f"WHERE {table}.period = ? ORDER BY {table}.rowid",
            (period,)).fetchall())
    return PeriodRecord(head[0], head[1], head[2], head[3], head[4], json.loads(head[5]),
                        json.loads(head[6]), **parts)


def period_labels(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(period, sort key) of every period held, oldest first."""
    return [tuple(r) for r in conn.execute(  # type: ignore[misc]
        "SELECT period, sort_key FROM periods ORDER BY sort_key, period").fetchall()]
