"""What a participant can read before joining: how cards are moderated and what happens to their data."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.axe import require_axe, violations
from e2e.browser import PHONE, screenshot

PHONE_AXE = PHONE | {"bypass_csp": True}


def test_the_join_page_leads_to_the_moderation_rules_and_the_privacy_notice(open_page, make_workshop):
    require_axe()
    workshop = make_workshop(title="Atelier transparent")
    page = open_page(f"/j/{workshop['code']}", PHONE_AXE)
    page.get_by_text("Comment les cartes sont modérées", exact=True).click()
    expect(page.get_by_text("Une carte avec un nom ou un numéro de téléphone attend")).to_be_visible()
    found = violations(page, "join, moderation summary open")
    page.get_by_role("link", name="Tout lire").click()
    expect(page.get_by_role("heading", name="Comment les cartes sont modérées")).to_be_visible()
    found += violations(page, "moderation rules")
    screenshot(page, "phone-moderation-rules")
    page.get_by_role("link", name="Revenir à l'atelier").click()
    page.get_by_role("link", name="Vos données : ce qui est gardé, qui le voit, combien de temps").click()
    expect(page.get_by_role("heading", name="Vos données", exact=True)).to_be_visible()
    found += violations(page, "privacy notice")
    screenshot(page, "phone-privacy-notice")
    assert not found, "\n".join(found)
