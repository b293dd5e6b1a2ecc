"""The task list of a very large consolidation, written beside the summary as CSV.

At national scale (3,321 communes, about 330,000 tasks) a task sheet makes the summary
too large to open comfortably and slow to write; above :data:`MAX_TASK_ROWS` rows the
list goes to ``<summary>_nhiem_vu.csv`` (UTF-8 with BOM, so Excel shows Vietnamese
correctly) and the summary says so. Commune text that Excel would take for a formula
in a CSV (starting with = + - @ or a tab) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..atomic import write_atomic
from ..province.consolidation import COLUMNS, TASK_COLUMNS, Consolidation

MAX_TASK_ROWS = 100_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)  # each a single character


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _day(value: object) -> object:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value


def csv_columns(tasks: pd.DataFrame) -> list[list[object]]:
    """The task table's columns as the CSV shows them: dates dd/mm/yyyy, flags "x",
    text made inert. Dates repeat, so each distinct one is formatted once."""
    out: list[list[object]] = []
    for key in TASK_COLUMNS:
        values = tasks[key].tolist() if key in tasks.columns else [None] * len(tasks)
        kind = COLUMNS[key][1]
        if kind == "date":
            days: dict[object, object] = {}
            values = [days[v] if v in days else days.setdefault(v, _day(v)) for v in values]
        elif kind == "bool":
            values = ["x" if v is True else None for v in values]
        elif kind in ("text", "link"):
            first = _FORMULA_FIRST
            values = [(("'" + v) if v[:1] in first else v) if v.__class__ is str
                      else _safe(v) for v in values]
        out.append(values)
    return out


def write_task_csv(tasks: pd.DataFrame, path: Path) -> None:
    """The task list as CSV (UTF-8 with BOM, Vietnamese headers), row by row."""
    columns = csv_columns(tasks)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([COLUMNS[k][0] for k in TASK_COLUMNS])
        writer.writerows(zip(*columns))


def split_task_list(result: Consolidation, output: Path,
                    max_rows: int = MAX_TASK_ROWS) -> Consolidation:
    """``result`` unchanged when small; else the task list written beside ``output``
    (atomically; :class:`OSError` if it cannot be written) and left out of ``result``.

    For 3,321 communes the CSV takes about 7 s, as long as the rest of the summary.
    """
    total = len(result.tasks)
    if total <= max_rows:
        return result
    target = output.with_name(f"{output.stem}_nhiem_vu.csv")
    write_atomic(target, lambda p: write_task_csv(result.tasks, Path(p)))
    shown = f"{total:,}".replace(",", ".")
    note = (f"Danh sách {shown} nhiệm vụ quá lớn để mở thoải mái trong Excel nên được ghi ra "
            f"tệp riêng «{target.name}» (CSV, mở bằng Excel); trang «Nhiệm vụ» để trống.")
    return replace(result, tasks=result.tasks.iloc[0:0], tasks_file=target.name,
                   tasks_total=total, notes=(*result.notes, note))
