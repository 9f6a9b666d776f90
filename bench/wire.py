"""Lightweight Socket.IO 5 / Engine.IO 4 clients over one websocket, for benchmarks and tests.

They speak the text protocol directly, so thousands of connections fit in a few processes:

    0{...}            open (server → client), carries pingInterval
    40{auth}          connect to namespace "/" with the auth object; answered by 40{"sid"} or 44{error}
    42["event",data]  event; 42<id>[...] asks for an ack, answered by 43<id>[...]
    2 / 3             ping from the server / pong from the client
    1, 41             close / namespace disconnect

Two transports under one Socket.IO layer (`_SocketIO`: the connect handshake, acks, pushes):

- `Client`, on the `websockets` library: a complete websocket client (fragments, close handshake),
  for tests (tests/test_crash_safety.py, tests/test_message_size.py) and the small benchmarks;
- `LeanClient`, a websocket client of its own on an asyncio protocol, for the load generator
  (bench/generator.py): a push frame costs it a few microseconds and is handed over as bytes,
  never decoded, so one generator process keeps up with a server writing a hundred thousand frames
  a second — what measuring the bare server's ceiling takes. It reads whole unfragmented text
  frames (what python-engineio and nginx send) and masks its own frames with a zero key.
"""
from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import time
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

import websockets


class ConnectRefused(Exception):
    """The server answered the namespace connect with 44 (bad credentials, or shutting down)."""


class Disconnected(Exception):
    """The connection closed before an ack arrived: the request may or may not have been handled."""


def ws_url(http_url: str) -> str:
    base = http_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1).rstrip("/")
    return f"{base}/socket.io/?EIO=4&transport=websocket"


class _SocketIO:
    """The Socket.IO layer over a transport that gives packets (`_next`) and sends them (`_send`)."""

    def __init__(self, on_event: Optional[Callable[[str, Any], None]] = None):
        self.on_event = on_event
        self.sid: Optional[str] = None
        self._ids = itertools.count(1)
        self._acks: dict[int, asyncio.Future] = {}
        self.closed = asyncio.Event()

    async def _handshake(self, auth: dict, timeout: float) -> None:
        opening = await asyncio.wait_for(self._next(), timeout)
        if not opening.startswith("0"):
            raise ConnectRefused(f"unexpected Engine.IO opening {opening[:80]!r}")
        await self._send("40" + json.dumps(auth))
        while True:
            packet = await asyncio.wait_for(self._next(), timeout)
            if packet == "2":
                await self._send("3")
            elif packet.startswith("40"):
                self.sid = json.loads(packet[2:] or "{}").get("sid")
                return
            elif packet.startswith("44"):
                await self.close()
                raise ConnectRefused(packet[2:])
            elif packet.startswith("42"):  # a push raced ahead of the connect answer: keep it
                self._push(packet)

    def _push(self, packet: str) -> None:
        if self.on_event is None:
            return
        message = json.loads(packet[2:])
        if message[0] == "batch":  # several pushes in one frame, in order
            for event, data in message[1]:
                self.on_event(event, data)
        else:
            self.on_event(message[0], message[1] if len(message) > 1 else None)

    def _ack(self, packet: str) -> None:
        body = packet[2:]
        cut = 0
        while cut < len(body) and body[cut].isdigit():
            cut += 1
        future = self._acks.pop(int(body[:cut]), None)
        if future is not None and not future.done():
            message = json.loads(body[cut:])
            future.set_result(message[0] if message else None)

    def _ended(self) -> None:
        self.closed.set()
        for future in self._acks.values():
            if not future.done():
                future.set_exception(Disconnected())
        self._acks.clear()

    async def emit(self, event: str, data: Any = None) -> None:
        """Send without asking for an ack."""
        await self._send("42" + json.dumps([event, data if data is not None else {}]))

    async def call(self, event: str, data: Any = None, timeout: float = 30) -> Any:
        """Send and wait for the ack; Disconnected if the connection drops first."""
        if self.closed.is_set():
            raise Disconnected()
        ack_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        try:
            await self._send(f"42{ack_id}" + json.dumps([event, data if data is not None else {}]))
        except (websockets.ConnectionClosed, ConnectionError):
            self._acks.pop(ack_id, None)
            raise Disconnected()
        return await asyncio.wait_for(future, timeout)


class Client(_SocketIO):
    """One Socket.IO connection on `websockets`. `on_event(name, data)` is called for every push."""

    def __init__(self, on_event: Optional[Callable[[str, Any], None]] = None):
        super().__init__(on_event)
        self.ws = None
        self._reader: Optional[asyncio.Task] = None

    async def connect(self, url: str, auth: dict, timeout: float = 20, route: Optional[str] = None) -> "Client":
        """`route`: the `clts_route` cookie a browser holds, on which nginx picks the worker."""
        headers = {"Cookie": f"clts_route={route}"} if route else None
        self.ws = await asyncio.wait_for(websockets.connect(
            ws_url(url), open_timeout=timeout, ping_interval=None, max_size=2 ** 22, compression=None,
            additional_headers=headers), timeout)
        await self._handshake(auth, timeout)
        self._reader = asyncio.get_running_loop().create_task(self._read())
        return self

    async def _next(self) -> str:
        return await self.ws.recv()

    async def _send(self, text: str) -> None:
        await self.ws.send(text)

    async def _read(self) -> None:
        try:
            async for packet in self.ws:
                if packet == "2":
                    await self.ws.send("3")
                elif packet.startswith("42"):
                    self._push(packet)
                elif packet.startswith("43"):
                    self._ack(packet)
                elif packet in ("1", "41") or packet.startswith("44"):
                    break
        except websockets.ConnectionClosed:
            pass
        finally:
            self._ended()
            await self.ws.close()

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


class LeanClient(_SocketIO, asyncio.Protocol):
    """One Socket.IO connection on a websocket of its own. `on_packet(bytes)` gets every push frame, raw."""

    PONG = b"\x81\x81\x00\x00\x00\x003"  # the text frame "3", masked with a zero key

    def __init__(self, on_packet: Optional[Callable[[bytes], None]] = None,
                 on_event: Optional[Callable[[str, Any], None]] = None):
        super().__init__(on_event)
        self.on_packet = on_packet
        self.transport: Optional[asyncio.Transport] = None
        self._buffer = b""
        self._upgraded: Optional[asyncio.Future] = None
        self._early: Optional[asyncio.Queue] = None  # packets while connecting; then None

    async def connect(self, url: str, auth: dict, timeout: float = 20, route: Optional[str] = None) -> "LeanClient":
        """`route`: the `clts_route` cookie a browser holds, on which nginx picks the worker."""
        loop = asyncio.get_running_loop()
        self._upgraded, self._early = loop.create_future(), asyncio.Queue()
        address = urlsplit(url)
        await asyncio.wait_for(loop.create_connection(lambda: self, address.hostname, address.port), timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        cookie = f"Cookie: clts_route={route}\r\n" if route else ""
        self.transport.write((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {address.netloc}\r\n"
                              f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                              f"Sec-WebSocket-Version: 13\r\n{cookie}\r\n").encode())
        try:
            await asyncio.wait_for(self._upgraded, timeout)
            await self._handshake(auth, timeout)
        except BaseException:
            self.transport.close()
            raise
        early, self._early = self._early, None
        while not early.empty():  # pushes that came with the connect answer
            packet = early.get_nowait()
            if packet is not None:
                self._packet(packet)
        return self

    async def _next(self) -> str:
        packet = await self._early.get()
        if packet is None:
            raise ConnectionError("closed while connecting")
        return packet.decode()

    def _push(self, packet: str) -> None:
        if self.on_packet is not None:
            self.on_packet(packet.encode())
        else:
            super()._push(packet)

    async def _send(self, text: str) -> None:
        if self.transport is None or self.transport.is_closing():
            raise ConnectionError("closed")
        self.transport.write(self._frame(text.encode()))

    @staticmethod
    def _frame(payload: bytes) -> bytes:
        size = len(payload)
        if size < 126:
            header = bytes((0x81, 0x80 | size))
        elif size < 65536:
            header = bytes((0x81, 0xFE)) + size.to_bytes(2, "big")
        else:
            header = bytes((0x81, 0xFF)) + size.to_bytes(8, "big")
        return header + b"\x00\x00\x00\x00" + payload

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def connection_lost(self, exc: Optional[Exception]) -> None:
        if self._upgraded is not None and not self._upgraded.done():
            self._upgraded.set_exception(ConnectionError("closed during the handshake"))
        if self._early is not None:
            self._early.put_nowait(None)
        self._ended()

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer + data if self._buffer else data
        if not self._upgraded.done():
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                self._buffer = buffer
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                self._upgraded.set_exception(ConnectRefused(buffer[:end].decode("latin-1")))
                self.transport.close()
                return
            self._upgraded.set_result(None)
            buffer = buffer[end + 4:]
        position, size = 0, len(buffer)
        while size - position >= 2:
            first, length = buffer[position], buffer[position + 1]
            start = position + 2
            if length == 126:
                length, start = int.from_bytes(buffer[start:start + 2], "big"), start + 2
            elif length == 127:
                length, start = int.from_bytes(buffer[start:start + 8], "big"), start + 8
            end = start + length
            if end > size:
                break
            position = end
            opcode = first & 0x0F
            if opcode == 1 and first & 0x80:
                self._packet(buffer[start:end])
            elif opcode == 8:  # close
                self.transport.close()
                return
            elif opcode == 9:  # websocket ping
                self.transport.write(bytes((0x8A, 0x80 | length)) + b"\x00\x00\x00\x00" + buffer[start:end])
            else:
                raise ValueError(f"unexpected websocket frame {first:#x}")
        self._buffer = buffer[position:]

    def _packet(self, packet: bytes) -> None:
        if self._early is not None:
            self._early.put_nowait(packet)
        elif packet.startswith(b"42"):
            if self.on_packet is not None:
                self.on_packet(packet)
            else:
                super()._push(packet.decode())
        elif packet == b"2":
            self.transport.write(self.PONG)
        elif packet.startswith(b"43"):
            self._ack(packet.decode())
        elif packet in (b"1", b"41") or packet.startswith(b"44"):
            self.transport.close()

    async def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(b"\x88\x80\x00\x00\x00\x00")  # close frame
            self.transport.close()
        try:
            await asyncio.wait_for(self.closed.wait(), 5)
        except asyncio.TimeoutError:
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
