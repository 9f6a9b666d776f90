"""Blueprints per audience, plus what every page shares: security headers, errors, static URLs."""
from __future__ import annotations

import hashlib
import secrets
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, make_response, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..extensions import db, login
from ..services import organisers
from ..vocabulary import ACCOUNT_ROLES, EVENT_KINDS

ONE_YEAR = 365 * 24 * 3600
# A random, content-free cookie the reverse proxy hashes on to keep a browser on one worker
# (deploy/nginx.conf). Unlike ip_hash it still spreads a room that shares one address.
ROUTE_COOKIE = "clts_route"


@lru_cache(maxsize=256)
def _file_digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """A cache-busting URL: the file's content hash in the query, so it can be cached for a year."""
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_file_digest(str(path), path.stat().st_mtime))


def content_security_policy() -> str:
    frame_ancestors = current_app.config.get("BOARD_FRAME_ANCESTORS") if request.blueprint == "board" else None
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors or chr(39) + 'none' + chr(39)}",
    ])


def _finish_response(response):
    """Security headers, caching, and the cookies every page may set."""
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Role links carry secrets in their path: never send them to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    if request.blueprint != "board" or not current_app.config.get("BOARD_FRAME_ANCESTORS"):
        response.headers["X-Frame-Options"] = "DENY"
    if request.endpoint == "static" and request.args.get("v"):
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    elif request.endpoint != "static":
        response.cache_control.no_store = True
    if ROUTE_COOKIE not in request.cookies and request.endpoint != "static":
        response.set_cookie(ROUTE_COOKIE, secrets.token_hex(8), max_age=30 * 86400, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    if request.args.get("lang") in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", request.args["lang"], max_age=ONE_YEAR, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def error_page(status: int, title: str, message: str):
    return make_response(render_template("error.html", title=title, message=message), status)


def register_views(app: Flask) -> None:
    from . import admin, auth, bilan, board, facilitator, groups, member, participant, productions, secretariat

    for blueprint in (participant.bp, board.bp, facilitator.bp, secretariat.bp, auth.bp, admin.bp, groups.bp,
                      productions.bp, bilan.bp, member.bp):
        app.register_blueprint(blueprint)

    app.after_request(_finish_response)
    app.jinja_env.globals.update(static_url=static_url, current_locale=lambda: str(get_locale()),
                                 role_label=lambda role: str(ACCOUNT_ROLES.get(role, role)),
                                 kind_label=lambda kind: str(EVENT_KINDS.get(kind, kind)),
                                 today_iso=lambda: date.today().isoformat())

    @login.user_loader
    def load_organiser(user_id: str):
        """The account only while its log-in is open on the server (logged out, disabled: nothing)."""
        return organisers.signed_in(user_id, session.get(auth.ACCOUNT_SESSION))

    login.login_view = "auth.login"
    login.login_message = None

    app.register_error_handler(404, lambda e: error_page(
        404, _("Page introuvable"), _("Ce lien ne mène nulle part. Vérifiez le code ou demandez un nouveau lien.")))
    app.register_error_handler(400, lambda e: error_page(
        400, _("Demande invalide"), _("La page a expiré ou la demande est incomplète. Rechargez et réessayez.")))
    app.register_error_handler(429, lambda e: error_page(
        429, _("Trop d'essais"), _("Trop de tentatives en peu de temps. Patientez une minute.")))
    app.register_error_handler(500, lambda e: error_page(
        500, _("Erreur"), _("Une erreur est survenue de notre côté. Réessayez dans un instant.")))

    @app.get("/healthz")
    def healthz():
        db.session.execute(db.text("SELECT 1"))
        return {"ok": True}
