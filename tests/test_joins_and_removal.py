"""Joining is limited on the socket, and the facilitator removes a participant joined in bad faith (issue 17)."""
import uuid

import pytest

from clts_forum.extensions import db, socketio
from clts_forum.models import AuditEntry, Card, Participant, Position, SpeakRequest
from clts_forum.services import cards, positions, speaking, throttle
from clts_forum.services.ratelimit import LiveRateLimiter
from clts_forum.services import ServiceError
from helpers import as_actor, drain, link_token


def ack(client, event, data=None):
    return client.emit(event, data if data is not None else {}, callback=True)


def pushes_left(client) -> list[str]:
    return [packet["name"] for packet in client.queue]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def namespace():
    return socketio.server.namespace_handlers["/"]


@pytest.fixture
def limiter(app, monkeypatch):
    """The app's live limiter with a small per-address budget (3 joins at once, then 1 a minute), behind
    one trusted proxy (the address is the X-Forwarded-For these tests send)."""
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    small = LiveRateLimiter(events_per_second=100, events_burst=100, cards_per_minute=60,
                            join_attempts_per_connection=4, joins_per_address_burst=3, joins_per_address_per_minute=1)
    monkeypatch.setattr(namespace(), "rate_limiter", small)
    return small


def visitor(app, workshop, address="192.0.2.10"):
    return socketio.test_client(app, auth={"join_code": workshop.join_code},
                                headers={"X-Forwarded-For": address})


def participants_count(workshop):
    return db.session.scalar(db.select(db.func.count()).select_from(Participant).filter_by(workshop_id=workshop.id))


# -- limits -----------------------------------------------------------------------------------------

def test_a_connection_joins_once_and_tries_a_bounded_number_of_times(app, workshop, limiter):
    phone = visitor(app, workshop)
    assert ack(phone, "participant.join", {"pseudonym": "Awa", "category": "personne_accompagnee"})["ok"]
    again = ack(phone, "participant.join", {"pseudonym": "Awa2", "category": "personne_accompagnee"})
    assert again["ok"] is False and again["error"]["code"] == "forbidden"  # it is a participant now
    script = visitor(app, workshop, "192.0.2.99")
    codes = [ack(script, "participant.join", {"pseudonym": "X", "category": "nope"})["error"]["code"]
             for _ in range(5)]
    assert codes == ["invalid"] * 4 + ["join_limited"]
    assert participants_count(workshop) == 1


def test_an_address_makes_a_bounded_number_of_participants(app, workshop, limiter):
    answers = [ack(visitor(app, workshop), "participant.join", {"pseudonym": f"Bot{n}", "category": "cadre"})
               for n in range(5)]
    assert [a["ok"] for a in answers] == [True, True, True, False, False]
    assert answers[3]["error"]["code"] == "join_limited" and "Patientez" in answers[3]["error"]["message"]
    assert participants_count(workshop) == 3
    # another address (another network) is not held back
    assert ack(visitor(app, workshop, "198.51.100.7"), "participant.join", {"pseudonym": "Awa", "category": "cadre"})["ok"]


def test_a_refused_join_does_not_count_against_the_address(app, workshop, limiter, join):
    join("Awa")
    for _ in range(3):
        refused = ack(visitor(app, workshop), "participant.join", {"pseudonym": "awa", "category": "cadre"})
        assert refused["error"]["code"] == "pseudonym_taken"
    for n in range(3):
        assert ack(visitor(app, workshop), "participant.join", {"pseudonym": f"P{n}", "category": "cadre"})["ok"]


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(app, workshop, limiter):
    """Without TRUSTED_PROXIES the header is ignored: a script cannot pick a new address per join."""
    app.config["TRUSTED_PROXIES"] = 0
    answers = [ack(visitor(app, workshop, f"203.0.113.{n}"), "participant.join",
                   {"pseudonym": f"Bot{n}", "category": "cadre"}) for n in range(4)]
    assert [a["ok"] for a in answers] == [True, True, True, False]


def test_the_default_limits_let_300_people_in_within_two_minutes_and_hold_a_script():
    clock = Clock()
    limiter = LiveRateLimiter(events_per_second=10, events_burst=40, cards_per_minute=20, clock=clock)
    for n in range(300):  # one Wi-Fi address: 120 phones in the first 6 s, the 180 others over 100 s
        clock.now = 1000.0 + (n * 0.05 if n < 120 else 6 + (n - 120) * 0.55)
        limiter.spend_join(f"s{n}", "10.0.0.1")
    assert clock.now - 1000.0 < 120
    clock.now = 5000.0  # a script on another address, as fast as it can for ten seconds
    made = 0
    for n in range(2000):
        clock.now = 5000.0 + n * 0.005
        try:
            limiter.spend_join(f"bot{n}", "10.0.0.66")
            made += 1
        except ServiceError as refusal:
            assert refusal.code == "join_limited"
    assert made <= 120 + 30


# -- removing a participant -------------------------------------------------------------------------

@pytest.fixture
def room(app, workshop, facilitator, start, join, connect, monkeypatch):
    monkeypatch.setattr(throttle.socketio, "start_background_task", lambda task: None)
    start("tracks")
    track, _ = cards.create(facilitator, {"client_id": uuid.uuid4().hex, "kind": "track", "text": "Une piste"})
    bot, awa = join("Bot", "professionnel"), join("Awa")
    bot_phone, awa_phone = connect(bot.token), connect(awa.token)
    staff, board = connect(link_token(workshop, "facilitator")), connect(link_token(workshop, "board"))
    spam, _ = cards.create(as_actor(bot), {"client_id": uuid.uuid4().hex, "kind": "track", "text": "Pub !"})
    positions.take(as_actor(bot), {"card_id": track.id, "value": "disagree"})
    speaking.raise_hand(as_actor(bot))
    speaking.raise_hand(as_actor(awa))
    throttle.flush_now()
    for client in (bot_phone, awa_phone, staff, board):
        drain(client)
    return {"bot": bot, "awa": awa, "bot_phone": bot_phone, "awa_phone": awa_phone, "staff": staff,
            "board": board, "track": track, "spam": spam}


def test_the_facilitator_removes_a_participant_and_the_room_follows(workshop, connect, room):
    bot, old_token = room["bot"], room["bot"].token
    answer = ack(room["staff"], "participant.remove", {"id": bot.id})
    assert answer == {"ok": True, "participant_id": bot.id}
    throttle.flush_now()
    # their phone is told, then disconnected, and the old token opens nothing
    assert not room["bot_phone"].is_connected() and "access.revoked" in pushes_left(room["bot_phone"])
    assert not connect(old_token).is_connected()
    # the gauge, the lists, the cards, the positions and the queue no longer count them
    staff = drain(room["staff"])
    assert staff["participant.removed"] == [{"id": bot.id}]
    assert staff["composition.changed"][-1]["total"] == 1
    assert staff["queue.changed"][-1]["waiting"][0]["pseudonym"] == "Awa"
    assert staff["positions.updated"][-1]["tracks"][str(room["track"].id)]["practice"]["disagree"] == 0
    assert drain(room["board"])["card.removed"] == [{"id": room["spam"].id}]
    assert drain(room["awa_phone"])["hand.changed"] == [{"status": "waiting", "place": 1}]
    assert db.session.get(Card, room["spam"].id).status == "hidden"  # a moderator may restore it
    assert db.session.scalar(db.select(Position).filter_by(participant_id=bot.id)) is None
    assert db.session.scalar(db.select(SpeakRequest.status).filter_by(participant_id=bot.id)) == "cancelled"
    state = ack(room["staff"], "workshop.state")["state"]
    assert [p["pseudonym"] for p in state["participants"]] == ["Awa"]
    assert state["composition"]["total"] == 1
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="participant.remove"))
    assert entry.target == f"participant:{bot.id}" and entry.data["cards"] == [room["spam"].id]
    # removing twice is harmless
    assert ack(room["staff"], "participant.remove", {"id": bot.id})["ok"]


def test_only_the_facilitator_removes_and_only_in_their_workshop(app, workshop, connect, room):
    from clts_forum.services import participants, workshops

    other = workshops.create_workshop(title="Atelier B")
    stranger = participants.join(other, pseudonym="Zoé", category="cadre")
    refused = ack(room["staff"], "participant.remove", {"id": stranger.id})
    assert refused["error"]["code"] == "not_found"
    assert db.session.get(Participant, stranger.id).removed_at is None
    for client in (room["awa_phone"], connect(link_token(workshop, "referent", "practice")), room["board"]):
        assert ack(client, "participant.remove", {"id": room["bot"].id})["error"]["code"] in ("forbidden", "unauthorized")
    assert db.session.get(Participant, room["bot"].id).removed_at is None
    assert ack(room["staff"], "participant.remove", {"id": "1"})["error"]["code"] == "invalid"


def test_a_removed_participant_still_connected_elsewhere_cannot_act(workshop, facilitator, connect, room,
                                                                  monkeypatch):
    """With several workers, a socket held by another worker is not closed by this one: its events are refused."""
    from clts_forum.services import participants, rooms

    held_elsewhere = connect(room["bot"].token)
    assert ack(held_elsewhere, "hand.raise")["ok"]  # this worker now remembers the participant as standing
    monkeypatch.setattr(rooms, "_disconnect", lambda room_name: None)  # as if on another worker
    participants.remove(facilitator, {"id": room["bot"].id})
    assert held_elsewhere.is_connected()
    assert ack(held_elsewhere, "hand.lower")["error"]["code"] == "unauthorized"


def test_a_removed_participant_is_not_counted_anywhere(workshop, facilitator, join):
    from clts_forum.services import participants, statistics, synthesis, workshops

    join("Awa")
    bot = join("Bot", "chercheur")  # alone in the research group
    participants.remove(facilitator, {"id": bot.id})
    assert workshops.composition(workshop.id)["total"] == 1
    assert statistics.participation([workshop.id])["total"] == 1
    assert synthesis.groups_expected(workshop.id) == ["experience"]  # no research validation awaited
