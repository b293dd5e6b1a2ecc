"""The result of consolidating a province: tables the summary writer and JSON present.

:class:`Consolidation` holds pandas DataFrames with English column keys; :data:`COLUMNS`
gives each key its Vietnamese header and its kind, which decides the cell format
(``text``, ``int``, ``rate`` 0-1 shown as a percentage, ``number``, ``date``, ``bool``
shown as "x" or empty, ``link`` a file path shown as a hyperlink).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ..assess.indicators import (
    BEHIND,
    INVALID,
    MET,
    NO_EVIDENCE,
    NOT_REPORTED,
    ON_TRACK,
    IndicatorResult,
    ProvinceIndicator,
)
from ..assess.status import CYCLE_MISSED, STATUSES, Settings
from ..indicators import INDICATORS

Kind = str  # "text" | "int" | "rate" | "number" | "date" | "bool" | "link"

COLUMNS: dict[str, tuple[str, Kind]] = {
    # communes ("Theo xã")
    "rank": ("Hạng", "int"),
    "commune": ("Xã/phường", "text"),
    "code": ("Mã xã", "text"),
    "file": ("Tệp nguồn", "link"),
    "report_date": ("Ngày báo cáo", "date"),
    "submission": ("Tình trạng nộp", "text"),
    "late": ("Nộp muộn", "bool"),
    "tasks": ("Số nhiệm vụ", "int"),
    "due_tasks": ("Nhiệm vụ đến hạn", "int"),
    "on_time_rate": ("Tỷ lệ đúng hạn", "rate"),
    "completion_rate": ("Tỷ lệ hoàn thành", "rate"),
    "red_flags": ("Cảnh báo đỏ", "int"),
    "update_rate": ("Tỷ lệ cập nhật", "rate"),
    "stale": ("Chậm cập nhật", "int"),
    "due_soon": ("Sắp đến hạn", "int"),
    **{label: (label, "int") for label in STATUSES},
    "errors": ("Số lỗi dữ liệu", "int"),
    "warnings": ("Số cảnh báo dữ liệu", "int"),
    # tasks ("Nhiệm vụ") and alerts ("Cảnh báo")
    "section": ("Mục", "text"),
    "section_title": ("Tên mục", "text"),
    "stt": ("STT", "text"),
    "name": ("Tên nhiệm vụ", "text"),
    "lead": ("Cơ quan chủ trì", "text"),
    "agency": ("Cơ quan chủ trì (chuẩn hoá)", "text"),
    "director": ("Lãnh đạo chỉ đạo", "text"),
    "deadline_text": ("Thời gian hoàn thành", "text"),
    "deadline_kind": ("Loại thời hạn", "text"),
    "due": ("Hạn (ngày)", "date"),
    "status": ("Trạng thái", "text"),
    "red_flag": ("Cảnh báo đỏ", "bool"),
    "stale_flag": ("Chậm cập nhật", "bool"),
    "cycle_flag": (CYCLE_MISSED, "bool"),
    "due_soon_flag": ("Sắp đến hạn", "bool"),
    "state": ("Tình trạng xã báo", "text"),
    "progress": ("Tiến độ (%)", "number"),
    "expected": ("Tiến độ theo thời gian (%)", "number"),
    "shortfall": ("Thiếu hụt so với thời gian (điểm %)", "number"),
    "days_overdue": ("Số ngày quá hạn", "int"),
    "done_date": ("Ngày hoàn thành", "date"),
    "evidence": ("Minh chứng", "text"),
    "review": ("Kết quả thẩm định", "text"),
    "updated": ("Ngày cập nhật", "date"),
    "reason": ("Căn cứ xác định trạng thái", "text"),
    "obstacles": ("Khó khăn, vướng mắc", "text"),
    # the province's review register ("Thẩm định")
    "fingerprint": ("Mã minh chứng", "text"),
    "commune_review": ("Xã tự ghi thẩm định", "text"),
    "verdict": ("Kết quả thẩm định của tỉnh", "text"),
    "verdict_reason": ("Lý do, yêu cầu bổ sung", "text"),
    "sheet": ("Trang tính", "text"),
    "row": ("Dòng", "int"),
    # issues ("Lỗi dữ liệu")
    "cell": ("Ô", "text"),
    "issue_code": ("Mã lỗi", "text"),
    "severity": ("Mức độ", "text"),
    "message": ("Nội dung và cách sửa", "text"),
    "value": ("Giá trị", "text"),
    # missing ("Chưa nộp") and files ("Thông tin")
    "full_name": ("Tên đầy đủ", "text"),
    "province": ("Tỉnh/thành phố", "text"),
    "sha256": ("SHA-256", "text"),
    "size": ("Dung lượng (byte)", "int"),
    "modified": ("Sửa lần cuối", "text"),
    "outcome": ("Kết quả đọc", "text"),
    "identified_by": ("Nhận diện xã theo", "text"),
    # changes since the previous period ("Thay đổi so với kỳ trước", trend in "Theo xã")
    "change": ("Loại thay đổi", "text"),
    "previous_value": ("Giá trị kỳ trước", "text"),
    "previous_due": ("Hạn kỳ trước", "date"),
    "current_value": ("Giá trị kỳ này", "text"),
    "current_due": ("Hạn kỳ này", "date"),
    "attention": ("Đáng chú ý", "bool"),
    "match": ("Cách ghép", "text"),
    "previous_rank": ("Hạng kỳ trước", "int"),
    "previous_on_time_rate": ("Tỷ lệ đúng hạn kỳ trước", "rate"),
    "on_time_change": ("Thay đổi tỷ lệ đúng hạn", "rate"),
    # indicators ("Chỉ tiêu", "Chỉ tiêu theo xã")
    "kpi_code": ("Mã", "text"),
    "kpi_name": ("Chỉ tiêu", "text"),
    "kpi_target": ("Mục tiêu chung", "rate"),
    "kpi_value": ("Giá trị toàn tỉnh", "rate"),
    "kpi_numerator": ("Tổng tử số", "int"),
    "kpi_denominator": ("Tổng mẫu số", "int"),
    "kpi_counted": ("Số xã báo số đếm", "int"),
    "kpi_percent_only": ("Số xã chỉ báo tỷ lệ %", "int"),
    "kpi_met_count": ("Số chỉ tiêu đạt", "int"),
    "kpi_behind_count": ("Số chỉ tiêu chậm lộ trình", "int"),
    **{key: (label, "int") for key, label in (
        ("kpi_met", MET), ("kpi_on_track", ON_TRACK), ("kpi_behind", BEHIND),
        ("kpi_no_evidence", NO_EVIDENCE), ("kpi_invalid", INVALID),
        ("kpi_not_reported", NOT_REPORTED))},
    **{f"kpi_{i.code}": (i.code, "text") for i in INDICATORS},
    # past figures changed, from the history ("Thay đổi so với lịch sử")
    "history_period": ("So với kỳ", "text"),
}
#: The column of the "Chỉ tiêu" table counting the communes of each indicator status.
INDICATOR_STATUS_COLUMNS: dict[str, str] = {
    MET: "kpi_met", ON_TRACK: "kpi_on_track", BEHIND: "kpi_behind",
    NO_EVIDENCE: "kpi_no_evidence", INVALID: "kpi_invalid", NOT_REPORTED: "kpi_not_reported",
}

COMMUNE_COLUMNS: tuple[str, ...] = (
    "rank", "commune", "code", "submission", "report_date", "late", "tasks", "due_tasks",
    "on_time_rate", "completion_rate", "red_flags", "update_rate", "stale", "due_soon",
    *STATUSES, "errors", "warnings", "file",
)
TASK_COLUMNS: tuple[str, ...] = (
    "commune", "code", "section", "section_title", "stt", "name", "lead", "agency",
    "deadline_text", "due", "status", "red_flag", "stale_flag", "cycle_flag", "due_soon_flag",
    "progress",
    "expected", "state", "done_date", "evidence", "review", "updated", "reason", "file",
    "sheet", "row",
)
ALERT_COLUMNS: tuple[str, ...] = (
    "commune", "section", "stt", "name", "lead", "due", "status", "days_overdue", "progress",
    "expected", "shortfall", "review", "reason", "file", "row",
)
ISSUE_COLUMNS: tuple[str, ...] = (
    "commune", "file", "sheet", "cell", "issue_code", "severity", "message", "value",
)
MISSING_COLUMNS: tuple[str, ...] = ("code", "full_name", "commune", "province")
AGENCY_COLUMNS: tuple[str, ...] = (
    "agency", "tasks", "due_tasks", "on_time_rate", "red_flags", *STATUSES,
)
FILE_COLUMNS: tuple[str, ...] = ("file", "commune", "outcome", "sha256", "size", "modified")
#: The files table's columns beyond those the sheet shows (the outcome says it in words).
FILE_DATA_COLUMNS: tuple[str, ...] = (*FILE_COLUMNS, "identified_by")
#: "Thẩm định": every task reported done with evidence, and the province's verdict.
REVIEW_COLUMNS: tuple[str, ...] = (
    "commune", "code", "section", "stt", "name", "done_date", "evidence", "fingerprint",
    "commune_review", "verdict", "verdict_reason", "file", "row",
)
#: "Khó khăn, vướng mắc": the obstacles communes report, by lead agency then commune.
OBSTACLE_COLUMNS: tuple[str, ...] = (
    "agency", "commune", "code", "section", "stt", "name", "status", "obstacles", "file", "row",
)

OVERVIEW_LABELS: dict[str, str] = {
    "expected": "Số xã phải báo cáo",
    "submitted": "Số xã đã nộp",
    "missing": "Số xã chưa nộp",
    "late": "Số xã nộp muộn",
    "not_on_roster": "Tệp của xã ngoài danh sách",
    "files": "Số tệp đã đọc",
    "files_with_errors": "Số tệp có lỗi dữ liệu",
    "tasks": "Tổng số nhiệm vụ",
    "due_tasks": "Nhiệm vụ đã đến hạn",
    "on_time_rate": "Tỷ lệ hoàn thành đúng hạn",
    "completion_rate": "Tỷ lệ hoàn thành",
    "red_flags": "Số cảnh báo đỏ",
    "update_rate": "Tỷ lệ cập nhật",
}


@dataclass(frozen=True)
class CommuneIndicators:
    """The indicators of one commune that submitted: a result for every indicator of the
    list, in its order (plain records, as the history stores them)."""

    commune: str
    code: str | None
    file: str
    sheet: str | None
    results: tuple[IndicatorResult, ...]


@dataclass(frozen=True)
class Consolidation:
    """Everything the provincial summary shows, as plain tables.

    ``overview`` holds the key figures (keys of :data:`OVERVIEW_LABELS`, rates as
    fractions or ``None``) and ``status_totals`` the count of every status over all
    submitted communes. ``notes`` are Vietnamese lines shown on "Tổng quan" (e.g. a
    task list written to a separate file).
    """

    as_of: date
    province: str | None
    period: str | None
    settings: Settings
    communes: pd.DataFrame
    tasks: pd.DataFrame
    alerts: pd.DataFrame
    issues: pd.DataFrame
    missing: pd.DataFrame
    agencies: pd.DataFrame
    files: pd.DataFrame
    overview: dict[str, object]
    status_totals: dict[str, int]
    ranking_rule: str
    version: str
    roster_source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: Changes since the previous period (see :mod:`nq57xl.compare.changes`), None when not compared.
    changes: pd.DataFrame | None = None
    #: The periods compared and the communes only one of them has (with ``changes``).
    compared_with: dict[str, object] | None = None
    #: Set when the task list was written to a separate file (see :mod:`nq57xl.summary.tasklist`).
    tasks_file: str | None = None
    tasks_total: int | None = None
    #: The input folder the ``file`` names are relative to (the summary links into it).
    folder: Path | None = None
    #: The tasks whose "Khó khăn, vướng mắc" is filled (:data:`OBSTACLE_COLUMNS`).
    obstacles: pd.DataFrame | None = None
    #: The review register (:data:`REVIEW_COLUMNS`), None when not built.
    review: pd.DataFrame | None = None
    #: The indicators of each commune that submitted, in the ranking's order
    #: (:mod:`nq57xl.assess.indicators`), and the province's value of each indicator.
    indicators: tuple[CommuneIndicators, ...] = ()
    indicator_totals: tuple[ProvinceIndicator, ...] = ()


SUBMITTED = "Đã nộp"


LATE = "Nộp muộn"


MISSING = "Chưa nộp"


NOT_ON_ROSTER = "Ngoài danh sách"
