"""Joining a workshop: a pseudonym and a category, nothing more (DESIGN.md §4)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Participant, Workshop
from ..vocabulary import CATEGORIES, FOLLOWED_ANSWERS
from . import ServiceError, rooms
from .validation import choice, clean_text, flag
from .workshops import composition, group_of, new_token, participant_payload

PSEUDONYM_MAX = 40


def pseudonym_key(pseudonym: str) -> str:
    return pseudonym.casefold()


def join(workshop: Workshop, *, pseudonym: Any, category: Any, followed_here: Any = "unsaid",
         quote_by_default: Any = None, scribed_by_link_id: int | None = None) -> Participant:
    if workshop.status == "closed":
        raise ServiceError("closed", _("Cet atelier est terminé."))
    name = clean_text(pseudonym, field=_l("Prénom ou pseudonyme"), max_length=PSEUDONYM_MAX, multiline=False)
    category = choice(category, CATEGORIES, field=_l("Catégorie"))
    peer_group = group_of(workshop, category)
    participant = Participant(
        workshop_id=workshop.id, token=new_token(), pseudonym=name, pseudonym_key=pseudonym_key(name),
        category=category, peer_group=peer_group,
        followed_here=choice(followed_here or "unsaid", FOLLOWED_ANSWERS, field=_l("Réponse")),
        # People concerned are not quoted by name unless they choose to be (DESIGN.md §4).
        quote_by_default=flag(quote_by_default, field=_l("Citation"), default=peer_group != "experience"),
        scribed_by_link_id=scribed_by_link_id,
    )
    db.session.add(participant)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError("pseudonym_taken", _("« %(name)s » est déjà pris dans cet atelier. Ajoutez une "
                                                "initiale ou choisissez un autre nom.", name=name))
    details = participant_payload(participant)
    rooms.emit("participant.joined", details,
               [rooms.staff_room(workshop.id), rooms.referent_room(workshop.id, peer_group)])
    rooms.emit("composition.changed", composition(workshop.id), rooms.everyone(workshop.id))
    return participant


def by_token(token: str) -> Participant | None:
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalar(db.select(Participant).filter_by(token=token, purged_at=None))
