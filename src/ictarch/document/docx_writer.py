"""The document as DOCX (python-docx), formatted as a Vietnamese administrative document.

Presentation follows Nghị định 30/2020/NĐ-CP for the body text: A4 paper,
margins of 20 mm at the top and bottom, 30 mm on the left and 15 mm on the
right, Times New Roman 14 pt, page numbers in Arabic figures centred at the top
of every page but the first. Headings are Word's Heading 1-3 (so the table of
contents field finds them) in the same font, black; tables repeat their header
row on every page; pictures are PNG at print resolution with a caption below,
tables a caption above.

The same document gives the same bytes: the document properties carry the
document's date (SOURCE_DATE_EPOCH or ``released``) and no other time, and
the zip archive python-docx writes (with the current time on every entry) is
written again with a fixed time, in the same order, with the same compression.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import TYPE_CHECKING, Any

from ictarch.document.blocks import (
    Bullets,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
    TableOfContents,
)
from ictarch.document.figures import png_size
from ictarch.printable import printable

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph as WordParagraph

FONT = "Times New Roman"
_NOT_IN_XML = dict.fromkeys(map(ord, "\ufffe\uffff"))
BODY_SIZE = 14
TABLE_SIZE = 12
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
MAX_PICTURE_HEIGHT_MM = 200
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The time of every entry of the archive: the earliest a zip file can hold."""


def write_docx(document: Document) -> bytes:
    """The DOCX file of ``document``; the same document gives the same bytes."""
    import docx

    word = docx.Document()
    _page_setup(word)
    _styles(word, document.language)
    _title_page(word, document)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(_safe(block.full), level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph(_safe(block.text))
            if block.note:
                for run in paragraph.runs:
                    run.italic = True
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(_safe(item), style="List Bullet")
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Figure):
            _figure(word, block)
        elif isinstance(block, TableOfContents):
            _table_of_contents(word, block, document)
    _update_fields_on_open(word)
    _properties(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _safe(text: str) -> str:
    """``text`` as XML 1.0 can hold it: no control characters, no bidi tricks (the model's
    text passes here once more, whatever part of the document it reached)."""
    return printable(text).translate(_NOT_IN_XML)


def _page_setup(word: WordDocument) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(header, "PAGE", "1")


def _set_fonts(style_or_run: Any, size: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    element = style_or_run.element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _styles(word: WordDocument, language: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = word.styles
    normal = styles["Normal"]
    _set_fonts(normal, BODY_SIZE)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.first_line_indent = None
    properties = normal.element.get_or_add_rPr()
    lang = properties.makeelement(
        qn("w:lang"), {qn("w:val"): "vi-VN" if language == "vi" else "en-GB"}
    )
    properties.append(lang)
    for level, size in ((1, 14), (2, 14), (3, 14)):
        style = styles[f"Heading {level}"]
        _set_fonts(style, size)
        style.font.bold = True
        style.font.italic = level == 3
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.page_break_before = level == 1
        style.paragraph_format.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT
        )
    for name in ("Caption", "List Bullet", "Title", "Subtitle", "TOC Heading"):
        if name in [s.name for s in styles]:
            _set_fonts(styles[name])
    caption = styles["Caption"]
    _set_fonts(caption, 13)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(6)
    caption.paragraph_format.space_before = Pt(6)


def _title_page(word: WordDocument, document: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    for _ in range(6):
        word.add_paragraph()
    subtitle = word.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = subtitle.add_run(_safe(document.subtitle).upper())
    run.bold = True
    run.font.size = Pt(16)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_safe(document.title))
    run.bold = True
    run.font.size = Pt(18)
    word.add_paragraph()
    for label, value in document.facts:
        line = word.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(f"{_safe(label)}: ").bold = True
        line.add_run(_safe(value))
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field(paragraph: WordParagraph, instruction: str, shown: str) -> None:
    """A complex field (PAGE, TOC …) with ``shown`` as its current result."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _table_of_contents(word: WordDocument, block: TableOfContents, document: Document) -> None:
    """A TOC field over Heading 1-2; until Word updates it, it lists the headings."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    heading = word.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_safe(block.title).upper())
    run.bold = True
    start = word.add_paragraph()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    start.add_run()._r.append(begin)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    start.add_run()._r.append(instruction)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    start.add_run()._r.append(separate)
    note = start.add_run(_safe(block.placeholder))
    note.italic = True
    last = start
    for entry in document.headings():
        if entry.level > 2:
            continue
        line = word.add_paragraph(_safe(entry.full))
        line.paragraph_format.left_indent = None if entry.level == 1 else 360000
        line.paragraph_format.space_after = 0
        last = line
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    last.add_run()._r.append(end)


def _update_fields_on_open(word: WordDocument) -> None:
    """Ask Word to update the fields (the table of contents) when it opens the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _cell_xml(text: str, width: int, header: bool) -> str:
    """One table cell as WordprocessingML: its width, one paragraph, one run."""
    from xml.sax.saxutils import escape

    alignment = "center" if header else "left"
    bold = "<w:b/>" if header else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:jc w:val="{alignment}"/></w:pPr>'
        f'<w:r><w:rPr>{bold}<w:sz w:val="{TABLE_SIZE * 2}"/><w:szCs w:val="{TABLE_SIZE * 2}"/>'
        f'</w:rPr><w:t xml:space="preserve">{escape(_safe(text))}</w:t></w:r></w:p></w:tc>'
    )


def _table(word: WordDocument, block: Table) -> None:
    """A table in the Table Grid style with fixed column widths; its header row repeats
    on every page. Written as XML at once: python-docx's cell by cell API takes minutes
    on a table of a thousand rows."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    word.add_paragraph(_safe(block.caption), style="Caption").paragraph_format.keep_with_next = True
    columns = len(block.headers)
    weights = block.widths if len(block.widths) == columns else (1.0,) * columns
    total = sum(weights)
    twips_per_mm = 1440 / 25.4
    widths = [round(TEXT_WIDTH_MM * twips_per_mm * weight / total) for weight in weights]
    style = word.styles["Table Grid"].style_id
    parts = [
        f"<w:tbl {nsdecls('w')}>",
        f'<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>',
        "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>",
        '<w:tr><w:trPr><w:cantSplit/><w:tblHeader w:val="true"/></w:trPr>'
        + "".join(_cell_xml(t, w, True) for t, w in zip(block.headers, widths, strict=True))
        + "</w:tr>",
    ]
    for row in block.rows:
        parts.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(_cell_xml(t, w, False) for t, w in zip(row, widths, strict=True))
            + "</w:tr>"
        )
    parts.append("</w:tbl>")
    table = parse_xml("".join(parts))
    body = word.element.body
    section = body.find(qn("w:sectPr"))
    if section is not None:
        section.addprevious(table)
    else:
        body.append(table)
    word.add_paragraph().paragraph_format.space_after = 0


def _figure(word: WordDocument, block: Figure) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    width_px, height_px = png_size(block.png)
    width_mm = width_px / block.dpi * 25.4
    height_mm = height_px / block.dpi * 25.4
    scale = min(1.0, TEXT_WIDTH_MM / width_mm, MAX_PICTURE_HEIGHT_MM / height_mm)
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(width_mm * scale))
    word.add_paragraph(_safe(block.caption), style="Caption")


def _shortened(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _properties(word: WordDocument, document: Document) -> None:
    properties = word.core_properties
    # the core properties hold at most 255 characters each (the body keeps the whole text)
    properties.title = _shortened(_safe(document.title))
    properties.subject = _shortened(_safe(document.subtitle))
    properties.author = _shortened(_safe(document.author))
    properties.last_modified_by = _shortened(_safe(document.author))
    properties.language = "vi-VN" if document.language == "vi" else "en-GB"
    properties.comments = "ictarch document"
    properties.revision = 1
    properties.keywords = ""
    properties.category = ""
    moment = document.date
    if moment is None:
        moment = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    naive = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    properties.created = naive
    properties.modified = naive
    properties.last_printed = naive


def _deterministic_zip(data: bytes) -> bytes:
    """The archive ``data`` again, each entry with the same fixed time and attributes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return output.getvalue()
