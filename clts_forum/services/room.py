"""Steering the room: pause, "I need a pause", locking a step, the timer, the spotlight, the board layout."""
from __future__ import annotations

from typing import Any, Optional

from flask_babel import gettext as _

from ..actors import Actor
from ..extensions import db
from ..models import Card, Participant, PauseRequest, Step, utcnow
from . import ServiceError, access, audit, rooms
from .validation import flag, optional_identifier, payload_dict
from .visibility import is_public
from .workshops import get, step_payload, timer_payload, workshop_payload

LAYOUTS = ("auto", "columns", "themes", "agreement", "queue", "join")
MAX_ADDED = 3 * 3600


def _staff(actor: Actor) -> None:
    access.require_staff(actor, _("Seule l'animation pilote la salle."))


def _push_workshop(workshop) -> None:
    rooms.emit("workshop.changed", workshop_payload(workshop), rooms.everyone(workshop.id))


# -- pause ------------------------------------------------------------------------------------------

def set_paused(actor: Actor, data: Any) -> bool:
    """A calm pause screen on every phone and the board; nothing can be posted meanwhile."""
    _staff(actor)
    paused = flag(payload_dict(data).get("paused"), field="paused")
    workshop = get(actor.workshop_id)
    if workshop.paused != paused:
        workshop.paused = paused
        audit.record(actor, "workshop.pause", "workshop", {"paused": paused})
        db.session.commit()
        _push_workshop(workshop)
    return paused


def pause_requests(workshop_id: int) -> list[dict]:
    rows = db.session.execute(
        db.select(PauseRequest, Participant).join(Participant, Participant.id == PauseRequest.participant_id)
        .where(PauseRequest.workshop_id == workshop_id, PauseRequest.seen_at.is_(None)).order_by(PauseRequest.id))
    return [{"id": r.id, "pseudonym": p.pseudonym, "peer_group": p.peer_group,
             "created_at": r.created_at.isoformat(timespec="seconds") + "Z"} for r, p in rows]


def _push_requests(workshop_id: int) -> None:
    rooms.emit("pause.requests", {"requests": pause_requests(workshop_id)}, rooms.staff_room(workshop_id))


def request_pause(actor: Actor) -> None:
    """A participant privately tells the facilitator they need a pause (once until it is seen)."""
    open_request = db.session.scalar(db.select(PauseRequest.id).filter_by(
        workshop_id=actor.workshop_id, participant_id=actor.participant_id, seen_at=None))
    if open_request is None:
        db.session.add(PauseRequest(workshop_id=actor.workshop_id, participant_id=actor.participant_id))
        db.session.commit()
        _push_requests(actor.workshop_id)


def pause_requests_seen(actor: Actor) -> None:
    _staff(actor)
    now = utcnow()
    for request in db.session.scalars(db.select(PauseRequest).filter_by(workshop_id=actor.workshop_id, seen_at=None)):
        request.seen_at = now
    db.session.commit()
    _push_requests(actor.workshop_id)


# -- locking a step ---------------------------------------------------------------------------------

def _step(actor: Actor, step_id: Any) -> Step:
    return access.load(Step, step_id, actor, field="step_id", message=_("Cette étape n'existe pas dans l'atelier."))


def set_locked(actor: Actor, data: Any) -> Step:
    """Close (or reopen) posting in a step without leaving it."""
    _staff(actor)
    data = payload_dict(data)
    step = _step(actor, data.get("step_id"))
    locked = flag(data.get("locked"), field="locked")
    if step.locked != locked:
        step.locked = locked
        audit.record(actor, "step.lock", f"step:{step.id}", {"locked": locked})
        db.session.commit()
        rooms.emit("step.updated", step_payload(step), rooms.everyone(actor.workshop_id))
    return step


# -- the timer: it signals the end, it never moves the room on --------------------------------------

def _current_step(actor: Actor) -> Step:
    step = get(actor.workshop_id).current_step
    if step is None:
        raise ServiceError("not_allowed_now", _("L'atelier n'a pas encore commencé."))
    return step


def _push_timer(step: Step) -> None:
    rooms.emit("timer.changed", {"step_id": step.id, "timer": timer_payload(step)}, rooms.everyone(step.workshop_id))


def timer(actor: Actor, data: Any) -> dict:
    """`action`: start, pause, add (`seconds`, may be negative) or reset, on the current step's timer."""
    _staff(actor)
    data = payload_dict(data)
    step = _current_step(actor)
    action = data.get("action")
    now = utcnow()
    if action == "start":
        if step.timer_started_at is None:
            step.timer_started_at = now
    elif action == "pause":
        if step.timer_started_at is not None:
            # at least a second, so a paused timer is never mistaken for one never started
            step.timer_elapsed_seconds += max(1, int((now - step.timer_started_at).total_seconds()))
            step.timer_started_at = None
    elif action == "add":
        seconds = data.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int) or abs(seconds) > MAX_ADDED:
            raise ServiceError("invalid", _("Le temps ajouté doit être un nombre de secondes raisonnable."))
        step.timer_added_seconds = max(step.timer_added_seconds + seconds, -step.duration_minutes * 60)
    elif action == "reset":
        step.timer_started_at, step.timer_elapsed_seconds, step.timer_added_seconds = None, 0, 0
    else:
        raise ServiceError("invalid", _("Action de minuteur inconnue."))
    db.session.commit()
    _push_timer(step)
    return timer_payload(step)


# -- the board: spotlight and layout ----------------------------------------------------------------

def spotlight(actor: Actor, data: Any) -> Optional[int]:
    """Put one published card, track or question full-screen on the board (`card_id: null` clears it)."""
    _staff(actor)
    card_id = optional_identifier(payload_dict(data).get("card_id"), field="card_id")
    workshop = get(actor.workshop_id)
    if card_id is not None:
        access.load(Card, card_id, workshop, field="card_id", accept=is_public,
                    message=_("Seule une carte publiée peut être mise en avant."))
    previous, workshop.spotlight_card_id = workshop.spotlight_card_id, card_id
    audit.record(actor, "spotlight.set", f"card:{card_id}", {"previous": previous})
    db.session.commit()
    _push_workshop(workshop)
    return card_id


def layout(actor: Actor, data: Any) -> str:
    _staff(actor)
    chosen = payload_dict(data).get("layout")
    if chosen not in LAYOUTS:
        raise ServiceError("invalid", _("Disposition d'écran inconnue."))
    workshop = get(actor.workshop_id)
    previous, workshop.board_layout = workshop.board_layout, chosen
    audit.record(actor, "board.layout", "board", {"previous": previous, "layout": chosen})
    db.session.commit()
    _push_workshop(workshop)
    return chosen
