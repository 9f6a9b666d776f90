"""Moderation: approve, hide, restore; reword with the author's consent; merge duplicates.

The facilitator moderates every card; a référent only their group's. The author always sees
the status of their own cards.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import SYSTEM, Actor
from ..extensions import db
from ..models import Card, Position, Reword, Upvote, Workshop, utcnow
from . import ServiceError, access, audit, rooms
from .personal_data import detect
from .validation import clean_text, flag, payload_dict
from .visibility import is_public, publish_change, shared_rooms
from .workshops import get, workshop_payload

# action -> (statuses it applies to, the status it sets)
ACTIONS = {
    "approve": ({"pending"}, "published"),
    "hide": ({"pending", "published"}, "hidden"),
    "restore": ({"hidden"}, "published"),
}


def moderated_card(actor: Actor, card_id: Any) -> Card:
    card = access.load(Card, card_id, actor, message=_("Carte introuvable."),
                       accept=lambda card: card.status != "withdrawn")
    if not actor.moderates(card.peer_group):
        raise ServiceError("forbidden", _("Vous ne modérez pas cette carte."), 403)
    return card


def clear_spotlight_if(workshop: Workshop, card: Card) -> None:
    """A card that leaves the room's sight leaves the spotlight too (within the caller's transaction)."""
    if workshop.spotlight_card_id == card.id and not is_public(card):
        workshop.spotlight_card_id = None


def set_status(actor: Actor, card: Card, status: str, action: str) -> Card:
    before = shared_rooms(card)
    previous, card.status = card.status, status
    workshop = get(actor.workshop_id)
    spotlighted = workshop.spotlight_card_id
    clear_spotlight_if(workshop, card)
    audit.record(actor, "card.moderate", f"card:{card.id}", {"action": action, "from": previous, "to": status})
    db.session.commit()
    publish_change(card, before)
    if spotlighted != workshop.spotlight_card_id:
        rooms.emit("workshop.changed", workshop_payload(workshop), rooms.everyone(workshop.id))
    return card


def moderate(actor: Actor, data: Any) -> Card:
    data = payload_dict(data)
    action = data.get("action")
    if not isinstance(action, str) or action not in ACTIONS:
        raise ServiceError("invalid", _("Action de modération inconnue."))
    card = moderated_card(actor, data.get("id"))
    allowed_from, status = ACTIONS[action]
    if card.status not in allowed_from:
        raise ServiceError("stale", _("Cette carte a déjà changé d'état."), 409)
    return set_status(actor, card, status, action)


def propose_reword(actor: Actor, data: Any) -> Reword:
    """Propose a new wording (e.g. without a name). The original stays in the audit log."""
    data = payload_dict(data)
    card = moderated_card(actor, data.get("id"))
    if card.author_id is None:
        raise ServiceError("invalid", _("Seule la carte d'un·e participant·e se reformule avec son accord."))
    text = clean_text(data.get("text"), field=_l("Nouvelle formulation"), max_length=2000)
    if text == card.text:
        raise ServiceError("invalid", _("La nouvelle formulation est identique."))
    for older in card.rewords:
        if older.status == "proposed":
            older.status, older.decided_at = "replaced", utcnow()
    reword = Reword(card_id=card.id, proposed_text=text, original_text=card.text, proposed_by=actor.label[:80])
    card.rewords.append(reword)
    audit.record(actor, "card.reword", f"card:{card.id}", {"proposed": text})
    db.session.commit()
    publish_change(card, shared_rooms(card))
    return reword


def answer_reword(actor: Actor, data: Any) -> Card:
    """The author accepts (the card takes the new wording; a card held for review is then
    published, since its moderator wrote that wording) or refuses (nothing changes)."""
    data = payload_dict(data)
    reword = access.load(Reword, data.get("id"), actor, message=_("Proposition introuvable."))
    card = reword.card
    if card.author_id != actor.participant_id:
        raise ServiceError("forbidden", _("Seul·e l'auteur·rice de la carte répond."), 403)
    if reword.status != "proposed":
        raise ServiceError("stale", _("Cette proposition n'est plus d'actualité."), 409)
    accept = flag(data.get("accept"), field="accept")
    before = shared_rooms(card)
    reword.status, reword.decided_at = ("accepted" if accept else "refused"), utcnow()
    if accept:
        card.text = reword.proposed_text
        card.flags = detect(card.text)
        if card.status == "pending":
            card.status = "published"
    audit.record(actor, "reword.accept" if accept else "reword.refuse", f"card:{card.id}",
                 {"original": reword.original_text} if accept else {})
    db.session.commit()
    publish_change(card, before)
    return card


def merge(actor: Actor, data: Any) -> Card:
    """Merge a duplicate into another card of the same kind: it leaves the room's view, its
    author's support, question upvotes and track positions go to the card kept."""
    access.require_staff(actor, _("Seule l'animation fusionne des cartes."))
    data = payload_dict(data)
    duplicate = moderated_card(actor, data.get("id"))
    kept = moderated_card(actor, data.get("into_id"))
    if duplicate.id == kept.id or duplicate.kind != kept.kind or duplicate.merged_into_id or kept.merged_into_id \
            or not is_public(duplicate) or not is_public(kept):
        raise ServiceError("invalid", _("On fusionne deux cartes publiées du même type."))
    before = shared_rooms(duplicate)
    duplicate.merged_into_id = kept.id
    _move_support(duplicate.id, kept.id)
    audit.record(actor, "card.merge", f"card:{duplicate.id}", {"into": kept.id})
    db.session.commit()
    publish_change(duplicate, before)
    publish_change(kept, shared_rooms(kept))
    return kept


def unmerge(actor: Actor, card_id: int) -> Card:
    """Undo of a merge: the duplicate comes back (moved support stays with the card kept)."""
    duplicate = moderated_card(actor, card_id)
    kept_id, duplicate.merged_into_id = duplicate.merged_into_id, None
    audit.record(actor, "card.unmerge", f"card:{duplicate.id}", {"from": kept_id})
    db.session.commit()
    publish_change(duplicate, set())
    if kept_id:
        kept = db.session.get(Card, kept_id)
        publish_change(kept, shared_rooms(kept))
    return duplicate


def _move_support(from_id: int, to_id: int) -> None:
    for model in (Upvote, Position):
        voters = set(db.session.scalars(db.select(model.participant_id).filter_by(card_id=to_id)))
        for row in db.session.scalars(db.select(model).filter_by(card_id=from_id)):
            if row.participant_id in voters:
                db.session.delete(row)
            else:
                row.card_id = to_id


def hold_for_review(card: Card) -> None:
    """Log a card held because it seems to name someone or give a contact (the caller set it pending):
    the moderation log says what was held, as it says what was hidden."""
    db.session.flush()  # the card's number
    audit.record(Actor(role=SYSTEM, workshop_id=card.workshop_id, label="détection"), "card.hold",
                 f"card:{card.id}", {"flags": list(card.flags or [])})


def review_flags(card: Card) -> bool:
    """Recompute the card's personal-data flags; True when a human should read it first."""
    card.flags = detect(card.text)
    return bool(card.flags)
