"""The insight step's questions: support (upvotes) from participants, marked answered by the facilitator."""
from __future__ import annotations

from typing import Any, Optional

from flask_babel import gettext as _
from sqlalchemy import func

from ..actors import Actor
from ..extensions import db
from ..models import Card, Upvote, utcnow
from . import access, audit, rooms, throttle
from .rules import check
from .validation import flag, payload_dict
from .visibility import is_public, publish_change, shared_rooms
from .workshops import get


def _question(workshop_id: int, card_id: Any) -> Card:
    return access.load(Card, card_id, workshop_id, message=_("Cette question n'existe pas ou n'est pas visible."),
                       accept=lambda card: card.kind == "question" and is_public(card))


def counts(workshop_id: int, card_ids: Optional[set[int]] = None) -> dict[int, int]:
    """Support per question: every question of the workshop, or only `card_ids` (a push of changed ones)."""
    query = (db.select(Upvote.card_id, func.count()).join(Card, Card.id == Upvote.card_id)
             .where(Card.workshop_id == workshop_id).group_by(Upvote.card_id))
    if card_ids is not None:
        query = query.where(Upvote.card_id.in_(card_ids))
    return dict(db.session.execute(query).all())


def mine(participant_id: int) -> list[int]:
    return list(db.session.scalars(db.select(Upvote.card_id).filter_by(participant_id=participant_id)))


def upvote(actor: Actor, data: Any) -> bool:
    """Support a question (`on: true`) or take the support back (`on: false`). Supporting one's own is fine."""
    data = payload_dict(data)
    workshop = get(actor.workshop_id)
    check(actor, workshop, "upvote")
    card = _question(workshop.id, data.get("id"))
    on = flag(data.get("on"), field="on", default=True)
    existing = db.session.scalar(db.select(Upvote).filter_by(card_id=card.id, participant_id=actor.participant_id))
    if on and existing is None:
        db.session.add(Upvote(card_id=card.id, participant_id=actor.participant_id))
    elif not on and existing is not None:
        db.session.delete(existing)
    db.session.commit()
    rooms.emit("upvote.saved", {"id": card.id, "on": on}, rooms.participant_room(workshop.id, actor.participant_id))
    throttle.later("upvotes", workshop.id, card.id)
    return on


@throttle.flusher("upvotes")
def push_counts(workshop_id: int, card_ids: set[int]) -> None:
    found = counts(workshop_id, card_ids)
    rooms.emit("upvotes.updated", {"cards": {card_id: found.get(card_id, 0) for card_id in card_ids}},
               rooms.everyone(workshop_id))


def mark_answered(actor: Actor, data: Any) -> Card:
    access.require_staff(actor, _("Seule l'animation marque les questions traitées."))
    data = payload_dict(data)
    card = _question(actor.workshop_id, data.get("id"))
    before = shared_rooms(card)
    card.answered_at = utcnow() if flag(data.get("answered"), field="answered", default=True) else None
    audit.record(actor, "question.answer", f"card:{card.id}", {"answered": card.answered_at is not None})
    db.session.commit()
    publish_change(card, before)
    return card
