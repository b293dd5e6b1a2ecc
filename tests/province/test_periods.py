"""Reporting periods: kinds and deadlines, the period taken from the files, files of
another period or another province left out, report dates after the as-of date."""

from __future__ import annotations

import email
import json
from datetime import date
from email import policy
from pathlib import Path

import openpyxl
import pytest

from nq57xl.assess.status import Settings
from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.jobs.demo import build_demo
from nq57xl.mail.remind import write_reminders
from nq57xl.province.consolidate import consolidate
from nq57xl.province.periods import (
    PeriodError,
    closing_date,
    next_period,
    parse_period,
    period_deadline,
    require_period,
)
from nq57xl.province.roster import official_roster
from nq57xl.read.commune import read_commune
from nq57xl.records import Metadata
from nq57xl.template.build import build_template
from tests.conftest import task_rows

AS_OF = date(2026, 12, 1)
NGHE_AN = official_roster("Nghệ An")[:4]


@pytest.mark.parametrize(("text", "label", "deadline", "closing"), [
    ("Tháng 11/2026", "Tháng 11/2026", date(2026, 11, 20), date(2026, 11, 14)),
    ("tháng 11 năm 2026", "Tháng 11/2026", date(2026, 11, 20), date(2026, 11, 14)),
    ("11/2026", "Tháng 11/2026", date(2026, 11, 20), date(2026, 11, 14)),
    ("Tháng 02/2026", "Tháng 2/2026", date(2026, 2, 20), date(2026, 2, 14)),
    ("Quý IV/2026", "Quý IV/2026", date(2026, 12, 10), date(2026, 12, 9)),
    ("Quý 1 năm 2026", "Quý I/2026", date(2026, 3, 10), date(2026, 3, 9)),
    ("6 tháng đầu năm 2026", "6 tháng đầu năm 2026", date(2026, 6, 10), date(2026, 6, 9)),
    ("6 tháng cuối năm 2026", "6 tháng cuối năm 2026", date(2026, 11, 30), date(2026, 11, 14)),
    ("Năm 2026", "Năm 2026", date(2026, 11, 30), date(2026, 11, 14)),
    ("Đột xuất theo Công văn 12/SKHCN", "Đột xuất theo Công văn 12/SKHCN", None, None),
])
def test_period_kinds_and_deadlines(text, label, deadline, closing):
    period = parse_period(text)
    assert period is not None and period.label == label
    assert period_deadline(period, AS_OF) == deadline
    assert closing_date(period, AS_OF) == closing


@pytest.mark.parametrize(("text", "after"), [
    ("Tháng 12/2026", "Tháng 1/2027"), ("Quý IV/2026", "Quý I/2027"),
    ("6 tháng đầu năm 2026", "6 tháng cuối năm 2026"), ("Năm 2026", "Năm 2027"),
])
def test_next_period(text, after):
    assert next_period(parse_period(text)).label == after


def test_deadline_days_are_settings():
    settings = Settings(report_day=25, quarter_day=5, year_due=(15, 12))
    assert period_deadline(parse_period("Tháng 11/2026"), AS_OF, settings) == date(2026, 11, 25)
    assert period_deadline(parse_period("Quý IV/2026"), AS_OF, settings) == date(2026, 12, 5)
    assert period_deadline(parse_period("Năm 2026"), AS_OF, settings) == date(2026, 12, 15)
    labels = dict(Settings().as_rows())
    assert labels["Hạn nộp báo cáo năm (year_due)"] == "30/11"


@pytest.mark.parametrize("text", ["Tháng 13/2026", "tháng mười một", "kỳ này"])
def test_unreadable_period_is_an_error(text, tmp_path):
    with pytest.raises(PeriodError, match="Không hiểu kỳ báo cáo"):
        require_period(text)
    outcome = run_consolidation(tmp_path, tmp_path.parent / "out.xlsx", as_of=AS_OF, period=text)
    assert outcome.exit_code == 2 and "Không hiểu kỳ báo cáo" in outcome.lines[0]


def _file(folder: Path, i: int, period: str | None, report: date, *, name: str | None = None,
          province: str = "Nghệ An", code: str | None = None, n_done: int = 2) -> str:
    entry = NGHE_AN[i]
    meta = Metadata(commune=name or entry.name, province=province,
                    commune_code=code if name else entry.code, period=period,
                    report_date=report, plan_date=date(2026, 1, 15))
    file = f"xa_{i}_{(period or 'none').replace('/', '_').replace(' ', '_')}.xlsx"
    build_template(folder / file, metadata=meta, rows=task_rows(n_done))
    return file


def test_period_taken_from_files_and_other_period_left_out(tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    _file(folder, 0, "Tháng 11/2026", date(2026, 11, 15))
    _file(folder, 1, "tháng 11 năm 2026", date(2026, 11, 25))  # late: after 20/11
    last_month = _file(folder, 2, "Tháng 10/2026", date(2026, 10, 18))
    result = consolidate(folder, as_of=AS_OF, province="Nghệ An")
    assert result.period == "Tháng 11/2026"
    assert result.overview["late"] == 1 and result.overview["submitted"] == 2
    assert set(result.tasks["file"]) == {"xa_0_Tháng_11_2026.xlsx", "xa_1_tháng_11_năm_2026.xlsx"}
    issue = result.issues[result.issues["issue_code"] == "other-period"].iloc[0]
    assert (issue["file"], issue["sheet"], issue["cell"]) == (last_month, "Thông tin", _cell(folder / last_month, "Kỳ báo cáo"))
    assert "Tháng 10/2026" in issue["message"] and "Tháng 11/2026" in issue["message"]
    assert NGHE_AN[2].name in set(result.missing["commune"])  # November's report is missing
    outcome = dict(zip(result.files["file"], result.files["outcome"]))
    assert outcome[last_month] == "Bỏ qua: báo cáo kỳ Tháng 10/2026, không phải Tháng 11/2026"


def _body(path: Path) -> str:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def _cell(path: Path, label: str) -> str:
    ws = openpyxl.load_workbook(path)["Thông tin"]
    return next(row[1].coordinate for row in ws.iter_rows() if row[0].value == label)


def test_given_period_wins_and_quarter_deadline(tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    _file(folder, 0, "Quý IV/2026", date(2026, 12, 9))
    _file(folder, 1, "Quý IV/2026", date(2026, 12, 11))  # after the 10th of December
    _file(folder, 2, "Tháng 11/2026", date(2026, 11, 15))
    result = consolidate(folder, as_of=date(2026, 12, 12), province="Nghệ An", period="Quý 4/2026")
    assert result.period == "Quý IV/2026"
    late = result.issues[result.issues["issue_code"] == "late-report"]
    assert list(late["file"]) == ["xa_1_Quý_IV_2026.xlsx"]
    assert "10/12/2026" in late.iloc[0]["message"]
    assert list(result.issues[result.issues["issue_code"] == "other-period"]["file"]) == \
        ["xa_2_Tháng_11_2026.xlsx"]


def test_bad_period_in_a_file_is_reported_and_the_file_kept(tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    _file(folder, 0, "Tháng 11/2026", date(2026, 11, 15))
    odd = _file(folder, 1, "kỳ này", date(2026, 11, 15))
    result = consolidate(folder, as_of=AS_OF, province="Nghệ An")
    bad = result.issues[result.issues["issue_code"] == "bad-period"].iloc[0]
    assert (bad["file"], bad["sheet"], bad["cell"]) == (odd, "Thông tin", _cell(folder / odd, "Kỳ báo cáo"))
    assert odd in set(result.tasks["file"])


def test_report_date_after_as_of_is_a_warning(tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    future = _file(folder, 0, "Tháng 11/2026", date(2026, 12, 16))
    result = consolidate(folder, as_of=AS_OF, province="Nghệ An")
    found = result.issues[result.issues["issue_code"] == "report-date-in-future"].iloc[0]
    assert (found["file"], found["sheet"], found["cell"], found["severity"]) == \
        (future, "Thông tin", _cell(folder / future, "Ngày báo cáo"), "warning")
    assert "16/12/2026" in found["message"] and "01/12/2026" in found["message"]


@pytest.mark.parametrize(("code", "province"), [(None, "Lạng Sơn"), ("06085", None)])
def test_commune_of_another_province_left_out(tmp_path, code, province):
    folder = tmp_path / "xa"
    folder.mkdir()
    _file(folder, 0, "Tháng 11/2026", date(2026, 11, 15))
    name = "Lợi Bác" if code is None else "Thiện Hoà"
    foreign = _file(folder, 1, "Tháng 11/2026", date(2026, 11, 15), name=name,
                    province=province or "", code=code, n_done=5)
    result = consolidate(folder, as_of=AS_OF, province="Nghệ An")
    assert foreign not in set(result.tasks["file"])
    assert name not in set(result.communes["commune"])
    assert result.overview["tasks"] == 5 and result.overview["not_on_roster"] == 0
    codes = set(result.issues[result.issues["file"] == foreign]["issue_code"])
    assert "other-province" in codes and "not-on-roster" not in codes
    message = result.issues[result.issues["issue_code"] == "other-province"].iloc[0]["message"]
    assert "Tỉnh Lạng Sơn" in message and "Tỉnh Nghệ An" in message


def test_summary_prints_period_deadline_and_closing(tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    _file(folder, 0, "Tháng 11/2026", date(2026, 11, 15))
    out = tmp_path / "tong_hop.xlsx"
    outcome = run_consolidation(folder, out, as_of=AS_OF, province="Nghệ An")
    assert "Kỳ báo cáo: Tháng 11/2026; hạn nộp: 20/11/2026." in outcome.lines
    ws = openpyxl.load_workbook(out)["Thông tin"]
    pairs = {row[0].value: row[1].value for row in ws.iter_rows() if row[0].value}
    assert pairs["Kỳ báo cáo"] == "Tháng 11/2026"
    assert pairs["Hạn nộp báo cáo của kỳ"] == "20/11/2026"
    assert pairs["Ngày chốt số liệu của kỳ"] == "14/11/2026"
    assert pairs["Hạn nộp báo cáo 6 tháng (half_year_due)"] == "10/6"


def test_reminders_name_the_period_and_its_deadline(tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    _file(folder, 0, "Tháng 11/2026", date(2026, 11, 15))
    _file(folder, 1, "Tháng 11/2026", date(2026, 11, 25))
    out, data_path = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    run_consolidation(folder, out, as_of=AS_OF, province="Nghệ An", json_path=str(data_path))
    data = json.loads(data_path.read_text(encoding="utf-8"))
    reminders = write_reminders(data, tmp_path / "nhac")
    missing = next(r for r in reminders.items if r.commune == NGHE_AN[2].name)
    text = _body(missing.path)
    assert "tháng 11/2026" in text and "20/11/2026" in text and "đã quá hạn 11 ngày" in text
    assert "còn" not in text.split("Hạn nộp báo cáo")[1].split(".")[0]
    late = next(r for r in reminders.items if r.commune == NGHE_AN[1].name)
    late_text = _body(late.path)
    assert "20/11/2026" in late_text and "hạn nộp kỳ tới là ngày 20/12/2026" in late_text


def test_quarterly_reminder_uses_the_quarter_deadline(tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    _file(folder, 0, "Quý IV/2026", date(2026, 12, 5))
    data_path = tmp_path / "tong_hop.json"
    run_consolidation(folder, tmp_path / "tong_hop.xlsx", as_of=AS_OF, province="Nghệ An",
                      json_path=str(data_path))
    data = json.loads(data_path.read_text(encoding="utf-8"))
    text = _body(write_reminders(data, tmp_path / "nhac").items[0].path)
    assert "quý IV/2026" in text
    assert "10/12/2026" in text and "tháng cuối quý" in text and "còn 9 ngày" in text


def test_demo_reports_last_month_dated_before_as_of(tmp_path):
    built = build_demo(tmp_path, as_of=AS_OF, communes=12)
    assert built.period == "Tháng 11/2026" and built.summary_name == "tong_hop_2026_11.xlsx"
    reports = [read_commune(p) for p in sorted(built.folder.glob("*.xlsx"))
               if not p.name.startswith("~$")]
    dates = [r.metadata.report_date for r in reports if r.metadata.report_date]
    assert dates and max(dates) <= AS_OF
    result = consolidate(built.folder, as_of=AS_OF, province="Nghệ An")
    assert result.period == "Tháng 11/2026"
    assert result.overview["late"] == 1
    assert set(result.issues["issue_code"]) >= {"other-period", "other-province", "late-report"}
    assert "report-date-in-future" not in set(result.issues["issue_code"])
