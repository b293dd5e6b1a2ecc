"""The cycle collector is off while a consolidation runs and back on after it."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest

from nq57xl.jobs import consolidation as jobs
from nq57xl.collector import fewer_collections
from nq57xl.province import parallel
from nq57xl.province.parallel import read_isolated
from nq57xl.province.inputs import find_inputs
from nq57xl.assess.status import Settings


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_fewer_collections_restores_on_error() -> None:
    with pytest.raises(ValueError):
        with fewer_collections():
            assert not gc.isenabled()
            raise ValueError("boom")
    assert gc.isenabled()


def test_fewer_collections_keeps_it_off_when_it_was_off() -> None:
    gc.disable()
    with fewer_collections():
        pass
    assert not gc.isenabled()


def test_run_consolidation_runs_without_collector(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    seen: list[bool] = []

    def fake_consolidate(*args, **kwargs):
        seen.append(gc.isenabled())
        raise jobs.RosterError("không có danh sách")

    monkeypatch.setattr(jobs, "consolidate", fake_consolidate)
    (tmp_path / "xa").mkdir()
    outcome = jobs.run_consolidation(tmp_path / "xa", tmp_path / "t.xlsx", as_of=date(2026, 11, 23))
    assert outcome.exit_code == 2
    assert seen == [False]
    assert gc.isenabled()


def _collector_state(*_args) -> bool:
    return gc.isenabled()


def test_workers_run_without_collector(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each worker process reads with the collector off (set by the pool's initializer)."""
    for i in range(4):
        (tmp_path / f"xa_{i:02d}.xlsx").write_bytes(b"")
    monkeypatch.setattr(parallel, "read_submission", _collector_state)
    states = read_isolated(find_inputs(tmp_path), date(2026, 11, 23), Settings(), workers=2)
    assert len(states) == 4 and not any(states)
    assert gc.isenabled()
