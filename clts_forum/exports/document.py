"""The report as a Word document the secretariat can edit: real headings, lists and tables."""
from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from . import chart, sections

MUTED = RGBColor(0x5F, 0x63, 0x68)
# What XML 1.0 cannot hold: controls other than tab and line ends, U+FFFE, U+FFFF, lone surrogates.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: object) -> str:
    """The text without what XML cannot hold: python-docx refuses the whole document for one such
    character (typed as U+FFFE, or brought in by an imported archive)."""
    return NOT_XML.sub("", str(text))


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(_xml(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = _xml(value)
    document.add_paragraph()


def render_blocks(title: str, blocks) -> bytes:
    document = Document()
    document.core_properties.title = _xml(title)
    document.core_properties.language = "fr-FR"
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            document.add_heading(_xml(block[1]), level=0 if block[2] == 1 else block[2] - 1)
        elif kind == "paragraph":
            document.add_paragraph(_xml(block[1]))
        elif kind == "note":
            run = document.add_paragraph().add_run(_xml(block[1]))
            run.italic = True
            run.font.color.rgb = MUTED
        elif kind == "bullets":
            for item in block[1]:
                document.add_paragraph(_xml(item), style="List Bullet")
        elif kind == "table":
            _table(document, block[1], block[2])
        elif kind == "chart":
            document.add_paragraph().add_run(_xml(block[1])).bold = True
            document.add_picture(chart.png(block[2]), width=Cm(15))
        else:  # pragma: no cover - the block lists only yield the kinds above
            raise ValueError(kind)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(report: dict) -> bytes:
    return render_blocks(report["workshop"]["title"], sections.blocks(report))
