"""One load-generator process: many phones (and maybe the board) on one asyncio loop.

The parent (bench/load.py) sends commands through a pipe: connect, run a load level, close.
Send times travel inside the card text, spelled in letters (digits could look like a phone
number to the app's personal-data check and hold the card for moderation), so any receiver in
any process can compute emit→receive latency against the shared wall clock.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import string
import time
from dataclasses import dataclass, field
from typing import Optional

from .wire import LeanClient

LETTERS = string.ascii_lowercase
SENT = re.compile(rb"envoi ([a-z]+) ")
CARD = b'"card.created"'
MAX_SAMPLES = 50_000  # receive-latency samples kept per process and level (uniform reservoir)
TIMED_FRAMES = 8  # the phones time one push frame in 8 (each of its cards); they count them all


def spell(micros: int) -> str:
    out = []
    while micros:
        micros, digit = divmod(micros, 26)
        out.append(LETTERS[digit])
    return "".join(reversed(out)) or "a"


def unspell(word: bytes) -> int:
    value = 0
    for ch in word:
        value = value * 26 + ch - 97  # b"a" is 97
    return value


def card_text(now: float) -> str:
    return f"proposition de charge envoi {spell(int(now * 1e6))} pour mesurer le délai de diffusion"


def cards_sent_at(packet: bytes) -> list[float]:
    """The send times of the cards a push frame carries: one `card.created`, or a batch of pushes."""
    if packet.startswith(b'42["card.created"'):
        match = SENT.search(packet)
        return [unspell(match.group(1)) / 1e6] if match else []
    if packet.startswith(b'42["batch"'):
        return [unspell(SENT.search(data["text"].encode()).group(1)) / 1e6
                for event, data in json.loads(packet[2:])[1]
                if event == "card.created" and SENT.search((data.get("text") or "").encode())]
    return []


class Reservoir:
    def __init__(self, size: int = MAX_SAMPLES):
        self.size, self.seen, self.items = size, 0, []

    def add(self, value: float) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(value)
        else:
            slot = random.randrange(self.seen)
            if slot < self.size:
                self.items[slot] = value


@dataclass
class Level:
    """What one process saw during one load level."""
    post_acks: list = field(default_factory=list)
    position_acks: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)
    sent_posts: int = 0
    sent_positions: int = 0
    lost: int = 0  # requests without an ack (timeout or disconnect)
    hand_acks: list = field(default_factory=list)
    sent_hands: int = 0
    board: list = field(default_factory=list)
    board_cards: int = 0
    phone_cards: int = 0  # card pushes the phones received (deliveries, with the board's)
    phone_frames: int = 0  # push frames the phones received: a batch is one
    receive: Reservoir = field(default_factory=Reservoir)


class Generator:
    def __init__(self, tag: str):
        self.tag = tag
        self.phones: list[LeanClient] = []
        self.board: Optional[LeanClient] = None
        self.frames = itertools.count()
        self.level: Optional[Level] = None
        self.tracks: list[int] = []
        self.ids = itertools.count()

    def _phone_packet(self, packet: bytes) -> None:
        """Count every frame and card; time the cards of one frame in TIMED_FRAMES (the cheap path)."""
        if self.level is not None:
            self.level.phone_frames += 1
            self.level.phone_cards += packet.count(CARD)
            if next(self.frames) % TIMED_FRAMES == 0:
                now = time.time()
                for sent in cards_sent_at(packet):
                    self.level.receive.add(now - sent)

    def _board_packet(self, packet: bytes) -> None:
        if self.level is not None:
            now = time.time()
            for sent in cards_sent_at(packet):
                self.level.board.append(now - sent)
                self.level.board_cards += 1

    async def connect(self, phones: list[tuple[str, dict, Optional[str]]], board: Optional[tuple[str, dict, Optional[str]]],
                      concurrency: int = 50) -> dict:
        """Open every phone's connection (url, auth, nginx route cookie); report connect times and failures."""
        gate = asyncio.Semaphore(concurrency)
        times, failures = [], []

        async def one(url: str, auth: dict, route: Optional[str]) -> Optional[LeanClient]:
            async with gate:
                started = time.perf_counter()
                try:
                    client = await LeanClient(on_packet=self._phone_packet).connect(url, auth, timeout=30, route=route)
                except Exception as error:  # refused, reset, timed out: count it, go on
                    failures.append(type(error).__name__)
                    return None
                times.append(time.perf_counter() - started)
                return client

        started = time.perf_counter()
        opened = await asyncio.gather(*(one(url, auth, route) for url, auth, route in phones))
        elapsed = time.perf_counter() - started
        self.phones += [c for c in opened if c is not None]
        if board is not None:
            url, auth, route = board
            self.board = await LeanClient(on_packet=self._board_packet).connect(url, auth, route=route)
        return {"times": times, "failures": failures, "elapsed": elapsed}

    async def run(self, post_rate: float, position_rate: float, duration: float, start_at: float,
                  tracks: list[int], hand_rate: float = 0, settle: float = 3.0) -> Level:
        """Post cards, positions and hands (raised, then lowered) at this process's share of the rates."""
        level = self.level = Level()
        pending: set[asyncio.Task] = set()

        async def request(client: LeanClient, event: str, data: dict, acks: list) -> None:
            sent = time.perf_counter()
            try:
                ack = await client.call(event, data, timeout=30)
            except Exception:
                level.lost += 1
                return
            if isinstance(ack, dict) and ack.get("ok"):
                acks.append(time.perf_counter() - sent)
            else:
                code = (ack or {}).get("error", {}).get("code", "?") if isinstance(ack, dict) else "?"
                level.errors[code] = level.errors.get(code, 0) + 1

        def post(client: LeanClient) -> None:
            level.sent_posts += 1
            data = {"client_id": f"{self.tag}x{next(self.ids)}x{int(start_at)}", "kind": "track",
                    "text": card_text(time.time())}
            task = asyncio.ensure_future(request(client, "card.create", data, level.post_acks))
            pending.add(task)
            task.add_done_callback(pending.discard)

        def position(client: LeanClient) -> None:
            level.sent_positions += 1
            data = {"card_id": random.choice(tracks), "value": random.choice(("agree", "mixed", "disagree"))}
            task = asyncio.ensure_future(request(client, "position.set", data, level.position_acks))
            pending.add(task)
            task.add_done_callback(pending.discard)

        raised: set[int] = set()

        def hand(client: LeanClient) -> None:
            level.sent_hands += 1
            event = "hand.lower" if id(client) in raised else "hand.raise"
            raised.symmetric_difference_update({id(client)})
            task = asyncio.ensure_future(request(client, event, {}, level.hand_acks))
            pending.add(task)
            task.add_done_callback(pending.discard)

        async def schedule(rate: float, action) -> None:
            """Round-robin over the phones at `rate` per second, on a fixed clock (no drift)."""
            if rate <= 0 or not self.phones:
                return
            phones = self.phones[:]
            random.shuffle(phones)
            interval, count = 1.0 / rate, int(rate * duration)
            offset = random.random() * interval
            for i in range(count):
                delay = start_at + offset + i * interval - time.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                action(phones[i % len(phones)])

        await asyncio.gather(schedule(post_rate, post), schedule(position_rate, position), schedule(hand_rate, hand))
        await asyncio.sleep(settle)
        if pending:
            await asyncio.wait(pending, timeout=30)
        self.level = None
        return level

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.phones + ([self.board] if self.board else [])))
        self.phones, self.board = [], None


def serve(pipe, tag: str) -> None:
    """The process's main loop: run the parent's commands, send back the results."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    async def loop() -> None:
        generator = Generator(tag)
        running = asyncio.get_running_loop()
        while True:
            command, kwargs = await running.run_in_executor(None, pipe.recv)
            if command == "stop":
                await generator.close()
                pipe.send(None)
                return
            result = await getattr(generator, command)(**kwargs)
            if isinstance(result, Level):
                result = {"post_acks": result.post_acks, "position_acks": result.position_acks,
                          "errors": result.errors, "sent_posts": result.sent_posts,
                          "sent_positions": result.sent_positions, "lost": result.lost, "board": result.board,
                          "board_cards": result.board_cards, "receive": result.receive.items,
                          "phone_cards": result.phone_cards, "phone_frames": result.phone_frames,
                          "hand_acks": result.hand_acks,
                          "sent_hands": result.sent_hands}
            pipe.send(result)

    asyncio.run(loop())
