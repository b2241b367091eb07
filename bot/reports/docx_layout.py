"""The layout of a Vietnamese administrative report (Nghị định 30/2020/NĐ-CP, Phụ lục I), shared by the
self-assessment report of the package (``dti-bot package``, /hoso) and the periodic report drafts
(``dti-bot report``, /baocao): A4 with the decree's margins, Times New Roman, the header block (the issuing body
on the left with the number placeholder, the national emblem lines on the right with the place and date
placeholder), the title, headings, tables and placeholder paragraphs, then "Nơi nhận" beside the signature block.

Plain text in, a python-docx ``Document`` out; nothing here reads the database or knows what a report says.
python-docx is imported only when a document is made (the bot's other commands do not pay for it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 10.5
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ROWS_SHOWN = 200  # rows of one table at most: a province has thousands of units; the workbook has them all


@dataclass(frozen=True)
class Heading:
    """Who issues the report and what it is: the header block, title and closing of the document."""

    superior: str  # "UBND TỈNH KON TUM" (the body above the issuer), may be empty
    issuer: str  # "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    number: str  # "Số: …/BC-…"
    place_date: str  # "…, ngày … tháng … năm …"
    title: str  # "BÁO CÁO"
    subtitle: str  # "Tự đánh giá Chỉ số chuyển đổi số …"
    recipients: tuple[str, ...] = field(default_factory=tuple)  # "Nơi nhận" lines
    signer: tuple[str, ...] = ("THỦ TRƯỞNG CƠ QUAN",)  # the signature block's title lines


def province_of(*texts: str) -> str:
    """"tỉnh Kon Tum" from a plan's name ("… tỉnh Kon Tum (2024)"), or "" when no place is named."""
    for text in texts:
        found = re.search(r"\b(tỉnh|thành phố|huyện|xã)\s+([^\s()][^()]*?)(?:\s*\(|\s+năm\b|\s+\d{4}\b|$)", text)
        if found:
            return f"{found.group(1)} {found.group(2).strip()}"
    return ""


def new_document(heading: Heading) -> Document:
    """An A4 document with the decree's margins and font, the header block, the title and subtitle."""
    from docx import Document as make
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = make()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(BODY_PT), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # the theme's heading font would win over Times New Roman
        fonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(8), Pt(4)

    top = doc.add_table(rows=1, cols=2)
    top.autofit = False
    left, right = top.rows[0].cells
    for column, cell, width in ((top.columns[0], left, Mm(68)), (top.columns[1], right, Mm(97))):
        column.width = cell.width = width
    _lines(left, [(heading.superior.upper(), False, False, 12), (heading.issuer.upper(), True, False, 12),
                  ("———", False, False, 10), (heading.number, False, False, 12)])
    _lines(right, [(NATION, True, False, 12), (MOTTO, True, False, 13), ("———————", False, False, 10),
                   (heading.place_date, False, True, 13)])
    for text, bold, size in ((heading.title, True, 14), (heading.subtitle, True, 13)):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    return doc


def _lines(cell: Any, lines: Sequence[tuple[str, bool, bool, float]]) -> None:
    """Centred lines in a header cell (text, bold, italic, size in points); empty texts are left out."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    first = True
    for text, bold, italic, size in lines:
        if not text:
            continue
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def heading(doc: Document, text: str, level: int = 1) -> None:
    doc.add_heading(text, level=level)


def paragraph(doc: Document, text: str, *, italic: bool = False, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    run = para.add_run(text)
    run.italic, run.bold = italic, bold


def placeholder(doc: Document, what: str) -> None:
    """A paragraph the official writes: "[Nhận định của đơn vị: …]" in italics, to be replaced before signing."""
    para = doc.add_paragraph()
    para.add_run(f"[{what}: …………………………………………………………………………]").italic = True


def bullets(doc: Document, lines: Iterable[str]) -> None:
    for line in lines:
        paragraph(doc, f"- {line}")


def table(doc: Document, header: Sequence[str], rows: Iterable[Sequence[Any]], widths_mm: Sequence[float],
          *, total: int | None = None, more: str = "") -> int:
    """A bordered table with a bold header row repeated on each page; at most ``ROWS_SHOWN`` rows, then one line
    saying how many more there are (``total`` rows in all) and where they are (``more``). Returns the rows
    written.

    The rows are written as WordprocessingML text and parsed at once: python-docx's cell by cell calls take
    about 5 ms a row, which a report of a few hundred rows cannot afford within its 5 s."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm

    grid = doc.add_table(rows=0, cols=len(header))
    grid.style = "Table Grid"
    grid.autofit = False
    for column, width in zip(grid.columns, widths_mm, strict=False):
        column.width = Mm(width)
    twips = [round(w * 1440 / 25.4) for w in widths_mm]
    xml = [_row(header, twips, bold=True, repeat=True)]
    written = 0
    for row in rows:
        if written == ROWS_SHOWN:
            break
        xml.append(_row([_cell_text(v) for v in row], twips))
        written += 1
    for tr in list(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>")):
        grid._tbl.append(tr)
    if total is not None and total > written:
        paragraph(doc, f"(… và {total - written} dòng nữa{': ' + more if more else ''}.)", italic=True)
    return written


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _row(texts: Sequence[str], twips: Sequence[int], *, bold: bool = False, repeat: bool = False) -> str:
    """One table row as WordprocessingML: each cell its width, one paragraph without space after, the text at
    ``TABLE_PT`` (escaped; characters XML cannot hold dropped)."""
    from xml.sax.saxutils import escape

    size = round(TABLE_PT * 2)
    run = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:spacing w:after="0"/>'
        f'</w:pPr><w:r>{run}<w:t xml:space="preserve">{escape(_NOT_XML.sub("", text))}</w:t></w:r></w:p></w:tc>'
        for text, width in zip(texts, twips, strict=False))
    head = "<w:trPr><w:tblHeader/></w:trPr>" if repeat else ""
    return f"<w:tr>{head}{cells}</w:tr>"


def _cell_text(value: Any) -> str:
    from scoring.numbers import fmt_num

    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Có" if value else ""
    if isinstance(value, int | float):
        return fmt_num(value)
    return str(value)


def closing(doc: Document, heading_: Heading) -> None:
    """"Nơi nhận" (bold italic, its lines smaller) on the left, the signature block on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc.add_paragraph()
    grid = doc.add_table(rows=1, cols=2)
    grid.autofit = False
    left, right = grid.rows[0].cells
    for column, cell, width in ((grid.columns[0], left, Mm(80)), (grid.columns[1], right, Mm(85))):
        column.width = cell.width = width
    para = left.paragraphs[0]
    run = para.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in heading_.recipients:
        item = left.add_paragraph()
        item.paragraph_format.space_after = Pt(0)
        item.add_run(line).font.size = Pt(11)
    first = True
    for line in (*heading_.signer, "(Ký, ghi rõ họ tên, đóng dấu)", "", "", "", "[Họ và tên người ký]"):
        item = right.paragraphs[0] if first else right.add_paragraph()
        first = False
        item.alignment = WD_ALIGN_PARAGRAPH.CENTER
        item.paragraph_format.space_after = Pt(0)
        run = item.add_run(line)
        run.bold = line.isupper() or line.startswith("[")
        run.italic = line.startswith("(")
        run.font.size = Pt(13)
