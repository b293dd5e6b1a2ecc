"""A Word appendix (.docx) dropped into the reports folder, read like a commune workbook.

The document's table is imported into the standard template as ``nq57xl import`` does
(:func:`nq57xl.importer.appendix.import_appendix`), in a temporary folder, and the
template is read like any workbook. The import's report becomes "word-import" lines of
"Lỗi dữ liệu" (its data problems come once, from reading the template); a document with
no usable table is one "word-import-failed" error. Problems of the template name its
sheet as "converted from Word", so that no one looks for that sheet in the document.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..catalogue import problem
from ..importer.appendix import ImportFailure, import_appendix, import_report_lines
from ..importer.report import ImportReport
from ..read.commune import read_commune
from ..read.identity import guess_name, has_unit_name
from ..read.limits import Limits
from ..records import CommuneReport, Metadata, NameSource, Problem

#: The import report's heading of its data problems: those come from reading the template.
_DATA_PROBLEMS = "Dữ liệu gốc cần sửa trong tệp kết quả"
CONVERTED = "bản chuyển từ Word"
ATTACHED_LINE = "dòng «Kèm theo …» trong tệp Word"


def read_word(path: Path, name: str, *, as_of: date | None, limits: Limits) -> CommuneReport:
    """The commune report of the Word document at ``path`` (``name`` in messages)."""
    with tempfile.TemporaryDirectory(prefix="nq57xl-word-") as tmp:
        output = Path(tmp) / (Path(name).stem[:100] + ".xlsx")
        try:
            imported = import_appendix(path, output)
        except ImportFailure as exc:
            return CommuneReport(file=name, metadata=Metadata(), tasks=(), problems=(
                problem("word-import-failed", file=name, detail=str(exc)),))
        report = read_commune(output, name=name, as_of=as_of, limits=limits)
    meta = _with_titles(report.metadata, imported)
    problems = list(report.problems)
    title = next((s for s in meta.name_sources if s.kind == "title"), None)
    if meta.from_file_name and title is not None and guess_name(title.text):
        # the document's title block names the commune better than the template's places
        meta = replace(meta, commune=guess_name(title.text), identified_by=title.where)
        problems = [problem("missing-metadata", file=name, value=meta.commune, where=title.where)
                    if p.code == "missing-metadata" else p for p in problems]
    shown = [replace(p, sheet=f"{p.sheet} ({CONVERTED})") if p.sheet else p for p in problems]
    return replace(report, metadata=meta, problems=(*_import_lines(imported, name), *shown))


def _import_lines(imported: ImportReport, name: str) -> list[Problem]:
    """The import report's lines, one "word-import" problem each, without its data
    problems (reading the template finds them) and the temporary file's path."""
    lines = import_report_lines(replace(imported, output=f"mẫu chuẩn ({CONVERTED})"))
    out, skipping = [], False
    for line in lines:
        if line.startswith(_DATA_PROBLEMS):
            skipping = True
            continue
        if skipping and line.startswith("  "):
            continue
        skipping = False
        out.append(problem("word-import", file=name, detail=line.strip()))
    return out


def _with_titles(meta: Metadata, imported: ImportReport) -> Metadata:
    """The document's title lines naming a commune ("UBND XÃ ĐÔ LƯƠNG") as name sources,
    after "Thông tin" and before the template's own places."""
    titles = tuple(NameSource("title", f"tiêu đề trong tệp Word (dòng {i})", line)
                   for i, line in enumerate(imported.titles, start=1) if has_unit_name(line))
    # the template's "Thông tin" holds what the import read from the "Kèm theo" line
    info = tuple(replace(s, where=ATTACHED_LINE) for s in meta.name_sources if s.kind == "info")
    rest = tuple(s for s in meta.name_sources if s.kind != "info")
    return replace(meta, name_sources=(*info, *titles, *rest),
                   identified_by=ATTACHED_LINE if info else meta.identified_by)
