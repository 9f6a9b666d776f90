"""Settings read from the environment, with defaults that run safely on one machine."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"

DEV_SECRET_FILE = "dev-secret-key"
MAX_FORM_BYTES = 1024 * 1024
# The largest JSON archive the import takes; deploy/nginx.conf's client_max_body_size is just above it.
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024


def _dev_secret_key(instance_dir: Path) -> str:
    """A random key kept under instance/ so sessions survive a restart in development."""
    instance_dir.mkdir(parents=True, exist_ok=True)
    path = instance_dir / DEV_SECRET_FILE
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def database_uri(url: str | None, instance_dir: Path) -> str:
    if not url:
        return f"sqlite:///{instance_dir / 'clts_forum.sqlite3'}"
    # Heroku-style URLs name the dialect "postgres"; SQLAlchemy wants psycopg2 (green under eventlet).
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url[len("postgresql://"):]
    return url


def engine_options(url: str | None, pool_size: str | None) -> dict:
    """A server database keeps a pool as large as the events a worker handles at once, and pings a
    pooled connection before use (the server may have closed it).

    SQLAlchemy's default (5 + 10 overflow) makes a busy eventlet worker open and close PostgreSQL
    connections under load (bench/: connects and pings showed in the profile). A SQLite file needs
    neither: nothing closes its connections, and a ping per socket event cost a statement each.
    """
    if not url or url.startswith("sqlite"):
        return {}
    return {"pool_pre_ping": True, "pool_size": int(pool_size or 20), "max_overflow": 20}


def public_origins(public_url: str, extra: str | None) -> list[str]:
    """Origins allowed to open a Socket.IO connection: the public URL and any configured extras."""
    origins = [public_url.rstrip("/")]
    if "://127.0.0.1:" in public_url:
        origins.append(public_url.replace("://127.0.0.1:", "://localhost:").rstrip("/"))
    origins += [o.strip().rstrip("/") for o in (extra or "").split(",") if o.strip()]
    return list(dict.fromkeys(origins))


def from_environment(env: os._Environ | dict | None = None) -> dict:
    env = os.environ if env is None else env
    instance_dir = Path(env.get("INSTANCE_PATH") or INSTANCE_DIR)
    # Anything but an explicit development set-up (the default) needs its own SECRET_KEY.
    production = env.get("CLTS_ENV", "development") != "development"
    host = env.get("HOST", "127.0.0.1")
    port = int(env.get("PORT", "5000"))
    public_url = (env.get("PUBLIC_URL") or f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}").rstrip("/")
    secret = env.get("SECRET_KEY")
    if not secret:
        if production:
            raise RuntimeError("SECRET_KEY must be set outside development (CLTS_ENV is not 'development').")
        secret = _dev_secret_key(instance_dir)
    secure_cookies = public_url.startswith("https://")
    return {
        "SECRET_KEY": secret,
        "INSTANCE_DIR": str(instance_dir),
        "HOST": host,
        "PORT": port,
        "PUBLIC_URL": public_url,
        "SOCKETIO_ALLOWED_ORIGINS": public_origins(public_url, env.get("EXTRA_ORIGINS")),
        "SQLALCHEMY_DATABASE_URI": database_uri(env.get("DATABASE_URL"), instance_dir),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(env.get("DATABASE_URL"), env.get("DB_POOL_SIZE")),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "SOCKETIO_CHANNEL": env.get("SOCKETIO_CHANNEL", "clts_forum"),
        "ASYNC_MODE": env.get("ASYNC_MODE", "eventlet"),
        # A busy room's pushes reach each client as one frame per this many ms (0: every push alone).
        "PUSH_BATCH_MS": int(env.get("PUSH_BATCH_MS", "100")),
        "BABEL_DEFAULT_LOCALE": "fr",
        "LANGUAGES": ["fr", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        # A participant comes back to the same identity for the whole event, not forever.
        "PERMANENT_SESSION_LIFETIME": int(env.get("SESSION_DAYS", "14")) * 86400,
        "MAX_CARD_LENGTH": int(env.get("MAX_CARD_LENGTH", "1000")),
        # Request bodies: forms are small; a view that takes a file says its own limit (views.body_limit).
        "MAX_CONTENT_LENGTH": MAX_FORM_BYTES,
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Live limits per participant or role link (services/ratelimit.py), not per address.
        "SOCKET_RATE_LIMITS": env.get("SOCKET_RATE_LIMITS", "on") != "off",
        "SOCKET_EVENTS_PER_SECOND": float(env.get("SOCKET_EVENTS_PER_SECOND", "10")),
        "SOCKET_EVENTS_BURST": int(env.get("SOCKET_EVENTS_BURST", "40")),
        "CARDS_PER_MINUTE": int(env.get("CARDS_PER_MINUTE", "20")),
        # workshop.state answers with the whole room: a few a minute per person (bursts of 6)
        "SOCKET_STATES_PER_MINUTE": int(env.get("SOCKET_STATES_PER_MINUTE", "12")),
        # Joining: per visitor connection, and per address (a whole room shares one: 300 people in 2 min).
        "SOCKET_JOIN_ATTEMPTS_PER_CONNECTION": int(env.get("SOCKET_JOIN_ATTEMPTS_PER_CONNECTION", "10")),
        "SOCKET_JOINS_PER_ADDRESS_BURST": int(env.get("SOCKET_JOINS_PER_ADDRESS_BURST", "120")),
        "SOCKET_JOINS_PER_ADDRESS_PER_MINUTE": int(env.get("SOCKET_JOINS_PER_ADDRESS_PER_MINUTE", "180")),
        "PRODUCTION": production,
        # How many reverse proxies (nginx) stand in front: their X-Forwarded-For/-Proto are trusted.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "BOARD_FRAME_ANCESTORS": env.get("BOARD_FRAME_ANCESTORS") or None,
        # Largest production file (PDF or DOCX) an account may upload, in megabytes.
        "PRODUCTION_MAX_MB": int(env.get("PRODUCTION_MAX_MB", "20")),
        # How long an account's invitation link works.
        "INVITATION_DAYS": int(env.get("INVITATION_DAYS", "7")),
        # Participant identities of a workshop closed this many days ago are purged (0: never).
        "RETENTION_DAYS": int(env.get("RETENTION_DAYS", "365")),
        # A new organisation's time zone; its admin may change it (pages and exports: localtime.zone_of).
        "TIME_ZONE": env.get("TIME_ZONE") or "Europe/Paris",
        # Where the accessibility statement sends a person who cannot use a page (RGAA: a contact).
        "ACCESSIBILITY_CONTACT": env.get("ACCESSIBILITY_CONTACT", ""),
        # Exports and imports run in this many separate processes per worker (exports/offload.py).
        "EXPORT_PROCESSES": int(env.get("EXPORT_PROCESSES", "1")),
        "EXPORT_TIMEOUT_SECONDS": float(env.get("EXPORT_TIMEOUT_SECONDS", "900")),
        # Phones on weak venue Wi-Fi: pages and static files go out compressed (brotli, gzip, deflate);
        # static files stream, and streaming has no gzip in Flask-Compress, so they use br or deflate.
        "COMPRESS_ALGORITHM": ["br", "gzip", "deflate"],
        "COMPRESS_ALGORITHM_STREAMING": ["br", "deflate"],
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript",
                               "application/json", "image/svg+xml"],
        # On SIGTERM, how long the events in flight may take to finish before the process exits.
        "SHUTDOWN_GRACE_SECONDS": float(env.get("SHUTDOWN_GRACE_SECONDS", "10")),
    }
