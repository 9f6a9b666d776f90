"""Raised hands, the speaker queue and each group's share of voice.

The balancing rule puts the people concerned first, then whoever has spoken least, then the
earliest hand: lived experience is heard on an equal footing, and an imbalance is visible.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Optional

from flask_babel import gettext as _
from sqlalchemy import func

from ..actors import Actor
from ..extensions import db
from ..models import Card, Participant, SpeakRequest, utcnow
from ..vocabulary import GROUP_ORDER
from . import ServiceError, audit, rooms, throttle
from .rules import check
from .visibility import public_condition, shown_condition
from .validation import identifier, payload_dict
from .workshops import get

OPEN = ("waiting", "speaking")


def _requests(workshop_id: int, *statuses: str) -> list[SpeakRequest]:
    return list(db.session.scalars(db.select(SpeakRequest).where(SpeakRequest.workshop_id == workshop_id,
                                                                SpeakRequest.status.in_(statuses))))


def waiting_order(workshop_id: int) -> list[SpeakRequest]:
    """The queue: the facilitator's order where set, then hands in the order they were raised."""
    waiting = _requests(workshop_id, "waiting")
    return sorted(waiting, key=lambda r: (r.rank is None, r.rank or 0, r.raised_at, r.id))


def share_of_voice(workshop_id: int, public: bool = False) -> dict[str, dict[str, int]]:
    """Per group: turns taken, seconds spoken (the current turn included), cards in play.

    `public` (the board) counts only the cards the board may show: a sealed peer-group room's cards
    are not counted until the group releases them, so the room never learns how much a group wrote
    in private. Staff count every card in play.
    """
    share = {group: {"turns": 0, "seconds": 0, "cards": 0} for group in GROUP_ORDER}
    now = utcnow()
    for turn in _requests(workshop_id, "done", "speaking"):
        end = turn.ended_at or now
        share[turn.peer_group]["turns"] += 1
        share[turn.peer_group]["seconds"] += int((end - turn.started_at).total_seconds())
    rows = db.session.execute(db.select(Card.peer_group, func.count()).where(
        Card.workshop_id == workshop_id, public_condition() if public else shown_condition(),
        Card.peer_group.is_not(None)).group_by(Card.peer_group))
    for group, count in rows:
        share[group]["cards"] = count
    return share


def _entry(request: SpeakRequest, participant: Participant, public: bool) -> dict:
    name = participant.pseudonym if not participant.purged_at and (not public or participant.quote_by_default) else None
    return {"id": request.id, "peer_group": request.peer_group, "pseudonym": name,
            "raised_at": request.raised_at.isoformat(timespec="seconds") + "Z",
            "started_at": request.started_at.isoformat(timespec="seconds") + "Z" if request.started_at else None}


def queue_payload(workshop_id: int, public: bool) -> dict:
    """The queue for the facilitator (`public=False`) or the board (pseudonyms only with consent)."""
    people = {p.id: p for p in db.session.scalars(db.select(Participant).filter_by(workshop_id=workshop_id))}
    speaking = next(iter(_requests(workshop_id, "speaking")), None)
    return {
        "waiting": [_entry(r, people[r.participant_id], public) for r in waiting_order(workshop_id)],
        "speaking": _entry(speaking, people[speaking.participant_id], public) if speaking else None,
        "share": share_of_voice(workshop_id, public=public),
    }


@throttle.flusher("share")
def push_share(workshop_id: int, _ids: set[int]) -> None:
    """Card counts follow every card change (coalesced, ≤ 4 a second): the board's only what it may show."""
    rooms.emit("share.changed", {"share": share_of_voice(workshop_id)}, rooms.staff_room(workshop_id))
    rooms.emit("share.changed", {"share": share_of_voice(workshop_id, public=True)}, rooms.board_room(workshop_id))


def hand_of(workshop_id: int, participant_id: int) -> dict:
    """A participant's own view: no hand, waiting (with a place in the queue), or speaking."""
    for place, request in enumerate(waiting_order(workshop_id), start=1):
        if request.participant_id == participant_id:
            return {"status": "waiting", "place": place}
    speaking = db.session.scalar(db.select(SpeakRequest.id).filter_by(
        workshop_id=workshop_id, participant_id=participant_id, status="speaking"))
    return {"status": "speaking" if speaking else "none", "place": None}


def _push(workshop_id: int) -> None:
    rooms.emit("queue.changed", queue_payload(workshop_id, public=False), rooms.staff_room(workshop_id))
    rooms.emit("queue.changed", queue_payload(workshop_id, public=True), rooms.board_room(workshop_id))
    for request in _requests(workshop_id, *OPEN):
        rooms.emit("hand.changed", hand_of(workshop_id, request.participant_id),
                   rooms.participant_room(workshop_id, request.participant_id))


def _own_open(actor: Actor) -> Optional[SpeakRequest]:
    return db.session.scalar(db.select(SpeakRequest).where(
        SpeakRequest.workshop_id == actor.workshop_id, SpeakRequest.participant_id == actor.participant_id,
        SpeakRequest.status.in_(OPEN)))


def raise_hand(actor: Actor) -> dict:
    workshop = get(actor.workshop_id)
    check(actor, workshop, "raise_hand")
    if _own_open(actor) is None:
        db.session.add(SpeakRequest(workshop_id=workshop.id, participant_id=actor.participant_id,
                                    peer_group=actor.peer_group))
        db.session.commit()
        _push(workshop.id)
    return hand_of(workshop.id, actor.participant_id)


def lower_hand(actor: Actor) -> dict:
    request = _own_open(actor)
    if request is not None and request.status == "waiting":
        request.status, request.ended_at = "cancelled", utcnow()
        db.session.commit()
        rooms.emit("hand.changed", {"status": "none", "place": None},
                   rooms.participant_room(actor.workshop_id, actor.participant_id))
        _push(actor.workshop_id)
    return hand_of(actor.workshop_id, actor.participant_id)


def _staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise ServiceError("forbidden", _("Seule l'animation donne la parole."), 403)


def _end_current(workshop_id: int) -> Optional[SpeakRequest]:
    current = next(iter(_requests(workshop_id, "speaking")), None)
    if current is not None:
        current.status, current.ended_at = "done", utcnow()
    return current


def start_turn(actor: Actor, data: Any) -> None:
    """Give the floor to a waiting hand; whoever was speaking has finished."""
    _staff(actor)
    request = db.session.get(SpeakRequest, identifier(payload_dict(data).get("id"), field="id"))
    if request is None or request.workshop_id != actor.workshop_id or request.status != "waiting":
        raise ServiceError("stale", _("Cette main n'est plus levée."), 409)
    _end_current(actor.workshop_id)
    request.status, request.started_at = "speaking", utcnow()
    audit.record(actor, "turn.start", f"speak:{request.id}", {"group": request.peer_group})
    db.session.commit()
    _push(actor.workshop_id)


def stop_turn(actor: Actor) -> None:
    _staff(actor)
    ended = _end_current(actor.workshop_id)
    if ended is not None:
        audit.record(actor, "turn.stop", f"speak:{ended.id}",
                     {"seconds": int((ended.ended_at - ended.started_at).total_seconds())})
        db.session.commit()
        rooms.emit("hand.changed", {"status": "none", "place": None},
                   rooms.participant_room(actor.workshop_id, ended.participant_id))
        _push(actor.workshop_id)


def balance(actor: Actor) -> None:
    """Order the queue: people concerned first, then fewest turns so far, then the earliest hand."""
    _staff(actor)
    turns = Counter(r.participant_id for r in _requests(actor.workshop_id, "done", "speaking"))
    waiting = sorted(_requests(actor.workshop_id, "waiting"),
                     key=lambda r: (r.peer_group != "experience", turns[r.participant_id], r.raised_at, r.id))
    for rank, request in enumerate(waiting):
        request.rank = float(rank)
    audit.record(actor, "queue.balance", "queue", {"order": [r.id for r in waiting]})
    db.session.commit()
    _push(actor.workshop_id)


def reorder(actor: Actor, data: Any) -> None:
    """Set the queue's order by hand (every waiting id, once)."""
    _staff(actor)
    order = payload_dict(data).get("order")
    waiting = {r.id: r for r in _requests(actor.workshop_id, "waiting")}
    if not isinstance(order, list) or not all(isinstance(i, int) for i in order) \
            or len(order) != len(waiting) or set(order) != set(waiting):
        raise ServiceError("stale", _("La file a changé entre-temps."), 409)
    for rank, request_id in enumerate(order):
        waiting[request_id].rank = float(rank)
    db.session.commit()
    _push(actor.workshop_id)
