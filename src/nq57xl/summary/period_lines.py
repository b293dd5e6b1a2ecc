"""The reporting period of a run in words: its deadline, its data closing date, and the
files left out because they belong to another period or another province."""

from __future__ import annotations

from datetime import date

from ..province.consolidation import Consolidation
from ..province.periods import closing_date, parse_period, period_deadline

#: Issue codes of the files left out of the figures, with how the run's lines name them.
LEFT_OUT_LABELS = (("other-period", "tệp của kỳ khác"), ("other-province", "tệp của xã thuộc tỉnh khác"))


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else "không có hạn cố định"


def period_rows(result: Consolidation) -> list[tuple[str, object]]:
    """(label, value) lines of "Thông tin": the period's deadline and data closing date."""
    period = parse_period(result.period)
    return [
        ("Hạn nộp báo cáo của kỳ", _day(period_deadline(period, result.as_of, result.settings))),
        ("Ngày chốt số liệu của kỳ", _day(closing_date(period, result.as_of, result.settings))),
    ]


def left_out_counts(result: Consolidation) -> dict[str, int]:
    """How many files each :data:`LEFT_OUT_LABELS` code left out."""
    issues = result.issues
    codes = list(issues["issue_code"]) if len(issues) else []
    return {code: codes.count(code) for code, _ in LEFT_OUT_LABELS}


def period_lines(result: Consolidation) -> list[str]:
    """The run's period and the files left out, as lines after a consolidation."""
    if not result.period:
        return ["Kỳ báo cáo: chưa xác định (các tệp không ghi «Kỳ báo cáo»); hạn nộp tính "
                "theo tháng của ngày tính số liệu."]
    rows = dict(period_rows(result))
    lines = [f"Kỳ báo cáo: {result.period}; hạn nộp: {rows['Hạn nộp báo cáo của kỳ']}."]
    counts = left_out_counts(result)
    left = [f"{counts[code]} {label}" for code, label in LEFT_OUT_LABELS if counts[code]]
    if left:
        lines.append("Không tính vào số liệu: " + "; ".join(left) + " (xem trang «Lỗi dữ liệu»).")
    return lines
