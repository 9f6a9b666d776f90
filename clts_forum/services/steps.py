"""Running the day: moving from one step to another, for everyone at once."""
from __future__ import annotations

from typing import Any, Optional

from flask_babel import gettext as _

from ..actors import Actor
from ..extensions import db
from ..models import Step, utcnow
from . import ServiceError, audit, rooms
from .validation import identifier, optional_identifier
from .workshops import get, step_payload


def goto(actor: Actor, *, step_id: Any, from_step_id: Any) -> Step:
    """Make `step_id` the current step.

    `from_step_id` is the step the facilitator's screen showed as current: if the room has moved
    on meanwhile (a double click, a second console), nothing happens and `stale` is returned.
    """
    if not actor.is_staff:
        raise ServiceError("forbidden", _("Seule l'animation peut changer d'étape."), 403)
    step_id = identifier(step_id, field="step_id")
    expected: Optional[int] = optional_identifier(from_step_id, field="from_step_id")
    workshop = get(actor.workshop_id)
    step = db.session.get(Step, step_id)
    if step is None or step.workshop_id != workshop.id:
        raise ServiceError("not_found", _("Cette étape n'existe pas dans l'atelier."), 404)
    if workshop.current_step_id != expected:
        raise ServiceError("stale", _("L'étape a déjà changé. L'écran a été mis à jour."), 409)
    if step.id == workshop.current_step_id:
        return step
    previous_id = workshop.current_step_id
    workshop.current_step_id = step.id
    if workshop.status == "draft":
        workshop.status = "running"
    step.started_at = utcnow()
    audit.record(actor, "step.goto", f"step:{step.id}", {"from": previous_id, "to": step.id})
    db.session.commit()
    rooms.emit("step.changed", {"current_step_id": step.id, "previous_step_id": previous_id,
                                "step": step_payload(step), "status": workshop.status},
               rooms.everyone(workshop.id))
    return step
