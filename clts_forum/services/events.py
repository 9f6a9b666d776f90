"""Events of the committee's life beyond its live workshops, and what counts as *held*.

Every event (a `Workshop` row) has a kind: journée, réunion de groupe de travail, temps fort, autre.
A temps fort of the network — or a past journée the app did not run — is *recorded by hand*: date,
title, place, organiser, and who went by category; it has no live session, no links, and its join code
opens nothing.

An event counts as held when it took place: a recorded event on or before today; a live workshop once
it has started (running, then closed). A planned workshop (never started) and an imported archive (a copy
of a record, perhaps imported several times) are never counted as held.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Organiser, Workshop
from ..vocabulary import CATEGORIES, EVENT_KINDS
from . import ServiceError
from .validation import choice, clean_text
from .workshops import _new_join_code

RECORDABLE_KINDS = ("temps_fort", "journee", "autre")
MAX_ATTENDANCE = 100_000


def attendance(values: dict[str, Any]) -> dict[str, int]:
    """Who went, per category: whole numbers from 0, as typed in the form."""
    counts = {}
    for key, label in CATEGORIES.items():
        raw = values.get(key)
        raw = "" if raw is None else str(raw).strip()
        if not raw:
            counts[key] = 0
            continue
        if not raw.isdigit() or int(raw) > MAX_ATTENDANCE:
            raise ServiceError("invalid", _("« %(field)s » : indiquez un nombre de personnes (0 ou plus).",
                                            field=label))
        counts[key] = int(raw)
    return counts


def _fields(kind: Any, title: Any, when: Any, place: Any, organiser_name: Any) -> dict:
    if not isinstance(when, date):
        raise ServiceError("invalid", _("Indiquez la date de l'événement."))
    return {"kind": choice(kind, RECORDABLE_KINDS, field=_l("Type d'événement")),
            "title": clean_text(title, field=_l("Titre"), max_length=200, multiline=False),
            "date": when,
            "place": clean_text(place, field=_l("Lieu"), max_length=200, required=False, multiline=False),
            "organiser_name": clean_text(organiser_name, field=_l("Organisateur"), max_length=200, required=False,
                                         multiline=False)}


def record(account: Organiser, *, kind: Any, title: Any, when: Any, place: Any = "", organiser_name: Any = "",
           counts: dict[str, Any]) -> Workshop:
    event = Workshop(**_fields(kind, title, when, place, organiser_name), recorded=True,
                     recorded_attendance=attendance(counts), status="closed", join_code=_new_join_code(),
                     organisation_id=account.organisation_id, created_by_id=account.id)
    db.session.add(event)
    db.session.commit()
    return event


def update(event: Workshop, *, kind: Any, title: Any, when: Any, place: Any = "", organiser_name: Any = "",
           counts: dict[str, Any]) -> Workshop:
    if not event.recorded:
        raise ServiceError("invalid", _("Seul un événement enregistré à la main se modifie ici."))
    for name, value in _fields(kind, title, when, place, organiser_name).items():
        setattr(event, name, value)
    event.recorded_attendance = attendance(counts)
    db.session.commit()
    return event


def kind_label(event: Workshop) -> str:
    return str(EVENT_KINDS.get(event.kind, event.kind))


def is_held(event: Workshop, today: Optional[date] = None) -> bool:
    if event.imported_at is not None:
        return False
    if event.recorded:
        return event.date is not None and event.date <= (today or date.today())
    return event.current_step_id is not None  # a live workshop that was started (then running or closed)


def state(event: Workshop, today: Optional[date] = None) -> str:
    """held, planned or imported: how the dashboard and the bilan list it."""
    if event.imported_at is not None:
        return "imported"
    return "held" if is_held(event, today) else "planned"
