"""The three real plans, pasted into workbooks as communes have them (issue: read and validate)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from nq57xl.read.commune import read_commune


@pytest.fixture(scope="module")
def loi_bac(seed_books):
    return read_commune(seed_books["loi_bac"], as_of=date(2026, 11, 20))


@pytest.fixture(scope="module")
def nghia_dan(seed_books):
    return read_commune(seed_books["nghia_dan"], as_of=date(2026, 11, 20))


@pytest.fixture(scope="module")
def nghe_an(seed_books):
    return read_commune(seed_books["nghe_an"], as_of=date(2026, 11, 20))


def _task(report, stt, section=None):
    found = [t for t in report.tasks if t.stt == stt and (section is None or t.section == section)]
    assert len(found) == 1, (stt, section, found)
    return found[0]


def test_loi_bac_has_97_tasks_numbered_1_to_97(loi_bac):
    assert len(loi_bac.tasks) == 97
    assert [t.stt for t in loi_bac.tasks] == [str(i) for i in range(1, 98)]
    assert loi_bac.metadata.commune == "Lợi Bác"


def test_loi_bac_deadline_joined_across_page_break(loi_bac):
    task = _task(loi_bac, "28")
    assert task.deadline.text == "Nhiệm vụ thường xuyên"
    assert task.deadline.kind == "recurring"
    assert task.name.endswith("phục vụ doanh nghiệp và người dân.")
    assert task.lead == "Trung tâm Phục vụ HCC xã"


def test_loi_bac_name_joined_across_page_break(loi_bac):
    task = _task(loi_bac, "10")
    assert task.name.endswith("an toàn xã hội")
    assert "để thực hiện nhiệm vụ quốc phòng" in task.name


def test_loi_bac_declared_section_counts_checked(loi_bac):
    mismatches = {p.cell: p for p in loi_bac.problems if p.code == "section-count-mismatch"}
    first = next(s for s in loi_bac.sections if s.label == "I")
    assert first.declared == 4
    cell = f"A{first.row}"
    assert cell in mismatches
    assert "ghi 4 nhiệm vụ nhưng bảng có 3" in mismatches[cell].message
    # Section II declares 10 and lists 10: no problem there.
    second = next(s for s in loi_bac.sections if s.label == "II")
    assert f"A{second.row}" not in mismatches


def test_loi_bac_footnotes_mark_tasks_done(loi_bac):
    done = sorted(int(t.stt) for t in loi_bac.tasks if t.footnote_done)
    assert done == [32, 37, 83, 91]
    assert _task(loi_bac, "83").deadline.due == date(2026, 2, 28)


def test_loi_bac_real_blank_deadline_reported_on_its_cell(loi_bac):
    blank = [p for p in loi_bac.problems if p.code == "blank-deadline"]
    task5 = _task(loi_bac, "5")
    assert [(p.cell, p.severity) for p in blank] == [(task5.cell("deadline"), "error")]
    assert blank[0].cell.startswith("G")


def test_loi_bac_director_is_not_lead(loi_bac):
    task = _task(loi_bac, "1")
    assert task.lead == "Trung tâm dịch vụ công ích"
    assert task.director == "Giám đốc Trung tâm dịch vụ công ích"
    assert "lead" in dict(loi_bac.columns)


def test_nghia_dan_restarting_numbering_is_not_duplicate(nghia_dan):
    assert not [p for p in nghia_dan.problems if p.code == "duplicate-task"]
    identities = [t.identity for t in nghia_dan.tasks]
    assert len(identities) == len(set(identities)) == len(nghia_dan.tasks) == 37
    # "1" starts sections I, II, IV, 5.1-5.5, VI and VIII.
    assert Counter(t.stt for t in nghia_dan.tasks)["1"] == 10


def test_nghia_dan_sub_sections_kept(nghia_dan):
    subs = [s for s in nghia_dan.sections if s.parent == "V"]
    assert [s.label for s in subs] == ["5.1", "5.2", "5.3", "5.4", "5.5"]
    assert subs[2].title == "Dịch vụ số"  # "<i>Dịch vụ số</i>" cleaned
    assert _task(nghia_dan, "3", "5.1").deadline.due == date(2026, 12, 31)


def test_nghia_dan_missing_lead_names_the_stand_in(nghia_dan):
    missing = [p for p in nghia_dan.problems if p.code == "missing-column"]
    assert len(missing) == 1
    assert missing[0].severity == "error"
    assert "Cơ quan chủ trì" in missing[0].message
    assert "Trực tiếp chỉ đạo" in missing[0].message
    # Tasks are still read, with the director column kept.
    assert _task(nghia_dan, "1", "I").director == "BTV Đảng ủy"


def test_nghia_dan_phased_deadline(nghia_dan):
    task = _task(nghia_dan, "10", "III")
    assert task.deadline.kind == "phased"
    assert task.deadline.due == date(2026, 1, 31)


def test_nghe_an_dated_deadlines_in_2025(nghe_an):
    assert len(nghe_an.tasks) == 35
    assert _task(nghe_an, "2", "II").deadline.due == date(2025, 12, 31)
    assert _task(nghe_an, "16", "II").deadline.due == date(2025, 9, 30)
    assert _task(nghe_an, "16", "II").note == "Đã hoàn thành"


def test_nghe_an_note_rows_are_section_notes_not_tasks(nghe_an):
    assert not any(t.name.startswith("Nhiệm vụ trọng tâm") for t in nghe_an.tasks)
    second = next(s for s in nghe_an.sections if s.label == "II")
    assert second.notes and second.notes[0].startswith("Nhiệm vụ trọng tâm, xuyên suốt:")


def test_nghe_an_html_cleaned_and_continuation_joined(nghe_an):
    task = _task(nghe_an, "2", "II")
    assert "<p>" not in task.name and "</p>" not in task.name
    task3 = _task(nghe_an, "3", "I")
    assert task3.partners.endswith("(Trung tâm phục vụ hành chính công tỉnh), Các sở, ban, ngành")


@pytest.mark.parametrize("key", ["loi_bac", "nghia_dan", "nghe_an"])
def test_every_problem_points_at_a_sheet_and_cell(seed_books, key):
    report = read_commune(seed_books[key], as_of=date(2026, 11, 20))
    for p in report.problems:
        assert p.file == f"{key}.xlsx"
        assert p.sheet == "Nhiệm vụ"
        assert p.cell and p.cell[0].isalpha() and p.cell[-1].isdigit(), p
