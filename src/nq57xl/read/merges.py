"""Merged cells of a task table: what a merge means for the rows it covers.

A reader gives a merged range's value in its top-left cell only. In a task table
offices merge cells down for two reasons, read here:

- the same lead agency or deadline for several tasks ("Merge & Center" down a column):
  the value belongs to every task row it covers (in the merge's first column);
- one task written on two rows, its STT merged over both: the rows below the first are
  the same task (joined to it, never a task of their own).

Merges are ``(first_row, first_col, last_row, last_col)``, 0-based and inclusive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

Merge = tuple[int, int, int, int]


@dataclass(frozen=True)
class MergeFill:
    """The rows with vertical merges filled down, and what the filling did."""

    rows: Sequence[Sequence[object]]
    #: (row, column) of every cell that got its value from a merge above it.
    filled: frozenset[tuple[int, int]] = frozenset()
    #: Row -> first row of the STT merge covering it (the same task).
    same_task: dict[int, int] = field(default_factory=dict)


def fill_merges(rows: Sequence[Sequence[object]], merges: Sequence[Merge], *,
                first_row: int, stt_col: int) -> MergeFill:
    """Fill the vertical merges of one column below ``first_row`` (the table's data)."""
    down = [m for m in merges if m[2] > m[0] and m[0] >= first_row and m[0] < len(rows)]
    if not down:
        return MergeFill(rows)
    out = list(rows)
    filled: set[tuple[int, int]] = set()
    same_task: dict[int, int] = {}
    for r0, c0, r1, c1 in down:
        if c0 <= stt_col <= c1:
            for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
                same_task[r] = r0
            continue
        top = rows[r0]  # a merge over several columns: its value goes to the first one
        value = top[c0] if c0 < len(top) else None
        if value is None or value == "":
            continue
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = list(out[r])
            if len(row) <= c0:
                row.extend([""] * (c0 + 1 - len(row)))
            if row[c0] in (None, ""):
                row[c0] = value
                filled.add((r, c0))
            out[r] = row
    return MergeFill(out, frozenset(filled), same_task)
