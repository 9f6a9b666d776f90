"""Moderation and steering through the socket API: every action, and who may not do it."""
from __future__ import annotations

import pytest

from clts_forum.extensions import db
from clts_forum.models import AuditEntry, Reword
from helpers import drain, link_token


@pytest.fixture
def room(workshop, join, connect):
    """The perceptions step of a festival workshop, with phones of two groups, référents and the board."""
    people = {"awa": join("Awa"), "binta": join("Binta"), "bruno": join("Bruno", "professionnel")}
    clients = {name: connect(person.token) for name, person in people.items()}
    clients.update(board=connect(link_token(workshop, "board")),
                   facilitator=connect(link_token(workshop, "facilitator")),
                   ref_experience=connect(link_token(workshop, "referent", "experience")),
                   ref_practice=connect(link_token(workshop, "referent", "practice")))
    perceptions = next(s for s in workshop.steps if s.kind == "perceptions")
    ack(clients, "facilitator", "step.goto", {"step_id": perceptions.id, "from_step_id": None})
    for client in clients.values():
        drain(client)
    return clients


def ack(clients, who, event, data=None):
    return clients[who].emit(event, data if data is not None else {}, callback=True)


def post(clients, who="awa", text="Une idée", client_id=None, kind="perception"):
    result = ack(clients, who, "card.create", {"client_id": client_id or f"{who}-{abs(hash(text)) % 10**9:09d}",
                                               "kind": kind, "text": text})
    assert result["ok"], result
    return result["card"]


def board_texts(clients):
    return [c["text"] for c in ack(clients, "board", "workshop.state")["state"]["cards"]]


# -- approve, hide, restore -------------------------------------------------------------------------

def test_pre_moderation_then_approve_hide_restore(workshop, room):
    workshop.moderation = "pre"
    db.session.commit()
    card = post(room, text="À relire d'abord")
    assert card["status"] == "pending" and board_texts(room) == []
    approved = ack(room, "facilitator", "card.moderate", {"id": card["id"], "action": "approve"})
    assert approved["card"]["status"] == "published"
    assert drain(room["board"])["card.created"][0]["text"] == "À relire d'abord"
    assert drain(room["awa"])["card.updated"][-1]["status"] == "published"  # the author sees the status
    ack(room, "ref_experience", "card.moderate", {"id": card["id"], "action": "hide"})
    assert drain(room["board"])["card.removed"] == [{"id": card["id"]}]
    assert drain(room["awa"])["card.updated"][-1]["status"] == "hidden"
    assert ack(room, "facilitator", "card.moderate", {"id": card["id"], "action": "hide"})["error"]["code"] == "stale"
    ack(room, "facilitator", "card.moderate", {"id": card["id"], "action": "restore"})
    assert board_texts(room) == ["À relire d'abord"]


@pytest.mark.parametrize("who, code", [("awa", "forbidden"), ("bruno", "forbidden"), ("board", "forbidden"),
                                       ("ref_practice", "forbidden")])
def test_only_the_facilitator_and_the_groups_referent_moderate(room, who, code):
    card = post(room)
    for event, data in (("card.moderate", {"id": card["id"], "action": "hide"}),
                        ("card.reword", {"id": card["id"], "text": "Autrement"})):
        assert ack(room, who, event, data)["error"]["code"] == code
    assert board_texts(room) == ["Une idée"]


@pytest.mark.parametrize("data", [{"id": 999999, "action": "hide"}, {"action": "hide"}, {"id": "1", "action": "hide"},
                                  {"id": 1, "action": "delete"}, None, "hide"])
def test_malformed_moderation_is_refused(room, data):
    post(room)
    assert ack(room, "facilitator", "card.moderate", data)["ok"] is False


# -- personal data ------------------------------------------------------------------------------------

def test_a_card_that_seems_to_name_someone_waits_for_a_moderator(room):
    card = post(room, text="Mon assistante Sophie Martin ne rappelle jamais, 06 12 34 56 78")
    assert card["status"] == "pending" and card["flags"] == ["phone", "name"]
    staff = drain(room["facilitator"])["card.created"][0]
    assert staff["flags"] == ["phone", "name"] and staff["status"] == "pending"
    assert "card.created" not in drain(room["board"])


# -- rewording with the author's consent ---------------------------------------------------------------

def test_a_reword_accepted_by_the_author_replaces_the_text_and_keeps_the_original(room):
    card = post(room, text="Mme Durand nous méprise")
    proposed = ack(room, "facilitator", "card.reword", {"id": card["id"], "text": "Une assistante nous méprise"})
    offer = drain(room["awa"])["card.updated"][-1]["reword"]
    assert offer == {"id": proposed["reword_id"], "text": "Une assistante nous méprise"}
    assert ack(room, "binta", "reword.answer", {"id": offer["id"], "accept": True})["error"]["code"] == "forbidden"
    accepted = ack(room, "awa", "reword.answer", {"id": offer["id"], "accept": True})
    assert accepted["card"]["text"] == "Une assistante nous méprise"
    assert accepted["card"]["status"] == "published" and accepted["card"]["reword"] is None
    assert board_texts(room) == ["Une assistante nous méprise"]
    assert db.session.get(Reword, offer["id"]).original_text == "Mme Durand nous méprise"
    logged = db.session.scalar(db.select(AuditEntry).filter_by(action="reword.accept"))
    assert logged.data["original"] == "Mme Durand nous méprise"
    assert ack(room, "awa", "reword.answer", {"id": offer["id"], "accept": True})["error"]["code"] == "stale"


def test_a_refused_reword_changes_nothing(room):
    card = post(room, text="Texte d'origine")
    reword_id = ack(room, "ref_experience", "card.reword", {"id": card["id"], "text": "Autre texte"})["reword_id"]
    assert ack(room, "awa", "reword.answer", {"id": reword_id, "accept": False})["card"]["text"] == "Texte d'origine"


# -- merging duplicates ---------------------------------------------------------------------------------

def test_merging_a_duplicate_keeps_its_authors_support(room):
    kept = post(room, "awa", "Les délais sont trop longs")
    duplicate = post(room, "binta", "Délais trop longs")
    drain(room["board"])
    merged = ack(room, "facilitator", "card.merge", {"id": duplicate["id"], "into_id": kept["id"]})
    assert merged["card"]["support"] == 2
    pushes = drain(room["board"])
    assert pushes["card.removed"] == [{"id": duplicate["id"]}] and pushes["card.updated"][0]["support"] == 2
    assert board_texts(room) == ["Les délais sont trop longs"]
    assert ack(room, "ref_experience", "card.merge", {"id": kept["id"], "into_id": duplicate["id"]})["error"]["code"] \
        == "forbidden"


# -- themes ----------------------------------------------------------------------------------------------

def test_themes_group_cards_and_merge(room):
    first, second = post(room, "awa", "Accueil froid"), post(room, "binta", "Pas de rendez-vous")
    accueil = ack(room, "facilitator", "theme.create", {"name": "Accueil"})["theme_id"]
    delais = ack(room, "facilitator", "theme.create", {"name": "Délais"})["theme_id"]
    assert drain(room["board"])["themes.changed"][-1]["themes"] == [{"id": accueil, "name": "Accueil"},
                                                                     {"id": delais, "name": "Délais"}]
    assert ack(room, "facilitator", "theme.assign", {"theme_id": accueil, "card_ids": [first["id"], second["id"]]})["count"] == 2
    assert {c["theme_id"] for c in drain(room["board"])["card.updated"]} == {accueil}
    ack(room, "facilitator", "theme.rename", {"id": accueil, "name": "L'accueil"})
    ack(room, "facilitator", "theme.merge", {"id": accueil, "into_id": delais})
    state = ack(room, "board", "workshop.state")["state"]
    assert state["themes"] == [{"id": delais, "name": "Délais"}] and {c["theme_id"] for c in state["cards"]} == {delais}
    for who in ("awa", "ref_experience", "board"):
        assert ack(room, who, "theme.create", {"name": "Pirate"})["error"]["code"] == "forbidden"
    assert ack(room, "facilitator", "theme.assign", {"theme_id": delais, "card_ids": []})["error"]["code"] == "invalid"


# -- lock, pause, timer ------------------------------------------------------------------------------------

def test_a_locked_step_takes_no_card_until_reopened(workshop, room):
    step_id = workshop.current_step_id
    assert ack(room, "facilitator", "step.lock", {"step_id": step_id, "locked": True})["locked"] is True
    assert drain(room["awa"])["step.updated"][0]["locked"] is True
    refused = ack(room, "awa", "card.create", {"client_id": "locked-0001", "kind": "perception", "text": "Trop tard"})
    assert refused["error"]["code"] == "not_allowed_now"
    ack(room, "facilitator", "step.lock", {"step_id": step_id, "locked": False})
    post(room, text="Rouvert")


def test_the_pause_stops_posting_and_a_participant_can_ask_for_one(room):
    assert ack(room, "awa", "pause.request")["ok"]
    requests = drain(room["facilitator"])["pause.requests"][-1]["requests"]
    assert [(r["pseudonym"], r["peer_group"]) for r in requests] == [("Awa", "experience")]
    assert "pause.requests" not in drain(room["board"]) and "pause.requests" not in drain(room["binta"])
    ack(room, "facilitator", "workshop.pause", {"paused": True})
    assert drain(room["board"])["workshop.changed"][-1]["paused"] is True
    refused = ack(room, "binta", "card.create", {"client_id": "paused-0001", "kind": "perception", "text": "Pendant"})
    assert refused["error"]["code"] == "paused"
    ack(room, "facilitator", "pause.seen")
    assert drain(room["facilitator"])["pause.requests"][-1]["requests"] == []
    assert ack(room, "awa", "workshop.pause", {"paused": False})["error"]["code"] == "forbidden"


def test_the_timer_runs_pauses_and_grows_but_never_moves_the_room(workshop, room):
    step_id = workshop.current_step_id
    started = ack(room, "facilitator", "timer.set", {"action": "start"})["timer"]
    assert started["running"] is True and started["total_seconds"] == 45 * 60
    grown = ack(room, "facilitator", "timer.set", {"action": "add", "seconds": 300})["timer"]
    assert grown["total_seconds"] == 50 * 60
    paused = ack(room, "facilitator", "timer.set", {"action": "pause"})["timer"]
    assert paused["running"] is False
    assert drain(room["board"])["timer.changed"][-1]["timer"]["total_seconds"] == 50 * 60
    ack(room, "facilitator", "timer.set", {"action": "add", "seconds": -999999})
    assert ack(room, "facilitator", "timer.set", {"action": "explode"})["error"]["code"] == "invalid"
    assert ack(room, "awa", "timer.set", {"action": "start"})["error"]["code"] == "forbidden"
    assert workshop.current_step_id == step_id


# -- the board: spotlight and layouts ---------------------------------------------------------------------

def test_the_spotlight_shows_one_published_card_and_leaves_with_it(workshop, room):
    card = post(room, text="À mettre en avant")
    assert ack(room, "facilitator", "spotlight.set", {"card_id": card["id"]})["card_id"] == card["id"]
    assert drain(room["board"])["workshop.changed"][-1]["spotlight_card_id"] == card["id"]
    ack(room, "facilitator", "card.moderate", {"id": card["id"], "action": "hide"})
    assert drain(room["board"])["workshop.changed"][-1]["spotlight_card_id"] is None
    assert ack(room, "facilitator", "spotlight.set", {"card_id": card["id"]})["error"]["code"] == "not_found"


@pytest.mark.parametrize("layout", ["auto", "columns", "themes", "agreement", "queue", "join"])
def test_board_layouts(room, layout):
    assert ack(room, "facilitator", "board.layout", {"layout": layout})["layout"] == layout
    assert drain(room["board"])["workshop.changed"][-1]["board_layout"] == layout


def test_unknown_layouts_and_other_roles_are_refused(room):
    assert ack(room, "facilitator", "board.layout", {"layout": "3d"})["error"]["code"] == "invalid"
    assert ack(room, "board", "board.layout", {"layout": "join"})["error"]["code"] == "forbidden"


# -- undo ----------------------------------------------------------------------------------------------------

def test_undo_reverses_the_last_action_then_the_one_before(workshop, room):
    perceptions = workshop.current_step_id
    tracks = next(s.id for s in workshop.steps if s.kind == "tracks")
    card = post(room)
    ack(room, "facilitator", "card.moderate", {"id": card["id"], "action": "hide"})
    ack(room, "facilitator", "step.goto", {"step_id": tracks, "from_step_id": perceptions})
    log = drain(room["facilitator"])["audit.changed"][-1]
    assert log["undoable"]["label"] == "le changement d'étape"
    assert ack(room, "facilitator", "audit.undo")["undone"]["action"] == "step.goto"
    assert workshop.current_step_id == perceptions
    assert drain(room["awa"])["step.changed"][-1]["current_step_id"] == perceptions
    assert ack(room, "facilitator", "audit.undo")["undone"]["action"] == "card.moderate"
    assert board_texts(room) == ["Une idée"]
    assert ack(room, "awa", "audit.undo")["error"]["code"] == "forbidden"
    # the start stays, and "Annuler" is not offered for it
    assert drain(room["facilitator"])["audit.changed"][-1]["undoable"] is None
    assert ack(room, "facilitator", "audit.undo")["error"]["code"] == "not_found"


def test_right_after_the_start_nothing_is_offered_to_undo(app, connect):
    from clts_forum.services import workshops as workshop_service
    fresh = workshop_service.create_workshop(title="Tout neuf", theme="L'accueil", place="Salle 2")
    facilitator = connect(link_token(fresh, "facilitator"))
    assert facilitator.emit("step.goto", {"step_id": fresh.steps[0].id, "from_step_id": None}, callback=True)["ok"]
    assert drain(facilitator)["audit.changed"][-1]["undoable"] is None


# -- scribe mode ---------------------------------------------------------------------------------------------

def test_a_referent_writes_for_someone_without_a_phone(workshop, room):
    written = ack(room, "ref_experience", "card.scribe", {"client_id": "scribe-00001", "kind": "perception",
                                                          "text": "Dit par Josette", "pseudonym": "Josette"})
    assert written["ok"] and written["card"]["written_by"] == "referent"
    assert written["card"]["author_pseudonym"] == "Josette" and written["card"]["peer_group"] == "experience"
    on_board = drain(room["board"])["card.created"][0]
    assert on_board["written_by"] == "participant" and on_board["author"] is None
    assert drain(room["facilitator"])["participant.joined"][0]["pseudonym"] == "Josette"
    again = ack(room, "ref_experience", "card.scribe", {"client_id": "scribe-00002", "kind": "perception",
                                                        "text": "Encore Josette", "pseudonym": "josette"})
    assert again["card"]["author_pseudonym"] == "Josette"
    taken = ack(room, "ref_experience", "card.scribe", {"client_id": "scribe-00003", "kind": "perception",
                                                        "text": "Usurpé", "pseudonym": "Awa"})
    assert taken["error"]["code"] == "conflict"
    other = ack(room, "ref_experience", "card.scribe", {"client_id": "scribe-00004", "kind": "perception",
                                                        "text": "Mauvais groupe", "pseudonym": "Zoé",
                                                        "category": "professionnel"})
    assert other["error"]["code"] == "invalid"
    for who in ("awa", "facilitator", "board"):
        assert ack(room, who, "card.scribe", {"client_id": "scribe-00005", "kind": "perception", "text": "x",
                                              "pseudonym": "X"})["error"]["code"] == "forbidden"
