"""Atomic writes: a temporary file in the target's folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(target: Path, write: Callable[[Path], None], *, suffix: str = "") -> Path:
    """Call ``write(tmp)`` then move ``tmp`` onto ``target``; on failure leave no trace."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".~nq57xl-", suffix=suffix or target.suffix,
                                dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_text_atomic(target: Path, text: str) -> Path:
    return write_atomic(target, lambda p: p.write_text(text, encoding="utf-8"))


def stage_text(target: Path, text: str) -> Path:
    """``text`` written to a temporary file beside ``target``; :func:`commit` moves it
    onto ``target``, :func:`discard` removes it. For outputs replaced together."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=".~nq57xl-", suffix=target.suffix, dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def commit(staged: Path, target: Path) -> Path:
    """Move a staged file onto ``target`` (permissions as :func:`write_atomic` gives)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staged, 0o666 & ~umask)
    os.replace(staged, target)
    return Path(target)


def discard(staged: Path | None) -> None:
    """Remove a staged file that will not be used."""
    if staged is not None:
        Path(staged).unlink(missing_ok=True)
