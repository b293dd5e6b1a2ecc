"""The consolidation JSON the mail commands read: a file too deeply nested or of the wrong
shape is a Vietnamese error naming the file (exit 2), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nq57xl.cli.commands import app
from nq57xl.errors import MailUsageError
from nq57xl.mail.key_figures import load_json

from tests.mail.test_mail import build_province, consolidate

runner = CliRunner()
DEPTH = 100_000


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("province")
    out, _, _ = consolidate(build_province(root / "bao_cao"), root / "tong_hop.xlsx")
    return out


def nested(path: Path) -> Path:
    path.write_text("[" * DEPTH + "]" * DEPTH, encoding="utf-8")
    return path


def test_load_json_refuses_deep_nesting(tmp_path):
    path = nested(tmp_path / "sau.json")
    with pytest.raises(MailUsageError, match="lồng nhau quá nhiều tầng") as caught:
        load_json(path)
    assert str(path) in str(caught.value)
    inside = tmp_path / "sau_trong.json"  # valid on top, nested deep below
    inside.write_text('{"as_of": "2026-11-23", "overview": {}, "communes": '
                      + "[" * DEPTH + "]" * DEPTH + "}", encoding="utf-8")
    with pytest.raises(MailUsageError, match="lồng nhau quá nhiều tầng"):
        load_json(inside)


@pytest.mark.parametrize("command", ["email", "remind", "feedback"])
def test_mail_commands_name_the_deep_file(summary, tmp_path, command):
    path = nested(tmp_path / "sau.json")
    args = {
        "email": ["email", "--summary", str(summary), "--json", str(path), "--to",
                  "ld@langson.gov.vn", "-o", str(tmp_path / "thu.eml")],
        "remind": ["remind", "--json", str(path), "-o", str(tmp_path / "nhac")],
        "feedback": ["feedback", str(summary.parent / "bao_cao"), "--json", str(path),
                     "-o", str(tmp_path / "phan_hoi")],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert f"LỖI: Không đọc được tệp JSON «{path}»: dữ liệu lồng nhau quá nhiều tầng" in result.output
    assert not isinstance(result.exception, RecursionError)


@pytest.mark.parametrize("document", [
    {"overview": {}, "communes": []},  # no date
    {"as_of": "hôm qua", "overview": {}, "communes": []},
    {"as_of": "2026-11-23", "overview": [], "communes": []},
    {"as_of": "2026-11-23", "overview": {}, "communes": [1, 2]},
    {"as_of": "2026-11-23", "overview": {}, "communes": [{"file": "a.xlsx"}]},
    {"as_of": "2026-11-23", "overview": {}, "communes": [], "issues": {"a": 1}},
])
def test_a_json_of_another_shape_is_refused(tmp_path, document):
    path = tmp_path / "khac.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(app, ["remind", "--json", str(path), "-o", str(tmp_path / "nhac")])
    assert result.exit_code == 2, result.output
    assert "LỖI: Tệp «khac.json» không phải kết quả JSON của lệnh consolidate --json." in result.output
