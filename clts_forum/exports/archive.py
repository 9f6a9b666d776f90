"""The JSON archive of a whole workshop, and its import into another instance.

Schema "clts_forum.workshop/1". The archive holds what the report is made of, under the same
privacy rules: public cards only; a participant appears as a reference ("p3") with a category and a
peer group, and with a pseudonym only if they consented to be quoted on one of the archived cards;
no dependency answers, no tokens, no join code, no audit log, no one named in a validation.
Rows refer to each other by references ("c12", "p3", "t1", "s2" = step position 2), never by
database ids, so export → import → export gives the same document except "exported_at".
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..actors import BOARD, FACILITATOR, REFERENT
from ..extensions import db
from ..models import (Card, EvaluationAnswer, EvaluationQuestion, EvaluationSubmission, Organiser, Participant,
                      Position, RoleLink, SpeakRequest, Step, Synthesis, Theme, Upvote, Validation, Workshop,
                      utcnow)
from ..services import ServiceError, organisations
from ..services.participants import pseudonym_key
from ..services.positions import VALUES as POSITION_VALUES
from ..services.steps import clean_rules
from ..services.workshops import _new_join_code, new_token
from ..vocabulary import CARD_KINDS, CATEGORIES, GROUP_ORDER, STEP_KINDS
from .report import public_cards

SCHEMA = "clts_forum.workshop/1"
MAX_ITEMS = 100_000
NEUTRAL_LABEL = "Participant·e n° {n}"


def _iso(moment: Optional[datetime]) -> Optional[str]:
    return moment.isoformat(timespec="seconds") if moment else None


def export(workshop: Workshop) -> dict:
    cards = public_cards(workshop.id)
    card_ref = {card.id: f"c{n}" for n, card in enumerate(cards, start=1)}
    step_ref = {step.id: f"s{step.position}" for step in workshop.steps}
    themes = list(db.session.scalars(db.select(Theme).filter_by(workshop_id=workshop.id).order_by(Theme.id)))
    theme_ref = {theme.id: f"t{n}" for n, theme in enumerate(themes, start=1)}
    people = list(db.session.scalars(db.select(Participant).filter_by(workshop_id=workshop.id)
                                     .order_by(Participant.id)))
    person_ref = {p.id: f"p{n}" for n, p in enumerate(people, start=1)}
    quoted = {card.author_id for card in cards if card.consent_quote and card.author_id}
    public_ids = set(card_ref)
    syntheses = list(db.session.scalars(db.select(Synthesis).filter_by(workshop_id=workshop.id)
                                        .order_by(Synthesis.version)))
    version_of = {s.id: s.version for s in syntheses}
    questions = list(workshop.evaluation_questions)
    question_ref = {q.id: f"q{q.position}" for q in questions}
    return {
        "schema": SCHEMA,
        "exported_at": _iso(utcnow()),
        "workshop": {
            "title": workshop.title, "theme": workshop.theme,
            "date": workshop.date.isoformat() if workshop.date else None, "place": workshop.place,
            "organiser_name": workshop.organiser_name, "territory": workshop.territory,
            "facilitation_team": workshop.facilitation_team, "moderation": workshop.moderation,
            "language": workshop.language, "template": workshop.template, "status": workshop.status,
            "category_groups": workshop.category_groups, "glossary": workshop.glossary,
            "closed_at": _iso(workshop.closed_at),
            "current_step": step_ref.get(workshop.current_step_id),
        },
        "steps": [{"ref": step_ref[s.id], "kind": s.kind, "title": s.title, "prompt": s.prompt,
                   "prompt_easy": s.prompt_easy, "duration_minutes": s.duration_minutes, "rules": s.rules,
                   "started_at": _iso(s.started_at)} for s in workshop.steps],
        "participants": [{"ref": person_ref[p.id], "category": p.category, "peer_group": p.peer_group,
                          "pseudonym": p.pseudonym if p.id in quoted and not p.purged_at else None,
                          "joined_at": _iso(p.joined_at)} for p in people],
        "themes": [{"ref": theme_ref[t.id], "name": t.name} for t in themes],
        "cards": [{"ref": card_ref[c.id], "step": step_ref.get(c.step_id), "kind": c.kind, "text": c.text,
                   "text_easy": c.text_easy, "author": person_ref.get(c.author_id), "written_by": c.written_by,
                   "peer_group": c.peer_group, "sealed": c.sealed, "released": c.released,
                   "theme": theme_ref.get(c.theme_id), "consent_quote": c.consent_quote,
                   "answered_at": _iso(c.answered_at), "created_at": _iso(c.created_at),
                   "links": sorted((card_ref[link.id] for link in c.links if link.id in public_ids),
                                   key=lambda ref: int(ref[1:]))}
                  for c in cards],
        "positions": [{"card": card_ref[card_id], "participant": person_ref[pid], "peer_group": group,
                       "value": value}
                      for card_id, pid, group, value in db.session.execute(
                          db.select(Position.card_id, Position.participant_id, Position.peer_group, Position.value)
                          .where(Position.card_id.in_(public_ids)).order_by(Position.card_id, Position.participant_id))],
        "upvotes": [{"card": card_ref[card_id], "participant": person_ref[pid]}
                    for card_id, pid in db.session.execute(
                        db.select(Upvote.card_id, Upvote.participant_id).where(Upvote.card_id.in_(public_ids))
                        .order_by(Upvote.card_id, Upvote.participant_id))],
        "speaking_turns": [{"participant": person_ref[t.participant_id], "peer_group": t.peer_group,
                            "raised_at": _iso(t.raised_at), "started_at": _iso(t.started_at),
                            "ended_at": _iso(t.ended_at)}
                           for t in db.session.scalars(db.select(SpeakRequest).where(
                               SpeakRequest.workshop_id == workshop.id, SpeakRequest.status == "done",
                               SpeakRequest.started_at.is_not(None), SpeakRequest.ended_at.is_not(None))
                               .order_by(SpeakRequest.started_at, SpeakRequest.id))],
        "syntheses": [{"version": s.version, "text": s.text, "created_by": s.created_by,
                       "created_at": _iso(s.created_at),
                       "source_cards": [card_ref[i] for i in s.source_card_ids if i in public_ids]}
                      for s in syntheses],
        "validations": [{"version": version_of[v.synthesis_id], "peer_group": v.peer_group,
                         "decision": v.decision, "comment": v.comment, "decided_at": _iso(v.decided_at)}
                        for v in db.session.scalars(db.select(Validation).filter_by(workshop_id=workshop.id)
                                                    .order_by(Validation.decided_at, Validation.id))],
        "evaluation": {
            "questions": [{"ref": question_ref[q.id], "kind": q.kind, "text": q.text, "text_easy": q.text_easy}
                          for q in questions],
            "answers": [{"question": question_ref[a.question_id], "peer_group": a.peer_group,
                         "scale_value": a.scale_value, "text_value": a.text_value}
                        for a in db.session.scalars(db.select(EvaluationAnswer).filter_by(workshop_id=workshop.id)
                                                    .order_by(EvaluationAnswer.id))],
            "submitted_by": [person_ref[pid] for pid in db.session.scalars(
                db.select(EvaluationSubmission.participant_id).filter_by(workshop_id=workshop.id)
                .order_by(EvaluationSubmission.participant_id))],
        },
    }


# --- import ---------------------------------------------------------------------------------------

def _bad(message: str) -> ServiceError:
    return ServiceError("invalid_archive", _("Archive invalide : %(reason)s", reason=message))


def _obj(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise _bad(_("« %(where)s » doit être un objet.", where=where))
    return value


def _list(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise _bad(_("« %(where)s » doit être une liste.", where=where))
    return value


def _text(value: Any, where: str, limit: int = 20000, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise _bad(_("« %(where)s » doit être un texte.", where=where))
    return value


def _one_of(value: Any, allowed, where: str, optional: bool = False) -> Optional[str]:
    if value is None and optional:
        return None
    if value not in allowed:
        raise _bad(_("« %(where)s » a une valeur inconnue.", where=where))
    return value


def _moment(value: Any, where: str) -> Optional[datetime]:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _bad(_("« %(where)s » n'est pas une date.", where=where))


def _ref(value: Any, table: dict, where: str, optional: bool = False):
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in table:
        raise _bad(_("« %(where)s » renvoie à un élément absent.", where=where))
    return table[value]


def _unique_label(taken: set[str], n: int) -> str:
    while True:
        label = NEUTRAL_LABEL.format(n=n)
        if pseudonym_key(label) not in taken:
            return label
        n += 1


def restore(data: Any, created_by: Optional[Organiser] = None) -> Workshop:
    """Recreate an archived workshop as a new, closed-or-as-archived workshop with fresh links.

    Everything is checked before anything is written; a bad archive changes nothing.
    """
    data = _obj(data, "archive")
    if data.get("schema") != SCHEMA:
        raise _bad(_("schéma « %(found)s » inconnu (attendu : %(expected)s).",
                     found=str(data.get("schema"))[:60], expected=SCHEMA))
    try:
        workshop = _restore(data, created_by)
        db.session.commit()
    except ServiceError:
        db.session.rollback()
        raise
    except (KeyError, TypeError, ValueError, AttributeError):
        db.session.rollback()
        raise _bad(_("structure inattendue."))
    except IntegrityError:  # a reference or a pseudonym given twice
        db.session.rollback()
        raise _bad(_("un élément y figure deux fois."))
    return workshop


def _restore(data: dict, created_by: Optional[Organiser]) -> Workshop:
    w = _obj(data.get("workshop"), "workshop")
    when = w.get("date")
    try:
        day = date.fromisoformat(when) if when else None
    except (TypeError, ValueError):
        raise _bad(_("« workshop.date » n'est pas une date."))
    groups_map = w.get("category_groups")
    if groups_map is not None and (not isinstance(groups_map, dict) or any(
            k not in CATEGORIES or v not in GROUP_ORDER for k, v in groups_map.items())):
        raise _bad(_("« workshop.category_groups » est invalide."))
    glossary = w.get("glossary")
    if glossary is not None and (not isinstance(glossary, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in glossary.items())):
        raise _bad(_("« workshop.glossary » est invalide."))
    workshop = Workshop(
        title=_text(w.get("title"), "workshop.title", 200, required=True), theme=_text(w.get("theme"), "theme", 300),
        date=day, place=_text(w.get("place"), "place", 200), organiser_name=_text(w.get("organiser_name"), "o", 200),
        territory=_text(w.get("territory"), "territory", 200),
        facilitation_team=_text(w.get("facilitation_team"), "facilitation_team", 300),
        moderation=_one_of(w.get("moderation"), ("pre", "post"), "moderation"),
        language=_text(w.get("language"), "language", 8) or "fr", template=_text(w.get("template"), "template", 40),
        status=_one_of(w.get("status"), ("draft", "running", "closed"), "status"),
        category_groups=groups_map, glossary=glossary, closed_at=_moment(w.get("closed_at"), "closed_at"),
        join_code=_new_join_code(), created_by_id=created_by.id if created_by else None,
        # a copy of a record: never live (its join code opens nothing), never counted as held (issue 12)
        imported_at=utcnow(), organisation_id=(created_by.organisation if created_by else organisations.default()).id)
    db.session.add(workshop)

    steps: dict[str, Step] = {}
    for n, item in enumerate(_list(data.get("steps"), "steps")):
        item = _obj(item, "steps[]")
        ref = _text(item.get("ref"), "steps[].ref", 20, required=True)
        kind = _one_of(item.get("kind"), STEP_KINDS, "steps[].kind")
        rules = item.get("rules") or {}
        try:
            clean_rules(kind, rules)  # checked as the step editor checks them, stored as archived
        except ServiceError as refusal:
            raise _bad(str(refusal.message))
        duration = item.get("duration_minutes") or 0
        if not isinstance(duration, int) or isinstance(duration, bool) or not 0 <= duration <= 24 * 60:
            raise _bad(_("« steps[].duration_minutes » est invalide."))
        step = Step(position=n, kind=kind,
                    title=_text(item.get("title"), "steps[].title", 200, required=True),
                    prompt=_text(item.get("prompt"), "prompt"), prompt_easy=_text(item.get("prompt_easy"), "p"),
                    duration_minutes=duration, rules=rules,
                    started_at=_moment(item.get("started_at"), "steps[].started_at"))
        workshop.steps.append(step)
        steps[ref] = step
    current = w.get("current_step")
    workshop.current_step = _ref(current, steps, "workshop.current_step", optional=True)

    for link in [RoleLink(role=FACILITATOR), RoleLink(role=BOARD)] + [
            RoleLink(role=REFERENT, peer_group=g) for g in GROUP_ORDER]:
        link.token = new_token()
        workshop.role_links.append(link)

    people: dict[str, Participant] = {}
    items = [_obj(item, "participants[]") for item in _list(data.get("participants"), "participants")]
    taken = {pseudonym_key(item["pseudonym"]) for item in items if isinstance(item.get("pseudonym"), str)}
    for n, item in enumerate(items, start=1):
        ref = _text(item.get("ref"), "participants[].ref", 20, required=True)
        name = _text(item.get("pseudonym"), "participants[].pseudonym", 40) or None
        if name is None:
            name = _unique_label(taken, n)
            taken.add(pseudonym_key(name))
        person = Participant(token=new_token(), pseudonym=name, pseudonym_key=pseudonym_key(name),
                             category=_one_of(item.get("category"), CATEGORIES, "participants[].category"),
                             peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "participants[].peer_group"),
                             followed_here="unsaid", joined_at=_moment(item.get("joined_at"), "joined_at") or utcnow(),
                             # nobody can come back as an archived participant
                             purged_at=None if item.get("pseudonym") else utcnow())
        people[ref] = person
    themes = {}
    for item in _list(data.get("themes"), "themes"):
        item = _obj(item, "themes[]")
        themes[_text(item.get("ref"), "themes[].ref", 20, required=True)] = Theme(
            name=_text(item.get("name"), "themes[].name", 120, required=True))

    db.session.flush()  # the workshop's id, for the rows below
    for person in people.values():
        person.workshop_id = workshop.id
        db.session.add(person)
    for theme in themes.values():
        theme.workshop_id = workshop.id
        db.session.add(theme)
    db.session.flush()  # the themes' ids, for the cards

    cards: dict[str, Card] = {}
    raw_cards = [_obj(item, "cards[]") for item in _list(data.get("cards"), "cards")]
    for item in raw_cards:
        ref = _text(item.get("ref"), "cards[].ref", 20, required=True)
        theme = _ref(item.get("theme"), themes, "cards[].theme", optional=True)
        card = Card(workshop_id=workshop.id, step=_ref(item.get("step"), steps, "cards[].step", optional=True),
                    kind=_one_of(item.get("kind"), CARD_KINDS, "cards[].kind"),
                    text=_text(item.get("text"), "cards[].text", required=True),
                    text_easy=_text(item.get("text_easy"), "cards[].text_easy"),
                    author=_ref(item.get("author"), people, "cards[].author", optional=True),
                    written_by=_one_of(item.get("written_by"), ("participant", "referent", "facilitator", "group"),
                                       "cards[].written_by"),
                    peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "cards[].peer_group", optional=True),
                    status="published", sealed=bool(item.get("sealed")), released=bool(item.get("released")),
                    theme_id=theme.id if theme else None, consent_quote=bool(item.get("consent_quote")), client_id=f"import-{ref}",
                    answered_at=_moment(item.get("answered_at"), "answered_at"), flags=[],
                    created_at=_moment(item.get("created_at"), "created_at") or utcnow())
        cards[ref] = card
        db.session.add(card)
    for item in raw_cards:
        cards[item["ref"]].links = [_ref(r, cards, "cards[].links") for r in _list(item.get("links"), "links")]
    db.session.flush()

    for item in _list(data.get("positions"), "positions"):
        item = _obj(item, "positions[]")
        db.session.add(Position(card_id=_ref(item.get("card"), cards, "positions[].card").id,
                                participant_id=_ref(item.get("participant"), people, "positions[].participant").id,
                                peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "positions[].peer_group"),
                                value=_one_of(item.get("value"), POSITION_VALUES, "positions[].value")))
    for item in _list(data.get("upvotes"), "upvotes"):
        item = _obj(item, "upvotes[]")
        db.session.add(Upvote(card_id=_ref(item.get("card"), cards, "upvotes[].card").id,
                              participant_id=_ref(item.get("participant"), people, "upvotes[].participant").id))
    for item in _list(data.get("speaking_turns"), "speaking_turns"):
        item = _obj(item, "speaking_turns[]")
        started, ended = _moment(item.get("started_at"), "started_at"), _moment(item.get("ended_at"), "ended_at")
        if started is None or ended is None or ended < started:
            raise _bad(_("« speaking_turns[] » a des heures invalides."))
        db.session.add(SpeakRequest(
            workshop_id=workshop.id, status="done", started_at=started, ended_at=ended,
            participant_id=_ref(item.get("participant"), people, "speaking_turns[].participant").id,
            peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "speaking_turns[].peer_group"),
            raised_at=_moment(item.get("raised_at"), "raised_at") or started))

    versions: dict[int, Synthesis] = {}
    for item in _list(data.get("syntheses"), "syntheses"):
        item = _obj(item, "syntheses[]")
        version = item.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version in versions or version < 1:
            raise _bad(_("« syntheses[].version » est invalide."))
        versions[version] = Synthesis(
            workshop_id=workshop.id, version=version, text=_text(item.get("text"), "syntheses[].text", required=True),
            source_card_ids=[_ref(r, cards, "syntheses[].source_cards").id
                             for r in _list(item.get("source_cards"), "source_cards")],
            created_by=_text(item.get("created_by"), "syntheses[].created_by", 80),
            created_at=_moment(item.get("created_at"), "created_at") or utcnow())
        db.session.add(versions[version])
    db.session.flush()
    for item in _list(data.get("validations"), "validations"):
        item = _obj(item, "validations[]")
        if item.get("version") not in versions:
            raise _bad(_("« validations[].version » renvoie à une version absente."))
        db.session.add(Validation(
            workshop_id=workshop.id, synthesis_id=versions[item["version"]].id, decided_by="import",
            peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "validations[].peer_group"),
            decision=_one_of(item.get("decision"), ("validated", "changes"), "validations[].decision"),
            comment=_text(item.get("comment"), "validations[].comment", 2000),
            decided_at=_moment(item.get("decided_at"), "decided_at") or utcnow()))

    survey = _obj(data.get("evaluation") or {}, "evaluation")
    questions: dict[str, EvaluationQuestion] = {}
    for n, item in enumerate(_list(survey.get("questions"), "evaluation.questions")):
        item = _obj(item, "evaluation.questions[]")
        question = EvaluationQuestion(position=n, kind=_one_of(item.get("kind"), ("scale", "text"), "kind"),
                                      text=_text(item.get("text"), "evaluation.questions[].text", 300, required=True),
                                      text_easy=_text(item.get("text_easy"), "text_easy", 300))
        workshop.evaluation_questions.append(question)
        questions[_text(item.get("ref"), "evaluation.questions[].ref", 20, required=True)] = question
    db.session.flush()
    for item in _list(survey.get("answers"), "evaluation.answers"):
        item = _obj(item, "evaluation.answers[]")
        scale = item.get("scale_value")
        if scale is not None and (not isinstance(scale, int) or isinstance(scale, bool) or not 1 <= scale <= 5):
            raise _bad(_("« evaluation.answers[].scale_value » est invalide."))
        db.session.add(EvaluationAnswer(
            workshop_id=workshop.id, question_id=_ref(item.get("question"), questions, "answers[].question").id,
            peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "evaluation.answers[].peer_group"),
            scale_value=scale, text_value=_text(item.get("text_value"), "text_value", 1000) or None))
    for ref in _list(survey.get("submitted_by"), "evaluation.submitted_by"):
        db.session.add(EvaluationSubmission(workshop_id=workshop.id,
                                            participant_id=_ref(ref, people, "evaluation.submitted_by").id))
    return workshop
