"""Blueprints per audience, plus what every page shares: security headers, errors, static URLs."""
from __future__ import annotations

import hashlib
import secrets
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import Flask, abort, current_app, g, make_response, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from .. import localtime
from ..extensions import db, login
from ..services import organisers
from ..services.validation import MAX_ROW_ID
from ..vocabulary import ACCOUNT_ROLES, EVENT_KINDS
from .modules import module_version, serve_modules

ONE_YEAR = 365 * 24 * 3600
# A random, content-free cookie the reverse proxy hashes on to keep a browser on one worker
# (deploy/nginx.conf). Unlike ip_hash it still spreads a room that shares one address.
ROUTE_COOKIE = "clts_route"


class RowIdConverter(IntegerConverter):
    """`<int:…>` in every route: a positive id the database can hold; any other number is a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


def body_limit(max_bytes: int):
    """Let one view accept a request body up to `max_bytes` (others: MAX_CONTENT_LENGTH)."""

    def decorate(view):
        view.max_body_bytes = max_bytes
        return view

    return decorate


def _bound_request_body():
    """Refuse an oversized body before anything reads it (CSRF checks included).

    The limit is the view's (`body_limit`) or MAX_CONTENT_LENGTH; a declared length above it is
    refused at once. A body without a declared length (chunked) is refused too: browsers always
    declare it, and eventlet would otherwise read an endless one to its end.
    """
    view = current_app.view_functions.get(request.endpoint)
    limit = getattr(view, "max_body_bytes", None)
    if limit is not None:
        request.max_content_length = limit
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)
    if request.content_length is None and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        abort(411)


def _close_connection() -> None:
    """Answer, then close the connection instead of reading a refused body to its end.

    eventlet otherwise reads and discards the rest of the body to reuse the connection: a 1 GiB
    upload would still be received in full (clts_forum/server.py hands us its protocol object).
    """
    protocol = request.environ.get("clts.protocol")
    if protocol is not None:
        protocol.close_connection = 1


@lru_cache(maxsize=256)
def _file_digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """A cache-busting URL: the file's content hash in the query, so it can be cached for a year
    (a script's hash covers the modules it imports: views/modules.py)."""
    path = Path(current_app.static_folder) / filename
    if filename.endswith(".js"):
        return url_for("static", filename=filename, v=module_version(path))
    return url_for("static", filename=filename, v=_file_digest(str(path), path.stat().st_mtime))


def permissions_policy() -> str:
    """Powerful features off everywhere; the microphone only on the phone, where dictation is."""
    microphone = "(self)" if g.get("dictation") else "()"
    return ", ".join([f"microphone={microphone}", "camera=()", "geolocation=()", "payment=()", "usb=()",
                      "display-capture=()"])


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
    response.headers["Permissions-Policy"] = permissions_policy()
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Role links carry secrets in their path: never send them to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    if request.blueprint != "board" or not current_app.config.get("BOARD_FRAME_ANCESTORS"):
        response.headers["X-Frame-Options"] = "DENY"
    if request.endpoint == "static" and request.args.get("v"):
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    elif request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.cache_control.no_store = True
    if ROUTE_COOKIE not in request.cookies and request.endpoint != "static":
        response.set_cookie(ROUTE_COOKIE, secrets.token_hex(8), max_age=30 * 86400, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    if request.args.get("lang") in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", request.args["lang"], max_age=ONE_YEAR, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def human_size(size: int) -> str:
    """A size as people say it: "50 Mo", "1 Mo", "512 ko"."""
    if size >= 1024 * 1024:
        return _("%(n)s Mo", n=f"{size / (1024 * 1024):.0f}")
    return _("%(n)s ko", n=f"{max(size, 1024) // 1024}")


def error_page(status: int, title: str, message: str):
    return make_response(render_template("error.html", title=title, message=message), status)


def register_views(app: Flask) -> None:
    from . import (admin, auth, bilan, board, facilitator, groups, member, participant, prepare, productions,
                   public, secretariat)

    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    serve_modules(app)
    for blueprint in (participant.bp, board.bp, facilitator.bp, secretariat.bp, auth.bp, admin.bp, groups.bp,
                      productions.bp, bilan.bp, member.bp, prepare.bp, public.bp):
        app.register_blueprint(blueprint)

    # First of all before_request functions: CSRFProtect's reads the form, hence the body.
    app.before_request_funcs.setdefault(None, []).insert(0, _bound_request_body)
    app.after_request(_finish_response)
    app.jinja_env.globals.update(static_url=static_url, current_locale=lambda: str(get_locale()),
                                 role_label=lambda role: str(ACCOUNT_ROLES.get(role, role)),
                                 kind_label=lambda kind: str(EVENT_KINDS.get(kind, kind)),
                                 today_iso=lambda: date.today().isoformat(),
                                 local_time=localtime.when, local_day=localtime.day,
                                 zone_label=localtime.zone_label)

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
    def too_large(_error):
        _close_connection()
        limit = request.max_content_length or 0
        return error_page(413, _("Fichier ou envoi trop gros"),
                          _("Ce que vous envoyez dépasse la taille permise (%(size)s). Rien n'a été enregistré.",
                            size=human_size(limit)))

    def length_required(_error):
        _close_connection()
        return error_page(411, _("Demande invalide"), _("La demande est incomplète. Rechargez et réessayez."))

    app.register_error_handler(413, too_large)
    app.register_error_handler(411, length_required)
    app.register_error_handler(429, lambda e: error_page(
        429, _("Trop d'essais"), _("Trop de tentatives en peu de temps. Patientez une minute.")))
    app.register_error_handler(503, lambda e: error_page(
        503, _("Service occupé"), _("Le serveur est occupé. Réessayez dans un instant.")))
    app.register_error_handler(500, lambda e: error_page(
        500, _("Erreur"), _("Une erreur est survenue de notre côté. Réessayez dans un instant.")))

    @app.get("/healthz")
    def healthz():
        db.session.execute(db.text("SELECT 1"))
        return {"ok": True}
