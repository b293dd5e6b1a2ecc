"""One LibreOffice per test session for the tests that convert files with it.

Each ``soffice --convert-to`` started on its own costs a second or two of start-up, and
two of them with the same user profile at the same time (pytest-xdist workers) break
each other. So each session (each xdist worker) gets its own profile, and the first
conversion starts one headless LibreOffice on that profile, kept alive by a small
workbook it holds open. Every ``soffice --convert-to`` after it hands its request to
that instance over LibreOffice's own single-instance pipe and waits until the file is
written, so a conversion no longer starts an office. If the instance cannot be started,
dies, or hangs on a conversion, each conversion runs its own office on the same profile,
as before. The instance ends with the session, or with the test process if that is killed.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

START_TIMEOUT = 60


class Office:
    def __init__(self, exe: str, home: Path) -> None:
        self.exe = exe
        self.home = home
        self.profile = f"-env:UserInstallation={(home / 'profile').as_uri()}"
        self.server: subprocess.Popen | None = None
        self.tried = False

    def convert(self, source: Path, to: str, outdir: Path, *, timeout: float = 180,
                ) -> subprocess.CompletedProcess:
        """``soffice --convert-to TO --outdir OUTDIR SOURCE``; raises if soffice fails."""
        if not self.tried:
            self.tried = True
            self._start()
        if self.server is not None and self.server.poll() is not None:
            self.server = None  # died: each conversion runs its own office from now on
        command = [self.exe, "--headless", "--norestore", self.profile,
                   "--convert-to", to, "--outdir", str(outdir), str(source)]
        if self.server is None:
            return subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        try:
            return subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.close()  # the shared office hangs: once more with an office of its own
            return subprocess.run(command, check=True, capture_output=True, timeout=timeout)

    def _start(self) -> None:
        folder = self.home / "keep-open"
        folder.mkdir(parents=True, exist_ok=True)
        book = folder / "keep-open.xlsx"
        openpyxl.Workbook().save(book)
        lock = folder / f".~lock.{book.name}#"  # written once the workbook is open
        self.server = subprocess.Popen(
            [self.exe, "--headless", "--invisible", "--norestore", "--nologo", self.profile,
             str(book)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_end_with_parent)
        deadline = time.monotonic() + START_TIMEOUT
        while not lock.exists():
            if self.server.poll() is not None or time.monotonic() > deadline:
                self.close()
                return
            time.sleep(0.05)
        # The workbook is open, but the office may still be starting (a new profile is
        # set up in the background); a conversion that comes in then can hang it. So wait
        # until it is idle: no CPU time used in two looks a quarter of a second apart.
        if not Path("/proc/self/stat").exists():
            time.sleep(3)  # not Linux: no way to see it idle, give it time
            return
        used, quiet = -1, 0
        while quiet < 2 and time.monotonic() < deadline:
            now = _cpu_ticks(self.server.pid)
            quiet = quiet + 1 if now == used else 0
            used = now
            time.sleep(0.25)

    def close(self) -> None:
        if self.server is None:
            return
        server, self.server = self.server, None
        sockets = _pipes(server.pid)
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)
        for path in sockets:  # a killed office leaves its pipe behind in /tmp
            Path(path).unlink(missing_ok=True)


def _end_with_parent() -> None:
    """In the office's process, before it starts: on Linux, end it when the test process
    ends, even killed (its own session keeps it from Ctrl+C, which pytest handles)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _group(leader: int) -> list[Path]:
    """/proc entries of the processes in the process group ``leader`` (the office)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and os.getpgid(int(proc.name)) == leader:
                found.append(proc)
        except OSError:  # the process ended while looking
            continue
    return found


def _cpu_ticks(leader: int) -> int:
    """CPU time used so far by the office's processes, in clock ticks."""
    ticks = 0
    for proc in _group(leader):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return ticks


def _pipes(leader: int) -> list[str]:
    """The pipes (/tmp/OSL_PIPE_*) that the processes of the office's group listen on."""
    try:
        named = {}
        for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) >= 8 and "OSL_PIPE_" in fields[7]:
                named[fields[6]] = fields[7]
    except OSError:  # no /proc: not Linux
        return []
    inodes = set()
    for proc in _group(leader):
        try:
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:  # the process ended while looking
            continue
    return sorted({named[i] for i in inodes if i in named})
