"""The roster of communes a province expects reports from, and name matching.

The default roster is the bundled official list of 34 provinces and 3,321 communes
(``data/don_vi_hanh_chinh_2026.csv``, MIT, vietnamese-provinces-database). Names are
matched after Unicode NFC, case folding and moving tone marks to a fixed place, so
"Hoà" and "Hòa" are the same; codes are preferred when a workbook has one.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import Nq57Error
from ..vntext import latin_lookalikes, nfc_lower_strip, tone_key, visible

_UNIT_PREFIX = re.compile(r"^(xã|phường|thị trấn|đặc khu|tỉnh|thành phố|tp\.?)\s+")
_PUNCT = re.compile(r"[\s\-–—_.,;:/()]+")


@dataclass(frozen=True)
class RosterEntry:
    """One commune expected to report; ``source`` names the roster line it was read from
    (for messages about its email)."""

    code: str
    full_name: str
    name: str
    province: str
    email: str | None = None
    source: str | None = field(default=None, compare=False)


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """A commune or province name reduced for matching ("Xã Hoà An" -> "hoa\u0300 an");
    invisible characters and Cyrillic or Greek look-alike letters do not count."""
    text = nfc_lower_strip(latin_lookalikes(visible(str(name))))
    text = _PUNCT.sub(" ", text).strip()
    text = _UNIT_PREFIX.sub("", text)
    return tone_key(text)


@lru_cache(maxsize=1)
def _official_rows() -> tuple[dict[str, str], ...]:
    ref = resources.files("nq57xl") / "data" / "don_vi_hanh_chinh_2026.csv"
    text = ref.read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


def provinces() -> list[str]:
    """The 34 provinces' short names, in the official order."""
    seen: dict[str, None] = {}
    for row in _official_rows():
        seen.setdefault(row["ten_tinh"], None)
    return list(seen)


def resolve_province(name: str) -> str | None:
    """The official short name of a province named loosely ("Tỉnh Lạng Sơn" -> "Lạng Sơn")."""
    key = name_key(name)
    for row in _official_rows():
        if key in (name_key(row["ten_tinh"]), name_key(row["ten_tinh_day_du"])):
            return row["ten_tinh"]
    return None


def province_full_name(name: str) -> str | None:
    """The official full name of a province ("Lạng Sơn" -> "Tỉnh Lạng Sơn", "Hà Nội" ->
    "Thành phố Hà Nội"), or None when unknown."""
    official = resolve_province(name)
    for row in _official_rows():
        if row["ten_tinh"] == official:
            return row["ten_tinh_day_du"]
    return None


def official_roster(province: str) -> list[RosterEntry]:
    """The official communes of ``province`` (empty when the province is unknown)."""
    official = resolve_province(province)
    return [RosterEntry(r["ma_xa"], r["ten_xa_day_du"], r["ten_xa"], r["ten_tinh"])
            for r in _official_rows() if r["ten_tinh"] == official]


_COLUMN_KEYS = {
    "code": ("ma_xa", "mã xã", "ma xa", "mã", "code", "mã đơn vị"),
    "name": ("ten_xa", "tên xã", "ten xa", "xã", "xã/phường", "tên xã/phường", "tên đơn vị"),
    "full_name": ("ten_xa_day_du", "tên đầy đủ", "tên xã đầy đủ"),
    "province": ("ten_tinh", "tỉnh", "tên tỉnh", "tỉnh/thành phố"),
    "email": ("email", "thư điện tử", "e-mail"),
}


class RosterError(Nq57Error, ValueError):
    """A roster file that cannot be used; the message is Vietnamese."""


def read_roster_csv(path: Path | str, province: str | None = None) -> list[RosterEntry]:
    """A province's own roster from CSV (UTF-8, comma or semicolon separated).

    Columns are recognised by name: code (``ma_xa``/"Mã xã"), name (``ten_xa``/"Tên
    xã"), optionally full name, province and email. Rows of other provinces are
    dropped when ``province`` is given and the file has a province column.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"Không đọc được danh sách xã «{path.name}»: {exc}") from exc
    rows = _numbered_rows(text, _delimiter(text))
    if not rows:
        raise RosterError(f"Danh sách xã «{path.name}» trống.")
    header = [nfc_lower_strip(h) for h in rows[0][1]]
    index = {key: next((i for i, h in enumerate(header) if h in names), None)
             for key, names in _COLUMN_KEYS.items()}
    if index["name"] is None and index["full_name"] is None:
        raise RosterError(f"Danh sách xã «{path.name}» cần cột «Tên xã» (hoặc ten_xa) ở dòng đầu.")
    wanted = resolve_province(province) if province else None
    entries = []
    for line, r in rows[1:]:
        def get(key: str) -> str:
            i = index[key]
            return r[i].strip() if i is not None and i < len(r) else ""
        name = get("name") or get("full_name")
        prov = get("province") or (wanted or province or "")
        if wanted and get("province") and resolve_province(get("province")) != wanted:
            continue
        code = get("code")
        entries.append(RosterEntry(code.zfill(5) if code.isdigit() else code,
                                   get("full_name") or name, name, prov, get("email") or None,
                                   f"danh sách xã «{path.name}», dòng {line}"))
    return entries


def _delimiter(text: str) -> str:
    """The separator of a CSV text: ",", ";" or tab ("," when it cannot be told)."""
    try:
        return csv.Sniffer().sniff(text[:2048], delimiters=",;\t").delimiter
    except csv.Error:  # one column, or nothing to go by
        return ","


def _numbered_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of a CSV text, each with the line it starts on (a quoted
    field may span several lines). Quotes are Excel's ("" inside a quoted field): the
    sniffer guesses them wrong when a quoted field spans lines."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for row in reader:
        if any(c.strip() for c in row):
            rows.append((start, row))
        start = reader.line_num + 1
    return rows


class RosterIndex:
    """Look-ups of roster entries by code and by name key."""

    def __init__(self, entries: list[RosterEntry]) -> None:
        self.entries = entries
        self._by_code = {e.code: e for e in entries if e.code}
        self._by_name: dict[str, RosterEntry] = {}
        for e in entries:
            self._by_name.setdefault(name_key(e.name), e)
            self._by_name.setdefault(name_key(e.full_name), e)

    def match(self, name: str | None, code: str | None = None) -> RosterEntry | None:
        if code:
            found = self._by_code.get(code.zfill(5) if code.isdigit() else code)
            if found:
                return found
        if name:
            return self._by_name.get(name_key(name))
        return None


def other_province(name: str | None, code: str | None, hint: str | None,
                   province: str | None) -> str | None:
    """The province whose official roster a commune belongs to, when it is not
    ``province``: by its commune code, else by its name on the roster of the province
    it names (``hint``); None when it cannot be told or it is ``province`` itself."""
    if code:
        key = code.zfill(5) if code.isdigit() else code
        found = next((r["ten_tinh"] for r in _official_rows() if r["ma_xa"] == key), None)
        if found is not None:
            return found if found != province else None
    named = resolve_province(hint) if hint else None
    if named and named != province and name and RosterIndex(official_roster(named)).match(name):
        return named
    return None
