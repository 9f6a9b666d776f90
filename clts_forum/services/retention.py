"""The end of a workshop's life: closing, the final export, and purging participant identities.

A purge (DESIGN.md §4) replaces every pseudonym by a neutral label, forgets the dependency answer
and the consent defaults, and invalidates the phones' tokens. Cards, positions, categories and
peer groups stay, so the content and the aggregate statistics survive. The organiser purges by hand
once a final export exists; `purge_expired` purges every workshop closed more than RETENTION_DAYS
ago, exported or not — the limit holds even when nobody thinks of it.
"""
from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _

from ..actors import Actor
from ..extensions import db
from ..models import AuditEntry, Participant, Workshop, utcnow
from . import ServiceError, audit, rooms
from .participants import pseudonym_key
from .workshops import new_token, workshop_payload

NEUTRAL_LABEL = "Participant·e n° {n}"


def close(actor: Actor, workshop: Workshop) -> Workshop:
    """End the day: nothing more can be posted; the report becomes final."""
    if workshop.status == "closed":
        raise ServiceError("conflict", _("L'atelier est déjà terminé."), 409)
    workshop.status, workshop.closed_at = "closed", utcnow()
    audit.record(actor, "workshop.close", "workshop")
    db.session.commit()
    # the screens show it, and every worker forgets the running step it kept (services/running.py)
    rooms.emit("workshop.changed", workshop_payload(workshop), rooms.everyone(workshop.id))
    return workshop


def record_final_export(actor: Actor, workshop: Workshop, fmt: str) -> None:
    """The first final export opens the way to the purge; each one is in the log."""
    if workshop.final_export_at is None:
        workshop.final_export_at = utcnow()
    audit.record(actor, "export.final", "workshop", {"format": fmt})
    db.session.commit()


def purge_identities(actor: Actor, workshop: Workshop) -> int:
    if workshop.identities_purged_at is not None:
        raise ServiceError("conflict", _("Les identités de cet atelier sont déjà effacées."), 409)
    if workshop.final_export_at is None:
        raise ServiceError("not_allowed_now", _("Faites d'abord l'export final du compte rendu : les identités "
                                                "ne s'effacent qu'après."))
    count = _purge(workshop)
    audit.record(actor, "identities.purge", "workshop", {"participants": count})
    db.session.commit()
    return count


def _purge(workshop: Workshop) -> int:
    people = list(db.session.scalars(db.select(Participant).filter_by(workshop_id=workshop.id)
                                     .order_by(Participant.id)))
    now = utcnow()
    renamed = {}
    # neutral labels first under a temporary key, so "n° 2" never collides with someone's real pseudonym
    for person in people:
        person.pseudonym_key = f"~purge-{person.id}"
    db.session.flush()
    for n, person in enumerate(people, start=1):
        label = NEUTRAL_LABEL.format(n=n)
        renamed[f"participant:{person.pseudonym}"[:80]] = f"participant:{label}"
        person.pseudonym, person.pseudonym_key = label, pseudonym_key(label)
        person.followed_here = "unsaid"
        person.quote_by_default = False
        person.locale = None
        person.token = new_token()
        person.purged_at = now
    # the log named participants who answered a reword: they get the same neutral label there
    for entry in db.session.scalars(db.select(AuditEntry).where(AuditEntry.workshop_id == workshop.id,
                                                                AuditEntry.actor.in_(list(renamed)))):
        entry.actor = renamed[entry.actor]
    workshop.identities_purged_at = now
    return len(people)


def purge_expired(days: int) -> list[int]:
    """Purge every workshop closed more than `days` days ago (0: never). Returns the purged ids."""
    if days <= 0:
        return []
    limit = utcnow() - timedelta(days=days)
    due = list(db.session.scalars(db.select(Workshop).where(
        Workshop.status == "closed", Workshop.closed_at < limit, Workshop.identities_purged_at.is_(None))))
    for workshop in due:
        count = _purge(workshop)
        audit.record(Actor(role="system", workshop_id=workshop.id, label="rétention"), "identities.purge",
                     "workshop", {"participants": count, "automatic": True, "days": days})
    db.session.commit()
    return [w.id for w in due]
