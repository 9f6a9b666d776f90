"""A whole festival day in the browser: two phones per peer group, every step, ending with a synthesis
validated by every group. Screenshots of each step on a phone and on the board."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.browser import BOARD, LAPTOP, join, move_to, post, screenshot

TRACK = "Un accueil sans rendez-vous le jeudi soir"


def position(phone, track: str, value: str) -> None:
    """Tap a coloured card; once chosen its name carries a check mark (not colour alone)."""
    button = phone.locator(".track", has_text=track).get_by_role("button", name=re.compile(f"^(✓ )?{value}$"))
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_accessible_name(f"✓ {value}")


def test_a_whole_festival_day(open_page, make_workshop):
    workshop = make_workshop(title="Festival du CLTS")
    board = open_page(workshop["board"], BOARD)
    console = open_page(workshop["facilitator"], LAPTOP)
    phones = {
        "awa": join(open_page, workshop["code"], "Awa"),
        "ali": join(open_page, workshop["code"], "Ali"),
        "bruno": join(open_page, workshop["code"], "Bruno", category="Professionnel·le"),
        "chloe": join(open_page, workshop["code"], "Chloé", category="Cadre"),
        "dan": join(open_page, workshop["code"], "Dan", category="Chercheur·e / personne qualifiée"),
        "eva": join(open_page, workshop["code"], "Eva", category="Étudiant·e"),
    }
    awa, ali, bruno, chloe, dan, eva = phones.values()
    expect(board.locator(".gauge-item.group-research .gauge-n")).to_have_text("2")

    # 1. Welcome: a hand goes up, the facilitator gives the floor, the board shows who speaks.
    move_to(console, "Démarrer l'atelier", "Accueil et règles du jeu")
    bruno.get_by_role("button", name="Je demande la parole").click()
    awa.get_by_role("button", name="Je demande la parole").click()
    expect(bruno.locator(".hand-status")).to_have_text("Vous êtes n° 1 dans la file.")
    console.get_by_role("button", name="Équilibrer la file").click()  # people concerned first
    expect(console.locator(".queue-item").first).to_contain_text("Awa")
    expect(bruno.locator(".hand-status")).to_have_text("Vous êtes n° 2 dans la file.")
    console.locator(".queue-item", has_text="Awa").get_by_role("button", name="Donner la parole").click()
    expect(awa.locator(".hand-status")).to_have_text("C'est à vous de parler.")
    expect(board.locator("#speaker")).to_have_text("Parole : Personnes concernées")  # not named without consent
    console.get_by_role("button", name="Terminer le tour").click()
    expect(console.locator(".share-of-voice")).to_contain_text("1 · 100 %")
    screenshot(awa, "festival-1-welcome-phone")
    screenshot(board, "festival-1-welcome-board")

    # 2. The people concerned present their perceptions; the others listen.
    move_to(console, "Étape suivante ▶", "Les personnes concernées présentent leurs perceptions")
    post(awa, "On attend des semaines pour un rendez-vous.")
    post(ali, "Au guichet, on ne nous explique pas nos droits.")
    expect(bruno.locator("#listen")).to_be_visible()
    expect(board.locator(".column.group-experience .card")).to_have_count(2)
    screenshot(ali, "festival-2-perceptions-phone")
    screenshot(board, "festival-2-perceptions-board")

    # 3. Tracks: linked to perceptions; every phone takes a position; the board maps them per group.
    move_to(console, "Étape suivante ▶", "Pistes d'amélioration")
    bruno.get_by_label("Votre piste d'amélioration").fill(TRACK)
    bruno.locator("#links summary").click()
    bruno.locator("#link-options").get_by_text("On attend des semaines pour un rendez-vous.").click()
    bruno.get_by_role("button", name="Envoyer").click()
    post(dan, "Des courriers relus par des personnes concernées")
    for phone in phones.values():
        expect(phone.locator(".track")).to_have_count(2)
    for phone, value in ((awa, "D'accord"), (ali, "D'accord"), (bruno, "D'accord"), (chloe, "Mitigé"),
                         (dan, "Pas d'accord"), (eva, "Pas d'accord")):
        position(phone, TRACK, value)
    position(chloe, TRACK, "D'accord")  # a position can change
    track_row = board.locator(".track-row", has_text=TRACK)
    expect(track_row.locator(".agreement-counts")).to_have_text(["2 · 0 · 0", "2 · 0 · 0", "0 · 0 · 2"])
    expect(track_row.locator(".convergence")).to_have_text("Les groupes divergent")
    expect(board.locator(".coverage-item.has-track")).to_contain_text("On attend des semaines")
    expect(board.locator(".coverage-item.no-track")).to_contain_text("Au guichet")
    expect(console.locator(".panel-tracks .track-row")).to_have_count(2)
    screenshot(chloe, "festival-3-tracks-phone")
    screenshot(board, "festival-3-tracks-board")

    # 4. Insight: the facilitator switches this step to immediate publication, publishes a key point;
    #    phones ask and support questions; the facilitator marks one answered.
    console.get_by_role("button", name="Modifier le déroulé").click()
    insight = console.locator(".programme-step", has_text="Éclairage théorique")
    insight.locator("summary").click()
    insight.get_by_label("Modération").select_option("post")
    insight.get_by_role("button", name="Enregistrer l'étape").click()
    expect(console.locator(".programme-step", has_text="Éclairage théorique").locator("select")).to_have_value("post")
    console.get_by_role("button", name="Fermer l'éditeur du déroulé").click()
    move_to(console, "Étape suivante ▶", "Éclairage théorique et méthodologique")
    console.get_by_label("Un point clé").fill("Le croisement des savoirs met trois savoirs à égalité.")
    console.get_by_label("Le même point en facile à lire").fill("Chaque savoir compte autant.")
    console.get_by_role("button", name="Publier le point clé").click()
    expect(awa.locator(".key-point")).to_contain_text("Chaque savoir compte autant.")
    awa.get_by_label("Votre question").fill("Qui décide des horaires d'ouverture ?")
    awa.get_by_role("button", name="Envoyer").click()
    for phone in (ali, bruno, dan):
        phone.locator(".question", has_text="horaires").locator(".support").click()
    expect(board.locator(".questions .card")).to_contain_text("3 soutiens")
    console.locator(".panel-insight .question", has_text="horaires").get_by_role("button", name="Marquer comme traitée").click()
    expect(board.locator(".questions .card.answered")).to_have_count(1)
    screenshot(dan, "festival-4-insight-phone")
    screenshot(board, "festival-4-insight-board")

    # 5. Synthesis: version 1, a group asks for changes, version 2, every group validates.
    move_to(console, "Étape suivante ▶", "Synthèse et validation")
    console.locator(".panel-synthesis summary").click()
    console.locator(".card-picker").get_by_text(TRACK).click()
    console.get_by_role("button", name="Ajouter les cartes choisies au texte").click()
    expect(console.get_by_label("Texte de la synthèse")).to_have_value(re.compile("jeudi soir"))
    console.get_by_role("button", name="Proposer la version 1 aux groupes").click()
    expect(awa.locator(".synthesis-text")).to_contain_text("jeudi soir")
    awa.get_by_role("button", name="Notre groupe valide cette version").click()
    bruno.get_by_label("Ce que votre groupe voudrait changer").fill("Ajouter la relecture des courriers.")
    bruno.get_by_role("button", name="Notre groupe demande des changements").click()
    expect(board.locator(".decision-changes")).to_contain_text("Ajouter la relecture des courriers.")
    draft = console.get_by_label("Texte de la synthèse")
    draft.fill(draft.input_value() + "\n\n– Des courriers relus par des personnes concernées.")
    console.get_by_role("button", name="Proposer la version 2 aux groupes").click()
    expect(ali.locator(".synthesis-text .eyebrow")).to_have_text("Version 2")
    for phone in (ali, chloe, eva):
        phone.get_by_role("button", name="Notre groupe valide cette version").click()
    expect(board.locator("#synthesis-title")).to_have_text("Synthèse validée par tous les groupes (version 2)")
    expect(awa.locator(".group-decision")).to_have_text("Tous les groupes ont validé cette version. Merci !")
    expect(console.locator(".validation-log li")).to_have_count(5)
    screenshot(eva, "festival-5-synthesis-phone")
    screenshot(board, "festival-5-synthesis-board")
    screenshot(console, "festival-5-synthesis-console")

    # 6. Evaluation: anonymous answers, results per group on the console.
    move_to(console, "Étape suivante ▶", "Évaluation")
    for phone, score in ((awa, "5"), (bruno, "4"), (dan, "3")):
        phone.locator(".scale").first.locator(".scale-choice", has_text=score).click()
        phone.get_by_role("button", name="Envoyer mon avis").click()
        expect(phone.locator(".thanks")).to_be_visible()
    # three answers in all, fewer than 5 in each group: counted, never detailed (the "<5" rule)
    expect(console.locator(".evaluation-results")).to_contain_text("<5 réponses")
    expect(console.locator(".evaluation-results")).to_contain_text("pour que personne ne soit reconnaissable")
    expect(console.locator(".evaluation-question").first).not_to_contain_text("moyenne")
    screenshot(awa, "festival-6-evaluation-phone")
    screenshot(board, "festival-6-evaluation-board")
    screenshot(console, "festival-6-evaluation-console")
