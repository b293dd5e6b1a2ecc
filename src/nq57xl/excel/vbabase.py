"""The VBA container taken from a workbook that Excel itself saved, with new module sources.

``ms-ovba`` writes a container that Office accepts in the MS-OVBA sense, but not one
that Excel wrote (see docs/windows-smoke-test.md for every difference). Once the Windows
smoke test has saved ``nq57xl.xlsm`` in Excel, that copy, put at
``xlmacros/excel-base.xlsm``, becomes the base of every later build:
:func:`rebase_vba_project` keeps every stream and record Excel wrote (PROJECT with its
ID, protection and workspace, PROJECTwm, the dir stream's information and references)
and replaces only what the sources change:

* each module stream becomes the module's compressed source alone, and its
  MODULEOFFSET in the dir stream 0 (Excel's compiled p-code of the old source is
  dropped, so Excel compiles the new source when it opens the workbook);
* ``VBA/_VBA_PROJECT`` becomes the 7-byte header without a performance cache
  (version 0xFFFF, as MS-OVBA says a writer writes it), and the ``__SRP_*`` cache
  streams go, for the same reason.

The base must hold the same modules (names and kinds) as the sources: a new module needs
a new Windows run, and the build says so.
"""

from __future__ import annotations

import contextlib
import struct
import tempfile
import zipfile
from pathlib import Path

from .cfb import STORAGE, Cfb, read_cfb
from .ovba import MODULE_OFFSET, Record, decompress, dir_bytes, parse_dir
from .vba import VbaError, VbaModule, compress, module_bytes, verify_project

try:
    from ms_cfb.Models.Directories.storage_directory import StorageDirectory
    from ms_cfb.Models.Directories.stream_directory import StreamDirectory
    from ms_cfb.ole_file import OleFile
except ImportError:  # pragma: no cover - the "build" extra is not installed
    OleFile = None

BASE_NAME = "excel-base.xlsm"  #: in the VBA sources' folder: the Excel-saved workbook
NO_CACHE = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0003)  #: _VBA_PROJECT without p-code


def base_project(folder: Path) -> bytes | None:
    """``xl/vbaProject.bin`` of ``folder/excel-base.xlsm``, or None when there is none."""
    path = folder / BASE_NAME
    if not path.is_file():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("xl/vbaProject.bin")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise VbaError(f"{path}: not a macro workbook with a VBA project ({exc})") from None


def rebase_vba_project(base: bytes, modules: list[VbaModule]) -> bytes:
    """``base`` (a vbaProject.bin saved by Excel) with the sources of ``modules``."""
    cfb = read_cfb(base)
    info = parse_dir(decompress(cfb.streams["VBA/dir"]))
    have = {m.name: m.document for m in info.modules}
    want = {m.name: m.kind == "document" for m in modules}
    if have != want:
        raise VbaError(f"the Excel-saved base holds the modules {sorted(have)}, the sources "
                       f"{sorted(want)} (or their kinds differ): save the workbook built from "
                       f"these sources in Excel again, or remove {BASE_NAME}")
    streams = {path: data for path, data in cfb.streams.items()
               if not path.startswith("VBA/__SRP_")}
    sources = {m.name: module_bytes(m) for m in modules}
    for module in info.modules:
        streams[f"VBA/{module.stream}"] = compress(sources[module.name])
    records = [Record(r.id, struct.pack("<I", 0)) if r.id == MODULE_OFFSET else r
               for r in info.records]
    streams["VBA/dir"] = compress(dir_bytes(records))
    streams["VBA/_VBA_PROJECT"] = NO_CACHE
    data = write_cfb(cfb, streams)
    verify_project(data, modules)
    return data


def write_cfb(layout: Cfb, streams: dict[str, bytes]) -> bytes:
    """A compound file with ``streams`` (by path), in the storages of ``layout``."""
    if OleFile is None:  # pragma: no cover - depends on the environment
        raise VbaError("rebuilding the VBA container needs the package ms-ovba (pip install "
                       "ms-ovba), which brings ms-cfb")
    with tempfile.TemporaryDirectory(prefix="nq57xl-cfb-") as scratch, contextlib.chdir(scratch):
        ole = OleFile()
        storages = {"": ole.root_directory}
        for path in sorted(p for p in layout.storages if p):
            parent, _, name = path.rpartition("/")
            storages[path] = StorageDirectory(name)
            storages[parent].add_directory(storages[path])
        for number, (path, data) in enumerate(sorted(streams.items())):
            parent, _, name = path.rpartition("/")
            if parent not in storages:
                raise VbaError(f"stream {path}: its storage is not in the container")
            file = Path(scratch) / f"stream{number}.bin"
            file.write_bytes(data)
            storages[parent].add_directory(StreamDirectory(name, str(file)))
        ole.create_file("out.bin")
        data = (Path(scratch) / "out.bin").read_bytes()
    if any(e.kind == STORAGE and e.clsid != bytes(16) for e in layout.entries):
        raise VbaError("the base has a storage with a class id; this writer keeps none")
    return data
