"""A strict reader of Compound File Binary files (MS-CFB), the container of ``vbaProject.bin``.

:func:`read_cfb` returns every stream of the file by its path ("PROJECT", "VBA/dir"),
and raises :class:`CfbError` at the first thing a careful reader such as Office could
refuse: a bad header, a sector chain that loops, leaves the file, shares a sector with
another chain or is too short for its stream, a sector marked used that nothing uses,
a directory entry with a bad name, type or link, a directory tree that does not reach
every entry once, siblings out of MS-CFB's order, or a red entry under a red one.
It is a checker first: olefile and oletools, which read the same files, forgive most of
these.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ..errors import Nq57Error

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
FREESECT, ENDOFCHAIN, FATSECT, DIFSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
NOSTREAM = 0xFFFFFFFF
EMPTY, STORAGE, STREAM, ROOT = 0, 1, 2, 5
RED, BLACK = 0, 1
MINI_CUTOFF = 4096
_HEADER = struct.Struct("<8s16sHHHHH6sIIIIIIIII")


class CfbError(Nq57Error, ValueError):
    """The bytes are not a well-formed compound file."""


@dataclass(frozen=True)
class Entry:
    """One 128-byte directory entry."""

    index: int
    name: str
    kind: int
    color: int
    left: int
    right: int
    child: int
    clsid: bytes
    start: int
    size: int


@dataclass(frozen=True)
class Cfb:
    """A compound file read back: its streams and storages by path, and its entries."""

    streams: dict[str, bytes]
    storages: dict[str, bytes]  #: storage path -> CLSID ("" is the root)
    entries: tuple[Entry, ...]
    sector_size: int


def read_cfb(data: bytes) -> Cfb:
    """Every stream of ``data`` by path; :class:`CfbError` if anything is malformed."""
    if len(data) < 512 or data[:8] != SIGNATURE:
        raise CfbError("not a compound file (no CFB signature)")
    (_sig, clsid, _minor, major, order, shift, mini_shift, reserved, n_dir, n_fat, dir_start,
     _txn, cutoff, minifat_start, n_minifat, difat_start, n_difat) = _HEADER.unpack_from(data)
    if clsid != bytes(16) or order != 0xFFFE or reserved != bytes(6):
        raise CfbError("header: CLSID, byte order or reserved bytes are not as MS-CFB requires")
    if (major, shift) not in ((3, 9), (4, 12)) or mini_shift != 6 or cutoff != MINI_CUTOFF:
        raise CfbError(f"header: version {major} with sector shift {shift}, mini sector shift "
                       f"{mini_shift}, cutoff {cutoff} (expected 3/9 or 4/12, 6, 4096)")
    if major == 3 and n_dir != 0:
        raise CfbError("header: a version 3 file must give 0 directory sectors")
    size = 1 << shift
    body = data[size:] if major == 4 else data[512:]
    if len(body) % size:
        raise CfbError(f"file length {len(data)} is not a whole number of {size}-byte sectors")
    sectors = len(body) // size

    def sector(i: int) -> bytes:
        return body[i * size:(i + 1) * size]

    owner: dict[int, str] = {}
    fat_sectors = _difat(data, sector, sectors, n_fat, difat_start, n_difat, owner)
    fat = [v for i in fat_sectors for v in struct.unpack(f"<{size // 4}I", sector(i))]
    for i in fat_sectors:
        if fat[i] != FATSECT:
            raise CfbError(f"FAT sector {i} is not marked FATSECT in the FAT")
    for i, v in owner.items():
        if v == "DIFAT" and fat[i] != DIFSECT:
            raise CfbError(f"DIFAT sector {i} is not marked DIFSECT in the FAT")

    def chain(start: int, what: str) -> list[int]:
        return _chain(fat, start, sectors, what, owner)

    directory = b"".join(sector(i) for i in chain(dir_start, "directory"))
    entries = _entries(directory, major)
    root = entries[0]
    minifat: list[int] = []
    if n_minifat:
        found = chain(minifat_start, "mini FAT")
        if len(found) != n_minifat:
            raise CfbError(f"mini FAT: header says {n_minifat} sectors, its chain has {len(found)}")
        minifat = [v for i in found for v in struct.unpack(f"<{size // 4}I", sector(i))]
    ministream = b""
    if root.start != ENDOFCHAIN:
        ministream = b"".join(sector(i) for i in chain(root.start, "mini stream"))
        if len(ministream) < root.size:
            raise CfbError("the mini stream is shorter than the root entry says")
    paths = _tree(entries)
    storages = {"": root.clsid} | {paths[e.index]: e.clsid for e in entries[1:] if e.kind == STORAGE}
    mini_owner: dict[int, str] = {}
    streams = {paths[e.index]: _stream(e, paths[e.index], chain, sector, size, minifat, ministream,
                                       mini_owner) for e in entries[1:] if e.kind == STREAM}
    lost = [i for i in range(min(sectors, len(fat))) if fat[i] not in (FREESECT,) and i not in owner]
    if lost:
        raise CfbError(f"sectors {lost[:5]} are marked used in the FAT but belong to nothing")
    return Cfb(streams, storages, tuple(entries), size)


def _stream(entry: Entry, path: str, chain, sector, size: int, minifat: list[int],
            ministream: bytes, mini_owner: dict[int, str]) -> bytes:
    """The bytes of one stream: from the mini stream below the cutoff, else from sectors."""
    if entry.size < MINI_CUTOFF:
        ids = _chain(minifat, entry.start, len(ministream) // 64, f"stream {path} (mini)",
                     mini_owner) if entry.size else []
        raw, unit = b"".join(ministream[i * 64:(i + 1) * 64] for i in ids), 64
    else:
        ids = chain(entry.start, f"stream {path}")
        raw, unit = b"".join(sector(i) for i in ids), size
    if len(ids) != -(-entry.size // unit):
        raise CfbError(f"stream {path}: {entry.size} bytes but a chain of {len(ids)} sectors")
    return raw[:entry.size]


def _difat(data: bytes, sector, sectors: int, n_fat: int, start: int, count: int,
           owner: dict[int, str]) -> list[int]:
    """The FAT sectors listed by the header's DIFAT and the DIFAT sector chain."""
    listed = list(struct.unpack_from("<109I", data, 76))
    following, seen = start, 0
    while following not in (ENDOFCHAIN, FREESECT) and seen < count:
        if following >= sectors or following in owner:
            raise CfbError(f"DIFAT chain: sector {following} is outside the file or used twice")
        owner[following] = "DIFAT"
        values = struct.unpack("<" + "I" * (len(sector(following)) // 4), sector(following))
        listed += values[:-1]
        following, seen = values[-1], seen + 1
    if seen != count:
        raise CfbError(f"DIFAT: header says {count} sectors, the chain has {seen}")
    fat = [i for i in listed if i != FREESECT]
    if len(fat) != n_fat or any(i >= sectors for i in fat) or len(set(fat)) != len(fat):
        raise CfbError(f"DIFAT lists {len(fat)} FAT sectors, the header says {n_fat}, or one is "
                       "outside the file or listed twice")
    for i in fat:
        if i in owner:
            raise CfbError(f"FAT sector {i} is also used by {owner[i]}")
        owner[i] = "FAT"
    return fat


def _chain(table: list[int], start: int, limit: int, what: str, owner: dict[int, str]) -> list[int]:
    out, current = [], start
    while current != ENDOFCHAIN:
        if current >= limit or current >= len(table):
            raise CfbError(f"{what}: sector {current} is outside the file")
        if current in owner:
            raise CfbError(f"{what}: sector {current} is also used by {owner[current]}")
        owner[current] = what
        out.append(current)
        current = table[current]
    return out


def _entries(directory: bytes, major: int) -> list[Entry]:
    entries = []
    for index in range(len(directory) // 128):
        raw = directory[index * 128:(index + 1) * 128]
        length, kind, color, left, right, child = struct.unpack_from("<HBBIII", raw, 64)
        clsid = raw[80:96]
        start, low, high = struct.unpack_from("<III", raw, 116)
        if kind == EMPTY:
            entries.append(Entry(index, "", EMPTY, color, left, right, child, clsid, start, 0))
            continue
        if kind not in (STORAGE, STREAM, ROOT) or color not in (RED, BLACK):
            raise CfbError(f"directory entry {index}: type {kind} or colour {color} is not valid")
        if length % 2 or not 2 <= length <= 64 or raw[length - 2:length] != b"\0\0":
            raise CfbError(f"directory entry {index}: name length {length} is not valid")
        name = raw[:length - 2].decode("utf-16-le")
        if any(c in name for c in "/\\:!"):
            raise CfbError(f"directory entry {index}: the name {name!r} has a character CFB forbids")
        if (kind == ROOT) != (index == 0):
            raise CfbError(f"directory entry {index}: the root entry must be entry 0, and only it")
        if kind == STREAM and (child != NOSTREAM or clsid != bytes(16)):
            raise CfbError(f"directory entry {index} ({name}): a stream has no child and no CLSID")
        if major == 3 and high:
            raise CfbError(f"directory entry {index} ({name}): size over 4 GB in a version 3 file")
        entries.append(Entry(index, name, kind, color, left, right, child, clsid, start,
                             low | high << 32))
    if not entries or entries[0].kind != ROOT:
        raise CfbError("the directory has no root entry")
    return entries


def _tree(entries: list[Entry]) -> dict[int, str]:
    """The path of every entry reached from the root; checks links, order and colours."""
    paths: dict[int, str] = {}

    def walk(node: int, parent: str, lo: str | None, hi: str | None, parent_red: bool) -> None:
        if node == NOSTREAM:
            return
        if node >= len(entries) or node in paths or node == 0 or entries[node].kind == EMPTY:
            raise CfbError(f"directory: link to entry {node} is out of range, empty or repeated")
        entry = entries[node]
        if (lo is not None and _key(entry.name) <= _key(lo)) or \
                (hi is not None and _key(entry.name) >= _key(hi)):
            raise CfbError(f"directory: {entry.name!r} is out of MS-CFB's sibling order")
        red = entry.color == RED
        if red and parent_red:
            raise CfbError(f"directory: {entry.name!r} is red under a red entry")
        paths[node] = f"{parent}/{entry.name}" if parent else entry.name
        walk(entry.left, parent, lo, entry.name, red)
        walk(entry.right, parent, entry.name, hi, red)
        if entry.kind == STORAGE:  # (Excel itself writes red top entries: not checked)
            walk(entry.child, paths[node], None, None, False)

    walk(entries[0].child, "", None, None, False)
    used = {e.index for e in entries[1:] if e.kind != EMPTY}
    if used != set(paths):
        raise CfbError(f"directory: entries {sorted(used - set(paths))} are not in the tree")
    return paths


def _key(name: str) -> tuple[int, str]:
    """MS-CFB's order of sibling names: shorter first, then by upper case."""
    return len(name), name.upper()
