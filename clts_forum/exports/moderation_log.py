"""The moderation log, for the organiser: what was held, hidden, restored, reworded or merged, when and by
which role — one row per entry of the audit log, in its order.

Nobody is named: the role only (never the organiser's account, a participant's pseudonym or a référent's
link), and no card text (the card's number leads to it in the cards export, which shows only what the
report shows). Times are in the workshop's zone (localtime.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import localtime
from ..extensions import db
from ..models import AuditEntry, Workshop
from ..vocabulary import PEER_GROUPS
from . import spreadsheet, workbook

ACTIONS: dict[str, object] = {
    "card.hold": _l("Mise en attente : la carte semble nommer quelqu'un ou donner un contact"),
    "card.reword": _l("Reformulation proposée à l'auteur·rice"),
    "reword.accept": _l("Reformulation acceptée par l'auteur·rice"),
    "reword.refuse": _l("Reformulation refusée par l'auteur·rice"),
    "card.merge": _l("Fusionnée avec une autre carte"),
    "card.unmerge": _l("Fusion annulée"),
}
# a moderation decision by the status it moved the card between (an undo is one too)
DECISIONS: dict[tuple[str, str], object] = {
    ("pending", "published"): _l("Validée"), ("published", "hidden"): _l("Masquée"),
    ("pending", "hidden"): _l("Masquée"), ("hidden", "published"): _l("Rétablie"),
    ("published", "pending"): _l("Remise en attente"), ("hidden", "pending"): _l("Remise en attente"),
}
MODERATION_ACTIONS = ("card.moderate", *ACTIONS)
ROLES: dict[str, object] = {
    "facilitator": _l("Animation"), "organiser": _l("Animation (compte du comité)"),
    "referent": _l("Référent·e"), "participant": _l("L'auteur·rice de la carte"), "system": _l("Automatique"),
}
FLAGS: dict[str, object] = {"phone": _l("téléphone"), "email": _l("e-mail"), "address": _l("adresse"),
                            "name": _l("nom")}


def entries(workshop_id: int) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.workshop_id == workshop_id, AuditEntry.action.in_(MODERATION_ACTIONS)).order_by(AuditEntry.id)))


def role_of(entry: AuditEntry) -> str:
    """The role only; for a référent, the group they moderate (their link's, never a name)."""
    role, _sep, label = entry.actor.partition(":")
    shown = str(ROLES.get(role, _("Autre")))
    if role == "referent":
        group = label.rsplit(" ", 1)[-1]
        if group in PEER_GROUPS:
            shown = f"{shown} — {PEER_GROUPS[group]}"
    return shown


def what(entry: AuditEntry) -> str:
    data = entry.data or {}
    if entry.action == "card.moderate":
        return str(DECISIONS.get((data.get("from"), data.get("to")), _("Modération")))
    shown = str(ACTIONS[entry.action])
    if entry.action == "card.merge" and isinstance(data.get("into"), int):
        shown = _("Fusionnée avec la carte n° %(n)d", n=data["into"])
    if entry.action == "card.hold" and data.get("flags"):
        shown += " (" + ", ".join(str(FLAGS[f]) for f in data["flags"] if f in FLAGS) + ")"
    return shown


def _card_number(entry: AuditEntry) -> Optional[int]:
    kind, _sep, number = entry.target.partition(":")
    return int(number) if kind == "card" and number.isdigit() else None


def rows(workshop: Workshop) -> tuple[list[str], list[list]]:
    header = [_("N° d'entrée"), _("Quand (%(zone)s)", zone=localtime.zone_label(workshop)), _("Par"),
              _("Ce qui a été fait"), _("N° de carte"), _("Annule l'entrée n°")]
    table = [[entry.id, localtime.local_naive(workshop, entry.at), role_of(entry), what(entry), _card_number(entry),
              (entry.data or {}).get("undo_of") or ""] for entry in entries(workshop.id)]
    return header, table


def log_csv(workshop: Workshop) -> bytes:
    return spreadsheet.table_csv(*rows(workshop))


@dataclass
class _Sheet:
    name: str
    title: str
    header: list[str]
    rows: list[list]


def log_xlsx(workshop: Workshop) -> bytes:
    header, table = rows(workshop)
    return workbook.workbook([_Sheet(name=_("Modération"), title=_("Journal de modération — %(title)s",
                                                                   title=workshop.title),
                                     header=header, rows=table)])
