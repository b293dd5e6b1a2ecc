"""The task list of a very large consolidation, written beside the summary as CSV.

At national scale (3,321 communes, about 330,000 tasks) a task sheet makes the summary
too large to open comfortably and slow to write; above :data:`MAX_TASK_ROWS` rows the
list goes to ``<summary>_nhiem_vu.csv`` (UTF-8 with BOM, so Excel shows Vietnamese
correctly) and the summary says so. Commune text that Excel would take for a formula
in a CSV (starting with = + - @ or a tab) is prefixed with an apostrophe.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from .atomic import write_atomic
from .results import COLUMNS, TASK_COLUMNS, Consolidation

MAX_TASK_ROWS = 100_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_frame(tasks: pd.DataFrame) -> pd.DataFrame:
    """The task table with Vietnamese headers, dates as dd/mm/yyyy and text made inert."""
    frame = tasks.reindex(columns=list(TASK_COLUMNS)).copy()
    for key in TASK_COLUMNS:
        kind = COLUMNS[key][1]
        if kind == "date":
            frame[key] = [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in frame[key]]
        elif kind == "bool":
            frame[key] = ["x" if v is True else None for v in frame[key]]
        elif kind in ("text", "link"):
            frame[key] = [_safe(v) for v in frame[key]]
    frame.columns = [COLUMNS[k][0] for k in TASK_COLUMNS]
    return frame


def split_task_list(result: Consolidation, output: Path,
                    max_rows: int = MAX_TASK_ROWS) -> Consolidation:
    """``result`` unchanged when small; else the task list written beside ``output``."""
    total = len(result.tasks)
    if total <= max_rows:
        return result
    target = output.with_name(f"{output.stem}_nhiem_vu.csv")
    frame = csv_frame(result.tasks)
    write_atomic(target, lambda p: frame.to_csv(p, index=False, encoding="utf-8-sig"))
    shown = f"{total:,}".replace(",", ".")
    note = (f"Danh sách {shown} nhiệm vụ quá lớn để mở thoải mái trong Excel nên được ghi ra "
            f"tệp riêng «{target.name}» (CSV, mở bằng Excel); trang «Nhiệm vụ» để trống.")
    return replace(result, tasks=result.tasks.iloc[0:0], tasks_file=target.name,
                   tasks_total=total, notes=(*result.notes, note))
