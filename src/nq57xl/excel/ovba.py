"""MS-OVBA read strictly: the compression of module and ``dir`` streams, and the ``dir``
stream's records.

:func:`decompress` is a second implementation of MS-OVBA 2.4.1 (the build compresses
with ``ms-ovba-compression`` and checks with ``oletools``); it refuses what the spec
does not allow instead of guessing. :func:`parse_dir` reads the records of the ``dir``
stream (MS-OVBA 2.3.4.2) into a :class:`DirInfo`, and :func:`dir_bytes` writes records
back, so that a container made by Excel can be rebuilt with other module offsets.
"""

from __future__ import annotations

import re
import struct
import uuid
from dataclasses import dataclass

from ..errors import Nq57Error

CHUNK = 4096
PROJECTVERSION = 0x0009
MODULE_NAME, MODULE_OFFSET, MODULE_TERMINATOR, DIR_TERMINATOR = 0x0019, 0x0031, 0x002B, 0x0010
PROCEDURAL, DOCUMENT = 0x0021, 0x0022
#: Record ids in the order MS-OVBA 2.3.4.2.1 gives PROJECTINFORMATION (0x004A optional).
INFORMATION = (0x0001, 0x004A, 0x0002, 0x0014, 0x0003, 0x0004, 0x0005, 0x0040, 0x0006, 0x003D,
               0x0007, 0x0008, 0x0009, 0x000C, 0x003C)
REFERENCE_IDS = {0x0016, 0x003E, 0x000D, 0x000E, 0x002F, 0x0030, 0x0033}
LIBID = re.compile(r"^\*\\[GH](\{[0-9A-Fa-f-]{36}\})#([0-9a-fA-F]+\.[0-9a-fA-F]+)#([0-9a-fA-F]+)#"
                   r"([^#]*)#(.*)$")


class OvbaError(Nq57Error, ValueError):
    """A stream is not valid MS-OVBA."""


@dataclass(frozen=True)
class Record:
    """One record of the dir stream: its id and the bytes after its size field."""

    id: int
    data: bytes


@dataclass(frozen=True)
class ModuleInfo:
    """A module as the dir stream declares it."""

    name: str
    stream: str
    offset: int
    document: bool


@dataclass(frozen=True)
class DirInfo:
    """What the dir stream says about the project."""

    syskind: int
    codepage: int
    name: str
    libids: tuple[tuple[str, str], ...]  #: (reference name, LibidReference) of registered ones
    modules: tuple[ModuleInfo, ...]
    records: tuple[Record, ...]


def decompress(data: bytes) -> bytes:
    """The decompressed bytes of a CompressedContainer; :class:`OvbaError` if malformed."""
    if not data or data[0] != 0x01:
        raise OvbaError("a compressed container starts with the signature byte 0x01")
    out = bytearray()
    pos, last_full = 1, True
    while pos < len(data):
        if not last_full:
            raise OvbaError(f"a chunk that is not the last decompresses to less than {CHUNK} bytes")
        if pos + 2 > len(data):
            raise OvbaError("a chunk header is cut short")
        (header,) = struct.unpack_from("<H", data, pos)
        size, signature, compressed = (header & 0x0FFF) + 3, (header >> 12) & 0b111, header >> 15
        if signature != 0b011:
            raise OvbaError(f"chunk at byte {pos}: signature {signature:03b}, expected 011")
        end = pos + size
        if end > len(data):
            raise OvbaError(f"chunk at byte {pos} runs past the end of the stream")
        chunk = _chunk(data[pos + 2:end], pos) if compressed else data[pos + 2:end]
        if not compressed and size != CHUNK + 2:
            raise OvbaError(f"chunk at byte {pos}: an uncompressed chunk must hold {CHUNK} bytes")
        if len(chunk) > CHUNK:
            raise OvbaError(f"chunk at byte {pos} decompresses to more than {CHUNK} bytes")
        last_full = len(chunk) == CHUNK
        out += chunk
        pos = end
    return bytes(out)


def _chunk(body: bytes, where: int) -> bytes:
    out = bytearray()
    i = 0
    while i < len(body):
        flags = body[i]
        i += 1
        for bit in range(8):
            if i >= len(body):
                break
            if not flags >> bit & 1:
                out.append(body[i])
                i += 1
                continue
            if i + 2 > len(body):
                raise OvbaError(f"chunk at byte {where}: a copy token is cut short")
            (token,) = struct.unpack_from("<H", body, i)
            i += 2
            bits = max((len(out) - 1).bit_length(), 4)
            offset = (token >> (16 - bits)) + 1
            length = (token & (0xFFFF >> bits)) + 3
            if not out or offset > len(out):
                raise OvbaError(f"chunk at byte {where}: a copy token points before the chunk")
            for _ in range(length):
                out.append(out[-offset])
    return bytes(out)


def dir_records(data: bytes) -> list[Record]:
    """The records of a decompressed dir stream, up to and with its terminator."""
    records, pos = [], 0
    while pos < len(data):
        if pos + 6 > len(data):
            raise OvbaError(f"dir stream: a record header at byte {pos} is cut short")
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == PROJECTVERSION:
            size = 6 if size == 4 else -1  # Reserved (4), then VersionMajor and VersionMinor
        if size < 0 or pos + 6 + size > len(data):
            raise OvbaError(f"dir stream: record 0x{rid:04X} at byte {pos} has a bad size")
        records.append(Record(rid, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
        if rid == DIR_TERMINATOR:
            if pos != len(data) or size:
                raise OvbaError("dir stream: bytes after the terminator record")
            return records
    raise OvbaError("dir stream: no terminator record (0x0010)")


def dir_bytes(records: list[Record] | tuple[Record, ...]) -> bytes:
    """Records back into a (decompressed) dir stream."""
    out = bytearray()
    for r in records:
        size = 4 if r.id == PROJECTVERSION else len(r.data)
        out += struct.pack("<HI", r.id, size) + r.data
    return bytes(out)


def parse_dir(data: bytes) -> DirInfo:
    """The project information, references and modules of a decompressed dir stream."""
    records = dir_records(data)
    by_id = {r.id: r.data for r in records if r.id in INFORMATION}
    ids = [r.id for r in records]
    info = [i for i in ids[:ids.index(0x000F)] if i in INFORMATION] if 0x000F in ids else []
    if info != [i for i in INFORMATION if i in info] or \
            set(INFORMATION) - {0x004A} - set(info):
        raise OvbaError("dir stream: PROJECTINFORMATION records missing or out of order")
    codepage = struct.unpack("<H", by_id[0x0003])[0]
    encoding = f"cp{codepage}"
    syskind = struct.unpack("<I", by_id[0x0001])[0]
    start = ids.index(0x000F)
    libids, pending = [], ""
    for r in records[ids.index(0x000C) + 2:start]:
        if r.id not in REFERENCE_IDS:
            raise OvbaError(f"dir stream: record 0x{r.id:04X} among the references")
        if r.id == 0x0016:
            pending = r.data.decode(encoding)
        elif r.id == 0x000D:
            size = struct.unpack_from("<I", r.data)[0]
            libids.append((pending, r.data[4:4 + size].decode(encoding)))
    count = struct.unpack("<H", records[start].data)[0]
    modules = _modules(records[start + 2:], encoding)
    if len(modules) != count:
        raise OvbaError(f"dir stream: PROJECTMODULES says {count} modules, it holds {len(modules)}")
    return DirInfo(syskind, codepage, by_id[0x0004].decode(encoding), tuple(libids),
                   tuple(modules), tuple(records))


def _modules(records: list[Record], encoding: str) -> list[ModuleInfo]:
    modules, current = [], {}
    for r in records:
        if r.id == MODULE_NAME:
            current = {"name": r.data.decode(encoding)}
        elif r.id == 0x001A:
            current["stream"] = r.data.decode(encoding)
        elif r.id == MODULE_OFFSET:
            current["offset"] = struct.unpack("<I", r.data)[0]
        elif r.id in (PROCEDURAL, DOCUMENT):
            current["document"] = r.id == DOCUMENT
        elif r.id == MODULE_TERMINATOR:
            if set(current) != {"name", "stream", "offset", "document"}:
                raise OvbaError(f"dir stream: module {current.get('name')!r} lacks a name, "
                                "stream name, offset or type record")
            modules.append(ModuleInfo(**current))
            current = {}
    return modules


def libid_guid(libid: str) -> uuid.UUID | None:
    """The type library GUID of a LibidReference (``*\\G{...}#2.0#0#path#name``), or None."""
    found = LIBID.match(libid)
    if not found:
        return None
    try:
        return uuid.UUID(found.group(1))
    except ValueError:
        return None
