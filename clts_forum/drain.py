"""Graceful shutdown: count the socket events being handled, refuse new ones once draining.

On SIGTERM the server stops accepting connections, lets the events already being handled finish
(each commits before it acks), then exits. Events that arrive meanwhile get an `unavailable` error
ack: the client resends them after reconnecting, with the same `client_id`, so nothing is lost
and nothing is stored twice.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator


class Drain:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_flight = 0
        self.draining = False

    @contextmanager
    def event(self) -> Iterator[bool]:
        """Wrap the handling of one event; yields False when the server is draining (refuse it)."""
        with self._lock:
            admitted = not self.draining
            if admitted:
                self._in_flight += 1
        try:
            yield admitted
        finally:
            if admitted:
                with self._lock:
                    self._in_flight -= 1

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    def start(self) -> None:
        with self._lock:
            self.draining = True

    def wait(self, timeout: float, sleep=time.sleep, poll: float = 0.02) -> bool:
        """Wait until no event is in flight; False if `timeout` seconds passed first."""
        deadline = time.monotonic() + timeout
        while self.in_flight:
            if time.monotonic() >= deadline:
                return False
            sleep(poll)
        return True
