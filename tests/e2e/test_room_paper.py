"""The organiser's workshop page as printed for the room: the join code and QR, never the team's secret links."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from live_server import app_for

from e2e.browser import LAPTOP, SCREENSHOTS, screenshot


def test_printing_the_workshop_page_never_prints_secret_links(open_page, database_url):
    email = f"print-{uuid.uuid4().hex[:8]}@clts.example"
    with app_for(database_url):
        from clts_forum.services import organisers, workshops

        organiser = organisers.create(name="Claire", email=email, password="un long mot de passe")
        workshop = workshops.create_workshop(title="Festival à imprimer", created_by=organiser)
        workshop_id, code = workshop.id, workshop.join_code
        secrets = [link.token for link in workshop.role_links]
    page = open_page("/login", LAPTOP)
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill("un long mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"/organiser/workshops/{workshop_id}")
    expect(page.locator("#team-links")).to_be_visible()  # on screen, for the organiser
    page.screenshot(path=str(SCREENSHOTS / "organiser-workshop.png"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator("#team-links")).to_be_hidden()
    expect(page.locator("form").first).to_be_hidden()
    printed = page.locator("body").inner_text()
    assert code in printed and "Festival à imprimer" in printed
    assert not [token for token in secrets if token in printed]
    screenshot(page, "organiser-workshop-print")
