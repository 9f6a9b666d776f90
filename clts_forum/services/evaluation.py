"""The end-of-day evaluation: a short questionnaire, anonymous, results per peer group.

Who answered (to answer once) and what was answered are stored apart: an answer carries only
its peer group.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..actors import Actor
from ..extensions import db
from ..models import EvaluationAnswer, EvaluationQuestion, EvaluationSubmission
from ..vocabulary import GROUP_ORDER
from . import ServiceError, access, audit, rooms, throttle
from .rules import check
from .statistics import SMALL_COUNT, shown_count
from .validation import choice, clean_text, payload_dict
from .workshops import get, require_open

KINDS = ("scale", "text")
SCALE = range(1, 6)
MAX_QUESTIONS = 8

def questions(workshop_id: int) -> list[EvaluationQuestion]:
    return list(db.session.scalars(db.select(EvaluationQuestion).filter_by(workshop_id=workshop_id)
                                   .order_by(EvaluationQuestion.position)))


def questions_payload(workshop_id: int) -> list[dict]:
    return [{"id": q.id, "kind": q.kind, "text": q.text, "text_easy": q.text_easy} for q in questions(workshop_id)]


def has_answered(workshop_id: int, participant_id: int) -> bool:
    return db.session.scalar(db.select(EvaluationSubmission.id).filter_by(
        workshop_id=workshop_id, participant_id=participant_id)) is not None


def results(workshop_id: int) -> dict:
    """Per question and peer group: the 1–5 distribution and mean, or the free texts.

    The composition's "<5" rule holds here too, for everyone who reads results (console, reports,
    spreadsheets): a group with 1 to 4 answers to a question shows its count as "<5" and is
    `withheld` — no distribution, no mean, no text attributed to it — since so few answers could
    be told to be someone's. Counts are strings, as exports print them.
    """
    answers = list(db.session.scalars(db.select(EvaluationAnswer).filter_by(workshop_id=workshop_id)))
    out = []
    for question in questions(workshop_id):
        per_group = {}
        for group in GROUP_ORDER:
            mine = [a for a in answers if a.question_id == question.id and a.peer_group == group]
            withheld = 0 < len(mine) < SMALL_COUNT
            shown = {"count": shown_count(len(mine)), "withheld": withheld}
            if question.kind == "scale":
                values = [] if withheld else [a.scale_value for a in mine]
                per_group[group] = shown | {
                    "distribution": None if withheld else [values.count(v) for v in SCALE],
                    "mean": round(sum(values) / len(values), 2) if values else None}
            else:
                per_group[group] = shown | {"texts": [] if withheld else sorted(a.text_value for a in mine)}
        out.append({"id": question.id, "kind": question.kind, "text": question.text, "groups": per_group})
    submissions = db.session.scalar(db.select(db.func.count()).select_from(EvaluationSubmission)
                                    .filter_by(workshop_id=workshop_id))
    return {"questions": out, "submissions": shown_count(submissions)}


def clean_question(item: Any) -> tuple[str, str, str]:
    """(kind, text, easy-read text) of one question, as the questionnaire editor takes it."""
    item = payload_dict(item)
    return (choice(item.get("kind"), KINDS, field=_l("Type de question")),
            clean_text(item.get("text"), field=_l("Question"), max_length=300, multiline=False),
            clean_text(item.get("text_easy"), field=_l("Question en facile à lire"), max_length=300,
                       required=False, multiline=False))


def clean_answer_text(value: Any) -> str:
    return clean_text(value, field=_l("Réponse"), max_length=1000)


def configure(actor: Actor, data: Any) -> list[EvaluationQuestion]:
    """Replace the questionnaire (before anyone has answered): 1 to 8 questions, scale or text."""
    access.require_staff(actor, _("Seule l'animation prépare l'évaluation."))
    require_open(get(actor.workshop_id))
    items = payload_dict(data).get("questions")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_QUESTIONS:
        raise ServiceError("invalid", _("Le questionnaire compte de 1 à %(n)d questions.", n=MAX_QUESTIONS))
    if db.session.scalar(db.select(EvaluationSubmission.id).filter_by(workshop_id=actor.workshop_id).limit(1)):
        raise ServiceError("conflict", _("Des réponses sont déjà arrivées : le questionnaire ne change plus."), 409)
    cleaned = [clean_question(item) for item in items]
    for question in questions(actor.workshop_id):
        db.session.delete(question)
    for position, (kind, text, easy) in enumerate(cleaned):
        db.session.add(EvaluationQuestion(workshop_id=actor.workshop_id, position=position, kind=kind, text=text,
                                          text_easy=easy))
    audit.record(actor, "evaluation.configure", "evaluation", {"questions": len(cleaned)})
    db.session.commit()
    rooms.emit("evaluation.changed", {"questions": questions_payload(actor.workshop_id)},
               rooms.everyone(actor.workshop_id))
    return questions(actor.workshop_id)


def submit(actor: Actor, data: Any) -> None:
    """Answer once. Every question may be skipped; a scale answer is 1 to 5."""
    workshop = get(actor.workshop_id)
    check(actor, workshop, "evaluate")
    answers = payload_dict(data).get("answers")
    if not isinstance(answers, dict):
        raise ServiceError("invalid", _("Les réponses sont mal formées."))
    by_id = {str(q.id): q for q in questions(workshop.id)}
    if set(answers) - set(by_id):
        raise ServiceError("invalid", _("Une réponse ne correspond à aucune question."))
    rows = []
    for key, value in answers.items():
        question = by_id[key]
        if value is None or value == "":
            continue
        if question.kind == "scale":
            if isinstance(value, bool) or value not in SCALE:
                raise ServiceError("invalid", _("Choisissez une réponse de 1 à 5."))
            rows.append(EvaluationAnswer(workshop_id=workshop.id, question_id=question.id,
                                         peer_group=actor.peer_group, scale_value=value))
        else:
            rows.append(EvaluationAnswer(workshop_id=workshop.id, question_id=question.id, peer_group=actor.peer_group,
                                         text_value=clean_answer_text(value)))
    db.session.add(EvaluationSubmission(workshop_id=workshop.id, participant_id=actor.participant_id))
    db.session.add_all(rows)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError("conflict", _("Vous avez déjà répondu. Merci !"), 409)
    rooms.emit("evaluation.submitted", {"submitted": True}, rooms.participant_room(workshop.id, actor.participant_id))
    throttle.later("evaluation", workshop.id, 0)


@throttle.flusher("evaluation")
def push_results(workshop_id: int, _items: set[int]) -> None:
    """The results to the console at most four times a second: a room answering at once is one push, not
    one per answer each carrying every answer so far."""
    rooms.emit("evaluation.results", results(workshop_id), rooms.staff_room(workshop_id))
