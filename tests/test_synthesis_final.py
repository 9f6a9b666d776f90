"""A validated synthesis stays validated: once every group validated the same version, a member's later
decision is refused, and only the facilitator reopens it — audited, and written in the validation log."""
from __future__ import annotations

import uuid

import pytest

from clts_forum.extensions import db
from clts_forum.models import AuditEntry
from clts_forum.exports import report
from clts_forum.services import cards, synthesis

from helpers import as_actor, drain, link_token


@pytest.fixture
def validated(workshop, facilitator, start, join, connect):
    """Every group validated version 2 (after changes asked on version 1); each group has a phone open."""
    people = {"awa": join("Awa"), "bruno": join("Bruno", "professionnel"), "dan": join("Dan", "chercheur")}
    start("perceptions")
    card, _ = cards.create(as_actor(people["awa"]), {"client_id": uuid.uuid4().hex, "kind": "perception",
                                                     "text": "Attente"})
    start("synthesis")
    synthesis.draft(facilitator, {"text": "Version 1"})
    synthesis.decide(as_actor(people["bruno"]), {"version": 1, "decision": "changes", "comment": "Les horaires"})
    synthesis.draft(facilitator, {"text": "Version 2 avec les horaires"})
    for person in people.values():
        synthesis.decide(as_actor(person), {"version": 2, "decision": "validated"})
    assert synthesis.final_version(workshop.id).version == 2
    phones = {name: connect(person.token) for name, person in people.items()}
    return {"card": card, "phones": phones, "console": connect(link_token(workshop, "facilitator"))}


def test_a_member_cannot_unfinalise_a_validated_synthesis(workshop, validated):
    awa = validated["phones"]["awa"]
    ack = awa.emit("synthesis.decide", {"version": 2, "decision": "changes", "comment": "Je change d'avis"},
                   callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "not_allowed_now"
    bruno = validated["phones"]["bruno"]
    assert bruno.emit("synthesis.decide", {"version": 2, "decision": "validated"},
                         callback=True)["error"]["code"] == "not_allowed_now"
    assert synthesis.final_version(workshop.id).version == 2
    ack = awa.emit("card.edit", {"id": validated["card"].id, "text": "Modifiée"}, callback=True)
    assert ack["error"]["code"] == "not_allowed_now"  # cards stay as validated
    assert awa.emit("synthesis.reopen", {}, callback=True)["error"]["code"] == "forbidden"


def test_only_the_facilitator_reopens_it_and_the_log_says_so(workshop, validated):
    console, awa = validated["console"], validated["phones"]["awa"]
    drain(awa)
    ack = console.emit("synthesis.reopen", {"comment": "Un groupe veut revoir une phrase"}, callback=True)
    assert ack == {"ok": True, "version": 2}
    assert synthesis.final_version(workshop.id) is None
    pushed = drain(awa)["synthesis.changed"][-1]
    assert pushed["final_version"] is None
    assert [(e["version"], e["peer_group"], e["decision"]) for e in pushed["log"][-3:]] == [
        (2, "experience", "reopened"), (2, "practice", "reopened"), (2, "research", "reopened")]
    assert pushed["log"][-1]["comment"] == "Un groupe veut revoir une phrase"
    entry = db.session.scalar(db.select(AuditEntry).filter_by(workshop_id=workshop.id, action="synthesis.reopen"))
    assert entry.target == "synthesis:2" and entry.actor.startswith("facilitator:")
    labels = [line["decision_label"] for line in report.build(workshop)["synthesis"]["log"]]
    assert labels[-1] == "rouverte par l'animation"

    assert console.emit("synthesis.reopen", {}, callback=True)["error"]["code"] == "not_allowed_now"
    ack = awa.emit("synthesis.decide", {"version": 2, "decision": "changes", "comment": "Une phrase"},
                   callback=True)
    assert ack["ok"] and synthesis.final_version(workshop.id) is None
