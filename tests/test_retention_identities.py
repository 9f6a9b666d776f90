"""Retention and identities: the purge forgets every trace of a name, closes the phones' sockets, a
refused scribe writes nothing, and only a download or an explicit mark counts as a final export."""
from __future__ import annotations

import json
import uuid

import pytest

from clts_forum.actors import Actor, link_actor
from clts_forum.extensions import db
from clts_forum.models import AuditEntry, Participant, Reword
from clts_forum.services import cards, moderation, organisers, retention, rooms, workshops

from helpers import as_actor, drain, link_token

PASSWORD = "un long mot de passe"


def organiser_of(workshop) -> Actor:
    return Actor(role="organiser", workshop_id=workshop.id, label="Claire")


def close_and_export(workshop) -> None:
    retention.close(organiser_of(workshop), workshop)
    retention.record_final_export(organiser_of(workshop), workshop, "pdf")


def test_the_purge_forgets_the_original_text_of_a_reworded_card(workshop, join, start, facilitator):
    start("perceptions")
    marie = join("Marie", "personne_accompagnee")
    card, _ = cards.create(as_actor(marie), {"client_id": uuid.uuid4().hex, "kind": "perception",
                                             "text": "Mme Martin au guichet ne nous écoute jamais."})
    reword = moderation.propose_reword(facilitator, {"id": card.id, "text": "Au guichet, on ne nous écoute pas."})
    moderation.answer_reword(as_actor(marie), {"id": reword.id, "accept": True})
    log = json.dumps([e.data for e in db.session.scalars(db.select(AuditEntry))], ensure_ascii=False)
    assert "Mme Martin" in log and "Mme Martin" in db.session.get(Reword, reword.id).original_text  # before

    close_and_export(workshop)
    retention.purge_identities(organiser_of(workshop), workshop)
    db.session.expire_all()
    assert all("Martin" not in r.original_text for r in db.session.scalars(db.select(Reword)))
    log = json.dumps([e.data for e in db.session.scalars(db.select(AuditEntry))], ensure_ascii=False)
    assert "Martin" not in log
    assert db.session.get(type(card), card.id).text == "Au guichet, on ne nous écoute pas."  # the content stays


def test_sockets_opened_before_the_purge_are_closed(workshop, join, start, connect):
    start("perceptions")
    marie = join("Marie", "personne_accompagnee")
    phone = connect(marie.token)
    board = connect(link_token(workshop, "board"))
    assert phone.emit("workshop.state", callback=True)["state"]["me"]["pseudonym"] == "Marie"
    close_and_export(workshop)
    retention.purge_identities(organiser_of(workshop), workshop)
    assert not phone.is_connected()
    assert board.is_connected()  # the team's screens stay, showing the end of the workshop
    assert "Marie" not in json.dumps(board.emit("workshop.state", callback=True)["state"], ensure_ascii=False)


def test_a_socket_kept_on_another_worker_gets_no_state_after_the_purge(workshop, join, start, connect, monkeypatch):
    start("perceptions")
    marie = join("Marie", "personne_accompagnee")
    phone = connect(marie.token)
    close_and_export(workshop)
    monkeypatch.setattr(rooms, "disconnect", lambda room: None)  # as if the phone were held by another worker
    retention.purge_identities(organiser_of(workshop), workshop)
    ack = phone.emit("workshop.state", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "unauthorized"
    assert "Marie" not in json.dumps(ack, ensure_ascii=False)


def people(workshop) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Participant.pseudonym).filter_by(workshop_id=workshop.id)))


def test_a_refused_scribe_writes_nobody(workshop, join, start, connect):
    start("perceptions")
    marie = join("Marie", "personne_accompagnee")
    used, _ = cards.create(as_actor(marie), {"client_id": "deja-pris-123", "kind": "perception", "text": "À moi"})
    referent = connect(link_token(workshop, "referent", "experience"))
    console = connect(link_token(workshop, "facilitator"))
    drain(console)
    ack = referent.emit("card.scribe", {"client_id": "deja-pris-123", "kind": "perception", "text": "Dictée",
                                        "pseudonym": "Sans téléphone", "category": "personne_accompagnee"},
                        callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "conflict"
    ack = referent.emit("card.scribe", {"client_id": uuid.uuid4().hex, "kind": "track", "text": "Pas ici",
                                        "pseudonym": "Autre personne", "category": "personne_accompagnee"},
                        callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "not_allowed_now"
    assert people(workshop) == ["Marie"]
    assert "participant.joined" not in drain(console)
    state = console.emit("workshop.state", callback=True)["state"]
    assert [p["pseudonym"] for p in state["participants"]] == ["Marie"] and state["composition"]["total"] == 1

    ack = referent.emit("card.scribe", {"client_id": uuid.uuid4().hex, "kind": "perception", "text": "Dictée",
                                        "pseudonym": "Sans téléphone", "category": "personne_accompagnee"},
                        callback=True)
    assert ack["ok"] and people(workshop) == ["Marie", "Sans téléphone"]
    assert drain(console)["participant.joined"][0]["pseudonym"] == "Sans téléphone"


@pytest.fixture
def signed_in(client, app):
    organisers.create(name="Claire", email="claire@clts.example", password=PASSWORD)
    client.post("/login", data={"email": "claire@clts.example", "password": PASSWORD})
    return client


def test_opening_a_report_page_is_logged_but_is_no_final_export(signed_in, workshop):
    retention.close(organiser_of(workshop), workshop)
    for page in ("report", "report/facile"):
        html = signed_in.get(f"/organiser/workshops/{workshop.id}/{page}").data.decode()
        assert "Noter cette page comme export final" in html
    assert workshop.final_export_at is None
    views = db.session.scalars(db.select(AuditEntry).filter_by(workshop_id=workshop.id, action="report.view")).all()
    assert [v.data["format"] for v in views] == ["html", "facile"] and views[0].actor == "organiser:Claire"
    purge = signed_in.post(f"/organiser/workshops/{workshop.id}/purge", data={"confirm": "yes"})
    assert purge.status_code == 400 and workshop.identities_purged_at is None  # still no final export

    marked = signed_in.post(f"/organiser/workshops/{workshop.id}/report/final", data={"page": "facile"})
    assert marked.status_code == 302 and workshop.final_export_at is not None
    entry = db.session.scalar(db.select(AuditEntry).filter_by(workshop_id=workshop.id, action="export.final"))
    assert entry.data == {"format": "facile"}
    assert signed_in.post(f"/organiser/workshops/{workshop.id}/report/final", data={"page": "x"}).status_code == 400


def test_a_draft_report_cannot_be_marked_final(signed_in, workshop):
    signed_in.post(f"/organiser/workshops/{workshop.id}/report/final", data={"page": "html"})
    assert workshop.final_export_at is None
    assert "Noter cette page" not in signed_in.get(f"/organiser/workshops/{workshop.id}/report").data.decode()
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="report.view")) is None  # a draft's: not logged
