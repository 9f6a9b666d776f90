"""Members of a working group: the same person at every meeting, without an account or an e-mail.

A member has a personal link (`/m/<token>`, printed as a QR code on their member card). Opening it
while a meeting of their group is open joins that meeting as them (`participants.join(member=…)`), on any
phone, with no pseudonym or category to type again. A member can leave the group from their link; an
animator can replace a lost card (the old link opens nothing at once); a référent or an animator can mark
a member without a phone present. Roster identities are kept for the mandate, then purged by retention.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import Actor
from ..extensions import db
from ..models import Mandate, Member, Participant, WorkingGroup, Workshop, utcnow
from ..vocabulary import CATEGORIES
from . import ServiceError, audit, participants
from .participants import PSEUDONYM_MAX
from .validation import choice, clean_text
from .workshops import new_token

NEUTRAL_LABEL = "Membre n° {n}"


def _fields(display_name: Any, category: Any, structure: Any, joined_on: Any, consent_listed: Any) -> dict:
    if not isinstance(joined_on, date):
        raise ServiceError("invalid", _("Indiquez la date d'arrivée dans le groupe."))
    return {"display_name": clean_text(display_name, field=_l("Nom ou pseudonyme"), max_length=PSEUDONYM_MAX,
                                       multiline=False),
            "category": choice(category, CATEGORIES, field=_l("Catégorie")),
            "structure": clean_text(structure, field=_l("Structure"), max_length=200, required=False,
                                    multiline=False),
            "joined_on": joined_on, "consent_listed": bool(consent_listed)}


def add(group: WorkingGroup, *, display_name: Any, category: Any, structure: Any = "", joined_on: Any = None,
        consent_listed: Any = False) -> Member:
    member = Member(working_group_id=group.id, token=new_token(),
                    **_fields(display_name, category, structure, joined_on or date.today(), consent_listed))
    db.session.add(member)
    db.session.commit()
    return member


def update(member: Member, *, display_name: Any, category: Any, structure: Any, joined_on: Any,
           left_on: Any, consent_listed: Any) -> Member:
    if member.purged_at is not None:
        raise ServiceError("not_allowed_now", _("L'identité de ce membre a été effacée."))
    for key, value in _fields(display_name, category, structure, joined_on, consent_listed).items():
        setattr(member, key, value)
    if left_on is not None and (not isinstance(left_on, date) or left_on < member.joined_on):
        raise ServiceError("invalid", _("La date de départ suit la date d'arrivée."))
    member.left_on = left_on
    db.session.commit()
    return member


def in_group(group: WorkingGroup, member_id: Any) -> Member:
    found = db.session.get(Member, member_id) if isinstance(member_id, int) else None
    if found is None or found.working_group_id != group.id:
        raise ServiceError("not_found", _("Membre introuvable."), 404)
    return found


def by_link(token: Any) -> Optional[Member]:
    """The member behind a personal link; a replaced or purged link opens nothing."""
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        return None
    return db.session.scalar(db.select(Member).filter_by(token=token, purged_at=None))


def replace_card(member: Member) -> Member:
    """A lost card: a new personal link; the old one stops working at once."""
    if member.purged_at is not None:
        raise ServiceError("not_allowed_now", _("L'identité de ce membre a été effacée."))
    member.token = new_token()
    db.session.commit()
    return member


def leave(member: Member, today: Optional[date] = None) -> Member:
    """The member leaves the group from their own link: they stay in the record of past meetings."""
    if member.left_on is None:
        member.left_on = max(today or date.today(), member.joined_on)
        db.session.commit()
    return member


def on_roster(member: Member, day: date) -> bool:
    return member.joined_on <= day and (member.left_on is None or member.left_on > day)


def roster_at(group: WorkingGroup, day: date) -> list[Member]:
    """The group's members on `day` (for a mandate's start: "members at the start of the mandate")."""
    return [m for m in group.members if on_roster(m, day)]


def open_meetings(member: Member, today: Optional[date] = None) -> list[Workshop]:
    """The meetings of the member's group they can join now: live, not closed, running or dated today."""
    if member.left_on is not None:
        return []
    today = today or date.today()
    found = db.session.scalars(db.select(Workshop).where(
        Workshop.working_group_id == member.working_group_id, Workshop.status != "closed",
        Workshop.imported_at.is_(None), Workshop.recorded.is_(False)).order_by(Workshop.id))
    return [w for w in found if w.status == "running" or w.date is None or w.date == today]


def attended(member: Member) -> list[Workshop]:
    return list(db.session.scalars(db.select(Workshop).join(Participant, Participant.workshop_id == Workshop.id)
                                   .where(Participant.member_id == member.id).order_by(Workshop.date, Workshop.id)))


def join_meeting(member: Member, meeting: Workshop) -> Participant:
    """The member's participant at this meeting (the same one on every device they open it with)."""
    return participants.join(meeting, member=member)


def mark_present(actor: Actor, meeting: Workshop, member: Member) -> Participant:
    """A référent or an animator marks a member without a phone present: a participant without a device.

    Marked by a référent, the référent can then write for them (scribe mode) under the member's name.
    """
    participant = participants.join(meeting, member=member, scribed_by_link_id=actor.link_id)
    audit.record(actor, "member.present", f"participant:{participant.id}")
    db.session.commit()
    return participant


def present_ids(meeting: Workshop) -> set[int]:
    return set(db.session.scalars(db.select(Participant.member_id).where(
        Participant.workshop_id == meeting.id, Participant.member_id.isnot(None))))


def purge_ended_mandates(days: int) -> int:
    """Roster identities of groups whose mandate ended more than `days` days ago (0: never).

    Names, structures and links go; categories, dates and consent stay, so the bilan's figures survive.
    """
    if days <= 0:
        return 0
    limit = date.today() - timedelta(days=days)
    due = list(db.session.scalars(db.select(Member).join(WorkingGroup).join(Mandate).where(
        Mandate.ends_on < limit, Member.purged_at.is_(None)).order_by(Member.id)))
    now = utcnow()
    for member in due:
        member.display_name = NEUTRAL_LABEL.format(n=member.id)
        member.structure = ""
        member.token = new_token()
        member.purged_at = now
    db.session.commit()
    return len(due)
