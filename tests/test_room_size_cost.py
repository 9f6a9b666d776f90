"""The cost of one person's event does not grow with the room (issue 17).

Counted, not timed: the SQL statements a hand toggle runs and the messages it sends are the same
with a few hands waiting and with many. Before the fix each push asked the queue's order again for
every open hand (O(hands²)); the timed figures are in bench/hands.py.
"""
import pytest
from sqlalchemy import event

from clts_forum.extensions import db
from clts_forum.services import questions, rooms, speaking, throttle
from helpers import as_actor


@pytest.fixture
def flush_by_hand(monkeypatch):
    monkeypatch.setattr(throttle.socketio, "start_background_task", lambda task: None)


@pytest.fixture
def counted(monkeypatch):
    """Count SQL statements and pushes (by event name) while the block runs."""
    tally = {"sql": 0, "pushes": {}}

    def on_statement(*_args):
        tally["sql"] += 1

    emit = rooms.emit

    def counting_emit(name, payload, to):
        tally["pushes"][name] = tally["pushes"].get(name, 0) + 1
        emit(name, payload, to)

    monkeypatch.setattr(rooms, "emit", counting_emit)
    event.listen(db.engine, "before_cursor_execute", on_statement)
    yield tally
    event.remove(db.engine, "before_cursor_execute", on_statement)


def toggle_cost(waiting_hands, join, counted):
    """SQL statements and pushes of one participant raising then lowering their hand, pushes included."""
    for person in waiting_hands:
        speaking.raise_hand(person)
    throttle.flush_now()
    toggler = as_actor(join(f"Toggler{len(waiting_hands)}"))
    last_place = len(speaking.waiting_order(toggler.workshop_id)) + 1
    counted["sql"], counted["pushes"] = 0, {}
    assert speaking.raise_hand(toggler) == {"status": "waiting", "place": last_place}
    throttle.flush_now()
    assert speaking.lower_hand(toggler) == {"status": "none", "place": None}
    throttle.flush_now()
    return counted["sql"], dict(counted["pushes"])


def test_a_hand_toggle_costs_the_same_with_5_or_40_hands_waiting(workshop, start, join, counted, flush_by_hand):
    start("tracks")
    few = toggle_cost([as_actor(join(f"A{n}")) for n in range(5)], join, counted)
    for person in [as_actor(join(f"B{n}")) for n in range(35)]:
        speaking.raise_hand(person)
    many = toggle_cost([], join, counted)  # 40 hands waiting now
    assert few == many
    assert many[1]["hand.changed"] == 2  # the toggler's own devices, once up, once down: nobody else


def test_hands_that_move_are_told_their_new_place_once(workshop, facilitator, start, join, connect, flush_by_hand):
    from helpers import drain

    start("tracks")
    people = [join(f"P{n}", "professionnel") for n in range(4)]
    phones = [connect(p.token) for p in people]
    for person in people:
        speaking.raise_hand(as_actor(person))
    throttle.flush_now()
    for phone in phones:
        drain(phone)
    speaking.start_turn(facilitator, {"id": speaking.waiting_order(workshop.id)[0].id})
    speaking.lower_hand(as_actor(people[3]))  # in the same push window: one message each, the latest state
    throttle.flush_now()
    told = [drain(phone).get("hand.changed", []) for phone in phones]
    assert told == [[{"status": "speaking", "place": None}], [{"status": "waiting", "place": 1}],
                    [{"status": "waiting", "place": 2}], [{"status": "none", "place": None}]]


def test_hand_places_follow_the_queue_order(workshop, facilitator, start, join):
    start("tracks")
    people = [as_actor(join(f"Q{n}", "professionnel")) for n in range(5)]
    for person in people:
        speaking.raise_hand(person)
    order = [r.id for r in speaking.waiting_order(workshop.id)]
    speaking.reorder(facilitator, {"order": [order[2], order[0], order[4], order[1], order[3]]})
    expected = speaking.hands(workshop.id)
    assert [expected[p.participant_id]["place"] for p in people] == [2, 4, 1, 5, 3]
    assert all(speaking.hand_of(workshop.id, p.participant_id) == expected[p.participant_id] for p in people)
    late = as_actor(join("Late", "professionnel"))  # a hand raised after the reorder waits behind it
    assert speaking.raise_hand(late) == {"status": "waiting", "place": 6}

