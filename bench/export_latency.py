"""Does an export stall the room? A phone's ack latency with and without a concurrent big export.

Run: .venv/bin/python -m bench.export_latency [--cards 5000] [--phones 20] [--seconds 20] [--format pdf]

One eventlet worker (`python app.py`, SQLite, bench/servers.py) serves a workshop at its tracks step;
`--phones` phones (bench/wire.py) each set a position every 0.2 s and time the ack. The same worker
also holds a closed 5,000-card workshop (tests/factory.py). Phase 1 measures the acks alone; phase 2
the same while an organiser downloads that workshop's PDF (or `--format`) again and again over HTTP.
Prints p50/p99/max of the acks in each phase and the export times. Before exports ran in their
own process (exports/offload.py), every ack waited for the render.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench import servers
from bench.wire import Client, position_acks

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "un mot de passe de banc d'essai"
ROUTES = {"pdf": "report.pdf", "docx": "report.docx", "xlsx": "data.xlsx", "json": "archive.json",
          "html": "report"}


def prepare(env: dict, cards: int) -> int:
    """The closed big workshop, owned by an organiser the bench logs in as; returns its id."""
    sys.path.insert(0, str(ROOT / "tests"))
    import factory
    from clts_forum import create_app
    from clts_forum.config import INSTANCE_DIR, database_uri
    from clts_forum.extensions import db
    from clts_forum.services import organisers

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri(env["DATABASE_URL"], INSTANCE_DIR),
                      "ASYNC_MODE": "threading", "REDIS_URL": None})
    with app.app_context(), app.test_request_context():
        owner = organisers.create(name="Banc", email="banc@clts.example", password=PASSWORD)
        workshop_id = factory.build(owner, extra_cards=cards - 9).id
        db.session.remove()
        db.engine.dispose()
    return workshop_id


def logged_in(url: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{url}/login").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    answer = session.post(f"{url}/login", data={"csrf_token": token, "email": "banc@clts.example",
                                                "password": PASSWORD}, allow_redirects=False)
    assert answer.status_code == 302, answer.status_code
    return session


def exporting(session: requests.Session, url: str, stop: threading.Event, times: list[float]) -> None:
    while not stop.is_set():
        begin = time.perf_counter()
        answer = session.get(url, timeout=600)
        assert answer.status_code == 200, answer.status_code
        times.append(time.perf_counter() - begin)


async def phones(url: str, tokens: list[str], tracks: list[int], seconds: float) -> list[float]:
    clients = [await Client().connect(url, {"token": token}) for token in tokens]
    acks = await position_acks(clients, tracks, seconds)
    for client in clients:
        await client.close()
    return acks


def figures(acks: list[float]) -> str:
    ordered = sorted(acks)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return f"{len(acks):5d} acks  p50 {statistics.median(ordered):7.1f} ms  p99 {p99:7.1f} ms  max {ordered[-1]:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--phones", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--format", choices=sorted(ROUTES), default="pdf")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="clts-export-latency-"))
    env = servers.app_env(f"sqlite:///{folder / 'bench.sqlite3'}", folder)
    env["SOCKET_RATE_LIMITS"] = "off"
    servers.migrate(env)
    print(f"building a closed workshop of {args.cards} cards…", flush=True)
    big = prepare(env, args.cards)
    live = servers.make_workshop(env, args.phones)
    server = servers.app_server(env, folder / "app.log").start(timeout=180)
    try:
        session = logged_in(server.url)
        export_url = f"{server.url}/organiser/workshops/{big}/{ROUTES[args.format]}"
        alone = asyncio.run(phones(server.url, live["tokens"], live["tracks"], args.seconds))
        stop, times = threading.Event(), []
        worker = threading.Thread(target=exporting, args=(session, export_url, stop, times))
        worker.start()
        time.sleep(0.5)
        during = asyncio.run(phones(server.url, live["tokens"], live["tracks"], args.seconds))
        stop.set()
        worker.join()
        print(f"\n{args.phones} phones setting positions, one eventlet worker, {args.cards}-card {args.format.upper()}:")
        print(f"  without an export: {figures(alone)}")
        print(f"  during exports:    {figures(during)}")
        print(f"  exports done meanwhile: {len(times)}, each {min(times):.1f}–{max(times):.1f} s" if times
              else "  no export finished during the phase")
        print(f"  machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
