"""The bilan (secretariat and admins): a mandate or any period, on the page and as PDF, DOCX, CSV, XLSX;
and the mandates it is made for."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..exports import bilan as bilan_export
from ..exports import document, pdf
from ..forms import MandateForm
from ..services import ServiceError, access, bilan, mandates
from ..services.statistics import Period
from .staff import allowed, require

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


def _download(data: dict, body: bytes, suffix: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(data, suffix)}"'
    return response


@bp.get("/bilan")
def page():
    data = _data()
    return render_template("bilan/bilan.html", data=data, blocks=list(bilan_export.blocks(data)), query=_query(data),
                           mandates=mandates.of_organisation(current_user.organisation_id))


@bp.get("/bilan.pdf")
def as_pdf():
    data = _data()
    return _download(data, pdf.render_blocks(bilan_export.title(data), bilan_export.blocks(data)), "pdf",
                     "application/pdf")


@bp.get("/bilan.docx")
def as_docx():
    data = _data()
    return _download(data, document.render_blocks(bilan_export.blocks(data), bilan_export.document_info(data)), "docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@bp.get("/bilan.csv")
def as_csv():
    data = _data()
    return _download(data, bilan_export.csv(data), "csv", "text/csv")


@bp.get("/bilan.xlsx")
def as_xlsx():
    data = _data()
    return _download(data, bilan_export.xlsx(data), "xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


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
