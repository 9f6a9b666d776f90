"""Undo the last moderation or steering action, by replaying its inverse through the same services."""
from __future__ import annotations

from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import Actor
from ..extensions import db
from ..models import AuditEntry, Card
from . import ServiceError, access, audit, moderation, room, steps, themes
from .workshops import get


def _card(entry: AuditEntry) -> Card:
    card = db.session.get(Card, int(entry.target.split(":")[1]))
    if card is None:
        raise ServiceError("stale", _("Cette carte n'existe plus."), 409)
    return card


def _undo_goto(actor: Actor, entry: AuditEntry) -> None:
    if entry.data["from"] is None:
        raise ServiceError("conflict", _("Le démarrage de l'atelier ne s'annule pas : revenez à une étape."), 409)
    steps.goto(actor, step_id=entry.data["from"], from_step_id=entry.data["to"])


def _undo_moderate(actor: Actor, entry: AuditEntry) -> None:
    card = _card(entry)
    if card.status != entry.data["to"]:
        raise ServiceError("stale", _("Cette carte a changé depuis."), 409)
    moderation.set_status(actor, card, entry.data["from"], "undo")


def _undo_lock(actor: Actor, entry: AuditEntry) -> None:
    room.set_locked(actor, {"step_id": int(entry.target.split(":")[1]), "locked": not entry.data["locked"]})


INVERSES: dict[str, Callable[[Actor, AuditEntry], None]] = {
    "step.goto": _undo_goto,
    "card.moderate": _undo_moderate,
    "card.merge": lambda actor, entry: moderation.unmerge(actor, _card(entry).id),
    "theme.assign": lambda actor, entry: themes.restore_assignment(actor, entry.data["previous"]),
    "theme.create": lambda actor, entry: themes.delete(actor, int(entry.target.split(":")[1])),
    "theme.rename": lambda actor, entry: themes.rename(actor, {"id": int(entry.target.split(":")[1]),
                                                               "name": entry.data["from"]}),
    "theme.merge": lambda actor, entry: themes.recreate(actor, entry.data["name"], entry.data["cards"]),
    "step.lock": _undo_lock,
    "workshop.pause": lambda actor, entry: room.set_paused(actor, {"paused": not entry.data["paused"]}),
    "spotlight.set": lambda actor, entry: room.spotlight(actor, {"card_id": entry.data["previous"]}),
    "board.layout": lambda actor, entry: room.layout(actor, {"layout": entry.data["previous"]}),
}

LABELS = {
    "step.goto": _l("le changement d'étape"), "card.moderate": _l("la modération d'une carte"),
    "card.merge": _l("la fusion de cartes"), "theme.assign": _l("le classement dans un thème"),
    "theme.create": _l("la création d'un thème"), "theme.rename": _l("le renommage d'un thème"),
    "theme.merge": _l("la fusion de thèmes"), "step.lock": _l("le verrouillage de l'étape"),
    "workshop.pause": _l("la pause"), "spotlight.set": _l("la mise en avant"),
    "board.layout": _l("la disposition de l'écran"),
}


def log_payload(workshop_id: int) -> dict:
    """The console's view of the log: recent entries and what "undo" would reverse."""
    entry = last_undoable(workshop_id)
    return {"entries": [audit.payload(e) for e in audit.recent(workshop_id)],
            "undoable": {"id": entry.id, "label": str(LABELS[entry.action])} if entry else None}


def _is_start(entry: AuditEntry) -> bool:
    """Starting the workshop (the first step.goto, from no step): it is never undone."""
    return entry.action == "step.goto" and entry.data.get("from") is None


def last_undoable(workshop_id: int) -> AuditEntry | None:
    """The most recent action that can be undone and has not been: undoing again goes further back.

    Nothing before the start is offered: the console would show "Annuler" for an action it then refuses.
    """
    entries = audit.recent(workshop_id, limit=200)
    undone = {e.data.get("undo_of") for e in entries}
    entry = next((e for e in entries if e.action in INVERSES and "undo_of" not in e.data and e.id not in undone), None)
    return None if entry is None or _is_start(entry) else entry


def undo_last(actor: Actor) -> AuditEntry:
    access.require_staff(actor, _("Seule l'animation annule une action."))
    get(actor.workshop_id)
    entry = last_undoable(actor.workshop_id)
    if entry is None:
        raise ServiceError("not_found", _("Aucune action à annuler."), 404)
    with audit.undoing(entry.id):
        INVERSES[entry.action](actor, entry)
    return entry
