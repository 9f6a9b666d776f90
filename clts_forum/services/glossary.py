"""The workshop's glossary: acronyms of social work explained in plain words, shown on tap.

A workshop starts with the default glossary below (in the reader's language); once the facilitator
edits it, the workshop keeps its own list (Workshop.glossary) in the language it was written in.
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import Actor
from ..extensions import db
from ..models import Workshop
from . import access, audit, rooms
from .validation import clean_text, invalid, payload_dict
from .workshops import get, require_open

MAX_ENTRIES = 40  # the whole list travels in one socket message (tests/test_message_budget.py)
MAX_EXPLANATION = 250
# An acronym: 2 to 12 capital letters or digits (hyphen, dot or ampersand inside), starting with a letter.
TERM = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9.&-]{1,11}$")

DEFAULT_GLOSSARY: dict[str, object] = {
    "CLTS": _l("Comité local du travail social. Il réunit des personnes accompagnées, des professionnels et des "
               "chercheurs pour améliorer les services sociaux."),
    "CCAS": _l("Centre communal d'action sociale. Le service social de la mairie."),
    "CIAS": _l("Centre intercommunal d'action sociale. Le service social de plusieurs communes."),
    "RSA": _l("Revenu de solidarité active. Une aide en argent pour les personnes qui ont peu ou pas de revenus."),
    "ASE": _l("Aide sociale à l'enfance. Le service du département qui protège les enfants et aide les familles."),
    "CAF": _l("Caisse d'allocations familiales. Elle verse les aides pour la famille, le logement et le RSA."),
    "MDPH": _l("Maison départementale des personnes handicapées. Elle reconnaît le handicap et ouvre des droits."),
    "PMI": _l("Protection maternelle et infantile. Des consultations gratuites pour les femmes enceintes et les "
              "jeunes enfants."),
    "AAH": _l("Allocation aux adultes handicapés. Une aide en argent pour les adultes en situation de handicap."),
    "APL": _l("Aide personnalisée au logement. Une aide pour payer le loyer."),
    "CPAM": _l("Caisse primaire d'assurance maladie. Elle rembourse les soins."),
    "CSS": _l("Complémentaire santé solidaire. Une mutuelle gratuite ou à petit prix."),
    "SIAO": _l("Service intégré d'accueil et d'orientation. Il cherche une place d'hébergement (appeler le 115)."),
    "CHRS": _l("Centre d'hébergement et de réinsertion sociale. Un lieu pour dormir et être accompagné."),
    "FALC": _l("Facile à lire et à comprendre. Une façon d'écrire avec des phrases courtes et des mots simples."),
}


def default_entries() -> list[dict]:
    return [{"term": term, "explanation": str(text)} for term, text in DEFAULT_GLOSSARY.items()]


def entries(workshop: Workshop) -> list[dict]:
    """The glossary as the clients receive it: a list sorted by term."""
    if workshop.glossary is None:
        return default_entries()
    if not isinstance(workshop.glossary, dict):
        return []
    return [{"term": term, "explanation": text} for term, text in sorted(workshop.glossary.items())
            if _acceptable(term, text)]


def _acceptable(term: object, explanation: object) -> bool:
    """Whether the editor would accept this stored entry: what older imports let in is never sent."""
    return (isinstance(term, str) and TERM.match(term) is not None and isinstance(explanation, str)
            and 0 < len(explanation.strip()) <= MAX_EXPLANATION)


def clean_entries(items: Any) -> dict[str, str]:
    """{term: explanation} from the editor's list, or refused: what the live editor and an import accept."""
    if not isinstance(items, list) or len(items) > MAX_ENTRIES:
        raise invalid(_("Le glossaire doit être une liste de %(n)s sigles au plus.", n=MAX_ENTRIES))
    glossary: dict[str, str] = {}
    for item in items:
        item = payload_dict(item)
        term = clean_text(item.get("term"), field=_l("Sigle"), max_length=12, multiline=False).upper()
        if not TERM.match(term):
            raise invalid(_("« %(term)s » n'est pas un sigle : 2 à 12 lettres majuscules ou chiffres.", term=term))
        if term in glossary:
            raise invalid(_("Le sigle « %(term)s » apparaît deux fois.", term=term))
        glossary[term] = clean_text(item.get("explanation"), field=_l("Explication"), max_length=MAX_EXPLANATION)
    return glossary


def update(actor: Actor, data: Any) -> list[dict]:
    """Replace the glossary (facilitator only) and push it to every page of the workshop."""
    access.require_staff(actor, _("Seule l'animation modifie le glossaire."))
    workshop = get(actor.workshop_id)
    require_open(workshop)
    glossary = clean_entries(payload_dict(data).get("entries"))
    workshop.glossary = glossary
    audit.record(actor, "glossary.update", "workshop", {"terms": len(glossary)})
    db.session.commit()
    payload = entries(workshop)
    rooms.emit("glossary.changed", {"entries": payload}, rooms.everyone(workshop.id))
    return payload
