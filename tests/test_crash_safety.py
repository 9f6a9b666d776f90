"""A real server killed mid-burst (SIGKILL, then SIGTERM) loses no acked card and stores none twice.

A hundred phones post cards with their own `client_id`s while the server is stopped under them.
After a restart on the same database they reconnect, resend what was not acked (same ids), and
rebuild their view from `workshop.state`: it must equal what the database holds for them.
"""
from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter

import pytest

from live_server import ROOT, LiveServer, app_for, migrate, run_async, server_env

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.wire import Client, ConnectRefused, Disconnected  # noqa: E402

PHONES = 100
CARDS_PER_PHONE = 3
SPACING = 0.4  # seconds between one phone's posts: a person typing fast, well under any rate limit
STOP_AFTER_ACKS = PHONES * CARDS_PER_PHONE // 3  # stop the server about a third into the burst
RETRYABLE = {"unavailable", "rate_limited", "internal"}


def _setup(database_url: str) -> dict:
    """A running workshop at its tracks step, with PHONES participants joined."""
    from clts_forum.actors import link_actor
    from clts_forum.services import participants, steps, workshops

    with app_for(database_url):
        workshop = workshops.create_workshop(title="Atelier coupé en plein vol")
        facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
        tracks = next(s for s in workshop.steps if s.kind == "tracks")
        steps.goto(facilitator, step_id=tracks.id, from_step_id=None)
        categories = ["personne_accompagnee", "professionnel", "chercheur"]
        phones = [participants.join(workshop, pseudonym=f"Tel{i:03d}", category=categories[i % 3])
                  for i in range(PHONES)]
        return {"workshop_id": workshop.id, "phones": [(p.id, p.token) for p in phones]}


class Phone:
    def __init__(self, index: int, participant_id: int, token: str):
        self.participant_id, self.token = participant_id, token
        self.planned = {f"crash{index:03d}x{k}": f"Piste {index} numéro {k} : accueil sans rendez-vous"
                        for k in range(CARDS_PER_PHONE)}
        self.acked: dict[str, int] = {}
        self.client: Client | None = None

    async def connect(self, url: str) -> None:
        for _ in range(100):
            try:
                self.client = await Client().connect(url, {"token": self.token})
                return
            except (ConnectRefused, OSError, asyncio.TimeoutError):
                await asyncio.sleep(0.1)
        raise AssertionError("the phone could not reconnect")

    async def post(self, spacing: float) -> None:
        """Send every card not yet acked; stop quietly when the server goes away."""
        for client_id, text in self.planned.items():
            while client_id not in self.acked:
                try:
                    ack = await self.client.call("card.create", {"client_id": client_id, "kind": "track",
                                                                 "text": text}, timeout=10)
                except (Disconnected, asyncio.TimeoutError):
                    return
                if ack["ok"]:
                    self.acked[client_id] = ack["card"]["id"]
                else:
                    assert ack["error"]["code"] in RETRYABLE, ack
                    await asyncio.sleep(0.5)
            await asyncio.sleep(spacing)

    async def state(self) -> dict:
        ack = await self.client.call("workshop.state", timeout=20)
        assert ack["ok"], ack
        return ack["state"]


def _database_view(database_url: str, workshop_id: int, phones: list[Phone]) -> tuple[list, dict]:
    """Every card of the workshop, and what each phone may see of it, read straight from the database."""
    from clts_forum.actors import participant_actor
    from clts_forum.extensions import db
    from clts_forum.models import Card, Participant
    from clts_forum.services.visibility import card_for, visible_cards

    with app_for(database_url):
        cards = [(c.client_id, c.id, c.author_id) for c in db.session.scalars(db.select(Card).filter_by(workshop_id=workshop_id))]
        views = {}
        for phone in phones:
            actor = participant_actor(db.session.get(Participant, phone.participant_id))
            views[phone.participant_id] = [card_for(actor, c) for c in db.session.scalars(visible_cards(actor))]
        return cards, views


async def _burst_then_stop(server: LiveServer, phones: list[Phone], stop) -> None:
    await asyncio.gather(*(phone.connect(server.url) for phone in phones))
    posting = [asyncio.create_task(phone.post(SPACING)) for phone in phones]
    while sum(len(p.acked) for p in phones) < STOP_AFTER_ACKS:
        await asyncio.sleep(0.01)
    stop()
    await asyncio.wait_for(asyncio.gather(*posting), 30)
    await asyncio.gather(*(phone.client.close() for phone in phones))


async def _reconnect_and_resend(server: LiveServer, phones: list[Phone]) -> dict:
    await asyncio.gather(*(phone.connect(server.url) for phone in phones))
    await asyncio.gather(*(phone.post(0.05) for phone in phones))
    states = {}
    for phone in phones:  # one after the other: like phones coming back over a few seconds
        states[phone.participant_id] = await phone.state()
    await asyncio.gather(*(phone.client.close() for phone in phones))
    return states



@pytest.mark.parametrize("stop_signal", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_no_acked_card_is_lost_or_doubled_when_the_server_stops_mid_burst(tmp_path, stop_signal):
    database_url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    env = server_env(database_url, tmp_path)
    migrate(env)
    setup = _setup(database_url)
    phones = [Phone(i, participant_id, token) for i, (participant_id, token) in enumerate(setup["phones"])]

    server = LiveServer(env, tmp_path / "server.log").start()
    try:
        run_async(_burst_then_stop(server, phones, lambda: server.process.send_signal(stop_signal)))
        code = server.process.wait(20)
        server.log.close()
        acked_before = {cid: card_id for phone in phones for cid, card_id in phone.acked.items()}
        assert 0 < len(acked_before) < PHONES * CARDS_PER_PHONE, "the stop did not fall mid-burst"
        if stop_signal == signal.SIGTERM:
            assert code == 0, (tmp_path / "server.log").read_text()[-3000:]
            assert "in-flight events finished" in (tmp_path / "server.log").read_text()
        else:
            assert code == -signal.SIGKILL

        cards, _ = _database_view(database_url, setup["workshop_id"], phones)
        stored = {cid: card_id for cid, card_id, _ in cards}
        assert all(stored.get(cid) == card_id for cid, card_id in acked_before.items()), "an acked card was lost"
        assert not [cid for cid, n in Counter(cid for cid, _, _ in cards).items() if n > 1]

        server = LiveServer(env, tmp_path / "server.log", port=server.port).start()
        states = run_async(_reconnect_and_resend(server, phones))
    finally:
        server.stop()

    cards, views = _database_view(database_url, setup["workshop_id"], phones)
    client_ids = [cid for cid, _, _ in cards]
    assert sorted(client_ids) == sorted(cid for phone in phones for cid in phone.planned), "lost or doubled"
    stored = {cid: (card_id, author_id) for cid, card_id, author_id in cards}
    for phone in phones:
        # the ids acked before the stop were kept; resent cards were replayed, not stored again
        assert all(stored[cid] == (card_id, phone.participant_id) for cid, card_id in phone.acked.items())
        assert set(phone.acked) == set(phone.planned)
        view = states[phone.participant_id]["cards"]
        assert view == views[phone.participant_id]
        assert {c["client_id"] for c in view if c.get("mine")} == set(phone.planned)
        assert len(view) == PHONES * CARDS_PER_PHONE
