"""The feedback sheet and the template's guide print on A4 like the summary."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from nq57xl.mail.feedback import write_feedback
from nq57xl.mail.feedback_result import FEEDBACK_SHEET
from nq57xl.template.build import GUIDE_WIDTH, build_template
from tests.mail.test_feedback import planted
from tests.mail.test_mail import AS_OF
from tests.office import Office


def test_feedback_sheet_has_a_print_setup(tmp_path: Path) -> None:
    result = write_feedback(planted(tmp_path), tmp_path / "out", as_of=AS_OF)
    ws = openpyxl.load_workbook(result.output)[FEEDBACK_SHEET]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows and "Trang &P/&N" in ws.oddFooter.right.text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is not installed")
def test_template_guide_is_not_cut_at_the_edges(tmp_path: Path, office: Office) -> None:
    path = build_template(tmp_path / "mau.xlsx")
    office.convert(path, "pdf", tmp_path, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "mau.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO NGHỊ QUYẾT 57-NQ/TW" in text  # not cut on the left
    assert "1. Trang «Thông tin»" in text
    assert GUIDE_WIDTH <= 70
