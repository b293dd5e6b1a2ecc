"""From one commune workbook to clean tasks and precise validation problems.

:func:`read_commune` never raises on bad data: a file that cannot be read gives a
:class:`CommuneReport` with no task and one problem saying why.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..catalogue import problem
from ..records import CommuneReport, Metadata, Problem
from .cellinfo import cell_details
from .indicators import read_indicators
from .legacyfonts import convert_grids
from .limits import Limits, precheck
from .metadata import read_info_sheet, read_metadata
from .sheets import choose_table, plan_year
from .typed import Reading, typed_tasks, wanted_cells
from .workbook import SheetGrid, WorkbookError, read_grids

#: Above this many tasks only the cells whose format matters are looked up (percent
#: progress, month/year deadlines), not every evidence and empty cell.
MANY_TASKS = 2000


def read_commune(path: Path | str, *, name: str | None = None, as_of: date | None = None,
                 limits: Limits = Limits()) -> CommuneReport:
    """Read and validate one commune workbook.

    ``name`` is how the file is named in messages (default: the file name);
    ``as_of`` enables the checks that need the report date (done date in the future);
    ``limits`` bound the file size, inflated size, rows and time spent on the file.
    """
    path = Path(path)
    file = name or path.name
    started = time.monotonic()

    def refused(code: str, detail: str) -> CommuneReport:
        return CommuneReport(file=file, metadata=Metadata(), tasks=(),
                             problems=(problem(code, file=file, detail=detail),))

    try:
        pre = precheck(path, limits)
        if pre.refusal:
            return refused(*pre.refusal)
        grids = read_grids(path)
    except WorkbookError as err:
        return refused(err.code, err.detail)
    except PermissionError:
        return refused("unreadable-file", "tệp đang được mở hoặc khoá bởi chương trình khác; "
                                          "hãy đóng tệp rồi chạy lại")
    except OSError as exc:
        return refused("unreadable-file", f"lỗi hệ thống khi đọc tệp: {exc.strerror or exc}")
    notes: list[Problem] = []
    for i, g in enumerate(grids):
        if len(g.rows) > limits.max_rows:
            notes.append(problem("too-many-rows", file=file, sheet=g.name,
                                 detail=f"{len(g.rows):,}".replace(",", ".")))
            grids[i] = replace(g, rows=g.rows[:limits.max_rows])
    if time.monotonic() - started > limits.max_seconds:
        return refused("time-budget", f"{limits.max_seconds:g}")
    report = report_from_grids(grids, file, as_of=as_of, path=path)
    if pre.has_macros:
        notes.append(problem("macro-workbook", file=file))
    if pre.external_links:
        notes.append(problem("external-links", file=file, detail=pre.external_links))
    hidden = (pre.hidden_rows or {}).get(report.sheet or "", ())
    if hidden:
        shown = ", ".join(map(str, hidden[:20])) + (" …" if len(hidden) > 20 else "")
        notes.append(problem("hidden-rows", file=file, sheet=report.sheet,
                             detail=f"dòng {shown}"))
    if time.monotonic() - started > limits.max_seconds:
        notes.append(problem("time-budget", file=file, detail=f"{limits.max_seconds:g}"))
    if notes:
        report = replace(report, problems=report.problems + tuple(notes))
    return report


def report_from_grids(grids: Sequence[SheetGrid], file: str, *, as_of: date | None = None,
                      path: Path | None = None) -> CommuneReport:
    """Validate already-read sheets (the part of :func:`read_commune` after reading)."""
    grids, legacy = convert_grids(grids, file)
    kpi_sheet, kpis, kpi_problems = read_indicators(grids, file, path=path)
    info = read_info_sheet(grids, file)  # its period chooses the sheet; then its title block
    found = choose_table(grids, file, info.values.get("period"))  # type: ignore[arg-type]
    meta, problems = read_metadata(grids, file, path=path, info=info,
                                   title=(found[0], found[1].row_index) if found else None)
    problems[:0] = legacy
    if found is None:
        problems.insert(0, problem("no-task-sheet", file=file))
        return CommuneReport(file=file, metadata=meta, tasks=(),
                             problems=tuple(problems + kpi_problems), indicators=kpis,
                             indicator_sheet=kpi_sheet)
    grid, header, table, choice = found
    problems[:0] = list(header.problems) + list(choice)
    for g in grids:
        if not g.visible:
            filled = sum(1 for row in g.rows if any(v not in ("", None) for v in row))
            what = "trang được dùng làm bảng nhiệm vụ" if g is grid else f"{filled} dòng có dữ liệu"
            problems.append(problem("hidden-sheet", file=file, sheet=g.name, name=g.name,
                                    detail=what))
    reading = Reading(file, grid.name, header.columns, as_of, plan_year(meta, as_of))
    if path is not None:
        wanted = wanted_cells(table, header.columns, few=len(table.tasks) > MANY_TASKS)
        reading = replace(reading, details=cell_details(path, grid.name, wanted))
    tasks, task_problems = typed_tasks(table, reading)
    problems.extend(table.problems)
    problems.extend(task_problems)
    if not tasks:
        problems.append(problem("no-tasks", file=file, sheet=grid.name))
    problems.extend(kpi_problems)
    return CommuneReport(
        file=file, metadata=meta, tasks=tuple(tasks), problems=tuple(problems),
        sheet=grid.name, sections=table.sections,
        columns=tuple((k, header.headers[k]) for k in header.columns),
        rows_read=table.rows_read, indicators=kpis, indicator_sheet=kpi_sheet,
    )
