"""The workshop's data for spreadsheets: CSV files and one XLSX workbook, made from the same rows.

CSV: UTF-8 with a byte-order mark (Excel otherwise reads it as Windows-1252) and ";" between cells
(a French Excel splits on it). A cell that a spreadsheet would run as a formula — starting with
= + - @, a tab or a carriage return — gets a leading apostrophe, since CSV has no types.

XLSX (openpyxl): one sheet per table, typed cells: a text is a text cell (so "+ de permanences…" or
"=…" shows as typed, with no apostrophe, and never runs; its style's quotePrefix keeps it text if
someone edits it), counts are numbers and times real dates in the workshop's zone. Cards and
positions share the card's number ("N° de carte"), to join them.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Iterable

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.utils import get_column_letter

from .document import xml_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Table = tuple[str, list[str], list[list]]  # sheet title, header, rows


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return neutralise(value)


def _csv(header: list[str], rows: Iterable[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _number(value: object) -> object:
    """A count as a number; "<5" (and any other text) stays text."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


def cards_table(report: dict) -> Table:
    themes = {card["id"]: theme["name"] for theme in report["themes"] for card in theme["cards"]}
    rows = []
    for step in report["steps"]:
        cards = [c for group in step["perceptions"] for c in group["cards"]]
        cards += step["summaries"] + step["tracks"] + step["questions"] + step["insights"] + step["syntheses"]
        for card in sorted(cards, key=lambda c: c["id"]):
            rows.append([card["id"], step["title"], card["kind_label"], card["group_label"], card["by"], card["text"],
                         themes.get(card["id"], ""), card["support"] if card["kind"] == "question" else "",
                         card["created_moment"]])
    return (_("Cartes"), [_("N° de carte"), _("Étape"), _("Type"), _("Groupe"), _("Auteur"), _("Texte"), _("Thème"),
                          _("Soutiens"), _("Écrite le (%(zone)s)", zone=report["time_zone"])], rows)


def positions_table(report: dict) -> Table:
    """One row per track and peer group: results are shown per group, never as one majority."""
    rows = []
    for step in report["steps"]:
        for track in step["tracks"]:
            for line in track["positions"]:
                rows.append([track["id"], step["title"], track["text"], line["label"], line["agree"], line["mixed"],
                             line["disagree"]])
    return (_("Positions"), [_("N° de carte"), _("Étape"), _("Piste"), _("Groupe"), _("D'accord"), _("Mitigé"),
                             _("Pas d'accord")], rows)


def evaluation_table(report: dict) -> Table:
    """Per question and group, under the "<5" rule of `evaluation.results`: a withheld group has its
    count, never its answers."""
    rows = []
    for question in report["evaluation"]["questions"]:
        for group in question["groups"]:
            if question["kind"] == "scale":
                rows.append([question["text"], group["label"], _number(group["count"]),
                             group["mean_value"] if group["mean_value"] is not None else "",
                             *[_number(n) if n != "—" else "" for n in group["distribution"]], ""])
            else:
                rows.append([question["text"], group["label"], _number(group["count"]), "", "", "", "", "", "",
                             "\n".join(group["texts"])])
    return (_("Évaluation"), [_("Question"), _("Groupe"), _("Réponses"), _("Moyenne (1 à 5)"), "1", "2", "3", "4",
                              "5", _("Réponses écrites")], rows)


def cards_csv(report: dict) -> bytes:
    return _csv(*cards_table(report)[1:])


def positions_csv(report: dict) -> bytes:
    return _csv(*positions_table(report)[1:])


def evaluation_csv(report: dict) -> bytes:
    return _csv(*evaluation_table(report)[1:])


def table_csv(header: list[str], rows: Iterable[list]) -> bytes:
    return _csv(header, rows)


def _sheet(workbook: Workbook, table: Table) -> None:
    title, header, rows = table
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = cell.font.copy(bold=True)
    for row in rows:
        # what XML cannot hold (an older database may have it) would make openpyxl refuse the whole book
        sheet.append([None if value == "" else xml_text(value) if isinstance(value, str)
                      else value for value in row])
    for cells in sheet.iter_rows(min_row=2):  # once, after: `sheet.max_row` walks every cell each time
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # openpyxl would take "=…" for a formula
                cell.quotePrefix = True
            elif isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for n, name in enumerate(header, start=1):
        longest = max([len(str(name))] + [len(str(row[n - 1])) for row in rows[:500]])
        sheet.column_dimensions[get_column_letter(n)].width = min(max(longest + 2, 8), 60)


def workbook(report: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in (cards_table(report), positions_table(report), evaluation_table(report)):
        _sheet(book, table)
    book.properties.title = report["workshop"]["title"][:255]
    book.properties.creator = (report["workshop"]["organisation"] or "clts_forum")[:255]
    book.properties.language = "fr-FR"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
