"""The Socket.IO client manager: every push of this worker, and with REDIS_URL of every worker, passes here.

Flask-SocketIO picks a manager by the message queue's URL; the app gives its own, the same one
with or without Redis, so that what must follow pushes sees them all: the running-step cache
(services/running.py) forgets a workshop when its step or state changes on any worker.
"""
from __future__ import annotations

from typing import Callable, Optional

import socketio


class PushManager(socketio.Manager):
    """Delivers pushes to this worker's clients (the last hop, after Redis when there is one)."""

    observers: tuple[Callable[[str, object], None], ...] = ()  # each gets (event, rooms) of every push

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        room = to or room
        for observe in self.observers:
            observe(event, room)
        return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)


class RedisPushManager(socketio.RedisManager, PushManager):
    """With REDIS_URL: publishes every push, then delivers what arrives through `PushManager.emit`."""


def client_manager(redis_url: Optional[str], channel: str, observers: tuple = ()) -> socketio.Manager:
    manager = RedisPushManager(redis_url, channel=channel) if redis_url else PushManager()
    manager.observers = observers
    return manager
