"""Fuzzing every socket event: any payload gets an ack (an error or ok), never a crash or a disconnect."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clts_forum.extensions import socketio
from helpers import link_token

EVENT_NAMES = sorted({
    getattr(handler, "event") for name, handler in vars(__import__("clts_forum.realtime", fromlist=["LiveNamespace"])
                                                     .LiveNamespace).items()
    if name.startswith("on_") and hasattr(handler, "event")})

scalars = (st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=50)
           | st.text(alphabet=st.characters(codec="utf-8"), min_size=900, max_size=3000)
           | st.sampled_from(["", " ", "\x00", "\u202e", "\ud800", "\uffff", "🙂" * 300, "<script>alert(1)</script>", "__proto__"]))
KEYS = st.sampled_from(["id", "card_id", "step_id", "from_step_id", "text", "kind", "client_id", "value", "on",
                        "order", "card_ids", "summary", "theme_id", "into_id", "name", "action", "answers",
                        "questions", "version", "decision", "rules", "pseudonym", "category", "layout", "paused",
                        "locked", "seconds", "participant_id", "accept", "links", "title", "prompt"]) | st.text(max_size=8)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=6),
                      max_leaves=25)
payloads = st.dictionaries(KEYS, values, max_size=8) | values | st.just(None)


@pytest.fixture
def clients(workshop, join, connect, start):
    socketio.server.namespace_handlers["/"].rate_limiter = None  # exercise the handlers, not the limiter
    start("perceptions")
    return {"participant": connect(join("Awa").token), "bystander": connect(join("Binta").token),
            "facilitator": connect(link_token(workshop, "facilitator")),
            "referent": connect(link_token(workshop, "referent", "experience")),
            "visitor": connect({"join_code": workshop.join_code})}


def sender_for(event: str, clients: dict):
    namespace = socketio.server.namespace_handlers["/"]
    roles = getattr(namespace, "on_" + event.replace(".", "_")).roles or ("participant",)
    role = next(r for r in ("participant", "facilitator", "referent", "visitor") if r in roles)
    return clients[role]


@pytest.mark.parametrize("event", EVENT_NAMES)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=payloads)
def test_any_payload_gets_an_ack_and_the_room_goes_on(clients, event, data):
    sender = sender_for(event, clients)
    ack = sender.emit(event, data, callback=True)
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
    if not ack["ok"]:
        assert ack["error"]["code"] != "internal", (event, data, ack)
        assert isinstance(ack["error"]["message"], str) and ack["error"]["message"]
    assert sender.is_connected()
    if event != "participant.remove":  # the facilitator may remove the bystander: that is the event
        assert clients["bystander"].emit("workshop.state", {}, callback=True)["ok"]


@given(event=st.text(max_size=40), data=payloads)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_unknown_events_get_an_error_ack(clients, event, data):
    ack = clients["participant"].emit(event, data, callback=True)
    if event not in EVENT_NAMES and event not in ("connect", "disconnect"):
        assert ack["ok"] is False and ack["error"]["code"] == "unknown_event"
    assert clients["participant"].is_connected()
