"""A crash-proof run: a folder of 20 good communes and every hostile case at once, and
each case on its own (files that make a reader abort or allocate gigabytes, workers that
die or hang, special files, the run's own outputs, look-alike names, write failures)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nq57xl.assess.status import Settings
from nq57xl.cli.commands import app
from nq57xl.province import parallel
from nq57xl.province.inputs import find_inputs
from nq57xl.province.parallel import MemoryWatch, read_isolated
from nq57xl.province.roster import official_roster
from nq57xl.read.limits import Limits
from nq57xl.records import Metadata
from nq57xl.template.build import build_template
from tests.province.hostile_files import CASES

AS_OF = date(2026, 11, 23)
_CYRILLIC = {"a": "\u0430", "o": "\u043e", "e": "\u0435", "i": "\u0456", "c": "\u0441",
             "p": "\u0440", "x": "\u0445", "y": "\u0443", "K": "\u041a", "H": "\u041d",
             "T": "\u0422", "M": "\u041c"}
runner = CliRunner()


def good_communes(folder: Path, n: int = 20) -> list[str]:
    """``n`` commune workbooks of real Lạng Sơn communes; returns their names."""
    names = []
    for i, entry in enumerate(official_roster("Lạng Sơn")[:n]):
        rows = [{"stt": str(t), "name": f"Nhiệm vụ {t}", "lead": "Công an xã",
                 "deadline": "Quý IV/2026", "state": "Đang thực hiện", "progress": 40,
                 "updated": date(2026, 11, 10)} for t in range(1, 6)]
        build_template(folder / f"xa_{i:02d}.xlsx", metadata=Metadata(
            commune=entry.name, commune_code=entry.code, province="Lạng Sơn",
            report_date=date(2026, 11, 15)), rows=rows)
        names.append(entry.name)
    return names


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def consolidate(folder: Path, out: Path, *extra: str):
    return runner.invoke(app, ["consolidate", str(folder), "-o", str(out / "tong_hop.xlsx"),
                               "--json", str(out / "tong_hop.json"), "--as-of", "2026-11-23",
                               "--province", "Lạng Sơn", *extra])


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, list[str]]:
    folder = tmp_path / "bao_cao"
    names = good_communes(folder)
    for name, (build, _) in CASES.items():
        build(folder / name)
    os.mkfifo(folder / "ong_dan.xlsx")
    (folder / "vong").symlink_to(folder, target_is_directory=True)  # a link loop
    return folder, names


def test_hostile_folder_keeps_every_good_commune(hostile, tmp_path: Path) -> None:
    folder, names = hostile
    before = digests(folder)
    out = tmp_path / "ket_qua"
    out.mkdir()
    result = consolidate(folder, out)
    assert result.exit_code == 1, result.output
    data = json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))
    kept = {c["commune"] for c in data["communes"] if c["submitted"]}
    assert set(names) <= kept
    codes = {i["file"]: i["code"] for i in data["issues"] if i["severity"] == "error"}
    for name, (_, code) in CASES.items():
        assert codes.get(name) == code, (name, codes.get(name))
    skipped = {i["file"]: i["message"] for i in data["issues"] if i["code"] == "skipped-file"}
    assert "không phải tệp thông thường" in skipped["ong_dan.xlsx"]
    assert "liên kết" in skipped["vong"]
    assert (out / "tong_hop.xlsx").stat().st_size > 0
    assert digests(folder) == before  # inputs byte-identical


def test_a_dead_or_hung_worker_costs_only_its_file(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed by the system (abort) or past the time limit: that file is
    unreadable with its reason, the others are read by fresh workers."""
    folder = tmp_path / "bao_cao"
    good_communes(folder, 4)
    for name in ("chet.xlsx", "treo.xlsx"):
        (folder / name).write_bytes(b"PK")
    monkeypatch.setattr(parallel, "read_submission", _misbehave)
    items = [i for i in find_inputs(folder) if not i.skip_reason]
    subs = read_isolated(items, AS_OF, Settings(), Limits(max_seconds=2), workers=2)
    assert [s.input.name for s in subs] == [i.name for i in items]
    by_name = {s.input.name: s for s in subs}
    dead = by_name["chet.xlsx"].report.problems[0]
    assert dead.code == "unreadable-file" and "dừng đột ngột" in dead.message
    assert by_name["treo.xlsx"].report.problems[0].code == "time-budget"
    assert all(by_name[f"xa_{i:02d}.xlsx"].rows for i in range(4))


def _misbehave(item, as_of, settings, limits):
    if item.name == "chet.xlsx":
        os.abort()
    if item.name == "treo.xlsx":
        import time
        time.sleep(60)
    from nq57xl.province.reading import read_submission
    return read_submission(item, as_of, settings, limits)


def _hog(item, as_of, settings, limits):
    if item.name == "an_bo_nho.xlsx":
        data = b"x" * (400 * 1024 * 1024)  # touched memory, far past the 100 MB cap
        import time
        time.sleep(10)
        return len(data)
    from nq57xl.province.reading import read_submission
    return read_submission(item, as_of, settings, limits)


@pytest.mark.parametrize("watch", [False, True], ids=["rlimit", "watchdog"])
def test_memory_cap_ends_only_the_greedy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              watch: bool) -> None:
    """RLIMIT_AS (Linux) and the parent's watchdog (where RLIMIT_AS does not exist)."""
    folder = tmp_path / "bao_cao"
    good_communes(folder, 2)
    (folder / "an_bo_nho.xlsx").write_bytes(b"PK")
    monkeypatch.setattr(parallel, "read_submission", _hog)
    items = [i for i in find_inputs(folder) if not i.skip_reason]
    subs = read_isolated(items, AS_OF, Settings(), Limits(max_worker_mb=100, max_seconds=30),
                         workers=2, watch_memory=watch)
    by_name = {s.input.name: s for s in subs}
    assert by_name["an_bo_nho.xlsx"].report.problems[0].code == "unreadable-file"
    assert by_name["xa_00.xlsx"].rows and by_name["xa_01.xlsx"].rows


def test_memory_watch_kills_a_child_over_its_limit() -> None:
    child = subprocess.Popen([sys.executable, "-c",
                              "import time; b = b'x' * (300 * 1024 * 1024); time.sleep(30)"])
    try:
        watch = MemoryWatch(100)
        for _ in range(100):
            watch.check()
            if child.poll() is not None:
                break
            import time
            time.sleep(0.1)
        assert child.wait(timeout=10) != 0 and child.pid in watch.killed
    finally:
        child.kill()


def test_special_files_are_skipped_without_opening(tmp_path: Path) -> None:
    folder = tmp_path / "bao_cao"
    good_communes(folder, 1)
    os.mkfifo(folder / "ong_dan.xlsx")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "o_cam.xlsx"))
    (folder / "lien_ket.xlsx").symlink_to(folder / "xa_00.xlsx")
    (folder / "vong").symlink_to(folder, target_is_directory=True)
    try:
        reasons = {i.name: i.skip_reason for i in find_inputs(folder)}
    finally:
        server.close()
    assert reasons["xa_00.xlsx"] is None
    assert "thông thường" in reasons["ong_dan.xlsx"] and "thông thường" in reasons["o_cam.xlsx"]
    assert "liên kết" in reasons["lien_ket.xlsx"] and "liên kết" in reasons["vong"]


def test_outputs_are_never_read_back(tmp_path: Path) -> None:
    """Three runs with the summary beside the reports: the task count stays the same;
    a summary or JSON placed inside the reports folder is refused; one copied in by
    hand is skipped with its reason."""
    folder = tmp_path / "bao_cao"
    good_communes(folder, 3)
    out = tmp_path / "ket_qua"
    out.mkdir()
    for _ in range(3):
        result = consolidate(folder, out)
        assert result.exit_code == 0, result.output
        data = json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))
        assert data["overview"]["tasks"] == 15
    inside = runner.invoke(app, ["consolidate", str(folder), "-o", str(folder / "t.xlsx"),
                                 "--as-of", "2026-11-23"])
    assert inside.exit_code == 2 and "thư mục báo cáo" in inside.output
    json_inside = runner.invoke(app, ["consolidate", str(folder), "-o", str(out / "t.xlsx"),
                                      "--json", str(folder / "t.json"), "--as-of", "2026-11-23"])
    assert json_inside.exit_code == 2
    assert not (folder / "t.xlsx").exists() and not (folder / "t.json").exists()
    (folder / "tong_hop_cu.xlsx").write_bytes((out / "tong_hop.xlsx").read_bytes())
    result = consolidate(folder, out)
    data = json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))
    assert data["overview"]["tasks"] == 15
    skipped = [i for i in data["issues"] if i["file"] == "tong_hop_cu.xlsx"]
    assert skipped and "bảng tổng hợp do nq57xl tạo" in skipped[0]["message"]


def test_feedback_copies_are_skipped_until_a_commune_saves_them(tmp_path: Path) -> None:
    folder = tmp_path / "bao_cao"
    good_communes(folder, 1)
    (folder / "xa_00.xlsx").write_bytes((folder / "xa_00.xlsx").read_bytes())
    rows = [{"stt": "1", "name": "Nhiệm vụ", "lead": "", "deadline": ""}]  # errors: feedback
    build_template(folder / "xa_loi.xlsx", metadata=Metadata(commune="Xã Lỗi"), rows=rows)
    out = tmp_path / "phan_hoi"
    assert runner.invoke(app, ["feedback", str(folder), "-o", str(out)]).exit_code == 1
    copy = next(out.glob("*_phan_hoi.xlsx"))
    moved = folder / copy.name
    moved.write_bytes(copy.read_bytes())
    reasons = {i.name: i.skip_reason for i in find_inputs(folder)}
    assert "bản phản hồi cho xã do nq57xl tạo" in reasons[moved.name]
    import openpyxl
    import time
    time.sleep(1.1)  # a new modification time, as an office suite writes on saving
    wb = openpyxl.load_workbook(moved)
    wb.save(moved)
    assert {i.name: i.skip_reason for i in find_inputs(folder)}[moved.name] is None
    inside = runner.invoke(app, ["feedback", str(folder), "-o", str(folder / "ph")])
    assert inside.exit_code == 2 and not (folder / "ph").exists()


@pytest.mark.parametrize("disguise", ["\u200b", "\ufeff", "\u202e", "cyrillic"])
def test_hidden_characters_do_not_hide_a_duplicate(tmp_path: Path, disguise: str) -> None:
    folder = tmp_path / "bao_cao"
    (entry, *_) = official_roster("Lạng Sơn")
    name = entry.name
    if disguise == "cyrillic":  # the first letter that has a Cyrillic look-alike
        latin = next(ch for ch in name if ch in _CYRILLIC)
        twin = name.replace(latin, _CYRILLIC[latin], 1)
    else:
        twin = name[:1] + disguise + name[1:]
    assert twin != name
    for file, commune, day in (("a.xlsx", name, 14), ("b.xlsx", twin, 15)):
        build_template(folder / file, metadata=Metadata(commune=commune, province="Lạng Sơn",
                                                        report_date=date(2026, 11, day)),
                       rows=[{"stt": "1", "name": "Nhiệm vụ", "lead": "Công an xã",
                              "deadline": "Quý IV/2026"}])
    out = tmp_path / "kq"
    out.mkdir()
    consolidate(folder, out)
    data = json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))
    assert data["overview"]["tasks"] == 1  # the older file is a duplicate, not counted
    assert any(i["code"] == "duplicate-commune" and i["file"] == "a.xlsx" for i in data["issues"])


def test_write_failures_keep_the_previous_outputs(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while writing the summary: exit 2, a Vietnamese reason, and the
    previous summary and JSON untouched (replaced together or not at all)."""
    folder = tmp_path / "bao_cao"
    good_communes(folder, 2)
    out = tmp_path / "kq"
    out.mkdir()
    assert consolidate(folder, out).exit_code == 0
    before = digests(out)
    import nq57xl.jobs.consolidation as job

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(job, "write_summary", full)
    result = consolidate(folder, out, "--as-of", "2026-11-24")
    assert result.exit_code == 2
    assert "ổ đĩa đã đầy" in result.output and "được giữ nguyên" in result.output
    assert digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".~nq57xl")]


def test_json_path_that_is_a_folder_is_refused_before_reading(tmp_path: Path) -> None:
    folder = tmp_path / "bao_cao"
    good_communes(folder, 1)
    (tmp_path / "thu_muc.json").mkdir()
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(tmp_path / "t.xlsx"),
                                 "--json", str(tmp_path / "thu_muc.json"), "--as-of", "2026-11-23"])
    assert result.exit_code == 2 and "là một thư mục" in result.output
    assert not (tmp_path / "t.xlsx").exists()


def test_ctrl_c_says_stopped_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Ctrl+C while the summary is being written: "Đã dừng.", exit 2, nothing left."""
    folder = tmp_path / "bao_cao"
    good_communes(folder, 2)
    out = tmp_path / "kq"
    out.mkdir()
    script = (
        "import os, signal, sys\n"
        "import nq57xl.summary.writer as w\n"
        "real = w._build\n"
        "def build(*a, **k):\n"
        "    real(*a, **k)\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "w._build = build\n"
        "from nq57xl.cli import main\n"
        f"sys.argv = ['nq57xl', 'consolidate', {str(folder)!r}, '-o', {str(out / 't.xlsx')!r},"
        " '--as-of', '2026-11-23']\n"
        "main()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Đã dừng." in done.stderr and "Aborted" not in done.stderr
    assert list(out.iterdir()) == []


def test_deeply_nested_previous_json_is_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "bao_cao"
    good_communes(folder, 1)
    deep = tmp_path / "ky_truoc.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = runner.invoke(app, ["consolidate", str(folder), "-o", str(tmp_path / "t.xlsx"),
                                 "--previous", str(deep), "--as-of", "2026-11-23"])
    assert result.exit_code == 2 and "lồng nhau quá nhiều tầng" in result.output
