"""What a leader reads on "Tổng quan": who has not reported, who is late, the best and
the worst communes, the tasks overdue in most communes, the change since last period.

Plain functions of a :class:`~nq57xl.province.consolidation.Consolidation` returning
Vietnamese lines; :mod:`nq57xl.summary.overview` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..assess.status import OVERDUE, format_number
from ..province.consolidation import LATE, MISSING, Consolidation

#: Names listed before "và N xã khác".
NAMES_SHOWN = 12
#: Communes in the best and in the worst list.
TOP_COMMUNES = 5
#: Tasks in the list of tasks overdue in most communes.
TOP_TASKS = 5
#: Characters of a task name shown in that list.
TASK_NAME_CHARS = 110
#: How the long lists are printed (their print area is the first page by default).
PRINT_HINT = ("Khi in cả sổ (In toàn bộ sổ làm việc), các danh sách dài (Theo xã, Cảnh báo) "
              "và trang Xu hướng chỉ in trang đầu; các trang để tra cứu (Nhiệm vụ, Chỉ tiêu theo "
              "xã, Thẩm định, Lỗi dữ liệu, Thay đổi so với kỳ trước, Thay đổi so với lịch sử, "
              "Thông tin) không in. Muốn in cả trang: mở trang đó, chọn Bố cục Trang › Vùng In "
              "› Xóa Vùng In (Page Layout › Print Area › Clear Print Area) rồi in trang đó.")


@dataclass(frozen=True)
class Story:
    """The lines of the overview's sections II-V (see the module doc)."""

    submission: list[str]
    ranking: list[str]
    overdue: list[str]
    change: list[str]


def name_list(names: list[str], limit: int = NAMES_SHOWN) -> str:
    """"A, B, C" or, past ``limit`` names, "A, B, … và N xã khác"."""
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} và {len(names) - limit} xã khác"


def _percent(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "chưa có hạn"
    return f"{format_number(float(value) * 100)}%"  # type: ignore[arg-type]


def submission_lines(communes: pd.DataFrame) -> list[str]:
    """Communes not submitted and late, named."""
    submission = communes["submission"].astype(str) if len(communes) else pd.Series(dtype=str)
    missing = communes.loc[submission == MISSING, "commune"].astype(str).tolist()
    late_mask = submission == LATE
    if "late" in communes.columns:
        late_mask = late_mask | communes["late"].map(lambda v: v is True or v == "x")
    late = communes.loc[late_mask & (submission != MISSING), "commune"].astype(str).tolist()
    return [f"Chưa nộp ({len(missing)}): {name_list(missing) if missing else 'không có'}.",
            f"Nộp muộn ({len(late)}): {name_list(late) if late else 'không có'}."]


def ranking_lines(communes: pd.DataFrame, top: int = TOP_COMMUNES) -> list[str]:
    """The ``top`` best and worst communes by rank, with their on-time rate."""
    ranked = communes[communes["rank"].notna()] if len(communes) else communes
    ranked = ranked.sort_values("rank", kind="stable") if len(ranked) else ranked
    if not len(ranked):
        return ["Chưa có xã, phường nào để xếp hạng."]

    def names(frame: pd.DataFrame) -> str:
        return ", ".join(f"{r['commune']} ({_percent(r['on_time_rate'])})"
                         for r in frame.to_dict("records"))

    best = ranked.head(top)
    worst = ranked.iloc[max(len(best), len(ranked) - top):].iloc[::-1]
    lines = [f"{len(best)} xã, phường dẫn đầu (tỷ lệ đúng hạn): {names(best)}."]
    if len(worst):
        lines.append(f"{len(worst)} xã, phường cuối bảng (từ cuối lên): {names(worst)}.")
    return lines


def overdue_lines(alerts: pd.DataFrame, top: int = TOP_TASKS) -> list[str]:
    """The tasks overdue in the most communes, with how many."""
    if not len(alerts) or "status" not in alerts.columns:
        return ["Không có nhiệm vụ quá hạn."]
    overdue = alerts[alerts["status"] == OVERDUE]
    if not len(overdue):
        return ["Không có nhiệm vụ quá hạn."]
    keys = overdue["name"].fillna("").astype(str).str.strip()
    counts = overdue.assign(key=keys).groupby("key", sort=False)["commune"].nunique()
    counts = counts.sort_values(ascending=False, kind="stable").head(top)
    out = []
    for name, count in counts.items():
        short = name if len(name) <= TASK_NAME_CHARS else name[:TASK_NAME_CHARS - 1] + "…"
        out.append(f"- {short or '(không tên)'}: quá hạn ở {count} xã.")
    return out


def change_lines(result: Consolidation) -> list[str]:
    """Counts of the changes since the previous period, or why there are none."""
    changes = result.changes
    if changes is None:
        return ["Chưa so sánh với kỳ trước (dùng --previous khi tổng hợp)."]
    flagged = int(changes["attention"].map(bool).sum()) if len(changes) else 0
    counts = changes["change"].value_counts().to_dict() if len(changes) else {}
    detail = "; ".join(f"{k}: {v}" for k, v in counts.items())
    return [f"{len(changes)} thay đổi, {flagged} cần kiểm tra"
            f"{' (' + detail + ')' if detail else ''}; xem trang «Thay đổi so với kỳ trước»."]


def story(result: Consolidation) -> Story:
    """Every list of the overview for ``result``."""
    return Story(submission_lines(result.communes), ranking_lines(result.communes),
                 overdue_lines(result.alerts), change_lines(result))
