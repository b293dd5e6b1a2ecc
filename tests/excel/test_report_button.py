"""The button «Soạn báo cáo», run through xlwings' remote engine (harness of test_buttons).

It consolidates the folder with the control sheet's settings and writes the province's
report beside the summary «Tổng hợp» writes; its figures are the summary's.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

pytest.importorskip("xlwings")

from nq57xl.excel import buttons as excel
from tests.excel.test_buttons import (  # noqa: E402,F401 (fixtures)
    Sheets, folder, inputs, messages, no_traceback, run, xlsm,
)


def test_report_beside_the_summary_with_the_summary_figures(run, folder: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "ket qua" / "tong_hop.xlsx"
    out.parent.mkdir()
    sheets = run(excel.report_button, inputs(folder, out))
    no_traceback(sheets)
    report = out.parent / "bao_cao_nq57_2026_11.docx"
    assert report.is_file(), messages(sheets)
    assert f"Đã ghi báo cáo: {report}" in messages(sheets)
    assert "Có 1 tệp có lỗi dữ liệu" in messages(sheets)  # hong.xlsx of the fixture
    assert not out.exists()  # the report does not write the summary
    run(excel.consolidate_button, inputs(folder, out))
    overview = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["overview"]
    text = [p.text for p in docx.Document(str(report)).paragraphs]
    assert overview["tasks"] > 0
    assert f"- Số xã, phường đã nộp báo cáo: {overview['submitted']}/{overview['expected']}." in text
    assert f"- Tổng số nhiệm vụ: {overview['tasks']}." in text
    assert sorted(p.name for p in folder.iterdir()) == ["hong.xlsx", "loi_bac.xlsx",
                                                        "quy_hoa.xlsx", "thien_hoa.xlsx"]


def test_report_refuses_the_reports_folder(run, folder: Path) -> None:
    sheets = run(excel.report_button, inputs(folder, folder / "tong_hop.xlsx"))
    no_traceback(sheets)
    assert "Không lưu bảng tổng hợp vào trong thư mục báo cáo" in messages(sheets)
    assert not list(folder.glob("*.docx"))


def test_report_without_files_says_so(run, tmp_path: Path) -> None:
    empty = tmp_path / "trong"
    empty.mkdir()
    sheets = run(excel.report_button, inputs(empty, tmp_path / "tong_hop.xlsx"))
    no_traceback(sheets)
    assert "Không có tệp báo cáo" in messages(sheets) or "không có tệp" in messages(sheets).lower()
    assert not list(tmp_path.glob("*.docx"))
