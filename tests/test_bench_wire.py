"""The load generator's own websocket reader (bench/wire.py, LeanClient) reads what a server writes.

Its figures are only as good as its counting: frames split anywhere across TCP reads, the three
length encodings, pings of Engine.IO and of the websocket, acks, and pushes handed over raw.
"""
from __future__ import annotations

import asyncio
import json
import sys

from live_server import ROOT, run_async

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.wire import Disconnected, LeanClient  # noqa: E402


def server_frame(payload: bytes, opcode: int = 1) -> bytes:
    """A frame as a server writes it: final, unmasked, with the shortest length encoding."""
    size = len(payload)
    if size < 126:
        return bytes((0x80 | opcode, size)) + payload
    if size < 65536:
        return bytes((0x80 | opcode, 126)) + size.to_bytes(2, "big") + payload
    return bytes((0x80 | opcode, 127)) + size.to_bytes(8, "big") + payload


def client_frame_payload(frame: bytes) -> tuple[int, bytes]:
    """The opcode and payload of a frame the client wrote (masked with its zero key)."""
    size = frame[1] & 0x7F
    start = 2
    if size == 126:
        size, start = int.from_bytes(frame[2:4], "big"), 4
    assert frame[1] & 0x80, "a client's frame is masked"
    assert frame[start:start + 4] == b"\x00\x00\x00\x00"
    return frame[0] & 0x0F, frame[start + 4:start + 4 + size]


class Transport(asyncio.Transport):
    def __init__(self):
        super().__init__()
        self.written: list[bytes] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        self.written.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True


def connected_client(received: list) -> tuple[LeanClient, Transport]:
    client = LeanClient(on_packet=received.append)
    transport = Transport()
    client.connection_made(transport)
    client._upgraded = asyncio.get_running_loop().create_future()
    client._upgraded.set_result(None)
    return client, transport


def test_pushes_split_anywhere_and_of_every_length_arrive_whole_and_in_order():
    pushes = [b'42["card.created",{"text":"' + b"x" * size + b'"}]' for size in (10, 300, 70_000, 5)]
    stream = b"".join(server_frame(push) for push in pushes)

    async def scenario():
        for chunk in (1, 2, 3, 7, 125, 4096, len(stream)):
            received: list = []
            client, _transport = connected_client(received)
            for start in range(0, len(stream), chunk):
                client.data_received(stream[start:start + chunk])
            assert received == pushes, f"chunks of {chunk} bytes"

    run_async(scenario())


def test_pings_are_answered_and_acks_resolve_calls():
    async def scenario():
        received: list = []
        client, transport = connected_client(received)
        client.data_received(server_frame(b"2") + server_frame(b"hello", opcode=9))
        assert [client_frame_payload(frame) for frame in transport.written] == [(1, b"3"), (10, b"hello")]

        call = asyncio.ensure_future(client.call("card.create", {"text": "é"}))
        await asyncio.sleep(0)
        opcode, sent = client_frame_payload(transport.written[-1])
        assert opcode == 1 and sent.startswith(b"421[") and json.loads(sent[3:]) == ["card.create", {"text": "é"}]
        client.data_received(server_frame(b'431[{"ok":true}]'))
        assert await call == {"ok": True}
        assert received == []

    run_async(scenario())


def test_a_lost_connection_fails_the_calls_waiting_for_their_ack():
    async def scenario():
        client, _transport = connected_client([])
        call = asyncio.ensure_future(client.call("position.set", {}))
        await asyncio.sleep(0)
        client.connection_lost(None)
        try:
            await call
        except Disconnected:
            return
        raise AssertionError("the call was not told the connection was lost")

    run_async(scenario())
