"""The live loop in a real browser: phones join and post, the board follows, the facilitator steers."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.browser import BOARD, LAPTOP, join, move_to, post, screenshot


def test_phones_post_and_the_board_follows_live(open_page, make_workshop):
    workshop = make_workshop()
    board = open_page(workshop["board"], BOARD)
    console = open_page(workshop["facilitator"], LAPTOP)
    expect(board.locator(".join-code")).to_have_text(workshop["code"])
    screenshot(board, "board-join-screen")

    awa = join(open_page, workshop["code"], "Awa")
    binta = join(open_page, workshop["code"], "Binta")
    bruno = join(open_page, workshop["code"], "Bruno", category="Professionnel·le", followed="Oui")
    expect(awa.locator("#step-title")).to_have_text("L'atelier va commencer")
    expect(board.locator(".gauge-item.group-experience .gauge-n")).to_have_text("2")
    expect(console.locator(".people-group.group-practice")).to_contain_text("Bruno")
    expect(console.locator(".people-group.group-practice .followed")).to_be_visible()

    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    expect(awa.locator("#step-title")).to_have_text("Accueil et règles du jeu")
    expect(awa.locator("#compose")).to_be_hidden()

    move_to(console, "Étape suivante ▶", "Les personnes concernées présentent leurs perceptions")
    for phone in (awa, binta, bruno):
        expect(phone.locator("#step-title")).to_have_text("Les personnes concernées présentent leurs perceptions")
    expect(awa.locator("#compose")).to_be_visible()
    expect(bruno.locator("#compose")).to_be_hidden()  # the festival gives this step to the people concerned
    expect(bruno.locator("#listen")).to_contain_text("on écoute")

    post(awa, "On attend des semaines pour un rendez-vous.")
    post(binta, "Les courriers sont difficiles à comprendre.")
    post(awa, "<b>Pas</b> de <script>alert(1)</script> ici")

    board_cards = board.locator(".column.group-experience .card")
    expect(board_cards).to_have_count(3)
    expect(board.locator(".column.group-experience")).to_contain_text("On attend des semaines")
    expect(board.locator("#stage").get_by_text("<b>Pas</b> de <script>alert(1)</script> ici")).to_be_visible()
    expect(board.locator(".card-meta")).to_have_count(0)  # people concerned are not named by default
    expect(bruno.locator("#room-cards .card")).to_have_count(3)
    expect(binta.locator("#room-cards .card")).to_have_count(2)  # her own card is under "Mes cartes"
    expect(binta.locator("#my-cards .card")).to_have_count(1)
    expect(console.locator("#cards .card")).to_have_count(3)
    expect(console.locator("#cards")).to_contain_text("Awa")
    screenshot(awa, "phone-perceptions")
    screenshot(bruno, "phone-listening")
    screenshot(board, "board-perceptions")
    screenshot(console, "facilitator-perceptions")

    # A reload keeps the identity and rebuilds the page from the snapshot: nothing lost, nothing doubled.
    awa.reload()
    expect(awa.locator(".me")).to_have_text("Awa")
    expect(awa.locator("#my-cards .card")).to_have_count(2)
    expect(awa.locator("#room-cards .card")).to_have_count(1)

    # A network drop: the post waits on the phone and arrives once when the network is back.
    binta.context.set_offline(True)
    expect(binta.locator("#connection")).to_have_text("Pas de réseau. Ce que vous écrivez est gardé.", timeout=20_000)
    post(binta, "Écrit dans le métro, sans réseau.")
    expect(binta.locator("#my-cards")).to_contain_text("Envoi en cours")
    binta.context.set_offline(False)
    expect(binta.locator("#connection")).to_have_text("Connecté", timeout=20_000)
    expect(board.locator("#stage").get_by_text("Écrit dans le métro, sans réseau.")).to_have_count(1)
    expect(binta.locator("#my-cards .card")).to_have_count(2)
    expect(binta.locator("#my-cards")).not_to_contain_text("Envoi en cours")
    expect(board_cards).to_have_count(4)

    move_to(console, "Étape suivante ▶", "Pistes d'amélioration")
    for phone in (awa, binta, bruno):
        expect(phone.locator("#step-prompt")).to_contain_text("Cherchons ensemble des pistes")
        expect(phone.locator("#compose")).to_be_visible()
    expect(board.locator("#step-title")).to_have_text("Pistes d'amélioration")
    expect(board.locator(".card")).to_have_count(0)  # the board shows the current step's cards

    # Going back is one click and a confirmation too; the perceptions come back on the board.
    move_to(console, "◀ Étape précédente", "Les personnes concernées présentent leurs perceptions")
    expect(board_cards).to_have_count(4)
    expect(awa.locator("#step-title")).to_have_text("Les personnes concernées présentent leurs perceptions")


def test_a_draft_survives_a_reload_and_a_refused_post_gives_the_text_back(open_page, make_workshop):
    workshop = make_workshop()
    console = open_page(workshop["facilitator"], LAPTOP)
    phone = join(open_page, workshop["code"], "Chloé")
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", "Les personnes concernées présentent leurs perceptions")

    phone.get_by_label("Votre idée").fill("Un brouillon à moitié écrit")
    phone.reload()
    expect(phone.get_by_label("Votre idée")).to_have_value("Un brouillon à moitié écrit")

    phone.get_by_label("Votre idée").fill("   ")
    phone.get_by_role("button", name="Envoyer").click()
    expect(phone.locator("#compose-error")).to_have_text("Écrivez quelque chose avant d'envoyer.")

    # Posted offline; meanwhile the room goes back to the welcome step, where nobody posts.
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_have_text("Pas de réseau. Ce que vous écrivez est gardé.", timeout=20_000)
    post(phone, "Une idée envoyée sans réseau")
    move_to(console, "◀ Étape précédente", "Accueil et règles du jeu")
    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_text("Connecté", timeout=20_000)
    expect(phone.locator("#step-title")).to_have_text("Accueil et règles du jeu")
    expect(phone.locator("#my-cards .card")).to_have_count(0)

    # The refused post is not lost: it is back in the box when posting opens again.
    move_to(console, "Étape suivante ▶", "Les personnes concernées présentent leurs perceptions")
    expect(phone.get_by_label("Votre idée")).to_have_value("Une idée envoyée sans réseau")
    expect(phone.locator("#compose-error")).to_contain_text("n'est pas ouvert")


def test_a_phone_applies_a_batch_of_pushes_as_the_separate_pushes(open_page, make_workshop, server, database_url):
    """A busy room's pushes come as one `batch` frame (docs/protocol.md): the phone shows every card."""
    import threading

    import socketio

    from live_server import app_for

    workshop = make_workshop()
    with app_for(database_url):
        from clts_forum.extensions import db
        from clts_forum.models import Step

        tracks = db.session.scalar(db.select(Step.id).filter_by(workshop_id=workshop["id"], kind="tracks"))
    phone = join(open_page, workshop["code"], "Awa")
    frames: list[str] = []
    phone.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    phone.reload()
    expect(phone.locator("#connection")).to_have_text("Connecté")

    facilitator = socketio.Client(reconnection=False)
    facilitator.connect(server.url, auth={"token": workshop["facilitator"].rsplit("/", 1)[-1]},
                        transports=["websocket"])
    try:
        assert facilitator.call("step.goto", {"step_id": tracks, "from_step_id": None})["ok"]
        expect(phone.locator(".panel-tracks")).to_be_visible()
        acked = threading.Semaphore(0)
        for n in range(12):  # sent without waiting for each ack: the room is busy
            facilitator.emit("card.create", {"client_id": f"batch-{n:04d}", "kind": "track",
                                             "text": f"Piste en rafale {n}"}, callback=lambda *_: acked.release())
        for _ in range(12):
            assert acked.acquire(timeout=10)
    finally:
        facilitator.disconnect()
    expect(phone.locator(".track-list .card.track")).to_have_count(12)
    expect(phone.locator(".track-list .card.track").last).to_contain_text("Piste en rafale 11")
    assert any(frame.startswith('42["batch"') for frame in frames), "the pushes should have come as a batch"
