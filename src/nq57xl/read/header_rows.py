"""The header of a task table: which row, which column holds what.

The header row is the first row (within the first rows of a sheet) where both the STT and
the name headers match. Offices write it in several ways, all read here:

- one row of headers, possibly with a remark in brackets ("Thời gian hoàn thành (theo
  Kế hoạch)", see :mod:`.headers`);
- two rows: a group header merged across sub-headers ("Tiến độ thực hiện" over "Tình
  trạng", "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng"); the sub-headers are the columns
  and the cells merged down over both rows keep the upper header;
- a row of column numbers below ("1 2 3 ..." as numbers, or "(1) (2) ..."), skipped;
- hidden columns repeating a visible header (last month's columns kept and hidden): the
  visible column counts;
- a header whose column may hold status words or percentages ("Tiến độ thực hiện"),
  settled by the values below it;
- sub-headers naming the states ("Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện")
  over columns where a mark ("x") gives a task's state (``Header.marks``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..catalogue import problem
from ..records import Problem
from .cells import CellValueError, looks_like_percent, match_choice, state_from_word
from .cleantext import address, clean_text, column_letter, row_texts
from .headers import (
    REQUIRED,
    STAND_INS,
    STATE_WORDS,
    STATES,
    HeaderMatch,
    by_content,
    header_label,
    match_header,
)

HEADER_SCAN_ROWS = 60
#: Rows below the header looked at to settle a header such as "Tiến độ thực hiện".
CONTENT_SAMPLE_ROWS = 40

_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_COMPUTED = re.compile(r"^\(?\d{1,2}\)?\s*=\s*[()\d\s+\-*/x:]{1,30}$")


@dataclass(frozen=True)
class Header:
    """The header of a task table and what each column holds.

    ``row_index`` is the (first) header row; ``data_row`` the first row below the header
    rows and the row of column numbers.
    """

    row_index: int
    columns: dict[str, int]
    headers: dict[str, str]
    problems: tuple[Problem, ...] = ()
    data_row: int = -1
    #: Columns headed by a state ("Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện")
    #: where a mark ("x") gives the task's state, when there is no state column.
    marks: tuple[tuple[int, str], ...] = ()

    @property
    def first_data_row(self) -> int:
        return self.data_row if self.data_row >= 0 else self.row_index + 1


def find_header(rows: Sequence[Sequence[object]], *, file: str | None = None,
                sheet: str | None = None, scan: int = HEADER_SCAN_ROWS,
                hidden_columns: frozenset[int] = frozenset()) -> Header | None:
    """The first row (within ``scan`` rows) where both STT and name headers match."""
    for r, row in enumerate(rows[:scan]):
        matches = [(c, match_header(v)) for c, v in enumerate(row)]
        keys = {m.key for _, m in matches if m}
        if "stt" in keys and "name" in keys:
            last = r
            below = _sub_headers(rows, r, matches)
            if below is not None:
                matches, last = below, r + 1
            data = last + 1
            if data < len(rows) and is_column_number_row(row_texts(rows[data])):
                data += 1
            return _build_header(r, data, matches, rows, file=file, sheet=sheet,
                                 hidden=hidden_columns)
    return None


def is_column_number_row(texts: list[str]) -> bool:
    """A row of column numbers under a header: "1 2 3 ..." or "(1) (2) ...", a few cells
    allowed to say how they are computed ("(5)=(3)/(4)")."""
    filled = [t for t in texts if t]
    if len(filled) < 2 or not _COLUMN_NUMBER.match(filled[0]):
        return False
    numbers = sum(1 for t in filled if _COLUMN_NUMBER.match(t))
    return numbers == len(filled) or (numbers >= 3 and all(
        _COLUMN_NUMBER.match(t) or _COMPUTED.match(t) for t in filled))


def _sub_headers(rows: Sequence[Sequence[object]], r: int,
                 matches: list[tuple[int, HeaderMatch | None]]
                 ) -> list[tuple[int, HeaderMatch | None]] | None:
    """The header's matches with row ``r + 1`` as sub-headers, if it is a sub-header row.

    A sub-header row has an empty STT cell and at least one recognised header; its
    headers replace the group header above them, and the other columns keep the header
    of row ``r`` (merged down over both rows).
    """
    if r + 1 >= len(rows):
        return None
    below = rows[r + 1]
    stt_col = next(c for c, m in matches if m and m.key == "stt")
    if stt_col < len(below) and clean_text(below[stt_col]):
        return None
    subs = {c: match_header(v) for c, v in enumerate(below)}
    marked = {c for c, v in enumerate(below) if isinstance(v, str) and v.strip() and _is_state(v)}
    if not any(subs.values()) and len(marked) < 2:  # nor state names heading mark columns
        return None
    width = max(len(matches), len(below))
    upper = dict(matches)
    return [(c, subs.get(c) or (None if c in marked else upper.get(c))) for c in range(width)]


def _build_header(r: int, data: int, matches: list[tuple[int, HeaderMatch | None]],
                  rows: Sequence[Sequence[object]], *, file: str | None, sheet: str | None,
                  hidden: frozenset[int]) -> Header:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems: list[Problem] = []
    ordered = sorted(((c, m) for c, m in matches if m is not None),
                     key=lambda cm: (cm[0] in hidden, by_content(cm[1].header) is not None, cm[0]))
    for c, m in ordered:
        key = _settled_key(m, c, rows, data, columns)
        if key in columns:
            code = "hidden-duplicate-column" if c in hidden else "duplicate-column"
            problems.append(problem(
                code, file=file, sheet=sheet, cell=address(r, c), row=r + 1,
                value=m.header, detail=m.header, other=address(r, columns[key])))
            continue
        columns[key] = c
        headers[key] = m.header
        if m.without_diacritics:
            problems.append(problem(
                "header-without-diacritics", file=file, sheet=sheet, cell=address(r, c),
                row=r + 1, value=m.header, column=header_label(key)))
    problems.extend(_missing(r, columns, headers, _seen(rows, r, data), file=file,
                             sheet=sheet))
    columns = dict(sorted(columns.items(), key=lambda kv: kv[1]))
    marks = () if "state" in columns else _state_marks(rows, r, data)
    return Header(r, columns, {k: headers[k] for k in columns}, tuple(problems), data, marks)


def _state_marks(rows: Sequence[Sequence[object]], r: int, data: int
                 ) -> tuple[tuple[int, str], ...]:
    """Columns of the header rows headed by a state name (at least two of them)."""
    found: dict[int, str] = {}
    for row in rows[r:data]:
        for c, text in enumerate(row_texts(row)):
            if text and c not in found and _is_state(text):
                found[c] = _state_of(text)
    return tuple(sorted(found.items())) if len(set(found.values())) >= 2 else ()


def _state_of(text: str) -> str:
    try:
        state = match_choice(text, STATES)
    except CellValueError:
        state = None
    return state or state_from_word(text, STATE_WORDS) or text


def _settled_key(m: HeaderMatch, c: int, rows: Sequence[Sequence[object]], data: int,
                 taken: dict[str, int]) -> str:
    """The key of header ``m``; for a report-style header such as "Tiến độ thực hiện",
    by its values: mostly status words, the state; mostly numbers, the progress."""
    usual = by_content(m.header)
    if usual is None:
        return m.key
    values = [row[c] for row in rows[data:data + CONTENT_SAMPLE_ROWS]
              if c < len(row) and clean_text(row[c])]
    words = sum(1 for v in values if _is_state(v))
    numbers = sum(1 for v in values if looks_like_percent(v))
    key = ("state" if words * 2 > len(values) else
           "progress" if numbers * 2 > len(values) else usual) if values else usual
    return usual if key in taken else key


def _is_state(value: object) -> bool:
    try:
        if match_choice(value, STATES) is not None:
            return True
    except CellValueError:
        pass
    return state_from_word(value, STATE_WORDS) is not None


def _seen(rows: Sequence[Sequence[object]], r: int, data: int) -> str:
    """The header cells of rows ``r`` to ``data - 1`` as "A «STT», B «Nội dung», ..."."""
    cells: dict[int, str] = {}
    for row in rows[r:data]:
        for c, text in enumerate(row_texts(row)):
            if text and not _COLUMN_NUMBER.match(text):
                cells[c] = f"{cells[c]} / {text}" if c in cells else text
    return ", ".join(f"{column_letter(c)} «{t[:40]}»" for c, t in sorted(cells.items()))


def _missing(r: int, columns: dict[str, int], headers: dict[str, str], seen: str, *,
             file: str | None, sheet: str | None) -> list[Problem]:
    """A ``missing-column`` problem for every required column not found in row ``r``."""
    out = []
    for key in REQUIRED:
        if key in columns:
            continue
        stand = next((s for s in STAND_INS.get(key, ()) if s in columns), None)
        stand_in = ""
        if stand is not None:
            stand_in = (f" Cột «{headers[stand]}» ({address(r, columns[stand])}) có thể dùng "
                        f"thay nếu đó đúng là đơn vị chịu trách nhiệm.")
        free = max(columns.values(), default=-1) + 1
        out.append(problem(
            "missing-column", file=file, sheet=sheet, cell=address(r, free), row=r + 1,
            column=header_label(key), stand_in=stand_in, header_row=r + 1, seen=seen))
    return out
