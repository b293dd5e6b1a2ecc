"""The history file's schema: its tables, its version and the forward migrations.

The file is an SQLite database (stdlib :mod:`sqlite3`) marked as nq57xl's by
``PRAGMA application_id`` (:data:`APPLICATION_ID`, "NQ57") and versioned by ``PRAGMA
user_version`` (:data:`VERSION`). Opening a file of an older version applies the steps
of :data:`MIGRATIONS` in one transaction; a file of a newer version is refused.

One period is one row of ``periods``; every other table refers to it by ``period`` with
``ON DELETE CASCADE``, so that dropping or replacing a period is one ``DELETE``.

Versions:
1. periods, communes, tasks, verdicts, files (sha256 and size).
2. ``files.mtime`` (the input's modification time), ``periods.source`` (a run or an
   imported summary), the table ``indicator_values`` (the plans' indicators, §8 of the
   domain spec), and task names kept once in ``task_names`` (``tasks.name_id``): the
   communes of a province report the same plans' tasks every month, and the names were
   half of the file.
"""

from __future__ import annotations

#: "NQ57" as a 32-bit integer: the file is nq57xl's history.
APPLICATION_ID = 0x4E513537
#: The schema version this code writes.
VERSION = 2

#: Every table of the current version.
TABLES: tuple[str, ...] = (
    """CREATE TABLE periods (
        period TEXT PRIMARY KEY,        -- "Tháng 10/2026"
        sort_key TEXT NOT NULL,         -- "2026-10 2026-10-23": the periods' order
        as_of TEXT,                     -- the run's data date (ISO)
        province TEXT,
        recorded_at TEXT NOT NULL,      -- when the run was recorded (ISO, UTC)
        source TEXT NOT NULL,           -- "run" or the imported file's name
        settings TEXT NOT NULL,         -- JSON: thresholds, ranking rule, roster, version
        overview TEXT NOT NULL          -- JSON: the province's key figures
    )""",
    """CREATE TABLE task_names (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE       -- communes of a province share their plans' names
    )""",
    """CREATE TABLE communes (
        period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
        commune TEXT NOT NULL, code TEXT, submitted INTEGER NOT NULL, late INTEGER,
        rank INTEGER, report_date TEXT, tasks INTEGER, due_tasks INTEGER,
        on_time_rate REAL, completion_rate REAL, red_flags INTEGER, update_rate REAL,
        open_tasks INTEGER, stale INTEGER, errors INTEGER, warnings INTEGER, file TEXT
    )""",
    """CREATE TABLE tasks (
        period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
        commune TEXT NOT NULL, code TEXT, section TEXT, stt TEXT,
        name_id INTEGER REFERENCES task_names(id),  -- the task's name, kept once
        deadline_text TEXT, due TEXT, status TEXT, progress REAL, evidence TEXT,
        red_flag INTEGER, done_date TEXT, updated TEXT
    )""",
    """CREATE TABLE verdicts (
        period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
        commune TEXT NOT NULL, code TEXT, section TEXT, stt TEXT, name TEXT,
        fingerprint TEXT, verdict TEXT, reason TEXT
    )""",
    """CREATE TABLE files (
        period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
        file TEXT NOT NULL, commune TEXT, outcome TEXT, sha256 TEXT, size INTEGER,
        mtime TEXT
    )""",
    """CREATE TABLE indicator_values (
        period TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
        commune TEXT NOT NULL, code TEXT, indicator TEXT NOT NULL, numerator REAL,
        denominator REAL, percent REAL, figure_date TEXT, evidence TEXT, verdict TEXT
    )""",
    "CREATE INDEX communes_period ON communes(period)",
    "CREATE INDEX tasks_period ON tasks(period)",
    "CREATE INDEX verdicts_period ON verdicts(period)",
    "CREATE INDEX files_period ON files(period)",
    "CREATE INDEX indicator_values_period ON indicator_values(period)",
)

#: version -> the statements that bring a file of that version to the next one.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "ALTER TABLE files ADD COLUMN mtime TEXT",
        "ALTER TABLE periods ADD COLUMN source TEXT NOT NULL DEFAULT 'run'",
        TABLES[1],  # task_names
        "INSERT OR IGNORE INTO task_names (name) SELECT name FROM tasks WHERE name IS NOT NULL",
        "ALTER TABLE tasks ADD COLUMN name_id INTEGER REFERENCES task_names(id)",
        "UPDATE tasks SET name_id = (SELECT id FROM task_names WHERE task_names.name = tasks.name)",
        "ALTER TABLE tasks DROP COLUMN name",
        TABLES[6],  # indicator_values
        TABLES[-1],
    ),
}
