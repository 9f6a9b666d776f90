"""Bringing a peer group's sealed work to the plenary.

The rule (DESIGN.md §1, issue 3): a participant of the group proposes what the group shares — a
summary and/or some of its cards; the group's référent confirms it, or the facilitator when the
group has no référent. Only then does the content leave the sealed room, attributed to the group.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import PARTICIPANT, REFERENT, Actor
from ..extensions import db
from ..models import Card, Release, utcnow
from . import ServiceError, access, audit, rooms
from .rules import check
from .validation import clean_text, identifier, payload_dict
from .visibility import publish_change, shared_rooms
from .workshops import get

MAX_CARDS = 50


def payload(release: Release) -> dict:
    return {"id": release.id, "peer_group": release.peer_group, "summary": release.summary,
            "status": release.status, "step_id": release.step_id, "card_ids": [c.id for c in release.cards],
            "created_at": release.created_at.isoformat(timespec="seconds") + "Z"}


def visible_to(actor: Actor) -> list[dict]:
    """Proposals stay with the group, its référents and the facilitator; the board sees none."""
    query = db.select(Release).filter_by(workshop_id=actor.workshop_id).order_by(Release.id)
    if not actor.is_staff:
        if actor.role not in (PARTICIPANT, REFERENT):
            return []
        query = query.filter_by(peer_group=actor.peer_group)
    return [payload(release) for release in db.session.scalars(query)]


def _push(release: Release) -> None:
    wid = release.workshop_id
    rooms.emit("release.changed", payload(release), [rooms.group_room(wid, release.peer_group),
                                                     rooms.referent_room(wid, release.peer_group),
                                                     rooms.staff_room(wid)])


def propose(actor: Actor, data: Any) -> Release:
    if actor.role != PARTICIPANT:
        raise ServiceError("forbidden", _("Ce sont les membres du groupe qui proposent ce qu'ils partagent."), 403)
    data = payload_dict(data)
    workshop = get(actor.workshop_id)
    step, _rules = check(actor, workshop, "release")
    summary = clean_text(data.get("summary"), field=_l("Résumé"), max_length=2000, required=False)
    raw_ids = data.get("card_ids") or []
    if not isinstance(raw_ids, list) or len(raw_ids) > MAX_CARDS:
        raise ServiceError("invalid", _("La liste des cartes est invalide."))
    ids = {identifier(value, field="card_ids") for value in raw_ids}
    cards = list(db.session.scalars(db.select(Card).where(
        Card.id.in_(ids), Card.workshop_id == workshop.id, Card.peer_group == actor.peer_group,
        Card.sealed, Card.status == "published")))
    if len(cards) != len(ids):
        raise ServiceError("invalid", _("Seules les cartes publiées de votre groupe peuvent être partagées."))
    if not summary and not cards:
        raise ServiceError("invalid", _("Écrivez un résumé ou choisissez au moins une carte."))
    release = Release(workshop_id=workshop.id, step_id=step.id, peer_group=actor.peer_group, summary=summary,
                      proposed_by_id=actor.participant_id, cards=cards)
    db.session.add(release)
    db.session.commit()
    _push(release)
    return release


def _open_release(actor: Actor, data: Any) -> Release:
    release = access.load(Release, payload_dict(data).get("id"), actor, message=_("Proposition introuvable."))
    if release.status != "proposed":
        raise ServiceError("conflict", _("Cette proposition a déjà été traitée."), 409)
    return release


def confirm(actor: Actor, data: Any) -> Release:
    """The référent (or facilitator) confirms: the cards and the summary reach the plenary."""
    release = _open_release(actor, data)
    if not actor.moderates(release.peer_group):
        raise ServiceError("forbidden", _("Seul·e le ou la référent·e du groupe, ou l'animation, confirme."), 403)
    workshop = get(actor.workshop_id)
    check(actor, workshop, "release")
    changed = [(card, shared_rooms(card)) for card in release.cards if not card.released]
    for card, _before in changed:
        card.released = True
    summary_card = None
    if release.summary:
        summary_card = Card(workshop_id=workshop.id, step_id=release.step_id, kind="summary", text=release.summary,
                            written_by="group", peer_group=release.peer_group, status="published", sealed=True,
                            released=True, client_id=f"release-{release.id}")
        db.session.add(summary_card)
    release.status, release.decided_by, release.decided_at = "confirmed", actor.label, utcnow()
    audit.record(actor, "release.confirm", f"release:{release.id}",
                 {"group": release.peer_group, "cards": [c.id for c in release.cards]})
    db.session.commit()
    for card, before in changed:
        publish_change(card, before)
    if summary_card is not None:
        publish_change(summary_card, set(), created=True)
    _push(release)
    return release


def cancel(actor: Actor, data: Any) -> Release:
    release = _open_release(actor, data)
    if not (actor.participant_id == release.proposed_by_id or actor.moderates(release.peer_group)):
        raise ServiceError("forbidden", _("Vous ne pouvez pas retirer cette proposition."), 403)
    release.status, release.decided_by, release.decided_at = "cancelled", actor.label, utcnow()
    db.session.commit()
    _push(release)
    return release
