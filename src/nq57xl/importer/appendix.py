"""Import an existing appendix (Word table, pasted Excel, text export) into the template.

:func:`import_appendix` gets a grid of cell values out of the source (see
:mod:`nq57xl.importer.word` for Word), lets :mod:`nq57xl.read.table` and
:func:`nq57xl.read.commune.report_from_grids` find the header, sections, tasks, continuation
rows and footnotes, then writes the standard template with
:func:`nq57xl.template.build_template`. Metadata comes from the options, a "Thông tin"
sheet, or the title lines above the table ("Kèm theo Kế hoạch số 136/KH-UBND ngày
29/4/2026 của Ủy ban nhân dân xã Lợi Bác"). Nothing is dropped silently: rows that fit
nowhere, section notes, footnotes, title lines and columns outside the template are
reported and written to the guide sheet or to the task's note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..indicators import BY_CODE
from ..read.cells import CellValueError, parse_date
from ..read.cleantext import (
    clean_text,
    column_letter,
    footnote_markers,
    says_done,
    strip_footnotes,
)
from ..read.commune import report_from_grids
from ..read.headers import REQUIRED, STAND_INS, STANDARD_HEADERS, header_label
from ..read.metadata import read_metadata
from ..read.table import Header, ParsedTable, RawTask, find_header, parse_table
from ..read.workbook import SheetGrid
from ..records import Metadata, Section, Task
from ..vntext import strip_diacritics
from ..template.build import build_template
from .report import (
    ColumnMap,
    Finding,
    ImportReport,
    MissingColumn,
    SectionCount,
    import_report_json,
    import_report_lines,
)
from .targets import grid_texts, plan_targets
from .word import ImportFailure, SourceGrid, source_grids

__all__ = ["ImportFailure", "ImportReport", "import_appendix", "import_report_json", "import_report_lines"]

_HANDLED = {"missing-metadata", "missing-column", "unplaced-row", "orphan-continuation",
            "section-count-mismatch", "no-tasks", "header-without-diacritics",
            "duplicate-column", "hidden-sheet", "no-task-sheet"}
_ATTACHED = re.compile(
    r"kèm\s+theo\s+(?P<doc>[^()]*?)\s+số\s*:?\s*(?P<number>[^\s,()]*)\s*,?\s*ngày\b"
    r"(?P<date>[^()]*?)\s+của\s+(?P<issuer>[^()]+)", re.IGNORECASE)
_PLAN_NUMBER = re.compile(r"^\d+[\wĐđ]*/\S+$")


def _best(grids: Sequence[SourceGrid], file: str
          ) -> tuple[tuple[SourceGrid, Header, ParsedTable] | None, list[str]]:
    """The grid with the most tasks, and the other grids holding tasks (not imported)."""
    found = []
    for g in grids:
        header = find_header(g.rows, file=file, sheet=g.name)
        if header is not None:
            found.append((g, header, parse_table(g.rows, header, file=file, sheet=g.name)))
    if not found:
        return None, []
    best = max(found, key=lambda f: len(f[2].tasks))  # the first one on a tie
    others = [f"{g.label} ({len(t.tasks)} nhiệm vụ)" for g, _h, t in found
              if t.tasks and g is not best[0]]
    return best, others


# --- metadata ---------------------------------------------------------------------

def _after(words: list[str], units: tuple[str, ...]) -> str | None:
    """The capitalized name after the last unit word ("xã Lợi Bác" -> "Lợi Bác")."""
    lows = [w.lower() for w in words]
    at = max((i for i, w in enumerate(lows) if w in units), default=None)
    if at is None:
        return None
    name: list[str] = []
    for word in words[at + 1:]:
        bare = word.strip(",;.)")
        if not bare or not (bare[0].isupper() or bare.isdigit()):
            break
        name.append(bare)
        if bare != word:
            break
    return " ".join(name) or None


def _is_plan(document: str) -> bool:
    """Whether the document an appendix is attached to is a plan ("Kế hoạch")."""
    return strip_diacritics(document).lower().split()[-2:] == ["ke", "hoach"]


def title_metadata(lines: Sequence[str]) -> dict[str, Any]:
    """Commune, province, plan number and date from the title lines above a table; the
    number and date only when the table is attached to a plan ("Kèm theo Kế hoạch số")."""
    m = _ATTACHED.search(" ".join(" ".join(lines).split()))
    if not m:
        return {}
    out: dict[str, Any] = {}
    if _is_plan(m.group("doc")):  # "Kèm theo Báo cáo số ..." is no plan's number and date
        number = m.group("number").strip()
        if _PLAN_NUMBER.match(number):
            out["plan_number"] = number
        raw = re.sub(r"\s*/\s*", "/", m.group("date")).strip(" ,")
        try:
            out["plan_date"] = parse_date(f"ngày {raw}" if "tháng" in raw else raw)
        except CellValueError:
            pass
    words = m.group("issuer").split()
    out["commune"] = _after(words, ("xã", "phường"))
    out["province"] = _after(words, ("tỉnh", "thành phố"))
    return {k: v for k, v in out.items() if v}


def _titles(grid: SourceGrid, header: Header) -> list[str]:
    """The non-empty rows above the header, each as one line of text."""
    lines = (" ".join(t for t in map(clean_text, row) if t) for row in grid.rows[:header.row_index])
    return [line for line in lines if line]


def _metadata(grid: SourceGrid, header: Header, sheets: list[SheetGrid], file: str,
              commune: str | None, province: str | None) -> tuple[Metadata, list[str]]:
    found = title_metadata(_titles(grid, header))
    base = Metadata()
    if sheets:
        sheet_meta, _ = read_metadata(sheets, file)
        if not sheet_meta.from_file_name:
            base = sheet_meta
    values = {k: getattr(base, k) or found.get(k) for k in
              ("commune", "province", "plan_number", "plan_date")}
    values.update({k: v for k, v in (("commune", commune), ("province", province)) if v})
    meta = replace(base, **values)
    gaps = []
    if not meta.commune:
        gaps.append("Chưa rõ tên xã/phường: hãy điền ô «Tên xã/phường» ở trang «Thông tin» "
                    "của tệp kết quả, hoặc chạy lại với --commune \"Tên xã\".")
    if not meta.province:
        gaps.append("Chưa rõ tỉnh/thành phố: hãy điền ô «Tỉnh/thành phố» ở trang «Thông tin», "
                    "hoặc chạy lại với --province \"Tên tỉnh\".")
    if not meta.plan_number or not meta.plan_date:
        gaps.append("Văn bản gốc không ghi đủ số và ngày ban hành kế hoạch: hãy điền ô «Số kế "
                    "hoạch» và «Ngày ban hành kế hoạch» ở trang «Thông tin».")
    return meta, gaps


# --- rows of the template ---------------------------------------------------------

def _typed(value: object, raw: object) -> object:
    """The typed value, or the source's own text when it could not be typed."""
    if value is not None:
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return clean_text(raw) or None


def _extra_columns(grid: SourceGrid, header: Header, table: ParsedTable) -> dict[int, str]:
    """Columns outside the template that hold text on a task row: index -> header."""
    head = grid.rows[header.row_index]
    used = set(header.columns.values())
    found: dict[int, str] = {}
    for raw in table.tasks:
        for r in (raw.row_index, *(x - 1 for x in raw.continuation_rows)):
            for c, value in enumerate(grid.rows[r]):
                if c not in used and c not in found and clean_text(value):
                    name = clean_text(head[c]) if c < len(head) else ""
                    found[c] = name or (f"cột {column_letter(c)}" if grid.kind == "workbook"
                                        else f"cột thứ {c + 1}")
    return found


def _task_row(task: Task, raw: RawTask, grid: SourceGrid, extras: dict[int, str],
              footnotes: dict[str, str], used: set[str]) -> dict[str, object]:
    notes = [task.note] if task.note else []
    markers = {m for v in raw.values.values() if isinstance(v, str)
               for m in footnote_markers(clean_text(v))}
    for key in sorted(markers & footnotes.keys()):
        used.add(key)
        if not says_done(footnotes[key]):
            notes.append(f"Chú thích: {footnotes[key]}")
        elif not says_done(" ".join(notes)):
            notes.append("Đã hoàn thành")
    for c, name in extras.items():
        rows = (raw.row_index, *(x - 1 for x in raw.continuation_rows))
        text = " ".join(t for r in rows if c < len(grid.rows[r])
                        for t in [clean_text(grid.rows[r][c])] if t)
        if text:
            notes.append(f"{name}: {text}")
    v = raw.values.get
    return {
        "stt": task.stt, "name": task.name, "lead": task.lead, "partners": task.partners,
        "director": task.director, "result": task.result,
        "deadline": strip_footnotes(task.deadline.text or "") or None,
        "note": "; ".join(notes) or None, "state": _typed(task.state, v("state")),
        "progress": _typed(task.progress, v("progress")),
        "done_date": _typed(task.done_date, v("done_date")), "evidence": task.evidence,
        "review": _typed(task.review, v("review")), "updated": _typed(task.updated, v("updated")),
        "issues": task.issues,
    }


def _section_counts(sections: Sequence[Section], tasks: Sequence[Task]
                    ) -> tuple[SectionCount, ...]:
    items = sorted([(s.row, 0, i) for i, s in enumerate(sections)]
                   + [(t.row, 1, i) for i, t in enumerate(tasks)])
    counts = [0] * len(sections)
    current = top = None
    for _row, kind, i in items:
        if kind == 0:
            current = i
            top = i if sections[i].parent is None else top
        elif current is not None:
            counts[current] += 1
            if top is not None and top != current:
                counts[top] += 1
    return tuple(SectionCount(s.label, s.title, counts[i], s.declared, s.parent)
                 for i, s in enumerate(sections))


def _missing(header: Header) -> list[MissingColumn]:
    out = []
    for key in REQUIRED:
        if key in header.columns:
            continue
        label = header_label(key)
        stand = next((s for s in STAND_INS.get(key, ()) if s in header.columns), None)
        text = (f"Văn bản gốc không có cột «{label}»: cột này được để trống ở mọi nhiệm vụ, "
                f"không tự điền thay.")
        if stand:
            text += (f" Cột gốc «{header.headers[stand]}» đã chép vào cột «{header_label(stand)}»;"
                     f" nếu đó đúng là đơn vị chịu trách nhiệm thì chép sang cột «{label}».")
        example = {"deadline": ", ví dụ «Tháng 6/2026», «Quý II/2026», «Thường xuyên»",
                   "lead": ", ví dụ «Văn phòng HĐND và UBND xã»"}.get(key, "")
        text += f" Hãy điền cột «{label}» cho từng nhiệm vụ trong tệp kết quả{example}."
        out.append(MissingColumn(key, header.headers.get(stand) if stand else None, text))
    return out


def _row_text(grid: SourceGrid, row: int | None, fallback: str | None) -> str:
    if row is not None and 0 < row <= len(grid.rows):
        texts = [clean_text(v) for v in grid.rows[row - 1]]
        return " | ".join(t for t in texts if t)
    return fallback or ""


# --- the import -------------------------------------------------------------------

def import_appendix(source: Path, output: Path, *, commune: str | None = None,
                    province: str | None = None) -> ImportReport:
    """Import the appendix of ``source`` into the standard template written at ``output``.

    Raises :class:`ImportFailure` (exit code 2) when nothing can be imported.
    """
    source, output = Path(source), Path(output)
    if output.suffix.lower() != ".xlsx":
        raise ImportFailure(f"Tệp kết quả «{output.name}» phải có đuôi .xlsx.")
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        raise ImportFailure("Tệp kết quả phải khác tệp gốc; hãy đặt tên khác cho -o.")
    grids, sheets = source_grids(source)
    found, others = _best(grids, source.name)
    if found is None:
        raise ImportFailure(
            f"Không tìm thấy bảng phụ lục trong «{source.name}»: không có dòng tiêu đề gồm cột "
            "«STT» (hoặc «TT») và «Tên nhiệm vụ» (hoặc «Nhiệm vụ», «Nội dung nhiệm vụ»). Hãy "
            "kiểm tra bảng có dòng tiêu đề cột rồi nhập lại.")
    grid, header, table = found
    if not table.tasks:
        raise ImportFailure(f"Bảng phụ lục ở {grid.label} của «{source.name}» không có nhiệm vụ "
                            "nào (không dòng nào có số thứ tự ở cột STT).")
    report = report_from_grids([SheetGrid(grid.name, grid.rows)], source.name)
    meta, gaps = _metadata(grid, header, sheets, source.name, commune, province)
    extras = _extra_columns(grid, header, table)
    used: set[str] = set()
    by_row = {t.row: _task_row(t, raw, grid, extras, table.footnotes, used)
              for t, raw in zip(report.tasks, table.tasks, strict=True)}
    by_row.update({s.row: {"section": s.label, "title": s.title} for s in report.sections})
    rows = [by_row[r] for r in sorted(by_row)]

    columns = tuple(ColumnMap(h, k) for k, h in report.columns)
    missing = tuple(_missing(header))
    unplaced, problems = [], []
    for p in report.problems:
        where = grid.where(p.row, p.cell)
        if p.code in ("unplaced-row", "orphan-continuation"):
            unplaced.append(Finding(p.code, where, _row_text(grid, p.row, p.value)))
        elif p.code not in _HANDLED:
            problems.append(Finding(p.code, where, p.message, p.severity))
    notes = _notes(source, grid, header, columns, extras, missing, report.sections,
                   {k: v for k, v in table.footnotes.items() if k not in used}, unplaced, others)
    targets, conflicts = plan_targets(grid_texts(grid.rows, grid.where))
    own = {code: {"target": t.target} for code, t in targets.items()
           if t.target != BY_CODE[code].target}
    try:
        build_template(output, province=meta.province, commune=meta.commune, metadata=meta,
                       rows=rows, notes=notes, indicators=own)
    except OSError as exc:
        raise ImportFailure(f"Không ghi được tệp «{output}» ({exc.strerror or exc}); nếu tệp "
                            "đang mở trong Excel, hãy đóng lại rồi chạy lại.") from None
    return ImportReport(
        source=str(source), output=str(output), kind=grid.kind, table=grid.label, metadata=meta,
        tasks=len(report.tasks), sections=_section_counts(report.sections, report.tasks),
        columns=columns, extra_columns=tuple(extras.values()), missing_columns=missing,
        unplaced=tuple(unplaced), problems=tuple(problems), metadata_gaps=tuple(gaps),
        notes=tuple(notes), other_tables=tuple(others), titles=tuple(_titles(grid, header)),
        targets=tuple(targets.values()), target_conflicts=tuple(conflicts))


def _notes(source: Path, grid: SourceGrid, header: Header, columns: Sequence[ColumnMap],
           extras: dict[int, str], missing: Sequence[MissingColumn],
           sections: Sequence[Section], footnotes: dict[str, str],
           unplaced: Sequence[Finding], others: Sequence[str]) -> list[str]:
    """The lines written at the end of the guide sheet: what the import did."""
    notes = [f"Nhập từ tệp «{source.name}» ({grid.label}) bằng lệnh nq57xl import."]
    titles = _titles(grid, header)
    if titles:
        notes.append("Tiêu đề gốc: " + " / ".join(titles))
    notes += [f"Cột gốc «{c.original}» → «{c.label}»" for c in columns
              if clean_text(c.original) != STANDARD_HEADERS[c.column]]
    notes += [f"Cột gốc «{name}» không có trong mẫu chuẩn: nội dung được chép vào cột "
              "«Ghi chú»." for name in extras.values()]
    notes += [m.message for m in missing]
    notes += [f"Ghi chú của mục {s.label}: {n}" for s in sections for n in s.notes]
    notes += [f"Chú thích {k} không gắn với nhiệm vụ nào: {v}" for k, v in footnotes.items()]
    notes += [f"Dòng không xếp được ({u.where}): «{u.text}»" for u in unplaced]
    notes += [f"Bảng khác có nhiệm vụ, không được nhập: {o}." for o in others]
    return notes
