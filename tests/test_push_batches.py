"""Adaptive batching of pushes (docs/protocol.md, "Batches"): a busy room's pushes reach each client
as one `batch` frame per window, in order; a quiet room's push leaves at once; a client that asks
for single pushes at connect gets them one by one."""
import time

import pytest

from helpers import link_token

WINDOW_MS = 250  # wide, so a loaded machine still posts several cards within one window


@pytest.fixture
def app_config() -> dict:
    return {"PUSH_BATCH_MS": WINDOW_MS}


def ack(client, event, data=None):
    return client.emit(event, data if data is not None else {}, callback=True)


def pushes_in_order(client, settle: float = 4 * WINDOW_MS / 1000) -> list[tuple[str, object]]:
    """What the client received, frame by frame: ("batch", [[event, payload], ...]) or (event, payload)."""
    time.sleep(settle)  # the last window's frame leaves from a background task
    return [(m["name"], m["args"][0]) for m in client.get_received()]


def flattened(frames: list) -> list[tuple[str, object]]:
    out = []
    for event, payload in frames:
        out.extend((e, p) for e, p in payload) if event == "batch" else out.append((event, payload))
    return out


@pytest.fixture
def busy_room(workshop, join, connect, start):
    start("tracks")
    facilitator = connect(link_token(workshop, "facilitator"))
    phone = connect(join("Awa").token)
    old_client = connect({"token": join("Ali").token, "batch": False})
    pushes_in_order(phone), pushes_in_order(old_client)

    numbers = iter(range(10_000))

    def post(count: int) -> list[int]:
        return [ack(facilitator, "card.create", {"client_id": f"busy-{n:04d}", "kind": "track",
                                                 "text": f"Piste {n}"})["card"]["id"]
                for n in (next(numbers) for _ in range(count))]

    return post, phone, old_client


def test_a_busy_room_gets_its_pushes_as_batches_in_order(busy_room):
    post, phone, _ = busy_room
    posted = post(12)
    frames = pushes_in_order(phone)
    assert frames[0][0] == "card.created"  # the room was quiet: the first push leaves at once
    assert any(event == "batch" for event, _ in frames)
    assert len(frames) < 12
    cards = [payload["id"] for event, payload in flattened(frames) if event == "card.created"]
    assert cards == posted
    for event, payload in frames:
        if event == "batch":
            assert all(isinstance(pair, list) and len(pair) == 2 for pair in payload)


def test_a_client_that_asked_for_single_pushes_gets_them_one_by_one(busy_room):
    post, _, old_client = busy_room
    posted = post(12)
    frames = pushes_in_order(old_client)
    assert all(event != "batch" for event, _ in frames)
    assert [payload["id"] for event, payload in frames if event == "card.created"] == posted


def test_a_quiet_room_gets_each_push_at_once(busy_room):
    post, phone, _ = busy_room
    for _ in range(3):
        post(1)
        time.sleep(2 * WINDOW_MS / 1000)
    frames = pushes_in_order(phone)
    assert [event for event, _ in frames] == ["card.created"] * 3


def test_in_a_busy_room_a_push_that_skips_the_sender_reaches_only_its_other_devices(workshop, join, connect, start):
    """`position.saved` goes to the author's devices but the one that sent it (its ack says it)."""
    start("tracks")
    facilitator = connect(link_token(workshop, "facilitator"))
    tracks = [ack(facilitator, "card.create", {"client_id": f"track-{n:04d}", "kind": "track", "text": f"Piste {n}"})
              ["card"]["id"] for n in range(6)]
    awa = join("Awa")
    sender, other_device, neighbour = connect(awa.token), connect(awa.token), connect(join("Bruno").token)
    for client in (sender, other_device, neighbour):
        pushes_in_order(client)
    for n, track in enumerate(tracks * 2):
        assert ack(sender, "position.set", {"card_id": track, "value": ("agree", "mixed")[n // 6]})["ok"]
    frames = {name: pushes_in_order(client)
              for name, client in (("sender", sender), ("other", other_device), ("neighbour", neighbour))}
    assert any(event == "batch" for event, _ in frames["other"])
    saved = {name: [p for e, p in flattened(got) if e == "position.saved"] for name, got in frames.items()}
    assert saved["sender"] == [] and saved["neighbour"] == []
    assert saved["other"] == [{"card_id": t, "value": v} for v in ("agree", "mixed") for t in tracks]


def test_a_phone_removed_while_pushes_are_held_gets_the_notice_before_it_is_disconnected(busy_room, workshop, join,
                                                                                          connect):
    post, _, _ = busy_room
    facilitator = connect(link_token(workshop, "facilitator"))
    leaving = join("Zoé")
    phone = connect(leaving.token)
    pushes_in_order(phone, settle=0)
    post(3)  # a window is open: what follows is held
    assert ack(facilitator, "participant.remove", {"id": leaving.id})["ok"]
    time.sleep(2 * WINDOW_MS / 1000)
    assert not phone.is_connected()
    received = [(m["name"], m["args"][0]) for m in phone.queue]  # get_received() refuses once disconnected
    events = [event for event, _ in flattened(received)]
    assert "access.revoked" in events
    assert events.index("access.revoked") > max(i for i, e in enumerate(events) if e == "card.created")
