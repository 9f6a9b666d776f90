"""Browser tests: a real server under eventlet, Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from live_server import app_for, migrate, running, server_env

from e2e.browser import CHROMIUM, CHROMIUM_ARGS, PHONE



def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            raise pytest.UsageError(reason)
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'e2e.sqlite3'}"


@pytest.fixture(scope="session")
def server(tmp_path_factory, database_url):
    instance = tmp_path_factory.mktemp("e2e-instance")
    env = server_env(database_url, instance)
    migrate(env)
    with running(env, instance / "server.log") as live:
        yield live


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, server):
    """open_page(path, device) → a page in its own browser context (its own cookies, like a phone)."""
    contexts = []

    def _open(path: str, device: dict = PHONE):
        context = browser.new_context(base_url=server.url, **device)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def make_workshop(database_url):
    """Create a workshop as an organiser would; returns its join code and role paths."""

    def _make(**options):
        from clts_forum.services import workshops

        with app_for(database_url):
            workshop = workshops.create_workshop(title=options.pop("title", "Festival e2e"),
                                                 theme="Améliorer l'accueil", place="Salle des fêtes", **options)
            link = lambda role, group=None: workshops.active_link(workshop, role, group).token  # noqa: E731
            return {"code": workshop.join_code, "id": workshop.id, "board": f"/b/{link('board')}",
                    "facilitator": f"/f/{link('facilitator')}",
                    "referents": {g: f"/r/{link('referent', g)}" for g in ("experience", "practice", "research")}}

    return _make

