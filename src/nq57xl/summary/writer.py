"""The provincial summary workbook: :func:`write_summary` renders a :class:`Consolidation`.

The workbook is written with xlsxwriter to a temporary file next to the target and
moved onto it only when complete, so a failure never leaves a half-written summary.
Sheets, in order: "Tổng quan" (printable report with key figures and charts, written
by :mod:`.overview`), "Theo xã", "Chưa nộp", "Cảnh báo", "Nhiệm vụ", "Theo cơ
quan chủ trì", "Chỉ tiêu" and "Chỉ tiêu theo xã" (:mod:`.indicators_sheet`), "Lỗi dữ liệu",
"Thông tin". Every text from the data is written with
``write_string`` and the workbook neither turns strings into formulas, links nor
numbers.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

import pandas as pd
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..assess.status import STATUSES
from ..history.trends import Trends
from ..province.consolidation import (
    AGENCY_COLUMNS,
    ALERT_COLUMNS,
    FILE_COLUMNS,
    ISSUE_COLUMNS,
    LATE,
    MISSING,
    MISSING_COLUMNS,
    TASK_COLUMNS,
    Consolidation,
)
from ..province.inputs import OUTPUT_PROPERTY
from .blocks import (
    Links,
    Table,
    fixed_ref,
    plan_columns,
    setup_page,
    table_sheet,
    write_pairs,
    write_paragraph,
    write_table,
)
from .changes_sheet import CHANGES_SHEET, commune_columns, write_changes_sheet
from .charts import write_charts
from .indicators_sheet import GRID_SHEET, INDICATOR_SHEET, write_grid_sheet, write_indicator_sheet
from .obstacles_sheet import OBSTACLES_SHEET, write_obstacles_sheet
from .overview import CHARTS_SHEET, CommuneLayout, write_overview
from .period_lines import period_rows
from .review_sheet import REVIEW_SHEET, write_review_sheet
from .printing import LONG_ROWS, NOT_PRINTED_NOTE, fit, not_printed, page_columns, set_footers
from .rowxml import SheetRows, splice
from .styles import FONT, Styles
from .trends_sheet import (
    HISTORY_CHANGES_SHEET,
    TRENDS_SHEET,
    write_history_changes_sheet,
    write_trends_sheet,
)

SHEETS: tuple[str, ...] = (
    "Tổng quan", CHARTS_SHEET, "Theo xã", "Chưa nộp", "Cảnh báo", "Nhiệm vụ", "Theo cơ quan chủ trì",
    INDICATOR_SHEET, GRID_SHEET, REVIEW_SHEET, OBSTACLES_SHEET, "Lỗi dữ liệu", "Thông tin",
)
SEVERITIES: dict[str, str] = {"error": "Lỗi", "warning": "Cảnh báo"}
#: Columns summed in the "Tổng cộng" row of "Theo xã" and "Theo cơ quan chủ trì".
SUMMED: tuple[str, ...] = (
    "tasks", "due_tasks", "red_flags", "stale", "due_soon", *STATUSES, "errors", "warnings",
)
RED_FILL, RED_FONT = "#FFC7CE", "#9C0006"
_TEMP_PREFIX = ".~nq57xl-"


@dataclass(frozen=True)
class Context:
    """What every sheet writer needs: the data, the formats and the link writer."""

    result: Consolidation
    styles: Styles
    links: Links
    #: Rows of the big tables, spliced in once the workbook is closed.
    rows: SheetRows = field(default_factory=dict)

    def table(self, ws: Worksheet, title: str, line: str, frame: pd.DataFrame,
              columns: tuple[str, ...], **options: object) -> Table:
        """A one-table sheet (:func:`.blocks.table_sheet`) under ``line``."""
        line = f"{line} Số liệu tính đến ngày {self.result.as_of:%d/%m/%Y}."
        return table_sheet(ws, self.styles, self.links, self.rows, title, [line], frame, columns,
                           **options)  # type: ignore[arg-type]

    def highlight(self, ws: Worksheet, table: Table, cols: tuple[int, int], formula: str,
                  **props: object) -> None:
        """Conditional format by ``formula`` over the data rows of columns ``cols``."""
        if table.rows:
            ws.conditional_format(table.first_row, cols[0], table.last_row, cols[1], {
                "type": "formula", "criteria": formula, "format": self.styles.get(**props)})


def write_summary(result: Consolidation, path: str | Path, *,
                  constant_memory: bool = False, trends: Trends | None = None) -> Path:
    """Write the provincial summary workbook of ``result`` to ``path`` atomically.

    The workbook goes to a temporary file in the target's folder and replaces ``path``
    only once complete; on any error the temporary file is removed, any previous file at
    ``path`` is left as it was, and the error is raised again. ``constant_memory`` uses xlsxwriter's
    low-memory mode (same cell contents). ``trends``: the periods held in the history
    (sheets "Xu hướng" and "Thay đổi so với lịch sử"). The same inputs give the same
    bytes. Returns ``path`` as a :class:`Path`.
    """
    target = Path(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".xlsx", dir=folder)
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory(prefix="nq57xl-",
                                         ignore_cleanup_errors=True) as scratch:
            _build(result, temp, Path(os.path.abspath(folder)), constant_memory, scratch,
                   trends)
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    except FileCreateError as exc:  # xlsxwriter's wrapper of the system's error
        with contextlib.suppress(OSError):
            os.remove(temp)
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise cause or OSError(str(exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp)
        raise
    return target


def _file_mode(target: Path) -> int:
    """Permissions for the new file: those of the file it replaces, else rw-r--r--."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o644


def _build(result: Consolidation, filename: str, base: Path, constant_memory: bool,
           scratch: str, trends: Trends | None = None) -> None:
    """Create the workbook at ``filename`` and write every sheet into it."""
    options = {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "nan_inf_to_errors": True, "default_date_format": "dd/mm/yyyy",
        "default_format_properties": {"font_name": FONT, "font_size": 11},
        "constant_memory": constant_memory, "tmpdir": scratch,
    }
    workbook = Workbook(filename, options)
    styles = Styles(workbook)
    try:
        _set_properties(workbook, result)
        context = Context(result, styles, Links(base, result.folder))
        names = list(SHEETS)
        if result.changes is not None:  # compared with the previous period
            names.insert(names.index("Thông tin"), CHANGES_SHEET)
        if trends is not None:  # the history file holds periods
            names.insert(names.index(CHARTS_SHEET) + 1, TRENDS_SHEET)
            names.insert(names.index("Thông tin"), HISTORY_CHANGES_SHEET)
        sheets = {name: workbook.add_worksheet(name) for name in names}
        _write_tasks(sheets["Nhiệm vụ"], context)
        _write_alerts(sheets["Cảnh báo"], context)
        communes = _write_communes(sheets["Theo xã"], context)
        write_overview(sheets["Tổng quan"], result, styles, communes)
        write_charts(sheets[CHARTS_SHEET], result, styles, communes)
        _write_missing(sheets["Chưa nộp"], context)
        _write_agencies(sheets["Theo cơ quan chủ trì"], context)
        write_indicator_sheet(sheets[INDICATOR_SHEET], result, styles, context.links, context.rows)
        write_grid_sheet(sheets[GRID_SHEET], result, styles, context.links, context.rows)
        write_review_sheet(sheets[REVIEW_SHEET], result, styles, context.links, context.rows)
        write_obstacles_sheet(sheets[OBSTACLES_SHEET], result, styles, context.links, context.rows)
        _write_issues(sheets["Lỗi dữ liệu"], context)
        if result.changes is not None:
            write_changes_sheet(sheets[CHANGES_SHEET], context.styles, context.links, context.rows,
                                result.changes, result.compared_with, result.as_of,
                                printed=False)
        if trends is not None:
            write_trends_sheet(sheets[TRENDS_SHEET], trends, styles, result.as_of)
            write_history_changes_sheet(sheets[HISTORY_CHANGES_SHEET], trends, styles,
                                        context.links, context.rows)
        _write_info(sheets["Thông tin"], context)
        set_footers(workbook.worksheets(), result.period, f"{result.as_of:%d/%m/%Y}")
        workbook.close()
        splice(Path(filename), context.rows)
    except BaseException:
        for sheet in workbook.worksheets():  # constant_memory keeps a temp file per sheet
            handle = getattr(sheet, "row_data_fh", None)
            if handle is not None and not handle.closed:
                handle.close()
        raise


def _set_properties(workbook: Workbook, result: Consolidation) -> None:
    """Title, subject, author and a creation time fixed by ``as_of``."""
    where = f" {result.province}" if result.province else ""
    workbook.set_properties({
        "title": "Báo cáo tổng hợp tiến độ thực hiện Nghị quyết số 57-NQ/TW",
        "subject": (f"Tổng hợp báo cáo của các xã, phường{where}; số liệu tính đến ngày "
                    f"{result.as_of:%d/%m/%Y}"),
        "author": "nq57xl",
        "keywords": "Nghị quyết 57-NQ/TW, khoa học công nghệ, đổi mới sáng tạo, chuyển đổi số",
        "comments": f"Tạo bởi nq57xl {result.version}",
        "created": datetime.combine(result.as_of, time()),
    })
    # Marks the file as an nq57xl output: a run never reads it as a report.
    workbook.set_custom_property(OUTPUT_PROPERTY, "tong-hop")


def _not_submitted(communes: pd.DataFrame) -> pd.Series:
    """True for the rows of communes that sent no report ("Chưa nộp")."""
    if "submission" not in communes.columns:
        return pd.Series(False, index=communes.index)
    text = communes["submission"].astype("string").str.strip()
    return text.eq(MISSING).fillna(False).astype(bool)


def ordered_communes(communes: pd.DataFrame) -> pd.DataFrame:
    """Communes that submitted first (in the given, ranked order), then those that did not."""
    missing = _not_submitted(communes)
    return pd.concat([communes[~missing], communes[missing]])


def _write_communes(ws: Worksheet, context: Context) -> CommuneLayout:
    """"Theo xã": one row per commune, ranked, with the ranking rule above."""
    result = context.result
    frame = ordered_communes(result.communes)
    submitted = len(frame) - int(_not_submitted(frame).sum())
    ov = result.overview
    outside = f"; {ov['not_on_roster']} tệp của xã ngoài danh sách" if ov.get("not_on_roster") else ""
    lines = [f"Số liệu tính đến ngày {result.as_of:%d/%m/%Y}. Số xã, phường đã nộp báo cáo: "
             f"{ov['submitted']}/{ov['expected']}{outside}.", f"Cách xếp hạng: {result.ranking_rule}"]
    table = table_sheet(ws, context.styles, context.links, context.rows,
                        "KẾT QUẢ THỰC HIỆN THEO XÃ, PHƯỜNG",
                        lines, frame, commune_columns(frame), freeze_cols=2, totals=SUMMED,
                        label_col="commune")
    if table.rows:
        _format_communes(ws, context, table)
    return CommuneLayout(ws.name, table, submitted)


def _format_communes(ws: Worksheet, context: Context, table: Table) -> None:
    """Colour scales on rates, red flags in red, "Chưa nộp" grey italic, late orange."""
    first, last = table.first_row, table.last_row
    col = table.col("update_rate")  # the plans' target: at least 90% of tasks kept up to date
    ws.conditional_format(first, col, last, col, {
        "type": "cell", "criteria": "<", "value": context.result.settings.update_target,
        "format": context.styles.get(bg_color=RED_FILL, font_color=RED_FONT, bold=True)})
    for key in ("on_time_rate", "completion_rate"):
        col = table.col(key)
        ws.conditional_format(first, col, last, col, {
            "type": "3_color_scale", "min_type": "num", "min_value": 0,
            "mid_type": "num", "mid_value": 0.5, "max_type": "num", "max_value": 1,
            "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B"})
    col = table.col("red_flags")
    ws.conditional_format(first, col, last, col, {
        "type": "cell", "criteria": ">", "value": 0,
        "format": context.styles.get(bg_color=RED_FILL, font_color=RED_FONT, bold=True)})
    submission, late = fixed_ref(table, "submission"), fixed_ref(table, "late")
    context.highlight(ws, table, (0, len(table.columns) - 1),
                      f'={submission}="{MISSING}"', italic=True,
                      font_color="#7F7F7F", bg_color="#F2F2F2")
    context.highlight(ws, table, (table.col("submission"), table.col("late")),
                      f'=OR({late}="x",{submission}="{LATE}")', bg_color="#F8CBAD",
                      font_color="#843C0C")


def _write_missing(ws: Worksheet, context: Context) -> None:
    """"Chưa nộp": the communes of the roster that sent no report."""
    missing = context.result.missing
    context.table(ws, "DANH SÁCH XÃ, PHƯỜNG CHƯA NỘP BÁO CÁO",
                  f"Số xã, phường chưa nộp báo cáo: {len(missing)}.", missing,
                  MISSING_COLUMNS)


def _write_alerts(ws: Worksheet, context: Context) -> None:
    """"Cảnh báo": every red-flagged task, with days overdue or shortfall."""
    alerts = context.result.alerts
    table = context.table(ws, "DANH SÁCH NHIỆM VỤ CÓ CẢNH BÁO ĐỎ",
                          "Số nhiệm vụ có cảnh báo đỏ (quá hạn hoặc chậm tiến độ so với thời "
                          f"gian): {len(alerts)}.", alerts, ALERT_COLUMNS)
    for key, colour in (("days_overdue", "#F8696B"), ("shortfall", "#FFB628")):
        if table.rows:
            ws.conditional_format(table.first_row, table.col(key), table.last_row,
                                  table.col(key), {"type": "data_bar", "bar_color": colour})


def _write_tasks(ws: Worksheet, context: Context) -> None:
    """"Nhiệm vụ": every task of every submitted commune; red-flagged statuses in red."""
    result = context.result
    tasks = result.tasks
    line = f"Tổng số nhiệm vụ: {len(tasks)}."
    if result.tasks_file:
        line = (f"Tổng số nhiệm vụ: {result.tasks_total}; danh sách ghi ở tệp riêng "
                f"«{result.tasks_file}» vì quá lớn để mở thoải mái trong Excel.")
    table = context.table(ws, "DANH SÁCH NHIỆM VỤ CỦA CÁC XÃ, PHƯỜNG", line, tasks, TASK_COLUMNS,
                          printed=False)
    status = table.col("status")
    context.highlight(ws, table, (status, status), f'={fixed_ref(table, "red_flag")}="x"',
                      bg_color=RED_FILL, font_color=RED_FONT)


def _write_agencies(ws: Worksheet, context: Context) -> None:
    """"Theo cơ quan chủ trì": the figures of each lead agency, with totals."""
    agencies = context.result.agencies
    context.table(ws, "TỔNG HỢP THEO CƠ QUAN CHỦ TRÌ",
                  f"Số cơ quan chủ trì: {len(agencies)}.", agencies, AGENCY_COLUMNS,
                  totals=SUMMED, label_col="agency")


def _write_issues(ws: Worksheet, context: Context) -> None:
    """"Lỗi dữ liệu": problems found in the files, severity in Vietnamese, errors red."""
    frame = context.result.issues.copy()
    if "severity" in frame.columns:
        frame["severity"] = frame["severity"].map(lambda s: SEVERITIES.get(s, s))
    errors = int(frame["severity"].eq(SEVERITIES["error"]).sum()) if len(frame) else 0
    table = context.table(ws, "LỖI VÀ CẢNH BÁO DỮ LIỆU TRONG CÁC TỆP BÁO CÁO",
                          f"Số lỗi: {errors}; số cảnh báo: {len(frame) - errors}. Lỗi cần "
                          "được xã, phường sửa và gửi lại báo cáo (nút «Gửi phản hồi cho xã»).",
                          frame, ISSUE_COLUMNS, printed=False)
    context.highlight(ws, table, (0, len(ISSUE_COLUMNS) - 1),
                      f'={fixed_ref(table, "severity")}="{SEVERITIES["error"]}"',
                      bg_color=RED_FILL, font_color=RED_FONT)


def info_rows(result: Consolidation) -> list[tuple[str, object]]:
    """The (label, value) lines of "Thông tin", settings included."""
    return [
        ("Phiên bản chương trình (nq57xl)", result.version),
        ("Ngày tính số liệu", result.as_of),
        ("Tỉnh/thành phố", result.province),
        ("Kỳ báo cáo", result.period),
        *period_rows(result),
        ("Danh sách xã, phường dùng để đối chiếu", result.roster_source),
        ("Cách xếp hạng", result.ranking_rule),
        *result.settings.as_rows(),
    ]


def _write_info(ws: Worksheet, context: Context) -> None:
    """"Thông tin": settings, version, sources, then the table of input files."""
    result, styles = context.result, context.styles
    layout = plan_columns(result.files, FILE_COLUMNS)
    layout[0] = (max(layout[0][0], 42.0), layout[0][1])
    columns, long = [w for w, _ in layout], len(result.files) > LONG_ROWS
    last = page_columns(columns, fit(columns)) if long else len(layout) - 1
    widths = (layout[0][0], sum(w for w, _ in layout[1:last + 1]))
    write_paragraph(ws, 0, "THÔNG TIN VỀ LẦN TỔNG HỢP", last, styles.title())
    write_paragraph(ws, 1, NOT_PRINTED_NOTE.strip(), last,
                    styles.get(italic=True, text_wrap=True, valign="top"), width_chars=sum(widths))
    row = write_pairs(ws, 3, info_rows(result), widths, last, styles)
    write_paragraph(ws, row + 2, "DANH SÁCH TỆP ĐÃ ĐỌC", last,
                    styles.get(bold=True, font_size=12))
    table = write_table(ws, row + 3, result.files, FILE_COLUMNS, styles, context.links,
                        context.rows, layout=layout)
    setup_page(ws, header_row=table.header_row, widths=columns, long=long)
    not_printed(ws, len(layout) + 1)
