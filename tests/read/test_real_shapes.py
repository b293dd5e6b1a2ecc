"""Commune reports as offices write them (issue #16): every file of
``tests/data/real_shapes/`` read and compared with its truth, and the folder consolidated.

Each file was saved by LibreOffice (see the README beside it); its ``.truth.json`` says
what a provincial officer reading it would say: the commune, the sheet with the tasks,
the task count, some tasks' lead, due date, state and progress, the warnings it must
give, and words of the blocks below the table that no task may contain.

Three tests a file: its tasks read right (:func:`test_file_read_as_an_officer_reads_it`),
its commune named (:func:`test_file_says_who_sent_it`), and its commune recognised on the
roster when the folder is consolidated; a file naming two roster communes has its own test
(neither picked, a warning naming both). A file a test does not get right yet is marked
``xfail(strict=True)`` with what is wrong (:data:`KNOWN_WRONG`, :data:`KNOWN_UNIDENTIFIED`,
:data:`KNOWN_UNRECOGNISED`, :data:`KNOWN_AMBIGUOUS_PICKED`): once fixed, its xfail fails,
and the entry is to be removed.
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from nq57xl.importer.appendix import import_appendix
from nq57xl.province.consolidate import consolidate
from nq57xl.province.roster import name_key
from nq57xl.read.commune import read_commune
from nq57xl.records import CommuneReport, Task
from nq57xl.vntext import strip_diacritics

CORPUS = Path(__file__).resolve().parents[1] / "data" / "real_shapes"
AS_OF = date(2026, 11, 30)
PERIOD = "Tháng 11/2026"
PROVINCE = "Nghệ An"
INPUT_SUFFIXES = (".xlsx", ".xls", ".ods", ".docx")
TEXT_FIELDS = ("name", "lead", "director", "partners", "result", "note", "evidence", "issues")

#: file -> what the reader gets wrong today (the file compared with its truth, but for the
#: commune, which the two tests below check). Empty: every file is read right.
KNOWN_WRONG: dict[str, str] = {}
#: file -> why the commune read from the file is wrong today.
KNOWN_UNIDENTIFIED: dict[str, str] = {}
#: file -> how a file naming two roster communes is handled wrong today.
KNOWN_AMBIGUOUS_PICKED: dict[str, str] = {}
#: file -> what the consolidation gets wrong today (the commune not recognised or misnamed).
KNOWN_UNRECOGNISED: dict[str, str] = {}


def truths() -> list[dict]:
    found = []
    for path in sorted(CORPUS.glob("*.truth.json")):
        found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


def params(known: dict[str, str], *, ambiguous: bool = False) -> list:
    """The truths as test parameters, xfail where ``known``; the files whose commune is
    ambiguous only with ``ambiguous``, the others without."""
    out = []
    for truth in truths():
        if bool(truth.get("ambiguous")) != ambiguous:
            continue
        marks = ()
        if truth["file"] in known:
            marks = (pytest.mark.xfail(strict=True, reason=known[truth["file"]]),)
        out.append(pytest.param(truth, id=truth["file"], marks=marks))
    return out


def read(path: Path, tmp_path: Path) -> CommuneReport:
    """The file as the reader reads it; a Word appendix the reader refuses goes through
    the importer first, as the consolidation of a folder does."""
    kwargs = {}
    if "period" in inspect.signature(read_commune).parameters:
        kwargs["period"] = PERIOD
    report = read_commune(path, as_of=AS_OF, **kwargs)
    if path.suffix.lower() == ".docx" and not report.tasks:
        out = tmp_path / (path.stem + ".xlsx")
        import_appendix(path, out, province=PROVINCE)
        report = read_commune(out, name=path.name, as_of=AS_OF, **kwargs)
    return report


def loose(name: str | None) -> str:
    """A commune name compared without diacritics, case, "xã/phường" or tone placement."""
    return strip_diacritics(name_key(name or ""))


def find_task(tasks: tuple[Task, ...], stt: str, name: str) -> Task | None:
    def same(a: str, b: str) -> bool:  # "01" is task 1, "1." too
        def key(x: str) -> str:
            return re.sub(r"\b0+(\d)", r"\1", x.strip().rstrip(".").lower())
        return key(a) == key(b)
    part = " ".join(name.split())
    hits = [t for t in tasks if same(t.stt, stt) and part in " ".join(t.name.split())]
    return hits[0] if hits else None


def spot_mismatches(report: CommuneReport, spot: dict) -> list[str]:
    where = f"STT {spot['stt']}"
    task = find_task(report.tasks, spot["stt"], spot["name_contains"])
    if task is None:
        seen = [(t.stt, t.name[:30]) for t in report.tasks]
        return [f"{where}: không thấy nhiệm vụ «{spot['name_contains']}» (đọc được: {seen})"]
    wrong = []
    if "lead" in spot and (task.lead or "").strip() != spot["lead"]:
        wrong.append(f"{where}: chủ trì {task.lead!r}, đúng là {spot['lead']!r}")
    if "due" in spot:
        due = task.deadline.due.isoformat() if task.deadline.due else None
        if due != spot["due"]:
            wrong.append(f"{where}: hạn {due} ({task.deadline.text!r}), đúng là {spot['due']}")
    if "kind" in spot and task.deadline.kind != spot["kind"]:
        wrong.append(f"{where}: loại thời hạn {task.deadline.kind} ({task.deadline.text!r}), "
                     f"đúng là {spot['kind']}")
    if "state" in spot and task.state != spot["state"]:
        wrong.append(f"{where}: tình trạng {task.state!r}, đúng là {spot['state']!r}")
    if "progress" in spot:
        want = spot["progress"]
        if task.progress is None or want is None:
            same = task.progress is None and want is None
        else:
            same = abs(task.progress - want) < 1e-6
        if not same:
            wrong.append(f"{where}: tiến độ {task.progress!r}, đúng là {want!r}")
    if "evidence_contains" in spot and spot["evidence_contains"] not in (task.evidence or ""):
        wrong.append(f"{where}: minh chứng {task.evidence!r} thiếu {spot['evidence_contains']!r}")
    return wrong


def says(message: str, words: str | list[str]) -> bool:
    """Whether ``message`` contains ``words`` (a list: one of them)."""
    return any(w in message for w in ([words] if isinstance(words, str) else words))


def warning_mismatches(report: CommuneReport, truth: dict) -> list[str]:
    wrong = []
    for expected in truth["warnings"]:
        alternatives = [a.lower() for a in expected["any"]]
        severities = ("warning", "error") if expected.get("severity") == "any" else ("warning",)
        if not any(p.severity in severities and (p.code.lower() in alternatives
                   or any(a in p.message.lower() for a in alternatives))
                   for p in report.problems):
            wrong.append(f"thiếu cảnh báo {expected['any']}")
    for expected in truth.get("errors", []):
        if not any(p.code == expected["code"] and all(says(p.message, c)
                                                      for c in expected["contains"])
                   for p in report.problems):
            wrong.append(f"thiếu lỗi «{expected['code']}» nêu {expected['contains']}")
    present = {p.code for p in report.problems}
    wrong += [f"có lỗi «{code}» không đáng có" for code in truth["absent"] if code in present]
    return wrong


def glued(report: CommuneReport, truth: dict) -> list[str]:
    """Words of the blocks below the table (signatures, totals, notes) found in a task."""
    wrong = []
    for task in report.tasks:
        for key in TEXT_FIELDS:
            text = getattr(task, key) or ""
            for word in truth["glue_words"]:
                if word in text:
                    wrong.append(f"STT {task.stt}: «{word}» bị ghép vào cột {key}")
    return wrong


def mismatches(report: CommuneReport, truth: dict) -> list[str]:
    """Everything the truth says about the file but who sent it."""
    wrong = []
    if truth["sheet"] is not None and report.sheet != truth["sheet"]:
        wrong.append(f"trang {report.sheet!r}, đúng là {truth['sheet']!r}")
    if len(report.tasks) != truth["tasks"]:
        wrong.append(f"{len(report.tasks)} nhiệm vụ, đúng là {truth['tasks']}: "
                     f"{[t.stt for t in report.tasks]}")
    for spot in truth["spot"]:
        wrong += spot_mismatches(report, spot)
    wrong += warning_mismatches(report, truth)
    wrong += glued(report, truth)
    if "plan_number" in truth and truth["plan_number"] not in (report.metadata.plan_number or ""):
        wrong.append(f"số kế hoạch {report.metadata.plan_number!r}, đúng là "
                     f"{truth['plan_number']!r}")
    plan_date = report.metadata.plan_date.isoformat() if report.metadata.plan_date else None
    if "plan_date" in truth and plan_date != truth["plan_date"]:
        wrong.append(f"ngày kế hoạch {plan_date}, đúng là {truth['plan_date']}")
    refused = truth.get("plan_number_not")
    if refused and refused in (report.metadata.plan_number or ""):
        wrong.append(f"số kế hoạch lấy từ «{report.metadata.plan_number}» (số báo cáo)")
    return wrong


def test_the_corpus_covers_every_format_and_has_a_truth_per_file():
    """Every input has a truth, every format is there (the ambiguous file is read by
    :func:`test_file_read_as_an_officer_reads_it` too)."""
    inputs = sorted(p.name for p in CORPUS.iterdir() if p.suffix in INPUT_SUFFIXES)
    assert inputs == sorted(t["file"] for t in truths())
    assert len(inputs) >= 24
    assert {Path(n).suffix for n in inputs} == set(INPUT_SUFFIXES)


@pytest.mark.parametrize("truth", params(KNOWN_WRONG) + params(KNOWN_WRONG, ambiguous=True))
def test_file_read_as_an_officer_reads_it(truth, tmp_path):
    report = read(CORPUS / truth["file"], tmp_path)
    wrong = mismatches(report, truth)
    problems = [f"{p.code} {p.location}: {p.message}" for p in report.problems]
    assert not wrong, "\n".join(wrong + ["-- các vấn đề đọc được:"] + problems)


def base_name(file: object) -> str:
    return Path(file).name if isinstance(file, str) else ""


@pytest.mark.parametrize("truth", params(KNOWN_UNIDENTIFIED))
def test_file_says_who_sent_it(truth, tmp_path):
    """The commune named by the "Thông tin" sheet, the title block, the sheet name or the
    file name (compared here without diacritics; the roster match is checked below)."""
    report = read(CORPUS / truth["file"], tmp_path)
    assert loose(report.metadata.commune) == loose(truth["commune"]), (
        f"xã {report.metadata.commune!r}, đúng là {truth['commune']!r} "
        f"(theo {truth['identified_by']})")
    kind = identified_kind(report)
    # The reader says where it found the name (a Word file's name was found by the importer,
    # which writes it into the template's "Thông tin" sheet: not checked).
    if kind is not None and not truth["file"].endswith(".docx"):
        assert kind == SOURCE_KINDS[truth["identified_by"]], (
            f"xã lấy từ {kind} ({report.metadata.identified_by}), đúng là "
            f"{truth['identified_by']}")


#: The truth's ``identified_by`` and the kind of name source the reader reports.
SOURCE_KINDS = {"Thông tin": "info", "title": "title", "sheet": "sheet", "file name": "file"}


def identified_kind(report: CommuneReport) -> str | None:
    """The kind of place the reader took the commune's name from, when it says so
    (``Metadata.identified_by`` among ``Metadata.name_sources``)."""
    meta = report.metadata
    where = getattr(meta, "identified_by", None)
    sources = getattr(meta, "name_sources", ())
    return next((s.kind for s in sources if s.where == where), None) if where else None


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bao_cao_xa")
    for path in CORPUS.iterdir():
        if path.suffix in INPUT_SUFFIXES:
            shutil.copy2(path, folder / path.name)
    return consolidate(folder, as_of=AS_OF, province=PROVINCE, period=PERIOD)


@pytest.mark.parametrize("truth", params(KNOWN_UNRECOGNISED))
def test_folder_consolidated_with_the_commune_recognised(truth, consolidated):
    communes = consolidated.communes
    rows = communes[communes["file"].map(base_name) == truth["file"]]
    assert len(rows) == 1, f"tệp không có trong bảng xã: {list(communes['file'].map(base_name))}"
    row = rows.iloc[0]
    assert name_key(str(row["commune"])) == name_key(truth["commune"])
    assert str(row["code"] or "").strip(), "xã không khớp danh sách (không có mã)"
    missing = {name_key(str(n)) for n in consolidated.missing["commune"]}
    assert name_key(truth["commune"]) not in missing
    issues = consolidated.issues
    mine = issues[issues["file"].map(base_name) == truth["file"]]
    assert "not-on-roster" not in set(mine["issue_code"])


@pytest.mark.parametrize("truth", params(KNOWN_AMBIGUOUS_PICKED, ambiguous=True))
def test_two_communes_in_the_name_are_a_warning_naming_both(truth, consolidated, tmp_path):
    """Two roster communes fit: neither is picked, and a warning (reading the file or
    consolidating it) names both."""
    names = truth["ambiguous"]
    report = read(CORPUS / truth["file"], tmp_path)
    issues = consolidated.issues
    mine = issues[issues["file"].map(base_name) == truth["file"]]
    messages = [p.message for p in report.problems if p.severity == "warning"]
    messages += [m for m, s in zip(mine["message"], mine["severity"]) if s == "warning"]
    assert any(all(n in m for n in names) for m in messages), messages
    picked = {name_key(n) for n in names}
    assert name_key(report.metadata.commune or "") not in picked
    communes = consolidated.communes
    rows = communes[communes["file"].map(base_name) == truth["file"]]
    assert not any(name_key(str(c)) in picked and str(k or "").strip()
                   for c, k in zip(rows["commune"], rows["code"]))
