"""Running the day: moving from one step to another, for everyone at once."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import Actor
from ..extensions import db
from ..models import Card, Step, StepVisit, utcnow
from ..vocabulary import CARD_KINDS, GROUP_ORDER, MODERATION_MODES, STEP_KINDS
from . import ServiceError, access, audit, rooms
from .programmes import default_rules
from .rules import FLAGS, StepRules
from .validation import choice, clean_text, flag, identifier, invalid, optional_identifier, payload_dict
from .workshops import get, require_open, step_payload


def _no_such_step() -> str:
    return _("Cette étape n'existe pas dans l'atelier.")


def goto(actor: Actor, *, step_id: Any, from_step_id: Any) -> Step:
    """Make `step_id` the current step.

    `from_step_id` is the step the facilitator's screen showed as current: if the room has moved
    on meanwhile (a double click, a second console), nothing happens and `stale` is returned.
    """
    access.require_staff(actor, _("Seule l'animation peut changer d'étape."))
    identifier(step_id, field="step_id")
    expected: Optional[int] = optional_identifier(from_step_id, field="from_step_id")
    workshop = get(actor.workshop_id)
    step = access.load(Step, step_id, workshop, field="step_id", message=_no_such_step())
    if workshop.current_step_id != expected:
        raise ServiceError("stale", _("L'étape a déjà changé. L'écran a été mis à jour."), 409)
    if step.id == workshop.current_step_id:
        return step
    previous_id = workshop.current_step_id
    workshop.current_step_id = step.id
    if workshop.status == "draft":
        workshop.status = "running"
    step.started_at = begin_visit(workshop.id, step.id)
    audit.record(actor, "step.goto", f"step:{step.id}", {"from": previous_id, "to": step.id})
    db.session.commit()
    rooms.emit("step.changed", {"current_step_id": step.id, "previous_step_id": previous_id,
                                "step": step_payload(step), "status": workshop.status},
               rooms.everyone(workshop.id))
    return step


def end_visit(workshop_id: int, at: Optional[datetime] = None) -> None:
    """End the visit under way, if any (within the caller's transaction)."""
    for visit in db.session.scalars(db.select(StepVisit).filter_by(workshop_id=workshop_id, ended_at=None)):
        visit.ended_at = at or utcnow()


def begin_visit(workshop_id: int, step_id: int) -> datetime:
    """The room is on `step_id` from now: a new visit, the one under way ends (the caller commits)."""
    now = utcnow()
    end_visit(workshop_id, now)
    db.session.add(StepVisit(workshop_id=workshop_id, step_id=step_id, started_at=now))
    return now


# -- editing the programme (before and during the workshop) ----------------------------------------

MAX_STEPS = 30


def _editable_workshop(actor: Actor):
    """The actor's workshop, if the actor may change its programme now."""
    access.require_staff(actor, _("Seule l'animation peut modifier le déroulé."))
    workshop = get(actor.workshop_id)
    require_open(workshop)
    return workshop


def _step_of(workshop, step_id: Any) -> Step:
    return access.load(Step, step_id, workshop, message=_no_such_step())


def clean_rules(kind: str, value: Any) -> dict:
    """Validate rules sent by the step editor; unknown kinds, groups or keys are refused, not dropped."""
    if not isinstance(value, dict):
        raise invalid(_("Les règles de l'étape sont mal formées."))
    unknown = set(value) - {"post", "moderation", *FLAGS}
    post = value.get("post", {"kinds": [], "groups": None})
    if unknown or not isinstance(post, dict) or set(post) - {"kinds", "groups"}:
        raise invalid(_("Les règles de l'étape sont mal formées."))
    kinds, groups = post.get("kinds", []), post.get("groups")
    if not isinstance(kinds, list) or any(not isinstance(k, str) or k not in CARD_KINDS for k in kinds):
        raise invalid(_("Type de carte inconnu dans les règles."))
    if groups is not None and (not isinstance(groups, list) or not groups or any(g not in GROUP_ORDER for g in groups)):
        raise invalid(_("Groupe inconnu dans les règles."))
    if value.get("moderation") not in (None, *MODERATION_MODES):
        raise invalid(_("Mode de modération inconnu."))
    for name in FLAGS:
        flag(value.get(name), field=name)
    return StepRules.parse(kind, value).as_data()


def apply_fields(step: Step, data: dict) -> None:
    """A step's title, prompts, duration and rules, checked as the step editor checks them (the import too)."""
    if "title" in data:
        step.title = clean_text(data["title"], field=_l("Titre"), max_length=200, multiline=False)
    if "prompt" in data:
        step.prompt = clean_text(data["prompt"], field=_l("Consigne"), max_length=2000, required=False)
    if "prompt_easy" in data:
        step.prompt_easy = clean_text(data["prompt_easy"], field=_l("Consigne en facile à lire"), max_length=1000,
                                      required=False)
    if "duration_minutes" in data:
        minutes = data["duration_minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 600:
            raise invalid(_("La durée doit être un nombre de minutes entre 0 et 600."))
        step.duration_minutes = minutes
    if "rules" in data:
        step.rules = clean_rules(step.kind, data["rules"])


def broadcast_programme(workshop) -> None:
    """Every page gets the programme again (a step changed, or the workshop's mode the steps follow)."""
    rooms.emit("steps.changed", {"steps": [step_payload(s) for s in workshop.steps],
                                 "current_step_id": workshop.current_step_id}, rooms.everyone(workshop.id))


def update(actor: Actor, data: Any) -> Step:
    """Rename a step, change its prompts, duration or rules."""
    data = payload_dict(data)
    workshop = _editable_workshop(actor)
    step = _step_of(workshop, data.get("id"))
    apply_fields(step, data)
    audit.record(actor, "step.update", f"step:{step.id}", {k: data[k] for k in data if k != "id"})
    db.session.commit()
    broadcast_programme(workshop)
    return step


def add(actor: Actor, data: Any) -> Step:
    """Insert a step of `kind` after `after_id` (or at the end), with the kind's default rules."""
    data = payload_dict(data)
    workshop = _editable_workshop(actor)
    if len(workshop.steps) >= MAX_STEPS:
        raise invalid(_("Un atelier compte %(n)d étapes au plus.", n=MAX_STEPS))
    kind = choice(data.get("kind"), STEP_KINDS, field=_l("Type d'étape"))
    after = _step_of(workshop, data["after_id"]) if data.get("after_id") is not None else None
    step = Step(kind=kind, title=str(STEP_KINDS[kind]), prompt="", prompt_easy="", duration_minutes=15,
                rules=default_rules(kind), position=0)
    apply_fields(step, data)
    ordered = list(workshop.steps)
    ordered.insert(ordered.index(after) + 1 if after else len(ordered), step)
    workshop.steps.append(step)
    for position, each in enumerate(ordered):
        each.position = position
    db.session.flush()
    audit.record(actor, "step.add", f"step:{step.id}", {"kind": kind})
    db.session.commit()
    db.session.refresh(workshop)
    broadcast_programme(workshop)
    return step


def remove(actor: Actor, data: Any) -> None:
    """Remove a step nobody has used: not the current one, not one that holds cards."""
    workshop = _editable_workshop(actor)
    step = _step_of(workshop, payload_dict(data).get("id"))
    if step.id == workshop.current_step_id or step.started_at is not None:
        raise ServiceError("conflict", _("Une étape déjà commencée ne peut pas être retirée."), 409)
    if db.session.scalar(db.select(Card.id).filter_by(step_id=step.id).limit(1)) is not None:
        raise ServiceError("conflict", _("Cette étape contient des cartes : elle ne peut pas être retirée."), 409)
    audit.record(actor, "step.remove", f"step:{step.id}", {"kind": step.kind, "title": step.title})
    workshop.steps.remove(step)
    for position, each in enumerate(workshop.steps):
        each.position = position
    db.session.commit()
    broadcast_programme(workshop)


def reorder(actor: Actor, data: Any) -> None:
    """Put the steps in the order given (every step id, once)."""
    workshop = _editable_workshop(actor)
    order = payload_dict(data).get("order")
    current = {step.id: step for step in workshop.steps}
    if not isinstance(order, list) or sorted(o for o in order if isinstance(o, int)) != sorted(current) \
            or len(order) != len(current):
        raise invalid(_("L'ordre doit citer chaque étape une fois."))
    for position, step_id in enumerate(order):
        current[step_id].position = position
    audit.record(actor, "step.reorder", "workshop", {"order": order})
    db.session.commit()
    db.session.refresh(workshop)
    broadcast_programme(workshop)
