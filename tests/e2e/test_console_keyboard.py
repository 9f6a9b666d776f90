"""The console and the référent view with the keyboard: the focused control stays focused while pushes
arrive, and what is typed (a step's title, a key point) survives a step change and a push."""
from __future__ import annotations

import socketio
from playwright.sync_api import Page, expect

from e2e.browser import LAPTOP, move_to

PUSHES = 20


class SocketClient:
    """Another device, as a script: a participant posting, or a second facilitator tab steering."""

    def __init__(self, url: str, auth: dict):
        self.client = socketio.Client(reconnection=False)
        self.client.connect(url, auth=auth, transports=["websocket"], wait_timeout=10)

    def emit(self, event: str, payload: dict) -> dict:
        ack = self.client.call(event, payload, timeout=10)
        assert ack["ok"], (event, ack)
        return ack

    def close(self):
        self.client.disconnect()


def participant(url: str, code: str, pseudonym: str, category: str = "personne_accompagnee") -> SocketClient:
    visitor = SocketClient(url, {"join_code": code})
    token = visitor.emit("participant.join", {"pseudonym": pseudonym, "category": category, "followed_here": "no"})["token"]
    visitor.close()
    return SocketClient(url, {"token": token})


def mark_focus(page: Page, locator) -> None:
    """Focus a control and tag the element itself: a rebuilt node would lose the tag."""
    locator.focus()
    page.evaluate("() => { document.activeElement.dataset.probe = 'kept'; }")


def focus_kept(page: Page) -> bool:
    return page.evaluate("() => document.activeElement && document.activeElement.dataset.probe === 'kept'"
                         " && document.activeElement.isConnected")


def twenty_pushes(phone: SocketClient, staff: SocketClient, prefix: str) -> None:
    """Cards from a phone and timer changes from a second console tab: 20 pushes for every screen."""
    for n in range(PUSHES // 2):
        phone.emit("card.create", {"client_id": f"{prefix}{n:030d}", "kind": "perception", "text": f"{prefix} carte {n}"})
        staff.emit("timer.set", {"action": "add", "seconds": 60})


def test_the_console_keeps_focus_while_twenty_pushes_arrive(open_page, make_workshop, server):
    workshop = make_workshop(title="Atelier au clavier")
    console = open_page(workshop["facilitator"], LAPTOP)
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", "Les personnes concernées présentent leurs perceptions")
    staff = SocketClient(server.url, {"token": workshop["facilitator"].rsplit("/", 1)[1]})
    awa = participant(server.url, workshop["code"], "Awa")
    awa.emit("card.create", {"client_id": "a" * 32, "kind": "perception", "text": "Les courriers sont illisibles."})
    first = console.locator("#cards .card", has_text="courriers")
    mark_focus(console, first.get_by_role("button", name="Masquer"))
    twenty_pushes(awa, staff, "push")
    expect(console.locator("#cards .card")).to_have_count(1 + PUSHES // 2)
    assert focus_kept(console), "the console's focused button was replaced by a push"
    console.keyboard.press("Enter")  # the focused button still works: the card is hidden
    expect(first).to_contain_text("Masquée")

    # The roster: "Retirer" asks first; the focus survives pushes there too.
    mark_focus(console, console.get_by_role("button", name="Retirer Awa"))
    staff.emit("timer.set", {"action": "add", "seconds": 60})
    awa.emit("card.create", {"client_id": "b" * 32, "kind": "perception", "text": "Encore une carte."})
    expect(console.locator("#cards .card")).to_have_count(2 + PUSHES // 2)
    assert focus_kept(console)
    staff.close()
    awa.close()


def test_typing_in_the_programme_editor_and_a_key_point_survives_a_step_change_and_a_push(open_page, make_workshop, server):
    workshop = make_workshop(title="Atelier qui se prépare")
    console = open_page(workshop["facilitator"], LAPTOP)
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    staff = SocketClient(server.url, {"token": workshop["facilitator"].rsplit("/", 1)[1]})
    state = staff.emit("workshop.state", {})["state"]
    steps = state["steps"]

    console.get_by_role("button", name="Modifier le déroulé").click()
    title = console.locator(f"#step-{steps[2]['id']}-title")
    title.fill("Un titre pas encore enregistré")
    mark_focus(console, title)
    # another tab moves the room on, renames another step and adds time: three pushes
    staff.emit("step.goto", {"step_id": steps[1]["id"], "from_step_id": steps[0]["id"]})
    staff.emit("step.update", {"id": steps[3]["id"], "title": "Renommée ailleurs"})
    staff.emit("timer.set", {"action": "add", "seconds": 60})
    expect(console.locator(f"#step-{steps[3]['id']}-title")).to_have_value("Renommée ailleurs")
    expect(console.locator("#steps li.current")).to_contain_text(steps[1]["title"])
    expect(title).to_have_value("Un titre pas encore enregistré")
    assert focus_kept(console), "the field being typed in was replaced"
    console.keyboard.type(" !")
    expect(title).to_have_value("Un titre pas encore enregistré !")
    console.locator(f"li[data-step-id='{steps[2]['id']}']").get_by_role("button", name="Enregistrer l'étape").click()
    title.focus()
    console.keyboard.press("End")
    console.keyboard.type(" (suite)")  # typed while the save is on its way: kept
    expect(console.locator(f"li[data-step-id='{steps[2]['id']}'] .step-kind strong")).to_have_text("Un titre pas encore enregistré !")
    expect(title).to_have_value("Un titre pas encore enregistré ! (suite)")
    console.get_by_role("button", name="Fermer l'éditeur du déroulé").click()

    # The key point: typed, a push, a step change; then one published while the next is typed.
    insight = next(s for s in steps if s.get("kind") == "insight")
    staff.emit("step.goto", {"step_id": insight["id"], "from_step_id": steps[1]["id"]})
    point = console.get_by_label("Un point clé")
    point.fill("Le droit au recours existe")
    mark_focus(console, point)
    staff.emit("timer.set", {"action": "add", "seconds": 60})
    staff.emit("step.update", {"id": steps[0]["id"], "title": "Accueil (renommé)"})
    expect(console.locator("#steps")).to_contain_text("Accueil (renommé)")
    expect(point).to_have_value("Le droit au recours existe")
    assert focus_kept(console)
    # a step change hides the panel (another tab moved the room on); coming back, the text is there
    synthesis = next(s for s in steps if s.get("kind") == "synthesis")
    staff.emit("step.goto", {"step_id": synthesis["id"], "from_step_id": insight["id"]})
    expect(point).to_be_hidden()
    staff.emit("step.goto", {"step_id": insight["id"], "from_step_id": synthesis["id"]})
    expect(point).to_have_value("Le droit au recours existe")
    console.get_by_role("button", name="Publier le point clé").click()
    point.fill("Le point suivant, tapé aussitôt")
    expect(console.locator("#cards")).to_contain_text("Le droit au recours existe")
    expect(point).to_have_value("Le point suivant, tapé aussitôt")
    staff.close()


def test_the_referent_view_keeps_focus_while_twenty_pushes_arrive(open_page, make_workshop, server):
    workshop = make_workshop(title="Atelier des référents", moderation="pre")
    referent = open_page(workshop["referents"]["experience"], LAPTOP)
    staff = SocketClient(server.url, {"token": workshop["facilitator"].rsplit("/", 1)[1]})
    steps = staff.emit("workshop.state", {})["state"]["steps"]
    staff.emit("step.goto", {"step_id": steps[0]["id"], "from_step_id": None})
    staff.emit("step.goto", {"step_id": steps[1]["id"], "from_step_id": steps[0]["id"]})
    awa = participant(server.url, workshop["code"], "Awa")
    awa.emit("card.create", {"client_id": "c" * 32, "kind": "perception", "text": "La première carte du groupe."})
    first = referent.locator("#cards .card", has_text="première carte")
    mark_focus(referent, first.get_by_role("button", name="Valider"))
    twenty_pushes(awa, staff, "ref")
    expect(referent.locator("#cards .card")).to_have_count(1 + PUSHES // 2)
    assert focus_kept(referent), "the référent's focused button was replaced by a push"
    referent.keyboard.press("Enter")
    expect(first).to_contain_text("Publiée")
    staff.close()
    awa.close()
