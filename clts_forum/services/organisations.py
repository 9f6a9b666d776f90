"""Organisations: the CLTS (or another committee) that owns accounts, workshops, groups and productions.

One installation may host several; a workshop made without naming one (the command line, `flask demo`,
tests) belongs to the first organisation, created when none exists yet.
"""
from __future__ import annotations

from typing import Any, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Organisation, Organiser
from . import ServiceError
from .validation import choice, clean_text

DEFAULT_NAME = "CLTS"
LANGUAGES = ("fr", "en")
# What the admin may set beyond the named fields (free text, shown in the bilan and the reports).
SETTING_FIELDS = {"short_name": (_l("Nom court (pour le bilan)"), 40),
                  "territory": (_l("Territoire"), 200),
                  # named by the privacy notice participants read before joining (RGPD art. 13)
                  "privacy_contact": (_l("Contact pour les données personnelles"), 300)}


def first() -> Optional[Organisation]:
    return db.session.scalar(db.select(Organisation).order_by(Organisation.id).limit(1))


def default() -> Organisation:
    """The first organisation; made (named "CLTS") when the installation has none."""
    found = first()
    if found is None:
        found = Organisation(name=DEFAULT_NAME, time_zone=default_time_zone(), language="fr", settings={})
        db.session.add(found)
        db.session.flush()
    return found


def time_zone(value: Any) -> str:
    name = clean_text(value, field=_l("Fuseau horaire"), max_length=64, multiline=False)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ServiceError("invalid", _("« %(zone)s » n'est pas un fuseau horaire connu (ex. : Europe/Paris).",
                                        zone=name))
    return name


def time_zones() -> list[str]:
    return sorted(available_timezones())


def default_time_zone() -> str:
    """A new organisation's zone: the installation's `TIME_ZONE` (Europe/Paris unless set)."""
    return current_app.config["TIME_ZONE"]


def create(*, name: Any, zone: Any = None, language: Any = "fr") -> Organisation:
    organisation = Organisation(name=clean_text(name, field=_l("Nom"), max_length=120, multiline=False),
                                time_zone=time_zone(zone or default_time_zone()), language=choice(language, LANGUAGES, field=_l("Langue")),
                                settings={})
    db.session.add(organisation)
    db.session.commit()
    return organisation


def for_first_account(name: Any) -> Organisation:
    """The organisation the first /setup account becomes admin of: one made before any account existed
    (by `flask demo` or the migration of an older installation) is adopted and renamed, else a new one."""
    found = first()
    if found is None or db.session.scalar(db.select(Organiser.id).filter_by(organisation_id=found.id).limit(1)):
        return create(name=name)
    found.name = clean_text(name, field=_l("Nom"), max_length=120, multiline=False)
    db.session.commit()
    return found


def update(organisation: Organisation, *, name: Any, zone: Any, language: Any,
           settings: dict[str, Any]) -> Organisation:
    organisation.name = clean_text(name, field=_l("Nom"), max_length=120, multiline=False)
    organisation.time_zone = time_zone(zone)
    organisation.language = choice(language, LANGUAGES, field=_l("Langue"))
    organisation.settings = {key: clean_text(settings.get(key), field=label, max_length=limit, required=False,
                                             multiline=False)
                             for key, (label, limit) in SETTING_FIELDS.items()}
    db.session.commit()
    return organisation


def short_name(organisation: Organisation) -> str:
    """How the bilan's sentence names the committee ("le CLTSDS")."""
    return (organisation.settings or {}).get("short_name") or organisation.name
