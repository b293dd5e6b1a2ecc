"""``nq57xl report``: the province's Word report, read back with python-docx."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from nq57xl.assess.status import DONE_LATE, DONE_ON_TIME, OVERDUE, format_number
from nq57xl.cli.commands import app
from nq57xl.province.roster import official_roster
from nq57xl.records import Metadata
from nq57xl.template.build import build_template
from tests.office import Office

runner = CliRunner()
PROVINCE = "Lạng Sơn"
AS_OF = "2026-11-23"
OBSTACLE = "Thiếu kinh phí mua thiết bị"


def communes(folder: Path, n: int = 4) -> list[str]:
    """``n`` commune workbooks with done, overdue and running tasks, and one obstacle."""
    names = []
    for i, entry in enumerate(official_roster(PROVINCE)[:n]):
        rows = [
            {"stt": "1", "name": "Nhiệm vụ hoàn thành", "lead": "Công an xã",
             "deadline": "Tháng 9/2026", "state": "Đã hoàn thành", "progress": 100,
             "done_date": date(2026, 9, 20), "evidence": f"QĐ số {i + 1}/QĐ-UBND",
             "updated": date(2026, 11, 10)},
            {"stt": "2", "name": "Nhiệm vụ số hoá hồ sơ", "lead": "Văn phòng HĐND và UBND",
             "deadline": "Tháng 8/2026", "state": "Đang thực hiện", "progress": 30 + i,
             "updated": date(2026, 11, 10), "issues": OBSTACLE if i == 0 else None},
            {"stt": "3", "name": "Nhiệm vụ đang làm", "lead": "Công an xã",
             "deadline": "Quý IV/2026", "state": "Đang thực hiện", "progress": 60,
             "updated": date(2026, 11, 10)},
        ]
        build_template(folder / f"xa_{i:02d}.xlsx", metadata=Metadata(
            commune=entry.name, commune_code=entry.code, province=PROVINCE,
            report_date=date(2026, 11, 15)), rows=rows)
        names.append(entry.name)
    return names


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "bao_cao_xa"
    reports.mkdir()
    communes(reports)
    return reports


def report(folder: Path, output: Path, *extra: str):
    return runner.invoke(app, ["report", str(folder), "-o", str(output), "--as-of", AS_OF,
                               "--province", PROVINCE, *extra])


def consolidate_json(folder: Path, out: Path) -> dict:
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(out / "th.xlsx"),
                                 "--json", str(out / "th.json"), "--as-of", AS_OF,
                                 "--province", PROVINCE])
    assert result.exit_code in (0, 1), result.output
    return json.loads((out / "th.json").read_text(encoding="utf-8"))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def section(document, first: str, last: str | None) -> list:
    """The paragraphs from the heading starting ``first`` to the one starting ``last``."""
    paras = document.paragraphs
    start = next(i for i, p in enumerate(paras) if p.text.startswith(first))
    end = next((i for i, p in enumerate(paras) if last and p.text.startswith(last)), len(paras))
    return paras[start:end]


def pct(rate: float | None) -> str:
    return "—" if rate is None else f"{format_number(rate * 100)}%"


def test_report_layout_and_figures(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "ra"
    out.mkdir()
    data = consolidate_json(folder, out)
    target = out / "BAO_CAO.docx"
    result = report(folder, target)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))

    section_ = document.sections[0]
    assert round(section_.page_width.mm) == 210 and round(section_.page_height.mm) == 297
    assert 20 <= round(section_.top_margin.mm) <= 25 and 20 <= round(section_.bottom_margin.mm) <= 25
    assert 30 <= round(section_.left_margin.mm) <= 35 and 15 <= round(section_.right_margin.mm) <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= document.styles["Normal"].font.size.pt <= 14
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert runs and all(r.font.name in (None, "Times New Roman") for r in runs)

    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "UBND TỈNH LẠNG SƠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: ……/BC-SKHCN"]
    assert left.paragraphs[1].runs[0].bold
    assert [p.text for p in right.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Lạng Sơn, ngày 23 tháng 11 năm 2026"]
    assert right.paragraphs[0].runs[0].bold and right.paragraphs[1].runs[0].bold
    assert right.paragraphs[2].runs[0].italic
    assert "w:val=\"nil\"" in header._tbl.xml

    paras = texts(document)
    assert paras[paras.index("BÁO CÁO") + 1].startswith(
        "Tình hình thực hiện Nghị quyết số 57-NQ/TW")

    ov, totals = data["overview"], data["status_totals"]
    one = "\n".join(p.text for p in section(document, "I. ", "II. "))
    done = totals[DONE_ON_TIME] + totals[DONE_LATE]
    assert ov["due_tasks"] > 0 and ov["on_time_rate"] is not None and done > 0
    for expected in (f"Số xã, phường đã nộp báo cáo: {ov['submitted']}/{ov['expected']}.",
                     f"Tổng số nhiệm vụ: {ov['tasks']}.",
                     f"Số nhiệm vụ đã đến hạn: {ov['due_tasks']}.",
                     f"Tỷ lệ hoàn thành đúng hạn: {pct(ov['on_time_rate'])}.",
                     f"Tỷ lệ hoàn thành: {pct(ov['completion_rate'])}.",
                     f"Số nhiệm vụ đã hoàn thành: {done}.",
                     f"Trong đó hoàn thành đúng hạn: {totals[DONE_ON_TIME]}.",
                     f"Hoàn thành quá hạn: {totals[DONE_LATE]}."):
        assert expected in one
    ranked = sorted((c for c in data["communes"] if c.get("rank")), key=lambda c: c["rank"])
    for c in ranked[:5]:
        assert c["commune"] in one

    two = "\n".join(p.text for p in section(document, "II. ", "III. "))
    assert f"Số cảnh báo đỏ: {ov['red_flags']}." in two
    assert f"Số nhiệm vụ quá hạn: {totals[OVERDUE]}." in two
    assert totals[OVERDUE] > 0 and "Nhiệm vụ số hoá hồ sơ" in two
    missing = data["missing"]
    assert len(missing) > 12 and f"Chưa nộp ({len(missing)})" in two
    assert all(name in two for name in missing[:12])
    assert f"và {len(missing) - 12} xã khác" in two

    three = "\n".join(p.text for p in section(document, "III. ", "IV. "))
    assert "Văn phòng HĐND và UBND" in three and OBSTACLE in three

    highlighted = [(i, r.text) for i, p in enumerate(document.paragraphs) for r in p.runs
                   if r.font.highlight_color is not None]
    four = section(document, "IV. ", None)
    start = len(document.paragraphs) - len(four)
    assert highlighted and all(i > start for i, _ in highlighted)
    assert all(re.fullmatch(r"\[.*\]", text) for _, text in highlighted)
    closing = document.tables[-1]
    assert "Nơi nhận:" in closing.cell(0, 0).text and "- Lưu: VT." in closing.cell(0, 0).text
    assert closing.cell(0, 1).paragraphs[0].text == "GIÁM ĐỐC"
    assert list(folder.iterdir()) and not list(folder.glob("*.docx"))


def test_exit_codes(folder: Path, tmp_path: Path) -> None:
    not_word = report(folder, tmp_path / "BAO_CAO.xlsx")
    assert not_word.exit_code == 2 and "phải có đuôi .docx" in not_word.output
    assert not (tmp_path / "BAO_CAO.xlsx").exists()
    inside = report(folder, folder / "BAO_CAO.docx")
    assert inside.exit_code == 2 and "thư mục báo cáo" in inside.output
    assert not (folder / "BAO_CAO.docx").exists()

    (folder / "hong.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "ra"
    out.mkdir()
    consolidated = runner.invoke(app, ["consolidate", str(folder), "-o", str(out / "th.xlsx"),
                                       "--as-of", AS_OF, "--province", PROVINCE])
    written = report(folder, out / "BAO_CAO.docx")
    assert consolidated.exit_code == written.exit_code == 1, written.output
    assert (out / "BAO_CAO.docx").exists()

    empty = tmp_path / "trong"
    empty.mkdir()
    nothing = report(empty, out / "KHONG.docx")
    assert nothing.exit_code == 2 and not (out / "KHONG.docx").exists()
    assert report(folder, out / "BAO_CAO.pdf").exit_code == 2


def test_report_opens_in_libreoffice(folder: Path, tmp_path: Path, office: Office) -> None:
    out = tmp_path / "ra"
    out.mkdir()
    assert report(folder, out / "BAO_CAO.docx").exit_code == 0
    office.convert(out / "BAO_CAO.docx", "pdf", out)
    pdf = out / "BAO_CAO.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
