"""Raised hands, the speaker queue and each group's share of voice.

The balancing rule puts the people concerned first, then whoever has spoken least, then the
earliest hand: lived experience is heard on an equal footing, and an imbalance is visible.
"""
from __future__ import annotations

import threading
from collections import Counter
from typing import Any, Optional

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_

from ..actors import Actor
from ..extensions import db
from ..models import Card, Participant, SpeakRequest, utcnow
from ..vocabulary import GROUP_ORDER
from . import ServiceError, access, audit, rooms, throttle
from .rules import check
from .visibility import public_condition, shown_condition
from .validation import payload_dict
from .workshops import get

OPEN = ("waiting", "speaking")


def _requests(workshop_id: int, *statuses: str) -> list[SpeakRequest]:
    return list(db.session.scalars(db.select(SpeakRequest).where(SpeakRequest.workshop_id == workshop_id,
                                                                SpeakRequest.status.in_(statuses))))


# The queue's order: the facilitator's order where set, then hands in the order they were raised.
QUEUE_ORDER = (SpeakRequest.rank.is_(None), SpeakRequest.rank, SpeakRequest.raised_at, SpeakRequest.id)


def waiting_order(workshop_id: int) -> list[SpeakRequest]:
    """The queue, sorted by the database in one query."""
    return list(db.session.scalars(db.select(SpeakRequest).where(
        SpeakRequest.workshop_id == workshop_id, SpeakRequest.status == "waiting").order_by(*QUEUE_ORDER)))


def share_of_voice(workshop_id: int, public: bool = False) -> dict[str, dict[str, int]]:
    """Per group: turns taken, seconds spoken (the current turn included), cards in play.

    `public` (the board) counts only the cards the board may show: a sealed peer-group room's cards
    are not counted until the group releases them, so the room never learns how much a group wrote
    in private. Staff count every card in play.
    """
    return shares_of_voice(workshop_id)[public]


def shares_of_voice(workshop_id: int) -> dict[bool, dict[str, dict[str, int]]]:
    """Staff's (False) and the board's (True) share of voice from one read of the turns and one of the cards.

    Both follow every card (`push_share`, 4 a second in a busy room) and the cards' count grows
    all day: one pass over them instead of two.
    """
    shares = {public: {group: {"turns": 0, "seconds": 0, "cards": 0} for group in GROUP_ORDER}
              for public in (False, True)}
    now = utcnow()
    for turn in _requests(workshop_id, "done", "speaking"):
        seconds = int(((turn.ended_at or now) - turn.started_at).total_seconds())
        for share in shares.values():
            share[turn.peer_group]["turns"] += 1
            share[turn.peer_group]["seconds"] += seconds
    rows = db.session.execute(db.select(Card.peer_group, func.count(), func.count(case((public_condition(), 1))))
                              .where(Card.workshop_id == workshop_id, shown_condition(), Card.peer_group.is_not(None))
                              .group_by(Card.peer_group))
    for group, shown, public in rows:
        shares[False][group]["cards"], shares[True][group]["cards"] = shown, public
    return shares


def _entry(request: SpeakRequest, participant: Participant, public: bool) -> dict:
    name = participant.pseudonym if not participant.purged_at and (not public or participant.quote_by_default) else None
    return {"id": request.id, "peer_group": request.peer_group, "pseudonym": name,
            "raised_at": request.raised_at.isoformat(timespec="seconds") + "Z",
            "started_at": request.started_at.isoformat(timespec="seconds") + "Z" if request.started_at else None}


def queue_payloads(workshop_id: int) -> dict[bool, dict]:
    """The queue for the facilitator (`False`) and the board (`True`: pseudonyms only with consent).

    Read once for both: the open hands with their people (one query); the share of voice per audience
    (the board's counts only what it may show).
    """
    rows = db.session.execute(db.select(SpeakRequest, Participant)
                              .join(Participant, Participant.id == SpeakRequest.participant_id)
                              .where(SpeakRequest.workshop_id == workshop_id, SpeakRequest.status.in_(OPEN))
                              .order_by(*QUEUE_ORDER)).all()

    def view(public: bool) -> dict:
        speaking = next((_entry(r, p, public) for r, p in rows if r.status == "speaking"), None)
        return {"waiting": [_entry(r, p, public) for r, p in rows if r.status == "waiting"],
                "speaking": speaking, "share": share_of_voice(workshop_id, public=public)}

    return {False: view(False), True: view(True)}


def queue_payload(workshop_id: int, public: bool) -> dict:
    return queue_payloads(workshop_id)[public]


NO_HAND = {"status": "none", "place": None}


def hands(workshop_id: int) -> dict[int, dict]:
    """Every open hand's own view, from one ordered query: {participant id: hand}."""
    rows = db.session.execute(db.select(SpeakRequest.participant_id, SpeakRequest.status).where(
        SpeakRequest.workshop_id == workshop_id, SpeakRequest.status.in_(OPEN)).order_by(*QUEUE_ORDER))
    result, place = {}, 0
    for participant_id, status in rows:
        if status == "waiting":
            place += 1
            result[participant_id] = {"status": "waiting", "place": place}
        else:
            result[participant_id] = {"status": "speaking", "place": None}
    return result


@throttle.flusher("share")
def push_share(workshop_id: int, _ids: set[int]) -> None:
    """Card counts follow every card change (coalesced, ≤ 4 a second): the board's only what it may show."""
    shares = shares_of_voice(workshop_id)
    rooms.emit("share.changed", {"share": shares[False]}, rooms.staff_room(workshop_id))
    rooms.emit("share.changed", {"share": shares[True]}, rooms.board_room(workshop_id))


def hand_of(workshop_id: int, participant_id: int) -> dict:
    """A participant's own view: no hand, waiting (with a place in the queue), or speaking.

    The place is counted by the database (hands ahead in QUEUE_ORDER): no list is built.
    """
    own = db.session.scalar(db.select(SpeakRequest).where(
        SpeakRequest.workshop_id == workshop_id, SpeakRequest.participant_id == participant_id,
        SpeakRequest.status.in_(OPEN)))
    if own is None:
        return dict(NO_HAND)
    if own.status == "speaking":
        return {"status": "speaking", "place": None}
    later_raised = or_(SpeakRequest.raised_at < own.raised_at,
                       and_(SpeakRequest.raised_at == own.raised_at, SpeakRequest.id < own.id))
    if own.rank is None:
        ahead = or_(SpeakRequest.rank.is_not(None), later_raised)
    else:
        ahead = and_(SpeakRequest.rank.is_not(None), or_(SpeakRequest.rank < own.rank,
                                                          and_(SpeakRequest.rank == own.rank, later_raised)))
    count = db.session.scalar(db.select(func.count()).select_from(SpeakRequest).where(
        SpeakRequest.workshop_id == workshop_id, SpeakRequest.status == "waiting", ahead))
    return {"status": "waiting", "place": count + 1}


# What each open hand was told, per workshop, from before the first change not pushed yet.
_before: dict[int, dict[int, dict]] = {}
_before_lock = threading.Lock()


def before_change(workshop_id: int) -> None:
    """Call before changing the queue: remember the hands as they were, once per push window."""
    with _before_lock:
        if workshop_id in _before:
            return
    snapshot = hands(workshop_id)
    with _before_lock:
        _before.setdefault(workshop_id, snapshot)


def push(workshop_id: int) -> None:
    """Push the queue soon: at most `throttle.INTERVAL` apart, whatever the rate of hands."""
    throttle.later("queue", workshop_id, 0)


@throttle.flusher("queue")
def push_queue(workshop_id: int, _items: set[int]) -> None:
    """The queue to the facilitator and the board; `hand.changed` only to the people whose hand changed.

    A hand raised or lowered at the end of the queue moves nobody else: one message, not one per
    waiting hand. Places that did shift (a turn given, the queue reordered) are each pushed once.
    """
    with _before_lock:
        before = _before.pop(workshop_id, {})
    payloads = queue_payloads(workshop_id)
    rooms.emit("queue.changed", payloads[False], rooms.staff_room(workshop_id))
    rooms.emit("queue.changed", payloads[True], rooms.board_room(workshop_id))
    after = hands(workshop_id)
    for participant_id in after.keys() | before.keys():
        hand = after.get(participant_id, NO_HAND)
        if before.get(participant_id) != hand:
            rooms.emit("hand.changed", hand, rooms.participant_room(workshop_id, participant_id))


def _own_open(actor: Actor) -> Optional[SpeakRequest]:
    return db.session.scalar(db.select(SpeakRequest).where(
        SpeakRequest.workshop_id == actor.workshop_id, SpeakRequest.participant_id == actor.participant_id,
        SpeakRequest.status.in_(OPEN)))


def raise_hand(actor: Actor) -> dict:
    workshop = get(actor.workshop_id)
    check(actor, workshop, "raise_hand")
    if _own_open(actor) is None:
        before_change(workshop.id)
        db.session.add(SpeakRequest(workshop_id=workshop.id, participant_id=actor.participant_id,
                                    peer_group=actor.peer_group))
        db.session.commit()
        push(workshop.id)
    return hand_of(workshop.id, actor.participant_id)


def lower_hand(actor: Actor) -> dict:
    request = _own_open(actor)
    if request is not None and request.status == "waiting":
        before_change(actor.workshop_id)
        request.status, request.ended_at = "cancelled", utcnow()
        db.session.commit()
        push(actor.workshop_id)
    return hand_of(actor.workshop_id, actor.participant_id)


def _staff(actor: Actor) -> None:
    access.require_staff(actor, _("Seule l'animation donne la parole."))


def _end_current(workshop_id: int) -> Optional[SpeakRequest]:
    current = next(iter(_requests(workshop_id, "speaking")), None)
    if current is not None:
        current.status, current.ended_at = "done", utcnow()
    return current


def start_turn(actor: Actor, data: Any) -> None:
    """Give the floor to a waiting hand; whoever was speaking has finished."""
    _staff(actor)
    request = access.load(SpeakRequest, payload_dict(data).get("id"), actor, message=_("Cette main n'est plus levée."))
    if request.status != "waiting":
        raise ServiceError("stale", _("Cette main n'est plus levée."), 409)
    before_change(actor.workshop_id)
    _end_current(actor.workshop_id)
    request.status, request.started_at = "speaking", utcnow()
    audit.record(actor, "turn.start", f"speak:{request.id}", {"group": request.peer_group})
    db.session.commit()
    push(actor.workshop_id)


def stop_turn(actor: Actor) -> None:
    _staff(actor)
    if _requests(actor.workshop_id, "speaking"):
        before_change(actor.workshop_id)
    ended = _end_current(actor.workshop_id)
    if ended is not None:
        audit.record(actor, "turn.stop", f"speak:{ended.id}",
                     {"seconds": int((ended.ended_at - ended.started_at).total_seconds())})
        db.session.commit()
        push(actor.workshop_id)


def balance(actor: Actor) -> None:
    """Order the queue: people concerned first, then fewest turns so far, then the earliest hand."""
    _staff(actor)
    turns = Counter(r.participant_id for r in _requests(actor.workshop_id, "done", "speaking"))
    waiting = sorted(_requests(actor.workshop_id, "waiting"),
                     key=lambda r: (r.peer_group != "experience", turns[r.participant_id], r.raised_at, r.id))
    before_change(actor.workshop_id)
    for rank, request in enumerate(waiting):
        request.rank = float(rank)
    audit.record(actor, "queue.balance", "queue", {"order": [r.id for r in waiting]})
    db.session.commit()
    push(actor.workshop_id)


def reorder(actor: Actor, data: Any) -> None:
    """Set the queue's order by hand (every waiting id, once)."""
    _staff(actor)
    order = payload_dict(data).get("order")
    waiting = {r.id: r for r in _requests(actor.workshop_id, "waiting")}
    if not isinstance(order, list) or not all(isinstance(i, int) for i in order) \
            or len(order) != len(waiting) or set(order) != set(waiting):
        raise ServiceError("stale", _("La file a changé entre-temps."), 409)
    before_change(actor.workshop_id)
    for rank, request_id in enumerate(order):
        waiting[request_id].rank = float(rank)
    db.session.commit()
    push(actor.workshop_id)
