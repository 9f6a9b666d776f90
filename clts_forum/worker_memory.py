"""What a worker read from the database and keeps for a few seconds, until a push says it changed.

Every card and position used to read the same rows again: the workshop's running step, whether the
connection's link or participant still stands. Each worker now keeps such answers as plain data
(ORM objects belong to one request's session) and forgets them when a push that changes them goes
out from any worker: with REDIS_URL every worker receives every push, and `push_manager` hands each
one to `forget_for_push`. An answer also expires after `TTL` seconds, which bounds what a push lost
between workers could leave stale. A read that overlapped a forget is not kept (`generation`).
"""
from __future__ import annotations

import threading
import time
from typing import Any, Hashable, Iterable, Optional

MAX_ENTRIES = 50_000  # beyond, everything is forgotten at once (and read again)


class WorkerMemory:
    TTL = 5.0  # seconds

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[Hashable, tuple[float, Any]] = {}
        self.generation = 0  # bumped by every forget

    def get(self, key: Hashable) -> Optional[Any]:
        entry = self.entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: Hashable, value: Any, generation: int) -> None:
        """Keep `value`, read when `generation` was current, unless something was forgotten since."""
        with self.lock:
            if generation == self.generation:
                if len(self.entries) >= MAX_ENTRIES:
                    self.entries.clear()
                self.entries[key] = (time.monotonic() + self.TTL, value)

    def forget(self, keys: Optional[Iterable[Hashable]] = None) -> None:
        """Forget these keys (None: all of them)."""
        with self.lock:
            self.generation += 1
            if keys is None:
                self.entries.clear()
            for key in keys or ():
                self.entries.pop(key, None)

    def forget_for_push(self, event: str, rooms: Any) -> None:
        """Called for every push this worker emits or receives."""
