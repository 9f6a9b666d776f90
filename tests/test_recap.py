"""The recap for participants: on every phone after the final export until the purge, and a public link
that names nobody."""
from __future__ import annotations

import pytest

from clts_forum.actors import organiser_actor
from clts_forum.extensions import db
from clts_forum.models import AuditEntry
from clts_forum.services import ServiceError, cards, organisers, recap, retention, workshops
from helpers import as_actor, drain, link_token
from test_before_the_day import qr_codes

PASSWORD = "un long mot de passe"
CONSENTING, DISCREET = "Zéphyrine", "Barnabé"


@pytest.fixture
def organiser(app):
    return organisers.create(name="Claire", email="claire@clts.example", password=PASSWORD)


@pytest.fixture
def day(organiser, app):
    """A workshop run with two cards: one whose author agreed to be quoted, one whose author did not."""
    from clts_forum.services import participants, steps
    workshop = workshops.create_workshop(title="Journée du 3 décembre", created_by=organiser)
    actor = organiser_actor(organiser, workshop)
    step = next(s for s in workshop.steps if s.kind == "perceptions")
    steps.goto(actor, step_id=step.id, from_step_id=None)
    quoted = participants.join(workshop, pseudonym=CONSENTING, category="personne_accompagnee")
    discreet = participants.join(workshop, pseudonym=DISCREET, category="personne_accompagnee")
    cards.create(as_actor(quoted), {"client_id": "recap-card-0001", "kind": "perception",
                                    "text": "On attend trop longtemps au guichet.", "consent_quote": True})
    cards.create(as_actor(discreet), {"client_id": "recap-card-0002", "kind": "perception",
                                      "text": "Les courriers sont difficiles à lire.", "consent_quote": False})
    workshop.quoted, workshop.discreet, workshop.actor = quoted, discreet, actor
    return workshop


def phone_of(app, participant):
    client = app.test_client()
    with client.session_transaction() as session:
        session[f"participant:{participant.workshop_id}"] = participant.token
    return client


def finish(day) -> None:
    retention.close(day.actor, day)
    retention.record_final_export(day.actor, day, "pdf")


def test_the_phone_state_says_when_the_recap_comes_then_where_it_is(day, connect):
    phone = connect(day.quoted.token)
    state = phone.emit("workshop.state", {}, callback=True)["state"]
    assert set(state["recap"]) == {"expected"} and "après la fin de l'atelier" in state["recap"]["expected"]
    retention.close(day.actor, day)
    state = phone.emit("workshop.state", {}, callback=True)["state"]
    assert "arrive bientôt" in state["recap"]["expected"]
    drain(phone)

    retention.record_final_export(day.actor, day, "pdf")

    url = f"/j/{day.join_code}/compte-rendu"
    assert drain(phone)["recap.changed"] == [{"recap": {"url": url}}]
    assert phone.emit("workshop.state", {}, callback=True)["state"]["recap"] == {"url": url}
    retention.record_final_export(day.actor, day, "docx")  # a second final export pushes nothing new
    assert "recap.changed" not in drain(phone)
    console = connect(link_token(day, "facilitator"))
    assert "recap" not in console.emit("workshop.state", {}, callback=True)["state"]


def test_a_phone_opens_the_recap_after_the_final_export_and_loses_it_after_the_purge(app, day):
    phone = phone_of(app, day.quoted)
    url = f"/j/{day.join_code}/compte-rendu"
    before = phone.get(url)
    assert before.status_code == 200 and "arrive après la fin" in before.get_data(as_text=True)
    assert app.test_client().get(url).status_code == 404  # not a phone of the workshop
    finish(day)

    page = phone.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Ce que nous avons fait ensemble" in text  # the easy-read report
    assert "Compte rendu complet" in text and "Les courriers sont difficiles" in text  # the full one
    assert CONSENTING in text and DISCREET not in text  # the phone's report quotes only who agreed

    retention.purge_identities(day.actor, day)
    gone = phone.get(url)
    assert gone.status_code == 410 and "effacés" in gone.get_data(as_text=True)


def test_the_public_recap_names_nobody_not_even_a_consenting_author(app, day, organiser):
    token = recap.make_public_link(day.actor, day)
    public = app.test_client()
    waiting = public.get(f"/compte-rendu/{token}")
    assert waiting.status_code == 200 and "arrive bientôt" not in waiting.get_data(as_text=True)
    finish(day)
    day.facilitation_team = "Claire Dupont et Marc"
    db.session.commit()

    page = public.get(f"/compte-rendu/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["X-Robots-Tag"] == "noindex"
    assert "On attend trop longtemps au guichet." in text and "Les courriers sont difficiles" in text
    for name in (CONSENTING, DISCREET, "Claire", "Marc"):
        assert name not in text, name
    assert f"/j/{day.join_code}" not in text  # no way back into the workshop from a public page


def test_the_public_link_is_replaced_and_revoked(app, day):
    first = recap.make_public_link(day.actor, day)
    second = recap.make_public_link(day.actor, day)
    public = app.test_client()
    assert public.get(f"/compte-rendu/{first}").status_code == 404
    assert public.get(f"/compte-rendu/{second}").status_code == 200
    recap.revoke_public_link(day.actor, day)
    assert public.get(f"/compte-rendu/{second}").status_code == 404
    with pytest.raises(ServiceError) as refusal:
        recap.revoke_public_link(day.actor, day)
    assert refusal.value.code == "conflict"
    logged = [e.action for e in db.session.scalars(db.select(AuditEntry).filter_by(workshop_id=day.id))]
    assert logged.count("recap.link") == 2 and logged.count("recap.revoke") == 1


def test_the_public_recap_survives_the_purge(app, day):
    token = recap.make_public_link(day.actor, day)
    finish(day)
    retention.purge_identities(day.actor, day)
    assert app.test_client().get(f"/compte-rendu/{token}").status_code == 200


def test_the_organiser_makes_copies_prints_and_revokes_the_link(client, day):
    client.post("/login", data={"email": "claire@clts.example", "password": PASSWORD})
    base = f"/organiser/workshops/{day.id}"
    assert client.get(f"{base}/compte-rendu-qr.pdf").status_code == 302  # no link yet: said, not a PDF
    assert client.post(f"{base}/recap-link").status_code == 302
    db.session.refresh(day)
    public_url = f"http://127.0.0.1:5000/compte-rendu/{day.recap_token}"
    page = client.get(base).get_data(as_text=True)
    assert public_url in page
    pdf = client.get(f"{base}/compte-rendu-qr.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert qr_codes(pdf.data) == [public_url]
    assert client.post(f"{base}/recap-link/revoke").status_code == 302
    db.session.refresh(day)
    assert day.recap_token is None and public_url not in client.get(base).get_data(as_text=True)
