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



def test_the_whole_room_state_is_asked_a_few_times_a_minute_per_person():
    """`workshop.state` answers with every card and list: its cost grows with the room, so it has its own bucket."""
    from clts_forum.services import ServiceError
    from clts_forum.services.ratelimit import LiveRateLimiter

    now = [1000.0]
    limiter = LiveRateLimiter(events_per_second=10, events_burst=40, cards_per_minute=20, clock=lambda: now[0])
    for _ in range(6):  # a page asks once per (re)connection: a few reconnections in a row pass
        limiter.check("p1", "workshop.state")
    with pytest.raises(ServiceError) as refused:
        limiter.check("p1", "workshop.state")
    assert refused.value.code == "rate_limited"
    limiter.check("p1", "hand.raise")  # the person's other events still pass
    limiter.check("p2", "workshop.state")  # and other people are not affected
    now[0] += 5  # one more every five seconds
    limiter.check("p1", "workshop.state")


def test_a_person_makes_a_few_synthesis_decisions_and_release_proposals_a_minute():
    """Each adds a row that every later push and state carries: a loop of them would grow every message."""
    from clts_forum.services import ServiceError
    from clts_forum.services.ratelimit import LiveRateLimiter

    now = [1000.0]
    limiter = LiveRateLimiter(events_per_second=10, events_burst=40, cards_per_minute=20, clock=lambda: now[0])
    for n in range(6):
        limiter.check("p1", ("synthesis.decide", "release.propose")[n % 2])
    with pytest.raises(ServiceError) as refused:
        limiter.check("p1", "synthesis.decide")
    assert refused.value.code == "rate_limited"
    limiter.check("p1", "position.set")
    now[0] += 10
    limiter.check("p1", "release.propose")


def test_a_room_answering_the_evaluation_at_once_is_one_push_of_the_results(workshop, start, join, counted,
                                                                           flush_by_hand):
    from clts_forum.services import evaluation

    start("evaluation")
    scale = evaluation.questions(workshop.id)[0]
    people = [as_actor(join(f"E{n}")) for n in range(12)]
    counted["pushes"] = {}
    for n, person in enumerate(people):
        evaluation.submit(person, {"answers": {str(scale.id): 1 + n % 5}})
    throttle.flush_now()
    assert counted["pushes"]["evaluation.results"] == 1
    assert counted["pushes"]["evaluation.submitted"] == 12  # each person's own devices, at once
