"""The running step of each workshop, kept by each worker: every card and position checks it.

The namespace's check (closed? purged?), `rules.check` and `rules.check_post` read the workshop's
status, pause and current step on every event; reading them from the database was one query per
card and per position. A worker keeps them (`worker_memory.WorkerMemory`) and forgets a workshop's
entry when this process commits a change to the workshop or one of its steps (a session hook), and
when a push that says so goes out from any worker — `step.changed`, `steps.changed`,
`step.updated`, `workshop.changed`. The entry's `TTL` also bounds how long another worker takes to
see a purge (it pushes nothing; the workshop was closed before, and every worker learned that at once).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Step, Workshop
from ..worker_memory import WorkerMemory
from . import ServiceError
from .rules import StepRules

CHANGES = frozenset({"step.changed", "steps.changed", "step.updated", "workshop.changed"})
_ROOM = re.compile(r"w:(\d+)")


@dataclass(frozen=True)
class RunningStep:
    """What the rules read of a step (the names of `Step`'s columns, so the rules take either)."""
    id: int
    workshop_id: int
    kind: str
    rules: Optional[dict]
    locked: bool
    parsed_rules: StepRules  # what `StepRules.of` returns, parsed once per entry


@dataclass(frozen=True)
class RunningWorkshop:
    """What the rules read of a workshop (the names of `Workshop`'s columns)."""
    id: int
    status: str
    paused: bool
    moderation: str
    identities_purged_at: Optional[datetime]
    current_step: Optional[RunningStep]


class Cache(WorkerMemory):
    """One app's running workshops (`app.extensions["clts_running"]`), by workshop id."""

    def forget_for_push(self, event: str, rooms: Any) -> None:
        """Forget the workshops a change concerns."""
        if event not in CHANGES:
            return
        names = [rooms] if isinstance(rooms, str) else list(rooms or ())
        self.forget({int(match.group(1)) for name in names if (match := _ROOM.match(str(name)))})


def _cache() -> Cache:
    return current_app.extensions["clts_running"]


def workshop(workshop_id: int) -> RunningWorkshop:
    """The workshop and its current step as the rules read them, from this worker's memory if fresh."""
    cache = _cache()
    found = cache.get(workshop_id)
    if found is not None:
        return found
    generation = cache.generation
    row = db.session.execute(
        db.select(Workshop.status, Workshop.paused, Workshop.moderation, Workshop.identities_purged_at,
                  Step.id, Step.kind, Step.rules, Step.locked)
        .outerjoin(Step, Step.id == Workshop.current_step_id).where(Workshop.id == workshop_id)).first()
    if row is None:
        raise ServiceError("not_found", _("Atelier introuvable."), 404)
    status, paused, moderation, purged_at, step_id, kind, rules, locked = row
    step = (RunningStep(step_id, workshop_id, kind, rules, bool(locked), StepRules.parse(kind, rules))
            if step_id is not None else None)
    found = RunningWorkshop(workshop_id, status, bool(paused), moderation, purged_at, step)
    cache.put(workshop_id, found, generation)
    return found


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context: Any, instances: Any) -> None:
    """A workshop or step written in this process: forget it once committed (tests, HTTP views, services)."""
    changed = session.info.setdefault("clts_running_changed", set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Workshop) and obj.id is not None:
            changed.add(obj.id)
        elif isinstance(obj, Step) and obj.workshop_id is not None:
            changed.add(obj.workshop_id)
    if changed and has_app_context():
        _cache().forget(changed)


@event.listens_for(Session, "after_commit")
def _forget_committed(session: Session) -> None:
    changed = session.info.pop("clts_running_changed", None)
    if changed and has_app_context():
        _cache().forget(changed)
