"""Opening a page with a secret role link."""
from __future__ import annotations

from flask import abort

from ..extensions import db
from ..models import RoleLink


def link_or_404(token: str, role: str) -> RoleLink:
    """The unrevoked link of `role` behind `token`; anything else looks like a missing page."""
    link = db.session.scalar(db.select(RoleLink).filter_by(token=token, role=role, revoked_at=None))
    if link is None:
        abort(404)
    return link
