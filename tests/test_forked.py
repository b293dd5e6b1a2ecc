"""Big tables built by a forked child: same bytes as built here, and safe fallbacks."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from nq57xl import bigtables, forked
from nq57xl.consolidate import consolidate, read_sequential
from nq57xl.summary_writer import write_summary

from test_scale import AS_OF, make_communes

needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="forking is used on Linux only")


def _pid() -> bytes:
    return str(os.getpid()).encode()


@needs_fork
def test_work_runs_in_a_child() -> None:
    pending = forked.start(_pid)
    assert pending.result() != _pid()
    assert pending.result() == pending.result()  # asked twice, made once


def test_big_results_come_back_whole() -> None:
    data = bytes(range(256)) * 40_000  # 10 MB, more than a pipe holds at once
    assert forked.start(lambda: data).result() == data


@needs_fork
def test_a_failing_child_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def work() -> bytes:
        if os.getpid() != parent:
            os._exit(3)  # the child dies before sending anything
        return b"here"

    assert forked.start(work).result() == b"here"


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.can_fork()
        assert forked.start(_pid).result() == _pid()
    finally:
        stop.set()
        other.join()


@pytest.fixture
def small_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A consolidation of a few communes whose tables all take the fast, forkable path."""
    folder = make_communes(tmp_path / "in", 4, tasks=8)
    monkeypatch.setattr("nq57xl.summary_sheets.FAST_ROWS", 2)
    monkeypatch.setattr(bigtables, "FORK_CELLS", 1)
    return consolidate(folder, as_of=AS_OF, province="Lạng Sơn", read=read_sequential)


@needs_fork
def test_summary_bytes_do_not_depend_on_the_child(small_result, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The same workbook, byte for byte, whether the big tables were built here or forked."""
    result = small_result
    started: list[bool] = []
    real_start = forked.start

    def counted(work):
        started.append(forked.can_fork())
        return real_start(work)

    monkeypatch.setattr(bigtables, "start", counted)
    write_summary(result, tmp_path / "child.xlsx")
    assert started and all(started)  # the big tables were built by children
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    write_summary(result, tmp_path / "here.xlsx")
    assert (tmp_path / "child.xlsx").read_bytes() == (tmp_path / "here.xlsx").read_bytes()


def test_tables_above_the_cap_are_built_here(small_result, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """National-size tables are not forked: the child's copy costs memory, saves no time."""
    monkeypatch.setattr(bigtables, "FORK_MAX_CELLS", 10)
    started: list[object] = []
    monkeypatch.setattr(bigtables, "start", lambda work: started.append(work))
    write_summary(small_result, tmp_path / "here.xlsx")
    assert started == []


@needs_fork
def test_task_csv_written_by_a_child_is_the_same_file(small_result, tmp_path: Path) -> None:
    from nq57xl.tasklist import split_task_list, start_split

    result = small_result
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    here = split_task_list(result, tmp_path / "a" / "tong_hop.xlsx", max_rows=5)
    split, writing = start_split(result, tmp_path / "b" / "tong_hop.xlsx", max_rows=5)
    assert isinstance(writing, forked._Child)
    assert writing.result() == b""
    assert split.tasks_file == here.tasks_file == "tong_hop_nhiem_vu.csv"
    assert split.notes == here.notes and len(split.tasks) == 0
    a = (tmp_path / "a" / "tong_hop_nhiem_vu.csv").read_bytes()
    assert a == (tmp_path / "b" / "tong_hop_nhiem_vu.csv").read_bytes()
    assert a.count(b"\n") == len(result.tasks) + 1
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["tong_hop_nhiem_vu.csv"]


@needs_fork
def test_cancel_stops_the_child_and_lets_it_clean_up(tmp_path: Path) -> None:
    """A cancelled child unwinds (its temporary file goes) and is waited for."""
    import time

    scratch, ready = tmp_path / "tam.csv", tmp_path / "ready"

    def slow() -> bytes:
        try:
            scratch.write_text("một phần")
            ready.touch()
            time.sleep(60)
            return b"never"
        finally:
            scratch.unlink(missing_ok=True)

    pending = forked.start(slow)
    deadline = time.monotonic() + 20
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert scratch.exists()
    began = time.monotonic()
    pending.cancel()
    assert time.monotonic() - began < 10
    assert not scratch.exists()
    assert not forked._READERS


def test_failed_task_list_keeps_the_old_summary(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary names the task CSV: if the CSV cannot be written, the summary of the
    last run stays as it was and the message names the CSV."""
    from functools import partial

    from nq57xl import jobs, tasklist

    folder = make_communes(tmp_path / "in", 3, tasks=8)
    output = tmp_path / "tong_hop.xlsx"
    output.write_bytes(b"bang tong hop ky truoc")
    monkeypatch.setattr(tasklist, "start_split", partial(tasklist.start_split, max_rows=5))

    def disk_full(tasks, path: Path) -> None:
        Path(path).write_text("dở dang")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tasklist, "write_task_csv", disk_full)
    outcome = jobs.run_consolidation(folder, output, as_of=AS_OF, province="Lạng Sơn")
    assert outcome.exit_code == 2
    assert "tong_hop_nhiem_vu.csv" in outcome.lines[0] and "giữ nguyên" in outcome.lines[0]
    assert output.read_bytes() == b"bang tong hop ky truoc"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "tong_hop.xlsx"]
