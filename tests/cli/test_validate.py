"""`nq57xl validate` through the CLI runner: output, JSON shape and exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.conftest import write_rows
from nq57xl.cli.commands import app

runner = CliRunner()
HEADER = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Tình trạng thực hiện",
          "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng", "Ngày cập nhật"]


def test_clean_file_exits_0_and_json_has_documented_shape(tmp_path):
    path = write_rows(tmp_path / "ok.xlsx", [HEADER, ["1", "Việc", "Phòng", "Quý I/2026", "Đã hoàn thành",
                                                      "100", "15/03/2026", "12/QĐ-UBND", "01/11/2026"]],
                      commune="Lợi Bác", province="Lạng Sơn")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["validate", str(path), "--as-of", "2026-11-20", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    f = data["files"][0]
    assert f["file"] == "ok.xlsx" and f["commune"] == "Lợi Bác" and f["province"] == "Lạng Sơn"
    task = f["tasks"][0]
    assert task["deadline"] == {"text": "Quý I/2026", "kind": "date", "due": "2026-03-31"}
    assert task["section"] is None and task["stt"] == "1" and task["row"] == 2
    assert task["status"] == "Hoàn thành đúng hạn"
    assert task["red_flag"] is False and task["stale"] is False and task["due_soon"] is False
    assert task["progress"] == 100 and task["evidence"] == "12/QĐ-UBND"
    assert f["issues"] == []
    fig = f["figures"]
    assert fig["tasks"] == 1 and fig["due_tasks"] == 1
    assert fig["on_time_rate"] == 1.0 and fig["completion_rate"] == 1.0
    assert fig["Hoàn thành đúng hạn"] == 1 and fig["Quá hạn"] == 0
    assert data["settings"]["behind_ratio"] == 0.5


def test_data_errors_exit_1_with_one_line_per_problem(tmp_path):
    path = write_rows(tmp_path / "bad.xlsx", [HEADER, ["1", "Việc", "", "Tháng 13/2026", "Không rõ", "120"]],
                      commune="X")
    result = runner.invoke(app, ["validate", str(path), "--as-of", "2026-11-20"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("bad.xlsx — X: 1 nhiệm vụ, 4 lỗi")
    for code, cell in [("blank-lead", "C2"), ("bad-deadline", "D2"), ("bad-state", "E2"),
                       ("progress-out-of-range", "F2")]:
        assert any(f"[{code}] Nhiệm vụ › {cell}:" in line for line in lines), code
    assert lines[-1] == "Tổng cộng: 1 tệp, 4 lỗi, 0 cảnh báo."


def test_settings_override_is_reported_and_changes_status(tmp_path):
    path = write_rows(tmp_path / "s.xlsx", [HEADER, ["1", "Việc", "Phòng", "31/12/2026", "Đang thực hiện",
                                                     "60", "", "", "15/11/2026"]], commune="S")
    args = ["validate", str(path), "--as-of", "2026-11-20", "--json", "-"]
    default = json.loads(runner.invoke(app, args).output)
    strict = json.loads(runner.invoke(app, args + ["--behind-ratio", "0.9"]).output)
    assert default["files"][0]["tasks"][0]["status"] == "Đang thực hiện"
    assert strict["files"][0]["tasks"][0]["status"] == "Chậm tiến độ"
    assert strict["settings"]["behind_ratio"] == 0.9


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["validate", str(tmp_path / "nope.xlsx")]).exit_code == 2
    path = write_rows(tmp_path / "x.xlsx", [HEADER], commune="X")
    assert runner.invoke(app, ["validate", str(path), "--as-of", "31/02/2026"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(path), "--behind-ratio", "3"]).exit_code == 2


def test_progress_bar_runs_no_thread_and_announces_the_next_step(monkeypatch, capsys) -> None:
    """On a terminal the bar is drawn without a refresh thread (forking needs a process
    without other threads) and the next step is announced once the files are read."""
    import threading

    from nq57xl.cli import commands as cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    before = threading.active_count()
    update, stop = cli._progress_printer("đang ghi bảng tổng hợp")
    assert update is not None
    try:
        update(1, 2, "xa_1.xlsx")
        assert threading.active_count() == before
        update(2, 2, "xa_2.xlsx")
        update(2, 2, "xa_2.xlsx")
    finally:
        stop()
    assert threading.active_count() == before
    assert capsys.readouterr().err.count("đang ghi bảng tổng hợp") == 1
