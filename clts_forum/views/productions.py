"""Productions (staff side): the list, one production with its file or link, its status."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..forms import ProductionForm, ProductionStatusForm
from ..models import Production
from ..services import access, productions, working_groups
from ..vocabulary import PRODUCTION_STATUSES
from .staff import attempt, production_for, require

bp = Blueprint("productions", __name__, url_prefix="/organiser/productions")


@bp.before_request
@login_required
def require_account():
    """Every account of the organisation sees its productions (services/access.py)."""


def folder() -> Path:
    """Uploaded files live under the instance folder, never under static/: only these routes serve them."""
    return Path(current_app.config["INSTANCE_DIR"]) / "productions"


def _form(production: Production | None = None) -> ProductionForm:
    form = ProductionForm(obj=production) if production else ProductionForm()
    form.groups.choices = [(g.id, g.name) for g in working_groups.of_organisation(current_user.organisation_id)]
    if production is not None and request.method == "GET":
        form.groups.data = [g.id for g in production.groups]
    return form


def _save(form: ProductionForm, production: Production | None) -> Production:
    """The form's fields, then its file if any: size-limited here (a clear French refusal) and checked by
    its content before anything is written, so a refused file changes nothing."""
    upload = request.files.get("document")
    limit = current_app.config["PRODUCTION_MAX_MB"] * 1024 * 1024
    data = upload.read(limit + 1) if upload is not None and upload.filename else None
    if data is not None:
        productions.check_file(data, limit)
    fields = dict(title=form.title.data, kind=form.kind.data, produced_on=form.produced_on.data,
                  link=form.link.data or "", group_ids=form.groups.data or [])
    production = productions.update(production, **fields) if production else \
        productions.create(current_user, **fields)
    if data is not None:
        productions.attach_file(production, name=upload.filename, data=data, folder=folder(), max_bytes=limit)
    return production


@bp.route("/", methods=["GET", "POST"])
def index():
    form = _form()
    status = 200
    if request.method == "POST":
        require("edit_productions")
        status = 400
        if form.validate_on_submit():
            made = attempt(lambda: _save(form, None), _("Production enregistrée."))
            if made is not None:
                return redirect(url_for("productions.production", production_id=made.id))
    return render_template("productions/index.html", form=form,
                           productions=productions.of_organisation(current_user.organisation_id),
                           statuses=PRODUCTION_STATUSES, may_edit=access.may(current_user, "edit_productions")), \
        status


@bp.route("/<int:production_id>", methods=["GET", "POST"])
def production(production_id: int):
    found = production_for(production_id)
    form = _form(found)
    status = 200
    if request.method == "POST":
        require("edit_productions")
        status = 400
        if form.validate_on_submit() and attempt(lambda: _save(form, found), _("Production enregistrée.")):
            return redirect(url_for("productions.production", production_id=found.id))
    return render_template("productions/production.html", production=found, form=form,
                           status_form=ProductionStatusForm(formdata=None), statuses=PRODUCTION_STATUSES,
                           next_status=productions.NEXT_STATUS.get(found.status),
                           may_edit=access.may(current_user, "edit_productions"),
                           may_validate=access.may(current_user, "validate_productions")), status


@bp.post("/<int:production_id>/status")
def advance(production_id: int):
    """en cours → validée par le comité technique (date) → diffusée (date)."""
    found = production_for(production_id, "validate_productions")
    form = ProductionStatusForm()
    attempt(lambda: productions.advance(found, to=request.form.get("to"), on=form.on.data if form.validate_on_submit()
                                        else None), _("Statut enregistré."))
    return redirect(url_for("productions.production", production_id=found.id))


@bp.get("/<int:production_id>/file")
def download(production_id: int):
    """The uploaded file, to accounts of the organisation only, always as a download (never shown inline)."""
    found = production_for(production_id)
    path = productions.file_path(found, folder())
    if path is None:
        abort(404)
    return send_file(path, mimetype=productions.FILE_TYPES[found.file_type], as_attachment=True,
                     download_name=found.file_name, max_age=0)
