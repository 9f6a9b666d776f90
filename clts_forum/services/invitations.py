"""One-time invitation links: an admin adds an account and hands its owner a link (no e-mail needed).

The link sets the account's password once, then opens nothing; it expires after INVITATION_DAYS. Only
the SHA-256 of its token is stored, so a copy of the database gives no working link. Issuing a new link
for an account (a forgotten password) cancels the earlier ones.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, Optional

from flask_babel import gettext as _

from ..extensions import db
from ..models import Invitation, Organiser, utcnow
from . import ServiceError, organisers

DEFAULT_DAYS = 7


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(account: Organiser, *, by: Optional[Organiser], days: int = DEFAULT_DAYS) -> str:
    """A new link for `account`; the raw token is returned once, to show to the admin."""
    now = utcnow()
    db.session.execute(db.update(Invitation).where(Invitation.organiser_id == account.id,
                                                   Invitation.used_at.is_(None)).values(expires_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(Invitation(organiser_id=account.id, token_hash=_hash(token), created_by_id=by.id if by else None,
                              expires_at=now + timedelta(days=days)))
    db.session.commit()
    return token


def valid(token: Any) -> Optional[Invitation]:
    """The unused, unexpired invitation of an enabled account behind `token`, else None."""
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        return None
    found = db.session.scalar(db.select(Invitation).filter_by(token_hash=_hash(token)))
    if found is None or found.used_at is not None or found.expires_at <= utcnow() or found.account.disabled_at:
        return None
    return found


def accept(token: Any, password: Any) -> Organiser:
    """Set the account's password with the link; the link is spent."""
    invitation = valid(token)
    if invitation is None:
        raise ServiceError("not_found", _("Ce lien d'invitation n'est plus valable. Demandez-en un nouveau."), 404)
    organisers.set_password(invitation.account, password)
    invitation.used_at = utcnow()
    db.session.commit()
    return invitation.account


def pending(account: Organiser) -> bool:
    """Whether the account waits for its owner to use an invitation (it has never had a password)."""
    return db.session.scalar(db.select(Invitation.id).where(
        Invitation.organiser_id == account.id, Invitation.used_at.isnot(None)).limit(1)) is None and \
        db.session.scalar(db.select(Invitation.id).filter_by(organiser_id=account.id).limit(1)) is not None
