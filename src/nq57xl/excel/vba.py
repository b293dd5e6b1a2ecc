"""Compile VBA source text into a ``vbaProject.bin`` on any platform, and read it back.

The project is built with ``ms-ovba`` 0.0.1 in the "source only" form (no compiled
p-code; Office compiles the modules when the workbook is opened, as it does for
xlwings' own ``quickstart_standalone.xlsm``). Two things of ``ms-ovba`` are corrected
while it runs (see :func:`_patched_compression`):

* ``ms-ovba-compression`` 1.0.1 computes a copy token's maximum length as
  ``0xFFFF << bit_count + 3``; MS-OVBA 2.4.1.3.19.1 says ``(0xFFFF >> BitCount) + 3``.
  With the wrong value a long module comes out garbled after a few hundred bytes.
* its longest-match search is quadratic in pure Python; :func:`_fast_matching` returns
  the same (offset, length) pairs, so the compressed bytes are the same, but quickly.

Every build is checked by decompressing each module again with ``oletools`` and
failing on any difference (:func:`read_vba_modules`). The output is deterministic:
``ms-ovba`` encrypts the project's protection fields with random seeds, so the random
generator is seeded for the build and restored afterwards.
"""

from __future__ import annotations

import contextlib
import random
import re
import tempfile
import uuid
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Nq57Error

try:  # the "build" extra: without it, building says what to install
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile
    from ms_ovba_compression.ms_ovba import MsOvba

    with warnings.catch_warnings():  # oletools 0.60 uses names pyparsing 3 deprecates
        warnings.simplefilter("ignore")
        from oletools.olevba import VBA_Parser
except ImportError:  # pragma: no cover - depends on the environment
    MsOvba = VBA_Parser = None

__all__ = ["VbaError", "VbaModule", "build_vba_project", "document_module", "macro_names",
           "read_vba_modules", "vba_project_from_xlsm"]

CODEPAGE = "cp1252"
PROJECT_ID = "{5C5E57A1-0057-4E57-9A57-000000000057}"  #: fixed, for reproducible builds
COMPATIBLE32 = "393222000"  #: the PROJECT stream's VersionCompatible32, as Excel writes it
WORKBOOK_GUID = uuid.UUID("00020819-0000-0000-C000-000000000046")
WORKSHEET_GUID = uuid.UUID("00020820-0000-0000-C000-000000000046")
_SEED = 57


class VbaError(Nq57Error, RuntimeError):
    """The VBA project cannot be built, or does not read back as written."""


@dataclass(frozen=True)
class VbaModule:
    """A module of the project: ``kind`` is "document" (workbook/sheet) or "standard"."""

    name: str
    code: str
    kind: str = "standard"


def document_module(name: str, *, workbook: bool = False) -> VbaModule:
    """The (empty) code module behind the workbook or one worksheet, by its code name."""
    guid = WORKBOOK_GUID if workbook else WORKSHEET_GUID
    lines = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "0{{{str(guid).upper()}}}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    return VbaModule(name, "\r\n".join(lines) + "\r\n", "document")


def module_bytes(module: VbaModule) -> bytes:
    """The module's source as stored: CRLF line ends, a final CRLF, cp1252."""
    text = module.code.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    if not text.endswith("\r\n"):
        text += "\r\n"
    try:
        return text.encode(CODEPAGE)
    except UnicodeEncodeError as exc:
        line = text[:exc.start].count("\n") + 1
        raise VbaError(f"module {module.name}, line {line}: {text[exc.start:exc.end]!r} is not "
                       f"{CODEPAGE}; keep Vietnamese text out of VBA (put it in cells)") from None


def _fixed_copytoken_help(difference: int) -> dict[str, int]:
    """MS-OVBA 2.4.1.3.19.1 CopyToken Help, with the maximum length of the spec."""
    bit_count = 4
    while (1 << bit_count) < difference:
        bit_count += 1
    length_mask = 0xFFFF >> bit_count
    return {"lengthMask": length_mask, "offsetMask": ~length_mask & 0xFFFF,
            "bitCount": bit_count, "maxLength": (0xFFFF >> bit_count) + 3}


def _fast_matching(self: object) -> tuple[int, int]:
    """``MsOvba._matching`` without the quadratic scan: the longest earlier match (the
    nearest one among equally long matches), as (offset, length) or (0, 0)."""
    chunk: bytes = self._activeChunk  # type: ignore[attr-defined]
    position = len(chunk) - len(self._uncompressedData)  # type: ignore[attr-defined]
    best, candidate = 0, -1
    while position + best < len(chunk):
        found = chunk.rfind(chunk[position:position + best + 1], 0, position + best)
        if found < 0:
            break
        best, candidate = best + 1, found
    if best < 3:
        return 0, 0
    limit = _fixed_copytoken_help(position)["maxLength"]
    return position - candidate, min(limit, best)


@contextlib.contextmanager
def _patched_compression() -> Iterator[None]:
    _require_build_packages()
    saved = MsOvba.__dict__["copytoken_help"], MsOvba.__dict__["_matching"]
    MsOvba.copytoken_help = staticmethod(_fixed_copytoken_help)  # type: ignore[method-assign]
    MsOvba._matching = _fast_matching  # type: ignore[method-assign]
    try:
        yield
    finally:
        MsOvba.copytoken_help, MsOvba._matching = saved  # type: ignore[method-assign]


def compress(data: bytes) -> bytes:
    """``data`` as an MS-OVBA CompressedContainer (ms-ovba-compression, corrected)."""
    with _patched_compression():
        return MsOvba().compress(data)


@contextlib.contextmanager
def _seeded_random() -> Iterator[None]:
    state = random.getstate()
    random.seed(_SEED)
    try:
        yield
    finally:
        random.setstate(state)


def _project(modules: list[VbaModule], folder: Path) -> Any:
    project = VbaProject()
    project.project_id = PROJECT_ID
    project.include_projectwm()  # the PROJECTwm stream, as Excel writes it
    project.add_attribute("VersionCompatible32", COMPATIBLE32)
    for module in modules:
        if module.kind == "document":
            entry = DocModule(module.name)
            base = WORKBOOK_GUID if module.name == "ThisWorkbook" else WORKSHEET_GUID
            entry.add_guid(base)
        else:
            entry = StdModule(module.name)
        path = folder / module.name
        path.with_name(module.name + ".new").write_bytes(module_bytes(module))
        entry.add_file(str(path))
        project.add_module(entry)
    libraries = [
        ("00020430-0000-0000-C000-000000000046", r"C:\Windows\System32\stdole2.tlb",
         "OLE Automation", "stdole"),
        ("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52",
         r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
         "Microsoft Office 16.0 Object Library", "Office"),
    ]
    for guid, path_hint, description, name in libraries:
        libid = LibidReference(uuid.UUID(guid), "2.0", "0", path_hint, description)
        project.add_reference(Reference(ReferenceRegistered(libid), name))
    return project


def build_vba_project(modules: list[VbaModule]) -> bytes:
    """The bytes of ``vbaProject.bin`` holding ``modules`` (document modules first).

    Raises :class:`VbaError` when a module is not cp1252 or does not read back exactly.
    """
    _require_build_packages()
    names = [m.name for m in modules]
    if len(set(n.lower() for n in names)) != len(names):
        raise VbaError(f"duplicate module names: {names}")
    with tempfile.TemporaryDirectory(prefix="nq57xl-vba-") as scratch, \
            contextlib.chdir(scratch), _patched_compression(), _seeded_random():
        project = _project(modules, Path(scratch))
        ProjectOleFile.write_file(project)  # writes its pieces into the current directory
        data = (Path(scratch) / "vbaProject.bin").read_bytes()
    verify_project(data, modules)
    return data


def verify_project(data: bytes, modules: list[VbaModule]) -> None:
    """Raise :class:`VbaError` unless oletools reads exactly ``modules`` back from ``data``."""
    read = read_vba_modules(data)
    for module in modules:
        expected = module_bytes(module).decode(CODEPAGE)
        if read.get(module.name) != expected:
            raise VbaError(f"module {module.name} does not read back as written "
                           "(VBA compression error)")
    names = [m.name for m in modules]
    if set(read) != set(names):
        raise VbaError(f"the project holds {sorted(read)}, expected {sorted(names)}")


def _require_build_packages() -> None:
    if MsOvba is None or VBA_Parser is None:  # pragma: no cover - depends on the environment
        raise VbaError("building the VBA project needs the packages ms-ovba==0.0.1 and "
                       "oletools (pip install \"nq57xl[build]\")")


def read_vba_modules(source: bytes | str | Path) -> dict[str, str]:
    """Every module's source text by module name, decompressed with ``oletools``.

    ``source`` is a ``vbaProject.bin`` (bytes) or the path of an .xlsm / .bin file.
    The text is exactly what the module stream holds (CRLF line ends, attributes kept).
    """
    _require_build_packages()
    if isinstance(source, bytes):
        parser = VBA_Parser("vbaProject.bin", data=source)
    else:
        parser = VBA_Parser(str(source))
    try:
        out: dict[str, str] = {}
        for _file, stream_path, _vba_name, code in parser.extract_macros():
            name = stream_path.rsplit("/", 1)[-1]
            out[name] = code if isinstance(code, str) else code.decode(CODEPAGE)
        return out
    finally:
        parser.close()


def vba_project_from_xlsm(path: str | Path) -> bytes:
    """The ``xl/vbaProject.bin`` part of a macro workbook."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/vbaProject.bin")


def macro_names(code: str) -> set[str]:
    """The public Sub and Function names declared in a module's source."""
    pattern = re.compile(r"^\s*(?:Public\s+)?(?:Sub|Function)\s+(\w+)", re.IGNORECASE | re.MULTILINE)
    private = re.compile(r"^\s*Private\s+(?:Sub|Function)\s+(\w+)", re.IGNORECASE | re.MULTILINE)
    return set(pattern.findall(code)) - set(private.findall(code))

