"""The end of a workshop's life: closing, the final export, and purging participant identities.

A closed workshop is frozen (DESIGN.md §4): `workshops.require_open` is the one check every change
goes through — the socket namespace calls it for every event but the read-only ones, and the
services reached over HTTP for a live workshop (moderation rules, joining, attendance) call it too.
Only an explicit `reopen` by whoever runs the workshop unfreezes it; the final exports made before
are then superseded, and the page and the report say so.

A purge (DESIGN.md §4) replaces every pseudonym by a neutral label, forgets the dependency answer
and the consent defaults, and invalidates the phones' tokens. Cards, positions, categories and
peer groups stay, so the content and the aggregate statistics survive. The organiser purges by hand
once a final export exists; `purge_expired` purges every workshop closed more than RETENTION_DAYS
ago, exported or not — the limit holds even when nobody thinks of it.
"""
from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _

from .. import localtime
from ..actors import SYSTEM, Actor
from ..extensions import db
from ..models import AuditEntry, Card, EvaluationSubmission, Participant, Reword, Workshop, utcnow
from . import ServiceError, audit, recap, rooms, steps
from .participants import pseudonym_key
from .workshops import new_token, require_open, workshop_payload

NEUTRAL_LABEL = "Participant·e n° {n}"


def close_summary(workshop_id: int) -> dict:
    """What closing leaves behind, for the confirmation: questionnaires still open are those of
    the participants who joined and have not answered the evaluation."""
    joined = db.session.scalar(db.select(db.func.count()).select_from(Participant).filter_by(
        workshop_id=workshop_id, purged_at=None))
    answered = db.session.scalar(db.select(db.func.count()).select_from(EvaluationSubmission).join(
        Participant, Participant.id == EvaluationSubmission.participant_id).where(
        EvaluationSubmission.workshop_id == workshop_id, Participant.purged_at.is_(None)))
    return {"participants": joined, "evaluations_submitted": answered, "questionnaires_open": joined - answered}


def _push_status(workshop: Workshop) -> None:
    """Every screen of the workshop at once: phones, board and référents (workshop room), consoles (staff)."""
    rooms.emit("workshop.changed", workshop_payload(workshop), rooms.everyone(workshop.id))


def close(actor: Actor, workshop: Workshop) -> Workshop:
    """End the day: nothing more can be changed; the report becomes final; every screen is told."""
    require_open(workshop)
    workshop.status, workshop.closed_at = "closed", utcnow()
    steps.end_visit(workshop.id, workshop.closed_at)
    audit.record(actor, "workshop.close", "workshop", close_summary(workshop.id))
    db.session.commit()
    _push_status(workshop)
    return workshop


def reopen(actor: Actor, workshop: Workshop) -> Workshop:
    """Unfreeze a closed workshop, on purpose: the final exports made so far are superseded (a new
    final export is needed before a purge). Once identities are purged, the record stays as it is."""
    if workshop.status != "closed":
        raise ServiceError("conflict", _("L'atelier n'est pas terminé."), 409)
    if workshop.identities_purged_at is not None:
        raise ServiceError("not_allowed_now", _("Les identités de cet atelier sont effacées : il ne peut plus "
                                                "être rouvert."))
    audit.record(actor, "workshop.reopen", "workshop",
                 {"closed_at": workshop.closed_at.isoformat(timespec="seconds") + "Z",
                  "superseded_final_export": workshop.final_export_at is not None})
    workshop.status = "running" if workshop.current_step_id else "draft"
    workshop.closed_at = workshop.final_export_at = None
    if workshop.current_step_id:  # the room is back on its step: a new visit of it
        workshop.current_step.started_at = steps.begin_visit(workshop.id, workshop.current_step_id)
    db.session.commit()
    _push_status(workshop)
    return workshop


def reopenings(workshop: Workshop) -> list[str]:
    """When the workshop was reopened, in its local time: each time, the final exports made before
    were superseded."""
    entries = db.session.scalars(db.select(AuditEntry).filter_by(workshop_id=workshop.id, action="workshop.reopen")
                                 .order_by(AuditEntry.id))
    return [localtime.when(workshop, entry.at) for entry in entries]


def record_final_export(actor: Actor, workshop: Workshop, fmt: str) -> None:
    """A file downloaded from a closed workshop, or a printed page marked final by the organiser.

    The first final export opens the way to the purge and the participants' recap; each one is in the log.
    """
    first = workshop.final_export_at is None
    if first:
        workshop.final_export_at = utcnow()
    audit.record(actor, "export.final", "workshop", {"format": fmt})
    db.session.commit()
    if first:
        recap.announce(workshop)


def mark_final_export(actor: Actor, workshop: Workshop, page: str) -> None:
    """The organiser marks a printed page (HTML or easy-read report) as the final export."""
    if workshop.status != "closed":
        raise ServiceError("not_allowed_now", _("Terminez d'abord l'atelier : le compte rendu est encore "
                                                "provisoire."))
    record_final_export(actor, workshop, page)


def record_report_view(actor: Actor, workshop: Workshop, page: str) -> None:
    """Opening a final report page is logged (which page, by whom), without counting as a final export.
    Drafts are not: during the day the console's log would fill with them."""
    if workshop.status != "closed":
        return
    audit.record(actor, "report.view", "workshop", {"format": page})
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
    _disconnect_participants(workshop.id)
    return count


def _disconnect_participants(workshop_id: int) -> None:
    """Close the phones still connected with a purged identity (on this worker; on the others, the
    namespace refuses every event of a purged identity)."""
    for participant_id in db.session.scalars(db.select(Participant.id).filter_by(workshop_id=workshop_id)):
        rooms.disconnect(rooms.participant_room(workshop_id, participant_id))


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
    _forget_reworded_texts(workshop.id)
    workshop.identities_purged_at = now
    return len(people)


def _forget_reworded_texts(workshop_id: int) -> None:
    """A card reworded to take a third person's name out ("Mme Martin") kept its first text in the
    reword row and the log: the purge forgets it there too. The card keeps its accepted wording."""
    card_ids = db.select(Card.id).where(Card.workshop_id == workshop_id)
    for reword in db.session.scalars(db.select(Reword).where(Reword.card_id.in_(card_ids))):
        reword.original_text = ""
    for entry in db.session.scalars(db.select(AuditEntry).where(AuditEntry.workshop_id == workshop_id,
                                                                AuditEntry.action == "reword.accept")):
        if "original" in (entry.data or {}):
            entry.data = {key: value for key, value in entry.data.items() if key != "original"}


def purge_expired(days: int) -> list[int]:
    """Purge every workshop closed more than `days` days ago (0: never). Returns the purged ids."""
    if days <= 0:
        return []
    limit = utcnow() - timedelta(days=days)
    due = list(db.session.scalars(db.select(Workshop).where(
        Workshop.status == "closed", Workshop.closed_at < limit, Workshop.identities_purged_at.is_(None))))
    for workshop in due:
        count = _purge(workshop)
        audit.record(Actor(role=SYSTEM, workshop_id=workshop.id, label="rétention"), "identities.purge",
                     "workshop", {"participants": count, "automatic": True, "days": days})
    db.session.commit()
    for workshop in due:
        _disconnect_participants(workshop.id)
    return [w.id for w in due]
