"""Printable member cards: a working group's member, their group, and the QR code of their personal link.

Ten cards (85 × 54 mm, a bank card's size) to an A4 page with light cut marks. The link is also
printed and clickable, for whoever reads the PDF on a screen.
"""
from __future__ import annotations

import io

import segno
from flask_babel import gettext as _

from .pdf import FAMILY, INK, MUTED, ReportPDF, _printable

CARD_W, CARD_H = 85, 54
COLUMNS, ROWS = 2, 5
LEFT, TOP = (210 - COLUMNS * CARD_W) / 2, (297 - ROWS * CARD_H) / 2
QR_SIZE = 38


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def _card(pdf: ReportPDF, x: float, y: float, committee: str, group: str, name: str, url: str) -> None:
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.rect(x, y, CARD_W, CARD_H)
    pdf.set_dash_pattern()
    pdf.image(_qr_png(url), x=x + CARD_W - QR_SIZE - 3, y=y + 3, w=QR_SIZE, h=QR_SIZE, link=url)
    text_w = CARD_W - QR_SIZE - 9
    pdf.set_xy(x + 4, y + 4)
    pdf.set_font(FAMILY, "", 7)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(text_w, 3.2, _printable(committee), align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 12)
    pdf.multi_cell(text_w, 5.5, _printable(name), align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "", 7)
    pdf.multi_cell(text_w, 3.1, _printable(_("Membre du groupe « %(group)s »", group=group)), align="L",
                   new_x="LEFT", new_y="NEXT", max_line_height=3.1)
    pdf.set_y(max(pdf.get_y() + 1.5, y + 28))
    pdf.set_x(x + 4)
    pdf.set_font(FAMILY, "B", 6.5)
    pdf.multi_cell(text_w, 3, _printable(_("Scannez ce code avec votre téléphone à chaque réunion : vous "
                                            "entrez à votre nom, sans rien taper.")), align="L", new_x="LEFT",
                   new_y="NEXT")
    pdf.set_xy(x + 4, y + CARD_H - 8.5)
    pdf.set_font(FAMILY, "", 5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(CARD_W - 8, 2.4, _printable(url), link=url, align="L", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(CARD_W - 8, 2.4, _printable(_("Carte perdue ? Prévenez l'animation : elle la remplace.")),
                   align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(*INK)


def render(committee: str, group: str, cards: list[tuple[str, str]]) -> bytes:
    """`cards`: (member's name, personal link) pairs."""
    pdf = ReportPDF(_("Cartes de membre — %(group)s", group=group))
    pdf.set_auto_page_break(False)
    pdf.footer = lambda: None  # cards, not a report: no page footer
    for n, (name, url) in enumerate(cards):
        if n % (COLUMNS * ROWS) == 0:
            pdf.add_page()
        slot = n % (COLUMNS * ROWS)
        _card(pdf, LEFT + (slot % COLUMNS) * CARD_W, TOP + (slot // COLUMNS) * CARD_H, committee, group, name, url)
    if not cards:
        pdf.add_page()
        pdf.set_font(FAMILY, "", 11)
        pdf.cell(0, 10, _printable(_("Aucun membre dans ce groupe.")))
    return bytes(pdf.output())
