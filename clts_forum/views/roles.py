"""Opening a page with a secret role link."""
from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from ..extensions import db
from ..models import RoleLink
from . import error_page


def link_or_404(token: str, role: str) -> RoleLink:
    """The unrevoked link of `role` behind `token`; a replaced link says so; anything else is a 404."""
    link = db.session.scalar(db.select(RoleLink).filter_by(token=token, role=role))
    if link is None:
        abort(404)
    if link.revoked_at is not None:
        abort(error_page(403, _("Lien remplacé"), _("Ce lien n'est plus valable : l'organisateur l'a remplacé. "
                                                     "Demandez-lui le nouveau lien.")))
    return link
