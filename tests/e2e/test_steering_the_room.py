"""The facilitator steers a room in the browser: moderation, rewording, themes, spotlight, timer,
pause, undo — with the board and three phones following. Screenshots of every board layout."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.browser import BOARD, LAPTOP, join, move_to, post, screenshot


def card_in_console(console, text):
    return console.locator("#cards .card", has_text=text)


def test_the_facilitator_moderates_and_steers_the_room(open_page, make_workshop):
    workshop = make_workshop(title="Atelier modéré", moderation="pre")
    board = open_page(workshop["board"], BOARD)
    console = open_page(workshop["facilitator"], LAPTOP)
    awa = join(open_page, workshop["code"], "Awa")
    ali = join(open_page, workshop["code"], "Ali")
    bruno = join(open_page, workshop["code"], "Bruno", category="Professionnel·le")
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", "Les personnes concernées présentent leurs perceptions")

    # Pre-moderation: nothing reaches the board before approval; the author sees "waiting".
    post(awa, "Les rendez-vous sont trop rares.")
    post(ali, "On ne comprend pas les courriers.")
    post(ali, "Mme Durand de la CAF ne répond jamais.")
    expect(awa.locator("#my-cards")).to_contain_text("En attente de validation")
    expect(console.locator("#cards-title")).to_contain_text("3 à valider")
    expect(board.locator(".card")).to_have_count(0)
    card_in_console(console, "rendez-vous").get_by_role("button", name="Valider").click()
    card_in_console(console, "courriers").get_by_role("button", name="Valider").click()
    expect(board.locator(".card")).to_have_count(2)
    expect(awa.locator("#my-cards")).to_contain_text("Publiée")

    # A card naming someone: the facilitator proposes a new wording; the author accepts on her phone.
    named = card_in_console(console, "Mme Durand")
    expect(named.locator(".flag")).to_contain_text("nom de personne")
    named.get_by_role("button", name="Reformuler").click()
    console.get_by_label("Nouvelle formulation proposée à l'auteur·rice").fill("Une conseillère de la CAF ne répond jamais.")
    console.get_by_role("button", name="Proposer à l'auteur·rice").click()
    expect(ali.locator("#reword-notice")).to_be_visible()
    ali.get_by_role("button", name="Voir la proposition").click()
    expect(ali.locator(".reword-offer blockquote")).to_have_text("Une conseillère de la CAF ne répond jamais.")
    expect(ali.get_by_role("button", name="J'accepte")).to_be_focused()
    screenshot(ali, "moderation-phone-reword")
    ali.get_by_role("button", name="J'accepte").click()
    expect(ali.locator("#reword-notice")).to_be_hidden()
    expect(board.locator("#stage").get_by_text("Une conseillère de la CAF ne répond jamais.")).to_be_visible()
    expect(board.get_by_text("Durand")).to_have_count(0)

    # Hide, then the log shows it and one click undoes it.
    card_in_console(console, "courriers").get_by_role("button", name="Masquer").click()
    expect(board.locator(".card")).to_have_count(2)
    expect(ali.locator("#my-cards")).to_contain_text("Masquée par l'animation")
    expect(console.locator("#audit-log")).to_contain_text("Modération")
    console.get_by_role("button", name="Annuler : la modération d'une carte").click()
    expect(board.locator(".card")).to_have_count(3)

    # Themes: choose cards, one click on the theme; the board can show cards by theme.
    console.get_by_label("Nom du nouveau thème").fill("Accès aux droits")
    console.get_by_role("button", name="Créer le thème").click()
    for text in ("courriers", "CAF"):
        card_in_console(console, text).get_by_label("Choisir").check()
    console.get_by_role("button", name=re.compile(r"^Accès aux droits \(0\)")).click()
    expect(console.get_by_role("button", name=re.compile(r"^Accès aux droits \(2\)"))).to_be_visible()
    console.get_by_label("Écran :").select_option("themes")
    expect(board.locator(".theme-column h2").first).to_contain_text("Accès aux droits")
    screenshot(board, "board-layout-themes")
    console.get_by_label("Écran :").select_option("columns")
    expect(board.locator(".column.group-experience")).to_be_visible()
    screenshot(board, "board-layout-columns")

    # Spotlight: one card full screen on the board, then cleared.
    card_in_console(console, "rendez-vous").get_by_role("button", name="Mettre en avant").click()
    expect(board.locator("#spotlight-text")).to_have_text("Les rendez-vous sont trop rares.")
    screenshot(board, "board-spotlight")
    card_in_console(console, "rendez-vous").get_by_role("button", name="Retirer de l'écran").click()
    expect(board.locator("#spotlight")).to_be_hidden()

    # Timer: shown on board and phones; it never moves the room on.
    console.get_by_role("button", name="Lancer le minuteur").click()
    expect(board.locator("#timer")).to_contain_text("Il reste 4")
    expect(bruno.locator("#step-timer")).to_contain_text("Il reste")
    console.get_by_role("button", name="+5 min").click()
    expect(board.locator("#timer")).to_contain_text(re.compile(r"Il reste (49|50):"))
    console.get_by_role("button", name="Pause du minuteur").click()
    expect(board.locator("#timer")).to_contain_text("En pause")

    # Pause: a calm screen everywhere; a participant can also ask for one, privately.
    bruno.get_by_role("button", name="J'ai besoin d'une pause").click()
    expect(console.locator(".pause-requests")).to_contain_text("Bruno")
    console.get_by_role("button", name="Vu").click()
    console.get_by_role("button", name="Mettre la salle en pause").click()
    expect(board.locator("#pause")).to_be_visible()
    expect(awa.locator("#pause")).to_be_visible()
    screenshot(board, "board-pause")
    screenshot(awa, "phone-pause")
    console.get_by_role("button", name="Reprendre").click()
    expect(awa.locator("#pause")).to_be_hidden()

    # The other layouts: the agreement map, the speaker queue, the join screen.
    bruno.get_by_role("button", name="Je demande la parole").click()
    console.get_by_label("Écran :").select_option("queue")
    expect(board.locator(".queue-board-list li")).to_have_count(1)
    screenshot(board, "board-layout-queue")
    console.get_by_label("Écran :").select_option("join")
    expect(board.locator(".board-join img")).to_be_visible()
    screenshot(board, "board-layout-join")
    console.get_by_label("Écran :").select_option("auto")

    # A step change by mistake is one click away from being undone.
    move_to(console, "Étape suivante ▶", "Pistes d'amélioration")
    expect(awa.locator("#step-title")).to_have_text("Pistes d'amélioration")
    post(bruno, "Un numéro unique")
    card_in_console(console, "numéro unique").get_by_role("button", name="Valider").click()
    console.get_by_label("Écran :").select_option("agreement")
    expect(board.locator(".track-row")).to_have_count(1)
    screenshot(board, "board-layout-agreement")
    # Undo walks back one action at a time: the layout, the validation, then the step change.
    console.get_by_role("button", name="Annuler : la disposition de l'écran").click()
    expect(console.get_by_label("Écran :")).to_have_value("auto")
    console.get_by_role("button", name="Annuler : la modération d'une carte").click()
    console.get_by_role("button", name="Annuler : le changement d'étape").click()
    expect(awa.locator("#step-title")).to_have_text("Les personnes concernées présentent leurs perceptions")
    expect(console.locator("#steps li.current")).to_contain_text("Les personnes concernées")
    screenshot(console, "facilitator-moderation")
