"""The organiser's side: workshops, their role links, and (later) exports."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..actors import BOARD, FACILITATOR, REFERENT
from ..extensions import db
from ..forms import WorkshopForm
from ..models import Workshop
from ..services import ServiceError, workshops
from ..vocabulary import GROUP_ORDER, PEER_GROUPS

bp = Blueprint("secretariat", __name__, url_prefix="/organiser")


@bp.before_request
@login_required
def require_organiser():
    """Every page of this blueprint is for logged-in organisers only."""


@bp.get("/")
def dashboard():
    rows = db.session.scalars(db.select(Workshop).order_by(Workshop.date.desc(), Workshop.id.desc())).all()
    return render_template("secretariat/dashboard.html", workshops=rows)


@bp.route("/workshops/new", methods=["GET", "POST"])
def new_workshop():
    form = WorkshopForm()
    if form.validate_on_submit():
        try:
            workshop = workshops.create_workshop(
                title=form.title.data, theme=form.theme.data or "", when=form.date.data,
                place=form.place.data or "", organiser_name=form.organiser_name.data or "",
                moderation=form.moderation.data, template=form.template.data, created_by=current_user)
        except ServiceError as refusal:
            form.title.errors = [refusal.message]
        else:
            return redirect(url_for("secretariat.workshop", workshop_id=workshop.id))
    status = 400 if request.method == "POST" else 200
    return render_template("secretariat/new_workshop.html", form=form), status


def role_urls(workshop: Workshop) -> dict:
    """Absolute URLs of a workshop's entry points, as printed by `flask demo` and shown to organisers."""
    base = current_app.config["PUBLIC_URL"]

    def url(endpoint: str, **values) -> str:
        return base + url_for(endpoint, **values)

    return {
        "join": url("participant.join", code=workshop.join_code),
        "facilitator": url("facilitator.console", token=workshops.active_link(workshop, FACILITATOR).token),
        "board": url("board.board", token=workshops.active_link(workshop, BOARD).token),
        "referents": {g: url("facilitator.referent", token=workshops.active_link(workshop, REFERENT, g).token)
                      for g in GROUP_ORDER},
    }


def team_links(workshop: Workshop) -> list[dict]:
    """The secret links of the team, each with what the organiser needs to replace it."""
    base = current_app.config["PUBLIC_URL"]
    links = [(_("Console d'animation"), "facilitator.console", workshops.active_link(workshop, FACILITATOR)),
             (_("Écran projeté"), "board.board", workshops.active_link(workshop, BOARD))]
    links += [(_("Référent·e — %(group)s", group=PEER_GROUPS[g]), "facilitator.referent",
               workshops.active_link(workshop, REFERENT, g)) for g in GROUP_ORDER]
    return [{"label": label, "id": link.id, "url": base + url_for(endpoint, token=link.token)}
            for label, endpoint, link in links]


@bp.get("/workshops/<int:workshop_id>")
def workshop(workshop_id: int):
    found = db.session.get(Workshop, workshop_id) or abort(404)
    return render_template("secretariat/workshop.html", workshop=found, urls=role_urls(found),
                           team_links=team_links(found))


@bp.post("/workshops/<int:workshop_id>/links/<int:link_id>/replace")
def replace_link(workshop_id: int, link_id: int):
    """Revoke a team link (lost, shared too widely) and issue a new one; its holders are disconnected."""
    found = db.session.get(Workshop, workshop_id) or abort(404)
    try:
        workshops.replace_link(found, link_id)
    except ServiceError as refusal:
        abort(refusal.status)
    flash(_("Le lien a été remplacé. L'ancien ne fonctionne plus : transmettez le nouveau."))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#team-links")
