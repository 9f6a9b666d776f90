"""The report as a Word document the secretariat can edit: real headings, lists and tables.

A4 with French margins, document properties that name the workshop and who it is from, tables
whose columns fit their content and whose header row repeats on each page, a footer with the page
number (and "Version provisoire" on a draft).

Built in time linear in its size: python-docx's `add_paragraph` finds the body's final `w:sectPr`
by walking every child (and resolves the style by name through every style) on each call, so a
100,000-card report took hours. The body's elements are made here with python-docx's own element
classes and inserted before that `w:sectPr`, which is kept at hand.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.run import Run

from . import chart, sections
from .layout import column_widths

MUTED = RGBColor(0x5F, 0x63, 0x68)
# What XML 1.0 cannot hold: controls other than tab and line ends, U+FFFE, U+FFFF, lone surrogates.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGIN = Cm(2.5)  # what a French administration's Word template uses all round
BODY_SIZE, TABLE_SIZE = 10, 9
TWIPS_PER_POINT = 20
CELL_PADDING = 12  # points: Word's default cell margins (0.19 cm each side) and the borders


def xml_text(text: object) -> str:
    """The text without what XML cannot hold: python-docx refuses the whole document for one such
    character (typed as U+FFFE, or brought in by an older database)."""
    return NOT_XML.sub("", str(text))


class _Body:
    """Appends paragraphs and tables to the document's body in constant time each."""

    def __init__(self, document) -> None:
        self.document = document
        self.end = document.element.body.sectPr  # everything goes just before it
        self.styles = {name: document.styles[name].style_id
                       for name in ("Title", "Heading 1", "Heading 2", "List Bullet", "Table Grid")}

    def paragraph(self, text: str = "", style: str | None = None):
        p = OxmlElement("w:p")
        if style:
            p.style = self.styles[style]
        if text:
            p.add_r().text = xml_text(text)
        self.end.addprevious(p)
        return p

    def note(self, text: str) -> None:
        p = self.paragraph()
        run = Run(p.add_r(), None)
        run.text = xml_text(text)
        run.italic = True
        run.font.color.rgb = MUTED

    def chart(self, title: str, lines: list[dict]) -> None:
        heading = self.paragraph()
        run = Run(heading.add_r(), None)
        run.text = xml_text(title)
        run.bold = True
        picture = self.paragraph()
        Run(picture.add_r(), self.document._body).add_picture(chart.png(lines), width=Cm(15))

    def table(self, header: list, rows: list[list]) -> None:
        usable = Emu(PAGE_WIDTH - 2 * MARGIN).pt
        widths = [int(w * TWIPS_PER_POINT) for w in column_widths(header, rows, usable, TABLE_SIZE, CELL_PADDING)]
        tbl = CT_Tbl.new_tbl(0, len(header), Cm(1))
        tbl.tblPr.style = self.styles["Table Grid"]
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")  # the widths below, not Word's guess
        tbl.tblPr.append(layout)
        table_width = tbl.tblPr.find(qn("w:tblW"))
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(sum(widths)))
        for grid_column, width in zip(tbl.tblGrid.gridCol_lst, widths):
            grid_column.set(qn("w:w"), str(width))
        for n, row in enumerate([header] + rows):
            tr = tbl.add_tr()
            if n == 0:  # the header row repeats at the top of every page the table runs on
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for value, width in zip(row, widths):
                tc = tr.add_tc()
                cell_width = tc.get_or_add_tcPr().get_or_add_tcW()
                cell_width.set(qn("w:type"), "dxa")
                cell_width.set(qn("w:w"), str(width))
                run = Run(tc.p_lst[0].add_r(), None)  # a new cell comes with its empty paragraph
                run.text = xml_text(value)
                run.font.size = Pt(TABLE_SIZE)
                run.bold = n == 0 or None
        self.end.addprevious(tbl)
        self.paragraph()


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader's Word computes."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = Run(OxmlElement("w:r"), None)
    run.text = "1"
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    field.append(run._r)
    paragraph._p.append(field)


@dataclass(frozen=True)
class DocumentInfo:
    """What the document says of itself: its properties and the footer of every page."""

    title: str
    subject: str
    author: str
    category: str
    draft_mark: str = ""  # "Version provisoire" on a draft


def _page_setup(document, info: DocumentInfo) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    footer = section.footer.paragraphs[0]
    mark = info.draft_mark
    footer.add_run(xml_text(info.title) + (f" — {mark}" if mark else "") + " — ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED


def _properties(document, info: DocumentInfo) -> None:
    properties = document.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0)
    properties.title = xml_text(info.title)[:255]
    properties.subject = xml_text(info.subject or info.title)[:255]
    properties.author = properties.last_modified_by = xml_text(info.author or "clts_forum")[:255]
    properties.category = xml_text(info.category)[:255]
    properties.keywords = "CLTS, croisement des savoirs"
    properties.comments = ""
    properties.created = properties.modified = now
    properties.revision = 1
    properties.language = "fr-FR"


def render_blocks(blocks, info: DocumentInfo) -> bytes:
    """A Word document from the blocks of a report or a bilan (exports/sections.py, exports/bilan.py)."""
    document = Document()
    _properties(document, info)
    _page_setup(document, info)
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(BODY_SIZE)
    body = _Body(document)
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            body.paragraph(block[1], "Title" if block[2] == 1 else f"Heading {block[2] - 1}")
        elif kind == "paragraph":
            body.paragraph(block[1])
        elif kind == "note":
            body.note(block[1])
        elif kind == "bullets":
            for item in block[1]:
                body.paragraph(item, "List Bullet")
        elif kind == "table":
            body.table(block[1], block[2])
        elif kind == "chart":
            body.chart(block[1], block[2])
        else:  # pragma: no cover - the block lists only yield the kinds above
            raise ValueError(kind)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(report: dict) -> bytes:
    workshop = report["workshop"]
    return render_blocks(sections.blocks(report), DocumentInfo(
        title=workshop["title"], subject=workshop["theme"] or workshop["title"], author=workshop["organisation"],
        category=sections.document_kind(report), draft_mark=sections.draft_mark(report)))
