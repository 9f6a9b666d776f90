"""The bilan (services/bilan.py's data) as tables, then as blocks for the page, PDF and DOCX, and as CSV/XLSX.

data → tables (typed cells: numbers, dates, text) → blocks (sections.py's kinds plus a chart) or sheets.
The page, the PDF and the DOCX are laid out from the same blocks; the CSV and the XLSX hold the same tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from flask_babel import gettext as _

from . import spreadsheet

Block = tuple


@dataclass
class Table:
    """One table of the bilan: a sheet of the XLSX, a table of the page. `percent` columns hold whole
    percentages (shown "20 %"); a cell may be text where the `<5` rule hides a number."""
    name: str
    title: str
    header: list[str]
    rows: list[list]
    percent: set[int] = field(default_factory=set)


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def shown(table: Table, row: list) -> list[str]:
    """A row as the page, the PDF and the DOCX print it."""
    cells = []
    for n, value in enumerate(row):
        if isinstance(value, date):
            cells.append(_day(value))
        elif n in table.percent and isinstance(value, int):
            cells.append(f"{value} %")
        else:
            cells.append("" if value is None else str(value))
    return cells


def _share(line: dict) -> object:
    """A category's share: a number, or the "—" the `<5` rule prints."""
    return line["share"] if line["share"] is not None else line["percent"]


def _count(line: dict) -> object:
    return line["count"] if line["n"] == str(line["count"]) else line["n"]


def tables(data: dict) -> list[Table]:
    counts, roster, people = data["counts"], data["roster"], data["people"]
    found = [
        Table("Chiffres", _("Chiffres clés"), [_("Indicateur"), _("Nombre")], [
            [_("Temps forts"), counts["temps_forts"]], [_("Productions"), counts["productions"]],
            [_("Journées organisées"), counts["journees"]], [_("Réunions de groupes de travail"), counts["meetings"]],
            [_("Autres événements"), counts["others"]], [_("Événements comptés"), counts["events"]],
            [_("Membres au début"), roster["total"]], [_("Personnes différentes venues"), people["distinct"]],
            [_("dont membres des groupes"), people["members"]],
            [_("dont participant·es anonymes ou comptés à la main"), people["anonymous"]],
            [_("Présences"), people["attendances"]]]),
        Table("Membres", _("Membres au début — tous les groupes"), [_("Catégorie"), _("Nombre"), _("Part (%)")],
              [[line["label"], line["count"], line["share"]] for line in roster["categories"]]
              + [[_("Total"), roster["total"], 100 if roster["total"] else 0]], {2}),
    ]
    for group in roster["groups"]:
        found.append(Table(f"Groupe {len(found) - 1}", _("Membres au début — %(group)s", group=group["name"]),
                           [_("Catégorie"), _("Nombre"), _("Part (%)")],
                           [[line["label"], line["count"], line["share"]] for line in group["categories"]]
                           + [[_("Total"), group["total"], 100 if group["total"] else 0]], {2}))
    found += [
        Table("Personnes", _("Personnes venues, par catégorie"), [_("Catégorie"), _("Nombre"), _("Part (%)")],
              [[line["label"], _count(line), _share(line)] for line in people["categories"]], {2}),
        Table("Événements", _("Événements comptés"),
              [_("Date"), _("Type"), _("Événement"), _("Groupe"), _("Présences"), _("Membres"), _("Autres")],
              [[e["date"], e["kind_label"], e["title"], e["group"], e["attendances"], e["members"], e["anonymous"]]
               for e in data["events"]]),
        Table("Temps forts", _("Temps forts"), [_("Date"), _("Temps fort"), _("Lieu"), _("Organisé par"),
                                                _("Personnes du comité")],
              [[e["date"], e["title"], e["place"], e["organiser"], e["attendances"]] for e in data["temps_forts"]],
              [2, 5, 3, 3, 1]),
        Table("Productions", _("Productions"), [_("Date"), _("Titre"), _("Type"), _("Groupe(s)"), _("Statut"),
                                                _("Validée le"), _("Diffusée le")],
              [[p["date"], p["title"], p["kind_label"], p["groups"], p["status_label"], p["validated_on"],
                p["diffused_on"]] for p in data["productions"]]),
        Table("Non comptés", _("Non comptés"), [_("Date"), _("Événement"), _("Type"), _("Pourquoi")],
              [[e["date"], e["title"], e["kind_label"], e["reason"]] for e in data["not_counted"]]),
    ]
    return found


def title(data: dict) -> str:
    return _("Bilan — %(name)s", name=data["organisation"])


def document_info(data: dict) -> "DocumentInfo":
    """The Word document's properties: the bilan, by its organisation."""
    from .document import DocumentInfo

    return DocumentInfo(title=title(data), subject=_("Bilan du comité"), author=data["organisation"],
                        category=_("Bilan"))


def scope_line(data: dict) -> str:
    period = f"{_day(data['period'].start)} – {_day(data['period'].end)}"
    if data["mandate"] is not None:
        return _("Mandat n° %(n)d : %(period)s", n=data["mandate"].number, period=period)
    return _("Période : %(period)s", period=period)


def rules() -> list[str]:
    return [
        _("Un événement compte à sa date, s'il a eu lieu : un atelier prévu et pas encore tenu, ou importé "
          "d'une archive (une copie), n'est pas compté."),
        _("Membres au début : les membres des groupes ce jour-là, publiés en entier (ils ont accepté d'être "
          "membres) ; une personne inscrite dans deux groupes compte deux fois."),
        _("Personnes différentes : chaque membre une seule fois, quel que soit le nombre de réunions ; chaque "
          "participant·e anonyme une fois par événement, car on ne peut pas relier les participant·es "
          "anonymes de deux événements (c'est donc un maximum). Une présence : une personne à un événement."),
        _("Les personnes venues sont comptées aux journées, réunions et autres événements du comité ; la "
          "délégation d'un temps fort est indiquée avec lui."),
        _("Règle « <5 » : dans les effectifs par catégorie des personnes venues, un nombre de 1 à 4 est noté "
          "« <5 » et sa part n'est pas donnée, pour que personne ne soit reconnaissable. Elle ne s'applique "
          "pas à la composition des groupes."),
    ]


def chart_lines(data: dict) -> list[dict]:
    """The members at the start by category: the bilan's headline composition."""
    return [{"label": line["label"], "value": line["count"], "text": f"{line['count']} ({line['share']} %)"}
            for line in data["roster"]["categories"]]


def blocks(data: dict) -> Iterator[Block]:
    yield ("heading", title(data), 1)
    yield ("note", scope_line(data) + " — " + _("établi le %(day)s", day=_day(data["generated_on"])))
    yield ("paragraph", data["sentence"])
    every = {table.name: table for table in tables(data)}

    def table(name: str) -> Iterator[Block]:
        found = every[name]
        yield ("table", found.header, [shown(found, row) for row in found.rows])

    yield ("heading", _("Chiffres clés"), 2)
    yield from table("Chiffres")
    yield ("heading", _("Membres au début du mandat") if data["mandate"] else _("Membres au début de la période"), 2)
    yield ("note", _("Composition des groupes le %(day)s.", day=_day(data["roster"]["day"])))
    yield ("chart", _("Membres par catégorie"), chart_lines(data))
    yield from table("Membres")
    for n, group in enumerate(data["roster"]["groups"], start=1):
        yield ("heading", group["name"], 3)
        yield from table(f"Groupe {n}")
        if group["listed"]:
            yield ("bullets", [" — ".join(filter(None, [m["name"], m["category"], m["structure"]]))
                               for m in group["listed"]])
    yield ("heading", _("Personnes venues et présences"), 2)
    yield ("paragraph", _("%(distinct)d personnes différentes (dont %(members)d membres des groupes) pour "
                          "%(attendances)d présences ; part des personnes concernées (personnes accompagnées) : "
                          "%(n)s (%(percent)s).", distinct=data["people"]["distinct"],
                          members=data["people"]["members"], attendances=data["people"]["attendances"],
                          n=data["people"]["concerned"]["n"], percent=data["people"]["concerned"]["percent"]))
    yield from table("Personnes")
    yield ("heading", _("Réunions de groupes de travail"), 2)
    yield ("bullets", [f"{g['name']} : {g['count']}" for g in data["meetings_per_group"]] or [_("(aucune)")])
    yield ("heading", _("Temps forts"), 2)
    yield from table("Temps forts")
    yield ("heading", _("Productions"), 2)
    yield ("note", " · ".join(f"{s['label']} : {s['count']}" for s in data["productions_by_status"]))
    yield from table("Productions")
    yield ("heading", _("Chaque événement compté"), 2)
    yield from table("Événements")
    if data["not_counted"]:
        yield ("heading", _("Non comptés"), 2)
        yield from table("Non comptés")
    yield ("heading", _("Comment on compte"), 2)
    yield ("bullets", rules())


def csv(data: dict) -> bytes:
    """Every table, one after the other, each under its title."""
    rows: list[list] = [[title(data)], [scope_line(data)], [data["sentence"]], []]
    for table in tables(data):
        rows += [[table.title], table.header] + [[_csv_cell(v) for v in row] for row in table.rows] + [[]]
    return spreadsheet.table_csv(rows[0], rows[1:])


def _csv_cell(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def xlsx(data: dict) -> bytes:
    from .workbook import workbook

    summary = Table("Bilan", title(data), [_("Bilan")], [[scope_line(data)], [data["sentence"]]] +
                    [[line] for line in rules()])
    return workbook([summary] + tables(data))
