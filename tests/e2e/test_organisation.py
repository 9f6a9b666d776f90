"""The CLTS and its mandate in a real browser: an admin invites a second organiser, who makes a working group
with its roster; a member's card is scanned by a phone at two meetings; a meeting's synthesis becomes a
production the admin validates; the bilan counts the member once. Screenshots of every new page."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from live_server import app_for

from e2e.browser import LAPTOP, PHONE, screenshot

PASSWORD = "un long mot de passe"


@pytest.fixture(scope="module")
def committee(database_url):
    """An organisation of its own (the session's database is shared) and its admin."""
    from clts_forum.services import organisations, organisers

    with app_for(database_url):
        organisation = organisations.create(name="CLTS du Doubs")
        organisers.create(name="Alice Admin", email="alice@doubs.example", password=PASSWORD,
                          organisation=organisation, role="admin")
        return organisation.id


def log_in(page, email, password=PASSWORD):
    page.goto("/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Événements du comité")).to_be_visible()


def member_link_from_card(page, member_id_text: str) -> str:
    """The card PDF as an animator prints it: the link its QR code holds (its clickable area says it too)."""
    with page.expect_download() as download:
        page.get_by_role("link", name="Imprimer sa carte (PDF)").click()
    body = open(download.value.path(), "rb").read()
    first = PdfReader(io.BytesIO(body)).pages[0]
    assert member_id_text in first.extract_text()
    links = {annotation.get_object()["/A"]["/URI"] for annotation in first.get("/Annots", [])}
    assert len(links) == 1
    return links.pop()


def start_meeting(database_url, meeting_id: int) -> None:
    """The facilitator opens the meeting's first step from the console (tested elsewhere): now it is held."""
    from clts_forum.actors import link_actor
    from clts_forum.extensions import db
    from clts_forum.models import Workshop
    from clts_forum.services import steps, workshops

    with app_for(database_url):
        meeting = db.session.get(Workshop, meeting_id)
        steps.goto(link_actor(workshops.active_link(meeting, "facilitator")), step_id=meeting.steps[0].id,
                   from_step_id=None)


def hold_meeting_with_validated_synthesis(database_url, meeting_id: int) -> None:
    """What the room does on the day (tested on its own elsewhere): the facilitator runs the steps, the
    synthesis is drafted and every group present validates it."""
    from clts_forum.actors import link_actor, participant_actor
    from clts_forum.extensions import db
    from clts_forum.models import Participant, Workshop
    from clts_forum.services import steps, synthesis, workshops

    with app_for(database_url):
        meeting = db.session.get(Workshop, meeting_id)
        facilitator = link_actor(workshops.active_link(meeting, "facilitator"))
        step = next(s for s in meeting.steps if s.kind == "synthesis")
        steps.goto(facilitator, step_id=step.id, from_step_id=None)
        synthesis.draft(facilitator, {"text": "Aller vers : être là où les personnes vivent."})
        for person in db.session.scalars(db.select(Participant).filter_by(workshop_id=meeting.id)):
            synthesis.decide(participant_actor(person), {"version": 1, "decision": "validated"})


def test_admin_invites_an_organiser_whose_group_meets_twice_and_the_bilan_counts_it(
        browser, server, database_url, committee):
    admin = browser.new_context(base_url=server.url, **LAPTOP).new_page()
    log_in(admin, "alice@doubs.example")

    # the admin adds an account and gets its one-time link (no e-mail)
    admin.get_by_role("link", name="Comptes").click()
    admin.get_by_label("Nom", exact=True).fill("Bruno Organisateur")
    admin.get_by_label("Adresse e-mail (sert d'identifiant)").fill("bruno@doubs.example")
    admin.get_by_label("Rôle").select_option("organiser")
    admin.get_by_role("button", name="Créer le compte et son lien").click()
    invitation = admin.locator("#invitation-url").input_value()
    assert "/invitation/" in invitation
    screenshot(admin, "org-admin-accounts")

    # the second organiser sets a password with it and is in
    bruno = browser.new_context(base_url=server.url, **LAPTOP).new_page()
    bruno.goto(invitation)
    screenshot(bruno, "org-invitation")
    bruno.get_by_label("Mot de passe (12 caractères au moins)").fill("le mot de passe de Bruno")
    bruno.get_by_label("Confirmez le mot de passe").fill("le mot de passe de Bruno")
    bruno.get_by_role("button", name="Enregistrer et entrer").click()
    expect(bruno.get_by_text("Bienvenue ! Votre mot de passe est enregistré.")).to_be_visible()
    bruno.goto(invitation)
    expect(bruno.get_by_role("heading", name="Page introuvable")).to_be_visible()  # used once

    # a working group with its roster
    bruno.goto("/organiser/groups/")
    bruno.get_by_label("Nom du groupe").fill("Aller vers les personnes")
    bruno.get_by_label("Sa question").fill("Comment aller vers celles et ceux qui ne viennent plus ?")
    bruno.get_by_role("button", name="Créer le groupe").click()
    for name, category, structure in [("Josiane", "Personne accompagnée", ""),
                                      ("Marc", "Professionnel·le", "CCAS de Besançon")]:
        bruno.get_by_label("Nom ou pseudonyme (au choix du membre)").fill(name)
        bruno.get_by_label("Catégorie").select_option(label=category)
        bruno.get_by_label("Structure (facultatif, ex. : CCAS de Nantes)").fill(structure)
        bruno.get_by_label("Accepte de figurer dans le bilan (nom et structure)").check()
        bruno.get_by_role("button", name="Ajouter", exact=True).click()
        expect(bruno.get_by_text(f"{name} est membre du groupe.")).to_be_visible()
    group_url = bruno.url.split("#")[0]

    # meeting 1, today
    bruno.get_by_label("Titre").fill("Réunion n° 1")
    bruno.get_by_label("Date").fill(date.today().isoformat())
    bruno.get_by_role("button", name="Créer la réunion").click()
    expect(bruno.get_by_role("heading", name="Réunion n° 1")).to_be_visible()
    meeting_one = int(re.search(r"/workshops/(\d+)", bruno.url).group(1))
    screenshot(bruno, "org-meeting")

    # Josiane's card, printed; her phone scans it (its QR code holds her personal link)
    bruno.goto(group_url)
    screenshot(bruno, "org-group")
    bruno.get_by_role("link", name="Josiane").click()
    card_link = member_link_from_card(bruno, "Josiane")
    assert card_link.startswith(server.url + "/m/")
    phone = browser.new_context(base_url=server.url, **PHONE).new_page()
    phone.goto(card_link)
    expect(phone.get_by_role("heading", name="Aller vers les personnes")).to_be_visible()
    screenshot(phone, "org-member-page")
    phone.get_by_role("button", name="Entrer dans la réunion").click()
    expect(phone.locator("#connection")).to_have_text("Connecté")
    screenshot(phone, "org-member-in-meeting")

    hold_meeting_with_validated_synthesis(database_url, meeting_one)

    # one click: the validated synthesis becomes a production; the meeting ends
    bruno.goto(f"/organiser/workshops/{meeting_one}")
    bruno.get_by_role("button", name="En faire une production").click()
    expect(bruno.get_by_role("heading", name="Synthèse — Réunion n° 1")).to_be_visible()
    production_url = bruno.url
    bruno.goto(f"/organiser/workshops/{meeting_one}")
    bruno.get_by_label("Je confirme : tous les écrans passent à la fin de l'atelier").check()
    bruno.get_by_role("button", name="Terminer l'atelier").click()
    expect(bruno.get_by_role("button", name="Rouvrir l'atelier")).to_be_visible()

    # meeting 2 starts from meeting 1
    bruno.goto(group_url)
    bruno.get_by_label("Titre").fill("Réunion n° 2")
    bruno.get_by_label("Date").fill(date.today().isoformat())
    expect(bruno.get_by_label("Partir de la réunion précédente (ses pistes ouvertes et sa synthèse)")).to_be_checked()
    bruno.get_by_role("button", name="Créer la réunion").click()
    expect(bruno.get_by_text("Cette réunion part de la réunion du")).to_be_visible()
    join_code = bruno.locator(".big-code").inner_text()
    meeting_two = int(re.search(r"/workshops/(\d+)", bruno.url).group(1))
    screenshot(bruno, "org-meeting-carried")

    # Josiane scans her card again at meeting 2: the same person, nothing to type
    phone.goto(card_link)
    expect(phone.get_by_text("Réunion n° 2")).to_be_visible()
    expect(phone.get_by_text("Réunion n° 1")).to_be_visible()  # under "Vos réunions"
    phone.get_by_role("button", name="Entrer dans la réunion").click()
    expect(phone.locator("#connection")).to_have_text("Connecté")

    # Marc's phone knows his link: the meeting's join page offers to enter as him
    bruno.goto(group_url)
    bruno.get_by_role("link", name="Marc").click()
    marc_link = bruno.locator(".link-card .url a").inner_text()
    marc = browser.new_context(base_url=server.url, **PHONE).new_page()
    marc.goto(marc_link)
    marc.goto(f"/j/{join_code}")
    screenshot(marc, "org-join-as-member")
    marc.get_by_role("button", name="Entrer comme Marc").click()
    expect(marc.locator("#connection")).to_have_text("Connecté")
    start_meeting(database_url, meeting_two)

    # the admin validates the production (comité technique), then reads the bilan
    admin.goto(production_url)
    admin.get_by_role("button", name="Marquer « Validée par le comité technique »").click()
    expect(admin.get_by_text("Statut enregistré.")).to_be_visible()
    screenshot(admin, "org-production")
    admin.goto("/organiser/productions/")
    screenshot(admin, "org-productions")
    admin.get_by_role("link", name="Bilan").first.click()
    sentence = admin.locator(".bilan .lead-paragraph").inner_text()
    assert " ; 1 production ; " in sentence
    assert "2 réunions de groupes de travail" in sentence
    assert "2 personnes différentes venues (dont 2 membres des groupes) pour 3 présences" in sentence
    screenshot(admin, "org-bilan")
    admin.goto("/organiser/")
    screenshot(admin, "org-dashboard")
    with admin.expect_download() as download:
        admin.goto("/organiser/bilan")
        admin.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_member_pages_at_phone_size_have_no_sideways_scroll(browser, server, database_url, committee):
    from clts_forum.extensions import db
    from clts_forum.models import Organiser
    from clts_forum.services import members, working_groups

    with app_for(database_url):
        alice = db.session.scalar(db.select(Organiser).filter_by(organisation_id=committee, role="admin"))
        group = working_groups.create(alice, name="Numérique et accès aux droits, un groupe au nom assez long")
        token = members.add(group, display_name="Paul", category="personne_accompagnee", joined_on=date.today()).token
    phone = browser.new_context(base_url=server.url, **PHONE).new_page()
    phone.goto(f"/m/{token}")
    expect(phone.get_by_text("Pas de réunion ouverte en ce moment.")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("link", name="Quitter le groupe").click()
    screenshot(phone, "org-member-leave")
    phone.get_by_label("Oui, je quitte le groupe").check()
    phone.get_by_role("button", name="Quitter le groupe").click()
    expect(phone.get_by_text("Vous avez quitté ce groupe le")).to_be_visible()


def test_no_axe_violation_on_the_organisation_pages(browser, server, database_url, committee):
    from e2e.axe import require_axe, violations

    from clts_forum.extensions import db
    from clts_forum.models import Organiser
    from clts_forum.services import members, working_groups

    require_axe()
    with app_for(database_url):
        alice = db.session.scalar(db.select(Organiser).filter_by(organisation_id=committee, role="admin"))
        group = working_groups.create(alice, name="Accessibilité")
        member = members.add(group, display_name="Rose", category="personne_accompagnee", joined_on=date.today())
        meeting = working_groups.new_meeting(alice, group, title="Réunion accessible", when=date.today())
        group_id, member_id, token, meeting_id = group.id, member.id, member.token, meeting.id
    staff = browser.new_context(base_url=server.url, bypass_csp=True, **LAPTOP).new_page()
    log_in(staff, "alice@doubs.example")
    found: list[str] = []
    for path, where in [("/organiser/", "dashboard"), ("/admin/", "accounts"), ("/admin/settings", "settings"),
                        ("/account", "my account"), ("/organiser/groups/", "groups"),
                        (f"/organiser/groups/{group_id}", "group"),
                        (f"/organiser/groups/{group_id}/members/{member_id}", "member"),
                        (f"/organiser/workshops/{meeting_id}", "meeting"), ("/organiser/events/new", "record event"),
                        ("/organiser/productions/", "productions"), ("/organiser/mandates", "mandates"),
                        ("/organiser/bilan", "bilan")]:
        staff.goto(path)
        found += violations(staff, where)
    phone = browser.new_context(base_url=server.url, bypass_csp=True, **PHONE).new_page()
    phone.goto(f"/m/{token}")
    found += violations(phone, "member page")
    phone.get_by_role("link", name="Quitter le groupe").click()
    found += violations(phone, "member leaves")
    assert not found, "\n".join(found)
