"""Working groups: a question, a mandate, animators (accounts), a roster, and meetings that build on each other.

A meeting is a workshop of kind "reunion" linked to its group. A new meeting may start from the previous
one: the previous meeting's public tracks (its open tracks, carried ones included) become cards of the
new meeting's tracks step, marked `carried_over`, and its latest synthesis text becomes the new
meeting's first synthesis version, written by "reprise" — so the group's work accumulates, and the
screens and the report say where each carried item comes from.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import BOARD, Actor
from ..extensions import db
from ..models import Card, Mandate, Organiser, Synthesis, WorkingGroup, Workshop
from . import ServiceError
from .programmes import DEFAULT_TEMPLATE
from .validation import clean_text
from .visibility import visible_cards
from .workshops import create_workshop

CARRIED_BY = "reprise"


def _fields(name: Any, question: Any) -> dict:
    return {"name": clean_text(name, field=_l("Nom du groupe"), max_length=200, multiline=False),
            "question": clean_text(question, field=_l("Question"), max_length=2000, required=False)}


def _mandate(organisation_id: int, mandate_id: Any) -> Optional[Mandate]:
    if mandate_id in (None, ""):
        return None
    found = db.session.get(Mandate, mandate_id) if isinstance(mandate_id, int) else None
    if found is None or found.organisation_id != organisation_id:
        raise ServiceError("invalid", _("Mandat introuvable."))
    return found


def create(account: Organiser, *, name: Any, question: Any = "", mandate_id: Any = None) -> WorkingGroup:
    """A new group; its creator animates it."""
    group = WorkingGroup(organisation_id=account.organisation_id, **_fields(name, question),
                         mandate=_mandate(account.organisation_id, mandate_id))
    group.animators.append(account)
    db.session.add(group)
    db.session.commit()
    return group


def update(group: WorkingGroup, *, name: Any, question: Any, mandate_id: Any,
           animator_ids: list[int]) -> WorkingGroup:
    from .organisers import in_organisation

    for key, value in _fields(name, question).items():
        setattr(group, key, value)
    group.mandate = _mandate(group.organisation_id, mandate_id)
    animators = [in_organisation(group.organisation_id, i) for i in animator_ids]
    if not animators:
        raise ServiceError("invalid", _("Un groupe a au moins un·e animateur·rice."))
    group.animators = animators
    db.session.commit()
    return group


def of_organisation(organisation_id: int) -> list[WorkingGroup]:
    return list(db.session.scalars(db.select(WorkingGroup).filter_by(organisation_id=organisation_id)
                                   .order_by(WorkingGroup.name, WorkingGroup.id)))


def meetings(group: WorkingGroup) -> list[Workshop]:
    return list(db.session.scalars(db.select(Workshop).filter_by(working_group_id=group.id)
                                   .order_by(Workshop.date.is_(None), Workshop.date, Workshop.id)))


def previous_meeting(group: WorkingGroup) -> Optional[Workshop]:
    """The latest meeting that took place (started), the one a new meeting builds on."""
    held = [m for m in meetings(group) if m.current_step_id is not None and m.imported_at is None]
    return held[-1] if held else None


def new_meeting(account: Organiser, group: WorkingGroup, *, title: Any, when: Optional[date], place: Any = "",
                template: Any = DEFAULT_TEMPLATE, carry_forward: bool = True) -> Workshop:
    previous = previous_meeting(group) if carry_forward else None
    meeting = create_workshop(title=title, when=when, place=place, theme=group.name, template=template,
                              organiser_name=account.organisation.name, created_by=account, kind="reunion",
                              working_group=group)
    if previous is not None:
        _carry(previous, meeting)
        db.session.commit()
    return meeting


def _public_tracks(workshop_id: int) -> list[Card]:
    """The tracks the board of that meeting could show: the group's open tracks, none sealed or hidden."""
    board = Actor(role=BOARD, workshop_id=workshop_id)
    return [card for card in db.session.scalars(visible_cards(board)) if card.kind == "track"]


def _carry(previous: Workshop, meeting: Workshop) -> None:
    meeting.carried_from_id = previous.id
    target = next((s for s in meeting.steps if s.kind == "tracks"), meeting.steps[0] if meeting.steps else None)
    for n, track in enumerate(_public_tracks(previous.id)):
        db.session.add(Card(workshop_id=meeting.id, step_id=target.id if target else None, kind="track",
                            text=track.text, text_easy=track.text_easy, written_by="facilitator",
                            peer_group=track.peer_group, status="published", consent_quote=False,
                            carried_over=True, client_id=f"carried-{previous.id}-{track.id}-{n}"))
    latest = db.session.scalar(db.select(Synthesis).filter_by(workshop_id=previous.id)
                               .order_by(Synthesis.version.desc()).limit(1))
    if latest is not None:
        db.session.add(Synthesis(workshop_id=meeting.id, version=1, text=latest.text, source_card_ids=[],
                                 created_by=CARRIED_BY))
