"""The two hottest events, in process: CPU time and SQL statements per `card.create` and `position.set`.

No sockets, no generator: the services alone on SQLite, 500 participants, the tracks step open.
CPU time (not wall time) and statement counts barely move when other programs share the machine.

    .venv/bin/python -m bench.events            # ~20 s
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--events", type=int, default=1000, help="of each kind")
    args = parser.parse_args()

    from sqlalchemy import event

    from clts_forum import create_app
    from clts_forum.actors import link_actor, participant_actor, revoked
    from clts_forum.extensions import db
    from clts_forum.services import cards, participants, positions, steps, workshops

    folder = Path(tempfile.mkdtemp(prefix="clts-events-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'events.sqlite3'}", "ASYNC_MODE": "threading",
                      "REDIS_URL": None, "TESTING": True})
    with app.app_context():
        db.create_all()
        workshop = workshops.create_workshop(title="Atelier de mesure")
        facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
        tracks_step = next(s for s in workshop.steps if s.kind == "tracks")
        steps.goto(facilitator, step_id=tracks_step.id, from_step_id=None)
        track_ids = [cards.create(facilitator, {"client_id": f"track{i:04d}", "kind": "track",
                                                "text": f"Piste numéro {i}"})[0].id for i in range(10)]
        categories = ["personne_accompagnee", "professionnel", "chercheur"]
        actors = [participant_actor(participants.join(workshop, pseudonym=f"P{i:04d}", category=categories[i % 3]))
                  for i in range(args.participants)]
        db.session.remove()

        statements = [0]
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))

        def measure(name: str, call) -> None:
            for i in range(50):  # warm up: caches, lazy imports
                call(i)
            db.session.remove()
            statements[0] = 0
            started_cpu, started = time.process_time(), time.perf_counter()
            for i in range(args.events):
                call(i)
                db.session.remove()  # each socket event has its own session
            cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
            print(f"{name:>14}: {cpu / args.events * 1000:.2f} ms CPU, {wall / args.events * 1000:.2f} ms wall, "
                  f"{statements[0] / args.events:.1f} SQL statements per event", flush=True)

        def sent(service, i: int, data: dict) -> None:
            """As the socket handler: the sender's standing first (kept for seconds by the worker)."""
            actor = actors[i % len(actors)]
            assert not revoked(actor)
            service(actor, data)

        measure("card.create", lambda i: sent(cards.create, i, {
            "client_id": f"card{i:06d}r{random.randrange(10 ** 9)}", "kind": "track", "text": f"Une proposition {i}"}))
        measure("position.set", lambda i: sent(positions.take, i, {
            "card_id": random.choice(track_ids), "value": random.choice(("agree", "mixed", "disagree"))}))


if __name__ == "__main__":
    main()
