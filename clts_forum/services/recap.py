"""The recap for participants: the compte rendu, once a final export of it exists (HCTS guidance: send the
result back, in plain language).

Two ways in:
- every phone of the workshop, with its own token, until the identities are purged (the purge replaces
  the tokens, so the phone's way in goes with it);
- a public recap link with its own random token, that the organiser shares or prints as a QR code, and
  revokes or replaces. It shows a report without any pseudonym, not even a consenting author's.
"""
from __future__ import annotations

from typing import Optional

from flask import current_app
from flask_babel import gettext as _

from ..actors import Actor
from ..extensions import db
from ..models import Workshop
from . import ServiceError, access, audit, rooms
from .workshops import new_token


def available(workshop: Workshop) -> bool:
    """The recap opens with the first final export (services/retention.record_final_export)."""
    return workshop.final_export_at is not None


def participant_path(workshop: Workshop) -> str:
    """The phone's recap page, also outside a request (a final export recorded by a command)."""
    return current_app.url_map.bind("").build("participant.recap_page", {"code": workshop.join_code})


def expected(workshop: Workshop) -> str:
    """When the recap will come, said to a phone before it exists."""
    if workshop.status == "closed":
        return _("Le compte rendu arrive bientôt : l'équipe le termine. Il s'affichera ici.")
    return _("Le compte rendu arrive après la fin de l'atelier. Il s'affichera ici.")


def for_phone(workshop: Workshop) -> dict:
    """The `recap` field of a participant's `workshop.state`: `{url}` when available, else `{expected}`."""
    if available(workshop):
        return {"url": participant_path(workshop)}
    return {"expected": expected(workshop)}


def announce(workshop: Workshop) -> None:
    """Tell the phones that the recap is there (the caller has committed the final export)."""
    rooms.emit("recap.changed", {"recap": for_phone(workshop)}, rooms.workshop_room(workshop.id))


# -- the public link -------------------------------------------------------------------------------------

def _staff_only(actor: Actor) -> None:
    access.require_staff(actor, _("Seule l'équipe qui anime l'atelier gère le lien public."))


def by_public_token(token: object) -> Optional[Workshop]:
    """The workshop whose public recap link this is (a revoked or replaced token opens nothing)."""
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        return None
    return db.session.scalar(db.select(Workshop).filter_by(recap_token=token))


def make_public_link(actor: Actor, workshop: Workshop) -> str:
    """A new public link; the previous one, if any, stops working at once."""
    _staff_only(actor)
    if workshop.recorded or workshop.imported_at is not None:
        raise ServiceError("not_live", _("Cet événement n'a pas de compte rendu à partager."))
    replaced = workshop.recap_token is not None
    workshop.recap_token = new_token()
    audit.record(actor, "recap.link", "workshop", {"replaced": replaced})
    db.session.commit()
    return workshop.recap_token


def revoke_public_link(actor: Actor, workshop: Workshop) -> None:
    _staff_only(actor)
    if workshop.recap_token is None:
        raise ServiceError("conflict", _("Il n'y a pas de lien public à retirer."), 409)
    workshop.recap_token = None
    audit.record(actor, "recap.revoke", "workshop")
    db.session.commit()
