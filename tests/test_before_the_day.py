"""Before the day: duplicating a workshop, the room's paper (poster, table cards), published moderation rules."""
from __future__ import annotations

import io
from datetime import date

import pypdfium2
import pytest
import zxingcpp
from flask_babel import refresh
from pypdf import PdfReader

from clts_forum.actors import organiser_actor
from clts_forum.extensions import db
from clts_forum.models import Card, Participant, Workshop
from clts_forum.services import cards, glossary, moderation_rules, organisers, workshops
from helpers import as_actor


@pytest.fixture
def organiser(app):
    return organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")


@pytest.fixture
def logged_in(client, organiser):
    client.post("/login", data={"email": "claire@clts.example", "password": "un long mot de passe"})
    return client


def qr_codes(pdf: bytes) -> list[str]:
    """Every QR code printed on every page, read back from the rendered pages."""
    found = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=2).to_pil()
        found += [result.text for result in zxingcpp.read_barcodes(image)]
    return found


# -- duplicate ---------------------------------------------------------------------------------------

def test_a_duplicate_takes_the_programme_and_settings_but_no_people_or_content(workshop, join, start, facilitator,
                                                                               organiser):
    workshop.moderation = "pre"
    workshop.territory = "Loire-Atlantique"
    workshop.steps[1].title, workshop.steps[1].prompt = "Nos perceptions", "Dites-le simplement."
    workshop.steps[1].rules = {"post": {"kinds": ["perception"], "groups": None}}
    workshop.evaluation_questions[0].text = "Êtes-vous content·e ?"
    db.session.commit()
    glossary.update(facilitator, {"entries": [{"term": "CCAS", "explanation": "Centre communal d'action sociale"}]})
    start("perceptions")
    marie = join("Marie")
    cards.create(as_actor(marie), {"client_id": "dup-card-0001", "kind": "perception", "text": "Trop d'attente"})

    copy = workshops.duplicate(workshop, when=date(2027, 3, 4), title="Séance 2", created_by=organiser)

    assert copy.id != workshop.id and copy.title == "Séance 2" and copy.date == date(2027, 3, 4)
    assert copy.join_code != workshop.join_code
    assert (copy.moderation, copy.territory, copy.theme, copy.place) == ("pre", "Loire-Atlantique", "L'accueil", "Salle 1")
    assert [(s.kind, s.title, s.prompt, s.duration_minutes, s.rules) for s in copy.steps] == \
        [(s.kind, s.title, s.prompt, s.duration_minutes, s.rules) for s in workshop.steps]
    assert copy.glossary == workshop.glossary and "CCAS" in str(copy.glossary)
    assert [q.text for q in copy.evaluation_questions] == [q.text for q in workshop.evaluation_questions]
    assert copy.status == "draft" and copy.current_step_id is None
    assert all(step.started_at is None for step in copy.steps)
    team = {link.token for link in copy.role_links}
    assert len(team) == 5 and not team & {link.token for link in workshop.role_links}
    assert db.session.scalar(db.select(db.func.count()).select_from(Participant).filter_by(workshop_id=copy.id)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Card).filter_by(workshop_id=copy.id)) == 0
    assert copy.created_by_id == organiser.id


def test_the_workshop_page_duplicates_with_a_new_date(logged_in, organiser):
    source = workshops.create_workshop(title="Groupe de travail n° 1", created_by=organiser)
    answer = logged_in.post(f"/organiser/workshops/{source.id}/duplicate",
                            data={"title": "Groupe de travail n° 2", "date": "2027-01-15"})
    assert answer.status_code == 302
    copy = db.session.scalar(db.select(Workshop).filter_by(title="Groupe de travail n° 2"))
    assert copy.date == date(2027, 1, 15) and answer.headers["Location"].endswith(f"/organiser/workshops/{copy.id}")
    page = logged_in.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Groupe de travail n° 2" in page and copy.join_code in page
    refused = logged_in.post(f"/organiser/workshops/{source.id}/duplicate", data={"title": "Sans date"})
    assert refused.status_code == 302 and db.session.scalar(db.select(Workshop).filter_by(title="Sans date")) is None


# -- the room's paper -----------------------------------------------------------------------------------

def test_the_poster_carries_a_readable_qr_code_of_the_join_address(logged_in, organiser, app):
    found = workshops.create_workshop(title="Festival du travail social", place="Maison des associations",
                                      when=date(2026, 12, 3), created_by=organiser)
    answer = logged_in.get(f"/organiser/workshops/{found.id}/affiche.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert "affiche.pdf" in answer.headers["Content-Disposition"]
    join_url = f"{app.config['PUBLIC_URL']}/j/{found.join_code}"
    assert qr_codes(answer.data) == [join_url]
    pages = PdfReader(io.BytesIO(answer.data)).pages
    text = pages[0].extract_text()
    assert len(pages) == 1
    assert "Festival du travail social" in text and "03/12/2026" in text and "Maison des associations" in text
    assert " ".join(found.join_code) in text
    assert "Scannez le code" in text and "pseudo" in text and "sans votre nom" in text
    for link in found.role_links:  # nothing secret on paper
        assert link.token not in text


def test_table_cards_put_six_readable_qr_codes_on_a_page(logged_in, organiser, app):
    found = workshops.create_workshop(title="Atelier", created_by=organiser)
    answer = logged_in.get(f"/organiser/workshops/{found.id}/cartes-de-table.pdf")
    assert answer.status_code == 200
    assert qr_codes(answer.data) == [f"{app.config['PUBLIC_URL']}/j/{found.join_code}"] * 6


def test_the_paper_follows_the_workshop_language(logged_in, organiser):
    found = workshops.create_workshop(title="Workshop", created_by=organiser)
    found.language = "en"
    db.session.commit()
    text = PdfReader(io.BytesIO(logged_in.get(f"/organiser/workshops/{found.id}/affiche.pdf").data)).pages[0].extract_text()
    assert "Scan the code" in text and "Scannez" not in text


def test_a_closed_workshop_prints_no_paper(logged_in, organiser):
    found = workshops.create_workshop(title="Atelier", created_by=organiser)
    found.status = "closed"
    db.session.commit()
    assert logged_in.get(f"/organiser/workshops/{found.id}/affiche.pdf").status_code == 302


# -- moderation rules, published ---------------------------------------------------------------------------

def test_the_default_rules_follow_the_moderation_mode_and_say_names_are_held(workshop):
    post = moderation_rules.for_workshop(workshop)
    assert not post.custom
    assert "s'affichent tout de suite" in post.text and "nommer quelqu'un" in post.text
    assert "référent" in post.text and "journal" in post.text
    assert "Éclairage" in post.text  # the insight step's questions wait for a moderator
    workshop.moderation = "pre"
    assert "avant de s'afficher" in moderation_rules.for_workshop(workshop).text
    assert "avant de la montrer" in moderation_rules.for_workshop(workshop).easy


def test_join_page_and_rules_page_show_the_rules_in_the_reader_language(client, workshop):
    join_page = client.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert "Comment les cartes sont modérées" in join_page
    assert "Une carte avec un nom ou un numéro de téléphone attend" in join_page
    full = client.get(f"/j/{workshop.join_code}/moderation")
    assert full.status_code == 200 and "nommer quelqu" in full.get_data(as_text=True)
    refresh()  # the test app keeps one app context, where Flask-Babel caches the locale
    english = client.get(f"/j/{workshop.join_code}/moderation?lang=en").get_data(as_text=True)
    refresh()
    assert "How cards are moderated" in english and "Comment les cartes" not in english


def test_the_organiser_writes_the_workshop_own_rules(logged_in, organiser, client):
    found = workshops.create_workshop(title="Atelier", created_by=organiser)
    logged_in.post(f"/organiser/workshops/{found.id}/moderation-rules",
                   data={"text": "Ici, <b>Aïcha</b> et Marc modèrent.", "easy": "Aïcha lit les cartes."})
    page = client.get(f"/j/{found.join_code}/moderation").get_data(as_text=True)
    assert "Ici, &lt;b&gt;Aïcha&lt;/b&gt; et Marc modèrent." in page and "Aïcha lit les cartes." in page
    logged_in.post(f"/organiser/workshops/{found.id}/moderation-rules", data={"text": "", "easy": ""})
    assert not moderation_rules.for_workshop(db.session.get(Workshop, found.id)).custom
    too_long = logged_in.post(f"/organiser/workshops/{found.id}/moderation-rules", data={"text": "x" * 4000, "easy": ""})
    assert too_long.status_code == 302
    assert not moderation_rules.for_workshop(db.session.get(Workshop, found.id)).custom


def test_the_rules_are_audited_without_content(organiser, workshop):
    moderation_rules.update(organiser_actor(organiser, workshop), workshop, text="Nos règles", easy="")
    from clts_forum.models import AuditEntry

    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="workshop.moderation_rules"))
    assert entry.data == {"custom": True}


# -- the privacy notice (RGPD art. 13) ---------------------------------------------------------------------

def test_the_privacy_notice_says_who_what_why_who_sees_how_long_and_rights(client, workshop, app):
    workshop.organisation.name = "CLTS de Loire-Atlantique"
    workshop.organisation.settings = {"privacy_contact": "dpo@loire-atlantique.example"}
    db.session.commit()
    join_page = client.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert f"/j/{workshop.join_code}/confidentialite" in join_page  # readable before joining
    page = client.get(f"/j/{workshop.join_code}/confidentialite").get_data(as_text=True)
    assert "CLTS de Loire-Atlantique" in page and "dpo@loire-atlantique.example" in page
    for said in ("pseudo", "catégorie", "une personne qui vous suit", "anonymes", "Pourquoi", "Qui voit quoi",
                 f"{app.config['RETENTION_DAYS']} jours", "CNIL", "retirer", "14 jours"):
        assert said in page.replace("&#34;", '"').replace("&#39;", "'"), said
    app.config["RETENTION_DAYS"] = 30
    assert "30 jours après la fin" in client.get(f"/j/{workshop.join_code}/confidentialite").get_data(as_text=True)
    refresh()
    english = client.get(f"/j/{workshop.join_code}/confidentialite?lang=en").get_data(as_text=True)
    refresh()
    assert "Your data" in english and "Who is responsible" in english and "Vos données" not in english
