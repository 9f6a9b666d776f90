"""The phone with the keyboard and a screen reader: the focused control and the text being typed stay
while 20 pushes arrive, and the polite live region announces each new card once, not on every redraw."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.browser import join
from e2e.test_console_keyboard import PUSHES, SocketClient, focus_kept, mark_focus, participant, twenty_pushes

# Every text the live region says, in order (a MutationObserver installed before any push).
RECORD_ANNOUNCEMENTS = """() => {
  window.announced = [];
  const region = document.getElementById("announce");
  new MutationObserver(() => { if (region.textContent) window.announced.push(region.textContent); })
    .observe(region, { childList: true, characterData: true, subtree: true });
}"""


def _perceptions_step(staff: SocketClient) -> list[dict]:
    steps = staff.emit("workshop.state", {})["state"]["steps"]
    staff.emit("step.goto", {"step_id": steps[0]["id"], "from_step_id": None})
    staff.emit("step.goto", {"step_id": steps[1]["id"], "from_step_id": steps[0]["id"]})
    return steps


def test_the_phone_keeps_focus_and_typing_while_twenty_pushes_arrive(open_page, make_workshop, server):
    workshop = make_workshop(title="Téléphone au clavier")
    staff = SocketClient(server.url, {"token": workshop["facilitator"].rsplit("/", 1)[1]})
    _perceptions_step(staff)
    phone = join(open_page, workshop["code"], "Awa")
    phone.locator("#card-text").fill("Ma carte à retirer")
    phone.get_by_role("button", name="Envoyer").click()
    own = phone.locator("#my-cards .card", has_text="Ma carte à retirer")
    expect(own).to_contain_text("Publiée")

    # "Retirer" on one's own card (the case) while another phone posts and the timer moves.
    mark_focus(phone, own.get_by_role("button", name="Retirer"))
    bea = participant(server.url, workshop["code"], "Bea")
    twenty_pushes(bea, staff, "room")
    expect(phone.locator("#room-cards .card")).to_have_count(PUSHES // 2)
    assert focus_kept(phone), "the phone's focused button was replaced by a push"
    phone.keyboard.press("Enter")  # the kept button still works: it asks first
    expect(own.get_by_role("button", name="Oui, retirer")).to_be_visible()
    own.get_by_role("button", name="Non").click()

    # A room card's "listen" button, and the text being typed in the composer, survive the same.
    room_card = phone.locator("#room-cards .card", has_text="room carte 0")
    mark_focus(phone, room_card.get_by_role("button", name="Écouter la carte"))
    cleo = participant(server.url, workshop["code"], "Cleo")  # each phone posts within its rate limit
    twenty_pushes(cleo, staff, "more")
    expect(phone.locator("#room-cards .card")).to_have_count(PUSHES)
    assert focus_kept(phone), "a room card's button was replaced by a push"
    text = phone.locator("#card-text")
    text.fill("Une phrase à moitié")
    mark_focus(phone, text)
    dan = participant(server.url, workshop["code"], "Dan")
    twenty_pushes(dan, staff, "typing")
    expect(phone.locator("#room-cards .card", has_text="typing carte 9")).to_have_count(1)
    assert focus_kept(phone), "the composer was replaced by a push"
    phone.keyboard.type(" écrite")
    expect(text).to_have_value("Une phrase à moitié écrite")
    for client in (bea, cleo, dan):
        client.close()
    staff.close()


def test_the_live_region_announces_each_new_card_once(open_page, make_workshop, server):
    workshop = make_workshop(title="Lecteur d'écran")
    staff = SocketClient(server.url, {"token": workshop["facilitator"].rsplit("/", 1)[1]})
    _perceptions_step(staff)
    phone = join(open_page, workshop["code"], "Awa")
    board = open_page(workshop["board"])
    expect(board.locator("#connection")).to_have_text("Connecté")
    for page in (phone, board):
        page.evaluate(RECORD_ANNOUNCEMENTS)
    bea = participant(server.url, workshop["code"], "Bea")
    for n in range(3):
        bea.emit("card.create", {"client_id": f"ann{n:029d}", "kind": "perception", "text": f"Annonce numéro {n}"})
        staff.emit("timer.set", {"action": "add", "seconds": 60})  # redraws that must not announce again
    expect(phone.locator("#room-cards .card")).to_have_count(3)
    expect(board.locator(".stage .card")).to_have_count(3)
    for page in (phone, board):
        announced = page.evaluate("() => window.announced")
        for n in range(3):
            assert sum(f"Annonce numéro {n}" in message for message in announced) == 1, announced
    bea.close()
    staff.close()
