"""The demo outputs, byte for byte: a refactoring must not change a single byte of them.

Built in a temporary folder: the commune template (``build_template`` for Nghĩa Đàn,
Nghệ An), the officers' macro workbook (``workbook_bytes()`` from xlmacros/), six demo
communes (``build_demo`` as of 23/11/2026) and their summary workbook and JSON
(``run_consolidation``). Their SHA-256 digests must equal those recorded in
tests/data/same_bytes.json, together with one digest of the demo's input files (so a
changed summary can be told from changed inputs).

What is normalised rather than compared as written, because it comes from the clock:
- The demo's real Nghĩa Đàn file is saved by openpyxl's ``Workbook.save``, which stamps
  the time of saving into docProps/core.xml (created, modified) and into every zip
  entry. Those are set to a fixed time before the consolidation reads the file (the
  summary shows each file's SHA-256, so this matters for the summary too).
- The summary's "Thông tin" sheet shows each input file's modification time: every
  input's mtime is set to 20/11/2026 08:30 (local time, as the summary shows it).
Everything else is compared exactly as the code writes it.

The digests also depend on xlsxwriter, openpyxl and zlib (compressed bytes); the JSON
file records the versions they were made with, and a failure names both.

To regenerate, after an intended change of an output (or a new version of one of those
libraries), and say in the commit message why the bytes changed::

    NQ57XL_RECORD_SAME_BYTES=1 python -m pytest tests/jobs/test_same_bytes.py -n 0
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from nq57xl.excel.build import workbook_bytes
from nq57xl.jobs.consolidation import run_consolidation
from nq57xl.jobs.demo import PROVINCE, build_demo
from nq57xl.province.reading import read_sequential
from nq57xl.template.build import build_template

RECORD = Path(__file__).resolve().parents[1] / "data" / "same_bytes.json"
AS_OF = date(2026, 11, 23)
COMMUNES = 6
MTIME = datetime(2026, 11, 20, 8, 30)
#: Demo files saved with openpyxl's save, which stamps the clock (see the docstring).
CLOCK_STAMPED = ("Nghia_Dan_chuong_trinh_2026.xlsx",)
OUTPUTS = ("mau_bao_cao_xa.xlsx", "nq57xl.xlsm", "tong_hop.xlsx", "tong_hop.json", "demo inputs")


def versions() -> dict[str, str]:
    return {"xlsxwriter": xlsxwriter.__version__, "openpyxl": openpyxl.__version__,
            "zlib": zipfile.zlib.ZLIB_RUNTIME_VERSION,  # type: ignore[attr-defined]
            "python": f"{sys.version_info.major}.{sys.version_info.minor}"}


def without_clock(path: Path) -> None:
    """Fixed zip entry times and core.xml created/modified in an openpyxl-saved file."""
    fixed = MTIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*",
                              rb"\g<1>" + fixed, data)
            zout.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), data,
                          zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def digests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("same_bytes")
    build_template(out / "mau_bao_cao_xa.xlsx", province=PROVINCE, commune="Nghĩa Đàn")
    (out / "nq57xl.xlsm").write_bytes(workbook_bytes())
    demo = build_demo(out / "demo", as_of=AS_OF, communes=COMMUNES)
    for name in CLOCK_STAMPED:
        without_clock(demo.folder / name)
    stamp = MTIME.timestamp()
    inputs = sorted(p for p in demo.folder.rglob("*") if p.is_file())
    for path in inputs:
        os.utime(path, (stamp, stamp))
    outcome = run_consolidation(demo.folder, out / "tong_hop.xlsx", as_of=AS_OF, province=PROVINCE,
                                json_path=str(out / "tong_hop.json"), read=read_sequential)
    assert outcome.exit_code in (0, 1), outcome
    found = {name: sha256((out / name).read_bytes()) for name in OUTPUTS[:-1]}
    found["demo inputs"] = sha256(b"".join(
        p.relative_to(demo.folder).as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest()
        for p in inputs))
    return found


@pytest.fixture(scope="module")
def recorded(digests: dict[str, str]) -> dict:
    if os.environ.get("NQ57XL_RECORD_SAME_BYTES"):
        RECORD.parent.mkdir(exist_ok=True)
        RECORD.write_text(json.dumps({"recorded_with": versions(), "sha256": digests},
                                     ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"recorded {RECORD}: review and commit it")
    return json.loads(RECORD.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", OUTPUTS)
def test_same_bytes(name: str, digests: dict[str, str], recorded: dict) -> None:
    if digests[name] == recorded["sha256"][name]:
        return
    made_with, now = recorded["recorded_with"], versions()
    libraries = "" if made_with == now else f" The digests were recorded with {made_with}; this is {now}."
    pytest.fail(f"{name} is not byte-identical to the recorded output.{libraries} If the change "
                "is intended, regenerate tests/data/same_bytes.json (see this module's docstring) "
                "and say why in the commit message.")
