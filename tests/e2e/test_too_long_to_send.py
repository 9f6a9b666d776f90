"""A text too heavy for one socket message is refused by the page itself: the connection stays up,
the text stays in its field, and a shorter version goes through."""
from __future__ import annotations

from playwright.sync_api import expect

from live_server import app_for

from e2e.browser import BOARD, LAPTOP, screenshot

# 5,000 emoji: within the field's 10,000 characters (an emoji counts two), but 20 kB on the wire.
HEAVY = "🙂" * 5000


def test_an_emoji_synthesis_over_the_limit_is_kept_and_explained(open_page, make_workshop, database_url):
    from clts_forum.actors import link_actor
    from clts_forum.services import steps, workshops

    workshop = make_workshop(title="Synthèse en émojis")
    with app_for(database_url):
        facilitator = link_actor(workshops.active_link(workshops.get(workshop["id"]), "facilitator"))
        synthesis_step = next(s for s in workshops.get(workshop["id"]).steps if s.kind == "synthesis")
        steps.goto(facilitator, step_id=synthesis_step.id, from_step_id=None)
    board = open_page(workshop["board"], BOARD)
    console = open_page(workshop["facilitator"], LAPTOP)
    expect(console.locator("body")).to_have_attribute("data-connection", "online")

    draft = console.get_by_label("Texte de la synthèse")
    draft.fill(HEAVY)
    console.get_by_role("button", name="Proposer la version 1 aux groupes").click()
    expect(console.locator(".panel-synthesis .error")).to_have_text(
        "Ce texte est trop long pour partir en une fois. Raccourcissez-le : il reste ici.")
    expect(draft).to_have_value(HEAVY)
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
    console.locator(".panel-synthesis").scroll_into_view_if_needed()
    screenshot(console, "synthesis-too-long-console")

    draft.fill(HEAVY[:1000] + " Merci à toutes et à tous.")
    console.get_by_role("button", name="Proposer la version 1 aux groupes").click()
    expect(console.locator(".panel-synthesis .error")).to_have_text("")
    expect(board.locator("body")).to_contain_text("Merci à toutes et à tous.")
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
