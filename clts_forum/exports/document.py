"""The report as a Word document the secretariat can edit: real headings, lists and tables."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt, RGBColor

from . import sections

MUTED = RGBColor(0x5F, 0x63, 0x68)


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = str(value)
    document.add_paragraph()


def render(report: dict) -> bytes:
    document = Document()
    document.core_properties.title = report["workshop"]["title"]
    document.core_properties.language = "fr-FR"
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    for block in sections.blocks(report):
        kind = block[0]
        if kind == "heading":
            document.add_heading(block[1], level=0 if block[2] == 1 else block[2] - 1)
        elif kind == "paragraph":
            document.add_paragraph(block[1])
        elif kind == "note":
            run = document.add_paragraph().add_run(block[1])
            run.italic = True
            run.font.color.rgb = MUTED
        elif kind == "bullets":
            for item in block[1]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            _table(document, block[1], block[2])
        else:  # pragma: no cover - sections only yields the kinds above
            raise ValueError(kind)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
