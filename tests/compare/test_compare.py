"""Period over period: `consolidate --previous` and `nq57xl compare`.

Ten communes report in two periods; three carry planted changes, seven are unchanged
and give the ranking room for one commune to fall by more than five places.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.compare.changes import (
    ADDED, BETTER, BY_NUMBER, DEADLINE, EVIDENCE_REMOVED, NOT_DONE, PROGRESS_DOWN, RANK_MOVED, REMOVED, SEVERITY, WORSE, CommuneRecord, Snapshot, TaskRecord, compare_snapshots, match_tasks, task_changes,
)
from nq57xl.summary.changes_sheet import CHANGES_SHEET, TREND_SHEET
from nq57xl.compare.periods import load_snapshot
from nq57xl.records import Metadata
from nq57xl.assess.status import STATUSES
from nq57xl.template.build import build_template

runner = CliRunner()
NAMES = (
    "Ban hành kế hoạch thực hiện Nghị quyết 57-NQ/TW",
    "Tổ chức hội nghị quán triệt cho cán bộ chủ chốt",
    "Số hóa hồ sơ thủ tục hành chính tại bộ phận một cửa",
    "Triển khai nền tảng họp trực tuyến đến các thôn",
    "Tuyên truyền kỹ năng số cho người dân",
    "Xây dựng cơ sở dữ liệu đất đai của xã",
)
A, B, C = "Quang Trung", "Hồng Phong", "Tân Lập"
FILLERS = ("An Bình", "Bình Minh", "Đồng Tâm", "Hòa Lạc", "Kim Sơn", "Tân Tiến", "Yên Thế")
#: Every planted change, as (commune, section, STT, kind); STT of this period.
EXPECTED = {
    (A, None, None, RANK_MOVED),           # rank 1 (tied) -> 8
    (A, "I", "1", NOT_DONE),               # done -> not done ...
    (A, "I", "1", PROGRESS_DOWN),          # ... its progress 100 -> 90 with it
    (A, "I", "5", EVIDENCE_REMOVED),
    (B, "I", "2", BETTER),                 # overdue -> done late
    (B, "I", "4", DEADLINE),               # moved six months later
    (B, "I", "5", PROGRESS_DOWN),
    (B, "II", "1", ADDED),
    (C, "I", "2", WORSE),                  # review "Không đạt": done -> awaiting evidence
    (C, "I", "4", REMOVED),                # old I.4 dropped; old I.5 renumbered I.4
}
ATTENTION = {(A, "I", "1", NOT_DONE), (A, "I", "1", PROGRESS_DOWN),
             (A, "I", "5", EVIDENCE_REMOVED), (B, "I", "4", DEADLINE),
             (B, "I", "5", PROGRESS_DOWN)}
SECTION_I = {"section": "I", "title": "Chỉ đạo, điều hành"}


def done(stt: int, updated: date, **extra: object) -> dict:
    return {"stt": str(stt), "name": NAMES[stt - 1], "lead": "Văn phòng HĐND và UBND",
            "deadline": "Tháng 6/2026", "state": "Đã hoàn thành", "progress": 100,
            "done_date": date(2026, 6, 20), "evidence": f"{stt}/BC-UBND", "updated": updated,
            **extra}


def doing(stt: int, updated: date, deadline: str, **extra: object) -> dict:
    return {"stt": str(stt), "name": NAMES[stt - 1], "lead": "Phòng Văn hóa - Xã hội",
            "deadline": deadline, "state": "Đang thực hiện", "progress": 40,
            "updated": updated, **extra}


def rows_of(commune: str, period: int) -> list[dict]:
    up = date(2026, 10, 10) if period == 1 else date(2026, 11, 10)
    if commune == A:
        rows = [SECTION_I, done(1, up), done(2, up), done(3, up), doing(4, up, "Thường xuyên"),
                doing(5, up, "Thường xuyên", evidence="12/KH-UBND")]
        if period == 2:
            rows[1] = doing(1, up, "Tháng 6/2026", progress=90, evidence="1/BC-UBND")
            rows[5] = doing(5, up, "Thường xuyên")
        return rows
    if commune == B:
        rows = [SECTION_I, done(1, up), doing(2, up, "Tháng 6/2026", progress=50),
                doing(3, up, "Tháng 6/2026", progress=20), doing(4, up, "Tháng 12/2027"),
                doing(5, up, "Tháng 12/2027")]
        if period == 2:
            rows[2] = done(2, up, done_date=date(2026, 11, 5))
            rows[4] = doing(4, up, "Tháng 6/2028")
            rows[5] = doing(5, up, "Tháng 12/2027", progress=30)
            rows += [{"section": "II", "title": "Chuyển đổi số"},
                     {**doing(6, up, "Thường xuyên"), "stt": "1"}]
        return rows
    if commune == C:
        rows = [SECTION_I, done(1, up), done(2, up), doing(3, up, "Tháng 6/2026"),
                doing(4, up, "Thường xuyên"), doing(5, up, "Tháng 12/2027")]
        if period == 2:
            rows[2] = done(2, up, review="Không đạt")
            rows[4:] = [{**doing(5, up, "Tháng 12/2027"), "stt": "4"}]
        return rows
    return [SECTION_I, done(1, up), done(2, up), done(3, up), doing(4, up, "Thường xuyên"),
            doing(5, up, "Thường xuyên")]


CODES = {name: f"{90001 + i}" for i, name in enumerate((A, B, C, *FILLERS))}
#: Communes whose workbook carries its code; the others are matched by name.
WITH_CODE = {A, C, "An Bình", "Đồng Tâm", "Kim Sơn"}


def build_period(folder: Path, period: int) -> Path:
    report = date(2026, 10, 15) if period == 1 else date(2026, 11, 15)
    for i, name in enumerate((A, B, C, *FILLERS)):
        meta = Metadata(commune=name, province="Lạng Sơn", report_date=report,
                        commune_code=CODES[name] if name in WITH_CODE else None,
                        plan_date=date(2026, 1, 15))
        build_template(folder / f"xa_{i:02d}.xlsx", metadata=meta, rows=rows_of(name, period))
    return folder


@dataclass(frozen=True)
class Periods:
    root: Path
    p1_json: Path
    p1_xlsx: Path
    roster: Path
    folder2: Path
    p2: dict[str, tuple[object, dict, Path]]  # previous kind -> (CLI result, JSON, summary)


def consolidate(folder: Path, out: Path, roster: Path, as_of: str, period: str, *extra: str):
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of", as_of,
                                 "--province", "Lạng Sơn", "--roster", str(roster),
                                 "--period", period, "--json", str(out.with_suffix(".json")),
                                 *extra])
    return result


@pytest.fixture(scope="module")
def periods(tmp_path_factory: pytest.TempPathFactory) -> Periods:
    root = tmp_path_factory.mktemp("ky")
    roster = root / "ds.csv"
    roster.write_text("Mã xã;Tên xã\n" + "".join(f"{c};{n}\n" for n, c in CODES.items()),
                      encoding="utf-8")
    folder1 = build_period(root / "thang10", 1)
    folder2 = build_period(root / "thang11", 2)
    p1 = root / "tong_hop_10.xlsx"
    first = consolidate(folder1, p1, roster, "2026-10-23", "Tháng 10/2026")
    assert first.exit_code in (0, 1), first.output
    p2 = {}
    for kind, previous in (("json", p1.with_suffix(".json")), ("xlsx", p1)):
        out = root / f"tong_hop_11_{kind}.xlsx"
        result = consolidate(folder2, out, roster, "2026-11-23", "Tháng 11/2026",
                             "--previous", str(previous))
        assert out.exists(), result.output
        p2[kind] = (result, json.loads(out.with_suffix(".json").read_text(encoding="utf-8")), out)
    return Periods(root, p1.with_suffix(".json"), p1, roster, folder2, p2)


def keyset(rows: list[dict], *, attention: bool = False) -> set[tuple]:
    return {(r["commune"], r["section"], r["stt"], r["change"]) for r in rows
            if r["attention"] or not attention}


def sheet_rows(ws, first_header: str) -> list[dict]:
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    top = next(i for i, r in enumerate(values) if r and r[0] == first_header)
    headers = values[top]
    return [dict(zip(headers, r)) for r in values[top + 1:] if r and r[0]]


def workbook_changes(path: Path) -> list[dict]:
    rows = sheet_rows(openpyxl.load_workbook(path)[CHANGES_SHEET], "Xã/phường")
    return [{"commune": r["Xã/phường"], "section": r["Mục"], "stt": r["STT"],
             "change": r["Loại thay đổi"], "attention": r["Đáng chú ý"] == "x",
             "match": r["Cách ghép"], "previous": r["Giá trị kỳ trước"],
             "current": r["Giá trị kỳ này"], "previous_due": r["Hạn kỳ trước"]} for r in rows]


# ---------------------------------------------------------------- consolidate --previous
@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_consolidate_previous_finds_every_planted_change(periods, kind):
    result, data, _ = periods.p2[kind]
    assert result.exit_code in (0, 1), result.output
    changes = data["changes"]
    assert keyset(changes["rows"]) == EXPECTED
    assert keyset(changes["rows"], attention=True) == ATTENTION
    assert changes["total"] == len(EXPECTED) and changes["attention"] == len(ATTENTION)
    assert changes["previous"]["period"] == "Tháng 10/2026"
    assert changes["previous"]["as_of"] == "2026-10-23"
    assert changes["only_previous"] == [] and changes["only_current"] == []
    assert "10 thay đổi, 5 đáng chú ý" in result.output

    by_key = {(r["commune"], r["stt"], r["change"]): r for r in changes["rows"]}
    rank = by_key[A, None, RANK_MOVED]
    assert (rank["previous"], rank["current"], rank["attention"]) == ("1", "8", False)
    moved = by_key[B, "4", DEADLINE]
    assert (moved["previous"], moved["previous_due"]) == ("Tháng 12/2027", "2027-12-31")
    assert (moved["current"], moved["current_due"]) == ("Tháng 6/2028", "2028-06-30")
    assert by_key[B, "5", PROGRESS_DOWN]["previous"] == "40%"
    assert by_key[B, "5", PROGRESS_DOWN]["current"] == "30%"
    assert (by_key[C, "2", WORSE]["previous"], by_key[C, "2", WORSE]["current"]) == (
        "Hoàn thành đúng hạn", "Chờ hoàn thiện")
    assert (by_key[B, "2", BETTER]["previous"], by_key[B, "2", BETTER]["current"]) == (
        "Quá hạn", "Hoàn thành quá hạn")
    assert by_key[A, "1", NOT_DONE]["current"] == "Quá hạn"
    assert by_key[A, "5", EVIDENCE_REMOVED]["previous"] == "12/KH-UBND"
    assert by_key[B, "4", DEADLINE]["match"] == BY_NUMBER
    assert by_key[C, "4", REMOVED]["previous"] == "Thường xuyên"  # its status

    trend = {t["commune"]: t for t in changes["trend"]}
    assert len(trend) == 10
    assert (trend[A]["previous_rank"], trend[A]["rank"]) == (1, 8)
    assert trend[A]["previous_on_time_rate"] == 1.0
    assert trend[A]["on_time_change"] == pytest.approx(-1 / 3)
    assert trend["Kim Sơn"]["on_time_change"] == 0


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_summary_has_changes_sheet_and_trend(periods, kind):
    _, data, path = periods.p2[kind]
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    assert names.index(CHANGES_SHEET) == names.index("Lỗi dữ liệu") + 1
    assert names[-3:] == [CHANGES_SHEET, "Thay đổi so với lịch sử", "Thông tin"]  # history on
    rows = workbook_changes(path)
    assert keyset(rows) == EXPECTED and keyset(rows, attention=True) == ATTENTION
    matched = {r["match"] for r in rows if r["change"] not in (ADDED, REMOVED, RANK_MOVED)}
    assert matched == {BY_NUMBER}
    deadline = next(r for r in rows if r["change"] == DEADLINE)
    assert deadline["previous_due"].date() == date(2027, 12, 31)

    communes = {r["Xã/phường"]: r for r in sheet_rows(wb["Theo xã"], "Hạng")}
    assert communes[A]["Hạng kỳ trước"] == 1 and communes[A]["Hạng"] == 8
    assert communes[A]["Tỷ lệ đúng hạn kỳ trước"] == 1
    assert communes[A]["Thay đổi tỷ lệ đúng hạn"] == pytest.approx(-1 / 3)
    assert communes[B]["Tỷ lệ đúng hạn kỳ trước"] == pytest.approx(1 / 3)


def test_first_period_has_no_comparison(periods):
    data = json.loads(periods.p1_json.read_text(encoding="utf-8"))
    assert "changes" not in data
    wb = openpyxl.load_workbook(periods.p1_xlsx)
    assert CHANGES_SHEET not in wb.sheetnames
    headers = {c for r in wb["Theo xã"].iter_rows(max_row=6, values_only=True) for c in r}
    assert "Hạng kỳ trước" not in headers and "Tỷ lệ đúng hạn" in headers


def test_previous_unreadable_exits_2(periods, tmp_path):
    out = tmp_path / "t.xlsx"
    result = consolidate(periods.folder2, out, periods.roster, "2026-11-23", "Tháng 11/2026",
                         "--previous", str(tmp_path / "khong_co.json"))
    assert result.exit_code == 2
    assert "Không tìm thấy tệp" in result.output
    assert not out.exists()


# ---------------------------------------------------------------- nq57xl compare
def test_compare_json_to_stdout(periods):
    _, _, current = periods.p2["json"]
    result = runner.invoke(app, ["compare", str(periods.p1_json),
                                 str(current.with_suffix(".json")), "--json", "-"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert keyset(data["rows"]) == EXPECTED
    assert keyset(data["rows"], attention=True) == ATTENTION
    assert data["current"]["period"] == "Tháng 11/2026"
    assert data["counts"][PROGRESS_DOWN] == 2 and data["counts"][ADDED] == 1


def test_compare_workbooks_writes_changes_workbook(periods, tmp_path):
    _, _, current = periods.p2["xlsx"]
    out = tmp_path / "thay_doi.xlsx"
    result = runner.invoke(app, ["compare", str(periods.p1_xlsx), str(current), "-o", str(out),
                                 "--json", str(tmp_path / "thay_doi.json")])
    assert result.exit_code == 1, result.output
    assert "10 thay đổi, 5 đáng chú ý" in result.output
    assert f"! {A} — I.1" in result.output and "Tiến độ giảm (100% → 90%)" in result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [CHANGES_SHEET, TREND_SHEET]
    rows = workbook_changes(out)
    assert keyset(rows) == EXPECTED and keyset(rows, attention=True) == ATTENTION
    trend = {r["Xã/phường"]: r for r in sheet_rows(wb[TREND_SHEET], "Hạng")}
    assert trend[A]["Hạng kỳ trước"] == 1 and trend[A]["Hạng"] == 8
    saved = json.loads((tmp_path / "thay_doi.json").read_text(encoding="utf-8"))
    assert keyset(saved["rows"]) == EXPECTED


def test_same_period_in_both_formats_has_no_change(periods):
    for previous, current in ((periods.p1_json, periods.p1_xlsx),
                              (periods.p2["xlsx"][2], periods.p2["json"][2].with_suffix(".json"))):
        result = runner.invoke(app, ["compare", str(previous), str(current)])
        assert result.exit_code == 0, result.output
        assert "0 thay đổi" in result.output


def test_renumbered_task_matched_by_name(periods):
    comparison = compare_snapshots(load_snapshot(periods.p1_json),
                                   load_snapshot(periods.p2["json"][2].with_suffix(".json")))
    match = next(m for m in comparison.matches if m.commune == C and m.current
                 and m.current.stt == "4")
    assert match.previous.stt == "5" and match.how == "Tên nhiệm vụ (giống 100%)"
    assert sum(1 for m in comparison.matches if m.how) == 10 * 5 - 1  # all kept tasks matched


def test_compare_usage_errors(periods, tmp_path):
    bad_json = tmp_path / "hong.json"
    bad_json.write_text("{không phải json", encoding="utf-8")
    other_json = tmp_path / "khac.json"
    other_json.write_text('{"files": []}', encoding="utf-8")
    commune_book = next(periods.folder2.glob("*.xlsx"))  # a commune report, not a summary
    text = tmp_path / "ghi_chu.txt"
    text.write_text("x", encoding="utf-8")
    for previous in (tmp_path / "khong_co.json", bad_json, other_json, commune_book, text):
        result = runner.invoke(app, ["compare", str(previous), str(periods.p1_json)])
        assert result.exit_code == 2, (previous, result.output)
        assert "LỖI" in result.output
    result = runner.invoke(app, ["compare", str(periods.p1_json), str(periods.p1_json),
                                 "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "Trang «Nhiệm vụ»" in runner.invoke(
        app, ["compare", str(commune_book), str(periods.p1_json)]).output


# ---------------------------------------------------------------- matching and rules
def task(stt: str, name: str, section: str = "I", **extra: object) -> TaskRecord:
    values = {"commune": "X", "section": section, "stt": stt, "name": name,
              "deadline_text": "Tháng 12/2027", "due": date(2027, 12, 31),
              "status": "Đang thực hiện", "progress": 40.0, "evidence": None, **extra}
    return TaskRecord(**values)  # type: ignore[arg-type]


def test_insertion_renumbers_by_name_not_by_number():
    before = [task(str(i), n) for i, n in enumerate(NAMES[:4], start=1)]
    after = [before[0], task("2", NAMES[5]), *[task(str(i + 2), n) for i, n in
                                               enumerate(NAMES[1:4], start=1)]]
    pairs = match_tasks(before, after)
    assert pairs == [(0, 0, BY_NUMBER), (None, 1, ""),
                     (1, 2, "Tên nhiệm vụ (giống 100%)"), (2, 3, "Tên nhiệm vụ (giống 100%)"),
                     (3, 4, "Tên nhiệm vụ (giống 100%)")]


def test_reworded_and_renamed_tasks():
    before = [task("1", "Tổ chức hội nghị quán triệt cho cán bộ chủ chốt"),
              task("2", "Số hóa hồ sơ thủ tục hành chính")]
    after = [task("7", "Tổ  chức Hội nghị quán triệt cho cán bộ chủ chốt của xã"),
             task("2", "Một việc hoàn toàn khác")]
    (i, j, how), (k, m, how2) = match_tasks(before, after)
    assert (i, j) == (0, 0) and how.startswith("Tên nhiệm vụ (giống ") and how != \
        "Tên nhiệm vụ (giống 100%)"
    assert (k, m) == (1, 1) and how2.startswith("Mục + STT (tên giống ")


def test_ties_are_broken_by_position():
    before = [task("1", NAMES[0]), task("2", NAMES[0])]
    after = [task("8", NAMES[0]), task("9", NAMES[0])]
    assert [(i, j) for i, j, _ in match_tasks(before, after)] == [(0, 0), (1, 1)]


def test_change_rules():
    base = task("1", NAMES[0])
    earlier = task("1", NAMES[0], deadline_text="Tháng 6/2027", due=date(2027, 6, 30))
    assert task_changes(base, earlier) == [(DEADLINE, "Tháng 12/2027", "Tháng 6/2027", False)]
    dropped = task("1", NAMES[0], deadline_text="Thường xuyên", due=None, status="Thường xuyên")
    kinds = {(k, flag) for k, _, _, flag in task_changes(base, dropped)}
    assert kinds == {(BETTER, False), (DEADLINE, True)}
    claimed = task("1", NAMES[0], status="Chờ hoàn thiện", progress=100.0)
    assert [k for k, *_ in task_changes(claimed, base)] == [NOT_DONE, PROGRESS_DOWN]
    assert task_changes(base, base) == []
    assert sorted(SEVERITY) == sorted(STATUSES)
    assert SEVERITY[0] == "Hoàn thành đúng hạn" and SEVERITY[-1] == "Quá hạn"


def test_communes_paired_by_code_else_name():
    def snap(*communes: CommuneRecord) -> Snapshot:
        return Snapshot("s", None, None, communes, ())

    previous = snap(CommuneRecord("Xã Hoà An", None, 1, 1.0, True),
                    CommuneRecord("Bình Minh", "00002", 2, 0.5, True),
                    CommuneRecord("Tân Tiến", "00003", 3, 0.5, True))
    current = snap(CommuneRecord("Hòa An", "00001", 1, 1.0, True),
                   CommuneRecord("P. Bình Minh mới", "00002", 2, 0.5, True),
                   CommuneRecord("Tân Tiến", "00009", 3, 0.5, True))
    comparison = compare_snapshots(previous, current)
    trend = {t["commune"]: t["previous_rank"] for t in comparison.trend.to_dict("records")}
    assert trend == {"Hòa An": 1, "P. Bình Minh mới": 2, "Tân Tiến": None}
    assert comparison.only_previous == ("Tân Tiến",) and comparison.only_current == ("Tân Tiến",)


def test_inputs_are_left_alone(periods):
    """The period folders are inputs only: nothing is written next to the reports."""
    assert sorted(p.name for p in periods.folder2.iterdir()) == [f"xa_{i:02d}.xlsx"
                                                                 for i in range(10)]
