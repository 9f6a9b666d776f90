"""The phone for every participant: 320 px and 200 % text, easy-read mode, read-aloud and dictation,
the glossary, French and English, and posts that survive a lost network."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from e2e.browser import BOARD, LAPTOP, PHONE, join, move_to, post
from live_server import app_for

ENGLISH_PHONE = PHONE | {"locale": "en-GB"}
NARROW_PHONE = PHONE | {"viewport": {"width": 320, "height": 640}}
PERCEPTIONS = "Les personnes concernées présentent leurs perceptions"
CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# Where the phone's own words come from (the workshop's content is in the workshop's language).
PHONE_SOURCES = ("templates/participant/phone.html", "templates/base.html", "static/js/phone.js",
                 "static/js/phone-method.js", "static/js/access.js", "static/js/live.js", "static/js/components.js")

# Speech stubs: what would be said is recorded, and "dictation" hears a fixed sentence.
SPEECH_STUBS = """
window.__spoken = [];
if (window.speechSynthesis) window.speechSynthesis.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
class FakeRecognition {
  start() {
    window.__recognitionLang = this.lang;
    setTimeout(() => {
      const result = Object.assign([{ transcript: "Un rendez-vous au CCAS" }], { isFinal: true });
      if (this.onresult) this.onresult({ results: [result] });
      if (this.onend) this.onend();
    }, 50);
  }
  stop() { if (this.onend) this.onend(); }
}
window.SpeechRecognition = FakeRecognition;
window.webkitSpeechRecognition = FakeRecognition;
"""
NO_RECOGNITION = "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"


def join_in_english(open_page, code: str, pseudonym: str, device: dict = ENGLISH_PHONE) -> Page:
    phone = open_page(f"/j/{code}", device)
    phone.get_by_label("Your first name or a nickname").fill(pseudonym)
    phone.get_by_label("Person using social services", exact=True).check()
    phone.get_by_label("No", exact=True).check()
    phone.get_by_role("button", name="Enter the workshop").click()
    expect(phone.locator("#connection")).to_have_text("Connected")
    return phone


def no_sideways_scroll(page: Page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


# What sticks out on the right: elements, then text (a word wider than its box).
WIDEST = """() => {
  const width = document.documentElement.clientWidth + 1;
  const found = Array.from(document.querySelectorAll('body *')).filter((n) => n.getClientRects().length
    && n.getBoundingClientRect().right > width).map((n) => n.tagName + '#' + n.id + '.' + n.className);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    range.selectNodeContents(walker.currentNode);
    if (range.getBoundingClientRect().right > width) found.push('text: ' + walker.currentNode.textContent.slice(0, 40));
  }
  return found.slice(0, 6);
}"""


def test_phone_fits_320_px_and_text_at_200_percent(open_page, make_workshop):
    workshop = make_workshop()
    console = open_page(workshop["facilitator"], LAPTOP)
    phone = join(lambda path: open_page(path, NARROW_PHONE), workshop["code"], "Awa-Marie-Christine")
    other = join(open_page, workshop["code"], "Bruno", category="Professionnel·le")
    states = [("waiting", None), ("welcome", ("Démarrer l'atelier", "Accueil et règles du jeu")),
              ("perceptions", ("Étape suivante ▶", PERCEPTIONS)),
              ("tracks", ("Étape suivante ▶", "Pistes d'amélioration"))]
    for name, move in states:
        if move:
            move_to(console, *move)
        if name == "perceptions":
            post(phone, "Une très longue phrase avec un mot interminable: anticonstitutionnellement-bureaucratique.")
        if name == "tracks":
            post(other, "Un accueil sans rendez-vous le jeudi soir")
            expect(phone.locator(".track")).to_have_count(1)
        for easy in (False, True):
            if easy:
                phone.get_by_role("button", name="Facile à lire").click()
            # 320 px wide (WCAG reflow), and text at 200 % on a common phone width (WCAG resize text).
            for width, text_size in ((320, ""), (390, "200%")):
                phone.set_viewport_size({"width": width, "height": 700})
                phone.evaluate("(size) => { document.documentElement.style.fontSize = size; }", text_size)
                phone.wait_for_timeout(100)
                overflow = no_sideways_scroll(phone)
                assert overflow <= 0, (f"{name}, easy-read={easy}, {width} px, text {text_size or '100%'}: {overflow} px "
                                       f"of sideways scroll: {phone.evaluate(WIDEST)}")
                assert phone.evaluate("() => document.documentElement.scrollWidth") <= width
            phone.evaluate("() => { document.documentElement.style.fontSize = ''; }")
            if easy:
                phone.get_by_role("button", name="Facile à lire").click()


def test_easy_read_mode_is_remembered_and_simplifies_the_screen(open_page, make_workshop):
    workshop = make_workshop()
    console = open_page(workshop["facilitator"], LAPTOP)
    awa = join(open_page, workshop["code"], "Awa")
    ali = join(open_page, workshop["code"], "Ali")
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", PERCEPTIONS)
    post(ali, "Au guichet, on ne nous explique pas nos droits.")
    post(awa, "On attend des semaines.")
    expect(awa.locator("#room-cards .card")).to_have_count(1)
    expect(awa.locator("#step-prompt")).to_contain_text("Les personnes concernées écrivent une idée par carte")
    expect(awa.locator("#send .picto")).to_be_hidden()

    switch = awa.get_by_role("button", name="Facile à lire")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(awa.locator("#step-prompt")).to_have_text("Comment ça se passe pour vous avec les services sociaux ? Écrivez une idée.")
    expect(awa.locator("#send .picto")).to_be_visible()  # a pictogram per action…
    expect(awa.locator(".me .picto")).to_be_visible()  # …per peer group…
    expect(awa.locator("#my-cards .card-kind .picto").first).to_be_visible()  # …and per card kind
    expect(awa.locator("#room-section")).to_be_hidden()  # one action per screen: writing
    expect(awa.locator("#consent")).to_be_hidden()
    size = awa.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#step-prompt')).fontSize)")
    assert size >= 24, f"easy-read prompt text is {size}px"

    awa.reload()
    expect(awa.get_by_role("button", name="Facile à lire")).to_have_attribute("aria-pressed", "true")
    expect(awa.locator("#step-prompt")).to_have_text("Comment ça se passe pour vous avec les services sociaux ? Écrivez une idée.")
    awa.get_by_role("button", name="Facile à lire").click()
    expect(awa.locator("#room-section")).to_be_visible()


def test_read_aloud_and_dictation_use_the_browser_and_the_page_language(open_page, make_workshop):
    workshop = make_workshop()
    console = open_page(workshop["facilitator"], LAPTOP)
    awa = join(open_page, workshop["code"], "Awa")
    awa.context.add_init_script(SPEECH_STUBS)
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", PERCEPTIONS)
    awa.reload()
    expect(awa.locator("#connection")).to_have_text("Connecté")
    expect(awa.locator("#step-prompt")).to_contain_text("services sociaux")  # the snapshot is drawn

    awa.get_by_role("button", name="Écouter la consigne").click()
    spoken = awa.evaluate("() => window.__spoken")
    assert spoken[-1]["lang"] == "fr-FR" and "services sociaux" in spoken[-1]["text"]

    awa.get_by_role("button", name="Dicter").click()
    expect(awa.get_by_label("Votre idée")).to_have_value("Un rendez-vous au CCAS")
    assert awa.evaluate("() => window.__recognitionLang") == "fr-FR"
    awa.reload()  # dictated text is a draft like typed text
    expect(awa.get_by_label("Votre idée")).to_have_value("Un rendez-vous au CCAS")
    awa.get_by_role("button", name="Envoyer").click()
    awa.locator("#my-cards .card").get_by_role("button", name="Écouter la carte").click()
    assert awa.evaluate("() => window.__spoken")[-1]["text"] == "Un rendez-vous au CCAS"

    bob = join_in_english(open_page, workshop["code"], "Bob")
    bob.context.add_init_script(SPEECH_STUBS)
    bob.reload()
    bob.get_by_role("button", name="Listen to the prompt").click()
    assert bob.evaluate("() => window.__spoken")[-1]["lang"] == "en-GB"

    plain = join(open_page, workshop["code"], "Ali")
    plain.context.add_init_script(NO_RECOGNITION)
    plain.reload()
    expect(plain.locator("#connection")).to_have_text("Connecté")
    expect(plain.get_by_label("Votre idée")).to_be_visible()
    expect(plain.locator("#dictate")).to_be_hidden()  # no recognition in this browser: no microphone


def test_acronyms_are_explained_on_tap_and_the_glossary_is_editable(open_page, make_workshop):
    workshop = make_workshop()
    console = open_page(workshop["facilitator"], LAPTOP)
    awa = join(open_page, workshop["code"], "Awa")
    ali = join(open_page, workshop["code"], "Ali")
    bob = join_in_english(open_page, workshop["code"], "Bob")
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", PERCEPTIONS)
    post(awa, "Au CCAS, pour le RSA, on attend des semaines.")

    term = ali.locator("#room-cards .term", has_text="CCAS")
    expect(term).to_have_count(1)
    expect(ali.locator("#room-cards .card-text").first).to_have_text(re.compile(r"^Au CCAS.*, pour le RSA.*, on attend des semaines\.$"))
    term.click()
    dialog = ali.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("h2")).to_have_text("CCAS")
    expect(dialog).to_contain_text("Le service social de la mairie.")
    ali.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(term).to_be_focused()  # focus goes back to the acronym

    bob.locator("#room-cards .term", has_text="RSA").click()
    expect(bob.get_by_role("dialog")).to_contain_text("Money for people who have little or no income.")
    bob.get_by_role("button", name="Close").click()

    console.get_by_text("Les sigles expliqués sur les téléphones").click()
    glossary = console.get_by_label("Un sigle par ligne : SIGLE : explication simple")
    expect(glossary).to_have_value(re.compile("CCAS : Centre communal"))
    glossary.fill("CCAS : Le service social de la mairie de Lille.\nDALO : Droit au logement opposable.")
    console.get_by_role("button", name="Enregistrer le glossaire").click()
    expect(console.locator("#glossary-status")).to_have_text("Glossaire enregistré : 2 sigles.")
    post(awa, "Le DALO, personne ne sait ce que c'est.")
    ali.locator("#room-cards .term", has_text="DALO").click()
    expect(ali.get_by_role("dialog")).to_contain_text("Droit au logement opposable.")
    ali.get_by_role("button", name="Fermer").click()
    expect(ali.locator("#room-cards .term", has_text="RSA")).to_have_count(0)  # no longer in the glossary


def _phone_strings(kind: str) -> list[str]:
    """The phone's own words in French (`msgid`) or English (`msgstr`), where the two differ."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    words = []
    for message in catalogue:
        if not message.id or message.id == message.string or "%(" in message.id:
            continue
        if not any(path in PHONE_SOURCES for path, _line in message.locations):
            continue
        text = message.id if kind == "fr" else message.string
        if len(text) >= 8:
            words.append(text)
    return words


def test_english_phone_has_no_french_and_french_phone_no_english(open_page, make_workshop):
    workshop = make_workshop()
    console = open_page(workshop["facilitator"], LAPTOP)
    bob = join_in_english(open_page, workshop["code"], "Bob")
    awa = join(open_page, workshop["code"], "Awa")
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", PERCEPTIONS)
    post(awa, "On attend des semaines.")
    expect(bob.locator("#room-cards .card")).to_have_count(1)
    expect(bob.locator("html")).to_have_attribute("lang", "en")
    expect(bob.get_by_role("heading", name="My cards")).to_be_visible()

    def leftovers(page: Page, words: list[str]) -> list[str]:
        text = page.evaluate("() => document.body.innerText + ' ' + Array.from(document.querySelectorAll('[aria-label]'))"
                             ".map((n) => n.getAttribute('aria-label')).join(' ')")
        return [w for w in words if w in text]

    for easy in (False, True):
        if easy:
            bob.get_by_role("button", name="Easy read").click()
            awa.get_by_role("button", name="Facile à lire").click()
        assert not leftovers(bob, _phone_strings("fr")), "French words on the English phone"
        assert not leftovers(awa, _phone_strings("en")), "English words on the French phone"

    bob.get_by_role("link", name="Français").click()
    expect(bob.locator("html")).to_have_attribute("lang", "fr")
    expect(bob.get_by_role("heading", name="Mes cartes")).to_be_visible()
    expect(bob.locator("#connection")).to_have_text("Connecté")
    bob.reload()  # the choice is remembered over the browser's language
    expect(bob.get_by_role("heading", name="Mes cartes")).to_be_visible()
    bob.get_by_role("link", name="English").click()
    expect(bob.get_by_role("heading", name="My cards")).to_be_visible()


def test_a_post_made_offline_arrives_once_after_reload_and_reconnect(open_page, make_workshop, database_url):
    workshop = make_workshop()
    board = open_page(workshop["board"], BOARD)
    console = open_page(workshop["facilitator"], LAPTOP)
    awa = join(open_page, workshop["code"], "Awa")
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", PERCEPTIONS)

    awa.get_by_label("Votre idée").fill("Un brouillon gardé sur le téléphone")
    awa.reload()  # the draft survives a reload
    expect(awa.get_by_label("Votre idée")).to_have_value("Un brouillon gardé sur le téléphone")
    expect(awa.get_by_label("Votre idée")).to_be_visible()  # the page has its state again

    awa.context.set_offline(True)
    expect(awa.locator("#connection")).to_have_text("Pas de réseau. Ce que vous écrivez est gardé.")
    awa.get_by_label("Votre idée").fill("Écrit sans réseau, envoyé une seule fois")
    awa.get_by_role("button", name="Envoyer").click()
    expect(awa.locator("#my-cards .status-sending")).to_contain_text("Écrit sans réseau")
    expect(awa.locator("#outbox-status")).to_have_text("1 carte en attente d'envoi. Elle partira toute seule.")
    expect(awa.get_by_label("Votre idée")).to_have_value("")
    queued = awa.evaluate("() => { const key = Object.keys(localStorage).find((k) => k.startsWith('clts:outbox:'));"
                          " return [key, localStorage.getItem(key)]; }")
    assert "Écrit sans réseau" in queued[1]

    awa.context.set_offline(False)
    awa.reload()  # the queued post is sent from the device's outbox on reconnect
    expect(awa.locator("#connection")).to_have_text("Connecté")
    on_board = board.locator(".card", has_text="Écrit sans réseau, envoyé une seule fois")
    expect(on_board).to_have_count(1)
    expect(awa.locator("#my-cards .card", has_text="Écrit sans réseau")).to_have_count(1)
    expect(awa.locator("#my-cards .status-published")).to_have_count(1)
    expect(awa.locator("#outbox-status")).to_have_text("")

    # As if the ack had been lost: the same queued post (same client id) comes back and is sent again.
    awa.evaluate("([key, value]) => localStorage.setItem(key, value)", queued)
    awa.reload()
    expect(awa.locator("#connection")).to_have_text("Connecté")
    expect(awa.locator("#outbox-status")).to_have_text("")
    expect(awa.locator("#my-cards .card", has_text="Écrit sans réseau")).to_have_count(1)
    board.reload()
    expect(board.locator(".card", has_text="Écrit sans réseau")).to_have_count(1)
    from clts_forum.extensions import db
    from clts_forum.models import Card
    with app_for(database_url):
        count = db.session.scalar(db.select(db.func.count()).select_from(Card).where(
            Card.workshop_id == workshop["id"], Card.text == "Écrit sans réseau, envoyé une seule fois"))
    assert count == 1
