"""The admin's pages: the organisation's accounts (invitation links, roles, disabling) and its settings."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..forms import InviteForm, SettingsForm
from ..services import ServiceError, invitations, organisations, organisers
from ..vocabulary import ACCOUNT_ROLES
from .staff import allowed, attempt, require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_admin():
    require("accounts")


def _account(account_id: int):
    return allowed(lambda: organisers.in_organisation(current_user.organisation_id, account_id))


def _accounts_page(form: InviteForm, link: str | None = None, invited=None, status: int = 200):
    accounts = organisers.of_organisation(current_user.organisation_id)
    return render_template("admin/accounts.html", form=form, accounts=accounts, link=link, invited=invited,
                           pending={a.id for a in accounts if invitations.pending(a)}, roles=ACCOUNT_ROLES), status


def _link(token: str) -> str:
    return current_app.config["PUBLIC_URL"] + url_for("auth.invitation", token=token)


@bp.get("/")
def accounts():
    return _accounts_page(InviteForm())


@bp.post("/accounts")
def invite():
    """Add an account: the page shows its one-time link once, to hand over (no e-mail is sent)."""
    form = InviteForm()
    if not form.validate_on_submit():
        return _accounts_page(form, status=400)
    try:
        account = organisers.create_invited(name=form.name.data, email=form.email.data, role=form.role.data,
                                            organisation=current_user.organisation)
    except ServiceError as refusal:
        form.email.errors = [refusal.message]
        return _accounts_page(form, status=refusal.status)
    token = invitations.issue(account, by=current_user, days=current_app.config["INVITATION_DAYS"])
    return _accounts_page(InviteForm(formdata=None), link=_link(token), invited=account)


@bp.post("/accounts/<int:account_id>/invitation")
def new_link(account_id: int):
    """A new one-time link for an account (a forgotten password); earlier links stop working."""
    account = _account(account_id)
    token = invitations.issue(account, by=current_user, days=current_app.config["INVITATION_DAYS"])
    return _accounts_page(InviteForm(formdata=None), link=_link(token), invited=account)


@bp.post("/accounts/<int:account_id>/disable")
def disable(account_id: int):
    account = _account(account_id)
    attempt(lambda: organisers.disable(current_user, account),
            _("Le compte de %(name)s est désactivé : ses connexions sont fermées.", name=account.name))
    return redirect(url_for("admin.accounts"))


@bp.post("/accounts/<int:account_id>/enable")
def enable(account_id: int):
    account = _account(account_id)
    attempt(lambda: organisers.enable(account), _("Le compte de %(name)s est réactivé.", name=account.name))
    return redirect(url_for("admin.accounts"))


@bp.post("/accounts/<int:account_id>/role")
def change_role(account_id: int):
    account = _account(account_id)
    attempt(lambda: organisers.change_role(current_user, account, request.form.get("role")), _("Rôle changé."))
    return redirect(url_for("admin.accounts"))


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    organisation = current_user.organisation
    form = SettingsForm(obj=organisation, **(organisation.settings or {})) if request.method == "GET" \
        else SettingsForm()
    if form.validate_on_submit():
        try:
            organisations.update(organisation, name=form.name.data, zone=form.time_zone.data,
                                 language=form.language.data,
                                 settings={name: getattr(form, name).data for name in organisations.SETTING_FIELDS})
        except ServiceError as refusal:
            form.time_zone.errors = [refusal.message]
        else:
            flash(_("Paramètres enregistrés."), "ok")
            return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form), 400 if request.method == "POST" else 200
