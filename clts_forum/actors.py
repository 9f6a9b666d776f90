"""Who is acting: resolved once from a token (or an organiser's login) and handed to services.

Services never read `request`; they get an Actor and the data.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from flask import current_app
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from .extensions import db
from .models import Organiser, Participant, RoleLink, Workshop
from .worker_memory import WorkerMemory

PARTICIPANT = "participant"
REFERENT = "referent"
FACILITATOR = "facilitator"
BOARD = "board"
ORGANISER = "organiser"
SYSTEM = "system"  # what the server does by itself (a card held by the detection, a purge by retention)

LINK_ROLES = (FACILITATOR, REFERENT, BOARD)
STAFF_ROLES = frozenset({FACILITATOR, ORGANISER})


@dataclass(frozen=True)
class Actor:
    role: str
    workshop_id: int
    participant_id: Optional[int] = None
    peer_group: Optional[str] = None
    link_id: Optional[int] = None
    organiser_id: Optional[int] = None
    label: str = ""

    @property
    def is_staff(self) -> bool:
        """Facilitates the whole workshop (facilitator link or organiser account)."""
        return self.role in STAFF_ROLES

    @property
    def moderates_group(self) -> Optional[str]:
        return self.peer_group if self.role == REFERENT else None

    def moderates(self, peer_group: Optional[str]) -> bool:
        return self.is_staff or (self.role == REFERENT and peer_group == self.peer_group)


def participant_actor(participant: Participant) -> Actor:
    return Actor(role=PARTICIPANT, workshop_id=participant.workshop_id, participant_id=participant.id,
                 peer_group=participant.peer_group, label=participant.pseudonym)


def link_actor(link: RoleLink) -> Actor:
    label = {FACILITATOR: "animation", BOARD: "écran", REFERENT: f"référent·e {link.peer_group}"}[link.role]
    return Actor(role=link.role, workshop_id=link.workshop_id, peer_group=link.peer_group,
                 link_id=link.id, label=label)


def organiser_actor(organiser: Organiser, workshop: Workshop) -> Actor:
    return Actor(role=ORGANISER, workshop_id=workshop.id, organiser_id=organiser.id, label=organiser.name)


def actor_for_token(token: object) -> Optional[Actor]:
    """A participant token or an unrevoked role-link token, else None."""
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        return None
    participant = db.session.scalar(db.select(Participant).filter_by(token=token, purged_at=None, removed_at=None))
    if participant is not None:
        return participant_actor(participant)
    link = db.session.scalar(db.select(RoleLink).filter_by(token=token, revoked_at=None))
    if link is not None:
        return link_actor(link)
    return None



class Standing(WorkerMemory):
    """Which actors this worker found neither removed nor revoked lately (`app.extensions["clts_standing"]`).

    Every socket event asks; the answer was one query per card and per position. Removing a
    participant or replacing a link pushes `access.revoked` to the people concerned, which every
    worker sees: it forgets all its answers then. Between that commit and its push (the end of the
    event that made it) another event of the same person may still pass, as one already running would.

    For a participant the answer is their row as read (a dict of its columns), so a card's author
    needs no second query (`sender`). Nothing of that row changes while they may act: pseudonym,
    group and quoting choice are set at join, and the purge comes after the workshop closes.

    An answer is kept 30 s (the running step's cache keeps its entries 5 s): a phone acts about once
    a second, so with 5 s one event in five still asked. The TTL only matters if a push between
    workers is lost.
    """

    TTL = 30.0

    def forget_for_push(self, event: str, rooms: Any) -> None:
        if event == "access.revoked":
            self.forget()


def _standing() -> Standing:
    return current_app.extensions["clts_standing"]


def revoked(actor: Actor) -> bool:
    """Whether the role link behind `actor` has been revoked (or the participant removed) since it connected.

    Revoking disconnects the link's sockets on the worker that did it; this check also stops
    sockets held on other workers (REDIS_URL) from acting.
    """
    if actor.participant_id is None and actor.link_id is None:
        return False
    standing = _standing()
    key = (actor.participant_id, actor.link_id)
    if standing.get(key):
        return False
    generation = standing.generation
    if actor.participant_id is not None:  # removed by the facilitator (services/participants.remove)
        row = db.session.execute(db.select(Participant.__table__).filter_by(id=actor.participant_id)).mappings().first()
        answer = dict(row) if row is not None and row["removed_at"] is None else None
    else:
        answer = db.session.scalar(db.select(RoleLink.revoked_at).filter_by(id=actor.link_id)) is None
    if answer:
        standing.put(key, answer, generation)
    return not answer


def sender(actor: Actor) -> Participant:
    """The participant behind `actor`, in this request's session, from what `revoked` kept if it can.

    The hottest event (a card) only reads the author's row: building it from the kept columns
    spares a query. It joins the session as a loaded, unchanged object.
    """
    assert actor.participant_id is not None
    person = db.session.identity_map.get(identity_key(Participant, actor.participant_id))
    if person is not None:
        return person
    columns = _standing().get((actor.participant_id, actor.link_id))
    if not isinstance(columns, dict):
        return db.session.get(Participant, actor.participant_id)
    person = Participant(**columns)
    make_transient_to_detached(person)
    db.session.add(person)
    return person
