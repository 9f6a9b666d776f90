"""Does one person toggling their hand stop the room? Other phones' ack latency with N hands waiting.

Run: .venv/bin/python -m bench.hands [--hands 100 500] [--observers 20] [--seconds 10]

One eventlet worker (`python app.py`, SQLite, bench/servers.py) serves a workshop at its tracks step
with N participants whose hands are raised (written straight into the database, so the set-up does
not depend on the code under test), each connected as a phone (bench/wire.py) and receiving its
pushes. `--observers` other phones set a position every 0.2 s and time the ack. One more phone
raises and lowers its hand as fast as the rate limits accept (the real limits stay on). Prints the
observers' ack p50/p99/max before, during and after the toggling, the toggles accepted per second,
and the worker's CPU in each phase. Prints figures only: no assertion (the counted test is
tests/test_room_size_cost.py). Before issue 17's fix every toggle asked the queue's order again for
each waiting hand (O(hands²)).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench import servers
from bench.wire import Client, LeanClient, position_acks


def raise_hands(env: dict, tokens: list[str]) -> None:
    """Every participant of `tokens` has a waiting hand, raised one second apart in token order."""
    from datetime import timedelta

    from clts_forum import create_app
    from clts_forum.config import INSTANCE_DIR, database_uri
    from clts_forum.extensions import db
    from clts_forum.models import Participant, SpeakRequest, utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri(env["DATABASE_URL"], INSTANCE_DIR),
                      "ASYNC_MODE": "threading", "REDIS_URL": None})
    with app.app_context():
        start = utcnow() - timedelta(seconds=len(tokens))
        for n, token in enumerate(tokens):
            person = db.session.scalar(db.select(Participant).filter_by(token=token))
            db.session.add(SpeakRequest(workshop_id=person.workshop_id, participant_id=person.id,
                                        peer_group=person.peer_group, raised_at=start + timedelta(seconds=n)))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


async def toggle(client: Client, stop: asyncio.Event) -> tuple[int, int]:
    """Raise and lower the hand until `stop`; returns (accepted, refused by the rate limit)."""
    accepted = refused = 0
    raised = False
    while not stop.is_set():
        answer = await client.call("hand.lower" if raised else "hand.raise", {}, timeout=120)
        if answer.get("ok"):
            accepted += 1
            raised = not raised
        else:
            refused += 1
            await asyncio.sleep(0.02)
    return accepted, refused


def figures(acks: list[float]) -> str:
    if not acks:
        return "no ack"
    ordered = sorted(acks)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return f"{len(acks):5d} acks  p50 {statistics.median(ordered):8.1f} ms  p99 {p99:8.1f} ms  max {ordered[-1]:8.1f} ms"


async def scenario(server: servers.Server, live: dict, hands: int, observers: int, seconds: float) -> None:
    tokens = live["tokens"]
    waiting = [await LeanClient(on_packet=lambda _packet: None).connect(server.url, {"token": t}) for t in tokens[:hands]]
    watchers = [await LeanClient(on_packet=lambda _packet: None).connect(server.url, {"token": t})
                for t in tokens[hands:hands + observers]]
    toggler = await LeanClient(on_packet=lambda _packet: None).connect(server.url, {"token": tokens[hands + observers]})
    phases = {}
    cpu = server.cpu_seconds()
    phases["before"] = (await position_acks(watchers, live["tracks"], seconds), server.cpu_seconds() - cpu)
    stop = asyncio.Event()
    cpu, begin = server.cpu_seconds(), time.perf_counter()
    toggling = asyncio.get_running_loop().create_task(toggle(toggler, stop))
    acks = await position_acks(watchers, live["tracks"], seconds)
    stop.set()
    accepted, refused = await toggling
    toggled_for = time.perf_counter() - begin
    phases["during"] = (acks, server.cpu_seconds() - cpu)
    cpu = server.cpu_seconds()
    phases["after"] = (await position_acks(watchers, live["tracks"], seconds), server.cpu_seconds() - cpu)
    print(f"\n{hands} hands waiting (each a connected phone), {observers} observer phones, one toggler:")
    for name, (acks, cpu_used) in phases.items():
        print(f"  {name:7s} {figures(acks)}   worker CPU {100 * cpu_used / seconds:5.0f} %")
    print(f"  toggles accepted {accepted / toggled_for:.1f}/s, refused by the rate limit {refused / toggled_for:.1f}/s")
    idle_cpu = (phases["before"][1] + phases["after"][1]) / 2  # the observers' own load, per phase
    if accepted:
        print(f"  worker CPU per accepted toggle, beyond the observers' load: "
              f"{1000 * max(0.0, phases['during'][1] - idle_cpu) / accepted:.1f} ms")
    for client in waiting + watchers + [toggler]:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hands", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--observers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    for hands in args.hands:
        folder = Path(tempfile.mkdtemp(prefix="clts-hands-"))
        env = servers.app_env(f"sqlite:///{folder / 'bench.sqlite3'}", folder)
        servers.migrate(env)
        live = servers.make_workshop(env, hands + args.observers + 1)
        raise_hands(env, live["tokens"][:hands])
        server = servers.app_server(env, folder / "app.log").start(timeout=180)
        try:
            asyncio.run(scenario(server, live, hands, args.observers, args.seconds))
        finally:
            server.stop()
    print(f"\nmachine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared with other work)")


if __name__ == "__main__":
    main()
