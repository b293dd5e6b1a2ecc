"""A structural check of the macro workbook's VBA container, as far as Linux can check it.

:func:`vba_problems` reads a ``vbaProject.bin`` strictly (:mod:`.cfb` for the compound
file, :mod:`.ovba` for compression and the ``dir`` records) and lists what would make
Office refuse or misread it: a missing stream (PROJECT, PROJECTwm, VBA/dir,
VBA/_VBA_PROJECT, a module's), a module whose source does not start with its own
``Attribute VB_Name`` or whose document base GUID is wrong, a reference whose libid does
not parse or whose GUID is not the library's, the PROJECT and PROJECTwm streams
disagreeing with the dir stream about the modules. :func:`workbook_problems` adds the
workbook around it: content types, the relationship to vbaProject.bin, the workbook's
and every sheet's code name against the project's document modules, and the buttons'
macros against the public Subs of the standard modules. An empty list means no problem
found; it does not prove that Excel runs the macros.
"""

from __future__ import annotations

import io
import re
import struct
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from .cfb import CfbError, read_cfb
from .ovba import DirInfo, OvbaError, decompress, libid_guid, parse_dir

WORKBOOK_BASE = "00020819-0000-0000-C000-000000000046"
WORKSHEET_BASE = "00020820-0000-0000-C000-000000000046"
#: Type libraries a reference may name, by the name VBA gives them.
KNOWN_LIBRARIES = {
    "stdole": uuid.UUID("00020430-0000-0000-C000-000000000046"),
    "Office": uuid.UUID("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52"),
    "MSForms": uuid.UUID("0D452EE1-E08F-101A-852E-02608C4D0BB4"),
    "Excel": uuid.UUID("00020813-0000-0000-C000-000000000046"),
    "VBA": uuid.UUID("000204EF-0000-0000-C000-000000000046"),
}
VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaProject"
MACRO_WORKBOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
_PROJECT_MODULE = re.compile(r"^(Document|Module|Class|BaseClass)=([^/\r\n]+)")


def vba_problems(data: bytes, document_bases: dict[str, str] | None = None) -> list[str]:
    """What is wrong with a vbaProject.bin; ``document_bases`` maps each document module
    the workbook needs (its code name) to its base GUID (workbook or worksheet)."""
    try:
        cfb = read_cfb(data)
        info = parse_dir(decompress(cfb.streams["VBA/dir"]))
    except KeyError:
        return ["the container has no VBA/dir stream"]
    except (CfbError, OvbaError) as exc:
        return [str(exc)]
    problems = [f"the container has no {name} stream" for name in ("PROJECT", "PROJECTwm",
                "VBA/_VBA_PROJECT") if name not in cfb.streams]
    if problems:
        return problems
    problems += _vba_project_stream(cfb.streams["VBA/_VBA_PROJECT"])
    problems += _references(info)
    problems += _modules(info, cfb.streams, document_bases)
    problems += _project_stream(cfb.streams["PROJECT"], info)
    problems += _projectwm(cfb.streams["PROJECTwm"], info)
    if info.codepage != 1252 or info.syskind not in (0, 1, 2, 3):
        problems.append(f"dir: code page {info.codepage}, system kind {info.syskind}")
    return problems


def _vba_project_stream(stream: bytes) -> list[str]:
    if len(stream) < 7:
        return ["VBA/_VBA_PROJECT is shorter than 7 bytes"]
    reserved1, version, reserved2 = struct.unpack_from("<HHB", stream)
    if reserved1 != 0x61CC or reserved2 != 0:
        return ["VBA/_VBA_PROJECT does not start with 0x61CC and a zero byte"]
    if version == 0xFFFF and len(stream) != 7:
        return ["VBA/_VBA_PROJECT: version 0xFFFF (no compiled cache) but a cache follows"]
    return []


def _references(info: DirInfo) -> list[str]:
    problems = []
    for name, libid in info.libids:
        guid = libid_guid(libid)
        if guid is None:
            problems.append(f"reference {name!r}: the libid {libid!r} does not parse")
        elif name in KNOWN_LIBRARIES and guid != KNOWN_LIBRARIES[name]:
            problems.append(f"reference {name!r}: GUID {guid} is not the library's "
                            f"({KNOWN_LIBRARIES[name]})")
    return problems


def _modules(info: DirInfo, streams: dict[str, bytes],
             document_bases: dict[str, str] | None) -> list[str]:
    problems = []
    listed = {m.stream for m in info.modules}
    for module in info.modules:
        stream = streams.get(f"VBA/{module.stream}")
        if stream is None:
            problems.append(f"module {module.name}: no stream VBA/{module.stream}")
            continue
        try:
            source = decompress(stream[module.offset:]).decode("cp1252")
        except (OvbaError, UnicodeDecodeError) as exc:
            problems.append(f"module {module.name}: {exc}")
            continue
        if not re.match(f'Attribute VB_Name = "{re.escape(module.name)}"\r?\n', source):
            problems.append(f"module {module.name}: the source does not start with its VB_Name")
        base = re.search(r'^Attribute VB_Base = "0\{([0-9A-F-]{36})\}', source, re.MULTILINE)
        wanted = (document_bases or {}).get(module.name)
        if wanted and (not module.document or not base or base.group(1) != wanted):
            problems.append(f"module {module.name}: not a document module of base {{{wanted}}}")
    if document_bases is not None:
        documents = {m.name for m in info.modules if m.document}
        if set(document_bases) - documents:
            problems.append(f"the workbook's code names {sorted(set(document_bases) - documents)} "
                            "have no document module")
    extra = {p[4:] for p in streams if p.startswith("VBA/")} - listed - {"dir", "_VBA_PROJECT"}
    extra = {s for s in extra if not s.startswith("__SRP_")}
    if extra:
        problems.append(f"streams {sorted(extra)} in VBA/ belong to no module")
    return problems


def _project_stream(stream: bytes, info: DirInfo) -> list[str]:
    text = stream.decode("cp1252")
    lines = text.split("\r\n")
    problems = []
    if not re.fullmatch(r'ID="\{[0-9A-Fa-f-]{36}\}"', lines[0]):
        problems.append("PROJECT: the first line is not ID=\"{GUID}\"")
    declared = {}
    for line in lines:
        if line.startswith("["):
            break
        found = _PROJECT_MODULE.match(line)
        if found:
            declared[found.group(2)] = found.group(1)
    expected = {m.name: ("Document", "Class", "BaseClass") if m.document else ("Module",)
                for m in info.modules}
    if set(declared) != set(expected) or any(declared[n] not in expected[n] for n in declared):
        problems.append(f"PROJECT lists modules {declared}, the dir stream {sorted(expected)}")
    for key in (f'Name="{info.name}"', 'VersionCompatible32="393222000"', "[Host Extender Info]"):
        if key not in lines:
            problems.append(f"PROJECT: no line {key}")
    for key in ("CMG", "DPB", "GC"):
        if not any(re.fullmatch(key + r'="[0-9A-F]+"', line) for line in lines):
            problems.append(f"PROJECT: no {key}=\"...\" line")
    return problems


def _projectwm(stream: bytes, info: DirInfo) -> list[str]:
    names, pos = [], 0
    while pos < len(stream) and stream[pos:pos + 2] != b"\0\0":
        end = stream.find(b"\0", pos)
        wide = stream.find(b"\0\0\0", end + 1)
        if end < 0 or wide < 0:
            return ["PROJECTwm is cut short"]
        wide += (wide - end - 1) % 2  # the UTF-16 name ends on an even length
        name = stream[pos:end].decode("cp1252")
        if stream[end + 1:wide].decode("utf-16-le", "replace") != name:
            return [f"PROJECTwm: the two spellings of {name!r} differ"]
        names.append(name)
        pos = wide + 2
    if stream[pos:] != b"\0\0":
        return ["PROJECTwm does not end with its terminator"]
    if sorted(names) != sorted(m.name for m in info.modules):
        return [f"PROJECTwm names {sorted(names)}, the dir stream {sorted(m.name for m in info.modules)}"]
    return []


def workbook_problems(source: bytes | str | Path) -> list[str]:
    """What is wrong with a macro workbook's VBA container and its ties to the workbook."""
    raw = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(raw) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"not a workbook: {exc}"]
    problems = _package(parts)
    if "xl/vbaProject.bin" not in parts or "xl/workbook.xml" not in parts:
        return problems or ["no xl/vbaProject.bin or xl/workbook.xml"]
    bases = _code_names(parts, problems)
    problems += vba_problems(parts["xl/vbaProject.bin"], bases)
    problems += _button_macros(parts)
    return problems


def _package(parts: dict[str, bytes]) -> list[str]:
    types = ET.fromstring(parts.get("[Content_Types].xml", b"<Types/>"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{{{NS['ct']}}}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{{{NS['ct']}}}Default")}
    problems = []
    if overrides.get("/xl/vbaProject.bin", defaults.get("bin")) != VBA_PROJECT_TYPE:
        problems.append(f"[Content_Types].xml: vbaProject.bin is not {VBA_PROJECT_TYPE}")
    if overrides.get("/xl/workbook.xml") != MACRO_WORKBOOK_TYPE:
        problems.append(f"[Content_Types].xml: the workbook is not {MACRO_WORKBOOK_TYPE}")
    rels = ET.fromstring(parts.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"))
    if not any(r.get("Type") == VBA_REL and r.get("Target") == "vbaProject.bin"
               for r in rels.iter(f"{{{NS['rel']}}}Relationship")):
        problems.append("xl/_rels/workbook.xml.rels has no vbaProject relationship")
    return problems


def _code_names(parts: dict[str, bytes], problems: list[str]) -> dict[str, str]:
    """Code name -> base GUID of the workbook and each sheet."""
    book = ET.fromstring(parts["xl/workbook.xml"])
    pr = book.find("m:workbookPr", NS)
    bases = {}
    if pr is None or not pr.get("codeName"):
        problems.append("xl/workbook.xml: the workbook has no code name")
    else:
        bases[pr.get("codeName")] = WORKBOOK_BASE
    rels = ET.fromstring(parts.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{NS['rel']}}}Relationship")}
    for sheet in book.iter(f"{{{NS['m']}}}sheet"):
        target = targets.get(sheet.get(f"{{{NS['r']}}}id"), "")
        part = parts.get("xl/" + target.lstrip("/").removeprefix("xl/"))
        props = ET.fromstring(part).find("m:sheetPr", NS) if part else None
        code = props.get("codeName") if props is not None else None
        if not code:
            problems.append(f"sheet {sheet.get('name')!r} has no code name")
        else:
            bases[code] = WORKSHEET_BASE
    return bases


def _button_macros(parts: dict[str, bytes]) -> list[str]:
    public = set()
    try:
        cfb = read_cfb(parts["xl/vbaProject.bin"])
        info = parse_dir(decompress(cfb.streams["VBA/dir"]))
    except (CfbError, OvbaError, KeyError):
        return []  # reported by vba_problems
    for module in info.modules:
        try:
            stream = cfb.streams[f"VBA/{module.stream}"]
            code = decompress(stream[module.offset:]).decode("cp1252")
        except (OvbaError, KeyError, UnicodeDecodeError):
            continue  # reported by vba_problems
        if not module.document:
            public |= set(re.findall(r"^(?:Public +)?Sub +(\w+) *\(\)", code, re.MULTILINE))
    vml = b"".join(v for n, v in parts.items() if n.endswith(".vml")).decode("utf-8", "replace")
    missing = sorted(set(re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)) - public)
    return [f"buttons run {missing}, which are not public Subs of a standard module"] if missing else []
