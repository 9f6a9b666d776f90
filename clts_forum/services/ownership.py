"""Transferring or sharing a workshop between accounts of the same organisation (admins only).

The owner and the accounts it is shared with run the workshop (services/access.py); a transfer names a
new owner. Both are in the workshop's audit log.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..actors import organiser_actor
from ..extensions import db
from ..models import Organiser, Workshop
from . import ServiceError, audit
from .organisers import in_organisation


def _colleague(workshop: Workshop, account_id: Any) -> Organiser:
    account = in_organisation(workshop.organisation_id, account_id)
    if account.disabled_at is not None:
        raise ServiceError("invalid", _("Ce compte est désactivé."))
    return account


def transfer(admin: Organiser, workshop: Workshop, account_id: Any) -> Organiser:
    account = _colleague(workshop, account_id)
    workshop.created_by_id = account.id
    workshop.shared_with = [a for a in workshop.shared_with if a.id != account.id]
    audit.record(organiser_actor(admin, workshop), "workshop.transfer", f"organiser:{account.id}")
    db.session.commit()
    return account


def share(admin: Organiser, workshop: Workshop, account_id: Any, on: bool) -> Organiser:
    account = _colleague(workshop, account_id) if on else in_organisation(workshop.organisation_id, account_id)
    others = [a for a in workshop.shared_with if a.id != account.id]
    workshop.shared_with = others + [account] if on and account.id != workshop.created_by_id else others
    audit.record(organiser_actor(admin, workshop), "workshop.share" if on else "workshop.unshare",
                 f"organiser:{account.id}")
    db.session.commit()
    return account
