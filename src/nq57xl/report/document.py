"""Decree 30/2020/NĐ-CP layout helpers on python-docx: A4, margins, Times New Roman,
the header block (issuer and national motto), title, "Nơi nhận" and signature."""

from __future__ import annotations

from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
SMALL_PT = 12
RECIPIENTS_PT = 11
HEADER_PT = 12
ISSUER = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
NUMBER = "Số: ……/BC-SKHCN"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIGNER = "GIÁM ĐỐC"


def new_document() -> DocxDocument:
    """An empty A4 document: margins top/bottom 20 mm, left 30 mm, right 15 mm, 14 pt."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(6)
    return doc


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
             size: float | None = None, highlight: bool = False):
    """A run of ``text`` in Times New Roman."""
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = Pt(size)
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def paragraph(doc_or_cell, text: str = "", *, align: str = "justify", bold: bool = False,
              italic: bool = False, size: float | None = None, indent: bool = False,
              space_after: float | None = None, highlight: bool = False) -> Paragraph:
    """A paragraph of one run; ``align`` left, center, right or justify."""
    para = doc_or_cell.add_paragraph()
    para.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                      "right": WD_ALIGN_PARAGRAPH.RIGHT,
                      "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    if indent:
        para.paragraph_format.first_line_indent = Mm(10)
    if space_after is not None:
        para.paragraph_format.space_after = Pt(space_after)
    if text:
        add_text(para, text, bold=bold, italic=italic, size=size, highlight=highlight)
    return para


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, *widths: int) -> None:
    """Column widths in mm, in the grid and on every cell (Word and LibreOffice)."""
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _cell_lines(cell, lines: list[tuple[str, bool, bool]]) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text, bold, italic in lines:
        paragraph(cell, text, align="center", bold=bold, italic=italic, size=HEADER_PT,
                  space_after=0)


def header_block(doc: DocxDocument, province: str, as_of: date) -> None:
    """The 2-column borderless table: issuer and number left, motto, place and date right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _widths(table, 65, 100)
    left, right = table.rows[0].cells
    _cell_lines(left, [(f"UBND TỈNH {province.upper()}", False, False), (ISSUER, True, False),
                       (NUMBER, False, False)])
    _cell_lines(right, [(NATION, True, False), (MOTTO, True, False),
                        (f"{province}, ngày {as_of:%d} tháng {as_of:%m} năm {as_of:%Y}",
                         False, True)])


def title(doc: DocxDocument, subtitle: str) -> None:
    """"BÁO CÁO" and its subject, centred."""
    paragraph(doc, "BÁO CÁO", align="center", bold=True, space_after=0).paragraph_format.space_before = Pt(12)
    paragraph(doc, subtitle, align="center", bold=True, space_after=12)


def heading(doc: DocxDocument, text: str) -> Paragraph:
    """A section heading ("I. KẾT QUẢ ĐẠT ĐƯỢC")."""
    return paragraph(doc, text, align="justify", bold=True, indent=True)


def closing(doc: DocxDocument) -> None:
    """"Nơi nhận" on the left (11-12 pt), the signature block on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    _widths(table, 80, 85)
    left, right = table.rows[0].cells
    left.paragraphs[0]._element.getparent().remove(left.paragraphs[0]._element)
    para = paragraph(left, "Nơi nhận:", align="left", bold=True, italic=True, size=SMALL_PT,
                     space_after=0)
    para.paragraph_format.space_before = Pt(12)
    for line in ("- Như trên;", "- Lưu: VT."):
        paragraph(left, line, align="left", size=RECIPIENTS_PT, space_after=0)
    right.paragraphs[0]._element.getparent().remove(right.paragraphs[0]._element)
    para = paragraph(right, SIGNER, align="center", bold=True, space_after=0)
    para.paragraph_format.space_before = Pt(12)
    for _ in range(4):
        paragraph(right, "", align="center", space_after=0)
