"""Organiser accounts (CLTS staff). Passwords are hashed by werkzeug (scrypt)."""
from __future__ import annotations

from typing import Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import Organiser
from . import ServiceError
from .validation import clean_text

MIN_PASSWORD = 12
# Checked when the address is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


def any_exists() -> bool:
    return db.session.scalar(db.select(Organiser.id).limit(1)) is not None


def _email(value: str) -> str:
    return clean_text(value, field=_l("Adresse e-mail"), max_length=254, multiline=False).lower()


def create(*, name: str, email: str, password: str) -> Organiser:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ServiceError("invalid", _("Le mot de passe doit faire %(n)d caractères au moins.", n=MIN_PASSWORD))
    organiser = Organiser(name=clean_text(name, field=_l("Nom"), max_length=120, multiline=False),
                          email=_email(email))
    organiser.set_password(password)
    db.session.add(organiser)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError("conflict", _("Un compte existe déjà avec cette adresse."), 409)
    return organiser


def authenticate(email: str, password: str) -> Optional[Organiser]:
    try:
        address = _email(email)
    except ServiceError:
        return None
    organiser = db.session.scalar(db.select(Organiser).filter_by(email=address))
    if organiser is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    return organiser if organiser.check_password(password or "") else None
