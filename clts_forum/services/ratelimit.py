"""Live rate limits per actor (a participant, a role link), never per address.

A whole room shares one Wi-Fi address, so an IP limit would silence everyone for one person's
flood. Each actor has two token buckets, kept in this process's memory:

- every event: `SOCKET_EVENTS_PER_SECOND` sustained, bursts up to `SOCKET_EVENTS_BURST`;
- new cards (`card.create`, `card.scribe`): `CARDS_PER_MINUTE`, bursts up to the same figure;
- `workshop.state`, whose answer is the whole room (every card, the aggregates, the lists): its cost
  grows with the room, so a person asks for it `SOCKET_STATES_PER_MINUTE` times a minute, bursts of
  6 (a page asks once per (re)connection);
- a group's decision on the synthesis and a release proposal (`DELIBERATE_EVENTS`): each adds a row
  that every later push and state carries, so a person makes at most 6 a minute.

Joining (`participant.join`) is the one limit that also counts per address, since each join makes a
participant that the gauge, the lists and the composition show: a visitor connection tries at most
`SOCKET_JOIN_ATTEMPTS_PER_CONNECTION` times (it becomes a participant at its first success), and one
address makes at most `SOCKET_JOINS_PER_ADDRESS_BURST` participants at once, then
`SOCKET_JOINS_PER_ADDRESS_PER_MINUTE`. A room shares one Wi-Fi address: the defaults (120 at once,
then 180 a minute) let 300 people join in under two minutes, and hold a script to the same pace.

With several workers (REDIS_URL) the buckets stay per process: sticky sessions keep a device on one
worker, so a flooder meets its limit there; a client spread over N workers gets at most N times it.
A refused event is answered at once, before any database work, so a flood costs the server little.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from flask import Flask
from flask_babel import gettext as _

from . import ServiceError

# Events that create a card: the room's screen space is what a flood of cards would take.
CARD_EVENTS = frozenset({"card.create", "card.scribe"})
# The one event whose cost grows with the room's size: at most a few a minute per actor.
STATE_EVENT = "workshop.state"
STATE_BURST = 6
# Deliberate acts that add a row everyone then receives: a few a minute per actor.
DELIBERATE_EVENTS = frozenset({"synthesis.decide", "release.propose"})
DELIBERATE_PER_MINUTE = 6
# Buckets idle for this long are full again: forget them so memory stays bounded.
IDLE_SECONDS = 300.0


@dataclass
class Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float = field(init=False)
    updated: float = 0.0

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def take(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def _too_fast() -> ServiceError:
    return ServiceError("rate_limited", _("Trop d'actions en peu de temps. Patientez quelques secondes puis "
                                          "réessayez."), 429)


class LiveRateLimiter:
    def __init__(self, *, events_per_second: float, events_burst: int, cards_per_minute: int,
                 states_per_minute: int = 12, join_attempts_per_connection: int = 10,
                 joins_per_address_burst: int = 120, joins_per_address_per_minute: int = 180,
                 clock: Callable[[], float] = time.monotonic):
        self.events_per_second = events_per_second
        self.events_burst = events_burst
        self.cards_per_minute = cards_per_minute
        self.states_per_minute = states_per_minute
        self.join_attempts_per_connection = join_attempts_per_connection
        self.joins_per_address_burst = joins_per_address_burst
        self.joins_per_address_per_minute = joins_per_address_per_minute
        self.clock = clock
        self.lock = threading.Lock()
        self.buckets: dict[tuple[str, str], Bucket] = {}
        self.last_sweep = clock()

    @classmethod
    def from_config(cls, app: Flask) -> Optional["LiveRateLimiter"]:
        if not app.config["SOCKET_RATE_LIMITS"]:
            return None
        return cls(events_per_second=app.config["SOCKET_EVENTS_PER_SECOND"],
                   events_burst=app.config["SOCKET_EVENTS_BURST"],
                   cards_per_minute=app.config["CARDS_PER_MINUTE"],
                   states_per_minute=app.config["SOCKET_STATES_PER_MINUTE"],
                   join_attempts_per_connection=app.config["SOCKET_JOIN_ATTEMPTS_PER_CONNECTION"],
                   joins_per_address_burst=app.config["SOCKET_JOINS_PER_ADDRESS_BURST"],
                   joins_per_address_per_minute=app.config["SOCKET_JOINS_PER_ADDRESS_PER_MINUTE"])

    def _bucket(self, actor_key: str, kind: str, now: float) -> Bucket:
        bucket = self.buckets.get((actor_key, kind))
        if bucket is None:
            if kind == "cards":
                bucket = Bucket(rate=self.cards_per_minute / 60, capacity=self.cards_per_minute)
            elif kind == "state":
                bucket = Bucket(rate=self.states_per_minute / 60, capacity=STATE_BURST)
            elif kind == "deliberate":
                bucket = Bucket(rate=DELIBERATE_PER_MINUTE / 60, capacity=DELIBERATE_PER_MINUTE)
            elif kind == "join_attempts":  # a connection's attempts: refilled slowly (one a minute)
                bucket = Bucket(rate=1 / 60, capacity=self.join_attempts_per_connection)
            elif kind == "joins":
                bucket = Bucket(rate=self.joins_per_address_per_minute / 60, capacity=self.joins_per_address_burst)
            else:
                bucket = Bucket(rate=self.events_per_second, capacity=self.events_burst)
            bucket.updated = now
            self.buckets[(actor_key, kind)] = bucket
        return bucket

    def _sweep(self, now: float) -> None:
        if now - self.last_sweep < IDLE_SECONDS:
            return
        self.last_sweep = now
        self.buckets = {key: b for key, b in self.buckets.items() if now - b.updated < IDLE_SECONDS}

    def check(self, actor_key: str, event: str) -> None:
        """Spend one event (and one card for card events) of `actor_key`, or raise `rate_limited`."""
        now = self.clock()
        with self.lock:
            self._sweep(now)
            if not self._bucket(actor_key, "events", now).take(now):
                raise _too_fast()
            if event in CARD_EVENTS and not self._bucket(actor_key, "cards", now).take(now):
                raise ServiceError("rate_limited", _("Vous avez envoyé beaucoup de cartes d'un coup. "
                                                     "Patientez une minute avant la suivante."), 429)
            if event in DELIBERATE_EVENTS and not self._bucket(actor_key, "deliberate", now).take(now):
                raise _too_fast()
            if event == STATE_EVENT and not self._bucket(actor_key, "state", now).take(now):
                raise _too_fast()

    def spend_join(self, connection: str, address: str) -> None:
        """Spend one join attempt of the connection and one join of the address, or raise `join_limited`."""
        now = self.clock()
        with self.lock:
            self._sweep(now)
            if not self._bucket(connection, "join_attempts", now).take(now):
                raise ServiceError("join_limited", _("Trop d'essais pour rejoindre l'atelier depuis cette "
                                                     "connexion. Rechargez la page dans une minute."), 429)
            if not self._bucket(f"address:{address}", "joins", now).take(now):
                raise ServiceError("join_limited", _("Beaucoup de personnes arrivent en même temps depuis ce "
                                                     "réseau. Patientez une minute puis réessayez."), 429)

    def refund_join(self, address: str) -> None:
        """A join the service refused (pseudonym taken, bad category…) made nobody: give it back."""
        with self.lock:
            bucket = self.buckets.get((f"address:{address}", "joins"))
            if bucket is not None:
                bucket.tokens = min(bucket.capacity, bucket.tokens + 1)
