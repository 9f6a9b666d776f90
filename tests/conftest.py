"""Shared fixtures: an app on a fresh SQLite file per test, in threading mode."""
from __future__ import annotations

import os
import tempfile

# Before the app is imported: no test writes into the repository's instance/ folder.
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="clts-instance-"))
os.environ.setdefault("SECRET_KEY", "tests-only-secret")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# CI replays the same generated payloads each run (a red CI means a change broke them); a developer's
# run, without CI=true, explores new ones each time.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

from clts_forum import create_app  # noqa: E402
from clts_forum.actors import link_actor  # noqa: E402
from clts_forum.extensions import db, socketio  # noqa: E402
from clts_forum.services import participants, workshops  # noqa: E402


def _app_on(folder, **overrides):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'test.sqlite3'}",
        "ASYNC_MODE": "threading",
        "REDIS_URL": None,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "127.0.0.1:5000",
        "PUSH_BATCH_MS": 0,  # each push alone, at once: tests of batching turn it on (test_push_batches.py)
    } | overrides)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
    app.extensions["clts_exports"].stop()  # its export processes, if an export started them
    # a push left pending would reach the next test's rooms: one socketio server serves every app in turn
    app.extensions["clts_coalescer"].stop()


@pytest.fixture
def app_config() -> dict:
    """Settings over the test app's: a test module overrides this fixture (test_push_batches.py)."""
    return {}


@pytest.fixture
def app(tmp_path, app_config):
    yield from _app_on(tmp_path, **app_config)


@pytest.fixture(scope="module")
def module_app(tmp_path_factory):
    """One app and database for a whole test module: for data that takes seconds to build."""
    yield from _app_on(tmp_path_factory.mktemp("module-app"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def workshop(app):
    return workshops.create_workshop(title="Atelier test", theme="L'accueil", place="Salle 1")


@pytest.fixture
def join(workshop):
    """Join the workshop as a participant: join("Marie", "personne_accompagnee")."""

    def _join(pseudonym: str, category: str = "personne_accompagnee", **kwargs):
        return participants.join(workshop, pseudonym=pseudonym, category=category, **kwargs)

    return _join


@pytest.fixture
def facilitator(workshop):
    return link_actor(workshops.active_link(workshop, "facilitator"))


@pytest.fixture
def start(workshop, facilitator):
    """Move the workshop to the step of the given kind, as the facilitator would."""
    from clts_forum.services import steps

    def _start(kind: str):
        step = next(s for s in workshop.steps if s.kind == kind)
        steps.goto(facilitator, step_id=step.id, from_step_id=workshop.current_step_id)
        return step

    return _start


@pytest.fixture
def connect(app):
    """Open a Socket.IO test client with a token (or any auth dict)."""
    opened = []

    def _connect(auth):
        auth = {"token": auth} if isinstance(auth, str) else auth
        client = socketio.test_client(app, auth=auth)
        opened.append(client)
        return client

    yield _connect
    for client in opened:
        if client.is_connected():
            client.disconnect()
