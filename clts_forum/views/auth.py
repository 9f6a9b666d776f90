"""Accounts: first-run set-up, log in and out, invitation links, the account's own password."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..forms import ChangePasswordForm, LoginForm, PasswordForm, SetupForm
from ..models import Organiser
from ..services import ServiceError, invitations, organisations, organisers

bp = Blueprint("auth", __name__)

# The session cookie holds this key: the token of the log-in's row on the server (services/organisers.py).
ACCOUNT_SESSION = "account_session"
# What a browser drops from a URL (WHATWG URL parsing): "/\t/evil" would be followed as "//evil".
_DROPPED_BY_BROWSERS = re.compile(r"[\t\n\r]")


def safe_next(target: object) -> str:
    """Only same-site paths: a crafted ?next= must not send a person elsewhere.

    Normalised as a browser would read it first, then refused if it names a scheme or a host, or holds
    a backslash, a control character or a space.
    """
    default = url_for("secretariat.dashboard")
    if not isinstance(target, str):
        return default
    path = _DROPPED_BY_BROWSERS.sub("", target).strip()
    if (not path.startswith("/") or path.startswith("//") or "\\" in path
            or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in path)):
        return default
    parts = urlsplit(path)
    return path if not parts.scheme and not parts.netloc else default


def sign_in(account: Organiser) -> None:
    """Log in and open the log-in's row on the server; the cookie alone is not enough afterwards."""
    login_user(account)
    session[ACCOUNT_SESSION] = organisers.start_session(account)


def current_session_token() -> str | None:
    return session.get(ACCOUNT_SESSION)


def _address_and_account() -> str:
    """Throttle key for log-in attempts: one account guessed from one address."""
    return f"{get_remote_address()}|{(request.form.get('email') or '').strip().lower()[:254]}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=_address_and_account)
@limiter.limit("30 per minute", methods=["POST"])  # one address trying many accounts
def login():
    if not organisers.any_exists():
        return redirect(url_for("auth.setup"))
    form = LoginForm()
    if form.validate_on_submit():
        organiser = organisers.authenticate(form.email.data, form.password.data)
        if organiser is not None:
            sign_in(organiser)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors = [_("Adresse ou mot de passe incorrect.")]
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/setup", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def setup():
    """The first account, admin of the first organisation; then accounts are added by invitation."""
    if organisers.any_exists():
        return redirect(url_for("auth.login"))
    form = SetupForm()
    if form.validate_on_submit():
        try:
            organisers.check_password_rule(form.password.data)
            organisation = organisations.for_first_account(form.organisation.data)
            organiser = organisers.create(name=form.name.data, email=form.email.data, password=form.password.data,
                                          organisation=organisation, role=organisers.ADMIN)
        except ServiceError as refusal:
            form.email.errors = [refusal.message]
        else:
            sign_in(organiser)
            return redirect(url_for("secretariat.dashboard"))
    return render_template("auth/setup.html", form=form), 400 if request.method == "POST" else 200


@bp.post("/logout")
@login_required
def logout():
    organisers.end_session(current_session_token())
    logout_user()
    session.pop(ACCOUNT_SESSION, None)
    return redirect(url_for("participant.home"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def invitation(token: str):
    """A one-time link sets the account's password; then the person is logged in."""
    found = invitations.valid(token)
    if found is None:
        abort(404)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            account = invitations.accept(token, form.password.data)
        except ServiceError as refusal:
            form.password.errors = [refusal.message]
        else:
            if current_user.is_authenticated:
                organisers.end_session(current_session_token())
                logout_user()
            sign_in(account)
            flash(_("Bienvenue ! Votre mot de passe est enregistré."), "ok")
            return redirect(url_for("secretariat.dashboard"))
    return render_template("auth/invitation.html", form=form, account=found.account), \
        400 if request.method == "POST" else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The account's own password: changing it ends every other log-in of the account."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            organisers.change_password(current_user, current=form.current.data, new=form.password.data,
                                       keep_token=current_session_token())
        except ServiceError as refusal:
            form.current.errors = [refusal.message]
        else:
            flash(_("Mot de passe changé. Vos autres connexions sont fermées."), "ok")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form), 400 if request.method == "POST" else 200
