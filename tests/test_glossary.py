"""The workshop's glossary: defaults in the reader's language, edited by the facilitator only,
pushed to every page, and part of the state a page rebuilds from."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from clts_forum.services import glossary
from helpers import drain, link_token


def ack(client, event, data=None):
    return client.emit(event, data if data is not None else {}, callback=True)


def test_a_new_workshop_has_the_default_glossary_in_the_reader_s_language(workshop):
    terms = {e["term"]: e["explanation"] for e in glossary.entries(workshop)}
    assert {"CLTS", "CCAS", "RSA", "ASE", "CAF", "MDPH", "PMI"} <= set(terms)
    assert terms["CCAS"].startswith("Centre communal d'action sociale")
    with force_locale("en"):
        english = {e["term"]: e["explanation"] for e in glossary.entries(workshop)}
    assert english["CCAS"].startswith("Municipal social action centre")


def test_the_facilitator_edits_it_and_every_page_receives_it(workshop, join, connect):
    awa = connect(join("Awa").token)
    board = connect(link_token(workshop, "board"))
    referent = connect(link_token(workshop, "referent", "practice"))
    facilitator = connect(link_token(workshop, "facilitator"))
    for client in (awa, board, referent, facilitator):
        drain(client)
    reply = ack(facilitator, "glossary.update", {"entries": [
        {"term": "dalo", "explanation": "Droit au logement opposable."},
        {"term": "CCAS", "explanation": "Le service social de la <b>mairie</b>."}]})
    assert reply["ok"], reply
    assert reply["entries"] == [{"term": "CCAS", "explanation": "Le service social de la <b>mairie</b>."},
                                {"term": "DALO", "explanation": "Droit au logement opposable."}]
    for client in (awa, board, referent, facilitator):
        assert drain(client)["glossary.changed"] == [{"entries": reply["entries"]}]
    state = ack(awa, "workshop.state")["state"]
    assert state["glossary"] == reply["entries"]  # stored raw: the phone shows it as text, never HTML


def test_only_the_facilitator_may_edit_it(workshop, join, connect):
    awa = connect(join("Awa").token)
    reply = ack(awa, "glossary.update", {"entries": []})
    assert reply == {"ok": False, "error": {"code": "forbidden", "message": reply["error"]["message"]}}
    referent = connect(link_token(workshop, "referent", "experience"))
    assert ack(referent, "glossary.update", {"entries": []})["error"]["code"] == "forbidden"
    assert ack(connect(link_token(workshop, "board")), "glossary.update", {"entries": []})["error"]["code"] == "forbidden"


@pytest.mark.parametrize("entries", [
    "CCAS", None, [{"term": "C", "explanation": "x"}], [{"term": "CCAS deux", "explanation": "x"}],
    [{"term": "CCAS", "explanation": ""}], [{"term": "CCAS", "explanation": "x" * 301}],
    [{"term": "CCAS", "explanation": "a"}, {"term": "ccas", "explanation": "b"}],
    [{"term": f"T{i:03d}", "explanation": "x"} for i in range(81)], ["CCAS"],
])
def test_bad_glossaries_are_refused_and_nothing_changes(workshop, connect, entries):
    facilitator = connect(link_token(workshop, "facilitator"))
    reply = ack(facilitator, "glossary.update", {"entries": entries})
    assert reply["ok"] is False and reply["error"]["code"] == "invalid"
    assert workshop.glossary is None


def test_an_edit_is_in_the_audit_log(workshop, connect):
    facilitator = connect(link_token(workshop, "facilitator"))
    drain(facilitator)
    assert ack(facilitator, "glossary.update", {"entries": [{"term": "CAF", "explanation": "Allocations."}]})["ok"]
    log = drain(facilitator)["audit.changed"][-1]
    assert log["entries"][0]["action"] == "glossary.update"
