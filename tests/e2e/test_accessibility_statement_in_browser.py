"""The accessibility statement, reached from a page's footer, in French and English: no axe violation."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.axe import require_axe, violations
from e2e.browser import PHONE, screenshot

PHONE_AXE = PHONE | {"bypass_csp": True}


def test_the_footer_leads_to_the_statement_in_both_languages(open_page, make_workshop):
    require_axe()
    workshop = make_workshop(title="Atelier déclaré")
    page = open_page(f"/j/{workshop['code']}", PHONE_AXE)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibilité : non conforme").click()
    expect(page.get_by_role("heading", name="Déclaration d'accessibilité")).to_be_visible()
    expect(page.get_by_role("heading", name="Voies de recours")).to_be_visible()
    found = violations(page, "accessibility statement")
    screenshot(page, "phone-accessibility-statement")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Accessibility statement")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("Accessibility: not compliant")
    found += violations(page, "accessibility statement, English")
    assert not found, "\n".join(found)
