"""Organiser accounts: first-run set-up, log in, log out."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..forms import LoginForm, SetupForm
from ..services import ServiceError, organisers

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: a crafted ?next= must not send an organiser elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("secretariat.dashboard")


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
            login_user(organiser)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [_("Adresse ou mot de passe incorrect.")]
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/setup", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def setup():
    """The first organiser account; once one exists, accounts are created by organisers."""
    if organisers.any_exists():
        return redirect(url_for("auth.login"))
    form = SetupForm()
    if form.validate_on_submit():
        try:
            organiser = organisers.create(name=form.name.data, email=form.email.data, password=form.password.data)
        except ServiceError as refusal:
            form.email.errors = [refusal.message]
        else:
            login_user(organiser)
            return redirect(url_for("secretariat.dashboard"))
    return render_template("auth/setup.html", form=form), 400 if request.method == "POST" else 200


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("participant.home"))

