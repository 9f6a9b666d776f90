"""axe-core on every page and every phone state: join, each step kind, pause, errors, board, console,
référent and login. Any violation fails, and the message lists them all. Live regions announce step
changes and new cards on the phones and the board."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.axe import require_axe, violations
from e2e.browser import BOARD, LAPTOP, PHONE, join, move_to, post
from e2e.test_phone import ENGLISH_PHONE, join_in_english

# axe's script is injected into the page: the test's contexts bypass the CSP (the app's stays strict).
PHONE_AXE = PHONE | {"bypass_csp": True}
BOARD_AXE = BOARD | {"bypass_csp": True}
LAPTOP_AXE = LAPTOP | {"bypass_csp": True}
PERCEPTIONS = "Les personnes concernées présentent leurs perceptions"


def test_no_axe_violation_on_any_page_or_state(open_page, make_workshop):
    require_axe()
    found: list[str] = []
    workshop = make_workshop(title="Atelier accessible")

    home = open_page("/", PHONE_AXE)
    found += violations(home, "home")
    home.goto("/j/NOPE42")
    found += violations(home, "error 404")
    home.goto("/login")
    found += violations(home, "login")
    home.goto(f"/j/{workshop['code']}")
    found += violations(home, "join")
    home.get_by_role("button", name="Entrer dans l'atelier").click()  # an empty form: errors shown
    found += violations(home, "join with errors")

    board = open_page(workshop["board"], BOARD_AXE)
    console = open_page(workshop["facilitator"], LAPTOP_AXE)
    referent = open_page(workshop["referents"]["experience"], LAPTOP_AXE)
    awa = join(lambda path: open_page(path, PHONE_AXE), workshop["code"], "Awa")
    bruno = join(lambda path: open_page(path, PHONE_AXE), workshop["code"], "Bruno", category="Professionnel·le")
    bob = join_in_english(open_page, workshop["code"], "Bob", device=ENGLISH_PHONE | {"bypass_csp": True})
    found += violations(awa, "phone before start")
    found += violations(board, "board before start")
    found += violations(console, "console before start")

    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    awa.get_by_role("button", name="Je demande la parole").click()
    expect(awa.locator(".hand-status")).to_contain_text("n° 1")
    found += violations(awa, "phone welcome, hand raised")
    found += violations(console, "console welcome")

    move_to(console, "Étape suivante ▶", PERCEPTIONS)
    expect(board.locator("#announce")).to_have_text(f"Nouvelle étape : {PERCEPTIONS}")  # live regions
    expect(awa.locator("#announce")).to_have_text(f"Nouvelle étape : {PERCEPTIONS}")
    post(awa, "On attend des semaines pour un rendez-vous au CCAS.")
    expect(bruno.locator("#room-cards .card")).to_have_count(1)
    expect(board.locator("#announce")).to_have_text(
        "Nouvelle carte de Personnes concernées : On attend des semaines pour un rendez-vous au CCAS.")
    expect(bruno.locator("#announce")).to_have_text("Nouvelle carte : On attend des semaines pour un rendez-vous au CCAS.")
    found += violations(awa, "phone perceptions, composing")
    found += violations(bruno, "phone perceptions, listening")
    found += violations(board, "board perceptions")
    found += violations(referent, "référent perceptions")
    found += violations(bob, "phone perceptions, in English")
    bob.get_by_role("button", name="Easy read").click()
    found += violations(bob, "phone perceptions, in English, easy-read")
    awa.locator(".term", has_text="CCAS").first.click()
    expect(awa.locator("#glossary-dialog")).to_be_visible()
    found += violations(awa, "phone glossary dialog")
    awa.get_by_role("button", name="Fermer").click()

    move_to(console, "Étape suivante ▶", "Pistes d'amélioration")
    post(bruno, "Un accueil sans rendez-vous le jeudi soir")
    expect(awa.locator(".track")).to_have_count(1)
    awa.locator(".track").get_by_role("button", name="D'accord", exact=True).click()
    expect(awa.locator(".track .position-agree")).to_have_attribute("aria-pressed", "true")
    found += violations(awa, "phone tracks with positions")
    awa.get_by_role("button", name="Facile à lire").click()
    found += violations(awa, "phone tracks, easy-read")
    awa.get_by_role("button", name="Facile à lire").click()
    found += violations(board, "board tracks")

    move_to(console, "Étape suivante ▶", "Éclairage théorique et méthodologique")
    found += violations(awa, "phone insight")
    found += violations(console, "console insight")

    move_to(console, "Étape suivante ▶", "Synthèse et validation")
    console.locator(".panel-synthesis summary").click()
    console.get_by_label("Texte de la synthèse").fill("Un accueil sans rendez-vous le jeudi soir, au CCAS.")
    console.get_by_role("button", name="Proposer la version 1 aux groupes").click()
    expect(awa.locator(".synthesis-text")).to_contain_text("jeudi soir")
    found += violations(awa, "phone synthesis")
    found += violations(referent, "référent synthesis")
    found += violations(board, "board synthesis")

    move_to(console, "Étape suivante ▶", "Évaluation")
    expect(awa.locator(".evaluation-form")).to_be_visible()
    found += violations(awa, "phone evaluation")
    found += violations(console, "console evaluation")

    console.get_by_role("button", name="Mettre la salle en pause").click()
    expect(awa.locator("#pause")).to_be_visible()
    found += violations(awa, "phone pause")
    found += violations(board, "board pause")

    assert not found, f"{len(found)} accessibility violation(s):\n" + "\n".join(found)
