"""The command line speaks Vietnamese: help, usage errors, dates, required options, and
`compare` counting improvements as well as regressions."""

from __future__ import annotations

import re
from datetime import date

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.cli.options import parse_date
from nq57xl.compare.changes import compare_snapshots
from nq57xl.compare.periods import comparison_report_lines
from nq57xl.compare.snapshot import CommuneRecord, Snapshot, TaskRecord

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]

# Words typer, click and pydantic write in their help and usage errors, and common English.
ENGLISH = {
    "usage", "options", "option", "arguments", "argument", "commands", "command", "show",
    "this", "message", "and", "exit", "required", "default", "missing", "invalid", "value",
    "for", "try", "help", "error", "the", "does", "not", "exist", "such", "got", "unexpected",
    "extra", "path", "str", "int", "float", "bool", "list", "text", "file", "directory",
    "requires", "input", "should", "valid", "integer", "number", "possible", "did", "you",
    "mean", "aborted", "is", "of", "to", "with", "env", "var", "parameter",
}
ALLOWED = {"nq57xl", "json", "csv", "xlsx", "xlsm", "xls", "ods", "eml", "docx", "txt", "tsv",
           "smtp", "starttls", "ssl", "tls", "vba", "pypi", "wheel", "python", "outlook",
           "thunderbird", "excel", "word", "markdown", "mb", "dd", "mm", "yyyy", "bas",
           "list"}  # "list": the name of the command «nq57xl history list»


def english_words(text: str) -> set[str]:
    """English words of ``text``, leaving out option names (--help), paths and file names."""
    text = re.sub(r"(?<![\w])-{1,2}[\w-]+|[\w./-]*[/.][\w./-]+|'[^']*'", " ", text)
    words = {w for w in re.findall(r"\w+", text.lower()) if w.isascii()}
    return (words & ENGLISH) - ALLOWED


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=lambda c: " ".join(c) or "nq57xl")
def test_help_has_no_english(command):
    result = runner.invoke(app, [*command, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "Cách dùng:" in result.output and "Xem hướng dẫn này rồi thoát." in result.output
    assert english_words(result.output) == set(), result.output


USAGE_ERRORS = [
    ["consolidate"],
    ["consolidate", "/khong/co/thu/muc", "-o", "x.xlsx"],
    ["consolidate", ".", "-o"],
    ["consolidate", ".", "-o", "x.xlsx", "--max-rows", "nhiều"],
    ["consolidate", ".", "-o", "x.xlsx", "--as-of", "32/12/2026"],
    ["consolidate", ".", "--khong-co"],
    ["consolidat"],
    ["validate"],
    ["validate", "/khong/co/tep.xlsx"],
    ["compare", "a.json", "-o", "thay_doi.txt"],
    ["history", "drop"],
    ["compare", "a.json", "b.json", "c.json"],
    ["email", "--summary", "s.xlsx"],
    ["template"],
    ["import", "nguon.docx"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_are_vietnamese(args):
    result = runner.invoke(app, args, terminal_width=100)
    assert result.exit_code == 2, result.output
    assert "Lỗi" in result.output
    assert english_words(result.output) == set(), result.output


def test_required_options_are_marked():
    result = runner.invoke(app, ["email", "--help"], terminal_width=100)
    lines = [line for line in result.output.splitlines() if "--to" in line]
    assert lines and lines[0].lstrip("│ ").startswith("*"), result.output
    assert "[bắt buộc]" in result.output


@pytest.mark.parametrize("text", ["01/12/2026", "1/12/2026", "2026-12-01", "01-12-2026", "01.12.2026"])
def test_dates_dd_mm_yyyy_and_iso(text):
    assert parse_date(text) == date(2026, 12, 1)


def _snapshot(day: date, *tasks: tuple[str, float, str]) -> Snapshot:
    records = tuple(TaskRecord("Xã A", "I", stt, f"Việc {stt}", "Quý IV/2026", date(2026, 12, 31),
                               status, progress, "12/QĐ") for stt, progress, status in tasks)
    return Snapshot("ky.json", day, None, (CommuneRecord("Xã A", None, 1, None, True),), records)


def test_compare_counts_improvements_and_marks_regressions():
    before = _snapshot(date(2026, 10, 23), ("1", 10, "Đang thực hiện"), ("2", 50, "Đang thực hiện"),
                       ("3", 60, "Đang thực hiện"))
    after = _snapshot(date(2026, 11, 23), ("1", 40, "Đang thực hiện"),
                      ("2", 100, "Hoàn thành đúng hạn"), ("3", 20, "Đang thực hiện"))
    comparison = compare_snapshots(before, after)
    assert comparison.progressed() == 2 and comparison.newly_done() == 1
    text = "\n".join(comparison_report_lines(comparison))
    assert "2 nhiệm vụ tăng tiến độ, 1 nhiệm vụ mới hoàn thành" in text
    assert "Cần kiểm tra (đánh dấu !): 1 thay đổi" in text and "! Xã A — I.3" in text


def test_reader_errors_say_what_happened_in_vietnamese(tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    result = runner.invoke(app, ["validate", str(broken), "--as-of", "01/12/2026"])
    assert result.exit_code == 1, result.output
    assert "phần nén của tệp bị hỏng" in result.output
    assert not re.search(r"EOCD|Zip|Could not|Cannot", result.output), result.output
