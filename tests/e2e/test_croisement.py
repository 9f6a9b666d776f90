"""Sealed peer-group rooms in the browser: each group works apart, then shares what it chose."""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.browser import BOARD, LAPTOP, join, move_to, post, screenshot


def test_peer_groups_work_apart_then_release_to_the_plenary(open_page, make_workshop):
    workshop = make_workshop(title="Croisement complet", template="croisement")
    board = open_page(workshop["board"], BOARD)
    console = open_page(workshop["facilitator"], LAPTOP)
    referent = open_page(workshop["referents"]["experience"], LAPTOP)
    awa = join(open_page, workshop["code"], "Awa")
    ali = join(open_page, workshop["code"], "Ali")
    bruno = join(open_page, workshop["code"], "Bruno", category="Professionnel·le")

    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    move_to(console, "Étape suivante ▶", "Travail en groupes de pairs")
    post(awa, "Entre nous : on a peur de perdre nos droits si on se plaint.")
    post(awa, "On aimerait un seul interlocuteur.")
    post(bruno, "Les dossiers sont trop longs à instruire.")
    expect(ali.locator("#room-cards .card")).to_have_count(2)
    expect(ali.locator("#room-cards")).to_contain_text("Seulement dans votre groupe")
    expect(ali.locator("#room-cards")).not_to_contain_text("dossiers")
    expect(bruno.locator("#room-cards .card")).to_have_count(0)
    expect(board.locator(".stage-message")).to_contain_text("Chaque groupe travaille dans sa salle")
    expect(board.locator(".card")).to_have_count(0)
    expect(referent.locator("#cards .card")).to_have_count(2)
    screenshot(ali, "croisement-1-peer-group-phone")

    # A member proposes what the group shares; the référent confirms; the plenary sees it.
    ali.locator(".release-cards").get_by_text("On aimerait un seul interlocuteur.").click()
    ali.get_by_label("Résumé du groupe (facultatif)").fill("Être écouté·es sans crainte, par une seule personne.")
    ali.get_by_role("button", name="Proposer ce partage").click()
    expect(awa.locator(".proposals")).to_contain_text("Proposé, en attente de confirmation")
    expect(board.locator(".card")).to_have_count(0)
    referent.get_by_role("button", name="Confirmer le partage").click()
    expect(board.locator(".column.group-experience .card")).to_have_count(2)
    expect(board.locator(".column.group-experience .kind-summary")).to_contain_text("une seule personne")
    expect(bruno.locator("#room-cards")).to_contain_text("On aimerait un seul interlocuteur.")
    expect(bruno.locator("#room-cards")).not_to_contain_text("peur de perdre")
    expect(awa.locator(".proposals")).to_contain_text("Partagé avec la salle")
    screenshot(referent, "croisement-2-referent")
    screenshot(board, "croisement-2-released-board")

    move_to(console, "Étape suivante ▶", "Croisement en plénière")
    columns = board.locator(".column h2 .column-title")
    expect(columns.first).to_have_text("Savoir d'expérience")  # the people concerned first
    expect(board.locator(".column.group-experience .card")).to_have_count(2)
    expect(board.get_by_text("peur de perdre")).to_have_count(0)
    screenshot(board, "croisement-3-crossing-board")

    # The programme and the questionnaire stay editable during the day.
    console.get_by_role("button", name="Modifier le déroulé").click()
    first_question = console.locator(".question-editor").first
    first_question.get_by_label("Question").fill("Vous êtes-vous senti·e respecté·e ?")
    console.get_by_role("button", name="Enregistrer le questionnaire").click()
    expect(console.get_by_text("Questionnaire enregistré.")).to_be_visible()
    tracks = console.locator(".programme-step", has_text="Pistes d'amélioration")
    tracks.get_by_label("Durée (minutes)").fill("75")
    tracks.get_by_role("button", name="Enregistrer l'étape").click()
    expect(console.locator("#steps li", has_text="Pistes d'amélioration")).to_contain_text("75 min")
    screenshot(console, "croisement-4-programme-editor")
