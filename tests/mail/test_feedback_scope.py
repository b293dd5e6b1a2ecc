"""Which files get feedback: errors only unless warnings are asked for; files left out of
the consolidation (another province, another period, superseded) get no commune draft."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.mail.feedback import write_feedbacks
from nq57xl.province.roster import official_roster
from nq57xl.records import Metadata
from nq57xl.template.build import build_template
from tests.conftest import task_rows

AS_OF = date(2026, 12, 1)
NGHE_AN = official_roster("Nghệ An")[:3]


def _book(folder: Path, file: str, name: str, province: str, code: str | None,
          rows: list[dict], period: str = "Tháng 11/2026") -> None:
    meta = Metadata(commune=name, province=province, commune_code=code, period=period,
                    report_date=date(2026, 11, 15), plan_date=date(2026, 1, 15),
                    email="ubnd@example.gov.vn")
    build_template(folder / file, metadata=meta, rows=rows)


def _with_error(rows: list[dict]) -> list[dict]:
    rows[1]["progress"] = 120
    return rows


def _warning_only(rows: list[dict]) -> list[dict]:
    rows[1].update(state="Đã hoàn thành", progress=100, done_date=date(2026, 6, 20), evidence=None)
    return rows


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "xa"
    folder.mkdir()
    _book(folder, "loi.xlsx", NGHE_AN[0].name, "Nghệ An", NGHE_AN[0].code, _with_error(task_rows(1)))
    _book(folder, "canh_bao.xlsx", NGHE_AN[1].name, "Nghệ An", NGHE_AN[1].code,
          _warning_only(task_rows(0)))
    _book(folder, "lang_son.xlsx", "Lợi Bác", "Lạng Sơn", None, _with_error(task_rows(1)))
    _book(folder, "thang_10.xlsx", NGHE_AN[2].name, "Nghệ An", NGHE_AN[2].code,
          _with_error(task_rows(1)), period="Tháng 10/2026")
    data = tmp_path / "tong_hop.json"
    run_consolidation(folder, tmp_path / "tong_hop.xlsx", as_of=AS_OF, province="Nghệ An",
                      json_path=str(data))
    return folder, data


def test_errors_only_unless_warnings_asked_for(tmp_path):
    folder, data = _folder(tmp_path)
    results = {r.name: r for r in write_feedbacks([folder], tmp_path / "ph", json_path=data)}
    assert results["loi.xlsx"].output is not None
    assert results["canh_bao.xlsx"].output is None and results["canh_bao.xlsx"].warnings >= 1
    again = {r.name: r for r in write_feedbacks([folder], tmp_path / "ph2", json_path=data,
                                                warnings=True)}
    assert again["canh_bao.xlsx"].output is not None and again["canh_bao.xlsx"].output.is_file()


def test_left_out_files_get_no_commune_draft(tmp_path):
    folder, data = _folder(tmp_path)
    results = {r.name: r for r in write_feedbacks([folder], tmp_path / "ph", json_path=data,
                                                  email=True)}
    assert results["loi.xlsx"].draft is not None and results["loi.xlsx"].draft.is_file()
    for left_out in ("lang_son.xlsx", "thang_10.xlsx"):
        assert results[left_out].draft is None
    assert not list((tmp_path / "ph").glob("lang_son*.eml"))
