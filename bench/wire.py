"""A lightweight Socket.IO 5 / Engine.IO 4 client over one websocket (asyncio + `websockets`).

It speaks the text protocol directly, so thousands of connections fit in a few processes and the
load generator is not the bottleneck:

    0{...}            open (server → client), carries pingInterval
    40{auth}          connect to namespace "/" with the auth object; answered by 40{"sid"} or 44{error}
    42["event",data]  event; 42<id>[...] asks for an ack, answered by 43<id>[...]
    2 / 3             ping from the server / pong from the client
    1, 41             close / namespace disconnect

Used by the load benchmark (bench/load.py) and the crash-safety test (tests/test_crash_safety.py).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any, Callable, Optional

import websockets


class ConnectRefused(Exception):
    """The server answered the namespace connect with 44 (bad credentials, or shutting down)."""


class Disconnected(Exception):
    """The connection closed before an ack arrived: the request may or may not have been handled."""


def ws_url(http_url: str) -> str:
    base = http_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1).rstrip("/")
    return f"{base}/socket.io/?EIO=4&transport=websocket"


class Client:
    """One Socket.IO connection. `on_event(name, data)` is called for every push."""

    def __init__(self, on_event: Optional[Callable[[str, Any], None]] = None,
                 on_packet: Optional[Callable[[str], None]] = None):
        self.on_event = on_event
        self.on_packet = on_packet  # raw `42[...]` pushes, unparsed: the benchmark's cheap path
        self.ws = None
        self.sid: Optional[str] = None
        self._ids = itertools.count(1)
        self._acks: dict[int, asyncio.Future] = {}
        self._reader: Optional[asyncio.Task] = None
        self.closed = asyncio.Event()

    async def connect(self, url: str, auth: dict, timeout: float = 20, route: Optional[str] = None) -> "Client":
        """`route`: the `clts_route` cookie a browser holds, on which nginx picks the worker."""
        headers = {"Cookie": f"clts_route={route}"} if route else None
        self.ws = await asyncio.wait_for(websockets.connect(
            ws_url(url), open_timeout=timeout, ping_interval=None, max_size=2 ** 22, compression=None,
            additional_headers=headers), timeout)
        opening = await asyncio.wait_for(self.ws.recv(), timeout)
        if not opening.startswith("0"):
            raise ConnectRefused(f"unexpected Engine.IO opening {opening[:80]!r}")
        await self.ws.send("40" + json.dumps(auth))
        while True:
            packet = await asyncio.wait_for(self.ws.recv(), timeout)
            if packet == "2":
                await self.ws.send("3")
            elif packet.startswith("40"):
                self.sid = json.loads(packet[2:] or "{}").get("sid")
                break
            elif packet.startswith("44"):
                await self.ws.close()
                raise ConnectRefused(packet[2:])
            elif packet.startswith("42"):  # a push raced ahead of the connect answer: keep it
                self._dispatch(packet)
        self._reader = asyncio.get_running_loop().create_task(self._read())
        return self

    def _dispatch(self, packet: str) -> None:
        if packet.startswith("42") and self.on_packet is not None:
            self.on_packet(packet)
            return
        body = packet[2:]
        cut = 0
        while cut < len(body) and body[cut].isdigit():
            cut += 1
        message = json.loads(body[cut:])
        if packet.startswith("43"):
            future = self._acks.pop(int(body[:cut]), None)
            if future is not None and not future.done():
                future.set_result(message[0] if message else None)
        elif self.on_event is not None and message[0] == "batch":  # several pushes in one frame, in order
            for event, data in message[1]:
                self.on_event(event, data)
        elif self.on_event is not None:
            self.on_event(message[0], message[1] if len(message) > 1 else None)

    async def _read(self) -> None:
        try:
            async for packet in self.ws:
                if packet == "2":
                    await self.ws.send("3")
                elif packet.startswith(("42", "43")):
                    self._dispatch(packet)
                elif packet in ("1", "41") or packet.startswith("44"):
                    break
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for future in self._acks.values():
                if not future.done():
                    future.set_exception(Disconnected())
            self._acks.clear()
            await self.ws.close()

    async def emit(self, event: str, data: Any = None) -> None:
        """Send without asking for an ack."""
        await self.ws.send("42" + json.dumps([event, data if data is not None else {}]))

    async def call(self, event: str, data: Any = None, timeout: float = 30) -> Any:
        """Send and wait for the ack; Disconnected if the connection drops first."""
        if self.closed.is_set():
            raise Disconnected()
        ack_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        try:
            await self.ws.send(f"42{ack_id}" + json.dumps([event, data if data is not None else {}]))
        except websockets.ConnectionClosed:
            self._acks.pop(ack_id, None)
            raise Disconnected()
        return await asyncio.wait_for(future, timeout)

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.close()
            except Exception:
                pass
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 5)
            except (asyncio.TimeoutError, Exception):
                pass


async def position_acks(clients: list[Client], tracks: list[int], seconds: float) -> list[float]:
    """Each client sets a position every 0.2 s for `seconds`: the ack times (ms) of them all."""
    acks: list[float] = []
    values = ["agree", "mixed", "disagree"]

    async def one(n: int, client: Client) -> None:
        deadline, turn = time.perf_counter() + seconds, 0
        while time.perf_counter() < deadline:
            begin = time.perf_counter()
            answer = await client.call("position.set", {"card_id": tracks[(n + turn) % len(tracks)],
                                                        "value": values[turn % 3]}, timeout=120)
            assert answer.get("ok"), answer
            acks.append(1000 * (time.perf_counter() - begin))
            turn += 1
            await asyncio.sleep(0.2)

    await asyncio.gather(*(one(n, c) for n, c in enumerate(clients)))
    return acks
