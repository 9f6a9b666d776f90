"""The JSON archive of a whole workshop, and its import into another instance.

Schema "clts_forum.workshop/2". The archive holds what the report is made of, and nothing that ties
a person to what they did unless they agreed to it:

- public cards only (what the board may show); a card names its author ("author": "a1", an entry
  of "authors" with a pseudonym) only when the author consented to be quoted on *that* card; a card
  without consent has no author at all, so no reference can lead from it to a name;
- who came is a count per category and peer group ("composition"), not a list of people;
- positions are counts per track and peer group, upvotes a count per question, speaking turns a
  peer group and two times, each visit of a step two times ("step_visits"), the evaluation its answers per group (sorted, so one person's answers
  cannot be told apart from the others') and a number of questionnaires: no individual vote, turn
  or answer can be linked to a pseudonym;
- no dependency answers, tokens, join code, role links, audit log, nor who recorded a validation.

That is what a re-import needs to rebuild the report: counts per group per track, upvote counts,
turns and durations per group, evaluation answers per group. Times are the workshop's local time
with their offset (2026-03-12T09:30:00+01:00). Rows refer to each other by references ("c12", "a3",
"t1", "s2" = step position 2), never by database ids, so export → import → export gives the same
document except "exported_at" (on an instance in the same time zone).

The import takes schema /2, and /1 (converted first, with the same rules: a card without consent
loses its author, individual positions, upvotes, turns and submissions become counts). Every text
goes through the same checks as live input (`validation.clean_text` and each service's rule), so an
archive can bring nothing the live editors would refuse. A bad archive is refused with a reason and
writes nothing.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from typing import Any, Optional

from flask_babel import gettext as _
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from .. import localtime
from ..actors import BOARD, FACILITATOR, REFERENT
from ..extensions import db
from ..models import (Card, EvaluationAnswer, EvaluationQuestion, EvaluationSubmission, Organiser, Participant,
                      Position, RoleLink, SpeakRequest, Step, StepVisit, Synthesis, Theme, Upvote, Validation, Workshop,
                      card_link, utcnow)
from ..services import (ServiceError, cards as card_rules, evaluation, glossary, organisations, participants, steps,
                        synthesis, themes)
from ..services.participants import pseudonym_key
from ..services.positions import VALUES as POSITION_VALUES
from ..services.rules import StepRules
from ..services.validation import clean_text
from ..services.workshops import _new_join_code, clean_details, new_token
from ..vocabulary import CARD_KINDS, CATEGORIES, GROUP_ORDER, STEP_KINDS
from .report import public_cards

SCHEMA = "clts_forum.workshop/2"
OLD_SCHEMA = "clts_forum.workshop/1"
MAX_ITEMS = 100_000
NEUTRAL_LABEL = "Participant·e n° {n}"


def export(workshop: Workshop) -> dict:
    def iso(moment: Optional[datetime]) -> Optional[str]:
        return localtime.iso(workshop, moment)

    cards = public_cards(workshop.id)
    card_ref = {card.id: f"c{n}" for n, card in enumerate(cards, start=1)}
    public_ids = set(card_ref)
    step_ref = {step.id: f"s{step.position}" for step in workshop.steps}
    themes_ = list(db.session.scalars(db.select(Theme).filter_by(workshop_id=workshop.id).order_by(Theme.id)))
    theme_ref = {theme.id: f"t{n}" for n, theme in enumerate(themes_, start=1)}
    named = sorted({card.author for card in cards if _names_author(card)}, key=lambda p: p.id)
    author_ref = {person.id: f"a{n}" for n, person in enumerate(named, start=1)}
    composition = Counter(db.session.execute(db.select(Participant.category, Participant.peer_group)
                                             .filter_by(workshop_id=workshop.id, removed_at=None)).all())
    syntheses = list(db.session.scalars(db.select(Synthesis).filter_by(workshop_id=workshop.id)
                                        .order_by(Synthesis.version)))
    version_of = {s.id: s.version for s in syntheses}
    questions = list(workshop.evaluation_questions)
    question_ref = {q.id: f"q{q.position}" for q in questions}
    positions = db.session.execute(
        db.select(Position.card_id, Position.peer_group, Position.value, db.func.count())
        .where(Position.card_id.in_(public_ids)).group_by(Position.card_id, Position.peer_group, Position.value))
    stances: dict[tuple[str, str], dict[str, int]] = {}
    for card_id, group, value, count in positions:
        stances.setdefault((card_ref[card_id], group), dict.fromkeys(POSITION_VALUES, 0))[value] = count
    answers = [{"question": question_ref[a.question_id], "peer_group": a.peer_group, "scale_value": a.scale_value,
                "text_value": a.text_value}
               for a in db.session.scalars(db.select(EvaluationAnswer).filter_by(workshop_id=workshop.id))]
    return {
        "schema": SCHEMA,
        "exported_at": iso(utcnow()),
        "workshop": {
            "title": workshop.title, "theme": workshop.theme,
            "date": workshop.date.isoformat() if workshop.date else None, "place": workshop.place,
            "organiser_name": workshop.organiser_name, "territory": workshop.territory,
            "facilitation_team": workshop.facilitation_team, "moderation": workshop.moderation,
            "language": workshop.language, "template": workshop.template, "status": workshop.status,
            "category_groups": workshop.category_groups, "glossary": workshop.glossary,
            "time_zone": localtime.zone_of(workshop).key, "closed_at": iso(workshop.closed_at),
            "current_step": step_ref.get(workshop.current_step_id),
        },
        "steps": [{"ref": step_ref[s.id], "kind": s.kind, "title": s.title, "prompt": s.prompt,
                   "prompt_easy": s.prompt_easy, "duration_minutes": s.duration_minutes,
                   "rules": StepRules.of(s).as_data(),  # the editor's full form, which an import keeps
                   "started_at": iso(s.started_at)} for s in workshop.steps],
        "composition": [{"category": category, "peer_group": group, "count": composition[(category, group)]}
                        for category in CATEGORIES for group in GROUP_ORDER if composition[(category, group)]],
        "authors": [{"ref": author_ref[p.id], "pseudonym": p.pseudonym, "peer_group": p.peer_group} for p in named],
        "themes": [{"ref": theme_ref[t.id], "name": t.name} for t in themes_],
        "cards": [{"ref": card_ref[c.id], "step": step_ref.get(c.step_id), "kind": c.kind, "text": c.text,
                   "text_easy": c.text_easy, "author": author_ref[c.author_id] if _names_author(c) else None,
                   "written_by": c.written_by, "peer_group": c.peer_group, "sealed": c.sealed,
                   "released": c.released, "theme": theme_ref.get(c.theme_id), "consent_quote": c.consent_quote,
                   "answered_at": iso(c.answered_at), "created_at": iso(c.created_at),
                   "links": sorted((card_ref[link.id] for link in c.links if link.id in public_ids),
                                   key=lambda ref: int(ref[1:]))}
                  for c in cards],
        "positions": [{"card": card, "peer_group": group, **stances[(card, group)]}
                      for card in card_ref.values() for group in GROUP_ORDER if (card, group) in stances],
        "upvotes": [{"card": card_ref[card_id], "count": count} for card_id, count in db.session.execute(
            db.select(Upvote.card_id, db.func.count()).where(Upvote.card_id.in_(public_ids))
            .group_by(Upvote.card_id).order_by(Upvote.card_id))],
        "step_visits": [{"step": step_ref[v.step_id], "started_at": iso(v.started_at), "ended_at": iso(v.ended_at)}
                        for v in db.session.scalars(db.select(StepVisit).filter_by(workshop_id=workshop.id)
                                                    .order_by(StepVisit.started_at, StepVisit.id))],
        "speaking_turns": [{"peer_group": t.peer_group, "started_at": iso(t.started_at), "ended_at": iso(t.ended_at)}
                           for t in db.session.scalars(db.select(SpeakRequest).where(
                               SpeakRequest.workshop_id == workshop.id, SpeakRequest.status == "done",
                               SpeakRequest.started_at.is_not(None), SpeakRequest.ended_at.is_not(None))
                               .order_by(SpeakRequest.started_at, SpeakRequest.ended_at, SpeakRequest.peer_group))],
        "syntheses": [{"version": s.version, "text": s.text, "created_by": s.created_by,
                       "created_at": iso(s.created_at),
                       "source_cards": [card_ref[i] for i in s.source_card_ids if i in public_ids]}
                      for s in syntheses],
        "validations": [{"version": version_of[v.synthesis_id], "peer_group": v.peer_group,
                         "decision": v.decision, "comment": v.comment, "decided_at": iso(v.decided_at)}
                        for v in db.session.scalars(db.select(Validation).filter_by(workshop_id=workshop.id)
                                                    .order_by(Validation.decided_at, Validation.id))],
        "evaluation": {
            "questions": [{"ref": question_ref[q.id], "kind": q.kind, "text": q.text, "text_easy": q.text_easy}
                          for q in questions],
            # sorted by content: the order they were given in would put one person's answers side by side
            "answers": sorted(answers, key=lambda a: (int(a["question"][1:]), GROUP_ORDER.index(a["peer_group"])
                                                      if a["peer_group"] in GROUP_ORDER else 99,
                                                      a["scale_value"] or 0, a["text_value"] or "")),
            "submissions": db.session.scalar(db.select(db.func.count()).select_from(EvaluationSubmission)
                                             .filter_by(workshop_id=workshop.id)),
        },
    }


def _names_author(card: Card) -> bool:
    """The card may carry its author's pseudonym: the author agreed on this card, and is not purged."""
    return bool(card.consent_quote and card.author is not None and not card.author.purged_at)


# --- import ---------------------------------------------------------------------------------------

def _bad(message: str) -> ServiceError:
    return ServiceError("invalid_archive", _("Archive invalide : %(reason)s", reason=message))


def parse(raw: bytes) -> Any:
    """The archive file's JSON, or a refusal that says why (not a server error, however it is made)."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ServiceError("invalid", _("Ce fichier n'est pas une archive JSON lisible."))
    except RecursionError:
        raise _bad(_("le fichier est imbriqué trop profondément."))


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


def _ref_text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 20:
        raise _bad(_("« %(where)s » doit être un texte.", where=where))
    return value


def _checked(where: str, rule, *args, **kwargs):
    """A live input rule (validation.clean_text, a service's cleaner) applied to an archive's field:
    its refusal becomes the archive's, with the place it was found."""
    try:
        return rule(*args, **kwargs)
    except ServiceError as refusal:
        raise _bad(f"« {where} » : {refusal.message}")


def _text(value: Any, where: str, limit: int, required: bool = False, multiline: bool = True) -> str:
    return _checked(where, clean_text, value, field=where, max_length=limit, required=required,
                    multiline=multiline)


def _one_of(value: Any, allowed, where: str, optional: bool = False) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise _bad(_("« %(where)s » a une valeur inconnue.", where=where))
    return value


def _count(value: Any, where: str, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise _bad(_("« %(where)s » est invalide.", where=where))
    return value


def _moment(value: Any, where: str) -> Optional[datetime]:
    """A time with its offset (schema /2), or naive UTC (schema /1): stored as naive UTC."""
    if value is None:
        return None
    try:
        return localtime.to_utc(datetime.fromisoformat(value))
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


def upgrade_v1(data: dict) -> dict:
    """A /1 archive as /2, under /2's rules: a card keeps its author only where the author consented
    on it; positions, upvotes, turns and submissions lose who made them."""
    people = {item.get("ref"): item for item in map(lambda i: _obj(i, "participants[]"),
                                                    _list(data.get("participants"), "participants"))}
    raw_cards = [_obj(item, "cards[]") for item in _list(data.get("cards"), "cards")]
    named = []
    for card in raw_cards:
        person = people.get(card.get("author"))
        if card.get("consent_quote") and person is not None and person.get("pseudonym"):
            if card["author"] not in named:
                named.append(card["author"])
        else:
            card["author"] = None
    stances: dict[tuple, dict] = {}
    for item in _list(data.get("positions"), "positions"):
        item = _obj(item, "positions[]")
        key = (item.get("card"), item.get("peer_group"))
        counts = stances.setdefault(key, dict.fromkeys(POSITION_VALUES, 0))
        counts[_one_of(item.get("value"), POSITION_VALUES, "positions[].value")] += 1
    upvotes = Counter(_obj(item, "upvotes[]").get("card") for item in _list(data.get("upvotes"), "upvotes"))
    composition = Counter((p.get("category"), p.get("peer_group")) for p in people.values())
    survey = _obj(data.get("evaluation") or {}, "evaluation")
    return data | {
        "schema": SCHEMA,
        "composition": [{"category": c, "peer_group": g, "count": n} for (c, g), n in composition.items()],
        "authors": [{"ref": ref, "pseudonym": people[ref]["pseudonym"], "peer_group": people[ref].get("peer_group")}
                    for ref in named],
        "cards": raw_cards,
        "positions": [{"card": card, "peer_group": group, **counts} for (card, group), counts in stances.items()],
        "upvotes": [{"card": card, "count": n} for card, n in upvotes.items()],
        "speaking_turns": [{k: v for k, v in _obj(t, "speaking_turns[]").items() if k in
                            ("peer_group", "started_at", "ended_at")}
                           for t in _list(data.get("speaking_turns"), "speaking_turns")],
        "evaluation": survey | {"submissions": len(_list(survey.get("submitted_by"), "evaluation.submitted_by"))},
    }


def restore(data: Any, created_by: Optional[Organiser] = None) -> Workshop:
    """Recreate an archived workshop as a new, closed-or-as-archived workshop with fresh links.

    Everything is checked before anything is written; a bad archive changes nothing.
    """
    try:
        data = _obj(data, "archive")
        if data.get("schema") == OLD_SCHEMA:
            data = upgrade_v1(data)
        if data.get("schema") != SCHEMA:
            raise _bad(_("schéma « %(found)s » inconnu (attendu : %(expected)s).",
                         found=str(data.get("schema"))[:60], expected=SCHEMA))
        workshop = _restore(data, created_by)
        db.session.commit()
    except ServiceError:
        db.session.rollback()
        raise
    except (KeyError, TypeError, ValueError, AttributeError):
        db.session.rollback()
        raise _bad(_("structure inattendue."))
    except RecursionError:
        db.session.rollback()
        raise _bad(_("le fichier est imbriqué trop profondément."))
    except IntegrityError:  # a reference or a pseudonym given twice
        db.session.rollback()
        raise _bad(_("un élément y figure deux fois."))
    return workshop


def _glossary(value: Any) -> Optional[dict]:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _bad(_("« workshop.glossary » est invalide."))
    return _checked("workshop.glossary", glossary.clean_entries,
                    [{"term": term, "explanation": text} for term, text in value.items()])


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
    details = _checked("workshop", clean_details, title=w.get("title"), theme=w.get("theme") or "",
                       place=w.get("place") or "", organiser_name=w.get("organiser_name") or "",
                       territory=w.get("territory") or "", facilitation_team=w.get("facilitation_team") or "")
    workshop = Workshop(
        **details, date=day,
        moderation=_one_of(w.get("moderation"), ("pre", "post"), "moderation"),
        language=_text(w.get("language"), "language", 8, multiline=False) or "fr",
        template=_text(w.get("template"), "template", 40, multiline=False),
        status=_one_of(w.get("status"), ("draft", "running", "closed"), "status"),
        category_groups=groups_map, glossary=_glossary(w.get("glossary")),
        closed_at=_moment(w.get("closed_at"), "closed_at"),
        join_code=_new_join_code(), created_by_id=created_by.id if created_by else None,
        # a copy of a record: never live (its join code opens nothing), never counted as held (issue 12)
        imported_at=utcnow(), organisation_id=(created_by.organisation if created_by else organisations.default()).id)
    db.session.add(workshop)

    steps_: dict[str, Step] = {}
    for n, item in enumerate(_list(data.get("steps"), "steps")):
        item = _obj(item, "steps[]")
        ref = _ref_text(item.get("ref"), "steps[].ref")
        step = Step(position=n, kind=_one_of(item.get("kind"), STEP_KINDS, "steps[].kind"),
                    started_at=_moment(item.get("started_at"), "steps[].started_at"))
        workshop.steps.append(step)
        _checked("steps[]", steps.apply_fields, step, {
            "title": item.get("title"), "prompt": item.get("prompt") or "", "prompt_easy": item.get("prompt_easy") or "",
            "duration_minutes": item.get("duration_minutes") or 0, "rules": item.get("rules") or {}})
        steps_[ref] = step
    workshop.current_step = _ref(w.get("current_step"), steps_, "workshop.current_step", optional=True)

    for link in [RoleLink(role=FACILITATOR), RoleLink(role=BOARD)] + [
            RoleLink(role=REFERENT, peer_group=g) for g in GROUP_ORDER]:
        link.token = new_token()
        workshop.role_links.append(link)

    people = _people(data, workshop)
    everyone = len(people["all"])
    themes_ = {}
    for item in _list(data.get("themes"), "themes"):
        item = _obj(item, "themes[]")
        themes_[_ref_text(item.get("ref"), "themes[].ref")] = Theme(
            name=_checked("themes[].name", themes.clean_name, item.get("name")))

    db.session.flush()  # the workshop's id, for the rows below
    for person in people["all"]:
        person.workshop_id = workshop.id
    db.session.add_all(people["all"])
    for theme in themes_.values():
        theme.workshop_id = workshop.id
        db.session.add(theme)
    db.session.flush()  # the themes' ids, for the cards

    cards = _cards(data, workshop, steps_, themes_, people["named"])
    for item in _list(data.get("step_visits"), "step_visits"):  # older archives have none: the report then
        item = _obj(item, "step_visits[]")                       # counts one visit per started step
        started, ended = _moment(item.get("started_at"), "started_at"), _moment(item.get("ended_at"), "ended_at")
        if started is None or (ended is not None and ended < started):
            raise _bad(_("« step_visits[] » a des heures invalides."))
        db.session.add(StepVisit(workshop_id=workshop.id, step=_ref(item.get("step"), steps_, "step_visits[].step"),
                                 started_at=started, ended_at=ended))

    # rows by the thousand go in as plain INSERTs: the ORM's bookkeeping per object made a
    # 100,000-card import take minutes
    positions, upvotes = [], []
    for item in _list(data.get("positions"), "positions"):
        item = _obj(item, "positions[]")
        card_id = _ref(item.get("card"), cards, "positions[].card")
        group = _one_of(item.get("peer_group"), GROUP_ORDER, "positions[].peer_group")
        for value in POSITION_VALUES:
            positions += [{"card_id": card_id, "participant_id": None, "peer_group": group, "value": value}
                          for _n in range(_count(item.get(value), f"positions[].{value}", everyone))]
    for item in _list(data.get("upvotes"), "upvotes"):
        item = _obj(item, "upvotes[]")
        card_id = _ref(item.get("card"), cards, "upvotes[].card")
        upvotes += [{"card_id": card_id, "participant_id": None}
                    for _n in range(_count(item.get("count"), "upvotes[].count", everyone))]
    for table, values in ((Position, positions), (Upvote, upvotes)):
        if values:
            db.session.execute(insert(table), values)
    rows: list = []
    for item in _list(data.get("speaking_turns"), "speaking_turns"):
        item = _obj(item, "speaking_turns[]")
        started, ended = _moment(item.get("started_at"), "started_at"), _moment(item.get("ended_at"), "ended_at")
        if started is None or ended is None or ended < started:
            raise _bad(_("« speaking_turns[] » a des heures invalides."))
        rows.append(SpeakRequest(workshop_id=workshop.id, status="done", started_at=started, ended_at=ended,
                                 participant_id=None, raised_at=started,
                                 peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "speaking_turns[].peer_group")))
    db.session.add_all(rows)

    versions: dict[int, Synthesis] = {}
    for item in _list(data.get("syntheses"), "syntheses"):
        item = _obj(item, "syntheses[]")
        version = item.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version in versions or version < 1:
            raise _bad(_("« syntheses[].version » est invalide."))
        versions[version] = Synthesis(
            workshop_id=workshop.id, version=version,
            text=_checked("syntheses[].text", synthesis.clean_synthesis_text, item.get("text")),
            source_card_ids=[_ref(r, cards, "syntheses[].source_cards")
                             for r in _list(item.get("source_cards"), "source_cards")],
            created_by=_text(item.get("created_by"), "syntheses[].created_by", 80, multiline=False),
            created_at=_moment(item.get("created_at"), "created_at") or utcnow())
        db.session.add(versions[version])
    db.session.flush()
    for item in _list(data.get("validations"), "validations"):
        item = _obj(item, "validations[]")
        if item.get("version") not in versions:
            raise _bad(_("« validations[].version » renvoie à une version absente."))
        decision = _one_of(item.get("decision"), (*synthesis.DECISIONS, synthesis.REOPENED), "validations[].decision")
        db.session.add(Validation(
            workshop_id=workshop.id, synthesis_id=versions[item["version"]].id, decided_by="import",
            peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "validations[].peer_group"), decision=decision,
            comment=_checked("validations[].comment", synthesis.clean_comment, item.get("comment"), decision),
            decided_at=_moment(item.get("decided_at"), "decided_at") or utcnow()))

    survey = _obj(data.get("evaluation") or {}, "evaluation")
    questions: dict[str, EvaluationQuestion] = {}
    raw_questions = _list(survey.get("questions"), "evaluation.questions")
    if len(raw_questions) > evaluation.MAX_QUESTIONS:
        raise _bad(_("« evaluation.questions » est invalide."))
    for n, item in enumerate(raw_questions):
        item = _obj(item, "evaluation.questions[]")
        kind, text, easy = _checked("evaluation.questions[]", evaluation.clean_question, item)
        question = EvaluationQuestion(position=n, kind=kind, text=text, text_easy=easy)
        workshop.evaluation_questions.append(question)
        questions[_ref_text(item.get("ref"), "evaluation.questions[].ref")] = question
    db.session.flush()
    for item in _list(survey.get("answers"), "evaluation.answers"):
        item = _obj(item, "evaluation.answers[]")
        question = _ref(item.get("question"), questions, "answers[].question")
        scale, text = item.get("scale_value"), item.get("text_value")
        if question.kind == "scale" and (text is not None or isinstance(scale, bool) or scale not in evaluation.SCALE):
            raise _bad(_("« evaluation.answers[].scale_value » est invalide."))
        if question.kind == "text" and scale is not None:
            raise _bad(_("« evaluation.answers[].scale_value » est invalide."))
        db.session.add(EvaluationAnswer(
            workshop_id=workshop.id, question_id=question.id,
            peer_group=_one_of(item.get("peer_group"), GROUP_ORDER, "evaluation.answers[].peer_group"),
            scale_value=scale, text_value=_checked("evaluation.answers[].text_value", evaluation.clean_answer_text,
                                                   text) if question.kind == "text" else None))
    submissions = _count(survey.get("submissions") or 0, "evaluation.submissions", everyone)
    db.session.add_all([EvaluationSubmission(workshop_id=workshop.id, participant_id=None)
                        for _n in range(submissions)])
    return workshop


def _cards(data: dict, workshop: Workshop, steps_: dict, themes_: dict, named: dict) -> dict[str, int]:
    """The archive's cards, checked, then inserted in one statement: {ref: new card id}."""
    rows, refs = [], []
    raw_cards = [_obj(item, "cards[]") for item in _list(data.get("cards"), "cards")]
    now = utcnow()
    for item in raw_cards:
        ref = _ref_text(item.get("ref"), "cards[].ref")
        text, text_easy = _checked("cards[].text", card_rules.clean_stored_text, item)
        theme = _ref(item.get("theme"), themes_, "cards[].theme", optional=True)
        step = _ref(item.get("step"), steps_, "cards[].step", optional=True)
        author = _ref(item.get("author"), named, "cards[].author", optional=True)
        consent = bool(item.get("consent_quote"))
        if author is not None and not consent:
            raise _bad(_("une carte sans accord pour être citée nomme son auteur·e."))
        rows.append({"workshop_id": workshop.id, "step_id": step.id if step else None,
                     "kind": _one_of(item.get("kind"), CARD_KINDS, "cards[].kind"), "text": text,
                     "text_easy": text_easy, "author_id": author.id if author else None,
                     "written_by": _one_of(item.get("written_by"), ("participant", "referent", "facilitator", "group"),
                                           "cards[].written_by"),
                     "peer_group": _one_of(item.get("peer_group"), GROUP_ORDER, "cards[].peer_group", optional=True),
                     "status": "published", "sealed": bool(item.get("sealed")), "released": bool(item.get("released")),
                     "theme_id": theme.id if theme else None, "consent_quote": consent, "client_id": f"import-{ref}",
                     "answered_at": _moment(item.get("answered_at"), "answered_at"), "flags": [],
                     "created_at": _moment(item.get("created_at"), "created_at") or now, "updated_at": now})
        refs.append(ref)
    if len(set(refs)) != len(refs):
        raise _bad(_("un élément y figure deux fois."))
    ids = db.session.scalars(insert(Card).returning(Card.id, sort_by_parameter_order=True), rows).all() if rows else []
    cards = dict(zip(refs, ids))
    links = [{"track_id": cards[item["ref"]], "perception_id": _ref(r, cards, "cards[].links")}
             for item in raw_cards for r in _list(item.get("links"), "links")]
    if links:
        db.session.execute(insert(card_link), links)
    return cards


def _people(data: dict, workshop: Workshop) -> dict:
    """The named authors (with the category of their group the composition leaves them), then
    everyone else as "Participant·e n° N", already purged: nobody can come back as one of them."""
    cells: Counter = Counter()
    for item in _list(data.get("composition"), "composition"):
        item = _obj(item, "composition[]")
        cell = (_one_of(item.get("category"), CATEGORIES, "composition[].category"),
                _one_of(item.get("peer_group"), GROUP_ORDER, "composition[].peer_group"))
        cells[cell] += _count(item.get("count"), "composition[].count", MAX_ITEMS)
    if sum(cells.values()) > MAX_ITEMS:
        raise _bad(_("« composition » est invalide."))
    named: dict[str, Participant] = {}
    taken: set[str] = set()
    for item in _list(data.get("authors"), "authors"):
        item = _obj(item, "authors[]")
        name = _checked("authors[].pseudonym", participants.clean_pseudonym, item.get("pseudonym"))
        group = _one_of(item.get("peer_group"), GROUP_ORDER, "authors[].peer_group")
        cell = next((c for c in cells if c[1] == group and cells[c] > 0), None)
        if cell is None:
            raise _bad(_("« authors[] » n'a pas sa place dans « composition »."))
        cells[cell] -= 1
        named[_ref_text(item.get("ref"), "authors[].ref")] = Participant(
            token=new_token(), pseudonym=name, pseudonym_key=pseudonym_key(name), category=cell[0],
            peer_group=group, followed_here="unsaid")
        taken.add(pseudonym_key(name))
    others = []
    for category in CATEGORIES:
        for group in GROUP_ORDER:
            for _n in range(cells[(category, group)]):
                label = _unique_label(taken, len(named) + len(others) + 1)
                taken.add(pseudonym_key(label))
                others.append(Participant(token=new_token(), pseudonym=label, pseudonym_key=pseudonym_key(label),
                                          category=category, peer_group=group, followed_here="unsaid",
                                          purged_at=utcnow()))
    return {"named": named, "all": list(named.values()) + others}
