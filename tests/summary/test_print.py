"""How the summary prints: the fit rule, the overview's story, and the demo's summary
through LibreOffice (one-page "Tổng quan", at most 12 pages printed by default)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.jobs.demo import PROVINCE, build_demo
from nq57xl.province.consolidation import LATE, MISSING, SUBMITTED
from nq57xl.summary.layout import FONT_SIZE
from nq57xl.summary.printing import LANDSCAPE_PT, MIN_FONT_PT, PORTRAIT_PT, column_points, fit
from nq57xl.summary.story import name_list, overdue_lines, ranking_lines, submission_lines
from tests.office import Office
from tests.summary.printed import printed_scale

DEFAULT_PRINT_PAGES = 12
#: "Chỉ tiêu" prints its table, then its bar chart on a page of its own.
INDICATOR_CHART_PAGES = 1


@pytest.mark.parametrize("widths", [[10] * 3, [12] * 12, [30] * 10, [8] * 27, [60] * 12])
def test_fit_never_prints_text_under_8_points(widths):
    shape = fit(widths)
    total = sum(column_points(w) for w in widths)
    room = LANDSCAPE_PT if shape.landscape else PORTRAIT_PT
    assert shape.scale * FONT_SIZE >= MIN_FONT_PT - 1e-9
    assert total * shape.scale <= shape.pages_wide * room + 1e-6
    assert shape.landscape == (total > PORTRAIT_PT)


def test_name_list_stops_after_a_dozen():
    names = [f"Xã {n}" for n in range(15)]
    assert name_list(names[:12]) == ", ".join(names[:12])
    assert name_list(names).endswith("Xã 11 và 3 xã khác")


def _communes() -> pd.DataFrame:
    rows = [("Xã A", SUBMITTED, False, 1, 0.9), ("Xã B", LATE, True, 2, 0.5),
            ("Xã C", SUBMITTED, False, 3, 0.1), ("Xã D", MISSING, None, None, None)]
    return pd.DataFrame(rows, columns=["commune", "submission", "late", "rank", "on_time_rate"])


def test_story_names_missing_late_best_and_worst():
    lines = submission_lines(_communes())
    assert lines == ["Chưa nộp (1): Xã D.", "Nộp muộn (1): Xã B."]
    best, worst = ranking_lines(_communes(), top=1)
    assert "Xã A (90%)" in best and "Xã C (10%)" in worst


def test_story_tasks_overdue_in_most_communes():
    alerts = pd.DataFrame({"commune": ["A", "B", "C", "A"], "name": ["Việc 1", "Việc 1", "Việc 2", "Việc 2"],
                           "status": ["Quá hạn", "Quá hạn", "Quá hạn", "Chậm tiến độ"]})
    assert overdue_lines(alerts) == ["- Việc 1: quá hạn ở 2 xã.", "- Việc 2: quá hạn ở 1 xã."]


@pytest.fixture(scope="module")
def demo_summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    day = date(2026, 11, 23)
    built = build_demo(out, as_of=day)
    summary = out / "tong_hop.xlsx"
    outcome = run_consolidation(built.folder, summary, as_of=day, province=PROVINCE,
                                period="Tháng 11/2026")
    assert outcome.exit_code in (0, 1), outcome.lines
    return summary


def test_demo_summary_print_setup(demo_summary: Path) -> None:
    book = openpyxl.load_workbook(demo_summary)
    for ws in book.worksheets:
        assert printed_scale(ws) * FONT_SIZE >= MIN_FONT_PT - 1e-9, ws.title
        assert "Tháng 11/2026" in ws.oddFooter.left.text, ws.title
    overview = [row for row in book["Tổng quan"].iter_rows(values_only=True)]
    text = "\n".join(str(v) for row in overview for v in row if v)
    assert "Chưa nộp (" in text and "dẫn đầu" in text and "quá hạn ở" in text
    assert "Xóa Vùng In" in text  # how to print the long lists


@pytest.mark.skipif(not shutil.which("pdfinfo") or not shutil.which("pdftotext"),
                    reason="poppler-utils (pdfinfo, pdftotext) are not installed")
def test_demo_summary_prints_in_at_most_12_pages(demo_summary: Path, tmp_path: Path,
                                                  office: Office) -> None:
    office.convert(demo_summary, "pdf", tmp_path, timeout=300)
    pdf = tmp_path / "tong_hop.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines()
                     if line.startswith("Pages:")))
    # One page a printed sheet ("Xu hướng" prints its province page), one page a bar chart
    # of "Biểu đồ" (the doughnut shares the first), and "Chỉ tiêu" its table then its chart;
    # the sheets to look things up in print nothing by default. The demo (130 communes,
    # five months of history): 8 sheets + 2 more chart pages + 1 indicator chart = 11 or 12.
    book = openpyxl.load_workbook(demo_summary)
    bars = len(book["Biểu đồ"]._charts) - 1
    unprinted = [ws.title for ws in book.worksheets if "không in khi in cả sổ" in " ".join(
        str(c.value) for row in ws.iter_rows(max_row=3) for c in row if c.value)]
    always = {"Nhiệm vụ", "Chỉ tiêu theo xã", "Thẩm định", "Lỗi dữ liệu", "Thông tin"}
    with_history = {"Thay đổi so với kỳ trước", "Thay đổi so với lịch sử"}
    assert always <= set(unprinted) <= always | with_history
    assert pages == (len(book.sheetnames) - len(unprinted) + max(bars, 1) - 1
                     + INDICATOR_CHART_PAGES), (pages, bars, book.sheetnames)
    assert pages <= DEFAULT_PRINT_PAGES
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for title in ("DANH SÁCH NHIỆM VỤ CỦA CÁC XÃ", "SỔ THẨM ĐỊNH", "THÔNG TIN VỀ LẦN TỔNG HỢP",
                  "LỖI VÀ CẢNH BÁO DỮ LIỆU", "TRẠNG THÁI CHỈ TIÊU THEO XÃ"):
        assert title not in text

    def page(n: int) -> str:
        return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page(1) and "GHI CHÚ" in page(1)
    assert "BIỂU ĐỒ TRẠNG THÁI NHIỆM VỤ" in page(2)  # "Tổng quan" is one page
    # Every submitted commune is named on its bar (LibreOffice drops every other label of
    # a crowded axis when a bar gets under about 15 px).
    # (pdftotext may split a word at its kerning, "Đô L ươ ng": compared without spaces)
    charts = "".join("".join(page(n) for n in range(2, 2 + bars)).split())
    names = []
    for chart in book["Biểu đồ"]._charts[1:]:
        ref = chart.series[0].cat.strRef.f or chart.series[0].cat.numRef.f
        sheet, cells = ref.rsplit("!", 1)
        names += [str(c.value) for row in book[sheet.strip("'")][cells.replace("$", "")]
                  for c in row]
    assert len(names) > 100
    assert [n for n in names if "".join(n.split()) not in charts] == []
