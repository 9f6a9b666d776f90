"""The board read from the back of the room (1920×1080), step by step, with screenshots saved under
tests/e2e/screenshots/board-*.png to be looked at: no empty column at the welcome, one group's cards
over the width, a QR code large enough, the agreement map's legend, a synthesis with its line breaks,
the end of the day (validated synthesis, convergences), and a thank-you once the workshop is closed.
Each state passes axe (on a second board that bypasses the CSP for axe's script), and the board itself
runs under the app's CSP without a single violation report (the agreement bars are styled through the CSSOM)."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.axe import require_axe, violations
from e2e.browser import BOARD, PHONE, join, screenshot
from e2e.test_console_keyboard import SocketClient, participant
from live_server import app_for

SYNTHESIS = ("Ce que les groupes proposent :\n– Un accueil sans rendez-vous le jeudi soir (Personnes concernées)\n"
             "– Des courriers relus avant envoi (Professionnel·les)\n\nLa suite : un bilan dans six mois.")


def test_the_board_from_the_back_of_the_room(open_page, make_workshop, server, database_url):
    workshop = make_workshop(title="Festival du CLTS de Lille")
    staff = SocketClient(server.url, {"token": workshop["facilitator"].rsplit("/", 1)[1]})
    steps = staff.emit("workshop.state", {})["state"]["steps"]
    by_kind = {step["kind"]: step for step in reversed(steps)}  # the first step of each kind
    current = {"id": None}

    def goto(step):
        staff.emit("step.goto", {"step_id": step["id"], "from_step_id": current["id"]})
        current["id"] = step["id"]

    require_axe()
    board = open_page(workshop["board"], BOARD)
    refused = []
    board.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    axe_board = open_page(workshop["board"], BOARD | {"bypass_csp": True})
    found: list[str] = []

    def look(name: str) -> None:
        screenshot(board, name)
        axe_board.wait_for_function("() => document.querySelector('h1').textContent === "
                                    f"{board.locator('h1').text_content()!r}")
        found.extend(violations(axe_board, name))

    expect(board.locator("#connection")).to_have_text("Connecté")
    look("board-0-waiting")

    goto(steps[0])
    expect(board.locator("h1")).to_have_text(steps[0]["title"])
    expect(board.locator(".stage .column")).to_have_count(0)  # the welcome shows no empty column
    look("board-1-welcome")

    # A one-group step: that group's cards use the width, side by side.
    goto(by_kind["perceptions"])
    awa = participant(server.url, workshop["code"], "Awa")
    ali = participant(server.url, workshop["code"], "Ali")
    for n in range(5):
        for who, name in ((awa, "Awa"), (ali, "Ali")):
            who.emit("card.create", {"client_id": f"{name}{n:031d}", "kind": "perception",
                                     "text": f"Perception {n} de {name} : on attend des semaines pour un rendez-vous."})
    expect(board.locator(".stage .card")).to_have_count(10)
    expect(board.locator(".stage .column")).to_have_count(1)
    tops = board.locator(".stage .card").evaluate_all("cards => cards.slice(0, 3).map(c => c.getBoundingClientRect().top)")
    assert tops[0] == tops[1] == tops[2], "one group's cards should sit side by side"
    qr = board.locator(".board-join img").bounding_box()
    assert qr["width"] >= 280 and qr["height"] >= 280, qr
    look("board-2-perceptions-one-group")
    # More cards than fit: the list turns its page by itself, to a row's top, never into a card.
    cards = board.locator(".stage .cards")
    assert cards.evaluate("list => list.scrollHeight > list.clientHeight + 4")
    board.wait_for_function("() => document.querySelector('.stage .cards').scrollTop > 0", timeout=20_000)
    board.wait_for_timeout(1000)  # the smooth scroll ends
    assert cards.evaluate("list => Array.from(list.children).some((card) => Math.abs(card.offsetTop - list.scrollTop) < 2)")

    # Tracks: the agreement map says what its colours and figures mean.
    goto(by_kind["tracks"])
    bruno = participant(server.url, workshop["code"], "Bruno", category="professionnel")
    track = bruno.emit("card.create", {"client_id": "t" * 32, "kind": "track",
                                       "text": "Un accueil sans rendez-vous le jeudi soir"})["card"]
    for who in (awa, ali, bruno):
        who.emit("position.set", {"card_id": track["id"], "value": "agree"})
    expect(board.locator(".agreement-legend")).to_contain_text("D'accord")
    expect(board.locator(".agreement-legend")).to_contain_text("d'accord · mitigé · pas d'accord")
    expect(board.locator(".track-row .agreement-counts").first).to_have_text("2 · 0 · 0")
    look("board-3-tracks")

    # The synthesis keeps its line breaks; every group validates it.
    goto(by_kind["synthesis"])
    staff.emit("synthesis.draft", {"text": SYNTHESIS, "source_card_ids": []})
    expect(board.locator(".synthesis-text p")).to_have_count(2)
    first = board.locator(".synthesis-text p").first.evaluate("p => p.innerText")
    assert first.count("\n") == 2, first
    expected = staff.emit("workshop.state", {})["state"]["synthesis"]["groups_expected"]
    deciders = {"experience": awa, "practice": bruno}
    if "research" in expected:
        deciders["research"] = participant(server.url, workshop["code"], "Rita", category="chercheur")
    for group in expected:
        deciders[group].emit("synthesis.decide", {"version": 1, "decision": "validated", "comment": ""})
    expect(board.locator(".synthesis h2")).to_contain_text("validée")
    look("board-4-synthesis")

    # The end of the day: the validated synthesis and where the groups converge.
    goto(by_kind["evaluation"])
    expect(board.locator(".end-of-day .synthesis")).to_contain_text("jeudi soir")
    expect(board.locator(".end-of-day .convergences")).to_contain_text("Un accueil sans rendez-vous")
    look("board-5-end-of-day")

    # Closed: a thank-you on the board, a closing screen on a phone (read from the state on reload).
    phone = join(lambda path: open_page(path, PHONE | {"bypass_csp": True}), workshop["code"], "Dana")
    from clts_forum.actors import Actor
    from clts_forum.extensions import db
    from clts_forum.models import Workshop
    from clts_forum.services import retention

    with app_for(database_url):
        retention.close(Actor(role="system", workshop_id=workshop["id"], label="test"), db.session.get(Workshop, workshop["id"]))
    for page in (board, axe_board, phone):
        page.reload()
    expect(board.locator(".thank-you")).to_be_visible()
    expect(axe_board.locator(".thank-you")).to_be_visible()
    look("board-6-closed")
    expect(phone.locator("#closed")).to_be_visible()
    expect(phone.locator("#compose")).to_be_hidden()
    expect(phone.locator("#closed-recap-later")).to_be_visible()  # no recap yet: says when it will come
    screenshot(phone, "phone-10-closed-fr-normal")
    found.extend(violations(phone, "phone closed"))
    assert not found, "\n".join(found)
    assert not refused, refused
    for client in (staff, *deciders.values(), ali):
        client.close()
