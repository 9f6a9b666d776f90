"""Preparing a workshop from its page, without the console: the programme, the glossary, the questionnaire
and the moderation mode.

Plain server-rendered forms (POST + CSRF) that need no script. They call the services the live console
calls (steps, glossary, evaluation, moderation_rules), so the same checks hold and every open page gets
the change pushed. A refusal shows the page again with what was typed and the service's message.
"""
from __future__ import annotations

from typing import Any, Optional

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..actors import organiser_actor
from ..extensions import db
from ..models import Workshop
from ..services import ServiceError, access, evaluation, glossary, moderation_rules, steps
from ..services.rules import FLAGS, StepRules
from ..vocabulary import CARD_KINDS, GROUP_ORDER, MODERATION_LABELS, PEER_GROUPS, RULE_FLAG_LABELS, STEP_KINDS
from .staff import workshop_for

bp = Blueprint("prepare", __name__, url_prefix="/organiser/workshops/<int:workshop_id>/preparer")
# card kinds a step may open to participants ("summary" is made by a release, never posted)
POSTABLE_KINDS = [kind for kind in CARD_KINDS if kind != "summary"]


@bp.before_request
@login_required
def require_account():
    """Accounts only; who runs which workshop is in services/access.py."""


def _workshop(workshop_id: int) -> Workshop:
    """A live workshop the account runs: an imported archive or an event recorded by hand has no programme."""
    found = workshop_for(workshop_id, access.RUN)
    if found.recorded or found.imported_at is not None:
        abort(404)
    return found


def _actor(workshop: Workshop):
    return organiser_actor(current_user, workshop)


def _back(workshop: Workshop, anchor: str = ""):
    return redirect(url_for("prepare.page", workshop_id=workshop.id) + (f"#{anchor}" if anchor else ""))


# -- what the page shows: the stored values, or what was typed when it was refused --------------------

def _step_fields(step) -> dict:
    rules = StepRules.of(step)
    return {"title": step.title, "prompt": step.prompt, "prompt_easy": step.prompt_easy,
            "duration_minutes": step.duration_minutes, "kinds": list(rules.post_kinds),
            "groups": list(rules.post_groups or []), "flags": {name: getattr(rules, name) for name in FLAGS},
            "moderation": (step.rules or {}).get("moderation") or ""}


def _typed_step_fields() -> dict:
    form = request.form
    return {"title": form.get("title", ""), "prompt": form.get("prompt", ""),
            "prompt_easy": form.get("prompt_easy", ""), "duration_minutes": form.get("duration_minutes", ""),
            "kinds": form.getlist("post_kinds"), "groups": form.getlist("post_groups"),
            "flags": {name: form.get(name) == "1" for name in FLAGS}, "moderation": form.get("moderation", "")}


def _glossary_text(workshop: Workshop) -> str:
    return "\n".join(f"{entry['term']} : {entry['explanation']}" for entry in glossary.entries(workshop))


def _question_rows(workshop: Workshop) -> list[dict]:
    rows = [{"kind": q.kind, "text": q.text, "text_easy": q.text_easy} for q in workshop.evaluation_questions]
    blanks = min(2, evaluation.MAX_QUESTIONS - len(rows))
    return rows + [{"kind": "scale", "text": "", "text_easy": ""} for _ in range(max(blanks, 0))]


def _typed_question_rows() -> list[dict]:
    return [{"kind": request.form.get(f"kind-{i}", "scale"), "text": request.form.get(f"text-{i}", ""),
             "text_easy": request.form.get(f"text_easy-{i}", "")} for i in range(evaluation.MAX_QUESTIONS)
            if f"text-{i}" in request.form]


def _render(workshop: Workshop, *, error: Optional[tuple[str, str]] = None, typed: Optional[dict] = None,
            status: int = 200):
    """The page; `error` is (section, message) and `typed` what was sent to that section."""
    typed = typed or {}
    section = error[0] if error else None
    step_views = [{"step": step, "error": error[1] if section == f"step-{step.id}" else None,
                   **(typed if typed and section == f"step-{step.id}" else _step_fields(step))}
                  for step in workshop.steps]
    return render_template(
        "secretariat/prepare.html", workshop=workshop, step_views=step_views, closed=workshop.status == "closed",
        errors={section: error[1]} if error else {}, step_kinds=STEP_KINDS, card_kinds=POSTABLE_KINDS,
        kind_labels=CARD_KINDS, groups=GROUP_ORDER, group_labels=PEER_GROUPS, flag_labels=RULE_FLAG_LABELS,
        moderation_labels=MODERATION_LABELS,
        glossary_text=typed["glossary"] if section == "glossary" else _glossary_text(workshop),
        question_rows=typed["questions"] if section == "evaluation" else _question_rows(workshop),
        question_kinds={"scale": _("Note de 1 à 5"), "text": _("Réponse libre")},
        max_questions=evaluation.MAX_QUESTIONS), status


def _refused(workshop: Workshop, section: str, refusal: ServiceError, typed: Optional[dict] = None):
    """A service may have changed objects before refusing (a step's title, then its duration): none of it stays."""
    db.session.rollback()
    return _render(workshop, error=(section, refusal.message), typed=typed, status=refusal.status)


@bp.get("/")
def page(workshop_id: int):
    return _render(_workshop(workshop_id))


# -- the moderation mode --------------------------------------------------------------------------------

@bp.post("/moderation")
def moderation_mode(workshop_id: int):
    workshop = _workshop(workshop_id)
    try:
        moderation_rules.set_mode(_actor(workshop), workshop, request.form.get("moderation"))
    except ServiceError as refusal:
        return _refused(workshop, "mode", refusal)
    flash(_("Mode de modération enregistré."), "ok")
    return _back(workshop, "mode")


# -- the programme ---------------------------------------------------------------------------------

def _minutes(raw: str) -> Any:
    """An integer when the field holds one; anything else goes to the service as typed, which refuses it."""
    try:
        return int(raw.strip())
    except ValueError:
        return raw


def _rules_from_form() -> dict:
    chosen = request.form.getlist("post_groups")
    every_group = not chosen or set(chosen) == set(GROUP_ORDER)
    return {"post": {"kinds": request.form.getlist("post_kinds"), "groups": None if every_group else chosen},
            "moderation": request.form.get("moderation") or None,
            **{name: request.form.get(name) == "1" for name in FLAGS}}


@bp.post("/steps/<int:step_id>")
def update_step(workshop_id: int, step_id: int):
    workshop = _workshop(workshop_id)
    data = {"id": step_id, "title": request.form.get("title", ""), "prompt": request.form.get("prompt", ""),
            "prompt_easy": request.form.get("prompt_easy", ""),
            "duration_minutes": _minutes(request.form.get("duration_minutes", "")), "rules": _rules_from_form()}
    try:
        steps.update(_actor(workshop), data)
    except ServiceError as refusal:
        if refusal.status == 404:
            abort(404)
        return _refused(workshop, f"step-{step_id}", refusal, _typed_step_fields())
    flash(_("Étape enregistrée."), "ok")
    return _back(workshop, f"step-{step_id}")


@bp.post("/steps")
def add_step(workshop_id: int):
    workshop = _workshop(workshop_id)
    after = request.form.get("after_id", type=int)
    try:
        step = steps.add(_actor(workshop), {"kind": request.form.get("kind"), "after_id": after})
    except ServiceError as refusal:
        return _refused(workshop, "add", refusal)
    flash(_("Étape ajoutée : complétez sa consigne."), "ok")
    return _back(workshop, f"step-{step.id}")


@bp.post("/steps/<int:step_id>/move")
def move_step(workshop_id: int, step_id: int):
    """One place up or down: the whole order goes to the service, as the console sends it."""
    workshop = _workshop(workshop_id)
    order = [step.id for step in workshop.steps]
    if step_id not in order:
        abort(404)
    index = order.index(step_id)
    target = index - 1 if request.form.get("direction") == "up" else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        try:
            steps.reorder(_actor(workshop), {"order": order})
        except ServiceError as refusal:
            return _refused(workshop, f"step-{step_id}", refusal)
    return _back(workshop, f"step-{step_id}")


@bp.post("/steps/<int:step_id>/remove")
def remove_step(workshop_id: int, step_id: int):
    workshop = _workshop(workshop_id)
    try:
        steps.remove(_actor(workshop), {"id": step_id})
    except ServiceError as refusal:
        if refusal.status == 404:
            abort(404)
        return _refused(workshop, f"step-{step_id}", refusal)
    flash(_("Étape retirée."), "ok")
    return _back(workshop, "programme")


# -- the glossary and the questionnaire ------------------------------------------------------------------

def _glossary_entries(text: str) -> list[dict]:
    """One "SIGLE : explication" a line; a line without a colon is refused with its number."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        term, colon, explanation = line.partition(":")
        if not colon:
            raise ServiceError("invalid", _("Ligne %(n)d : écrivez le sigle, deux-points, puis l'explication.",
                                            n=number))
        entries.append({"term": term.strip(), "explanation": explanation.strip()})
    return entries


@bp.post("/glossary")
def save_glossary(workshop_id: int):
    workshop = _workshop(workshop_id)
    text = request.form.get("glossary", "")
    try:
        glossary.update(_actor(workshop), {"entries": _glossary_entries(text)})
    except ServiceError as refusal:
        return _refused(workshop, "glossary", refusal, {"glossary": text})
    flash(_("Glossaire enregistré."), "ok")
    return _back(workshop, "glossary")


@bp.post("/evaluation")
def save_questionnaire(workshop_id: int):
    workshop = _workshop(workshop_id)
    rows = _typed_question_rows()
    filled = [row for row in rows if row["text"].strip() or row["text_easy"].strip()]
    try:
        evaluation.configure(_actor(workshop), {"questions": filled})
    except ServiceError as refusal:
        return _refused(workshop, "evaluation", refusal, {"questions": rows})
    flash(_("Questionnaire enregistré."), "ok")
    return _back(workshop, "evaluation")
