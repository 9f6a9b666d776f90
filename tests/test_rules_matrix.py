"""The method's rules as a table: for every step kind × role × peer group × action, what happens,
checked through the Socket.IO API. The table below is the specification, written out by hand."""
from __future__ import annotations

import itertools
import json

import pytest

from clts_forum.services import participants, steps, workshops
from clts_forum.services.programmes import DEFAULT_RULES
from helpers import drain, link_token

PARTICIPANTS = {"p_experience", "p_practice", "p_research"}
REFERENTS = {"referent_experience", "referent_practice"}
ROLES = sorted(PARTICIPANTS | REFERENTS | {"board", "facilitator"})
ANYONE = set(ROLES)

# action -> (event, payload). {track}, {question} and {uid} are filled in per call.
ACTIONS = {
    "post perception": ("card.create", {"client_id": "{uid}", "kind": "perception", "text": "Une perception"}),
    "post track": ("card.create", {"client_id": "{uid}", "kind": "track", "text": "Une piste"}),
    "post question": ("card.create", {"client_id": "{uid}", "kind": "question", "text": "Une question ?"}),
    "take a position": ("position.set", {"card_id": "{track}", "value": "agree"}),
    "support a question": ("card.upvote", {"id": "{question}", "on": True}),
    "propose a release": ("release.propose", {"summary": "Ce que nous partageons"}),
    # asking for changes: every role gets to decide (a synthesis validated by all is final: test_synthesis_final.py)
    "validate the synthesis": ("synthesis.decide", {"version": 1, "decision": "changes", "comment": "À revoir"}),
    "answer the evaluation": ("evaluation.submit", {"answers": {}}),
    "raise a hand": ("hand.raise", {}),
    "read the state": ("workshop.state", {}),
}

# Who may ever do each action (anyone else is `forbidden` whatever the step).
EVER = {
    "post perception": PARTICIPANTS | {"facilitator"},
    "post track": PARTICIPANTS | {"facilitator"},
    "post question": PARTICIPANTS | {"facilitator"},
    "take a position": PARTICIPANTS,
    "support a question": PARTICIPANTS,
    "propose a release": PARTICIPANTS,
    "validate the synthesis": PARTICIPANTS | REFERENTS,
    "answer the evaluation": PARTICIPANTS,
    "raise a hand": PARTICIPANTS,
    "read the state": ANYONE,
}
# The facilitator writes facilitator content at any step.
STAFF_CONTENT = {"post perception": {"facilitator"}, "post track": {"facilitator"}, "post question": {"facilitator"},
                 "read the state": ANYONE}

# step kind -> action -> who succeeds (in that step). Everyone else: `not_allowed_now` or `forbidden`.
ALLOWED = {
    "welcome": STAFF_CONTENT | {"raise a hand": PARTICIPANTS},
    "perceptions": STAFF_CONTENT | {"post perception": {"p_experience", "facilitator"}, "raise a hand": PARTICIPANTS},
    "peer_groups": STAFF_CONTENT | {"post perception": PARTICIPANTS | {"facilitator"},
                                    "propose a release": PARTICIPANTS},
    "crossing": STAFF_CONTENT | {"post question": PARTICIPANTS | {"facilitator"}, "propose a release": PARTICIPANTS,
                                 "raise a hand": PARTICIPANTS},
    "tracks": STAFF_CONTENT | {"post track": PARTICIPANTS | {"facilitator"}, "take a position": PARTICIPANTS,
                               "raise a hand": PARTICIPANTS},
    "insight": STAFF_CONTENT | {"post question": PARTICIPANTS | {"facilitator"},
                                "support a question": PARTICIPANTS, "raise a hand": PARTICIPANTS},
    "synthesis": STAFF_CONTENT | {"validate the synthesis": PARTICIPANTS | REFERENTS, "raise a hand": PARTICIPANTS},
    "evaluation": STAFF_CONTENT | {"answer the evaluation": PARTICIPANTS},
}


def test_the_table_covers_every_step_kind_and_action():
    assert set(ALLOWED) == set(DEFAULT_RULES)
    assert set(EVER) == set(ACTIONS)


@pytest.fixture
def room(app, connect):
    """Every step kind in one workshop, an identity of each role, a track, a question and a synthesis."""
    workshop = workshops.create_workshop(title="Matrice", template="croisement")
    clients = {"board": connect(link_token(workshop, "board")),
               "facilitator": connect(link_token(workshop, "facilitator"))}
    clients["facilitator"].emit("step.add", {"kind": "perceptions"}, callback=True)
    for group, category in (("experience", "personne_accompagnee"), ("practice", "professionnel"),
                            ("research", "chercheur")):
        person = participants.join(workshop, pseudonym=f"P-{group}", category=category)
        clients[f"p_{group}"] = connect(person.token)
    for group in ("experience", "practice"):
        clients[f"referent_{group}"] = connect(link_token(workshop, "referent", group))

    def ack(who, event, payload):
        return clients[who].emit(event, payload, callback=True)

    ack("facilitator", "step.goto", {"step_id": workshop.steps[0].id, "from_step_id": None})
    targets = {name: ack("facilitator", "card.create", {"client_id": f"target-{name}", "kind": name,
                                                        "text": f"Cible {name}"})["card"]["id"]
               for name in ("track", "question")}
    assert ack("facilitator", "synthesis.draft", {"text": "Synthèse v1"})["ok"]
    return workshop, clients, ack, targets


def fill(payload, **values):
    text = json.dumps(payload)
    for name, value in values.items():
        text = text.replace(f'"{{{name}}}"', json.dumps(value))
    return json.loads(text)


@pytest.mark.parametrize("kind", list(ALLOWED))
def test_each_role_may_do_exactly_what_the_step_allows(room, kind):
    workshop, clients, ack, targets = room
    step = next(s for s in workshop.steps if s.kind == kind)
    assert ack("facilitator", "step.goto", {"step_id": step.id, "from_step_id": workshop.current_step_id})["ok"]
    counter = itertools.count()
    wrong = []
    for action, (event, template) in ACTIONS.items():
        for role in ROLES:
            payload = fill(template, uid=f"matrix-{kind}-{next(counter):04d}", **targets)
            result = ack(role, event, payload)
            allowed = role in ALLOWED[kind].get(action, set())
            expected = "ok" if allowed else ("not_allowed_now" if role in EVER[action] else "forbidden")
            got = "ok" if result.get("ok") else result["error"]["code"]
            if got != expected:
                wrong.append(f"{kind}: {role} {action} → {got}, expected {expected}")
    assert wrong == []


def test_a_participant_never_receives_another_groups_sealed_card_in_any_event(room):
    workshop, clients, ack, targets = room
    peer = next(s for s in workshop.steps if s.kind == "peer_groups")
    ack("facilitator", "step.goto", {"step_id": peer.id, "from_step_id": workshop.current_step_id})
    for client in clients.values():
        drain(client)
    proposals = {}
    for group in ("experience", "practice", "research"):
        card = ack(f"p_{group}", "card.create", {"client_id": f"sealed-{group}", "kind": "perception",
                                                 "text": f"SECRET-{group}"})["card"]
        ack(f"p_{group}", "card.edit", {"id": card["id"], "text": f"SECRET-{group} (modifié)"})
        proposals[group] = ack(f"p_{group}", "release.propose", {"summary": f"PROPOSAL-{group}",
                                                                 "card_ids": [card["id"]]})["release"]["id"]
    # Everything else a room does meanwhile: a step edit, a hand, a state request.
    ack("facilitator", "step.update", {"id": peer.id, "duration_minutes": 50})
    received = {who: json.dumps([drain(client), ack(who, "workshop.state", {})], ensure_ascii=False)
                for who, client in clients.items()}

    for group in ("experience", "practice", "research"):
        for other in ("experience", "practice", "research"):
            seen = f"SECRET-{other}" in received[f"p_{group}"] or f"PROPOSAL-{other}" in received[f"p_{group}"]
            assert seen == (group == other), (group, other)
        assert f"SECRET-{group}" not in received["board"]
    assert "SECRET-practice" in received["referent_practice"] and "SECRET-experience" not in received["referent_practice"]
    assert all(f"SECRET-{g}" in received["facilitator"] for g in proposals)

    # Once the experience group's référent confirms, that card — and only that one — reaches everyone.
    assert ack("referent_experience", "release.confirm", {"id": proposals["experience"]})["ok"]
    after = {who: json.dumps([drain(client), ack(who, "workshop.state", {})], ensure_ascii=False)
             for who, client in clients.items()}
    for who in ("p_practice", "p_research", "board"):
        assert "SECRET-experience (modifié)" in after[who] and "PROPOSAL-experience" in after[who]
        assert "SECRET-research" not in after["p_practice"] and "SECRET-practice" not in after["board"]
