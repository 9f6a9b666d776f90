"""Graceful shutdown's gate: events in flight finish, new ones are refused with a retryable code."""
from __future__ import annotations

import threading

from clts_forum.drain import Drain


def test_wait_returns_once_the_event_in_flight_finishes():
    drain = Drain()
    inside, release = threading.Event(), threading.Event()

    def slow_event():
        with drain.event() as admitted:
            assert admitted
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=slow_event)
    worker.start()
    inside.wait(5)
    drain.start()
    assert drain.in_flight == 1
    assert drain.wait(0.05) is False  # still running: the bounded wait gives up
    release.set()
    assert drain.wait(5) is True
    worker.join(5)
    with drain.event() as admitted:
        assert not admitted
    assert drain.in_flight == 0


def test_a_draining_server_refuses_new_events_and_connections(app, workshop, join, connect):
    phone = connect(join("Awa").token)
    app.extensions["clts_drain"].start()
    ack = phone.emit("workshop.state", {}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "unavailable"
    late = connect({"join_code": workshop.join_code})
    assert not late.is_connected()
