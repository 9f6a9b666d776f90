"""The participant's phone: find a workshop by code, join it, then the live page."""
from __future__ import annotations

import io

import segno
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..exports import offload, sections
from ..extensions import limiter
from ..forms import CodeForm, JoinForm
from ..services import ServiceError, moderation_rules, participants, privacy, recap, workshops
from ..vocabulary import GROUP_SHORT
from . import error_page
from .pages import reader_config, render_live_page

bp = Blueprint("participant", __name__)

# Only wrong codes count against an address: a whole room often shares one.
guessing_limit = limiter.limit("30 per minute", deduct_when=lambda response: response.status_code == 404)


def _session_key(workshop_id: int) -> str:
    return f"participant:{workshop_id}"


def remember_participant(workshop, participant) -> None:
    """This phone is now `participant` of `workshop` (the live page opens with its token)."""
    session.permanent = True
    session[_session_key(workshop.id)] = participant.token


def _workshop_or_404(code: str):
    workshop = workshops.by_code(code)
    if workshop is None:
        abort(404)
    return workshop


@bp.get("/")
def home():
    return render_template("participant/home.html", form=CodeForm())


@bp.post("/j")
@guessing_limit
def find_by_code():
    form = CodeForm()
    workshop = workshops.by_code(form.code.data or "") if form.validate_on_submit() else None
    if workshop is None:
        form.code.errors = [_("Aucun atelier ne porte ce code. Vérifiez les lettres et les chiffres.")]
        return render_template("participant/home.html", form=form), 404
    return redirect(url_for("participant.join", code=workshop.join_code))


@bp.route("/j/<code>", methods=["GET", "POST"])
@guessing_limit
def join(code: str):
    workshop = _workshop_or_404(code)
    if workshop.join_code != code:
        return redirect(url_for("participant.join", code=workshop.join_code))
    participant = participants.by_token(session.get(_session_key(workshop.id)))
    if participant is not None:
        return render_live_page("participant/phone.html", token=participant.token, role="participant",
                                storage_key=f"{workshop.id}:{participant.id}", workshop=workshop,
                                participant=participant)
    form = JoinForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                participant = participants.join(workshop, pseudonym=form.pseudonym.data,
                                                 category=form.category.data,
                                                 followed_here=form.followed_here.data)
            except ServiceError as refusal:
                form.pseudonym.errors = [refusal.message]
                status = 409 if refusal.code == "pseudonym_taken" else 400
            else:
                remember_participant(workshop, participant)
                return redirect(url_for("participant.join", code=workshop.join_code))
        else:
            status = 400
    from .member import known_member

    return render_template("participant/join.html", form=form, workshop=workshop, page=reader_config(),
                           member=known_member(workshop.working_group_id),
                           rules=moderation_rules.for_workshop(workshop)), status


@bp.get("/j/<code>/moderation")
def moderation(code: str):
    """How contributions are moderated: public, before joining and from the phone's menu."""
    workshop = _workshop_or_404(code)
    return render_template("participant/moderation.html", workshop=workshop,
                           rules=moderation_rules.for_workshop(workshop))


@bp.post("/j/<code>/leave")
def leave(code: str):
    """Forget this phone's identity (a shared phone, or a wrong category): join again afresh."""
    workshop = _workshop_or_404(code)
    session.pop(_session_key(workshop.id), None)
    return redirect(url_for("participant.join", code=workshop.join_code))


@bp.get("/j/<code>/qr.svg")
def qr_code(code: str):
    workshop = _workshop_or_404(code)
    target = f"{current_app.config['PUBLIC_URL']}{url_for('participant.join', code=workshop.join_code)}"
    buffer = io.BytesIO()
    segno.make(target, error="m").save(buffer, kind="svg", scale=10, border=2, dark="#000", light="#fff",
                                       xmldecl=False, svgns=True, title=_("Rejoindre l'atelier"))
    return buffer.getvalue(), 200, {"Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=3600"}


@bp.get("/j/<code>/confidentialite")
def privacy_notice(code: str):
    """Who holds what about a participant, why, for how long, and their rights (RGPD art. 13)."""
    workshop = _workshop_or_404(code)
    return render_template("participant/privacy.html", workshop=workshop, facts=privacy.facts(workshop))


@bp.get("/j/<code>/compte-rendu")
def recap_page(code: str):
    """The recap on a phone of the workshop, with its own token, until the identities are purged."""
    workshop = _workshop_or_404(code)
    if workshop.identities_purged_at is not None:
        return error_page(410, _("Compte rendu"), _("Ce compte rendu ne s'ouvre plus depuis le téléphone : les noms "
                                                    "de l'atelier ont été effacés. Demandez son lien public à "
                                                    "l'équipe d'animation."))
    if participants.by_token(session.get(_session_key(workshop.id))) is None:
        abort(404)
    return _recap(workshop, named=True)


@bp.get("/compte-rendu/<token>")
def public_recap(token: str):
    """The public recap link: the same report, naming nobody (no pseudonym, even with consent)."""
    workshop = recap.by_public_token(token)
    if workshop is None:
        abort(404)
    response = _recap(workshop, named=False)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _recap(workshop, *, named: bool):
    if not recap.available(workshop):
        body = render_template("participant/recap.html", workshop=workshop, report=None,
                               expected=recap.expected(workshop), named=named)
    else:
        try:
            data = offload.pool(current_app).run("report", locale=str(get_locale()), workshop_id=workshop.id,
                                                 named=named)
        except ServiceError as refusal:
            abort(refusal.status)
        body = render_template("participant/recap.html", workshop=workshop, report=data,
                               blocks=list(sections.blocks(data)), group_short=GROUP_SHORT, named=named)
    response = current_app.make_response(body)
    response.headers["Cache-Control"] = "no-store"
    return response
