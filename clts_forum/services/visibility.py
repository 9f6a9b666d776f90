"""Who may see which card, as SQL for snapshots and as rooms for pushes.

One rule, two forms: a card is *public* when it is published and not sealed in a peer-group
room (or its group released it); a sealed published card is seen by its group only; authors
always see their own cards; staff see everything, référents everything of their group.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, false, or_
from sqlalchemy.orm import selectinload

from ..actors import BOARD, PARTICIPANT, REFERENT, Actor
from ..extensions import db
from ..models import Card
from . import rooms, throttle


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


def is_public(card: Card) -> bool:
    return card.status == "published" and card.merged_into_id is None and (not card.sealed or card.released)


def is_group_only(card: Card) -> bool:
    return card.status == "published" and card.merged_into_id is None and card.sealed and not card.released


def shared_rooms(card: Card) -> set[str]:
    """The shared (non-private) rooms that currently see `card`."""
    if is_public(card):
        return {rooms.workshop_room(card.workshop_id)}
    if is_group_only(card):
        return {rooms.group_room(card.workshop_id, card.peer_group)}
    return set()


def moderator_rooms(card: Card) -> list[str]:
    targets = [rooms.staff_room(card.workshop_id)]
    if card.peer_group:
        targets.append(rooms.referent_room(card.workshop_id, card.peer_group))
    return targets


def carried_label() -> str:
    """Who a card carried from the group's previous meeting is shown by, on every screen."""
    return _("Reprise de la réunion précédente")


def public_card(card: Card) -> dict:
    """What everyone allowed to see the card gets: the group, and the pseudonym only with consent.

    A card carried over from the previous meeting of a working group shows that instead of an author.
    """
    return {
        "id": card.id,
        "kind": card.kind,
        "text": card.text,
        "text_easy": card.text_easy,
        "peer_group": card.peer_group,
        "author": carried_label() if card.carried_over else
        card.author.pseudonym if card.consent_quote and card.author and not card.author.purged_at else None,
        "carried_over": card.carried_over,
        "step_id": card.step_id,
        "theme_id": card.theme_id,
        "released": card.released,
        "sealed": card.sealed,
        "links": [link.id for link in card.links],
        # a référent scribing for someone writes as that participant, publicly
        "written_by": card.written_by if card.written_by in ("facilitator", "group") else "participant",
        "answered": card.answered_at is not None,
        "support": 1 + len(card.merged_cards),  # merged duplicates keep their authors' support
        "created_at": _iso(card.created_at),
    }


def open_reword(card: Card) -> dict | None:
    proposal = next((r for r in card.rewords if r.status == "proposed"), None)
    return {"id": proposal.id, "text": proposal.proposed_text} if proposal else None


def own_card(card: Card) -> dict:
    return public_card(card) | {"mine": True, "status": card.status, "consent_quote": card.consent_quote,
                                "client_id": card.client_id, "flags": card.flags or [], "reword": open_reword(card)}


def moderator_card(card: Card) -> dict:
    author = card.author
    return public_card(card) | {
        "status": card.status,
        "consent_quote": card.consent_quote,
        "author_id": card.author_id,
        "author_pseudonym": carried_label() if card.carried_over else
        author.pseudonym if author and not author.purged_at else None,
        "written_by": card.written_by,
        "flags": card.flags or [],
        "reword": open_reword(card),
        "merged_into_id": card.merged_into_id,
        "updated_at": _iso(card.updated_at),
    }


def card_for(actor: Actor, card: Card) -> dict:
    """The payload `actor` gets for a card it may see (see `visible_cards`)."""
    if actor.moderates(card.peer_group):
        return moderator_card(card)
    if actor.participant_id is not None and card.author_id == actor.participant_id:
        return own_card(card)
    return public_card(card)


def shown_condition():
    """SQL: the card is in play (published, not merged into another), sealed or not: what staff count."""
    return and_(Card.status == "published", Card.merged_into_id.is_(None))


def public_condition():
    """SQL form of `is_public`: what the board and the plenary may see, and count."""
    return and_(shown_condition(), or_(Card.sealed == false(), Card.released))


def visible_cards(actor: Actor):
    """A SELECT of the cards `actor` may see, oldest first. Withdrawn cards are nobody's business."""
    shown, public = shown_condition(), public_condition()
    query = db.select(Card).where(Card.workshop_id == actor.workshop_id, Card.status != "withdrawn")
    if actor.is_staff:
        condition = None
    elif actor.role == REFERENT:
        condition = or_(public, Card.peer_group == actor.peer_group)
    elif actor.role == PARTICIPANT:
        own_group = and_(shown, Card.peer_group == actor.peer_group)
        condition = or_(public, own_group, Card.author_id == actor.participant_id)
    elif actor.role == BOARD:
        condition = public
    else:
        condition = false()
    if condition is not None:
        query = query.where(condition)
    return query.options(selectinload(Card.links), selectinload(Card.author), selectinload(Card.merged_cards),
                         selectinload(Card.rewords)).order_by(Card.id)


def publish_change(card: Card, before: set[str], created: bool = False) -> None:
    """Push a card's change to every room that saw it before or sees it now.

    `before` is `shared_rooms(card)` taken before the change. Rooms that lose sight of the card get
    `card.removed`; moderators and the author always get the full state of the card.
    """
    after = shared_rooms(card)
    event = "card.created" if created else "card.updated"
    for room in sorted(after):
        rooms.emit("card.created" if created or room not in before else "card.updated",
                   public_card(card), room)
    gone = before - after
    if gone:
        rooms.emit("card.removed", {"id": card.id}, gone)
    rooms.emit(event, moderator_card(card), moderator_rooms(card))
    if card.author_id is not None:
        rooms.emit(event, own_card(card), rooms.participant_room(card.workshop_id, card.author_id))
    throttle.later("share", card.workshop_id, 0)  # each group's card count (services/speaking.py)
