"""Links to commune files in the summary point only at workbooks inside the input folder.

A file name is a commune's choice: one named like a UNC path (``\\\\host\\share\\bc.xlsx``,
clicking it would send the officer's Windows login hash to that host), a drive, a
scheme or a way out of the folder (``..\\..\\Windows\\System32\\calc.exe``) is shown as
plain text, never linked."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path, PurePosixPath

import openpyxl
import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.records import Metadata
from nq57xl.summary.blocks import LINKED_SUFFIXES, link_url
from nq57xl.template.build import build_template
from tests.conftest import task_rows

runner = CliRunner()
AS_OF = date(2026, 11, 23)
#: Names a commune could give its file on a Linux or Mac share; each must stay text.
HOSTILE = [
    "\\\\host\\share\\bc.xlsx",
    "..\\..\\bc.xlsx",
    "..\\..\\Windows\\System32\\calc.exe",
    "C:\\bc\\x.xlsx",
    "C:x.xlsx",
    "file:x.xlsx",
    "http:evil.xlsx",
    "a#b.xlsx",
    "a%2e%2e.xlsx",
    "bc.xlsx:stream",
    "bao_cao.xlsx.exe",
    "bc.xlsx\\..\\..\\x.xlsx",
]
#: Names no folder listing gives, refused all the same.
NEVER_LISTED = [
    "/etc/bc.xlsx", "//host/share/bc.xlsx", "../bc.xlsx", "xa/../../bc.xlsx", "./bc.xlsx",
    "xa//bc.xlsx", "xa/", "", "bc.docx", "bc.xlsx.lnk", "bc\x00.xlsx", "bc\n.xlsx",
]


@pytest.mark.parametrize("name", HOSTILE + NEVER_LISTED)
def test_unsafe_names_are_not_linked(tmp_path, name):
    assert link_url(name, tmp_path / "tong_hop", tmp_path / "bao_cao") is None
    assert link_url(name, tmp_path) is None


@pytest.mark.parametrize("suffix", LINKED_SUFFIXES + (".XLSX",))
def test_workbooks_inside_the_folder_are_linked_relative_to_the_summary(tmp_path, suffix):
    url = link_url(f"xa/Lợi Bác{suffix}", tmp_path / "tong_hop", tmp_path / "bao_cao")
    assert url == "external:" + os.path.join("..", "bao_cao", "xa", f"Lợi Bác{suffix}")
    assert link_url(f"Lợi Bác{suffix}", tmp_path) == f"external:Lợi Bác{suffix}"


def commune(path: Path, name: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = Metadata(commune=name, province="Lạng Sơn", report_date=date(2026, 11, 15),
                    plan_date=date(2026, 1, 15))
    return build_template(path, metadata=meta, rows=task_rows(2))


def test_summary_links_only_workbooks_inside_the_input_folder(tmp_path):
    folder, out = tmp_path / "bao_cao", tmp_path / "tong_hop" / "tong_hop.xlsx"
    good = commune(folder / "xa" / "loi_bac.xlsx", "Lợi Bác")
    hostile = [n for n in HOSTILE if n.lower().endswith(LINKED_SUFFIXES)]
    for n, name in enumerate(hostile):  # on Linux "\\" and ":" are plain name characters
        commune(folder / name, f"Xã {n}")
    (folder / HOSTILE[2]).write_bytes(b"MZ")  # an executable, skipped and listed
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(out), "--as-of",
                                 AS_OF.isoformat(), "--province", "Lạng Sơn"])
    assert result.exit_code in (0, 1), result.output

    book = openpyxl.load_workbook(out)
    links, texts = [], {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.hyperlink is not None and cell.hyperlink.target:
                    links.append(cell.hyperlink.target)
                elif isinstance(cell.value, str):
                    texts.setdefault(cell.value, []).append(ws.title)
    assert links, "the good file is linked"
    for target in links:
        relative = PurePosixPath(target.replace("\\", "/"))
        assert not relative.is_absolute() and ":" not in target and not target.startswith("\\")
        resolved = (out.parent / relative).resolve()
        assert resolved == good.resolve()
    for name in hostile + [HOSTILE[2]]:
        assert "Thông tin" in texts.get(name, []), name  # shown, as plain text
    assert "Theo xã" in texts[hostile[0]]
