"""Before and after the day in a real browser: a programme prepared on the workshop page then run, a
duplicated workshop run, and the recap a phone opens after the final export and loses after the purge."""
from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from live_server import app_for

from e2e.axe import require_axe, violations
from e2e.browser import LAPTOP, PHONE, join, move_to, screenshot

PASSWORD = "un long mot de passe"


def organiser_with_workshop(database_url: str, title: str) -> dict:
    email = f"around-{uuid.uuid4().hex[:8]}@clts.example"
    with app_for(database_url):
        from clts_forum.services import organisers, workshops

        organiser = organisers.create(name="Claire", email=email, password=PASSWORD)
        workshop = workshops.create_workshop(title=title, created_by=organiser)
        return {"email": email, "id": workshop.id, "code": workshop.join_code,
                "facilitator": f"/f/{workshops.active_link(workshop, 'facilitator').token}"}


def log_in(open_page, email: str) -> Page:
    page = open_page("/login", LAPTOP | {"bypass_csp": True})  # axe is injected into the page
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/organiser/")  # logged in: the dashboard
    return page


def test_a_programme_prepared_on_the_workshop_page_is_the_one_that_runs(open_page, database_url):
    require_axe()
    made = organiser_with_workshop(database_url, "Journée préparée")
    organiser = log_in(open_page, made["email"])
    organiser.goto(f"/organiser/workshops/{made['id']}")
    organiser.get_by_role("link", name="Préparer : programme, glossaire, questionnaire, modération").click()
    expect(organiser.get_by_role("heading", name="Préparer l'atelier")).to_be_visible()
    found = violations(organiser, "préparer")

    first = organiser.locator("#programme li").first
    first.get_by_label("Titre").fill("Bienvenue au comité")
    first.get_by_label("Consigne", exact=True).fill("On se présente : prénom et ce qu'on attend de la journée.")
    first.get_by_label("Consigne en facile à lire").fill("Dites votre prénom.")
    first.get_by_label("Durée (minutes)").fill("20")
    first.get_by_role("button", name="Enregistrer l'étape").click()
    expect(organiser.get_by_text("Étape enregistrée.")).to_be_visible()

    # a refused change says why and keeps what was typed
    second = organiser.locator("#programme li").nth(1)
    second.get_by_label("Durée (minutes)").fill("mille")
    second.get_by_role("button", name="Enregistrer l'étape").click()
    expect(organiser.get_by_text("La durée doit être un nombre de minutes entre 0 et 600.")).to_be_visible()
    expect(organiser.locator("#programme li").nth(1).get_by_label("Durée (minutes)")).to_have_value("mille")
    found += violations(organiser, "préparer, refused step")

    organiser.get_by_label("Type de la nouvelle étape").select_option(label="Éclairage")
    organiser.get_by_label("Placer après").select_option(index=0)
    organiser.get_by_role("button", name="Ajouter une étape").click()
    expect(organiser.get_by_text("Étape ajoutée : complétez sa consigne.")).to_be_visible()
    added = organiser.locator("#programme li").nth(1)
    added.get_by_label("Titre").fill("Le mot de la chercheuse")
    added.get_by_role("button", name="Enregistrer l'étape").click()
    organiser.locator("#programme li").nth(1).get_by_role("button", name="Monter").click()
    expect(organiser.locator("#programme li").first).to_contain_text("Le mot de la chercheuse")

    organiser.get_by_label("Sigles et explications").fill("DALO : Droit au logement opposable.")
    organiser.get_by_role("button", name="Enregistrer le glossaire").click()
    expect(organiser.get_by_text("Glossaire enregistré.")).to_be_visible()
    screenshot(organiser, "organiser-prepare")
    assert not found, "\n".join(found)

    console = open_page(made["facilitator"], LAPTOP)
    phone = join(open_page, made["code"], "Awa")
    expect(console.locator("#steps li").first).to_contain_text("Le mot de la chercheuse")
    move_to(console, "Démarrer l'atelier", "Le mot de la chercheuse")
    expect(phone.locator("#step-title")).to_have_text("Le mot de la chercheuse")
    move_to(console, "Étape suivante ▶", "Bienvenue au comité")
    expect(phone.locator("#step-title")).to_have_text("Bienvenue au comité")


def test_a_duplicated_workshop_runs_with_the_programme_of_its_source(open_page, database_url):
    made = organiser_with_workshop(database_url, "Groupe de travail n° 1")
    with app_for(database_url):
        from clts_forum.extensions import db
        from clts_forum.models import Workshop

        source = db.session.get(Workshop, made["id"])
        source.steps[0].title = "Tour de table"
        db.session.commit()
    organiser = log_in(open_page, made["email"])
    organiser.goto(f"/organiser/workshops/{made['id']}")
    duplicate = organiser.locator("#duplicate")
    duplicate.get_by_label("Titre").fill("Groupe de travail n° 2")
    duplicate.get_by_label("Date de la nouvelle séance").fill("2027-02-04")
    duplicate.get_by_role("button", name="Créer la nouvelle séance").click()
    expect(organiser.get_by_role("heading", name="Groupe de travail n° 2")).to_be_visible()
    code = organiser.locator(".big-code").inner_text().strip()
    assert code != made["code"]
    console_url = organiser.locator("#team-links dd a").first.get_attribute("href")
    assert console_url != made["facilitator"]

    console = open_page(console_url, LAPTOP)
    phone = join(open_page, code, "Binta")
    move_to(console, "Démarrer l'atelier", "Tour de table")
    expect(phone.locator("#step-title")).to_have_text("Tour de table")


def test_a_phone_opens_the_recap_after_the_final_export_and_loses_it_after_the_purge(open_page, database_url):
    require_axe()
    made = organiser_with_workshop(database_url, "Journée à raconter")
    phone = join(lambda path: open_page(path, PHONE | {"bypass_csp": True}), made["code"], "Awa")
    recap = f"/j/{made['code']}/compte-rendu"
    phone.goto(recap)
    expect(phone.get_by_text("Le compte rendu arrive après la fin de l'atelier.")).to_be_visible()
    found = violations(phone, "recap, not yet")

    with app_for(database_url):
        from clts_forum.actors import link_actor
        from clts_forum.extensions import db
        from clts_forum.models import Participant, Workshop
        from clts_forum.services import cards, participants, recap as recaps, retention, steps, workshops
        from clts_forum.actors import participant_actor

        workshop = db.session.get(Workshop, made["id"])
        team = link_actor(workshops.active_link(workshop, "facilitator"))
        step = next(s for s in workshop.steps if s.kind == "perceptions")
        steps.goto(team, step_id=step.id, from_step_id=None)
        awa = db.session.scalar(db.select(Participant).filter_by(workshop_id=workshop.id, pseudonym="Awa"))
        quoted = participants.join(workshop, pseudonym="Zéphyrine", category="personne_accompagnee")
        cards.create(participant_actor(quoted), {"client_id": "e2e-recap-0001", "kind": "perception",
                                                 "text": "On attend trop longtemps au guichet.",
                                                 "consent_quote": True})
        cards.create(participant_actor(awa), {"client_id": "e2e-recap-0002", "kind": "perception",
                                              "text": "Les courriers sont difficiles à lire."})
        retention.close(team, workshop)
        retention.record_final_export(team, workshop, "pdf")
        public = f"/compte-rendu/{recaps.make_public_link(team, workshop)}"

    phone.goto(recap)
    expect(phone.get_by_role("heading", name="Ce que nous avons fait ensemble")).to_be_visible()
    expect(phone.get_by_role("heading", name="Compte rendu complet")).to_be_visible()
    expect(phone.get_by_text("Les courriers sont difficiles à lire.").first).to_be_visible()
    screenshot(phone, "phone-recap")
    found += violations(phone, "recap on the phone")

    reader = open_page(public, PHONE | {"bypass_csp": True})
    expect(reader.get_by_text("On attend trop longtemps au guichet.").first).to_be_visible()
    whole = reader.content()
    assert "Zéphyrine" not in whole and "Awa" not in whole  # not even the author who agreed to be quoted
    screenshot(reader, "public-recap")
    found += violations(reader, "public recap")
    assert not found, "\n".join(found)

    with app_for(database_url):
        from clts_forum.extensions import db
        from clts_forum.models import Workshop
        from clts_forum.services import retention

        workshop = db.session.get(Workshop, made["id"])
        retention.purge_identities(link_actor(workshops.active_link(workshop, "facilitator")), workshop)

    gone = phone.goto(recap)
    assert gone.status == 410
    expect(phone.get_by_text("les noms de l'atelier ont été effacés")).to_be_visible()
    reader.reload()
    expect(reader.get_by_text("On attend trop longtemps au guichet.").first).to_be_visible()
