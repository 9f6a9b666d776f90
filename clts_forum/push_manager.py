"""The Socket.IO client manager: every push of this worker, and with REDIS_URL of every worker, passes here.

Flask-SocketIO picks a manager by the message queue's URL; the app gives its own, the same one
with or without Redis, for two jobs on the last hop, where a push meets this worker's clients:

- what must follow pushes sees them all: the running-step cache (services/running.py) forgets a
  workshop when its step or state changes on any worker;
- adaptive batching (docs/protocol.md, "Batches"): a push to a room that had one less than
  `batch_window` ago is held, and each client then gets everything held for it as one frame
  (`batch`, the pushes in order) at the end of the window. A quiet room's push leaves at once, and
  a client that asked for single pushes at connect always gets them one by one. One frame per
  client per window instead of one per push: writing frames is most of a busy worker's time.
"""
from __future__ import annotations

import threading
import time
from typing import Callable, Optional

import socketio
from engineio import packet as eio_packet
from socketio import packet

MAX_ROOMS_REMEMBERED = 10_000  # rooms' last push times; forgotten all at once beyond


class PushManager(socketio.Manager):
    """Delivers pushes to this worker's clients (the last hop, after Redis when there is one)."""

    observers: tuple[Callable[[str, object], None], ...] = ()  # each gets (event, rooms) of every push
    batch_window: float = 0.0  # seconds; 0: no batching

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock = threading.Lock()
        self.held: dict[str, list[str]] = {}  # engine.io sid -> pushes waiting, in order (encoded, less the "2")
        self.last_push: dict[object, float] = {}  # room(s) -> when they last had a push
        self.single: set[str] = set()  # socket.io sids that asked for single pushes
        self.flushing = False

    def prefer_single_pushes(self, sid: str) -> None:
        self.single.add(sid)

    def disconnect(self, sid, namespace, **kwargs):
        self.single.discard(sid)
        return super().disconnect(sid, namespace, **kwargs)

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        room = to or room
        for observe in self.observers:
            observe(event, room)
        if not self.batch_window or callback is not None or (namespace or "/") != "/" or namespace not in self.rooms:
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        encoded = self.server.packet_class(packet.EVENT, namespace=namespace, data=[event] + args).encode()
        if not isinstance(encoded, str):  # binary attachments travel alone
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
        body = encoded[1:]  # what a batch carries of it, cut once for every client
        skipped = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        now = time.monotonic()
        key = room if room is None or isinstance(room, str) else tuple(room)
        with self.lock:
            busy = now - self.last_push.get(key, float("-inf")) < self.batch_window
            if len(self.last_push) >= MAX_ROOMS_REMEMBERED:
                self.last_push.clear()
            self.last_push[key] = now
            alone = None
            for sid, eio_sid in self.get_participants(namespace, room):
                if sid in skipped:
                    continue
                waiting = self.held.get(eio_sid)
                if waiting is not None:  # behind what is already held for this client: order kept
                    waiting.append(body)
                elif busy and sid not in self.single:
                    self.held[eio_sid] = [body]
                else:
                    alone = alone or eio_packet.Packet(eio_packet.MESSAGE, encoded)
                    self.server._send_eio_packet(eio_sid, alone)
            if self.held and not self.flushing:
                self.flushing = True
                self.server.start_background_task(self._flush_every_window)

    def _flush_every_window(self) -> None:
        while True:
            self.server.sleep(self.batch_window)
            with self.lock:
                held, self.held = self.held, {}
                if not held:
                    self.flushing = False
                    return
                frames: dict[tuple, eio_packet.Packet] = {}  # clients of the same rooms share one frame
                for eio_sid, pushes in held.items():
                    key = tuple(map(id, pushes))  # the same push is the same string object for every client
                    frame = frames.get(key)
                    if frame is None:
                        frame = frames[key] = eio_packet.Packet(eio_packet.MESSAGE, batch_frame(pushes))
                    self.server._send_eio_packet(eio_sid, frame)


def batch_frame(bodies: list[str]) -> str:
    """One push as it is; several as `2["batch",[[event, payload], ...]]`, from their encoded text.

    `bodies`: the pushes encoded as Socket.IO packets, without their leading packet type ("2").
    """
    if len(bodies) == 1:
        return "2" + bodies[0]
    return '2["batch",[' + ",".join(bodies) + "]]"


class RedisPushManager(socketio.RedisManager, PushManager):
    """With REDIS_URL: publishes every push, then delivers what arrives through `PushManager.emit`."""


def client_manager(redis_url: Optional[str], channel: str, observers: tuple = (),
                   batch_window: float = 0.0) -> socketio.Manager:
    manager = RedisPushManager(redis_url, channel=channel) if redis_url else PushManager()
    manager.observers, manager.batch_window = observers, batch_window
    return manager
