"""Accounts of an organisation (CLTS staff): creation, log-in, server-side sessions, roles, disabling.

Passwords are hashed by werkzeug (scrypt). A log-in is a row (`AccountSession`) whose token only the
browser's signed session cookie holds: logging out, disabling the account or changing its password ends
the row, so a session cookie copied before then opens nothing afterwards.
"""
from __future__ import annotations

import hashlib
import secrets
from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import AccountSession, Organisation, Organiser, utcnow
from ..vocabulary import ACCOUNT_ROLES
from . import ServiceError, organisations
from .validation import choice, clean_text

MIN_PASSWORD = 12
ADMIN, SECRETARIAT, ORGANISER = "admin", "secretariat", "organiser"
# Checked when the address is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


def any_exists() -> bool:
    return db.session.scalar(db.select(Organiser.id).limit(1)) is not None


def _email(value: str) -> str:
    return clean_text(value, field=_l("Adresse e-mail"), max_length=254, multiline=False).lower()


def _name(value: Any) -> str:
    return clean_text(value, field=_l("Nom"), max_length=120, multiline=False)


def check_password_rule(password: Any) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ServiceError("invalid", _("Le mot de passe doit faire %(n)d caractères au moins.", n=MIN_PASSWORD))
    return password


def _add(account: Organiser) -> Organiser:
    db.session.add(account)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError("conflict", _("Un compte existe déjà avec cette adresse."), 409)
    return account


def create(*, name: str, email: str, password: str, organisation: Optional[Organisation] = None,
           role: Optional[str] = None) -> Organiser:
    """An account with its password. Without an organisation: the first one; the first account of an
    organisation is its admin unless a role is given."""
    check_password_rule(password)
    organisation = organisation or organisations.default()
    if role is None:
        role = ADMIN if not _has_accounts(organisation) else ORGANISER
    account = Organiser(name=_name(name), email=_email(email), organisation_id=organisation.id,
                        role=choice(role, ACCOUNT_ROLES, field=_l("Rôle")))
    account.set_password(password)
    return _add(account)


def create_invited(*, name: Any, email: Any, role: Any, organisation: Organisation) -> Organiser:
    """An account whose password its owner sets with an invitation link; until then nobody can log in."""
    account = Organiser(name=_name(name), email=_email(email), organisation_id=organisation.id,
                        role=choice(role, ACCOUNT_ROLES, field=_l("Rôle")))
    account.set_password(secrets.token_urlsafe(32))  # unknown to anyone: replaced when the invitation is used
    return _add(account)


def _has_accounts(organisation: Organisation) -> bool:
    return db.session.scalar(db.select(Organiser.id).filter_by(organisation_id=organisation.id).limit(1)) is not None


def authenticate(email: str, password: str) -> Optional[Organiser]:
    try:
        address = _email(email)
    except ServiceError:
        return None
    organiser = db.session.scalar(db.select(Organiser).filter_by(email=address))
    if organiser is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not organiser.check_password(password or "") or organiser.disabled_at is not None:
        return None
    return organiser


def of_organisation(organisation_id: int) -> list[Organiser]:
    return list(db.session.scalars(db.select(Organiser).filter_by(organisation_id=organisation_id)
                                   .order_by(Organiser.name, Organiser.id)))


def in_organisation(organisation_id: int, account_id: Any) -> Organiser:
    """An account of this organisation, or `not_found` (another organisation's accounts do not exist here)."""
    found = db.session.get(Organiser, account_id) if isinstance(account_id, int) else None
    if found is None or found.organisation_id != organisation_id:
        raise ServiceError("not_found", _("Compte introuvable."), 404)
    return found


# --- sessions kept on the server ----------------------------------------------------------------

def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(account: Organiser) -> str:
    """A new log-in; the returned token goes into the signed session cookie, its hash into the database."""
    token = secrets.token_urlsafe(32)
    db.session.add(AccountSession(organiser_id=account.id, token_hash=_hash(token)))
    db.session.commit()
    return token


def signed_in(account_id: Any, token: Any) -> Optional[Organiser]:
    """The account behind a session cookie, if its log-in is still open and the account enabled."""
    if not isinstance(token, str) or not token or not str(account_id).isdigit():
        return None
    found = db.session.execute(
        db.select(Organiser).join(AccountSession, AccountSession.organiser_id == Organiser.id)
        .where(AccountSession.token_hash == _hash(token), AccountSession.ended_at.is_(None),
               Organiser.id == int(account_id), Organiser.disabled_at.is_(None))).scalar_one_or_none()
    return found


def end_session(token: Any) -> None:
    if isinstance(token, str) and token:
        db.session.execute(db.update(AccountSession).where(AccountSession.token_hash == _hash(token),
                                                           AccountSession.ended_at.is_(None))
                           .values(ended_at=utcnow()))
        db.session.commit()


def end_sessions(account: Organiser, keep_token: Optional[str] = None) -> None:
    """End every open log-in of the account (but `keep_token`'s); the caller commits."""
    query = db.update(AccountSession).where(AccountSession.organiser_id == account.id,
                                            AccountSession.ended_at.is_(None))
    if keep_token:
        query = query.where(AccountSession.token_hash != _hash(keep_token))
    db.session.execute(query.values(ended_at=utcnow()))


def change_password(account: Organiser, *, current: Any, new: Any, keep_token: Optional[str]) -> None:
    """A new password ends every other log-in of the account (a stolen cookie stops working)."""
    if not isinstance(current, str) or not account.check_password(current):
        raise ServiceError("invalid", _("Le mot de passe actuel n'est pas le bon."))
    account.set_password(check_password_rule(new))
    end_sessions(account, keep_token)
    db.session.commit()


def set_password(account: Organiser, password: Any) -> None:
    """The password set with an invitation link: every earlier log-in ends."""
    account.set_password(check_password_rule(password))
    end_sessions(account)


# --- what the admin does --------------------------------------------------------------------------

def _other_admins(account: Organiser) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Organiser).where(
        Organiser.organisation_id == account.organisation_id, Organiser.role == ADMIN,
        Organiser.disabled_at.is_(None), Organiser.id != account.id))


def disable(admin: Organiser, account: Organiser) -> None:
    """Disable an account: its log-ins end at once, everywhere."""
    if account.id == admin.id:
        raise ServiceError("not_allowed_now", _("Vous ne pouvez pas désactiver votre propre compte."))
    account.disabled_at = account.disabled_at or utcnow()
    end_sessions(account)
    db.session.commit()


def enable(account: Organiser) -> None:
    account.disabled_at = None
    db.session.commit()


def change_role(admin: Organiser, account: Organiser, role: Any) -> None:
    role = choice(role, ACCOUNT_ROLES, field=_l("Rôle"))
    if account.role == ADMIN and role != ADMIN and not _other_admins(account):
        raise ServiceError("not_allowed_now", _("Il faut au moins un compte d'administration actif."))
    account.role = role
    db.session.commit()
