"""Workshops: creation from a template, join codes, role links, and the `workshop.state` snapshot."""
from __future__ import annotations

import copy
import secrets
from dataclasses import asdict
from datetime import date
from typing import Any, Optional

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from ..actors import FACILITATOR, REFERENT
from ..extensions import db
from ..models import EvaluationQuestion, Organiser, Participant, RoleLink, Step, WorkingGroup, Workshop, utcnow
from ..vocabulary import DEFAULT_CATEGORY_GROUPS, GROUP_ORDER, MODERATION_MODES
from . import ServiceError, access, rooms
from .programmes import DEFAULT_TEMPLATE, TEMPLATES, default_questionnaire, template_steps
from .rules import StepRules
from .validation import choice, clean_text

# No 0/O, 1/I/L: a code read aloud or off a projector is typed right the first time.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
# Kinds of event run live in the app; a temps fort is recorded by hand (services/events.py).
LIVE_KINDS = ("journee", "reunion", "autre")


def new_token() -> str:
    """192 random bits, URL-safe: role links and participant identities."""
    return secrets.token_urlsafe(24)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(db.select(Workshop.id).filter_by(join_code=code)) is None:
            return code


def clean_details(*, title: Any, theme: Any = "", place: Any = "", organiser_name: Any = "", territory: Any = "",
                  facilitation_team: Any = "") -> dict:
    """A workshop's describing texts, as the creation form (and an import) takes them."""
    return {
        "title": clean_text(title, field=_l("Titre"), max_length=200, multiline=False),
        "theme": clean_text(theme, field=_l("Thème"), max_length=300, required=False, multiline=False),
        "place": clean_text(place, field=_l("Lieu"), max_length=200, required=False, multiline=False),
        "organiser_name": clean_text(organiser_name, field=_l("Organisateur"), max_length=200,
                                     required=False, multiline=False),
        "territory": clean_text(territory, field=_l("Territoire"), max_length=200, required=False, multiline=False),
        "facilitation_team": clean_text(facilitation_team, field=_l("Équipe d'animation"), max_length=300,
                                        required=False, multiline=False),
    }


def create_workshop(*, title: str, theme: str = "", when: Optional[date] = None, place: str = "",
                    organiser_name: str = "", territory: str = "", facilitation_team: str = "",
                    moderation: str = "post",
                    template: str = DEFAULT_TEMPLATE, created_by: Optional[Organiser] = None,
                    kind: str = "journee", working_group: Optional[WorkingGroup] = None,
                    language: Optional[str] = None) -> Workshop:
    """A live workshop of `created_by`'s organisation (the first organisation when made without an account).

    Its programme and questionnaire are written in `language` (default: the language of the page it is
    created from), and so is what it shows by default (moderation rules, glossary).
    """
    from . import organisations

    if kind not in LIVE_KINDS or (kind == "reunion") != (working_group is not None):
        raise ServiceError("invalid", _("Une réunion de groupe de travail se crée depuis la page de son groupe."))
    workshop = Workshop(
        **clean_details(title=title, theme=theme, place=place, organiser_name=organiser_name, territory=territory,
                        facilitation_team=facilitation_team),
        date=when,
        moderation=choice(moderation, MODERATION_MODES, field=_l("Modération")),
        template=choice(template, TEMPLATES, field=_l("Programme")),
        created_by_id=created_by.id if created_by else None,
        organisation_id=created_by.organisation_id if created_by else organisations.default().id,
        kind=kind, working_group_id=working_group.id if working_group else None,
        language=choice(language or str(get_locale() or "fr"), organisations.LANGUAGES, field=_l("Langue")),
    )
    with force_locale(workshop.language):
        steps, questions = template_steps(workshop.template), default_questionnaire()
    return _open(workshop, steps=steps, questions=questions)


# What a duplicate takes from its source: the settings, never the day's people or content.
COPIED_SETTINGS = ("theme", "place", "organiser_name", "territory", "facilitation_team", "moderation", "language",
                   "template", "category_groups", "moderation_rules", "moderation_rules_easy")


def duplicate(source: Workshop, *, when: Optional[date], title: Optional[str] = None,
              created_by: Optional[Organiser] = None) -> Workshop:
    """A new workshop with the programme, glossary, questionnaire and settings of `source`.

    For the next day or the next meeting (of the same working group): a new date, join code and team
    links; no participants, no cards, no timeline.
    """
    if source.recorded or source.imported_at is not None:
        raise ServiceError("invalid", _("Seul un atelier préparé ici se duplique : celui-ci a été importé ou "
                                        "saisi après coup."))
    workshop = Workshop(
        title=clean_text(source.title if title is None else title, field=_l("Titre"), max_length=200,
                         multiline=False),
        date=when, created_by_id=created_by.id if created_by else source.created_by_id,
        organisation_id=source.organisation_id, kind=source.kind, working_group_id=source.working_group_id,
        glossary=copy.deepcopy(source.glossary),
        **{name: copy.deepcopy(getattr(source, name)) for name in COPIED_SETTINGS},
    )
    steps = [{"kind": s.kind, "title": s.title, "prompt": s.prompt, "prompt_easy": s.prompt_easy,
              "duration_minutes": s.duration_minutes, "rules": copy.deepcopy(s.rules)} for s in source.steps]
    questions = [{"kind": q.kind, "text": q.text, "text_easy": q.text_easy} for q in source.evaluation_questions]
    return _open(workshop, steps=steps, questions=questions)


def _open(workshop: Workshop, *, steps: list[dict], questions: list[dict]) -> Workshop:
    """Give a new workshop its programme, questionnaire, join code and team links, and store it."""
    workshop.join_code = _new_join_code()
    for position, data in enumerate(steps):
        workshop.steps.append(Step(position=position, **data))
    workshop.role_links.append(RoleLink(role=FACILITATOR, token=new_token()))
    workshop.role_links.append(RoleLink(role="board", token=new_token()))
    for group in GROUP_ORDER:
        workshop.role_links.append(RoleLink(role=REFERENT, peer_group=group, token=new_token()))
    for position, question in enumerate(questions):
        workshop.evaluation_questions.append(EvaluationQuestion(position=position, **question))
    db.session.add(workshop)
    db.session.commit()
    return workshop


def get(workshop_id: int) -> Workshop:
    """The workshop, with its current step in the same query: every rule check reads both."""
    workshop = db.session.get(Workshop, workshop_id, options=[joinedload(Workshop.current_step)])
    if workshop is None:
        raise ServiceError("not_found", _("Atelier introuvable."), 404)
    return workshop


def require_open(workshop: Workshop) -> None:
    """A closed workshop is frozen (DESIGN.md §4): every change to it is refused with `closed`,
    so what its final report shows no longer changes. Reopening is services/retention.py's."""
    if workshop.status == "closed":
        raise ServiceError("closed", _("Cet atelier est terminé."), 409)


def by_code(code: str) -> Optional[Workshop]:
    """A live workshop by its join code: an imported archive's or a recorded event's code opens nothing."""
    normalised = normalise_code(code)
    if len(normalised) != JOIN_CODE_LENGTH:
        return None
    return db.session.scalar(db.select(Workshop).filter_by(join_code=normalised, imported_at=None,
                                                           recorded=False))


def active_link(workshop: Workshop, role: str, peer_group: Optional[str] = None) -> RoleLink:
    return next(link for link in workshop.role_links
                if link.role == role and link.peer_group == peer_group and link.revoked_at is None)


def replace_link(workshop: Workshop, link_id: Any) -> RoleLink:
    """Revoke a role link and issue a new one for the same role and group.

    Whoever holds the old link is told (`access.revoked`) and disconnected at once; the old link
    then opens nothing, neither a page nor a connection.
    """
    old = access.load(RoleLink, link_id, workshop, message=_("Lien introuvable."))
    if old.revoked_at is not None:
        raise ServiceError("conflict", _("Ce lien a déjà été remplacé."), 409)
    old.revoked_at = utcnow()
    new = RoleLink(role=old.role, peer_group=old.peer_group, token=new_token())
    workshop.role_links.append(new)
    db.session.commit()
    room = rooms.link_room(old.id)
    rooms.emit("access.revoked", {"message": _("Ce lien a été remplacé par l'organisateur. Demandez le "
                                               "nouveau lien.")}, room)
    rooms.disconnect(room)
    return new


def group_of(workshop: Workshop, category: str) -> str:
    return (workshop.category_groups or DEFAULT_CATEGORY_GROUPS)[category]


def composition(workshop_id: int) -> dict:
    """How many participants of each peer group have joined: the board's gauge."""
    rows = db.session.execute(
        db.select(Participant.peer_group, func.count()).filter_by(workshop_id=workshop_id, removed_at=None)
        .group_by(Participant.peer_group)).all()
    counts = {group: 0 for group in GROUP_ORDER} | dict(rows)
    return {"groups": counts, "total": sum(counts.values())}


def workshop_payload(workshop: Workshop) -> dict:
    return {
        "id": workshop.id,
        "title": workshop.title,
        "theme": workshop.theme,
        "date": workshop.date.isoformat() if workshop.date else None,
        "place": workshop.place,
        "organiser_name": workshop.organiser_name,
        "join_code": workshop.join_code,
        "moderation": workshop.moderation,
        "status": workshop.status,
        "paused": workshop.paused,
        "current_step_id": workshop.current_step_id,
        "board_layout": workshop.board_layout,
        "spotlight_card_id": workshop.spotlight_card_id,
    }


def timer_payload(step: Step) -> dict:
    """What clients need to show the countdown: they add the time run since `server_time`."""
    running_for = int((utcnow() - step.timer_started_at).total_seconds()) if step.timer_started_at else 0
    return {"running": step.timer_started_at is not None,
            "elapsed_seconds": step.timer_elapsed_seconds + running_for,
            "total_seconds": step.duration_minutes * 60 + step.timer_added_seconds,
            "server_time": utcnow().isoformat(timespec="milliseconds") + "Z"}


def step_payload(step: Step) -> dict:
    rules = StepRules.of(step)
    return {
        "id": step.id,
        "position": step.position,
        "kind": step.kind,
        "title": step.title,
        "prompt": step.prompt,
        "prompt_easy": step.prompt_easy,
        "duration_minutes": step.duration_minutes,
        "started_at": step.started_at.isoformat(timespec="seconds") + "Z" if step.started_at else None,
        "locked": step.locked,
        "timer": timer_payload(step),
        "rules": asdict(rules) | {"moderation": rules.moderation or step.workshop.moderation},
    }


def participant_payload(participant: Participant) -> dict:
    """Staff-only: includes the dependency answer (DESIGN.md §4)."""
    return {
        "id": participant.id,
        "pseudonym": participant.pseudonym,
        "category": participant.category,
        "peer_group": participant.peer_group,
        "followed_here": participant.followed_here,
        "joined_at": participant.joined_at.isoformat(timespec="seconds") + "Z",
    }
