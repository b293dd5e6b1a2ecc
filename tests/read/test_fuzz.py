"""Fuzzing with hypothesis: random but valid workbooks keep the invariants; the deadline
parser and header matcher survive arbitrary text. Bounded by example counts, not time."""

from __future__ import annotations

import hashlib
import string
from datetime import date, datetime

import openpyxl
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import examples
from nq57xl.assess.assessment import assess
from nq57xl.read.deadlines import KINDS, parse_deadline
from nq57xl.read.headers import STANDARD_HEADERS, VARIANTS, match_header, strip_diacritics
from nq57xl.assess.status import STATUSES
from nq57xl.read.commune import read_commune

AS_OF = date(2026, 11, 20)
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
DEADLINES = ["Quý II/2026", "Tháng 6/2026", "31/12/2026", "Năm 2026", "Thường xuyên", "Sau khi Đề án được ban hành",
             "- Phê duyệt: Tháng 01/2026 - Thực hiện 2026", "sớm", "", "6 tháng đầu năm 2026"]
WORDS = ["Triển khai", "nền tảng", "số", "chuyển đổi", "dữ liệu", "Phòng", "Công an", "xã", "=SUM(A1)", "+1",
         "@cmd", "<p>html</p>", "$\\geq 80\\%$", "**đậm**", "¹"]


def header_text(key: str, draw) -> str:
    text = draw(st.sampled_from((STANDARD_HEADERS[key], *VARIANTS.get(key, ()))))
    style = draw(st.sampled_from(["same", "upper", "bare", "newline"]))
    if style == "upper":
        return text.upper()
    if style == "bare":
        return strip_diacritics(text)
    if style == "newline":
        return text.replace(" ", "\n", 1)
    return text


@st.composite
def workbooks(draw):
    keys = ["stt", "name", "lead", "deadline"] + draw(st.lists(
        st.sampled_from(["partners", "result", "note", "state", "progress", "done_date", "evidence", "updated"]),
        unique=True, max_size=5))
    order = draw(st.permutations(keys[1:]))
    keys = ["stt", *order]
    headers = [header_text(k, draw) for k in keys]
    titles = draw(st.integers(0, 3))
    rows: list[list[object]] = [["PHỤ LỤC"] for _ in range(titles)] + [headers]
    plan = draw(st.lists(st.sampled_from(["section", "task", "task", "task", "cont", "header", "noise", "blank"]),
                         min_size=1, max_size=25))
    expected = {"tasks": 0, "noise": 0}
    names: list[str] = []
    section = 0
    stt = 0
    previous = None
    for kind in plan:
        if kind == "cont" and previous not in ("task", "cont"):
            kind = "blank"
        if kind == "section" and section < len(ROMANS):
            rows.append([f"{ROMANS[section]}. Mục {section + 1}"] + [None] * (len(keys) - 1))
            section += 1
            stt = 0
        elif kind == "task":
            stt += 1
            name = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))) + f" #{len(names)}"
            names.append(name)
            row: list[object] = []
            for k in keys:
                if k == "stt":
                    row.append(draw(st.sampled_from([str(stt), f"{stt}.", stt])))
                elif k == "name":
                    row.append(name)
                elif k == "deadline":
                    row.append(draw(st.one_of(st.sampled_from(DEADLINES), st.just(datetime(2026, 6, 30)))))
                elif k == "progress":
                    row.append(draw(st.one_of(st.none(), st.integers(-5, 130), st.sampled_from(["50%", "abc", 0.5]))))
                elif k in ("done_date", "updated"):
                    row.append(draw(st.one_of(st.none(), st.just(datetime(2026, 3, 1)), st.sampled_from(["31/02/2026", "1/3/2026"]))))
                elif k == "state":
                    row.append(draw(st.sampled_from([None, "Đã hoàn thành", "Đang thực hiện", "xong rồi"])))
                else:
                    row.append(draw(st.sampled_from([None, *WORDS])))
            rows.append(row)
            expected["tasks"] += 1
        elif kind == "cont":  # continuation text goes in the name column (a text column)
            row = [None] * len(keys)
            row[keys.index("name")] = draw(st.sampled_from(WORDS))
            rows.append(row)
        elif kind == "header":
            rows.append(list(headers))
        elif kind == "noise":
            rows.append([draw(st.sampled_from(["#", "*", "x", "-"])), "dòng lạ " + draw(st.text(string.ascii_letters, max_size=8))])
            expected["noise"] += 1
        else:
            rows.append([])
        previous = kind
    return rows, expected, names


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workbooks())
def test_random_workbooks_keep_the_invariants(tmp_path_factory, data):
    rows, expected, names = data
    path = tmp_path_factory.mktemp("fuzz") / "xa.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value not in (None, ""):
                cell = ws.cell(r, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"
    wb.save(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    report = read_commune(path, as_of=AS_OF)
    # Every task row is a task; every noise row is reported with its text; nothing else lost.
    assert len(report.tasks) == expected["tasks"]
    unplaced = [p for p in report.problems if p.code == "unplaced-row"]
    assert len(unplaced) == expected["noise"]
    for i, task in enumerate(report.tasks):  # each task keeps its own text, in order
        assert f"#{i}" in task.name, (task.name, names[i])
    statuses = assess(report, AS_OF).statuses
    assert len(statuses) == len(report.tasks) and all(s.status in STATUSES for s in statuses)
    assert all(p.cell is None or p.cell[0].isalpha() for p in report.problems)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


FRAGMENTS = ["Quý", "Tháng", "Năm", "/", "2026", "I", "IV", "thường xuyên", "Sau khi", "Theo", "-", "Phê duyệt:",
             "6 tháng đầu năm", "ngày", " ", "¹", "31", "12", "02", "tháng/lần", "hằng", "0", "99"]


@settings(max_examples=examples(3000), deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=8).map("".join))
def test_fuzz_deadline_parser(text):
    d = parse_deadline(text)
    assert d.kind in KINDS
    assert (d.due is not None) == (d.kind in ("date", "phased"))
    if d.due is not None:
        assert 2000 <= d.due.year <= 2100


@settings(max_examples=examples(3000), deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(st.sampled_from([*STANDARD_HEADERS.values(), "\n", " ", "/", "(1)"]),
                                                 max_size=4).map(" ".join)))
def test_fuzz_header_matcher(text):
    m = match_header(text)
    assert m is None or m.key in STANDARD_HEADERS
