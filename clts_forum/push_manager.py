"""The Socket.IO client manager: every push of this worker, and with REDIS_URL of every worker, passes here.

Flask-SocketIO picks a manager by the message queue's URL; the app gives its own, the same one
with or without Redis, for two jobs on the last hop, where a push meets this worker's clients:

- what must follow pushes sees them all: the running-step cache (services/running.py) forgets a
  workshop when its step or state changes on any worker;
- adaptive batching (docs/protocol.md, "Batches"): a push to a room that had one less than
  `batch_window` ago opens a window; until it closes every push is held, and each client then
  gets everything held for it as one frame (`batch`, the pushes in order). A quiet room's push
  leaves at once when no window is open, and a client that asked for single pushes at connect
  always gets them one by one. One frame per client per window instead of one per push: writing
  frames is most of a busy worker's time. A held push costs a list append; who gets what is
  worked out once per window, from each room's members (`_frames`), not once per push.
"""
from __future__ import annotations

import logging
import threading
import time
from itertools import chain
from typing import Callable, Iterable, NamedTuple, Optional

import socketio
from engineio import packet as eio_packet
from socketio import packet

log = logging.getLogger(__name__)

MAX_ROOMS_REMEMBERED = 10_000  # rooms' last push times; forgotten all at once beyond


class PushManager(socketio.Manager):
    """Delivers pushes to this worker's clients (the last hop, after Redis when there is one)."""

    observers: tuple[Callable[[str, object], None], ...] = ()  # each gets (event, rooms) of every push
    batch_window: float = 0.0  # seconds; 0: no batching

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock = threading.Lock()
        self.window: list[Held] = []  # pushes held since the window opened, in order
        self.last_push: dict[object, float] = {}  # room(s) -> when they last had a push
        self.single: set[str] = set()  # socket.io sids that asked for single pushes
        self.flushing = False

    def prefer_single_pushes(self, sid: str) -> None:
        self.single.add(sid)

    def pre_disconnect(self, sid, namespace):
        """What the window holds for a leaving client goes first (`access.revoked` before the door)."""
        with self.lock:
            by_room = self.rooms.get(namespace, {})
            eio_sid = by_room.get(None, {}).get(sid)
            if self.window and namespace == "/" and sid not in self.single and eio_sid is not None:
                member = [room for room, sids in by_room.items() if sid in sids]
                frame = _frame(self.window, _pushes_by_room(self.window), member, sid)
                if frame is not None:
                    self.server._send_eio_packet(eio_sid, frame)
        return super().pre_disconnect(sid, namespace)

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
        skipped = frozenset(skip_sid if isinstance(skip_sid, list) else [skip_sid])
        rooms = (room,) if room is None or isinstance(room, str) else tuple(room)
        now = time.monotonic()
        with self.lock:
            busy = now - self.last_push.get(rooms, float("-inf")) < self.batch_window
            if len(self.last_push) >= MAX_ROOMS_REMEMBERED:
                self.last_push.clear()
            self.last_push[rooms] = now
            if not busy and not self.window:  # a quiet room, nothing held for anyone: at once
                alone = eio_packet.Packet(eio_packet.MESSAGE, encoded)
                for sid, eio_sid in self.get_participants(namespace, room):
                    if sid not in skipped:
                        self.server._send_eio_packet(eio_sid, alone)
                return
            # held for everyone until the window closes (what follows an open window waits behind it),
            # but a client that asked for single pushes gets it now: nothing is ever held for it
            self.window.append(Held(encoded[1:], rooms, skipped))
            if self.single:
                self._send_alone(encoded, rooms, skipped)
            if not self.flushing:
                self.flushing = True
                self.server.start_background_task(self._flush_every_window)

    def _send_alone(self, encoded: str, rooms: tuple, skipped: frozenset) -> None:
        by_room = self.rooms.get("/", {})
        alone = None
        for sid in self.single:
            if sid not in skipped and any(sid in by_room.get(room, ()) for room in rooms):
                alone = alone or eio_packet.Packet(eio_packet.MESSAGE, encoded)
                self.server._send_eio_packet(by_room[None][sid], alone)

    def _flush_every_window(self) -> None:
        while True:
            self.server.sleep(self.batch_window)
            with self.lock:
                window, self.window = self.window, []
                if not window:
                    self.flushing = False
                    return
                try:
                    for eio_sid, frame in self._frames(window):
                        self.server._send_eio_packet(eio_sid, frame)
                except Exception:  # one window lost, never the flusher: the next windows still leave
                    log.exception("pushes held in a window could not be sent")

    def _frames(self, window: list[Held]):
        """(engine.io sid, frame) for every client the window's pushes reach.

        Each room's members are read once per window, not once per push: a client's pushes follow
        from the rooms it is in, and clients in the same rooms (and skipped by none) share a frame.
        """
        by_room = self.rooms.get("/", {})  # gone with the last client
        pushes_to = _pushes_by_room(window)
        member_of: dict[tuple[str, str], list] = {}  # (sid, eio sid) -> the window's rooms it is in
        for room in pushes_to:
            for client in by_room.get(room, {}).items():
                member_of.setdefault(client, []).append(room)
        skipped_somewhere = set().union(*(held.skipped for held in window))
        leaving = set(self.pending_disconnect.get("/", ()))  # served by pre_disconnect already
        frames: dict[tuple, Optional[eio_packet.Packet]] = {}
        for (sid, eio_sid), rooms in member_of.items():
            if sid in self.single or sid in leaving:
                continue
            key = (tuple(rooms), sid if sid in skipped_somewhere else None)
            if key not in frames:
                frames[key] = _frame(window, pushes_to, rooms, key[1])
            if frames[key] is not None:
                yield eio_sid, frames[key]


class Held(NamedTuple):
    body: str  # the push encoded as a Socket.IO packet, less its leading "2"
    rooms: tuple  # where it goes (None: everyone)
    skipped: frozenset  # socket.io sids it must not reach


def _pushes_by_room(window: list[Held]) -> dict[object, list[int]]:
    """Room -> the positions in `window` of the pushes sent to it."""
    pushes_to: dict[object, list[int]] = {}
    for index, held in enumerate(window):
        for room in held.rooms:
            pushes_to.setdefault(room, []).append(index)
    return pushes_to


def _frame(window: list[Held], pushes_to: dict, rooms: Iterable, sid: Optional[str]) -> Optional[eio_packet.Packet]:
    """The frame of a client in `rooms`: the pushes to any of them in order, less those that skip `sid`."""
    indices = [pushes_to[room] for room in rooms if room in pushes_to]
    if not indices:
        return None
    order = indices[0] if len(indices) == 1 else sorted(set(chain.from_iterable(indices)))
    bodies = [window[i].body for i in order if sid is None or sid not in window[i].skipped]
    return eio_packet.Packet(eio_packet.MESSAGE, batch_frame(bodies)) if bodies else None


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
