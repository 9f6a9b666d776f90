"""The synthesis: versions drafted by the facilitator, validated by every peer group.

The text is final only when every peer group that has participants has validated the same
version — its latest decision on that version being "validated". Until then participants may
still edit or withdraw their cards. A final text stays final: a group's later decision is refused;
only the facilitator reopens it (`reopen`), which writes a "reopened" line per group in the
validation log, so the groups decide again.
"""
from __future__ import annotations

from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from ..actors import Actor
from ..extensions import db
from ..models import Card, Participant, Synthesis, Validation
from ..vocabulary import GROUP_ORDER
from . import ServiceError, access, audit, rooms
from .rules import check
from .validation import choice, clean_text, identifier, payload_dict
from .workshops import get

MAX_TEXT = 10_000  # with MAX_SOURCES, fits in one socket message (tests/test_message_budget.py)
MAX_SOURCES = 200
DECISIONS = ("validated", "changes")
REOPENED = "reopened"  # written by the facilitator's `reopen`, never sent by a group


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


def groups_expected(workshop_id: int) -> list[str]:
    """The peer groups whose validation is needed: those with at least one participant."""
    present = set(db.session.scalars(db.select(Participant.peer_group).filter_by(workshop_id=workshop_id, removed_at=None)
                                     .distinct()))
    return [group for group in GROUP_ORDER if group in present]


def _latest_decisions(workshop_id: int) -> dict[tuple[int, str], str]:
    """{(version, group): latest decision of the group on that version}."""
    rows = db.session.execute(
        db.select(Synthesis.version, Validation.peer_group, Validation.decision)
        .join(Synthesis, Synthesis.id == Validation.synthesis_id)
        .where(Validation.workshop_id == workshop_id).order_by(Validation.decided_at, Validation.id))
    return {(version, group): decision for version, group, decision in rows}


def final_version(workshop_id: int) -> Optional[Synthesis]:
    expected = groups_expected(workshop_id)
    if not expected:
        return None
    decisions = _latest_decisions(workshop_id)
    versions = db.session.scalars(db.select(Synthesis).filter_by(workshop_id=workshop_id)
                                  .order_by(Synthesis.version.desc()))
    return next((s for s in versions if all(decisions.get((s.version, g)) == "validated" for g in expected)), None)


def payload(workshop_id: int) -> dict:
    versions = list(db.session.scalars(db.select(Synthesis).filter_by(workshop_id=workshop_id)
                                       .order_by(Synthesis.version)))
    by_id = {s.id: s.version for s in versions}
    log = db.session.scalars(db.select(Validation).filter_by(workshop_id=workshop_id)
                             .order_by(Validation.decided_at, Validation.id))
    final = final_version(workshop_id)
    return {
        "versions": [{"version": s.version, "text": s.text, "source_card_ids": s.source_card_ids,
                      "created_at": _iso(s.created_at)} for s in versions],
        "log": [{"version": by_id[v.synthesis_id], "peer_group": v.peer_group, "decision": v.decision,
                 "comment": v.comment, "decided_at": _iso(v.decided_at)} for v in log],
        "groups_expected": groups_expected(workshop_id),
        "final_version": final.version if final else None,
    }


def clean_synthesis_text(value: Any) -> str:
    return clean_text(value, field=_l("Synthèse"), max_length=MAX_TEXT)


def clean_comment(value: Any, decision: str) -> str:
    """A request for changes says which; a validation may say nothing."""
    return clean_text(value, field=_l("Commentaire"), max_length=2000, required=decision == "changes")


def _push(workshop_id: int) -> None:
    rooms.emit("synthesis.changed", payload(workshop_id), rooms.everyone(workshop_id))


def draft(actor: Actor, data: Any) -> Synthesis:
    """A new version; earlier versions and their validations stay in the log."""
    access.require_staff(actor, _("Seule l'animation rédige la synthèse."))
    data = payload_dict(data)
    text = clean_synthesis_text(data.get("text"))
    raw_ids = data.get("source_card_ids") or []
    if not isinstance(raw_ids, list) or len(raw_ids) > MAX_SOURCES:
        raise ServiceError("invalid", _("La liste des cartes citées est invalide."))
    ids = sorted({identifier(value, field="source_card_ids") for value in raw_ids})
    found = db.session.scalar(db.select(func.count()).select_from(Card).where(
        Card.id.in_(ids), Card.workshop_id == actor.workshop_id)) if ids else 0
    if found != len(ids):
        raise ServiceError("invalid", _("Une des cartes citées n'existe pas dans l'atelier."))
    if final_version(actor.workshop_id) is not None:
        raise ServiceError("not_allowed_now", _("La synthèse est déjà validée par tous les groupes."))
    latest = db.session.scalar(db.select(func.max(Synthesis.version)).filter_by(workshop_id=actor.workshop_id)) or 0
    synthesis = Synthesis(workshop_id=actor.workshop_id, version=latest + 1, text=text, source_card_ids=ids,
                          created_by=actor.label)
    db.session.add(synthesis)
    audit.record(actor, "synthesis.draft", f"synthesis:{latest + 1}", {"cards": ids})
    db.session.commit()
    _push(actor.workshop_id)
    return synthesis


def decide(actor: Actor, data: Any) -> Validation:
    """A group's decision on the latest version, recorded by one of its members or its référent."""
    data = payload_dict(data)
    workshop = get(actor.workshop_id)
    check(actor, workshop, "validate")
    version = identifier(data.get("version"), field="version")
    latest = db.session.scalar(db.select(Synthesis).filter_by(workshop_id=workshop.id)
                               .order_by(Synthesis.version.desc()).limit(1))
    if latest is None:
        raise ServiceError("not_allowed_now", _("Aucune synthèse n'est encore proposée."))
    if version != latest.version:
        raise ServiceError("stale", _("Une nouvelle version de la synthèse a été proposée : relisez-la."), 409)
    if final_version(workshop.id) is not None:
        raise ServiceError("not_allowed_now", _("La synthèse est validée par tous les groupes : seule l'animation "
                                                "peut la rouvrir."))
    decision = choice(data.get("decision"), DECISIONS, field=_l("Décision"))
    comment = clean_comment(data.get("comment"), decision)
    validation = Validation(workshop_id=workshop.id, synthesis_id=latest.id, peer_group=actor.peer_group,
                            decision=decision, comment=comment,
                            # who, without a pseudonym that a purge would have to chase
                            decided_by=f"participant:{actor.participant_id}" if actor.participant_id else actor.role)
    db.session.add(validation)
    db.session.commit()
    _push(workshop.id)
    return validation


def reopen(actor: Actor, data: Any) -> Synthesis:
    """The facilitator reopens a final synthesis, on purpose: each group's validation of it is
    withdrawn in the log ("reopened", with the reason given), and the groups decide again."""
    access.require_staff(actor, _("Seule l'animation rouvre la synthèse."))
    data = payload_dict(data)
    final = final_version(actor.workshop_id)
    if final is None:
        raise ServiceError("not_allowed_now", _("La synthèse n'est pas validée par tous les groupes."))
    comment = clean_text(data.get("comment"), field=_l("Commentaire"), max_length=2000, required=False)
    for group in groups_expected(actor.workshop_id):
        db.session.add(Validation(workshop_id=actor.workshop_id, synthesis_id=final.id, peer_group=group,
                                  decision=REOPENED, comment=comment, decided_by=actor.role))
    audit.record(actor, "synthesis.reopen", f"synthesis:{final.version}", {"version": final.version})
    db.session.commit()
    _push(actor.workshop_id)
    return final


def is_final(workshop_id: int) -> bool:
    return final_version(workshop_id) is not None
