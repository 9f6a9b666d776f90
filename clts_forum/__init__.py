"""clts_forum: live deliberation for "croisement des savoirs et des pratiques" days."""
from __future__ import annotations

import atexit
import sqlite3
import warnings
from pathlib import Path
from typing import Optional

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import config as settings
from .extensions import babel, compress, csrf, db, limiter, login, migrate, socketio
from .actors import Standing
from .push_manager import client_manager
from .services import running

ROOT = Path(__file__).resolve().parent.parent

# eventlet is the named server (DESIGN.md §6); the notice it prints on import is known and noise.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

# Socket.IO messages are small JSON objects; a large frame is an attack, not a card.
MAX_SOCKET_MESSAGE = 16 * 1024


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets the board read while phones write; the busy timeout absorbs short write bursts."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def select_locale() -> str:
    languages = ["fr", "en"]
    if not has_request_context():  # CLI and background tasks speak the default language
        return "fr"
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "fr"


def create_app(config: Optional[dict] = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.from_mapping(settings.from_environment())
    if config:
        app.config.update(config)
    Path(app.config["INSTANCE_DIR"]).mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=str(ROOT / "translations"))
    csrf.init_app(app)
    compress.init_app(app)
    login.init_app(app)
    limiter.init_app(app)
    running_steps = app.extensions["clts_running"] = running.Cache()
    standing = app.extensions["clts_standing"] = Standing()
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        client_manager=client_manager(app.config["REDIS_URL"], app.config["SOCKETIO_CHANNEL"],
                                      observers=(running_steps.forget_for_push, standing.forget_for_push),
                                      batch_window=app.config["PUSH_BATCH_MS"] / 1000),
        cors_allowed_origins=app.config["SOCKETIO_ALLOWED_ORIGINS"],
        max_http_buffer_size=MAX_SOCKET_MESSAGE,
        manage_session=False,
    )

    from .realtime import LiveNamespace
    from .services.ratelimit import LiveRateLimiter
    from .services.throttle import Coalescer
    namespace = LiveNamespace("/", LiveRateLimiter.from_config(app))
    socketio.on_namespace(namespace)
    app.extensions["clts_drain"] = namespace.drain
    app.extensions["clts_coalescer"] = Coalescer(app)

    from .exports.offload import ExportPool
    from .localtime import zone_named
    zone_named(app.config["TIME_ZONE"])  # a wrong zone stops the start, not the first export
    app.extensions["clts_exports"] = ExportPool(app)
    atexit.register(app.extensions["clts_exports"].stop)

    from .views import register_views
    register_views(app)

    from .cli import register_cli
    register_cli(app)
    return app
