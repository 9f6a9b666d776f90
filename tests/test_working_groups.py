"""Working groups: members who join each meeting as themselves, cards, carried-forward meetings, productions."""
from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from docx import Document
from flask import g
from pypdf import PdfReader

from clts_forum.actors import link_actor, participant_actor
from clts_forum.exports import report
from clts_forum.extensions import db
from clts_forum.models import Participant
from clts_forum.services import (ServiceError, cards, members, organisers, participants, productions, steps,
                                 synthesis, working_groups, workshops)
from clts_forum.services.visibility import public_card

PASSWORD = "un long mot de passe"


@pytest.fixture
def claire(app):
    return organisers.create(name="Claire", email="claire@clts.example", password=PASSWORD)


@pytest.fixture
def group(claire):
    return working_groups.create(claire, name="Aller vers", question="Comment aller vers ?")


@pytest.fixture
def josiane(group):
    return members.add(group, display_name="Josiane", category="personne_accompagnee", joined_on=date.today())


def meeting_of(claire, group, **kwargs):
    return working_groups.new_meeting(claire, group, title="Réunion", when=date.today(), **kwargs)


def start(meeting, kind="tracks"):
    facilitator = link_actor(workshops.active_link(meeting, "facilitator"))
    step = next(s for s in meeting.steps if s.kind == kind)
    steps.goto(facilitator, step_id=step.id, from_step_id=meeting.current_step_id)
    return facilitator


def test_a_member_joins_each_meeting_as_the_same_person(claire, group, josiane):
    first, second = meeting_of(claire, group), meeting_of(claire, group)
    here = members.join_meeting(josiane, first)
    again = members.join_meeting(josiane, first)  # another phone, the same person
    assert here.id == again.id and here.pseudonym == "Josiane" and here.category == "personne_accompagnee"
    assert here.peer_group == "experience" and here.member_id == josiane.id
    assert members.join_meeting(josiane, second).member_id == josiane.id
    assert [w.id for w in members.attended(josiane)] == [first.id, second.id]


def test_a_member_joins_only_their_own_groups_meetings(claire, group, josiane):
    other_group = working_groups.create(claire, name="Autre")
    with pytest.raises(ServiceError):
        members.join_meeting(josiane, meeting_of(claire, other_group))
    with pytest.raises(ServiceError):
        members.join_meeting(josiane, workshops.create_workshop(title="Journée", created_by=claire))


def test_a_taken_pseudonym_gets_a_number(claire, group, josiane):
    meeting = meeting_of(claire, group)
    participants.join(meeting, pseudonym="Josiane", category="cadre")
    assert members.join_meeting(josiane, meeting).pseudonym == "Josiane 2"


def test_leaving_and_a_replaced_card(claire, group, josiane):
    old = josiane.token
    members.replace_card(josiane)
    assert members.by_link(old) is None and members.by_link(josiane.token) == josiane
    members.leave(josiane)
    assert josiane.left_on == date.today() and members.open_meetings(josiane) == []
    with pytest.raises(ServiceError):
        members.join_meeting(josiane, meeting_of(claire, group))


def test_marking_a_member_present_without_a_phone(claire, group, josiane):
    meeting = meeting_of(claire, group)
    referent = link_actor(workshops.active_link(meeting, "referent", "experience"))
    marked = members.mark_present(referent, meeting, josiane)
    assert marked.scribed_by_link_id == referent.link_id and members.present_ids(meeting) == {josiane.id}
    start(meeting, "perceptions")
    card, _ = cards.scribe(referent, {"client_id": uuid.uuid4().hex, "kind": "perception", "text": "Dicté",
                                      "pseudonym": "Josiane", "category": "personne_accompagnee"})
    assert card.author_id == marked.id


def test_a_new_meeting_starts_from_the_previous_one(claire, group, josiane):
    first = meeting_of(claire, group)
    facilitator = start(first)
    person = members.join_meeting(josiane, first)
    kept, _ = cards.create(participant_actor(person), {"client_id": uuid.uuid4().hex, "kind": "track",
                                                       "text": "Des permanences"})
    gone, _ = cards.create(participant_actor(person), {"client_id": uuid.uuid4().hex, "kind": "track",
                                                       "text": "Retirée"})
    cards.withdraw(participant_actor(person), {"id": gone.id})
    start(first, "synthesis")
    synthesis.draft(facilitator, {"text": "Brouillon de la synthèse"})
    second = meeting_of(claire, group)
    assert second.carried_from_id == first.id
    carried = db.session.scalars(db.select(cards.Card).filter_by(workshop_id=second.id)).all()
    assert [c.text for c in carried] == ["Des permanences"] and carried[0].carried_over
    shown = public_card(carried[0])
    assert shown["carried_over"] and shown["author"] == "Reprise de la réunion précédente"
    assert synthesis.payload(second.id)["versions"][0]["text"] == "Brouillon de la synthèse"
    built = report.build(second)
    tracks = next(s for s in built["steps"] if s["tracks"])["tracks"]
    assert "Reprise de la réunion précédente" in tracks[0]["by"]
    third = meeting_of(claire, group, carry_forward=False)
    assert third.carried_from_id is None


def test_production_files_are_checked_by_content_and_size(app, claire, tmp_path):
    tmp_path = tmp_path / "productions"
    made = productions.create(claire, title="Guide", kind="guide", produced_on=date.today())
    with pytest.raises(ServiceError):  # a renamed text file
        productions.attach_file(made, name="guide.pdf", data=b"not a pdf", folder=tmp_path)
    with pytest.raises(ServiceError) as too_big:
        productions.attach_file(made, name="guide.pdf", data=b"%PDF-" + b"x" * 100, folder=tmp_path, max_bytes=50)
    assert too_big.value.status == 413
    document = io.BytesIO()
    Document().save(document)
    productions.attach_file(made, name="../../guide final.docx", data=document.getvalue(), folder=tmp_path)
    assert made.file_type == "docx" and made.file_name == "guide final.docx"  # a name to show, never a path
    assert list(tmp_path.iterdir()) == [tmp_path / made.file_key] and "/" not in made.file_key


def test_a_production_file_is_served_as_a_download_to_the_organisation_only(app, client, claire):
    made = productions.create(claire, title="Guide", kind="guide", produced_on=date.today())
    client.post("/login", data={"email": claire.email, "password": PASSWORD})
    upload = {"title": "Guide", "kind": "guide", "produced_on": date.today().isoformat(),
              "document": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), 'guide "final".pdf')}
    assert client.post(f"/organiser/productions/{made.id}", data=upload,
                       content_type="multipart/form-data").status_code == 302
    got = client.get(f"/organiser/productions/{made.id}/file")
    assert got.status_code == 200 and got.mimetype == "application/pdf"
    assert got.headers["Content-Disposition"].startswith("attachment;") and '"final"' not in got.headers[
        "Content-Disposition"]
    refused = client.post(f"/organiser/productions/{made.id}", content_type="multipart/form-data", data={
        "title": "Guide", "kind": "guide", "produced_on": date.today().isoformat(),
        "document": (io.BytesIO(b"MZ\x90\x00 an executable"), "guide.pdf")})
    assert refused.status_code == 400 and "Seuls les fichiers PDF ou Word" in refused.data.decode()
    app.config["PRODUCTION_MAX_MB"] = 0
    g.pop("_login_user", None)
    too_big = client.post(f"/organiser/productions/{made.id}", content_type="multipart/form-data", data={
        "title": "Guide", "kind": "guide", "produced_on": date.today().isoformat(),
        "document": (io.BytesIO(b"%PDF-1.4"), "guide.pdf")})
    assert too_big.status_code == 400 and "trop gros" in too_big.data.decode()


def test_a_validated_synthesis_becomes_a_production_in_one_click(client, claire, group, josiane):
    meeting = meeting_of(claire, group)
    facilitator = start(meeting, "synthesis")
    person = members.join_meeting(josiane, meeting)
    client.post("/login", data={"email": claire.email, "password": PASSWORD})
    assert client.post(f"/organiser/workshops/{meeting.id}/production").status_code == 302
    assert productions.from_workshop(meeting) is None  # not validated yet: refused with a message
    synthesis.draft(facilitator, {"text": "Notre texte"})
    synthesis.decide(participant_actor(person), {"version": 1, "decision": "validated"})
    g.pop("_login_user", None)
    answer = client.post(f"/organiser/workshops/{meeting.id}/production")
    made = productions.from_workshop(meeting)
    assert answer.headers["Location"].endswith(f"/organiser/productions/{made.id}")
    assert made.kind == "synthese" and made.text == "Notre texte" and made.groups == [group]
    assert made.status == "draft"
    productions.advance(made, to="validated", on=date.today())
    with pytest.raises(ServiceError):
        productions.advance(made, to="validated", on=date.today())
    productions.advance(made, to="diffused", on=date.today())
    assert made.status == "diffused"


def test_member_cards_hold_each_personal_link(client, claire, group, josiane):
    client.post("/login", data={"email": claire.email, "password": PASSWORD})
    body = client.get(f"/organiser/groups/{group.id}/cards.pdf").data
    page = PdfReader(io.BytesIO(body)).pages[0]
    links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
    assert f"http://127.0.0.1:5000/m/{josiane.token}" in links
    assert "Josiane" in page.extract_text()


def test_the_member_page_joins_the_open_meeting(app, claire, group, josiane):
    meeting = meeting_of(claire, group)
    phone = app.test_client()
    page = phone.get(f"/m/{josiane.token}").data.decode()
    assert "Entrer dans la réunion" in page and meeting.title in page
    joined = phone.post(f"/m/{josiane.token}/meetings/{meeting.id}")
    assert joined.headers["Location"].endswith(f"/j/{meeting.join_code}")
    assert db.session.scalar(db.select(Participant).filter_by(member_id=josiane.id)).workshop_id == meeting.id
    # the meeting's join page offers to enter as the member this phone knows
    other = meeting_of(claire, group)
    assert "Entrer comme Josiane" in phone.get(f"/j/{other.join_code}").data.decode()
    members.replace_card(josiane)
    assert phone.get(f"/m/{'x' * 32}").status_code == 404
    assert "Entrer comme" not in phone.get(f"/j/{other.join_code}").data.decode()  # the old link is dead


def test_imported_and_recorded_events_have_no_working_join_code(claire):
    from clts_forum.exports import archive
    from clts_forum.services import events

    draft = workshops.create_workshop(title="Brouillon", created_by=claire)
    copy = archive.restore(archive.export(draft), created_by=claire)
    assert copy.status == "draft" and copy.imported_at is not None
    assert workshops.by_code(copy.join_code) is None and workshops.by_code(draft.join_code) == draft
    with pytest.raises(ServiceError):
        participants.join(copy, pseudonym="Awa", category="cadre")
    tf = events.record(claire, kind="temps_fort", title="Rencontre", when=date.today(), counts={"cadre": "2"})
    assert workshops.by_code(tf.join_code) is None and tf.recorded_attendance["cadre"] == 2
    with pytest.raises(ServiceError):
        events.record(claire, kind="temps_fort", title="Rencontre", when=date.today(), counts={"cadre": "-1"})


def test_roster_identities_are_purged_after_the_mandate(claire, group, josiane):
    from datetime import timedelta

    from clts_forum.services import mandates

    mandate = mandates.save(claire, number=1, starts_on=date.today() - timedelta(days=900),
                            ends_on=date.today() - timedelta(days=400))
    working_groups.update(group, name=group.name, question="", mandate_id=mandate.id, animator_ids=[claire.id])
    token = josiane.token
    assert members.purge_ended_mandates(365) == 1
    assert josiane.display_name.startswith("Membre n° ") and josiane.category == "personne_accompagnee"
    assert members.by_link(token) is None
