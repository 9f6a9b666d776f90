"""The workshop's local time: every page and export shows it, labelled, never bare UTC.

Times are stored naive UTC (models.py). `zone_of` is the one place that says which zone a workshop
lives in: its organisation's setting (set by an admin; a new organisation starts with the
installation's `TIME_ZONE`, default Europe/Paris), so every caller goes through it.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import gettext as _

DEFAULT_ZONE = "Europe/Paris"


def zone_named(name: str) -> ZoneInfo:
    """A zone by its IANA name; a wrong name is a configuration error, said at start-up."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RuntimeError(f"TIME_ZONE: unknown time zone {name!r}") from error


def zone_of(workshop: object = None) -> ZoneInfo:
    """The zone a workshop's times are shown in: its organisation's, else the installation's."""
    organisation = getattr(workshop, "organisation", None)
    name = getattr(organisation, "time_zone", None) or current_app.config.get("TIME_ZONE") or DEFAULT_ZONE
    return zone_named(name)


def local(workshop: object, moment: Optional[datetime]) -> Optional[datetime]:
    """A stored (naive UTC) moment as an aware datetime in the workshop's zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone_of(workshop))


def local_naive(workshop: object, moment: Optional[datetime]) -> Optional[datetime]:
    """The wall-clock time in the workshop's zone, without tzinfo (what a spreadsheet cell holds)."""
    found = local(workshop, moment)
    return found.replace(tzinfo=None) if found else None


def to_utc(moment: datetime) -> datetime:
    """An aware moment (or a naive one taken as UTC) as stored: naive UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def when(workshop: object, moment: Optional[datetime]) -> str:
    """"12/03/2026 09:30" in the workshop's zone ("" for no moment); `zone_label` says which zone."""
    found = local(workshop, moment)
    return found.strftime("%d/%m/%Y %H:%M") if found else ""


def day(workshop: object, moment: Optional[datetime]) -> str:
    found = local(workshop, moment)
    return found.strftime("%d/%m/%Y") if found else ""


def iso(workshop: object, moment: Optional[datetime]) -> Optional[str]:
    """ISO 8601 with the zone's offset, e.g. 2026-03-12T09:30:00+01:00: local and labelled."""
    found = local(workshop, moment)
    return found.isoformat(timespec="seconds") if found else None


def zone_label(workshop: object = None) -> str:
    """"heure de Paris" for Europe/Paris: how exports label their times."""
    key = zone_of(workshop).key
    if "/" not in key:
        return _("heure %(zone)s", zone=key)
    return _("heure de %(city)s", city=key.rsplit("/", 1)[1].replace("_", " "))
