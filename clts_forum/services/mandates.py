"""Mandates: numbered periods of the committee (18 months for a CLTS). The bilan is made for one of them
(or any period); "members at the start of the mandate" is every group's roster on its first day."""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Mandate, Organiser
from . import ServiceError


def _check(number: Any, starts_on: Any, ends_on: Any) -> None:
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 1000:
        raise ServiceError("invalid", _("Le numéro du mandat est un nombre de 1 à 999."))
    if not isinstance(starts_on, date) or not isinstance(ends_on, date) or ends_on < starts_on:
        raise ServiceError("invalid", _("Indiquez un début et une fin (la fin après le début)."))


def save(account: Organiser, *, number: Any, starts_on: Any, ends_on: Any) -> Mandate:
    _check(number, starts_on, ends_on)
    mandate = Mandate(organisation_id=account.organisation_id, number=number, starts_on=starts_on, ends_on=ends_on)
    db.session.add(mandate)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError("conflict", _("Un mandat porte déjà ce numéro."), 409)
    return mandate


def of_organisation(organisation_id: int) -> list[Mandate]:
    return list(db.session.scalars(db.select(Mandate).filter_by(organisation_id=organisation_id)
                                   .order_by(Mandate.starts_on.desc())))


def in_organisation(organisation_id: int, mandate_id: Any) -> Mandate:
    found = db.session.get(Mandate, mandate_id) if isinstance(mandate_id, int) else None
    if found is None or found.organisation_id != organisation_id:
        raise ServiceError("not_found", _("Mandat introuvable."), 404)
    return found


def current(organisation_id: int, today: date) -> Optional[Mandate]:
    return next((m for m in of_organisation(organisation_id) if m.starts_on <= today <= m.ends_on), None)


def label(mandate: Mandate) -> str:
    return _("Mandat n° %(n)d (%(start)s – %(end)s)", n=mandate.number, start=mandate.starts_on.strftime("%d/%m/%Y"),
             end=mandate.ends_on.strftime("%d/%m/%Y"))
