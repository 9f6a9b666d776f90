"""Aggregates (positions per group, question support) pushed at a bounded rate.

A click records the change and marks the item dirty; a background task pushes the fresh
aggregate of every dirty item at most every `INTERVAL` seconds. Five hundred clicks in a second
become four messages, each carrying the current totals read from the database, so several
workers pushing the same item converge on the same figures.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from typing import Callable

from flask import Flask, current_app

from ..extensions import socketio

INTERVAL = 0.25  # seconds: 4 Hz
IDLE_ROUNDS = 8  # the task stops after two idle seconds and starts again on the next change

_FLUSHERS: dict[str, Callable[[int, set[int]], None]] = {}


def flusher(topic: str) -> Callable:
    """Register `push(workshop_id, item_ids)` as the way to push the aggregates of `topic`."""

    def register(push: Callable[[int, set[int]], None]) -> Callable:
        _FLUSHERS[topic] = push
        return push

    return register


class Coalescer:
    def __init__(self, app: Flask):
        self.app = app
        self.lock = threading.Lock()
        self.dirty: dict[tuple[str, int], set[int]] = defaultdict(set)
        self.running = False
        self.stopped = False

    def add(self, topic: str, workshop_id: int, item_id: int) -> None:
        with self.lock:
            self.dirty[(topic, workshop_id)].add(item_id)
            if self.running:
                return
            self.running = True
        socketio.start_background_task(self._run)

    def flush(self) -> None:
        with self.lock:
            batch, self.dirty = self.dirty, defaultdict(set)
        if not batch:
            return
        with self.app.app_context():
            for (topic, workshop_id), item_ids in batch.items():
                _FLUSHERS[topic](workshop_id, item_ids)

    def stop(self) -> None:
        """Push nothing more: the app is going away (its rooms may already be another app's, in tests)."""
        with self.lock:
            self.stopped, self.dirty = True, defaultdict(set)

    def _run(self) -> None:
        idle = 0
        while True:
            socketio.sleep(INTERVAL)
            with self.lock:
                if self.stopped:
                    return
                if not self.dirty:
                    idle += 1
                    if idle >= IDLE_ROUNDS:
                        self.running = False
                        return
                    continue
            idle = 0
            try:
                self.flush()
            except Exception:  # a failed push must not stop later ones
                self.app.logger.exception("aggregate push failed")


def later(topic: str, workshop_id: int, item_id: int) -> None:
    """Push the aggregate of `item_id` soon (within INTERVAL)."""
    current_app.extensions["clts_coalescer"].add(topic, workshop_id, item_id)


def flush_now() -> None:
    """Push everything pending at once (tests, shutdown)."""
    current_app.extensions["clts_coalescer"].flush()
