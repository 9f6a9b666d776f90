"""Transport-level protections: log-in throttling, cookies, secrets, headers, Socket.IO origins and sizes."""
import json

import pytest

from clts_forum import create_app
from clts_forum.config import from_environment
from clts_forum.extensions import db
from clts_forum.services import organisers
from helpers import link_token

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


# -- organiser accounts -------------------------------------------------------------------------

@pytest.fixture
def throttled(tmp_path):
    """An app with Flask-Limiter on, as in production."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 't.sqlite3'}", "ASYNC_MODE": "threading",
                      "REDIS_URL": None, "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()


def test_passwords_are_hashed(app):
    organiser = organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    assert organiser.password_hash.startswith(("scrypt:", "pbkdf2:")) and "un long" not in organiser.password_hash
    assert organisers.authenticate("CLAIRE@clts.example", "un long mot de passe") == organiser
    assert organisers.authenticate("claire@clts.example", "un long mot de passE") is None


def test_log_in_is_throttled_per_address_and_account_with_a_french_page(throttled):
    organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    client = throttled.test_client()
    attempts = [client.post("/login", data={"email": "claire@clts.example", "password": f"essai {n}"}).status_code
                for n in range(6)]
    assert attempts == [401] * 5 + [429]
    blocked = client.post("/login", data={"email": "claire@clts.example", "password": "un long mot de passe"})
    assert blocked.status_code == 429
    page = blocked.data.decode()
    assert "Trop d'essais" in page or "Trop d&#39;essais" in page
    assert "Patientez une minute" in page
    # another account from the same address is still let through (a team shares one office address)
    organisers.create(name="Bruno", email="bruno@clts.example", password="un autre long mot de passe")
    assert client.post("/login", data={"email": "bruno@clts.example",
                                       "password": "un autre long mot de passe"}).status_code == 302


def test_session_cookies_are_httponly_lax_and_secure_behind_https(tmp_path):
    plain = from_environment({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32})
    assert plain["SESSION_COOKIE_HTTPONLY"] and plain["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not plain["SESSION_COOKIE_SECURE"]
    https = from_environment({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32,
                              "PUBLIC_URL": "https://clts.example.org"})
    assert https["SESSION_COOKIE_SECURE"] and https["REMEMBER_COOKIE_SECURE"]


def test_the_session_cookie_sent_after_joining_has_the_flags(app, workshop):
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    joined = client.post(f"/j/{workshop.join_code}", data={"pseudonym": "Awa", "category": "personne_accompagnee"})
    cookie = next(v for v in joined.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


@pytest.mark.parametrize("env", ["production", "staging", "test"])
def test_a_secret_key_is_required_outside_development(tmp_path, env):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        from_environment({"INSTANCE_PATH": str(tmp_path), "CLTS_ENV": env})
    assert from_environment({"INSTANCE_PATH": str(tmp_path), "CLTS_ENV": env, "SECRET_KEY": "k" * 32})


def test_development_makes_and_keeps_its_own_key(tmp_path):
    first = from_environment({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    assert len(first) >= 32 and from_environment({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"] == first


def test_every_form_needs_a_csrf_token(app, client, workshop):
    app.config["WTF_CSRF_ENABLED"] = True
    organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    for path, data in (("/j", {"code": workshop.join_code}),
                       (f"/j/{workshop.join_code}", {"pseudonym": "Awa", "category": "personne_accompagnee"}),
                       (f"/j/{workshop.join_code}/leave", {}),
                       ("/login", {"email": "claire@clts.example", "password": "un long mot de passe"}),
                       ("/organiser/workshops/new", {"title": "X"})):
        assert client.post(path, data=data).status_code == 400, path
    assert client.get("/organiser/").status_code == 302  # the log-in above was refused


# -- security headers ---------------------------------------------------------------------------

def test_the_board_may_be_framed_only_by_the_configured_ancestors(app, client, workshop):
    board = f"/b/{link_token(workshop, 'board')}"
    app.config["BOARD_FRAME_ANCESTORS"] = "https://intranet.clts.example"
    framed = client.get(board).headers
    assert "frame-ancestors https://intranet.clts.example" in framed["Content-Security-Policy"]
    assert "X-Frame-Options" not in framed
    for other in ("/", f"/f/{link_token(workshop, 'facilitator')}", f"/j/{workshop.join_code}"):
        headers = client.get(other).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"


def test_the_policy_allows_no_inline_script_and_no_plugin(client):
    csp = dict(part.strip().split(" ", 1) for part in client.get("/").headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'" and csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert "unsafe" not in "".join(csp.values())


# -- Socket.IO transport ------------------------------------------------------------------------

def test_socketio_accepts_the_public_origin_only(client):
    assert client.get(HANDSHAKE, headers={"Origin": "http://127.0.0.1:5000"}).status_code == 200
    assert client.get(HANDSHAKE, headers={"Origin": "http://localhost:5000"}).status_code == 200
    assert client.get(HANDSHAKE).status_code == 200  # scripts send no Origin
    assert client.get(HANDSHAKE, headers={"Origin": "https://evil.example"}).status_code == 400


def test_a_spoofed_forwarded_host_does_not_open_socketio(tmp_path):
    """Behind a trusted proxy, X-Forwarded-Host naming the attacker's site must not make it 'same origin'."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}", "ASYNC_MODE": "threading",
                      "REDIS_URL": None, "TESTING": True, "TRUSTED_PROXIES": 1})
    client = app.test_client()
    spoofed = {"Origin": "https://evil.example", "X-Forwarded-Host": "evil.example", "Host": "evil.example",
               "X-Forwarded-Proto": "https"}
    assert client.get(HANDSHAKE, headers=spoofed).status_code == 400
    assert client.get(HANDSHAKE, headers={"Origin": "http://127.0.0.1:5000",
                                          "X-Forwarded-Host": "evil.example"}).status_code == 200


def test_extra_origins_come_from_config(tmp_path):
    config = from_environment({"INSTANCE_PATH": str(tmp_path), "PUBLIC_URL": "https://clts.example.org/",
                               "EXTRA_ORIGINS": "https://salle.example.org, https://b.example.org/"})
    assert config["SOCKETIO_ALLOWED_ORIGINS"] == ["https://clts.example.org", "https://salle.example.org",
                                                  "https://b.example.org"]


def test_the_message_limit_is_set_and_announced_to_clients(app, client, workshop, join, connect):
    """What happens to a message over it, on a real server: tests/test_message_size.py."""
    from clts_forum.extensions import socketio

    assert socketio.server.eio.max_http_buffer_size == 16 * 1024
    phone = connect(join("Awa").token)
    assert json.loads(client.get(HANDSHAKE).data.decode()[1:])["maxPayload"] == 16 * 1024  # told to clients
    assert phone.emit("workshop.state", {}, callback=True)["ok"]
    assert client.get("/healthz").status_code == 200
