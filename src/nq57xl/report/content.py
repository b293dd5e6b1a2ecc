"""The report's outline from a :class:`~nq57xl.province.consolidation.Consolidation`:
results, shortcomings, obstacles by lead agency, and a prompt for the proposals.

Every number comes from the consolidation (its overview figures and status totals, the
summary's story lines); percentages are shown as the summary shows them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx.document import Document as DocxDocument

from ..assess.status import DONE_LATE, DONE_ON_TIME, OVERDUE, format_number
from ..atomic import write_atomic
from ..province.consolidation import Consolidation
from ..summary.obstacles_sheet import obstacle_frame
from ..summary.story import overdue_lines, ranking_lines, submission_lines
from .document import closing, header_block, heading, new_document, paragraph, title

#: The only highlighted text: the officer writes the proposals.
PROPOSALS_PROMPT = ("[Đề nghị cán bộ soạn thảo nêu các kiến nghị, đề xuất với UBND tỉnh, "
                    "các sở, ngành và UBND các xã, phường để tháo gỡ khó khăn, vướng mắc và đẩy "
                    "nhanh tiến độ thực hiện Nghị quyết; xóa đoạn hướng dẫn này.]")
#: Obstacles quoted per lead agency before "và N nội dung khác".
OBSTACLES_SHOWN = 10
#: Characters of an obstacle's text quoted.
OBSTACLE_CHARS = 300


def percent(value: object) -> str:
    """A rate 0-1 as the summary shows it (62,5%), "—" when there is none."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    return f"{format_number(float(value) * 100)}%"  # type: ignore[arg-type]


def key_figures(result: Consolidation) -> list[tuple[str, str]]:
    """(label, value) of section I, every value from ``result.overview``/``status_totals``."""
    ov, totals = result.overview, result.status_totals
    on_time, late = int(totals.get(DONE_ON_TIME, 0) or 0), int(totals.get(DONE_LATE, 0) or 0)
    return [
        ("Số xã, phường đã nộp báo cáo", f"{ov['submitted']}/{ov['expected']}"),
        ("Tổng số nhiệm vụ", str(ov["tasks"])),
        ("Số nhiệm vụ đã đến hạn", str(ov["due_tasks"])),
        ("Tỷ lệ hoàn thành đúng hạn", percent(ov["on_time_rate"])),
        ("Tỷ lệ hoàn thành", percent(ov["completion_rate"])),
        ("Số nhiệm vụ đã hoàn thành", str(on_time + late)),
        ("Trong đó hoàn thành đúng hạn", str(on_time)),
        ("Hoàn thành quá hạn", str(late)),
    ]


def _overdue_count(result: Consolidation) -> int:
    return int(result.status_totals.get(OVERDUE, 0) or 0)


def obstacle_groups(result: Consolidation) -> list[tuple[str, list[str]]]:
    """(lead agency, lines "Xã: task: obstacle") from the obstacles table, by agency."""
    frame = obstacle_frame(result)
    groups = []
    for agency, rows in frame.groupby(frame["agency"].fillna("").astype(str), sort=False) \
            if len(frame) else []:
        lines = []
        for row in rows.head(OBSTACLES_SHOWN).to_dict("records"):
            text = " ".join(str(row["obstacles"] or "").split())
            if len(text) > OBSTACLE_CHARS:
                text = text[:OBSTACLE_CHARS - 1] + "…"
            lines.append(f"- {row['commune']} (nhiệm vụ «{row['name']}»): {text}")
        if len(rows) > OBSTACLES_SHOWN:
            lines.append(f"- và {len(rows) - OBSTACLES_SHOWN} nội dung khác.")
        groups.append((agency or "(chưa rõ cơ quan chủ trì)", lines))
    return groups


def _section_results(doc: DocxDocument, result: Consolidation) -> None:
    heading(doc, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    paragraph(doc, f"Số liệu tổng hợp từ báo cáo của các xã, phường, tính đến ngày "
                   f"{result.as_of:%d/%m/%Y}:", indent=True)
    for label, value in key_figures(result):
        paragraph(doc, f"- {label}: {value}.", indent=True)
    best = ranking_lines(result.communes)[0]
    paragraph(doc, f"- {best}", indent=True)


def _section_shortcomings(doc: DocxDocument, result: Consolidation) -> None:
    heading(doc, "II. TỒN TẠI, HẠN CHẾ")
    ov = result.overview
    paragraph(doc, f"- Số cảnh báo đỏ: {ov['red_flags']}.", indent=True)
    overdue = _overdue_count(result)
    paragraph(doc, f"- Số nhiệm vụ quá hạn: {overdue}."
                   f"{' Các nhiệm vụ quá hạn ở nhiều xã nhất:' if overdue else ''}", indent=True)
    for line in overdue_lines(result.alerts) if overdue else []:
        paragraph(doc, line if line.startswith("- ") else f"- {line}", indent=True)
    for line in submission_lines(result.communes):
        paragraph(doc, f"- {line}", indent=True)


def _section_obstacles(doc: DocxDocument, result: Consolidation) -> None:
    heading(doc, "III. KHÓ KHĂN, VƯỚNG MẮC")
    groups = obstacle_groups(result)
    if not groups:
        paragraph(doc, "Các xã, phường không báo cáo khó khăn, vướng mắc.", indent=True)
    for agency, lines in groups:
        paragraph(doc, f"{agency}:", bold=True, indent=True)
        for line in lines:
            paragraph(doc, line, indent=True)


def build_report(result: Consolidation, *, as_of: date | None = None,
                 province: str | None = None) -> DocxDocument:
    """The report of ``result`` as a python-docx document."""
    day = as_of or result.as_of
    name = province or result.province or "……"
    doc = new_document()
    header_block(doc, name, day)
    title(doc, f"Tình hình thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị "
               f"về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
               f"quốc gia{f' (kỳ báo cáo: {result.period})' if result.period else ''}")
    _section_results(doc, result)
    _section_shortcomings(doc, result)
    _section_obstacles(doc, result)
    heading(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    paragraph(doc, PROPOSALS_PROMPT, indent=True, highlight=True)
    closing(doc)
    return doc


def write_report(result: Consolidation, output: Path, *, as_of: date | None = None,
                 province: str | None = None) -> Path:
    """Write the report of ``result`` to ``output`` (.docx) atomically."""
    doc = build_report(result, as_of=as_of, province=province)
    return write_atomic(Path(output), lambda tmp: doc.save(str(tmp)), suffix=".docx")

