"""The room's paper: an A4 poster and a sheet of table cards that say how to join, with a QR code.

Nothing secret is printed: the join address and code are what the room is meant to see. The QR
code is drawn as vector squares (sharp at any print size); the pictograms are the phone's own
easy-read ones (static/img/pictos/).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

import segno
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF

from .pdf import FAMILY, FONTS, INK, MUTED

PICTOS = Path(__file__).resolve().parents[2] / "static" / "img" / "pictos"
ACCENT = (31, 78, 121)


@dataclass(frozen=True)
class JoinSheet:
    """What the paper shows: public facts of the workshop, nothing else."""

    title: str
    when: Optional[date]
    place: str
    join_url: str  # the address the QR code opens
    home_url: str  # where the code can be typed by hand
    code: str
    language: str = "fr"


def _pdf(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    pdf.set_creator("clts_forum")
    pdf.set_text_color(*INK)
    return pdf


def draw_qr(pdf: FPDF, content: str, x: float, y: float, size: float) -> None:
    """A QR code of `size` mm (quiet zone included) at (x, y), one rectangle per run of dark modules."""
    code = segno.make(content, error="m")
    border = 2
    modules = code.symbol_size(border=border)[0]
    step = size / modules
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(code.matrix_iter(border=border)):
        column = 0
        line = list(line)
        while column < modules:
            if line[column]:
                start = column
                while column < modules and line[column]:
                    column += 1
                # a hair wider than the run, so no white seam shows between neighbouring rows
                pdf.rect(x + start * step, y + row * step, (column - start) * step + 0.02, step + 0.02, style="F")
            else:
                column += 1


def _day(when: Optional[date], language: str) -> str:
    if when is None:
        return ""
    return when.strftime("%d/%m/%Y") if language == "fr" else when.isoformat()


def _steps() -> list[tuple[str, str]]:
    return [
        ("scan", _("Scannez le code avec l'appareil photo de votre téléphone.")),
        ("edit", _("Choisissez un prénom ou un pseudo. Pas besoin de votre vrai nom.")),
        ("send", _("Écrivez vos idées. Elles s'affichent sur le grand écran, sans votre nom si vous voulez.")),
    ]


def _headed_qr_page(pdf: FPDF, title: str, day: str, place: str, headline: str, url: str) -> tuple[float, float, float]:
    """A new A4 page: the title, the day and place, a headline and a big QR code of `url`, centred.
    Returns the margin, the text width and the height just below the QR code."""
    pdf.add_page()
    margin = 16
    width = pdf.w - 2 * margin
    pdf.set_xy(margin, 16)
    pdf.set_font(FAMILY, "B", 26)
    pdf.multi_cell(width, 11, title, align="C", new_x="LMARGIN", new_y="NEXT", max_line_height=11)
    details = " — ".join(part for part in (day, place) if part)
    if details:
        pdf.set_x(margin)
        pdf.set_font(FAMILY, "", 15)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width, 8, details, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    pdf.ln(3)
    pdf.set_x(margin)
    pdf.set_font(FAMILY, "B", 20)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(width, 10, headline, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    qr_size = 110
    top = pdf.get_y() + 3
    draw_qr(pdf, url, (pdf.w - qr_size) / 2, top, qr_size)
    return margin, width, top + qr_size


def poster(sheet: JoinSheet) -> bytes:
    """One A4 page for the door or the wall, readable from a few metres."""
    with force_locale(sheet.language):
        pdf = _pdf(_("Affiche — %(title)s", title=sheet.title))
        margin, width, below = _headed_qr_page(pdf, sheet.title, _day(sheet.when, sheet.language), sheet.place,
                                               _("Participez avec votre téléphone"), sheet.join_url)
        pdf.set_xy(margin, below + 2)
        pdf.set_font(FAMILY, "", 14)
        pdf.cell(width, 8, _("ou allez sur %(address)s et tapez le code", address=sheet.home_url), align="C",
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(margin)
        pdf.set_font(FAMILY, "B", 40)
        pdf.cell(width, 18, " ".join(sheet.code), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        icon, gap = 17, 5
        for number, (picto, text) in enumerate(_steps(), start=1):
            y = pdf.get_y()
            pdf.image(str(PICTOS / f"{picto}.svg"), x=margin + 4, y=y, w=icon, h=icon)
            pdf.set_xy(margin + 4 + icon + gap, y + 1)
            pdf.set_font(FAMILY, "B", 16)
            pdf.multi_cell(width - icon - gap - 4, 7.5, f"{number}. {text}", align="L", new_x="LMARGIN",
                           new_y="NEXT")
            pdf.set_y(max(pdf.get_y(), y + icon) + 3)
        pdf.set_xy(margin, pdf.h - 16)
        pdf.set_font(FAMILY, "", 10.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width, 5, _("Ni compte, ni e-mail, ni numéro de téléphone. Ce que vous écrivez est "
                                   "modéré par l'équipe d'animation."), align="C")
        return bytes(pdf.output())


def table_cards(sheet: JoinSheet, per_page: int = 6) -> bytes:
    """Cards to cut out and put on the tables: 2 × 3 per A4 page, each with its QR code and the code."""
    with force_locale(sheet.language):
        pdf = _pdf(_("Cartes de table — %(title)s", title=sheet.title))
        pdf.add_page()
        columns, rows = 2, per_page // 2
        margin = 10
        card_w = (pdf.w - 2 * margin) / columns
        card_h = (pdf.h - 2 * margin) / rows
        pdf.set_draw_color(*MUTED)
        pdf.set_dash_pattern(dash=2, gap=2)
        for n in range(per_page):
            column, row = n % columns, n // columns
            x, y = margin + column * card_w, margin + row * card_h
            pdf.rect(x, y, card_w, card_h)  # the cutting line
            pdf.set_xy(x + 4, y + 5)
            pdf.set_font(FAMILY, "B", 12)
            pdf.multi_cell(card_w - 8, 5.5, sheet.title, align="C", max_line_height=5.5,
                           new_x="LEFT", new_y="NEXT")
            qr_size = min(card_w, card_h) - 34
            draw_qr(pdf, sheet.join_url, x + (card_w - qr_size) / 2, y + 17, qr_size)
            pdf.set_xy(x + 4, y + 17 + qr_size + 1)
            pdf.set_font(FAMILY, "", 10.5)
            pdf.cell(card_w - 8, 5, _("Scannez pour participer, ou tapez le code :"), align="C",
                     new_x="LEFT", new_y="NEXT")
            pdf.set_font(FAMILY, "B", 18)
            pdf.cell(card_w - 8, 8, " ".join(sheet.code), align="C")
        return bytes(pdf.output())


@dataclass(frozen=True)
class RecapSheet:
    """The public recap link's paper: public facts of the workshop and the link, no name of anyone."""

    title: str
    when: Optional[date]
    place: str
    url: str
    language: str = "fr"


def recap_poster(sheet: RecapSheet) -> bytes:
    """One A4 page with the QR code of the public recap: to hand out or pin up after the day."""
    with force_locale(sheet.language):
        pdf = _pdf(_("Compte rendu — %(title)s", title=sheet.title))
        margin, width, below = _headed_qr_page(pdf, sheet.title, _day(sheet.when, sheet.language), sheet.place,
                                               _("Le compte rendu de la journée"), sheet.url)
        pdf.set_xy(margin, below + 4)
        pdf.set_font(FAMILY, "B", 15)
        pdf.multi_cell(width, 8, _("Scannez le code pour lire ce que nous avons fait ensemble."), align="C",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(margin)
        pdf.set_font(FAMILY, "", 11)
        pdf.multi_cell(width, 6, sheet.url, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_x(margin)
        pdf.set_font(FAMILY, "", 13)
        pdf.multi_cell(width, 7, _("Il y a une version facile à lire. Aucun nom n'y est écrit."), align="C")
        return bytes(pdf.output())
