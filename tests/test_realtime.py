"""The Socket.IO protocol (docs/protocol.md) through socketio.test_client."""
import pytest

from clts_forum.extensions import db
from clts_forum.models import Card
from clts_forum.services import workshops
from helpers import drain, link_token


def ack(client, event, data=None):
    return client.emit(event, data if data is not None else {}, callback=True)


@pytest.fixture
def room(workshop, join, connect):
    """A running festival workshop in its perceptions step with phones, board and facilitator."""
    awa, binta, bruno = join("Awa"), join("Binta"), join("Bruno", "professionnel", followed_here="yes")
    clients = {
        "awa": connect(awa.token), "binta": connect(binta.token), "bruno": connect(bruno.token),
        "board": connect(link_token(workshop, "board")),
        "facilitator": connect(link_token(workshop, "facilitator")),
        "ref_experience": connect(link_token(workshop, "referent", "experience")),
        "ref_practice": connect(link_token(workshop, "referent", "practice")),
    }
    perceptions = next(s for s in workshop.steps if s.kind == "perceptions")
    assert ack(clients["facilitator"], "step.goto", {"step_id": perceptions.id, "from_step_id": None})["ok"]
    for client in clients.values():
        drain(client)
    return clients


@pytest.mark.parametrize("auth", [None, {}, {"token": "nope"}, {"token": 42}, {"token": "x" * 40},
                                  {"join_code": "ZZZZZZ"}, {"join_code": ["A"]}, "token"])
def test_a_connection_without_valid_credentials_is_refused(app, workshop, auth):
    from clts_forum.extensions import socketio

    client = socketio.test_client(app, auth=auth)
    assert not client.is_connected()


def test_a_revoked_link_no_longer_opens(app, workshop, connect):
    link = workshops.active_link(workshop, "board")
    link.revoked_at = link.created_at
    db.session.commit()
    assert not connect(link.token).is_connected()


def test_a_phone_can_join_through_the_socket_then_act(workshop, connect):
    phone = connect({"join_code": workshop.join_code.lower()})
    assert phone.is_connected()
    assert ack(phone, "workshop.state")["error"]["code"] == "forbidden"  # a visitor may only join
    joined = ack(phone, "participant.join", {"pseudonym": "Awa", "category": "personne_accompagnee"})
    assert joined["ok"] and len(joined["token"]) >= 32
    state = ack(phone, "workshop.state")["state"]
    assert state["me"]["pseudonym"] == "Awa" and state["me"]["peer_group"] == "experience"
    reconnected = connect(joined["token"])
    assert ack(reconnected, "workshop.state")["state"]["me"]["participant_id"] == joined["participant_id"]


def test_join_errors_come_back_as_acks(workshop, join, connect):
    join("Awa")
    phone = connect({"join_code": workshop.join_code})
    taken = ack(phone, "participant.join", {"pseudonym": "AWA", "category": "professionnel"})
    assert taken == {"ok": False, "error": {"code": "pseudonym_taken", "message": taken["error"]["message"]}}
    assert ack(phone, "participant.join", "Awa")["error"]["code"] == "invalid"
    assert ack(phone, "participant.join", {"pseudonym": "Zoé", "category": "professionnel"})["ok"]


def test_a_card_crosses_the_room_labelled_by_group_not_by_person(workshop, room):
    sent = ack(room["awa"], "card.create", {"client_id": "awa-card-0001", "kind": "perception",
                                            "text": "On attend trop <b>longtemps</b>."})
    assert sent["ok"] and not sent["replayed"]
    assert sent["card"]["mine"] and sent["card"]["status"] == "published"

    on_board = drain(room["board"])["card.created"]
    assert on_board == [on_board[0]] and on_board[0]["text"] == "On attend trop <b>longtemps</b>."
    assert on_board[0]["peer_group"] == "experience" and on_board[0]["author"] is None
    assert "author_pseudonym" not in on_board[0] and "status" not in on_board[0]
    assert drain(room["bruno"])["card.created"][0]["id"] == sent["card"]["id"]
    staff = drain(room["facilitator"])["card.created"][0]
    assert staff["author_pseudonym"] == "Awa" and staff["status"] == "published"
    assert drain(room["ref_experience"])["card.created"][-1]["author_pseudonym"] == "Awa"


def test_consenting_authors_are_quoted(workshop, room):
    ack(room["awa"], "card.create", {"client_id": "awa-card-0002", "kind": "perception", "text": "Idée",
                                     "consent_quote": True})
    assert drain(room["board"])["card.created"][0]["author"] == "Awa"


def test_a_retried_create_is_stored_and_broadcast_once(workshop, room):
    payload = {"client_id": "retry-0000001", "kind": "perception", "text": "Une fois"}
    first, second = ack(room["awa"], "card.create", payload), ack(room["awa"], "card.create", payload)
    assert second["replayed"] and second["card"]["id"] == first["card"]["id"]
    assert len(drain(room["board"])["card.created"]) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Card)) == 1


@pytest.mark.parametrize("payload", [None, "texte", 7, [], {"client_id": "c" * 10, "kind": "perception"},
                                     {"client_id": "c" * 10, "kind": "perception", "text": "x" * 5000},
                                     {"client_id": "c" * 10, "kind": "perception", "text": {"$gt": ""}}])
def test_bad_input_gets_an_error_ack_and_the_connection_stays_usable(workshop, room, payload):
    refused = ack(room["awa"], "card.create", payload)
    assert refused["ok"] is False and refused["error"]["code"] == "invalid" and refused["error"]["message"]
    assert room["awa"].is_connected()
    assert ack(room["awa"], "workshop.state")["ok"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Card)) == 0


def test_unknown_events_get_an_error_ack(room):
    for event in ("card.explode", "nothing", "on_connect", "card"):
        assert ack(room["awa"], event)["error"]["code"] == "unknown_event"
    assert room["awa"].is_connected()


def test_a_post_outside_the_rules_is_refused(workshop, room):
    refused = ack(room["bruno"], "card.create", {"client_id": "bruno-00001", "kind": "perception", "text": "Moi"})
    assert refused["error"]["code"] == "not_allowed_now"


@pytest.mark.parametrize("who, event", [
    ("awa", "step.goto"), ("board", "step.goto"), ("ref_experience", "step.goto"),
    ("board", "card.create"), ("ref_practice", "card.create"), ("facilitator", "card.edit"),
    ("board", "card.withdraw"), ("awa", "participant.join"), ("facilitator", "participant.join"),
])
def test_events_outside_a_role_are_forbidden(workshop, room, who, event):
    refused = ack(room[who], event, {"step_id": workshop.steps[0].id, "from_step_id": None})
    assert refused["error"]["code"] == "forbidden"


def test_the_step_change_reaches_everyone(workshop, room):
    current = workshop.current_step_id
    tracks = next(s for s in workshop.steps if s.kind == "tracks")
    moved = ack(room["facilitator"], "step.goto", {"step_id": tracks.id, "from_step_id": current})
    assert moved == {"ok": True, "current_step_id": tracks.id}
    for name, client in room.items():
        change = drain(client)["step.changed"]
        assert len(change) == 1 and change[0]["step"]["kind"] == "tracks", name
        assert change[0]["step"]["rules"]["post_kinds"] == ["track"]
    stale = ack(room["facilitator"], "step.goto", {"step_id": tracks.id, "from_step_id": current})
    assert stale["error"]["code"] == "stale"


def test_only_staff_learn_who_joined_and_the_dependency_answer(workshop, room, join):
    join("Chloé", "cadre", followed_here="yes")
    assert drain(room["facilitator"])["participant.joined"][0]["followed_here"] == "yes"
    assert drain(room["ref_practice"])["participant.joined"][0]["pseudonym"] == "Chloé"
    for name in ("awa", "bruno", "board", "ref_experience"):
        pushes = drain(room[name])
        assert "participant.joined" not in pushes, name
        assert pushes["composition.changed"][0]["groups"]["practice"] == 2


def test_snapshots_show_each_role_what_it_may_see(workshop, room):
    ack(room["awa"], "card.create", {"client_id": "awa-card-0003", "kind": "perception", "text": "Vu"})
    board = ack(room["board"], "workshop.state")["state"]
    assert "participants" not in board and board["me"] == {"role": "board", "peer_group": None}
    assert [c["text"] for c in board["cards"]] == ["Vu"]
    facilitator = ack(room["facilitator"], "workshop.state")["state"]
    assert {p["pseudonym"]: p["followed_here"] for p in facilitator["participants"]} == {
        "Awa": "unsaid", "Binta": "unsaid", "Bruno": "yes"}
    practice = ack(room["ref_practice"], "workshop.state")["state"]
    assert [p["pseudonym"] for p in practice["participants"]] == ["Bruno"]
    for phone in ("awa", "bruno"):
        state = ack(room[phone], "workshop.state")["state"]
        assert "participants" not in state and "followed_here" not in str(state)
    assert ack(room["awa"], "workshop.state")["state"]["cards"][0]["mine"] is True


def test_pending_cards_reach_only_the_author_and_the_moderators(workshop, room):
    workshop.moderation = "pre"
    db.session.commit()
    sent = ack(room["awa"], "card.create", {"client_id": "awa-pending-1", "kind": "perception", "text": "Attente"})
    assert sent["card"]["status"] == "pending"
    assert drain(room["awa"])["card.created"][0]["status"] == "pending"
    assert drain(room["facilitator"])["card.created"][0]["status"] == "pending"
    assert drain(room["ref_experience"])["card.created"][0]["status"] == "pending"
    for name in ("binta", "bruno", "board", "ref_practice"):
        assert "card.created" not in drain(room[name]), name
        assert all(c["id"] != sent["card"]["id"] for c in ack(room[name], "workshop.state")["state"]["cards"])


def test_edit_and_withdraw_reach_the_room(workshop, room):
    card = ack(room["awa"], "card.create", {"client_id": "awa-card-0004", "kind": "perception", "text": "Avant"})["card"]
    drain(room["board"])
    assert ack(room["awa"], "card.edit", {"id": card["id"], "text": "Après"})["card"]["text"] == "Après"
    assert drain(room["board"])["card.updated"][0]["text"] == "Après"
    assert ack(room["binta"], "card.withdraw", {"id": card["id"]})["error"]["code"] == "forbidden"
    assert ack(room["awa"], "card.withdraw", {"id": card["id"]})["ok"]
    assert drain(room["board"])["card.removed"] == [{"id": card["id"]}]
    assert drain(room["awa"])["card.updated"][-1]["status"] == "withdrawn"
    assert ack(room["board"], "workshop.state")["state"]["cards"] == []


def test_sealed_peer_group_cards_never_reach_another_group(app, connect):
    from clts_forum.services import participants

    sealed = workshops.create_workshop(title="Croisement", template="croisement")
    people = {name: participants.join(sealed, pseudonym=name, category=category) for name, category in
              [("Awa", "personne_accompagnee"), ("Ali", "personne_accompagnee"), ("Bruno", "professionnel")]}
    clients = {name: connect(p.token) for name, p in people.items()}
    clients["board"] = connect(link_token(sealed, "board"))
    clients["ref_practice"] = connect(link_token(sealed, "referent", "practice"))
    clients["ref_experience"] = connect(link_token(sealed, "referent", "experience"))
    facilitator = connect(link_token(sealed, "facilitator"))
    peer = next(s for s in sealed.steps if s.kind == "peer_groups")
    assert ack(facilitator, "step.goto", {"step_id": peer.id, "from_step_id": None})["ok"]
    for client in clients.values():
        drain(client)

    secret = ack(clients["Awa"], "card.create", {"client_id": "sealed-00001", "kind": "perception",
                                                 "text": "Entre nous"})["card"]
    assert secret["sealed"] is True
    assert drain(clients["Ali"])["card.created"][0]["text"] == "Entre nous"
    assert drain(clients["ref_experience"])["card.created"][0]["text"] == "Entre nous"
    for name in ("Bruno", "board", "ref_practice"):
        assert "Entre nous" not in str(drain(clients[name])), name
        assert "Entre nous" not in str(ack(clients[name], "workshop.state")), name


def test_a_position_is_pushed_to_the_authors_other_devices_not_to_the_one_that_set_it(workshop, join, connect, start):
    awa = join("Awa")
    start("tracks")
    track = ack(connect(link_token(workshop, "facilitator")), "card.create",
                {"client_id": "track-0001", "kind": "track", "text": "Une piste"})["card"]
    phone, tablet = connect(awa.token), connect(awa.token)
    drain(phone), drain(tablet)
    assert ack(phone, "position.set", {"card_id": track["id"], "value": "agree"}) == {"ok": True, "value": "agree"}
    assert "position.saved" not in drain(phone)
    assert drain(tablet)["position.saved"] == [{"card_id": track["id"], "value": "agree"}]


def test_the_rules_follow_each_step_change_at_once(workshop, room):
    """The worker keeps the running step in memory: every change of step, lock or pause reaches it."""
    facilitator, awa = room["facilitator"], room["awa"]
    posted = ack(awa, "card.create", {"client_id": "awa-cache-1", "kind": "perception", "text": "Avant"})
    assert posted["ok"]
    step_id = workshop.current_step_id
    assert ack(facilitator, "step.lock", {"step_id": step_id, "locked": True})["ok"]
    locked = ack(awa, "card.create", {"client_id": "awa-cache-2", "kind": "perception", "text": "Fermé"})
    assert locked["error"]["code"] == "not_allowed_now"
    assert ack(facilitator, "step.lock", {"step_id": step_id, "locked": False})["ok"]
    assert ack(facilitator, "workshop.pause", {"paused": True})["ok"]
    assert ack(awa, "card.create", {"client_id": "awa-cache-3", "kind": "perception", "text": "Pause"})["error"]["code"] == "paused"
    assert ack(facilitator, "workshop.pause", {"paused": False})["ok"]
    tracks = next(s for s in workshop.steps if s.kind == "tracks")
    assert ack(facilitator, "step.goto", {"step_id": tracks.id, "from_step_id": step_id})["ok"]
    assert ack(awa, "card.create", {"client_id": "awa-cache-4", "kind": "perception", "text": "Trop tard"})["error"]["code"] == "not_allowed_now"
    assert ack(awa, "card.create", {"client_id": "awa-cache-5", "kind": "track", "text": "Une piste"})["ok"]
    stored = db.session.scalars(db.select(Card.client_id).filter(Card.client_id.like("awa-cache-%"))).all()
    assert sorted(stored) == ["awa-cache-1", "awa-cache-5"]
