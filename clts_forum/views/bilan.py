"""The bilan (secretariat and admins): a mandate or any period, on the page and as PDF, DOCX, CSV, XLSX;
and the mandates it is made for."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..exports import bilan as bilan_export
from ..forms import MandateForm
from ..services import ServiceError, access, bilan, mandates
from ..services.statistics import Period
from .staff import allowed, offloaded, require

bp = Blueprint("bilan", __name__, url_prefix="/organiser")


@bp.before_request
@login_required
def require_account():
    """Logged-in accounts only; each route says which role may (services/access.py)."""


def _scope() -> bilan.Scope:
    """?mandate=<id>, else ?from=…&to=…, else the current mandate, else the current calendar year."""
    organisation_id = current_user.organisation_id
    mandate_id = request.args.get("mandate", type=int)
    if mandate_id:
        return bilan.Scope.of_mandate(allowed(lambda: mandates.in_organisation(organisation_id, mandate_id)))
    today = date.today()
    if not request.args.get("from") and not request.args.get("to"):
        current = mandates.current(organisation_id, today)
        if current is not None:
            return bilan.Scope.of_mandate(current)
    return bilan.Scope(Period.parse(request.args.get("from"), request.args.get("to"), today))


def _data() -> dict:
    require("bilan")
    return bilan.build(current_user.organisation, _scope())


def _query(data: dict) -> dict:
    if data["mandate"] is not None:
        return {"mandate": data["mandate"].id}
    return {"from": data["period"].start.isoformat(), "to": data["period"].end.isoformat()}


def _file_name(data: dict, suffix: str) -> str:
    if data["mandate"] is not None:
        return f"bilan-mandat-{data['mandate'].number}.{suffix}"
    return f"bilan-{data['period'].start.isoformat()}-{data['period'].end.isoformat()}.{suffix}"


@bp.get("/bilan")
def page():
    data = _data()
    return render_template("bilan/bilan.html", data=data, blocks=list(bilan_export.blocks(data)), query=_query(data),
                           mandates=mandates.of_organisation(current_user.organisation_id))


MIMETYPES = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@bp.get("/bilan.pdf", defaults={"suffix": "pdf"})
@bp.get("/bilan.docx", defaults={"suffix": "docx"})
@bp.get("/bilan.csv", defaults={"suffix": "csv"})
@bp.get("/bilan.xlsx", defaults={"suffix": "xlsx"})
def download(suffix: str):
    """The bilan as a file, rendered in the export processes so that a long bilan never holds the worker."""
    data = _data()
    mandate = data["mandate"]
    body = offloaded("bilan", fmt=suffix, organisation_id=current_user.organisation_id,
                     mandate_id=mandate.id if mandate is not None else None,
                     start=data["period"].start.isoformat(), end=data["period"].end.isoformat())
    # content_type, not mimetype: Flask would add a second "; charset=utf-8" to a text type
    response = Response(body, content_type=MIMETYPES[suffix])
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(data, suffix)}"'
    return response


@bp.route("/mandates", methods=["GET", "POST"])
def mandates_page():
    """The organisation's mandates: everyone sees them; the secretariat and admins add or change them."""
    form = MandateForm()
    if request.method == "POST":
        require("manage_mandates")
        if form.validate_on_submit():
            try:
                mandates.save(current_user, number=form.number.data, starts_on=form.starts_on.data,
                              ends_on=form.ends_on.data)
            except ServiceError as refusal:
                form.number.errors = [refusal.message]
            else:
                flash(_("Mandat enregistré."), "ok")
                return redirect(url_for("bilan.mandates_page"))
    return render_template("bilan/mandates.html", form=form,
                           mandates=mandates.of_organisation(current_user.organisation_id),
                           may_manage=access.may(current_user, "manage_mandates")), \
        400 if request.method == "POST" else 200
