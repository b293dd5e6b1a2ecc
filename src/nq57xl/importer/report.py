"""What an import found: the records of :class:`ImportReport` and their presentation.

:func:`nq57xl.importer.appendix.import_appendix` returns an :class:`ImportReport`;
:func:`import_report_lines` turns it into Vietnamese lines for the terminal and
:func:`import_report_json` into the ``nq57xl import --json`` document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..indicators import BY_CODE
from ..read.headers import header_label
from ..records import Metadata
from .targets import PlanTarget


@dataclass(frozen=True)
class SectionCount:
    """Tasks imported under one section (a top section counts its sub-sections' tasks)."""

    label: str
    title: str
    tasks: int
    declared: int | None = None
    parent: str | None = None

    @property
    def mismatch(self) -> bool:
        return self.declared is not None and self.declared != self.tasks


@dataclass(frozen=True)
class ColumnMap:
    """A source column and the standard column it was imported into."""

    original: str
    column: str

    @property
    def label(self) -> str:
        return header_label(self.column)


@dataclass(frozen=True)
class MissingColumn:
    """A required standard column the source lacks, left empty in the output."""

    column: str
    stand_in: str | None
    message: str


@dataclass(frozen=True)
class Finding:
    """A row that could not be placed, or a problem of the source's data, located."""

    code: str
    where: str
    text: str
    severity: str = "warning"


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_appendix` imported and what remains to be fixed."""

    source: str
    output: str
    kind: str
    table: str
    metadata: Metadata
    tasks: int
    sections: tuple[SectionCount, ...]
    columns: tuple[ColumnMap, ...]
    extra_columns: tuple[str, ...]
    missing_columns: tuple[MissingColumn, ...]
    unplaced: tuple[Finding, ...]
    problems: tuple[Finding, ...]
    metadata_gaps: tuple[str, ...]
    notes: tuple[str, ...]
    other_tables: tuple[str, ...] = ()
    #: The source's lines above the table (title block), as read.
    titles: tuple[str, ...] = ()
    #: Indicator targets read in the plan's text (written to «Chỉ tiêu» when they differ
    #: from the default), and other levels found for an indicator already seen.
    targets: tuple[PlanTarget, ...] = ()
    target_conflicts: tuple[PlanTarget, ...] = ()

    @property
    def mismatches(self) -> tuple[SectionCount, ...]:
        return tuple(s for s in self.sections if s.mismatch)

    @property
    def exit_code(self) -> int:
        """0 when nothing is left to fix, 1 otherwise (the output is written either way)."""
        todo = (self.missing_columns or self.unplaced or self.mismatches or self.problems
                or self.other_tables or not self.metadata.commune)
        return 1 if todo else 0


def import_report_lines(report: ImportReport) -> list[str]:
    """The import report as Vietnamese lines for the terminal."""
    meta = report.metadata
    lines = [f"Đã nhập «{Path(report.source).name}» ({report.table}) vào «{report.output}»: "
             f"{report.tasks} nhiệm vụ, {len(report.sections)} mục."]
    plan = " ".join(x for x in (meta.plan_number and f"số {meta.plan_number}",
                                meta.plan_date and f"ngày {meta.plan_date:%d/%m/%Y}") if x)
    lines.append(f"Xã/phường: {meta.commune or '(chưa rõ)'}; tỉnh: {meta.province or '(chưa rõ)'}"
                 f"; kế hoạch: {plan or '(không ghi số, ngày)'}.")
    if report.sections:
        lines.append("Nhiệm vụ theo mục:")
    for s in report.sections:
        extra = (f" — tên mục ghi {s.declared} nhiệm vụ, hãy kiểm tra lại số nhiệm vụ của mục"
                 if s.mismatch else "")
        indent = "    " if s.parent else "  "
        lines.append(f"{indent}{s.label}. {s.title}: {s.tasks} nhiệm vụ{extra}")
    lines.append("Cột đã nhận (cột gốc → cột chuẩn):")
    lines += [f"  «{c.original}» → «{c.label}»" for c in report.columns]
    lines += [f"  «{name}» → «Ghi chú» (không có trong mẫu chuẩn)"
              for name in report.extra_columns]
    lines += [f"THIẾU CỘT: {m.message}" for m in report.missing_columns]
    if report.unplaced:
        lines.append(f"Dòng không xếp được ({len(report.unplaced)}), đã ghi vào trang "
                     "«Hướng dẫn»; nếu là nhiệm vụ, hãy thêm vào trang «Nhiệm vụ» của tệp kết quả:")
        lines += [f"  {u.where}: «{u.text}»" for u in report.unplaced]
    if report.problems:
        lines.append(f"Dữ liệu gốc cần sửa trong tệp kết quả ({len(report.problems)}):")
        tag = {"error": "LỖI", "warning": "Cảnh báo"}
        lines += [f"  {tag.get(p.severity, p.severity)} [{p.code}] {p.where}: {p.text}"
                  for p in report.problems]
    if report.other_tables:
        lines.append("Chỉ nhập bảng có nhiều nhiệm vụ nhất; các bảng sau cũng có nhiệm vụ nhưng "
                     "KHÔNG được nhập, hãy tách ra tệp riêng rồi nhập nếu cần:")
        lines += [f"  {o}" for o in report.other_tables]
    lines += target_lines(report)
    lines += [f"Thông tin: {g}" for g in report.metadata_gaps]
    todo = (len(report.missing_columns) + len(report.unplaced) + len(report.mismatches)
            + len(report.problems) + len(report.other_tables) + (not meta.commune))
    lines.append(f"Còn {todo} điểm cần sửa trong tệp kết quả." if todo
                 else "Nhập xong, không có gì cần sửa.")
    return lines


def target_lines(report: ImportReport) -> list[str]:
    """The indicator targets read in the plan, as lines of the import report."""
    if not report.targets:
        return []
    lines = ["Mục tiêu chỉ tiêu đọc được trong kế hoạch (mục tiêu khác mục tiêu chung được ghi "
             "vào cột «Mục tiêu theo kế hoạch của xã» của trang «Chỉ tiêu»):"]
    for t in report.targets:
        default = BY_CODE[t.code].target
        same = " (bằng mục tiêu chung)" if t.target == default else f" (mục tiêu chung {default:g}%)"
        lines.append(f"  {t.code} {t.target:g}%{same} — {t.where}: «{t.text}»")
    lines += [f"  Kiểm tra: {t.code} còn được ghi {t.target:g}% ở {t.where}: «{t.text}»; đã dùng "
              "mức ghi trước" for t in report.target_conflicts]
    return lines


def import_report_json(report: ImportReport) -> dict[str, Any]:
    """The ``nq57xl import --json`` document."""
    meta = report.metadata
    return {
        "source": report.source, "output": report.output, "kind": report.kind,
        "table": report.table,
        "metadata": {"commune": meta.commune, "province": meta.province,
                     "plan_number": meta.plan_number,
                     "plan_date": meta.plan_date.isoformat() if meta.plan_date else None},
        "tasks": report.tasks,
        "sections": [{"label": s.label, "title": s.title, "parent": s.parent, "tasks": s.tasks,
                      "declared": s.declared} for s in report.sections],
        "count_mismatches": [{"label": s.label, "title": s.title, "declared": s.declared,
                              "found": s.tasks} for s in report.mismatches],
        "columns": [{"original": c.original, "column": c.column, "label": c.label}
                    for c in report.columns],
        "extra_columns": list(report.extra_columns),
        "missing_columns": [{"column": m.column, "label": header_label(m.column),
                             "stand_in": m.stand_in, "message": m.message}
                            for m in report.missing_columns],
        "unplaced": [{"code": u.code, "where": u.where, "text": u.text} for u in report.unplaced],
        "problems": [{"code": p.code, "severity": p.severity, "where": p.where,
                      "message": p.text} for p in report.problems],
        "other_tables": list(report.other_tables),
        "metadata_gaps": list(report.metadata_gaps),
        "notes": list(report.notes),
        "targets": [{"code": t.code, "target": t.target, "where": t.where, "text": t.text}
                    for t in report.targets],
        "target_conflicts": [{"code": t.code, "target": t.target, "where": t.where,
                              "text": t.text} for t in report.target_conflicts],
        "exit_code": report.exit_code,
    }
