"""Small helpers shared by the unit and socket tests."""
from __future__ import annotations

from clts_forum.actors import participant_actor
from clts_forum.services import workshops


def link_token(workshop, role: str, group: str | None = None) -> str:
    return workshops.active_link(workshop, role, group).token


def as_actor(participant):
    return participant_actor(participant)


def drain(client) -> dict[str, list]:
    """The pushes a test client received since the last call, by event name."""
    pushes: dict[str, list] = {}
    for message in client.get_received():
        pushes.setdefault(message["name"], []).append(message["args"][0])
    return pushes
