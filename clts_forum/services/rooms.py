"""Socket.IO room names (DESIGN.md §5) and the one place that emits.

A participant receives only what their rooms carry: sealed peer-group content travels in its
group's room, never in the workshop room.
"""
from __future__ import annotations

from typing import Iterable, Union

from ..actors import BOARD, PARTICIPANT, REFERENT, Actor
from ..extensions import socketio


def workshop_room(workshop_id: int) -> str:
    """Published plenary content: participants, référents and the board."""
    return f"w:{workshop_id}"


def group_room(workshop_id: int, peer_group: str) -> str:
    """A peer group's sealed room: its participants only."""
    return f"w:{workshop_id}:g:{peer_group}"


def staff_room(workshop_id: int) -> str:
    """Facilitators and organisers: everything, with moderation details."""
    return f"w:{workshop_id}:staff"


def referent_room(workshop_id: int, peer_group: str) -> str:
    """The référents of one group: that group's content, with moderation details."""
    return f"w:{workshop_id}:ref:{peer_group}"


def board_room(workshop_id: int) -> str:
    return f"w:{workshop_id}:board"


def participant_room(workshop_id: int, participant_id: int) -> str:
    """One person's devices: the status of their own cards."""
    return f"w:{workshop_id}:p:{participant_id}"


def link_room(link_id: int) -> str:
    """Every connection opened with one role link: what revoking that link closes."""
    return f"link:{link_id}"


def everyone(workshop_id: int) -> list[str]:
    return [workshop_room(workshop_id), staff_room(workshop_id)]


def rooms_for(actor: Actor) -> list[str]:
    """The rooms a connection joins once its actor is known."""
    wid = actor.workshop_id
    own = [link_room(actor.link_id)] if actor.link_id else []
    if actor.role == PARTICIPANT:
        return [workshop_room(wid), group_room(wid, actor.peer_group),
                participant_room(wid, actor.participant_id)]
    if actor.role == REFERENT:
        return [workshop_room(wid), referent_room(wid, actor.peer_group)] + own
    if actor.role == BOARD:
        return [workshop_room(wid), board_room(wid)] + own
    return [staff_room(wid)] + own


def emit(event: str, payload: dict, to: Union[str, Iterable[str]]) -> None:
    rooms = [to] if isinstance(to, str) else list(dict.fromkeys(to))
    if rooms:
        socketio.emit(event, payload, to=rooms)


def disconnect(room: str) -> None:
    """Close this process's connections in `room` now (with REDIS_URL, other workers' are left)."""
    server = socketio.server
    for sid, _eio_sid in server.manager.get_participants("/", room):
        server.disconnect(sid, namespace="/")
