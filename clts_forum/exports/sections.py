"""The report as an ordered list of blocks that the HTML, PDF and DOCX renderers all lay out.

A block is a tuple: ("heading", text, level), ("paragraph", text), ("note", text),
("bullets", [text]), ("table", header, rows) — columns sized to fit their content (layout.py).
One list for every format: what the secretariat reads in the PDF is what it edits in the DOCX.
Every text leaves with French typography's no-break spaces (`typography.french`).
"""
from __future__ import annotations

from typing import Iterator

from flask_babel import gettext as _
from flask_babel import ngettext

from .typography import french

Block = tuple


def draft_mark(report: dict) -> str:
    """What every page of a draft's PDF and DOCX says in its footer ("" once the workshop is closed)."""
    return "" if report["final"] else _("Version provisoire")


def document_kind(report: dict) -> str:
    return _("Compte rendu (version finale)") if report["final"] else _("Compte rendu (version provisoire)")


def _header(report: dict) -> Iterator[Block]:
    w = report["workshop"]
    status = _("Version finale") if report["final"] else _("Version provisoire (atelier en cours)")
    yield ("heading", w["title"], 1)
    yield ("note", f"{status} — {_('générée le')} {report['generated_at']}. "
                   + _("Toutes les heures sont en %(zone)s.", zone=report["time_zone"]))
    if report.get("reopened"):
        yield ("note", _("L'atelier a été rouvert le %(when)s : les exports finaux faits avant cette date sont "
                         "remplacés par celui-ci.", when=report["reopened"][-1]))
    facts = [(_("Organisateur"), w["organiser"]), (_("Territoire"), w["territory"]), (_("Date"), w["date"]),
             (_("Lieu"), w["place"]), (_("Thème"), w["theme"]), (_("Équipe d'animation"), w["facilitation_team"])]
    yield ("table", [_("Rubrique"), _("Information")], [[k, v or "—"] for k, v in facts])
    yield ("paragraph", report["method"])


def _cards(cards: list[dict]) -> list[str]:
    return [f"{card['text']} — {card['by']}" for card in cards]


def _step(step: dict, report: dict, holds: set[str]) -> Iterator[Block]:
    """A step's contributions; the synthesis and the evaluation steps also hold their results
    (`holds`), so the report never says "no contribution" above a validated text."""
    yield ("heading", step["title"], 2)

    def part(title: str) -> Iterator[Block]:
        if title != step["title"]:  # "Pistes d'amélioration" under a step of that name: once is enough
            yield ("heading", title, 3)

    empty = True
    if step["perceptions"]:
        empty = False
        yield from part(_("Perceptions par groupe de pairs"))
        for group in step["perceptions"]:
            yield ("paragraph", group["label"])
            yield ("bullets", _cards(group["cards"]))
    if step["summaries"]:
        empty = False
        yield from part(_("Ce que les groupes ont partagé"))
        yield ("table", [_("Groupe"), _("Résumé")], [[s["group_label"], s["text"]] for s in step["summaries"]])
    if step["tracks"]:
        empty = False
        yield from part(_("Pistes d'amélioration"))
        for number, track in enumerate(step["tracks"], start=1):
            yield ("paragraph", f"{number}. {track['text']} — {track['by']}")
            if track["answers"]:
                yield ("note", _("Répond aux perceptions :") + " " + " / ".join(track["answers"]))
            yield ("table", [_("Groupe"), _("D'accord"), _("Mitigé"), _("Pas d'accord")],
                   [[p["label"], p["agree"], p["mixed"], p["disagree"]] for p in track["positions"]])
    if step["insights"]:
        empty = False
        yield from part(_("Points clés de l'éclairage"))
        yield ("bullets", [card["text"] for card in step["insights"]])
    if step["questions"]:
        empty = False
        yield from part(_("Questions et réponses"))
        yield ("table", [_("Question"), _("De"), _("Soutiens"), _("Traitée")],
               [[q["text"], q["by"], q["support"], _("oui") if q["answered"] else _("non")]
                for q in step["questions"]])
    if step["syntheses"]:
        empty = False
        yield ("bullets", _cards(step["syntheses"]))
    if "synthesis" in holds:
        empty = False
        yield from _synthesis(report, inside_step=True)
    if "evaluation" in holds:
        empty = False
        yield from _evaluation(report, inside_step=True)
    if empty:
        yield ("note", _("Aucune contribution écrite à cette étape."))


def _themes(report: dict) -> Iterator[Block]:
    if not report["themes"]:
        return
    yield ("heading", _("Thèmes"), 2)
    for theme in report["themes"]:
        yield ("heading", theme["name"], 3)
        yield ("bullets", _cards(theme["cards"]) or [_("(aucune carte publique)")])


def _synthesis(report: dict, inside_step: bool = False) -> Iterator[Block]:
    data = report["synthesis"]
    if not inside_step:
        yield ("heading", _("Synthèse"), 2)
    if data["final"]:
        yield ("note", _("Version %(v)d, validée par chaque groupe.", v=data["final"]["version"]))
        yield ("paragraph", data["final"]["text"])
    elif data["latest"]:
        yield ("note", _("Version %(v)d, pas encore validée par tous les groupes.", v=data["latest"]["version"]))
        yield ("paragraph", data["latest"]["text"])
    else:
        yield ("note", _("Aucune synthèse rédigée."))
    if data["log"]:
        yield ("heading", _("Journal de validation"), 3)
        yield ("table", [_("Version"), _("Groupe"), _("Décision"), _("Commentaire"), _("Quand")],
               [[line["version"], line["label"], line["decision_label"], line["comment"], line["at"]]
                for line in data["log"]])


def _evaluation(report: dict, inside_step: bool = False) -> Iterator[Block]:
    data = report["evaluation"]
    if not inside_step:
        yield ("heading", _("Évaluation"), 2)
    submissions = data["submissions"]
    if submissions == "<5":
        yield ("note", _("Moins de 5 questionnaires remplis, anonymes : seul le groupe est connu."))
    else:
        yield ("note", ngettext("%(num)d questionnaire rempli, anonyme : seul le groupe est connu.",
                                "%(num)d questionnaires remplis, anonymes : seul le groupe est connu.",
                                int(submissions)))
    if data["withheld"]:
        yield ("note", _("Un groupe qui compte moins de 5 réponses à une question est noté « <5 » : ni "
                         "répartition, ni moyenne, ni réponse écrite ne lui sont attribuées, pour que personne "
                         "ne soit reconnaissable."))
    for question in data["questions"]:
        yield ("heading", question["text"], 3)
        if question["kind"] == "scale":
            yield ("table", [_("Groupe"), _("Réponses"), _("Moyenne (1 à 5)"), "1", "2", "3", "4", "5"],
                   [[g["label"], g["count"], g["mean"], *g["distribution"]] for g in question["groups"]])
        else:
            texts = [f"{t} — {g['label']}" for g in question["groups"] for t in g["texts"]]
            withheld = [g["label"] for g in question["groups"] if g["withheld"]]
            if withheld:
                texts.append(_("Réponses non détaillées (moins de 5) : %(groups)s.", groups=", ".join(withheld)))
            yield ("bullets", texts or [_("(aucune réponse)")])


def _participation(report: dict) -> Iterator[Block]:
    data = report["participation"]
    yield ("heading", _("Participation"), 2)
    yield ("note", _("Participant·es : %(n)s. Les effectifs de 1 à 4 sont notés « <5 » pour que personne ne "
                     "soit reconnaissable.", n=data["total_shown"]))
    yield ("table", [_("Catégorie"), _("Nombre"), _("Part")],
           [[c["label"], c["n"], c["percent"]] for c in data["categories"]])
    yield ("table", [_("Groupe de pairs"), _("Nombre"), _("Part")],
           [[g["label"], g["n"], g["percent"]] for g in data["groups"]])
    yield ("heading", _("Part des contributions et du temps de parole"), 3)
    yield ("table", [_("Groupe"), _("Cartes"), _("Part des cartes"), _("Tours de parole"), _("Temps de parole"),
                     _("Part du temps")],
           [[s["label"], s["cards"], s["cards_percent"], s["turns"], s["speaking"], s["speaking_percent"]]
            for s in report["share"]])


def _timeline_title(line: dict) -> str:
    """A step the room came back to is listed once per visit: "Pistes (passage n° 2)"."""
    if line.get("visit", 1) > 1:
        return _("%(title)s (passage n° %(n)d)", title=line["title"], n=line["visit"])
    return line["title"]


def _timeline(report: dict) -> Iterator[Block]:
    yield ("heading", _("Déroulé de la journée"), 2)
    yield ("table", [_("Étape"), _("Début"), _("Prévu"), _("Réel")],
           [[_timeline_title(t), t["started"] or _("non commencée"), f"{t['planned']} min",
             f"{t['lasted']} min" if t["lasted"] is not None else "—"] for t in report["timeline"]])


def _raw_blocks(report: dict) -> Iterator[Block]:
    yield from _header(report)
    placed: set[str] = set()
    for step in report["steps"]:
        holds = {kind for kind in ("synthesis", "evaluation") if step["kind"] == kind and kind not in placed}
        placed |= holds
        yield from _step(step, report, holds)
    yield from _themes(report)
    if "synthesis" not in placed:
        yield from _synthesis(report)
    if "evaluation" not in placed:
        yield from _evaluation(report)
    yield from _participation(report)
    yield from _timeline(report)


def _typeset(value):
    if isinstance(value, str):
        return french(value)
    if isinstance(value, list):
        return [_typeset(item) for item in value]
    return value


def blocks(report: dict) -> Iterator[Block]:
    for block in _raw_blocks(report):
        yield (block[0], *(_typeset(part) for part in block[1:]))
