"""The console and the référent view through the day, as a facilitator sees them: axe on each state,
screenshots (1440×900) to look at, the log in words, the theme buttons saying why they wait, the
share of voice following the cards, and the actions whose server side other issues bring (closing the
workshop, removing a participant, reopening the synthesis)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from clts_forum.realtime import LiveNamespace
from e2e.axe import require_axe, violations
from e2e.browser import LAPTOP, move_to, screenshot
from e2e.test_console_keyboard import SocketClient, participant

LAPTOP_AXE = LAPTOP | {"bypass_csp": True}
PERCEPTIONS = "Les personnes concernées présentent leurs perceptions"


def needs_event(event: str):
    """A browser test of a screen whose server event another issue builds: it runs once that is merged."""
    handler = "on_" + event.replace(".", "_")
    return pytest.mark.skipif(not hasattr(LiveNamespace, handler), reason=f"the server has no {event} yet")


def facilitator_socket(server, workshop) -> SocketClient:
    return SocketClient(server.url, {"token": workshop["facilitator"].rsplit("/", 1)[1]})


def test_the_console_through_the_day(open_page, make_workshop, server):
    require_axe()
    found: list[str] = []
    workshop = make_workshop(title="Atelier vu de la console")
    console = open_page(workshop["facilitator"], LAPTOP_AXE)
    referent = open_page(workshop["referents"]["experience"], LAPTOP_AXE)
    expect(console.locator("#connection")).to_have_text("Connecté")
    found += violations(console, "console before start")

    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    # Right after the start, nothing is offered to undo (the server would refuse it).
    expect(console.locator("#undo")).to_have_count(0)
    move_to(console, "Étape suivante ▶", PERCEPTIONS)
    awa = participant(server.url, workshop["code"], "Awa")
    binta = participant(server.url, workshop["code"], "Binta")
    for n, text in enumerate(["Les rendez-vous sont trop rares.", "On ne comprend pas les courriers.",
                              "Appelez-moi au 06 12 34 56 78."]):
        (awa if n % 2 == 0 else binta).emit("card.create", {"client_id": f"card{n:028d}", "kind": "perception", "text": text})
    expect(console.locator("#cards .card")).to_have_count(3)

    # The share of voice counts the published cards as they come (the phone number waits for the
    # facilitator), not only when the queue changes.
    cards_cell = console.locator(".share-of-voice tbody tr").first.locator("td").nth(2)
    expect(cards_cell).to_have_text(re.compile(r"^2 · "))
    awa.emit("card.create", {"client_id": "d" * 32, "kind": "perception", "text": "Une quatrième carte."})
    expect(cards_cell).to_have_text(re.compile(r"^3 · "))

    # Theme buttons say why they wait; the log speaks in words.
    console.get_by_label("Nom du nouveau thème").fill("Accès aux droits")
    console.get_by_role("button", name="Créer le thème").click()
    theme_button = console.get_by_role("button", name=re.compile(r"^Accès aux droits \(0\)"))
    expect(theme_button).to_be_disabled()
    expect(console.locator("#theme-selection")).to_contain_text("Les thèmes s'activent quand des cartes sont cochées")
    console.locator("#cards .card", has_text="courriers").get_by_label("Choisir").check()
    expect(theme_button).to_be_enabled()
    theme_button.click()
    expect(console.get_by_role("button", name=re.compile(r"^Accès aux droits \(1\)"))).to_be_visible()
    log = console.locator("#audit-log")
    expect(log).to_contain_text("Thème créé")
    expect(log).to_contain_text("Changement d'étape")
    assert not re.search(r"\b(step|theme|card)\.[a-z]+", log.inner_text()), log.inner_text()

    # The step controls stay in view while a long list is moderated.
    console.locator("#cards .card").last.scroll_into_view_if_needed()
    console.mouse.wheel(0, 2000)
    expect(console.get_by_role("button", name="Étape suivante ▶")).to_be_in_viewport()
    screenshot(console, "console-perceptions")
    found += violations(console, "console perceptions, a theme")
    expect(referent.locator("#cards .card")).to_have_count(4)
    screenshot(referent, "referent-perceptions")
    found += violations(referent, "référent perceptions")

    console.get_by_role("button", name="Modifier le déroulé").click()
    expect(console.locator(".programme-step")).to_have_count(6)
    screenshot(console, "console-programme-editor")
    found += violations(console, "console programme editor")
    console.get_by_role("button", name="Fermer l'éditeur du déroulé").click()

    move_to(console, "Étape suivante ▶", "Pistes d'amélioration")
    awa.emit("card.create", {"client_id": "e" * 32, "kind": "track", "text": "Un accueil sans rendez-vous le jeudi."})
    expect(console.locator(".panel-tracks .track-row")).to_have_count(1)
    track_id = int(console.locator("#cards .card").first.get_attribute("data-id"))
    awa.emit("position.set", {"card_id": track_id, "value": "agree"})
    expect(console.locator(".panel-tracks .agreement-counts").first).to_have_text("1 · 0 · 0")
    expect(console.locator(".panel-tracks .agreement-legend")).to_be_visible()
    console.evaluate("() => window.scrollTo(0, 0)")
    screenshot(console, "console-tracks")
    found += violations(console, "console tracks")

    move_to(console, "Étape suivante ▶", "Éclairage théorique et méthodologique")
    binta.emit("card.create", {"client_id": "f" * 32, "kind": "question", "text": "Qui décide des horaires ?"})
    console.get_by_label("Un point clé").fill("Le droit au recours existe.")
    console.get_by_role("button", name="Publier le point clé").click()
    expect(console.locator("#cards")).to_contain_text("Le droit au recours existe.")
    console.evaluate("() => window.scrollTo(0, 0)")
    screenshot(console, "console-insight")
    found += violations(console, "console insight")

    move_to(console, "Étape suivante ▶", "Synthèse et validation")
    console.get_by_label("Texte de la synthèse").fill("– Un accueil sans rendez-vous\n– Des courriers lisibles")
    console.get_by_role("button", name="Proposer la version 1 aux groupes").click()
    expect(console.locator(".panel-synthesis .validations")).to_contain_text("Version 1 soumise aux groupes.")
    expect(referent.locator("#synthesis-text p")).to_have_count(1)
    assert referent.locator("#synthesis-text").inner_text().count("\n") >= 1, "the synthesis lost its line breaks"
    console.evaluate("() => window.scrollTo(0, 0)")
    screenshot(console, "console-synthesis")
    found += violations(console, "console synthesis")
    screenshot(referent, "referent-synthesis")
    found += violations(referent, "référent synthesis")
    awa.close()
    binta.close()
    assert not found, "\n".join(found)


@needs_event("workshop.close")
def test_closing_says_what_it_does_then_the_console_is_closed(open_page, make_workshop, server):
    workshop = make_workshop(title="Atelier qui se termine")
    console = open_page(workshop["facilitator"], LAPTOP_AXE)
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    awa = participant(server.url, workshop["code"], "Awa")
    console.reload()  # the close summary comes with the state
    console.get_by_role("button", name="Terminer l'atelier").click()
    confirmation = console.locator(".confirm-close")
    expect(confirmation).to_contain_text("Plus personne ne pourra écrire")
    expect(confirmation).to_contain_text("1 questionnaire n'est pas encore rempli.")
    expect(console.get_by_role("button", name="Oui, terminer l'atelier")).to_be_focused()
    found = violations(console, "console, closing confirmation")
    screenshot(console, "console-closing")
    console.get_by_role("button", name="Oui, terminer l'atelier").click()
    expect(console.locator("#closed-banner")).to_be_visible()
    expect(console.locator("#step-controls")).to_contain_text("L'atelier est terminé")
    expect(console.locator("#room-bar")).to_be_hidden()
    found += violations(console, "console, closed")
    screenshot(console, "console-closed")
    awa.close()
    assert not found, "\n".join(found)


@needs_event("participant.remove")
def test_removing_a_participant_asks_first(open_page, make_workshop, server):
    workshop = make_workshop(title="Atelier sans intrus")
    console = open_page(workshop["facilitator"], LAPTOP)
    participant(server.url, workshop["code"], "Intrus").close()
    participant(server.url, workshop["code"], "Awa").close()
    expect(console.locator("#people")).to_contain_text("Intrus")
    console.get_by_role("button", name="Retirer Intrus").click()
    expect(console.locator(".confirm-remove")).to_contain_text("Retirer Intrus de l'atelier ?")
    expect(console.get_by_role("button", name="Oui, retirer cette personne")).to_be_focused()
    console.get_by_role("button", name="Oui, retirer cette personne").click()
    expect(console.locator("#people")).not_to_contain_text("Intrus")
    expect(console.locator("#people")).to_contain_text("Awa")


@needs_event("synthesis.reopen")
def test_the_facilitator_reopens_a_final_synthesis(open_page, make_workshop, server):
    workshop = make_workshop(title="Atelier qui revient sur sa synthèse")
    console = open_page(workshop["facilitator"], LAPTOP)
    staff = facilitator_socket(server, workshop)
    steps = staff.emit("workshop.state", {})["state"]["steps"]
    synthesis_step = next(s for s in steps if s["kind"] == "synthesis")
    staff.emit("step.goto", {"step_id": synthesis_step["id"], "from_step_id": None})
    participant(server.url, workshop["code"], "Awa").close()  # the groups present are the ones that validate
    version = staff.emit("synthesis.draft", {"text": "Une ligne\nUne autre ligne", "source_card_ids": []})["version"]
    referent = SocketClient(server.url, {"token": workshop["referents"]["experience"].rsplit("/", 1)[1]})
    referent.emit("synthesis.decide", {"version": version, "decision": "validated", "comment": ""})
    referent.close()
    expect(console.locator(".panel-synthesis")).to_contain_text("c'est la synthèse finale")
    console.get_by_role("button", name="Rouvrir la synthèse").click()
    expect(console.get_by_role("button", name="Rouvrir la synthèse")).to_have_count(0)
    expect(console.locator(".validation-log")).to_contain_text("rouverte par l'animation")
    staff.close()


CONSOLE_SOURCES = ("static/js/console.js", "static/js/console-method.js", "static/js/console-room.js",
                   "static/js/console-programme.js", "static/js/moderation-view.js", "templates/facilitator/console.html")


def _french_console_words() -> list[str]:
    """The console's own French words (msgid) that its English differs from, long enough not to be a name."""
    from babel.messages.pofile import read_po

    from e2e.test_phone import CATALOGUE

    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    return [m.id for m in catalogue if m.id and m.string and m.id != m.string and "%(" not in m.id and len(m.id) >= 8
            and any(path in CONSOLE_SOURCES for path, _line in m.locations)]


def test_the_english_console_shows_no_french(open_page, make_workshop, server):
    workshop = make_workshop(title="Workshop in English", language="en")
    console = open_page(workshop["facilitator"] + "?lang=en", LAPTOP | {"locale": "en-GB"})
    expect(console.locator("#connection")).to_have_text("Connected")
    console.get_by_role("button", name="Start the workshop").click()
    console.get_by_role("button", name="Confirm").click()
    console.get_by_role("button", name=re.compile("^Next step")).click()
    console.get_by_role("button", name="Confirm").click()
    awa = participant(server.url, workshop["code"], "Awa")
    awa.emit("card.create", {"client_id": "g" * 32, "kind": "perception", "text": "Rendez-vous trop rares."})
    expect(console.locator("#cards .card")).to_have_count(1)
    text = console.evaluate("() => document.body.innerText + ' ' + Array.from(document.querySelectorAll('[aria-label]'))"
                            ".map((n) => n.getAttribute('aria-label')).join(' ')")
    leftovers = [word for word in _french_console_words() if word in text]
    assert not leftovers, f"French words on the English console: {leftovers}"
    screenshot(console, "console-english")
    awa.close()
