"""Joining a workshop: a pseudonym and a category, nothing more (DESIGN.md §4).

A working group's member joins a meeting of their group as themselves: their roster name and category,
the same `Participant` for every device they use at that meeting (and one row, without a device, when a
référent or an animator marks them present).
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..actors import Actor
from ..extensions import db
from ..models import Card, Member, Participant, PauseRequest, Position, SpeakRequest, Upvote, Workshop, utcnow
from ..vocabulary import CATEGORIES, FOLLOWED_ANSWERS
from . import ServiceError, access, audit, rooms, speaking, throttle
from .moderation import clear_spotlight_if
from .validation import choice, clean_text, flag, payload_dict
from .visibility import publish_change, shared_rooms
from .workshops import composition, get, group_of, new_token, participant_payload, require_open, workshop_payload

PSEUDONYM_MAX = 40


def pseudonym_key(pseudonym: str) -> str:
    return pseudonym.casefold()


def check_open(workshop: Workshop) -> None:
    """Only a live workshop can be joined: not a closed one, an imported archive or an event recorded by hand."""
    require_open(workshop)
    if workshop.imported_at is not None or workshop.recorded:
        raise ServiceError("not_live", _("Cet atelier n'a pas de séance en direct."))


def clean_pseudonym(value: Any) -> str:
    return clean_text(value, field=_l("Prénom ou pseudonyme"), max_length=PSEUDONYM_MAX, multiline=False)


def join(workshop: Workshop, *, pseudonym: Any = None, category: Any = None, followed_here: Any = "unsaid",
         quote_by_default: Any = None, scribed_by_link_id: int | None = None,
         member: Member | None = None, commit: bool = True) -> Participant:
    """A new participant of `workshop` (a member's existing one at their group's meeting).

    `commit=False` only flushes it, within the caller's transaction: the caller commits it with what
    it writes next (or rolls both back if that is refused), then calls `announce`.
    """
    check_open(workshop)
    if member is not None:
        existing = _member_check(workshop, member)
        if existing is not None:
            return existing
        pseudonym, category = _free_pseudonym(workshop, member.display_name), member.category
    name = clean_pseudonym(pseudonym)
    category = choice(category, CATEGORIES, field=_l("Catégorie"))
    peer_group = group_of(workshop, category)
    participant = Participant(
        workshop_id=workshop.id, token=new_token(), pseudonym=name, pseudonym_key=pseudonym_key(name),
        category=category, peer_group=peer_group,
        followed_here=choice(followed_here or "unsaid", FOLLOWED_ANSWERS, field=_l("Réponse")),
        # People concerned are not quoted by name unless they choose to be (DESIGN.md §4).
        quote_by_default=flag(quote_by_default, field=_l("Citation"), default=peer_group != "experience"),
        scribed_by_link_id=scribed_by_link_id, member_id=member.id if member is not None else None,
    )
    db.session.add(participant)
    try:
        db.session.commit() if commit else db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError("pseudonym_taken", _("« %(name)s » est déjà pris dans cet atelier. Ajoutez une "
                                                "initiale ou choisissez un autre nom.", name=name))
    if commit:
        announce(participant)
    return participant


def announce(participant: Participant) -> None:
    """Tell the staff and the référents of the group who joined, and everyone the new composition."""
    rooms.emit("participant.joined", participant_payload(participant),
               [rooms.staff_room(participant.workshop_id), rooms.referent_room(participant.workshop_id,
                                                                               participant.peer_group)])
    rooms.emit("composition.changed", composition(participant.workshop_id), rooms.everyone(participant.workshop_id))


def _member_check(workshop: Workshop, member: Member) -> Participant | None:
    """A member joins the meetings of their own group while on its roster; once per meeting."""
    if workshop.working_group_id != member.working_group_id or member.purged_at is not None:
        raise ServiceError("forbidden", _("Cette réunion n'est pas celle de votre groupe."), 403)
    if member.left_on is not None:
        raise ServiceError("forbidden", _("Vous avez quitté ce groupe."), 403)
    existing = db.session.scalar(db.select(Participant).filter_by(workshop_id=workshop.id, member_id=member.id,
                                                                  purged_at=None))
    if existing is not None and existing.removed_at is not None:
        raise ServiceError("forbidden", _("L'animation vous a retiré·e de cet atelier."), 403)
    return existing


def _free_pseudonym(workshop: Workshop, name: str) -> str:
    """The member's name, or "name 2", "name 3"… when someone at this meeting already took it."""
    taken = set(db.session.scalars(db.select(Participant.pseudonym_key).filter_by(workshop_id=workshop.id)))
    candidate, n = name, 1
    while pseudonym_key(candidate) in taken:
        n += 1
        candidate = f"{name[:PSEUDONYM_MAX - 4]} {n}"
    return candidate


def remove(actor: Actor, data: Any) -> Participant:
    """The facilitator removes a participant created in bad faith (e.g. a script joining in a loop).

    Their token is renewed (their phones are disconnected and cannot come back with it), they leave
    the gauge, the lists and the composition; their cards are hidden (a moderator may restore one),
    their hand lowered, their positions and question support taken back. Recorded in the log.
    """
    access.require_staff(actor, _("Seule l'animation retire une personne de l'atelier."))
    person = access.load(Participant, payload_dict(data).get("id"), actor, accept=lambda p: p.purged_at is None,
                         message=_("Cette personne n'est pas dans l'atelier."))
    if person.removed_at is not None:
        return person
    workshop = get(actor.workshop_id)
    speaking.before_change(workshop.id)
    person.removed_at, person.token = utcnow(), new_token()
    shown = list(db.session.scalars(db.select(Card).where(Card.author_id == person.id,
                                                          Card.status.in_(("pending", "published")))))
    seen_before = {card.id: shared_rooms(card) for card in shown}
    spotlight_was = workshop.spotlight_card_id
    for card in shown:
        card.status = "hidden"
        clear_spotlight_if(workshop, card)
    for request in db.session.scalars(db.select(SpeakRequest).where(
            SpeakRequest.participant_id == person.id, SpeakRequest.status.in_(speaking.OPEN))):
        request.status, request.ended_at = ("done" if request.status == "speaking" else "cancelled"), utcnow()
    tracks = set(db.session.scalars(db.select(Position.card_id).filter_by(participant_id=person.id)))
    questions = set(db.session.scalars(db.select(Upvote.card_id).filter_by(participant_id=person.id)))
    db.session.execute(db.delete(Position).filter_by(participant_id=person.id))
    db.session.execute(db.delete(Upvote).filter_by(participant_id=person.id))
    db.session.execute(db.delete(PauseRequest).filter_by(participant_id=person.id, seen_at=None))
    audit.record(actor, "participant.remove", f"participant:{person.id}",
                 {"pseudonym": person.pseudonym, "cards": [card.id for card in shown]})
    db.session.commit()
    for card in shown:
        publish_change(card, seen_before[card.id])
    if spotlight_was != workshop.spotlight_card_id:
        rooms.emit("workshop.changed", workshop_payload(workshop), rooms.everyone(workshop.id))
    for card_id in tracks:
        throttle.later("positions", workshop.id, card_id)
    for card_id in questions:
        throttle.later("upvotes", workshop.id, card_id)
    speaking.push(workshop.id)
    rooms.emit("participant.removed", {"id": person.id},
               [rooms.staff_room(workshop.id), rooms.referent_room(workshop.id, person.peer_group)])
    rooms.emit("composition.changed", composition(workshop.id), rooms.everyone(workshop.id))
    room = rooms.participant_room(workshop.id, person.id)
    rooms.emit("access.revoked", {"message": _("L'animation vous a retiré·e de cet atelier.")}, room)
    rooms.disconnect(room)
    return person


def by_token(token: str) -> Participant | None:
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalar(db.select(Participant).filter_by(token=token, purged_at=None, removed_at=None))
