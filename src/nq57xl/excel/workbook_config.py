"""Values of the macro workbook's hidden "xlwings.conf" sheet, changed without Excel.

The installer (``cai-dat.bat``) writes where it put Python into the workbook it
copies: :func:`set_config_values` rewrites the value cells (column B) of the given keys
on that sheet as inline strings, inside the .xlsm's zip, and leaves every other part and
every other byte of the sheet as it was (the VBA project, the buttons and the styles
are untouched; openpyxl would drop the buttons). It reads workbooks written by
xlsxwriter and by Excel (shared or inline strings, any row attributes).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..atomic import write_atomic
from ..errors import Nq57Error
from .layout import CONFIG_SHEET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_ROW = re.compile(rb'<row\b[^>]*\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.DOTALL)
_CELL = re.compile(rb'<c\b[^>]*\br="([A-Z]+)\d+"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)


class ConfigError(Nq57Error, ValueError):
    """The workbook has no xlwings.conf sheet, or not the keys asked for."""


def set_config_values(path: Path | str, values: dict[str, str]) -> Path:
    """Write ``values`` (key -> text) into column B of the keys' rows on xlwings.conf."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            parts = {i.filename: archive.read(i.filename) for i in infos}
    except (OSError, zipfile.BadZipFile) as exc:
        raise ConfigError(f"Không đọc được sổ làm việc «{path}»: {exc}") from None
    name = _config_part(parts)
    parts[name] = _set_values(parts[name], _shared_strings(parts), values)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            out.writestr(info, parts[info.filename])
    return write_atomic(path, lambda tmp: tmp.write_bytes(buffer.getvalue()))


def _config_part(parts: dict[str, bytes]) -> str:
    book = ET.fromstring(parts["xl/workbook.xml"])
    rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{NS['rel']}}}Relationship")}
    for sheet in book.iter(f"{{{NS['m']}}}sheet"):
        if sheet.get("name") == CONFIG_SHEET:
            target = targets.get(sheet.get(f"{{{NS['r']}}}id"), "")
            return "xl/" + target.lstrip("/").removeprefix("xl/")
    raise ConfigError(f"Sổ làm việc không có trang «{CONFIG_SHEET}»: hãy dùng tệp nq57xl.xlsm gốc.")


def _shared_strings(parts: dict[str, bytes]) -> list[str]:
    raw = parts.get("xl/sharedStrings.xml")
    if raw is None:
        return []
    return ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
            for si in ET.fromstring(raw).iter(f"{{{NS['m']}}}si")]


def _set_values(sheet: bytes, strings: list[str], values: dict[str, str]) -> bytes:
    missing = set(values)

    def row(found: re.Match) -> bytes:
        cells = {m.group(1).decode(): m for m in _CELL.finditer(found.group(0))}
        key = _cell_text(cells["A"].group(0), strings) if "A" in cells else None
        if key not in values:
            return found.group(0)
        missing.discard(key)
        number = found.group(1).decode()
        new = (f'<c r="B{number}" t="inlineStr"><is><t xml:space="preserve">'
               f'{escape(values[key])}</t></is></c>').encode()
        text = found.group(0)
        if "B" in cells:
            old = cells["B"].group(0)
            style = re.search(rb'\ss="\d+"', old[:old.find(b">")])
            if style:
                new = new.replace(b" t=", style.group(0) + b" t=", 1)
            return text.replace(old, new, 1)
        a_cell = cells["A"].group(0)
        return text.replace(a_cell, a_cell + new, 1)

    out = _ROW.sub(row, sheet)
    if missing:
        raise ConfigError(f"Trang «{CONFIG_SHEET}» không có dòng {sorted(missing)}.")
    return out


def _cell_text(cell: bytes, strings: list[str]) -> str | None:
    value = re.search(rb"<v>([^<]*)</v>", cell)
    if b't="s"' in cell and value:
        index = int(value.group(1))
        return strings[index] if index < len(strings) else None
    inline = re.search(rb"<t[^>]*>([^<]*)</t>", cell)
    if inline:
        return ET.fromstring(b"<t>" + inline.group(1) + b"</t>").text or ""
    return value.group(1).decode() if value else None
