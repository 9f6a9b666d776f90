"""Positions on improvement tracks: agree, mixed or disagree — always counted per peer group."""
from __future__ import annotations

import functools
from typing import Any, Iterable, Optional

from flask_babel import gettext as _
from sqlalchemy import and_, delete, func
from sqlalchemy.dialects import postgresql, sqlite

from ..actors import Actor
from ..extensions import db
from ..models import Card, Position, utcnow
from ..vocabulary import GROUP_ORDER
from . import ServiceError, access, commit_keeping_loaded, rooms, running, throttle
from .rules import check
from .validation import payload_dict
from .visibility import public_condition

VALUES = ("agree", "mixed", "disagree")
_PUBLIC_TRACK = and_(Card.kind == "track", public_condition())  # what a position may be taken on (`is_public`)


def _empty() -> dict[str, dict[str, int]]:
    return {group: {value: 0 for value in VALUES} for group in GROUP_ORDER}


def aggregates(workshop_id: int, card_ids: Optional[Iterable[int]] = None) -> dict[int, dict]:
    """{track id: {peer group: {agree: n, mixed: n, disagree: n}}}: never a single majority."""
    query = (db.select(Position.card_id, Position.peer_group, Position.value, func.count())
             .join(Card, Card.id == Position.card_id).where(Card.workshop_id == workshop_id)
             .group_by(Position.card_id, Position.peer_group, Position.value))
    ids = None if card_ids is None else set(card_ids)
    if ids is not None:
        query = query.where(Position.card_id.in_(ids))
    result: dict[int, dict] = {card_id: _empty() for card_id in ids or ()}
    for card_id, group, value, count in db.session.execute(query):
        result.setdefault(card_id, _empty())[group][value] = count
    return result


def mine(participant_id: int) -> dict[int, str]:
    rows = db.session.execute(db.select(Position.card_id, Position.value).filter_by(participant_id=participant_id))
    return {card_id: value for card_id, value in rows}


def take(actor: Actor, data: Any) -> Optional[str]:
    """Set, change or clear (`value: null`) the actor's position on a published track."""
    data = payload_dict(data)
    workshop = running.workshop(actor.workshop_id)
    check(actor, workshop, "position")
    card_id = access.present(Card, data.get("card_id"), workshop.id, _PUBLIC_TRACK, field="card_id",
                             message=_("Cette piste n'existe pas ou n'est pas visible."))
    value = data.get("value")
    if value is not None and value not in VALUES:
        raise ServiceError("invalid", _("Une position est « d'accord », « mitigé » ou « pas d'accord »."))
    mine = and_(Position.card_id == card_id, Position.participant_id == actor.participant_id)
    if value is None:
        db.session.execute(delete(Position).where(mine))
    else:
        db.session.execute(_upsert(db.session.get_bind().dialect.name),
                           {"card_id": card_id, "participant_id": actor.participant_id,
                            "peer_group": actor.peer_group, "value": value, "updated_at": utcnow()})
    commit_keeping_loaded()
    # the sender has its ack: only the author's other devices need the push
    rooms.emit("position.saved", {"card_id": card_id, "value": value},
               rooms.participant_room(workshop.id, actor.participant_id), skip_sender=True)
    throttle.later("positions", workshop.id, card_id)
    return value


@functools.cache
def _upsert(dialect: str):
    """Set or change a position in one statement (ON CONFLICT, in SQLite and PostgreSQL alike).

    Built once per dialect, its values bound at execution: building a statement per position
    cost as much as running it.
    """
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](Position)
    return insert.on_conflict_do_update(index_elements=[Position.card_id, Position.participant_id],
                                        set_={"value": insert.excluded.value, "updated_at": insert.excluded.updated_at})


@throttle.flusher("positions")
def push_aggregates(workshop_id: int, card_ids: set[int]) -> None:
    rooms.emit("positions.updated", {"tracks": aggregates(workshop_id, card_ids)}, rooms.everyone(workshop_id))
