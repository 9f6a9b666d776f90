"""Screenshots of every phone state in French and English, normal and easy-read (390×844), saved
under tests/e2e/screenshots/phone-<state>-<language>-<mode>.png to be looked at."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.browser import LAPTOP, PHONE, join, move_to, post, screenshot
from e2e.test_phone import ENGLISH_PHONE, PERCEPTIONS, join_in_english


def test_screenshots_of_each_phone_state(open_page, make_workshop):
    workshop = make_workshop(title="Festival du CLTS de Lille")
    console = open_page(workshop["facilitator"], LAPTOP)

    for language, device in (("fr", PHONE), ("en", ENGLISH_PHONE)):
        form = open_page(f"/j/{workshop['code']}", device)
        screenshot(form, f"phone-join-{language}-normal")

    phones = {
        ("fr", "normal"): join(open_page, workshop["code"], "Awa"),
        ("fr", "easy"): join(open_page, workshop["code"], "Ali"),
        ("en", "normal"): join_in_english(open_page, workshop["code"], "Bob"),
        ("en", "easy"): join_in_english(open_page, workshop["code"], "Beth"),
    }
    for (language, mode), phone in phones.items():
        if mode == "easy":
            phone.get_by_role("button", name="Facile à lire" if language == "fr" else "Easy read").click()
    pro = join(open_page, workshop["code"], "Bruno", category="Professionnel·le")

    def shoot(state: str) -> None:
        for (language, mode), phone in phones.items():
            phone.evaluate("() => window.scrollTo(0, 0)")
            phone.wait_for_timeout(50)
            screenshot(phone, f"phone-{state}-{language}-{mode}")

    shoot("1-waiting")
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    for (language, _mode), phone in phones.items():
        phone.get_by_role("button", name="Je demande la parole" if language == "fr" else "I want to speak").click()
    shoot("2-welcome")

    move_to(console, "Étape suivante ▶", PERCEPTIONS)
    post(phones[("fr", "normal")], "Au CCAS, on attend des semaines pour un rendez-vous.")
    for (language, _mode), phone in phones.items():
        phone.get_by_label("Votre idée" if language == "fr" else "Your idea").fill(
            "Le courrier de la CAF est difficile à lire." if language == "fr" else "The CAF letters are hard to read.")
    shoot("3-perceptions")
    for (language, _mode), phone in phones.items():
        phone.get_by_role("button", name="Envoyer" if language == "fr" else "Send").click()
    expect(pro.locator("#room-cards .card")).to_have_count(5)
    screenshot(pro, "phone-3-perceptions-listening-fr-normal")
    phone = phones[("fr", "easy")]
    phone.locator("#my-cards .term", has_text="CAF").click()
    screenshot(phone, "phone-3-glossary-fr-easy")
    phone.keyboard.press("Escape")
    phone = phones[("en", "normal")]
    phone.locator("#my-cards .term", has_text="CAF").click()
    screenshot(phone, "phone-3-glossary-en-normal")
    phone.keyboard.press("Escape")

    move_to(console, "Étape suivante ▶", "Pistes d'amélioration")
    post(pro, "Un accueil sans rendez-vous le jeudi soir au CCAS")
    for (language, _mode), phone in phones.items():
        expect(phone.locator(".track")).to_have_count(1)
        phone.locator(".track .position-agree").click()
    shoot("4-tracks")
    for (language, mode), phone in phones.items():
        phone.locator(".track").scroll_into_view_if_needed()
        screenshot(phone, f"phone-4-tracks-positions-{language}-{mode}")

    move_to(console, "Étape suivante ▶", "Éclairage théorique et méthodologique")
    console.get_by_label("Un point clé").fill("Le croisement des savoirs met trois savoirs à égalité.")
    console.get_by_label("Le même point en facile à lire").fill("Chaque savoir compte autant.")
    console.get_by_role("button", name="Publier le point clé").click()
    for phone in phones.values():
        expect(phone.locator(".key-point")).to_have_count(1)
    shoot("5-insight")

    move_to(console, "Étape suivante ▶", "Synthèse et validation")
    console.locator(".panel-synthesis summary").click()
    console.get_by_label("Texte de la synthèse").fill(
        "Les groupes proposent :\n– un accueil sans rendez-vous le jeudi soir au CCAS (Personnes concernées)\n"
        "– des courriers relus (Professionnel·les)\n\nLes courriers de la CAF seront relus par des personnes concernées.")
    console.get_by_role("button", name="Proposer la version 1 aux groupes").click()
    for (language, _mode), phone in phones.items():
        expect(phone.locator(".synthesis-text")).to_contain_text("jeudi soir")
        # one card per line stays one line; the groups it names are in the page's language
        assert phone.locator(".synthesis-text .keep-lines").first.evaluate("p => p.textContent").count("\n") == 2
        expect(phone.locator(".synthesis-text")).to_contain_text(
            "(Personnes concernées)" if language == "fr" else "(People concerned)")
    shoot("6-synthesis")

    move_to(console, "Étape suivante ▶", "Évaluation")
    for phone in phones.values():
        expect(phone.locator(".evaluation-form")).to_be_visible()
    shoot("7-evaluation")

    console.get_by_role("button", name="Mettre la salle en pause").click()
    for phone in phones.values():
        expect(phone.locator("#pause")).to_be_visible()
    shoot("8-pause")
    console.get_by_role("button", name="Reprendre").click()

    move_to(console, "◀ Étape précédente", "Synthèse et validation")
    move_to(console, "◀ Étape précédente", "Éclairage théorique et méthodologique")
    for (language, _mode), phone in phones.items():
        phone.context.set_offline(True)
        phone.get_by_label("Votre question" if language == "fr" else "Your question").fill(
            "Qui décide des horaires ?" if language == "fr" else "Who decides the opening hours?")
        phone.get_by_role("button", name="Envoyer" if language == "fr" else "Send").click()
        expect(phone.locator("#my-cards .status-sending")).to_have_count(1)
    shoot("9-offline")
    for phone in phones.values():
        phone.context.set_offline(False)
