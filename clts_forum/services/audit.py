"""The audit log: every moderation and phase action, who and when (DESIGN.md §2).

An action replayed backwards by `undo` is recorded like any other, marked `undo_of` the entry it
reverses, so the log tells the whole story and the same action is not undone twice.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator, Optional

from ..actors import Actor
from ..extensions import db
from ..models import AuditEntry

_undoing: ContextVar[Optional[int]] = ContextVar("undoing", default=None)


def record(actor: Actor, action: str, target: str = "", data: Optional[dict[str, Any]] = None) -> AuditEntry:
    """Add an entry to the current transaction; the caller commits with the change it describes."""
    data = dict(data or {})
    if _undoing.get() is not None:
        data["undo_of"] = _undoing.get()
    entry = AuditEntry(workshop_id=actor.workshop_id, actor=f"{actor.role}:{actor.label}"[:80],
                       action=action, target=target, data=data)
    db.session.add(entry)
    db.session.info.setdefault("audited_workshops", set()).add(actor.workshop_id)
    return entry


def take_audited_workshops() -> set[int]:
    """The workshops whose log changed in this request (the namespace then pushes the new log)."""
    return db.session.info.pop("audited_workshops", set())


@contextmanager
def undoing(entry_id: int) -> Iterator[None]:
    """Within this block, recorded entries reverse `entry_id`."""
    token = _undoing.set(entry_id)
    try:
        yield
    finally:
        _undoing.reset(token)


def recent(workshop_id: int, limit: int = 30) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).filter_by(workshop_id=workshop_id)
                                   .order_by(AuditEntry.id.desc()).limit(limit)))


def payload(entry: AuditEntry) -> dict:
    return {"id": entry.id, "at": entry.at.isoformat(timespec="seconds") + "Z", "actor": entry.actor.split(":", 1)[0],
            "action": entry.action, "target": entry.target, "undo_of": entry.data.get("undo_of")}
