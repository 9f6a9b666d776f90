"""CSV of the cards and of the positions, for Excel and LibreOffice in French.

UTF-8 with a byte-order mark (Excel otherwise reads it as Windows-1252) and ";" between cells (a
French Excel splits on it). A cell that a spreadsheet would run as a formula — starting with
= + - @, a tab or a carriage return — gets a leading apostrophe.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable

from flask_babel import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(header: list[str], rows: Iterable[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def cards_csv(report: dict) -> bytes:
    themes = {card["id"]: theme["name"] for theme in report["themes"] for card in theme["cards"]}
    rows = []
    for step in report["steps"]:
        cards = [c for group in step["perceptions"] for c in group["cards"]]
        cards += step["summaries"] + step["tracks"] + step["questions"] + step["insights"] + step["syntheses"]
        for card in sorted(cards, key=lambda c: c["id"]):
            rows.append([step["title"], card["kind_label"], card["group_label"], card["by"], card["text"],
                         themes.get(card["id"], ""), card["support"] if card["kind"] == "question" else "",
                         card["created_at"]])
    return _csv([_("Étape"), _("Type"), _("Groupe"), _("Auteur"), _("Texte"), _("Thème"), _("Soutiens"),
                 _("Écrite le")], rows)


def positions_csv(report: dict) -> bytes:
    """One row per track and peer group: results are shown per group, never as one majority."""
    rows = []
    for step in report["steps"]:
        for track in step["tracks"]:
            for line in track["positions"]:
                rows.append([step["title"], track["text"], line["label"], line["agree"], line["mixed"],
                             line["disagree"]])
    return _csv([_("Étape"), _("Piste"), _("Groupe"), _("D'accord"), _("Mitigé"), _("Pas d'accord")], rows)


def table_csv(header: list[str], rows: Iterable[list]) -> bytes:
    return _csv(header, rows)
