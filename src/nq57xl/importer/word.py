"""Sources of an appendix as grids of cell values; Word documents are read here.

:func:`source_grids` turns a source file into :class:`SourceGrid` candidates: every sheet
of a workbook (:func:`nq57xl.read.workbook.read_grids`), the appendix of a tab-separated text
export (:func:`nq57xl.importer.textexport.table_rows`), or the tables of a Word document (.docx),
which this module reads straight from the document's XML with the standard library
(python-docx is not needed):

- a horizontally merged cell keeps its text once, in its first grid column, and leaves
  the spanned columns empty (python-docx would repeat the same cell);
- a vertically merged cell (``w:vMerge``) repeats its text on the rows it spans when
  such a row is a row of its own (first cell filled), and stays empty on a continuation
  row, which :func:`nq57xl.read.table.parse_table` joins to the task above anyway;
- real Word footnotes become superscript markers in the cell text ("¹") and footnote
  lines ("¹ Nhiệm vụ đã hoàn thành") below the table, numbered in document order.

Tables that share the appendix header (a table split at page breaks, each part repeating
the header row) and header-less tables of the same width right after them are joined into
one grid. Between joined tables only footnote lines are kept, as one-cell rows. The title
paragraphs above the first table ("PHỤ LỤC ...", "(Kèm theo Kế hoạch số ...)") are kept
as one-cell rows at the top of the grid, as they would stand above a table in a workbook.
Each grid row carries a human location ("bảng thứ 2, dòng 14", "dòng 57") for reports.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ..catalogue import CATALOGUE
from ..errors import Nq57Error
from ..read.cleantext import SUPERSCRIPTS, footnote_definition
from ..read.identity import has_unit_name
from ..read.table import Header, find_header
from ..read.workbook import WORKBOOK_SUFFIXES, SheetGrid, WorkbookError, read_grids
from ..vntext import nfc
from .textexport import read_text_file, table_rows

TEXT_SUFFIXES = (".txt", ".tsv")
#: Word documents whose appendix table is imported (a reports folder's too).
WORD_SUFFIXES = (".docx",)
SUPPORTED = (*WORD_SUFFIXES, *WORKBOOK_SUFFIXES, *TEXT_SUFFIXES)
TITLE_LOOKBACK = 12
MAX_XML_BYTES = 200 * 1024 * 1024  #: larger document parts are refused (zip bombs)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_CONTAINERS = {W + t for t in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt",
                                   "sdtContent", "customXml", "moveTo")}
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_TITLE = re.compile(r"^\s*phụ\s+lục", re.IGNORECASE)
_ATTACHED = re.compile(r"kèm\s+theo", re.IGNORECASE)


class ImportFailure(Nq57Error):
    """Nothing can be imported (unreadable file, no appendix table); Vietnamese message."""


class DocxError(Nq57Error):
    """A Word document that cannot be read; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class SourceGrid:
    """One candidate table: its rows of values, each row's location, and a label."""

    kind: str  # "docx", "workbook" or "text"
    name: str
    rows: list[list[object]]
    origins: list[str]
    label: str

    def where(self, row: int | None, cell: str | None = None) -> str:
        """A human location of a 1-based grid row (the cell too, for workbooks)."""
        if self.kind == "workbook" and cell:
            return f"trang «{self.name}», ô {cell}"
        if row is not None and 0 < row <= len(self.origins):
            return self.origins[row - 1]
        return self.label


@dataclass
class DocxGrid:
    """Joined tables sharing one header: rows of cell texts and where each row comes from."""

    rows: list[list[str]]
    origins: list[str]
    tables: list[int] = field(default_factory=list)
    header: Header | None = None
    width: int = 0

    def add(self, row: list[str], origin: str) -> None:
        self.rows.append(row)
        self.origins.append(origin)

    @property
    def label(self) -> str:
        """Which tables of the document the grid comes from, in words."""
        if len(self.tables) == 1:
            return f"bảng thứ {self.tables[0]} của tài liệu"
        return (f"{len(self.tables)} bảng nối tiếp, từ bảng thứ {self.tables[0]} đến bảng "
                f"thứ {self.tables[-1]} của tài liệu")


# --- Word documents ------------------------------------------------------------

def _superscript(n: int) -> str:
    return "".join(SUPERSCRIPTS["1234567890".index(d)] for d in str(n))


def _runs(element: ET.Element) -> Iterator[ET.Element]:
    """The runs of a paragraph in order, inside hyperlinks, insertions and fields too."""
    for child in element:
        if child.tag == W + "r":
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _runs(child)


def _paragraph_text(p: ET.Element, marks: dict[str, int]) -> str:
    parts: list[str] = []
    for run in _runs(p):
        for node in run:
            tag = node.tag
            if tag == W + "t":
                parts.append(node.text or "")
            elif tag in (W + "tab", W + "br", W + "cr"):
                parts.append(" " if tag == W + "tab" else "\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "footnoteReference":
                number = marks.get(node.get(W + "id", ""))
                if number is not None:
                    parts.append(_superscript(number))
    return "".join(parts)


def _text(element: ET.Element, marks: dict[str, int]) -> str:
    """The text of a cell or paragraph: paragraphs joined with line breaks, NFC."""
    paras = [element] if element.tag == W + "p" else element.iter(W + "p")
    text = "\n".join(_paragraph_text(p, marks) for p in paras)
    return nfc(text).strip()


def _int_attr(parent: ET.Element, path: str, default: int) -> int:
    node = parent.find(path)
    value = node.get(W + "val") if node is not None else None
    return int(value) if value and value.isdigit() else default


def word_table_rows(tbl: ET.Element, marks: dict[str, int]) -> list[list[str]]:
    """The rows of one ``w:tbl`` element as cell texts on the table's layout grid."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column -> text of the cell rooted above
    for tr in tbl.findall(W + "tr"):
        col = _int_attr(tr, f"{W}trPr/{W}gridBefore", 0)
        cells: list[tuple[int, str, bool]] = []
        roots: dict[int, str] = {}
        for tc in tr.findall(W + "tc"):
            span = _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            cont = vmerge is not None and vmerge.get(W + "val", "continue") == "continue"
            text = above.get(col, "") if cont else _text(tc, marks)
            cells.append((col, text, cont))
            roots[col] = text
            col += span
        own_row = bool(cells) and not cells[0][2] and bool(cells[0][1])
        row = [""] * col
        for c, text, cont in cells:
            row[c] = "" if cont and not own_row else text
        rows.append(row)
        above = roots
    return rows


def _blocks(body: ET.Element) -> Iterator[ET.Element]:
    """Paragraphs and tables of the body in document order (inside content controls too)."""
    for child in body:
        if child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (W + "p", W + "tbl"):
            yield child


def _xml(archive: zipfile.ZipFile, name: str) -> ET.Element:
    """One part of the package, parsed; KeyError when absent, ValueError when too large."""
    if archive.getinfo(name).file_size > MAX_XML_BYTES:
        raise ValueError(f"phần {name} quá lớn khi giải nén")
    return ET.fromstring(archive.read(name))


def _footnotes(archive: zipfile.ZipFile) -> dict[str, str]:
    """Footnote texts by id, from the document's footnotes part when it has one."""
    target = "word/footnotes.xml"
    try:
        for rel in _xml(archive, "word/_rels/document.xml.rels"):
            if rel.get("Type") == _FOOTNOTES_REL:
                target = "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
        root = _xml(archive, target)
    except (KeyError, ET.ParseError):
        return {}
    notes: dict[str, str] = {}
    for note in root.findall(W + "footnote"):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        notes[note.get(W + "id", "")] = " ".join(_text(note, {}).split())
    return notes


def _load(path: Path) -> tuple[ET.Element, dict[str, int], dict[str, str]]:
    """The body element, footnote marks (id -> number) and footnote texts (id -> text)."""
    try:
        with zipfile.ZipFile(path) as archive:
            document = _xml(archive, "word/document.xml")
            notes = _footnotes(archive)
    except FileNotFoundError:
        raise DocxError("không tìm thấy tệp") from None
    except PermissionError:
        raise DocxError("tệp đang được mở hoặc khoá bởi chương trình khác; hãy đóng tệp "
                        "rồi chạy lại") from None
    except (zipfile.BadZipFile, KeyError, ValueError, ET.ParseError, OSError) as exc:
        raise DocxError("tệp không phải tài liệu Word .docx hợp lệ (có thể bị hỏng, có mật "
                        f"khẩu hoặc bị đổi đuôi): {str(exc)[:120]}") from None
    body = document.find(W + "body")
    if body is None:
        raise DocxError("tài liệu Word không có nội dung")
    marks: dict[str, int] = {}
    for ref in body.iter(W + "footnoteReference"):
        marks.setdefault(ref.get(W + "id", ""), len(marks) + 1)
    return body, marks, notes


def _titles(paragraphs: list[str]) -> list[str]:
    """The title lines above a table: the lines naming a commune with its unit word
    ("UBND XÃ ĐÔ LƯƠNG"), then from the closest "Phụ lục" line, else "Kèm theo" lines."""
    window = [p for p in paragraphs if p.strip()][-TITLE_LOOKBACK:]
    for i in range(len(window) - 1, -1, -1):
        if _TITLE.match(window[i]):
            return [p for p in window[:i] if has_unit_name(p)] + window[i:]
    return [p for p in window if _ATTACHED.search(p) or has_unit_name(p)]


def _footnote_lines(paragraphs: list[str]) -> list[str]:
    return [p for p in paragraphs if footnote_definition(p)]


def docx_grids(path: Path | str) -> tuple[list[DocxGrid], int]:
    """Every group of tables with an appendix header, and the number of tables read.

    Raises :class:`DocxError` when the file is not a readable .docx.
    """
    body, marks, notes = _load(Path(path))
    grids: list[DocxGrid] = []
    current: DocxGrid | None = None
    pending: list[str] = []
    count = 0

    def close(group: DocxGrid | None) -> None:
        if group is None:
            return
        for line in _footnote_lines(pending):
            group.add([line], f"chú thích sau bảng thứ {group.tables[-1]}")
        used = {marks[k] for t in group.tables for k in table_refs.get(t, ())}
        for key, number in sorted(marks.items(), key=lambda kv: kv[1]):
            if number in used and notes.get(key):
                group.add([f"{_superscript(number)} {notes[key]}"],
                          f"chú thích cuối trang số {number}")

    table_refs: dict[int, list[str]] = {}
    for block in _blocks(body):
        if block.tag == W + "p":
            pending.append(_text(block, marks))
            continue
        count += 1
        table_refs[count] = [r.get(W + "id", "") for r in block.iter(W + "footnoteReference")]
        rows = word_table_rows(block, marks)
        header = find_header(rows)
        width = max((len(r) for r in rows), default=0)
        carried: list[str] = []
        if current is not None and _continues(current, header, width, pending):
            for line in _footnote_lines(pending):
                current.add([line], f"chú thích sau bảng thứ {current.tables[-1]}")
        else:
            close(current)
            current = None
            if header is not None:
                current = DocxGrid([], [], header=header, width=width)
                for line in _titles(pending):
                    current.add([line], f"đoạn văn trước bảng thứ {count}")
                grids.append(current)
            else:  # a title block laid out as a borderless table: its lines stay titles
                carried = pending + [ln for row in rows for cell in row
                                     for ln in str(cell).splitlines() if ln.strip()]
        if current is not None:
            current.tables.append(count)
            for r, row in enumerate(rows, start=1):
                current.add(row, f"bảng thứ {count}, dòng {r}")
        pending = carried
    close(current)
    return grids, count


def _continues(group: DocxGrid, header: Header | None, width: int, between: list[str]) -> bool:
    """Whether a table continues ``group``: same header, or no header and the same width."""
    if any(_TITLE.match(p) for p in between):
        return False
    if header is not None and group.header is not None:
        return header.columns == group.header.columns
    return header is None and width == group.width


# --- every source type ---------------------------------------------------------

def _text_grids(path: Path) -> list[SourceGrid]:
    text = read_text_file(path)
    rows: list[list[object]] = list(table_rows(text))
    if not rows:
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next(i for i, line in enumerate(lines)
                 if "\t" in line and find_header([line.split("\t")], scan=1))
    header = find_header(rows)
    offset = start - (header.row_index if header else 0)
    above = [ln.strip() for ln in lines[max(0, start - 12):start] if ln.strip()]
    titles = [ln for ln in above if _ATTACHED.search(ln) and [ln] not in rows]
    origins = [f"dòng {offset + i + 1}" for i in range(len(rows))]
    return [SourceGrid("text", path.name, [[t] for t in titles] + rows,
                       ["phần đầu văn bản"] * len(titles) + origins,
                       f"dòng {offset + 1}–{offset + len(rows)} của văn bản")]


def _docx_grids(path: Path) -> list[SourceGrid]:
    try:
        grids, count = docx_grids(path)
    except DocxError as exc:
        raise ImportFailure(f"Không đọc được tài liệu Word «{path.name}»: {exc}.") from None
    if not grids and count:
        raise ImportFailure(
            f"Tài liệu «{path.name}» có {count} bảng nhưng không bảng nào có dòng tiêu đề gồm "
            "cột «STT» và «Tên nhiệm vụ». Hãy kiểm tra bảng phụ lục có dòng tiêu đề cột.")
    return [SourceGrid("docx", "Word", list(g.rows), g.origins, g.label) for g in grids]


def _workbook_grids(path: Path) -> tuple[list[SourceGrid], list[SheetGrid]]:
    try:
        sheets = read_grids(path)
    except WorkbookError as exc:
        raise ImportFailure(f"Không đọc được tệp «{path.name}»: "
                            f"{CATALOGUE[exc.code].title.lower()} ({exc.detail}).") from None
    ordered = sorted(sheets, key=lambda g: not g.visible)
    return [SourceGrid("workbook", g.name, g.rows,
                       [f"trang «{g.name}», dòng {i + 1}" for i in range(len(g.rows))],
                       f"trang «{g.name}»") for g in ordered], sheets


def source_grids(source: Path) -> tuple[list[SourceGrid], list[SheetGrid]]:
    """The candidate grids of ``source`` and, for a workbook, its sheets (for metadata).

    Raises :class:`ImportFailure` for a missing, unreadable or unsupported file.
    """
    suffix = source.suffix.lower()
    if not source.is_file():
        raise ImportFailure(f"Không tìm thấy tệp «{source}».")
    if suffix == ".docx":
        return _docx_grids(source), []
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_grids(source)
    if suffix in TEXT_SUFFIXES:
        return _text_grids(source), []
    hint = {".doc": " Hãy mở tệp bằng Word, chọn Lưu thành (Save As) dạng .docx rồi nhập lại.",
            ".pdf": " Hãy chuyển PDF sang Word (.docx) hoặc văn bản (.txt) rồi nhập lại."}
    raise ImportFailure(f"Không nhập được tệp «{source.name}»: chỉ nhận các loại "
                        f"{', '.join(SUPPORTED)}.{hint.get(suffix, '')}")
