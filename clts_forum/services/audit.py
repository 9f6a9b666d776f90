"""The audit log: every moderation and phase action, who and when (DESIGN.md §2)."""
from __future__ import annotations

from typing import Any, Optional

from ..actors import Actor
from ..extensions import db
from ..models import AuditEntry


def record(actor: Actor, action: str, target: str = "", data: Optional[dict[str, Any]] = None) -> AuditEntry:
    """Add an entry to the current transaction; the caller commits with the change it describes."""
    entry = AuditEntry(workshop_id=actor.workshop_id, actor=f"{actor.role}:{actor.label}"[:80],
                       action=action, target=target, data=data or {})
    db.session.add(entry)
    return entry
