"""Rebuild the real-shapes corpus: commune reports as offices write them (issue #16).

Run by hand from the repository root::

    .venv/bin/python tests/data/real_shapes/generate.py               # every file
    .venv/bin/python tests/data/real_shapes/generate.py "Que Phong.xls"  # these files
    .venv/bin/python tests/data/real_shapes/generate.py --truth-only  # truths, README table

Each file is drafted with openpyxl (python-docx for the Word appendix), then opened and
saved by LibreOffice headless in its target format (.xlsx, .xls, .ods, .docx), so that it
carries what a real office suite writes: cached formula values, shared strings, merged
ranges, number formats, hidden sheets and columns. Beside every file its truth,
``<file>.truth.json``: what a provincial officer reading it would say (commune, sheet,
task count, spot checks, warnings expected). See README.md.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path[:0] = [str(ROOT), str(HERE)]

from shapes_cases import CASES  # noqa: E402
from shapes_cases2 import CASES2  # noqa: E402
from shapes_cases3 import CASES3  # noqa: E402
from shapes_cases4 import CASES4  # noqa: E402
from shapes_kit import Truth  # noqa: E402

from tests.office import Office  # noqa: E402

#: LibreOffice's export filter of each target suffix.
FILTERS = {".xlsx": "xlsx:Calc MS Excel 2007 XML", ".xls": "xls:MS Excel 97",
           ".ods": "ods:calc8", ".docx": "docx:MS Word 2007 XML"}


def build(office: Office, work: Path, name: str, make: Callable) -> Truth:
    """Draft one file, have LibreOffice save it as ``name``, apply the after-save edit."""
    draft, truth, after = make()
    stem = Path(name).stem
    src_dir = work / "draft"
    src_dir.mkdir(exist_ok=True)
    out_dir = work / "out"
    out_dir.mkdir(exist_ok=True)
    source = src_dir / (stem + (".docx" if name.endswith(".docx") else ".xlsx"))
    draft.save(source)
    suffix = Path(name).suffix
    office.convert(source, FILTERS[suffix], out_dir)
    made = out_dir / (stem + suffix)
    target = HERE / name
    shutil.move(made, target)
    if after is not None:
        after(target)
    truth.file = name
    return truth


def write_file_table(truths: list[Truth]) -> None:
    """The README's last section: every file, its commune and its shapes."""
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    head = text[:text.index(FILES_HEADING) + len(FILES_HEADING)]
    lines = ["", "| file | commune (identified by) | tasks | shapes |", "|---|---|---|---|"]
    for t in sorted(truths, key=lambda t: t.file):
        who = t.commune or "mơ hồ: " + " / ".join(t.extra.get("ambiguous", ()))
        lines.append(f"| `{t.file}` | {who} ({t.identified_by}) | {t.tasks} | "
                     f"{'; '.join(t.shapes)} |")
    readme.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")


FILES_HEADING = "## Files\n"


def write_truth(truth: Truth) -> None:
    (HERE / f"{truth.file}.truth.json").write_text(
        json.dumps(truth.as_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def truths_only() -> None:
    """Rewrite the truth files and the README's table, leaving the saved files as they are
    (LibreOffice writes new timestamps into every file it saves)."""
    made = []
    for name, make in {**CASES, **CASES2, **CASES3, **CASES4}.items():
        truth = make()[1]
        truth.file = name
        write_truth(truth)
        made.append(truth)
    write_file_table(made)


def main() -> None:
    args = sys.argv[1:]
    if args == ["--truth-only"]:
        truths_only()
        return
    cases = {**CASES, **CASES2, **CASES3, **CASES4}
    unknown = [a for a in args if a not in cases]
    if unknown:
        sys.exit(f"unknown files: {unknown}; known: {sorted(cases)}")
    chosen = {name: cases[name] for name in args} if args else cases
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to save the corpus")
    for old in HERE.iterdir():
        if (old.suffix in FILTERS or old.name.endswith(".truth.json")) and not args:
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        office = Office(soffice, Path(tmp))
        try:
            for name, make in chosen.items():
                truth = build(office, Path(tmp), name, make)
                write_truth(truth)
                print(f"{name}: {truth.tasks} nhiệm vụ, {', '.join(truth.shapes)}")
        finally:
            office.close()
    truths_only()


if __name__ == "__main__":
    main()
