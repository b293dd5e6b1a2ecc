"""The province's review register, round trip: review in "Thẩm định", rerun, verdicts
applied; evidence changed, verdict reopened; the commune's own column never wins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from nq57xl.assess.review import FAILED, MORE, PASSED, PENDING, evidence_fingerprint, read_verdict
from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.province.roster import official_roster
from nq57xl.records import Metadata
from nq57xl.template.build import build_template
from tests.conftest import task_rows

AS_OF = date(2026, 12, 1)
NGHE_AN = official_roster("Nghệ An")[:2]


def _book(folder: Path, i: int, rows: list[dict]) -> None:
    entry = NGHE_AN[i]
    meta = Metadata(commune=entry.name, province="Nghệ An", commune_code=entry.code,
                    period="Tháng 11/2026", report_date=date(2026, 11, 15),
                    plan_date=date(2026, 1, 15))
    build_template(folder / f"xa_{i}.xlsx", metadata=meta, rows=rows)


def _run(folder: Path, out: Path):
    outcome = run_consolidation(folder, out, as_of=AS_OF, province="Nghệ An")
    assert outcome.exit_code in (0, 1), outcome.lines
    tasks = outcome.result.tasks
    status = {(r["code"], r["stt"]): (r["status"], bool(r["red_flag"])) for _, r in tasks.iterrows()}
    return outcome, status


def _sheet(out: Path) -> tuple[openpyxl.Workbook, dict[tuple[str, str], int], dict[str, int]]:
    wb = openpyxl.load_workbook(out)
    ws = wb["Thẩm định"]
    header = next(r for r in range(1, 15) if ws.cell(r, 1).value == "Xã/phường")
    cols = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {(ws.cell(r, cols["Mã xã"]).value, ws.cell(r, cols["STT"]).value): r
            for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    return wb, rows, cols


def test_round_trip(tmp_path):
    folder, out = tmp_path / "xa", tmp_path / "tong_hop.xlsx"
    folder.mkdir()
    first, second = NGHE_AN[0].code, NGHE_AN[1].code
    _book(folder, 0, task_rows(3))
    own = task_rows(1)
    own[1]["review"] = "Không đạt"  # the commune's own column
    _book(folder, 1, own)

    outcome, status = _run(folder, out)
    assert status[(second, "1")][0] == "Chờ hoàn thiện"  # no verdict yet: the commune's column
    wb, rows, cols = _sheet(out)
    assert set(rows) == {(first, "1"), (first, "2"), (first, "3"), (second, "1")}
    ws = wb["Thẩm định"]
    assert {ws.cell(r, cols["Kết quả thẩm định của tỉnh"]).value for r in rows.values()} == {PENDING}
    assert ws.cell(rows[(first, "1")], cols["Mã minh chứng"]).value == evidence_fingerprint("1/BC-UBND")
    assert any("4 nhiệm vụ chờ thẩm định" in line for line in outcome.lines)

    # The reviewer's verdicts, written in the summary and saved.
    for key, verdict, reason in [((first, "1"), FAILED, "Văn bản không đúng nội dung"),
                                 ((first, "2"), PASSED, None), ((second, "1"), PASSED, None)]:
        ws.cell(rows[key], cols["Kết quả thẩm định của tỉnh"]).value = verdict
        ws.cell(rows[key], cols["Lý do, yêu cầu bổ sung"]).value = reason
    wb.save(out)

    outcome, status = _run(folder, out)
    assert status[(first, "1")] == ("Chờ hoàn thiện", True)
    assert status[(first, "2")] == ("Hoàn thành đúng hạn", False)
    assert status[(first, "3")] == ("Hoàn thành đúng hạn", False)  # pending: counts as done
    assert status[(second, "1")] == ("Hoàn thành đúng hạn", False)  # the province's Đạt wins
    communes = outcome.result.communes.set_index("code")
    assert communes.loc[first, "on_time_rate"] == pytest.approx(2 / 3)
    reason = outcome.result.tasks.set_index(["code", "stt"]).loc[(first, "1"), "reason"]
    assert reason == "Tỉnh thẩm định: Không đạt (Văn bản không đúng nội dung)"
    wb, rows, cols = _sheet(out)  # the verdicts survive the rerun
    ws = wb["Thẩm định"]
    assert ws.cell(rows[(first, "1")], cols["Kết quả thẩm định của tỉnh"]).value == FAILED
    assert ws.cell(rows[(first, "3")], cols["Kết quả thẩm định của tỉnh"]).value == PENDING

    # The commune sends new evidence for task 1: the verdict no longer holds.
    changed = task_rows(3)
    changed[1]["evidence"] = "25/QĐ-UBND ngày 20/6/2026"
    _book(folder, 0, changed)
    outcome, status = _run(folder, out)
    assert status[(first, "1")] == ("Hoàn thành đúng hạn", False)
    assert status[(first, "2")] == ("Hoàn thành đúng hạn", False)
    wb, rows, cols = _sheet(out)
    ws = wb["Thẩm định"]
    assert ws.cell(rows[(first, "1")], cols["Kết quả thẩm định của tỉnh"]).value == PENDING
    assert ws.cell(rows[(first, "1")], cols["Lý do, yêu cầu bổ sung"]).value == \
        "Minh chứng mới, cần thẩm định lại"
    assert ws.cell(rows[(first, "2")], cols["Kết quả thẩm định của tỉnh"]).value == PASSED


@pytest.mark.parametrize(("typed", "verdict"), [
    ("Đạt", PASSED), ("đạt", PASSED), (" Không  đạt ", FAILED), ("Cần bổ sung", MORE),
    ("Chờ thẩm định", None), ("", None), (None, None), ("OK", None),
])
def test_read_verdict(typed, verdict):
    assert read_verdict(typed) == verdict


def test_more_evidence_asked_is_not_done_and_not_red(tmp_path):
    folder, out = tmp_path / "xa", tmp_path / "tong_hop.xlsx"
    folder.mkdir()
    _book(folder, 0, task_rows(1))
    _run(folder, out)
    wb, rows, cols = _sheet(out)
    wb["Thẩm định"].cell(rows[(NGHE_AN[0].code, "1")], cols["Kết quả thẩm định của tỉnh"]).value = MORE
    wb.save(out)
    _, status = _run(folder, out)
    assert status[(NGHE_AN[0].code, "1")] == ("Chờ hoàn thiện", False)


def test_register_file_beside_the_summary(tmp_path):
    folder, out = tmp_path / "xa", tmp_path / "tong_hop.xlsx"
    folder.mkdir()
    _book(folder, 0, task_rows(1))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Thẩm định"
    ws.append(["Mã xã", "Mục", "STT", "Mã minh chứng", "Kết quả thẩm định của tỉnh",
               "Lý do, yêu cầu bổ sung"])
    ws.append([NGHE_AN[0].code, "I", "1", evidence_fingerprint("1/BC-UBND"), "Không đạt",
               "Thiếu chữ ký"])
    wb.save(tmp_path / "so_tham_dinh.xlsx")
    _, status = _run(folder, out)
    assert status[(NGHE_AN[0].code, "1")] == ("Chờ hoàn thiện", True)
