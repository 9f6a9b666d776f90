"""The organiser's pages for the outcome: who may download, the dashboard, closing, purge, import."""
from __future__ import annotations

import csv
import html
import io
import json
from datetime import timedelta

import pytest
from pypdf import PdfReader

from clts_forum.exports import archive
from clts_forum.extensions import db
from clts_forum.models import AuditEntry, Card, Participant, Workshop, utcnow
from clts_forum.services import organisations, organisers, participants, workshops

import factory

PASSWORD = "un long mot de passe"
EXPORTS = ["report", "report/facile", "report.pdf", "report.docx", "cards.csv", "positions.csv", "archive.json"]


@pytest.fixture
def claire(app):
    return organisers.create(name="Claire", email="claire@clts.example", password=PASSWORD)


@pytest.fixture
def festival(claire):
    return factory.build(claire)


def login(client, email="claire@clts.example"):
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


@pytest.fixture
def signed_in(client, claire):
    return login(client)


def test_every_export_downloads_for_its_organiser(signed_in, festival):
    for path in EXPORTS:
        got = signed_in.get(f"/organiser/workshops/{festival.id}/{path}")
        assert got.status_code == 200, path
    pdf = signed_in.get(f"/organiser/workshops/{festival.id}/report.pdf")
    assert pdf.mimetype == "application/pdf" and "attachment" in pdf.headers["Content-Disposition"]
    assert "Festival du CLTS" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    html = signed_in.get(f"/organiser/workshops/{festival.id}/report").data.decode()
    assert "&lt;5" in html and "Journal de validation" in html and "Secret Sam" not in html
    assert "CARTE MASQUÉE" not in html and "=HYPERLINK(&#34;http://evil&#34;)" in html


def test_the_easy_read_version_is_short_and_plain(signed_in, festival):
    festival.place = "<b>Salle</b>"
    db.session.commit()
    page = signed_in.get(f"/organiser/workshops/{festival.id}/report/facile").data.decode()
    assert "Nous étions 11 personnes." in page and "Ce que tout le monde a validé" in page
    assert "Personnes concernées : 2 d'accord, 0 pas sûrs, 0 pas d'accord." in page
    assert "Josiane" not in page and "Secret Sam" not in page
    assert "&lt;b&gt;Salle&lt;/b&gt;" in page and "<b>Salle" not in page


def test_nobody_else_reaches_the_exports(client, app, festival):
    someone = festival.id
    for path in EXPORTS:  # not signed in: participants, référents and the board have no account
        assert client.get(f"/organiser/workshops/{someone}/{path}").status_code == 302
    person = participants.join(workshops.create_workshop(title="Autre"), pseudonym="Marie",
                               category="personne_accompagnee")
    client.set_cookie("participant", person.token)
    assert client.get(f"/organiser/workshops/{someone}/report.pdf").status_code == 302
    # an account of another organisation: the workshop does not exist for it
    organisers.create(name="Bob", email="bob@clts.example", password=PASSWORD,
                      organisation=organisations.create(name="Un autre CLTS"))
    login(client, "bob@clts.example")
    for path in EXPORTS + [""]:
        assert client.get(f"/organiser/workshops/{someone}/{path}".rstrip("/")).status_code == 404, path
    assert client.post(f"/organiser/workshops/{someone}/close").status_code == 404
    assert client.post(f"/organiser/workshops/{someone}/purge", data={"confirm": "yes"}).status_code == 404
    assert festival.title not in html.unescape(client.get("/organiser/").data.decode())


def test_a_colleague_sees_and_exports_but_does_not_run_the_workshop(client, festival):
    organisers.create(name="Bruno", email="bruno@clts.example", password=PASSWORD, role="organiser")
    login(client, "bruno@clts.example")
    for path in EXPORTS + [""]:
        assert client.get(f"/organiser/workshops/{festival.id}/{path}".rstrip("/")).status_code == 200, path
    page = client.get(f"/organiser/workshops/{festival.id}").data.decode()
    assert "/f/" not in page and festival.join_code not in page  # the team's secret links are the owner's
    assert client.post(f"/organiser/workshops/{festival.id}/purge", data={"confirm": "yes"}).status_code == 403
    assert festival.title in html.unescape(client.get("/organiser/").data.decode())


def test_the_dashboard_lists_workshops_by_state_and_reviews_the_period(signed_in, claire, festival):
    running = workshops.create_workshop(title="Atelier en cours", created_by=claire)
    running.status = "running"
    upcoming = workshops.create_workshop(title="Atelier à venir", created_by=claire)
    db.session.commit()
    page = signed_in.get("/organiser/").data.decode()
    assert page.index("À venir") < page.index(upcoming.title) < page.index("En cours") < page.index(running.title)
    assert page.index("Terminés") < page.index("Festival du CLTS")
    assert "<svg" in page and "chart-bar" in page and "<script" not in page
    year = festival.date.year
    got = signed_in.get(f"/organiser/statistics.csv?from={year}-01-01&to={year}-12-31")
    rows = list(csv.reader(io.StringIO(got.data.decode("utf-8-sig")), delimiter=";"))
    table = {row[0]: row[1:] for row in rows}
    # counted as the bilan counts: the festival was held; the two others were never started
    assert table["Événements tenus"] == ["1", ""] and table["Productions"] == ["0", ""]
    assert table["Personnes différentes"] == ["11", ""] and table["Présences"] == ["11", ""]
    assert table["Personne accompagnée"] == ["6", "55 %"] and table["Cadre"] == ["<5", "—"]
    empty = signed_in.get(f"/organiser/statistics.csv?from={year - 5}-01-01&to={year - 5}-12-31")
    assert "Événements tenus;0;" in empty.data.decode("utf-8-sig")


def test_closing_makes_exports_final_and_records_the_final_export(signed_in, claire):
    workshop = workshops.create_workshop(title="Journée", created_by=claire)
    draft = signed_in.get(f"/organiser/workshops/{workshop.id}/report.pdf")
    assert "provisoire" in draft.headers["Content-Disposition"] and workshop.final_export_at is None
    assert signed_in.post(f"/organiser/workshops/{workshop.id}/close").status_code == 302
    assert workshop.status == "draft"  # not without the confirmation box ticked
    assert signed_in.post(f"/organiser/workshops/{workshop.id}/close", data={"confirm": "yes"}).status_code == 302
    assert workshop.status == "closed" and workshop.closed_at
    final = signed_in.get(f"/organiser/workshops/{workshop.id}/report.docx")
    assert "provisoire" not in final.headers["Content-Disposition"]
    assert workshop.final_export_at is not None
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).filter_by(workshop_id=workshop.id))]
    assert actions == ["workshop.close", "export.final"]


def test_purge_needs_a_final_export_and_a_confirmation(signed_in, festival):
    url = f"/organiser/workshops/{festival.id}/purge"
    assert "export final" in signed_in.get(url).data.decode()
    refused = signed_in.post(url, data={"confirm": "yes"})
    assert refused.status_code == 400
    assert festival.identities_purged_at is None
    signed_in.get(f"/organiser/workshops/{festival.id}/report.pdf")
    assert signed_in.post(url, data={}).status_code == 400  # no confirmation box ticked
    assert festival.identities_purged_at is None
    done = signed_in.post(url, data={"confirm": "yes"})
    assert done.status_code == 302 and festival.identities_purged_at is not None
    people = list(db.session.scalars(db.select(Participant).filter_by(workshop_id=festival.id)))
    assert {p.pseudonym for p in people} == {f"Participant·e n° {n}" for n in range(1, 12)}
    assert {p.followed_here for p in people} == {"unsaid"} and all(p.purged_at for p in people)
    assert participants.by_token(f"token-{festival.id}-0-" + "x" * 20) is None
    html = signed_in.get(f"/organiser/workshops/{festival.id}/report").data.decode()
    assert "Josiane" not in html and "On attend des heures au guichet" in html  # content stays
    assert "Nous étions 11 personnes." in signed_in.get(f"/organiser/workshops/{festival.id}/report/facile").data.decode()
    log = db.session.scalar(db.select(AuditEntry).filter_by(workshop_id=festival.id, action="identities.purge"))
    assert log.data == {"participants": 11} and log.actor == "organiser:Claire"
    assert signed_in.post(url, data={"confirm": "yes"}).status_code == 409  # once


def test_the_purge_renames_participants_in_the_log(app, festival):
    from clts_forum.services import retention
    from clts_forum.actors import Actor

    db.session.add(AuditEntry(workshop_id=festival.id, actor="participant:Josiane", action="reword.accept"))
    festival.final_export_at = utcnow()
    db.session.commit()
    retention.purge_identities(Actor(role="organiser", workshop_id=festival.id, label="Claire"), festival)
    actors = set(db.session.scalars(db.select(AuditEntry.actor).filter_by(workshop_id=festival.id)))
    assert "participant:Josiane" not in actors and "participant:Participant·e n° 1" in actors


def test_expired_workshops_are_purged_from_the_cli_and_on_the_dashboard(app, signed_in, festival):
    app.config["RETENTION_DAYS"] = 30
    runner = app.test_cli_runner()
    assert "0 atelier(s) purgé(s)" in runner.invoke(args=["purge-expired"]).output
    festival.closed_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert "1 atelier(s) purgé(s)" in runner.invoke(args=["purge-expired"]).output
    assert festival.identities_purged_at is not None
    other = factory.build()
    other.closed_at = utcnow() - timedelta(days=40)
    db.session.commit()
    signed_in.get("/organiser/")
    assert other.identities_purged_at is not None
    app.config["RETENTION_DAYS"] = 0
    third = factory.build()
    third.closed_at = utcnow() - timedelta(days=4000)
    db.session.commit()
    signed_in.get("/organiser/")
    assert third.identities_purged_at is None


def test_import_through_the_page_with_csrf(app, signed_in, festival, claire):
    body = signed_in.get(f"/organiser/workshops/{festival.id}/archive.json").data
    app.config["WTF_CSRF_ENABLED"] = True
    upload = {"archive": (io.BytesIO(body), "atelier.json")}
    assert signed_in.post("/organiser/import", data=upload, content_type="multipart/form-data").status_code == 400
    page = signed_in.get("/organiser/import").data.decode()
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    done = signed_in.post("/organiser/import", data={"csrf_token": token, "archive": (io.BytesIO(body), "a.json")},
                          content_type="multipart/form-data")
    assert done.status_code == 302
    copy = db.session.scalar(db.select(Workshop).order_by(Workshop.id.desc()))
    assert copy.id != festival.id and copy.created_by_id == claire.id
    first, second = json.loads(body), archive.export(copy)
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    bad = signed_in.post("/organiser/import", data={"csrf_token": token, "archive": (io.BytesIO(b"{nope"), "a.json")},
                         content_type="multipart/form-data")
    assert bad.status_code == 400 and "lisible" in bad.data.decode()


def test_import_from_the_command_line(app, festival, tmp_path):
    path = tmp_path / "atelier.json"
    path.write_text(json.dumps(archive.export(festival), ensure_ascii=False), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-workshop", str(path)])
    assert result.exit_code == 0 and "Atelier importé" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Card)) > 9
    path.write_text('{"schema": "autre/2"}')
    refused = app.test_cli_runner().invoke(args=["import-workshop", str(path)])
    assert refused.exit_code != 0 and "schéma" in refused.output
