"""A real eventlet server refuses Socket.IO messages over 16 kB; the sender is cut off, nobody else.

The limit is the first line of defence against a client that tries to fill the server's memory:
whether the message comes in one websocket frame, in many small fragments, or in a long-polling
POST. Everything a person can legitimately send must still fit (tests/test_message_budget.py).
"""
from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from clts_forum import MAX_SOCKET_MESSAGE
from live_server import ROOT, app_for, migrate, run_async, running, server_env

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.wire import Client, Disconnected  # noqa: E402

OVERSIZED = MAX_SOCKET_MESSAGE + 4096


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A real server on SQLite, a workshop at its perceptions step, two phones joined."""
    from clts_forum.actors import link_actor
    from clts_forum.services import participants, steps, workshops

    instance = tmp_path_factory.mktemp("message-size")
    database_url = f"sqlite:///{instance / 'size.sqlite3'}"
    env = server_env(database_url, instance)
    migrate(env)
    with app_for(database_url):
        workshop = workshops.create_workshop(title="Messages trop gros")
        facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
        perceptions = next(s for s in workshop.steps if s.kind == "perceptions")
        steps.goto(facilitator, step_id=perceptions.id, from_step_id=None)
        tokens = [participants.join(workshop, pseudonym=name, category="personne_accompagnee").token
                  for name in ("Awa", "Bruno")]
    with running(env, instance / "server.log") as server:
        yield {"url": server.url, "database_url": database_url, "tokens": tokens}


def card(text: str) -> dict:
    return {"client_id": uuid.uuid4().hex, "kind": "perception", "text": text}


def packet(event: str, data: dict, ack_id: int = 1) -> str:
    return f"42{ack_id}" + json.dumps([event, data], ensure_ascii=False)


async def fragments(message: str, size: int = 2048):
    for start in range(0, len(message), size):
        yield message[start:start + size]
        await asyncio.sleep(0.01)


async def cut_off(client: Client, timeout: float = 10) -> bool:
    """True when the server closed this connection within `timeout` seconds."""
    try:
        await asyncio.wait_for(client.closed.wait(), timeout)
    except asyncio.TimeoutError:
        return False
    return True


async def a_neighbour_still_posts(url: str, token: str) -> None:
    neighbour = await Client().connect(url, {"token": token})
    try:
        ack = await neighbour.call("card.create", card("Le voisin poste toujours"), timeout=10)
        assert ack["ok"], ack
    finally:
        await neighbour.close()


@pytest.mark.parametrize("split", [False, True], ids=["one-frame", "many-small-fragments"])
def test_an_oversized_websocket_message_cuts_off_its_sender_only(live, split):
    text = "é" * (OVERSIZED // 2)  # two bytes each in UTF-8

    async def scenario():
        sender = await Client().connect(live["url"], {"token": live["tokens"][0]})
        message = packet("card.create", card(text))
        assert len(message.encode()) > MAX_SOCKET_MESSAGE
        try:
            await sender.ws.send(fragments(message) if split else message)
        except Exception:  # the server may close before the last fragment leaves
            pass
        assert await cut_off(sender), "the server kept a connection that sent an oversized message"
        with pytest.raises(Disconnected):
            await sender.call("workshop.state")
        await a_neighbour_still_posts(live["url"], live["tokens"][1])
        # the phone that sent it can come back and post normally
        back = await Client().connect(live["url"], {"token": live["tokens"][0]})
        try:
            assert (await back.call("card.create", card("Revenu après la coupure")))["ok"]
        finally:
            await back.close()

    run_async(scenario())
    assert not stored_texts_longer_than(live["database_url"], 2000)


def test_fragments_are_counted_before_the_message_is_whole(live):
    """A message that never ends is not buffered without limit: the server cuts it off midway."""

    async def scenario():
        sender = await Client().connect(live["url"], {"token": live["tokens"][0]})

        async def endless():
            yield packet("card.create", card(""))[:-3]
            for _ in range(MAX_SOCKET_MESSAGE // 1024 * 4):  # four times the limit, never the last fragment
                yield "x" * 1024
                await asyncio.sleep(0.005)
            await asyncio.Event().wait()  # keep the message open: only the server can end this

        sending = asyncio.ensure_future(sender.ws.send(endless()))
        closed = await cut_off(sender, timeout=15)
        sending.cancel()
        await sender.close()
        assert closed, "the server buffered four times the limit without cutting the connection"
        await a_neighbour_still_posts(live["url"], live["tokens"][1])

    run_async(scenario())


def test_an_oversized_long_polling_post_is_refused_and_ends_that_session_only(live):
    polling = f"{live['url']}/socket.io/?EIO=4&transport=polling"
    sid = json.loads(requests.get(polling, timeout=10).text[1:])["sid"]
    polling += f"&sid={sid}"
    assert requests.post(polling, data="40" + json.dumps({"token": live["tokens"][0]}), timeout=10).ok
    assert requests.get(polling, timeout=10).text.startswith("40")  # connected to the namespace
    with ThreadPoolExecutor(1) as thread:
        waiting = thread.submit(requests.get, polling, timeout=30)  # a polling client always has a GET waiting
        time.sleep(0.3)
        refused = requests.post(polling, data=packet("card.create", card("é" * (OVERSIZED // 2))).encode(),
                                timeout=10)
        assert refused.status_code == 400
        waiting.result()
    assert requests.get(polling, timeout=10).status_code == 400  # that session is over
    run_async(a_neighbour_still_posts(live["url"], live["tokens"][1]))


def test_a_message_just_under_the_limit_is_answered_not_cut_off(live):
    """The limit is the transport's: below it, the rules answer (here: a card is at most 1,000 characters)."""

    async def scenario():
        sender = await Client().connect(live["url"], {"token": live["tokens"][0]})
        try:
            overhead = len(packet("card.create", card("")).encode())
            ack = await sender.call("card.create", card("a" * (MAX_SOCKET_MESSAGE - overhead - 16)))
            assert not ack["ok"] and ack["error"]["code"] == "invalid"
            assert (await sender.call("workshop.state"))["ok"]
        finally:
            await sender.close()

    run_async(scenario())


def stored_texts_longer_than(database_url: str, length: int) -> list[int]:
    from clts_forum.extensions import db
    from clts_forum.models import Card

    with app_for(database_url):
        return list(db.session.scalars(db.select(Card.id).where(db.func.length(Card.text) > length)))
