"""Live rate limits per participant (services/ratelimit.py): a flooder is held back, the room is not."""
import uuid

import pytest

from clts_forum.extensions import db
from clts_forum.models import Card
from clts_forum.services.ratelimit import LiveRateLimiter
from clts_forum.services import ServiceError


def ack(client, event, data=None):
    return client.emit(event, data if data is not None else {}, callback=True)


def card(text="Une idée"):
    return {"client_id": uuid.uuid4().hex, "kind": "perception", "text": text}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_bucket_refills_with_time():
    clock = Clock()
    limiter = LiveRateLimiter(events_per_second=2, events_burst=3, cards_per_minute=60, clock=clock)
    for _ in range(3):
        limiter.check("p1", "workshop.state")
    with pytest.raises(ServiceError) as refused:
        limiter.check("p1", "workshop.state")
    assert refused.value.code == "rate_limited"
    limiter.check("p2", "workshop.state")  # another person is not affected
    clock.now += 0.5
    limiter.check("p1", "workshop.state")  # one token back after half a second at 2/s


def test_cards_per_minute_are_counted_apart_from_other_events():
    clock = Clock()
    limiter = LiveRateLimiter(events_per_second=100, events_burst=100, cards_per_minute=2, clock=clock)
    limiter.check("p1", "card.create")
    limiter.check("p1", "card.scribe")
    with pytest.raises(ServiceError):
        limiter.check("p1", "card.create")
    limiter.check("p1", "position.set")  # other events still pass
    clock.now += 30
    limiter.check("p1", "card.create")


@pytest.fixture
def perceptions_room(workshop, join, connect, start):
    start("perceptions")
    awa, binta = join("Awa"), join("Binta")
    return connect(awa.token), connect(binta.token)


def test_a_flooding_phone_is_limited_while_another_posts(app, perceptions_room):
    flooder, other = perceptions_room
    acks = [ack(flooder, "card.create", card(f"Flood {n}")) for n in range(60)]
    refused = [a for a in acks if not a["ok"]]
    assert refused and {a["error"]["code"] for a in refused} == {"rate_limited"}
    assert all("Patientez" in a["error"]["message"] for a in refused)
    accepted = sum(a["ok"] for a in acks)
    assert accepted == app.config["CARDS_PER_MINUTE"]
    # the flood goes on, and the other phone's card goes through at once
    assert not ack(flooder, "card.create", card("Encore"))["ok"]
    posted = ack(other, "card.create", card("Ma carte à moi"))
    assert posted["ok"] and posted["card"]["text"] == "Ma carte à moi"
    assert db.session.scalar(db.select(db.func.count()).select_from(Card)) == accepted + 1
    assert flooder.is_connected() and other.is_connected()


def test_an_event_flood_is_refused_with_rate_limited_and_the_connection_stays(app, perceptions_room):
    flooder, other = perceptions_room
    acks = [ack(flooder, "workshop.state") for _ in range(200)]
    codes = {a["error"]["code"] for a in acks if not a["ok"]}
    assert codes == {"rate_limited"}
    assert sum(a["ok"] for a in acks) < 100  # burst 40 plus what refills while the loop runs
    assert flooder.is_connected()
    assert ack(other, "workshop.state")["ok"]


def test_limits_can_be_switched_off(app):
    assert isinstance(LiveRateLimiter.from_config(app), LiveRateLimiter)
    app.config["SOCKET_RATE_LIMITS"] = False
    assert LiveRateLimiter.from_config(app) is None
