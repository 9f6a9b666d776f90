"""A closed workshop is frozen (DESIGN.md §4): no role changes what its final report shows, every screen
learns of the closing at once, and only an explicit, audited reopening unfreezes it."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from clts_forum.actors import Actor, link_actor
from clts_forum.exports import pdf, report
from clts_forum.extensions import db, socketio
from clts_forum.models import AuditEntry, Participant
from clts_forum.realtime import READ_ONLY_EVENTS
from clts_forum.services import ServiceError, evaluation, organisers, retention, steps, workshops

import factory
from helpers import drain, link_token

PASSWORD = "un long mot de passe"
LINK_ROLES = [("facilitator", None), ("board", None), ("referent", "experience"), ("referent", "research")]


def all_events() -> list[str]:
    namespace = socketio.server.namespace_handlers["/"]
    return sorted(getattr(namespace, name).event for name in dir(namespace)
                  if name.startswith("on_") and hasattr(getattr(namespace, name), "event"))


def frozen_view(workshop) -> tuple[dict, str]:
    """What the final report shows: its data and its PDF's text, without the moment it was generated."""
    db.session.expire_all()
    data = report.build(workshop)
    data.pop("generated_at")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.render(report.build(workshop)))).pages)
    return data, re.sub(r"générée le [0-9/: ]+", "", text)


def drive_every_event(connect, tokens: list) -> dict[str, set[str]]:
    """Emit every event from every connection; the codes each event got back."""
    got: dict[str, set[str]] = {}
    clients = [connect(token) for token in tokens]
    assert all(client.is_connected() for client in clients)
    for event in all_events():
        for client in clients:
            ack = client.emit(event, {"id": 1, "step_id": 1, "text": "Changé", "order": [], "paused": True},
                              callback=True)
            got.setdefault(event, set()).add("ok" if ack["ok"] else ack["error"]["code"])
    return got


@pytest.fixture
def claire(app):
    return organisers.create(name="Claire", email="claire@clts.example", password=PASSWORD)


@pytest.fixture
def signed_in(client, claire):
    client.post("/login", data={"email": "claire@clts.example", "password": PASSWORD})
    return client


def test_no_event_of_any_role_changes_a_closed_exported_purged_workshop(app, claire, connect, monkeypatch):
    monkeypatch.setattr(socketio.server.namespace_handlers["/"], "rate_limiter", None)  # many events, one burst
    festival = factory.build(claire)  # closed
    organiser = Actor(role="organiser", workshop_id=festival.id, label="Claire")
    retention.record_final_export(organiser, festival, "pdf")
    people = list(db.session.scalars(db.select(Participant).filter_by(workshop_id=festival.id)))
    staff = [link_token(festival, role, group) for role, group in LINK_ROLES]
    visitor = {"join_code": festival.join_code}

    before = frozen_view(festival)
    got = drive_every_event(connect, [visitor] + [p.token for p in people[:2]] + staff)
    assert frozen_view(festival) == before
    retention.purge_identities(organiser, festival)
    before = frozen_view(festival)
    got_after_purge = drive_every_event(connect, [visitor] + staff)
    after = frozen_view(festival)
    assert after == before

    for event in all_events():
        allowed = {"ok", "forbidden"} if event in READ_ONLY_EVENTS else {"closed", "forbidden"}
        assert got[event] <= allowed and got_after_purge[event] <= allowed, (event, got[event], got_after_purge[event])
        if event not in READ_ONLY_EVENTS:
            assert "closed" in got[event], event  # some role may do it, and is told the workshop is over
    assert "-1 min" not in after[1] and all((t["lasted"] or 0) >= 0 for t in after[0]["timeline"])


def test_the_organiser_cannot_change_what_the_report_shows_either(signed_in, claire):
    festival = factory.build(claire)
    response = signed_in.post(f"/organiser/workshops/{festival.id}/moderation-rules",
                              data={"text": "Autres règles", "easy": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert festival.moderation_rules == ""
    assert "Cet atelier est terminé." in signed_in.get(f"/organiser/workshops/{festival.id}").data.decode()
    with pytest.raises(ServiceError) as refusal:
        workshops.require_open(festival)
    assert refusal.value.code == "closed"


@pytest.fixture
def live_room(workshop, join, start, connect):
    start("perceptions")
    marie = join("Marie", "personne_accompagnee")
    join("Paul", "professionnel")
    screens = {"phone": connect(marie.token), "board": connect(link_token(workshop, "board")),
               "referent": connect(link_token(workshop, "referent", "practice")),
               "console": connect(link_token(workshop, "facilitator"))}
    for screen in screens.values():
        drain(screen)
    return screens


def test_closing_from_the_console_tells_every_screen_at_once(workshop, live_room):
    console = live_room["console"]
    summary = console.emit("workshop.state", callback=True)["state"]["workshop"]["close_summary"]
    assert summary == {"participants": 2, "evaluations_submitted": 0, "questionnaires_open": 2}
    phone_state = live_room["phone"].emit("workshop.state", callback=True)["state"]
    assert "close_summary" not in phone_state["workshop"]  # staff only

    assert console.emit("workshop.close", {}, callback=True) == {"ok": True}
    for name, screen in live_room.items():
        pushes = drain(screen).get("workshop.changed")
        assert pushes and pushes[-1]["status"] == "closed", name
    assert live_room["phone"].emit("card.create", {"client_id": "x" * 8, "kind": "perception", "text": "Après"},
                                   callback=True)["error"]["code"] == "closed"
    assert console.emit("workshop.close", {}, callback=True)["error"]["code"] == "closed"
    assert live_room["phone"].emit("workshop.state", callback=True)["ok"]  # reading still works


def test_the_close_summary_counts_questionnaires_still_open(workshop, join, start):
    start("perceptions")
    marie = join("Marie", "personne_accompagnee")
    join("Paul", "professionnel")
    start("evaluation")
    evaluation.submit(Actor(role="participant", workshop_id=workshop.id, participant_id=marie.id,
                            peer_group="experience"), {"answers": {}})
    assert retention.close_summary(workshop.id) == {"participants": 2, "evaluations_submitted": 1,
                                                    "questionnaires_open": 1}


def test_closing_and_reopening_from_the_organiser_page(signed_in, claire, connect):
    workshop = workshops.create_workshop(title="Journée", created_by=claire)
    facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
    first = workshop.steps[0]
    steps.goto(facilitator, step_id=first.id, from_step_id=None)
    board = connect(link_token(workshop, "board"))
    page = signed_in.get(f"/organiser/workshops/{workshop.id}").data.decode()
    assert "questionnaire" in page and 'name="confirm"' in page
    signed_in.post(f"/organiser/workshops/{workshop.id}/close", data={"confirm": "yes"})
    assert workshop.status == "closed"
    assert drain(board)["workshop.changed"][-1]["status"] == "closed"

    page = signed_in.get(f"/organiser/workshops/{workshop.id}").data.decode()
    assert f"/j/{workshop.join_code}/qr.svg" not in page and workshop.join_code not in page
    for role, group in LINK_ROLES:  # the team's links are no longer offered as active
        assert link_token(workshop, role, group) not in page
    assert "Remplacer ce lien" not in page and "Rouvrir l'atelier" in page

    signed_in.get(f"/organiser/workshops/{workshop.id}/report.pdf")
    assert workshop.final_export_at is not None
    signed_in.post(f"/organiser/workshops/{workshop.id}/reopen")  # no confirmation: nothing happens
    assert workshop.status == "closed"
    signed_in.post(f"/organiser/workshops/{workshop.id}/reopen", data={"confirm": "yes"})
    assert workshop.status == "running" and workshop.closed_at is None and workshop.final_export_at is None
    assert drain(board)["workshop.changed"][-1]["status"] == "running"
    entry = db.session.scalar(db.select(AuditEntry).filter_by(workshop_id=workshop.id, action="workshop.reopen"))
    assert entry.actor == "organiser:Claire" and entry.data["superseded_final_export"] is True
    page = signed_in.get(f"/organiser/workshops/{workshop.id}").data.decode()
    assert "les exports finaux faits avant sont remplacés" in page
    signed_in.post(f"/organiser/workshops/{workshop.id}/close", data={"confirm": "yes"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        signed_in.get(f"/organiser/workshops/{workshop.id}/report.pdf").data)).pages)
    assert "rouvert" in text and "remplacés" in text
    assert "rouvert" in signed_in.get(f"/organiser/workshops/{workshop.id}/report/facile").data.decode()


def test_a_purged_workshop_is_not_reopened(claire):
    festival = factory.build(claire)
    organiser = Actor(role="organiser", workshop_id=festival.id, label="Claire")
    retention.record_final_export(organiser, festival, "pdf")
    retention.purge_identities(organiser, festival)
    with pytest.raises(ServiceError) as refusal:
        retention.reopen(organiser, festival)
    assert refusal.value.code == "not_allowed_now" and festival.status == "closed"
