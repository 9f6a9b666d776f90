"""The report as a PDF, with the bundled DejaVu Sans (accents, œ, « », — print as typed) and Symbola
as the fallback for what DejaVu lacks (emoji and symbols typed on phones: 👍 📋 🙏 ✅)."""
from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from . import sections
from .layout import column_widths

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
FALLBACK = "Symbola"
INK = (33, 37, 41)
MUTED = (95, 99, 104)
HEAD_FILL = (228, 234, 242)
BAR = (44, 95, 138)
PADDING_MM = 1.2
MM_TO_POINTS = 72 / 25.4


def _printable(text: object) -> str:
    """A tab has no glyph in the font, and would print as nothing, joining the words either side."""
    return str(text).replace("\t", "    ")


class ReportPDF(FPDF):
    def __init__(self, title: str, footer_note: str = "") -> None:
        super().__init__(format="A4")
        self.report_title = _printable(title)
        self.footer_note = footer_note
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.add_font(FALLBACK, "", str(FONTS / "Symbola.ttf"))
        # bold text falls back to the regular Symbola too (exact_match=False): an emoji in a heading prints
        self.set_fallback_fonts([FALLBACK], exact_match=False)
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        self.set_creator("clts_forum")
        self.set_lang("fr")

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        note = f" — {self.footer_note}" if self.footer_note else ""
        self.cell(0, 5, f"{self.report_title}{note} — {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(*INK)


def _heading(pdf: ReportPDF, text: str, level: int) -> None:
    size = {1: 18, 2: 14, 3: 11.5}[level]
    pdf.ln(4 if level > 1 else 0)
    if pdf.will_page_break(40 if level > 1 else 20):  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, size * 0.5, _printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_font(FAMILY, "", 10)


def _paragraph(pdf: ReportPDF, text: str, muted: bool = False) -> None:
    pdf.set_font(FAMILY, "", 10)
    if muted:
        pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 5, _printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(1)


def _bullets(pdf: ReportPDF, items: list[str]) -> None:
    pdf.set_font(FAMILY, "", 10)
    for item in items:
        pdf.set_x(pdf.l_margin + 2)
        pdf.multi_cell(0, 5, "• " + _printable(item), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)


def _table(pdf: ReportPDF, header: list[str], rows: list[list[str]]) -> None:
    pdf.set_font(FAMILY, "", 9)
    headings = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
    # widths that fit the content, as in the DOCX: a word never breaks inside (layout.py)
    widths = column_widths(header, rows, pdf.epw * MM_TO_POINTS, 9, 2 * PADDING_MM * MM_TO_POINTS + 1)
    with pdf.table(col_widths=widths, headings_style=headings, line_height=5, padding=PADDING_MM,
                   text_align="LEFT", first_row_as_headings=True) as table:
        for row in [header] + rows:
            cells = table.row()
            for value in row:
                cells.cell(_printable(value))
    pdf.ln(2)


def _chart(pdf: ReportPDF, title: str, lines: list[dict]) -> None:
    """Horizontal bars drawn in the PDF itself (a line per category, its figure written out)."""
    label_w, bar_w, row_h = 62, 80, 6.5
    if pdf.will_page_break(10 + row_h * len(lines)):
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 10)
    pdf.multi_cell(0, 6, _printable(title), new_x="LMARGIN", new_y="NEXT")
    top = max((line["value"] for line in lines), default=0)
    pdf.set_font(FAMILY, "", 9)
    for line in lines:
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_w - 2, row_h - 1, _printable(line["label"]), align="R")
        width = bar_w * line["value"] / top if top else 0
        if width:
            pdf.set_fill_color(*BAR)
            pdf.rect(pdf.l_margin + label_w, y + 0.8, width, row_h - 2.6, style="F")
        pdf.set_xy(pdf.l_margin + label_w + width + 2, y)
        pdf.cell(30, row_h - 1, _printable(line["text"]))
        pdf.set_y(y + row_h)
    pdf.set_fill_color(255, 255, 255)  # tables after the chart must not inherit the bars' colour
    pdf.ln(2)


def render_blocks(title: str, blocks, footer_note: str = "") -> bytes:
    """A PDF from the blocks of a report or a bilan (exports/sections.py, exports/bilan.py)."""
    pdf = ReportPDF(title, footer_note=footer_note)
    pdf.add_page()
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            _heading(pdf, block[1], block[2])
        elif kind == "paragraph":
            _paragraph(pdf, block[1])
        elif kind == "note":
            _paragraph(pdf, block[1], muted=True)
        elif kind == "bullets":
            _bullets(pdf, block[1])
        elif kind == "table":
            _table(pdf, block[1], block[2])
        elif kind == "chart":
            _chart(pdf, block[1], block[2])
        else:  # pragma: no cover - the block lists only yield the kinds above
            raise ValueError(kind)
    return bytes(pdf.output())


def render(report: dict) -> bytes:
    return render_blocks(report["workshop"]["title"], sections.blocks(report), sections.draft_mark(report))
