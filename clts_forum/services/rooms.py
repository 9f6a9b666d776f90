"""Socket.IO room names (DESIGN.md §5) and the one place that emits.

A participant receives only what their rooms carry: sealed peer-group content travels in its
group's room, never in the workshop room.
"""
from __future__ import annotations

from typing import Iterable, Union

from ..actors import BOARD, PARTICIPANT, REFERENT, Actor
from flask import current_app, g, has_app_context, has_request_context, request

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


def emit(event: str, payload: dict, to: Union[str, Iterable[str]], skip_sender: bool = False) -> None:
    """Push to rooms; inside a socket event (`hold_pushes`), after that event's ack.

    `skip_sender`: not to the connection whose event this is (its ack already says it).
    """
    rooms = [to] if isinstance(to, str) else list(dict.fromkeys(to))
    if not rooms:
        return
    held = g.get(HELD) if has_app_context() else None
    if held is not None:
        held.append((event, payload, rooms, g.get(SENDER) if skip_sender else None))
    else:
        socketio.emit(event, payload, to=rooms)


HELD = "clts_held_pushes"
SENDER = "clts_push_sender"


def hold_pushes() -> None:
    """From now on in this event, keep pushes until `release_pushes`.

    The sender's ack then leaves before the broadcast instead of queuing behind one packet per
    connected client. Pushes only ever follow a commit, so holding them does not weaken
    "persist before broadcast"; a push lost with a crashed process is recovered by the
    client's `workshop.state` on reconnect.
    """
    g.setdefault(HELD, [])
    if has_request_context():
        g.setdefault(SENDER, getattr(request, "sid", None))


def release_pushes() -> None:
    """Send the held pushes, in order: after the ack under eventlet/gevent, at once under threading."""
    held = g.pop(HELD, None)
    g.pop(SENDER, None)
    if not held:
        return
    if current_app.config["ASYNC_MODE"] == "threading":
        _send(held)
    else:  # a green thread runs once this one has returned, i.e. after the ack is queued
        socketio.start_background_task(_send, held)


DISCONNECT = object()  # a held disconnection, in order with the held pushes


def _send(held: list) -> None:
    for event, payload, rooms, skip_sid in held:
        if event is DISCONNECT:
            _disconnect(rooms[0])
        else:
            socketio.emit(event, payload, to=rooms, skip_sid=skip_sid)


def disconnect(room: str) -> None:
    """Close this process's connections in `room` (with REDIS_URL, other workers' are left).

    Inside a socket event, after the pushes held so far (e.g. `access.revoked` reaches them first).
    """
    held = g.get(HELD) if has_app_context() else None
    if held is not None:
        held.append((DISCONNECT, None, [room], None))
    else:
        _disconnect(room)


def _disconnect(room: str) -> None:
    server = socketio.server
    for sid, _eio_sid in server.manager.get_participants("/", room):
        server.disconnect(sid, namespace="/")
