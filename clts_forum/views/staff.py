"""What every staff blueprint shares: log-in required, and the access checks of services/access.py as HTTP.

Views never decide who may do what: they ask `services.access` through these helpers, which turn a
refusal into its status (404 for another organisation's item, 403 for a role that may not).
"""
from __future__ import annotations

from typing import Callable, Optional, TypeVar

from flask import abort, current_app, flash
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..models import Production, WorkingGroup, Workshop
from ..services import ServiceError, access

T = TypeVar("T")


def allowed(load: Callable[[], T]) -> T:
    try:
        return load()
    except ServiceError as refusal:
        abort(refusal.status)


def offloaded(job: str, **kwargs):
    """Run an export or import job in the worker's export processes (exports/offload.py); a refusal is a
    plain French page with the status and the runner's own sentence (busy, failed, not found)."""
    from ..exports import offload
    from . import error_page

    try:
        return offload.pool(current_app).run(job, locale=str(get_locale()), **kwargs)
    except ServiceError as refusal:
        if refusal.status < 500:
            abort(refusal.status)
        abort(error_page(refusal.status, _("Export impossible"), str(refusal.message)))


def workshop_for(workshop_id: int, right: str = access.VIEW) -> Workshop:
    return allowed(lambda: access.workshop(current_user, workshop_id, right))


def group_for(group_id: int, manage: bool = False) -> WorkingGroup:
    return allowed(lambda: access.group(current_user, group_id, manage))


def production_for(production_id: int, right: Optional[str] = None) -> Production:
    return allowed(lambda: access.production(current_user, production_id, right))


def require(right: str) -> None:
    allowed(lambda: access.require(current_user, right))


def attempt(action: Callable[[], T], success: str) -> Optional[T]:
    """Run a service call from a form: flash its success, or its refusal's message (then None)."""
    try:
        result = action()
    except ServiceError as refusal:
        flash(refusal.message, "error")
        return None
    flash(success, "ok")
    return result
