"""What python-calamine does not give: hidden columns, merges of .ods, cell details.

- :func:`sheet_layout`: each sheet's hidden columns (.xlsx from the sheet XML, .xls with
  xlrd, .ods from content.xml) and, for .ods, its merged ranges (calamine gives the
  merges of .xlsx and .xls itself).
- :func:`cell_details`: for a few cells of one sheet, their percent or month/year
  number format, formula and link (.xlsx from the sheet and styles XML, .xls with xlrd
  and its BIFF records, .ods from content.xml).

Both are best effort: a file these readers cannot open gives no detail, never an error
(calamine has read its values already).
"""

from __future__ import annotations

import html
import re
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .celldetail import CellDetail
from .gridcheck import column_number, sheet_parts
from .merges import Merge
from .odsinfo import read_ods

_XLSX = (".xlsx", ".xlsm")
_COL = re.compile(rb"<col\b[^>]*>")
_ATTR = re.compile(rb'\b(min|max|hidden)="([^"]*)"')
_HYPERLINK = re.compile(rb"<hyperlink\b[^>]*>")
_REF = re.compile(rb'\bref="\$?([A-Z]{1,3})\$?(\d{1,7})"')
_RID = re.compile(rb'\br:id="([^"]+)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')
_HYPERLINK_FORMULA = re.compile(r'^=\s*HYPERLINK\(\s*"([^"]+)"', re.IGNORECASE)
#: A number format showing a date as month and year only ("mm/yyyy", "mmm-yy").
_MONTH_YEAR = re.compile(r"^(?=.*m)(?=.*y)[^d]*$", re.IGNORECASE)


@dataclass(frozen=True)
class SheetLayout:
    merges: tuple[Merge, ...] = ()
    hidden_columns: frozenset[int] = frozenset()


def sheet_layout(path: Path) -> dict[str, SheetLayout]:
    """Sheet name -> hidden columns (and merges of an .ods); empty when unknown."""
    suffix = path.suffix.lower()
    try:
        if suffix in _XLSX:
            return _xlsx_layout(path)
        if suffix == ".xls":
            return _xls_layout(path)
        if suffix == ".ods":
            return {name: SheetLayout(tuple(s.merges), frozenset(s.hidden_columns))
                    for name, s in read_ods(path).items()}
    except Exception:  # noqa: BLE001 - best effort: the values are read already
        return {}
    return {}


def cell_details(path: Path, sheet: str, cells: Iterable[tuple[int, int]]
                 ) -> dict[tuple[int, int], CellDetail]:
    """(row, column) -> :class:`CellDetail` of those of ``cells`` that have any."""
    wanted = set(cells)
    if not wanted:
        return {}
    suffix = path.suffix.lower()
    try:
        if suffix in _XLSX:
            return _xlsx_details(path, sheet, wanted)
        if suffix == ".xls":
            return _xls_details(path, sheet, wanted)
        if suffix == ".ods":
            details = read_ods(path).get(sheet)
            return {rc: d for rc, d in details.details.items() if rc in wanted} if details else {}
    except Exception:  # noqa: BLE001 - best effort, as above
        return {}
    return {}


def is_month_year(number_format: str | None) -> bool:
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]', "", number_format or "")
    return bool(fmt) and bool(_MONTH_YEAR.match(fmt))


def hyperlink_target(formula: str | None) -> str | None:
    """The address of ``=HYPERLINK("http://...", "Xem")``."""
    m = _HYPERLINK_FORMULA.match(formula or "")
    return m.group(1) if m else None


# --- .xlsx ----------------------------------------------------------------------------

def _xlsx_layout(path: Path) -> dict[str, SheetLayout]:
    out = {}
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_parts(zf, set(zf.namelist())):
            xml = zf.read(part)
            head = xml[:xml.find(b"<sheetData")] if b"<sheetData" in xml else xml[:65536]
            hidden: set[int] = set()
            for col in _COL.finditer(head):
                attrs = {k: v for k, v in _ATTR.findall(col.group(0))}
                if attrs.get(b"hidden") in (b"1", b"true") and b"min" in attrs:
                    low, high = int(attrs[b"min"]), int(attrs.get(b"max", attrs[b"min"]))
                    hidden.update(range(low - 1, min(high, 16384)))
            out[name] = SheetLayout((), frozenset(hidden))
    return out


def _xlsx_details(path: Path, sheet: str, wanted: set[tuple[int, int]]
                  ) -> dict[tuple[int, int], CellDetail]:
    """Number formats, formulas and links of the wanted cells, from the sheet XML (one
    pass over the rows that hold them) and the styles part; openpyxl is not needed."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        part = dict(sheet_parts(zf, names)).get(sheet)
        if part is None:
            return {}
        xml = sheet_xml(zf, part)
        folder, _, file = part.rpartition("/")
        rels_part = f"{folder}/_rels/{file}.rels"
        rels_xml = zf.read(rels_part) if rels_part in names else b""
        formats = _xf_formats(zf.read("xl/styles.xml") if "xl/styles.xml" in names else b"")
    out: dict[tuple[int, int], CellDetail] = {}
    for rc, attrs, body in _cells(xml, wanted):
        style = _S_ATTR.search(attrs)
        fmt = formats[int(style.group(1))] if style and int(style.group(1)) < len(formats) else ""
        formula = _F_TAG.search(body) if body else None
        text = None
        if formula is not None:  # a shared formula's other cells carry no text
            code = html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            text = "=" + code if code else "(công thức chép từ ô khác)"
        detail = CellDetail(percent="%" in fmt, month_year=is_month_year(fmt), formula=text)
        if detail != CellDetail():
            out[rc] = detail
    for rc, link in _xlsx_links(xml, rels_xml).items():
        if rc in wanted:
            out[rc] = replace(out.get(rc, CellDetail()), link=link)
    return out


def sheet_xml(zf: zipfile.ZipFile, part: str) -> bytes:
    """A worksheet's XML (one read per look-up; counted by the tests)."""
    return zf.read(part)


def _cells(xml: bytes, wanted: set[tuple[int, int]]):
    """(row, column), attributes and body of each wanted ``<c>`` element."""
    rows = sorted({r for r, _ in wanted})
    start = xml.find(b'<row r="%d"' % (rows[0] + 1))
    stop = xml.find(b'<row r="%d"' % (rows[-1] + 2))
    start = start if start >= 0 else 0
    stop = stop if stop >= 0 else len(xml)
    for m in _CELL.finditer(xml, start, stop):
        ref = _R_ATTR.search(m.group(1))
        if ref is None:
            continue
        rc = int(ref.group(2)) - 1, column_number(ref.group(1).decode()) - 1
        if rc in wanted:
            yield rc, m.group(1), m.group(2)


#: Excel's built-in number formats that matter here (ids without a numFmt element).
_BUILTIN_FORMATS = {9: "0%", 10: "0.00%", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm",
                    17: "mmm-yy", 22: "m/d/yy h:mm"}
_NUMFMT = re.compile(rb"<numFmt\b[^>]*>")
_NUMFMT_ID = re.compile(rb'\bnumFmtId="(\d+)"')
_FORMAT_CODE = re.compile(rb'\bformatCode="([^"]*)"')
_CELL_XFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b[^>]*>")
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_R_ATTR = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_S_ATTR = re.compile(rb'\bs="(\d+)"')
_F_TAG = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)


def _xf_formats(styles: bytes) -> list[str]:
    """The number format code of each cell style (index = a cell's ``s`` attribute)."""
    codes = dict(_BUILTIN_FORMATS)
    for tag in _NUMFMT.findall(styles):
        fid, code = _NUMFMT_ID.search(tag), _FORMAT_CODE.search(tag)
        if fid and code:
            codes[int(fid.group(1))] = html.unescape(code.group(1).decode("utf-8", "replace"))
    block = _CELL_XFS.search(styles)
    out = []
    for xf in _XF.findall(block.group(1)) if block else ():
        fid = _NUMFMT_ID.search(xf)
        out.append(codes.get(int(fid.group(1)), "") if fid else "")
    return out


def _xlsx_links(xml: bytes, rels_xml: bytes) -> dict[tuple[int, int], str]:
    """Cell hyperlinks (Insert › Link) of one sheet: (row, column) -> address."""
    rels = {m.group(1): m.group(2) for m in _REL.finditer(rels_xml)}
    rels.update({m.group(2): m.group(1) for m in _REL_ALT.finditer(rels_xml)})
    out = {}
    for m in _HYPERLINK.finditer(xml):
        ref, rid = _REF.search(m.group(0)), _RID.search(m.group(0))
        if ref and rid and rid.group(1) in rels:
            rc = int(ref.group(2)) - 1, column_number(ref.group(1).decode()) - 1
            out[rc] = html.unescape(rels[rid.group(1)].decode("utf-8", "replace"))
    return out


# --- .xls -----------------------------------------------------------------------------

def _xls_book(path: Path):
    import xlrd  # lazy: .xls files only

    return xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)


def _xls_layout(path: Path) -> dict[str, SheetLayout]:
    book = _xls_book(path)
    try:
        out = {}
        for name in book.sheet_names():
            ws = book.sheet_by_name(name)
            hidden = frozenset(c for c, info in ws.colinfo_map.items() if info.hidden)
            out[name] = SheetLayout((), hidden)
        return out
    finally:
        book.release_resources()


def _xls_details(path: Path, sheet: str, wanted: set[tuple[int, int]]
                 ) -> dict[tuple[int, int], CellDetail]:
    book = _xls_book(path)
    try:
        ws = book.sheet_by_name(sheet)
        formulas = _xls_hyperlink_formulas(book, book.sheet_names().index(sheet), wanted)
        out = {}
        for r, c in wanted:
            if r >= ws.nrows or c >= ws.ncols:
                continue
            xf = book.xf_list[ws.cell_xf_index(r, c)]
            fmt = book.format_map.get(xf.format_key)
            text = fmt.format_str if fmt is not None else ""
            link = ws.hyperlink_map.get((r, c))
            detail = CellDetail(percent="%" in text, month_year=is_month_year(text),
                                link=link.url_or_path if link is not None else formulas.get((r, c)))
            if detail != CellDetail():
                out[r, c] = detail
        return out
    finally:
        book.release_resources()


_FORMULA, _EOF = 0x0006, 0x000A
_T_STR, _HYPERLINK_FUNCTION = 0x17, 359


def _xls_hyperlink_formulas(book, index: int, wanted: set[tuple[int, int]]
                            ) -> dict[tuple[int, int], str]:
    """(row, column) -> address of the wanted cells holding ``=HYPERLINK("address", ...)``.

    xlrd gives a formula's cached value only, so the sheet's FORMULA records are read
    from the BIFF8 stream xlrd keeps (``book.mem``): a formula starting with a string
    constant (tStr) and ending with the HYPERLINK function (tFuncVar 359).
    """
    mem: bytes = book.mem
    pos = book._sh_abs_posn[index]
    out = {}
    while pos + 4 <= len(mem):
        kind, length = struct.unpack_from("<HH", mem, pos)
        data = mem[pos + 4:pos + 4 + length]
        pos += 4 + length
        if kind == _EOF:
            break
        if kind != _FORMULA or len(data) < 22:
            continue
        r, c = struct.unpack_from("<HH", data)
        if (r, c) in wanted:
            size = struct.unpack_from("<H", data, 20)[0]
            url = _hyperlink_argument(data[22:22 + size])
            if url:
                out[r, c] = url
    return out


def _hyperlink_argument(tokens: bytes) -> str | None:
    if len(tokens) < 7 or tokens[0] != _T_STR or tokens[-4] not in (0x22, 0x42, 0x62):
        return None
    if struct.unpack_from("<H", tokens, len(tokens) - 2)[0] & 0x7FFF != _HYPERLINK_FUNCTION:
        return None
    count, wide = tokens[1], tokens[2] & 1
    raw = tokens[3:3 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")
