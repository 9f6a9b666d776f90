"""Servers under test (the app, one or two workers; the bare yardstick) and the workshop they serve."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Optional

import psutil

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server subprocess: the app (`python app.py`) or the bare one."""

    def __init__(self, command: list[str], env: dict, log: Path, health: str):
        self.name = log.stem
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(env, PORT=str(self.port), HOST="127.0.0.1", PUBLIC_URL=self.url)
        self.command = [c.replace("{port}", str(self.port)) for c in command]
        self.log_path, self.health = log, health
        self.process: Optional[subprocess.Popen] = None

    def start(self, timeout: float = 30) -> "Server":
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + self.health, timeout=1):
                    self.ps = psutil.Process(self.process.pid)
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log_path.read_text()[-2000:]}")

    def rss(self) -> int:
        return self.ps.memory_info().rss

    def cpu_seconds(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def app_env(database_url: str, instance: Path, redis_url: Optional[str] = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "PYTEST"))}
    env.update({"DATABASE_URL": database_url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench-secret",
                "ASYNC_MODE": "eventlet", "SOCKETIO_CHANNEL": f"clts-bench-{uuid.uuid4().hex[:8]}",
                # the limits stay on (their cost is measured), sized for a phone posting every 2 s
                "CARDS_PER_MINUTE": env.get("CARDS_PER_MINUTE", "60")})
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def app_server(env: dict, log: Path) -> Server:
    return Server([sys.executable, "app.py"], env, log, "/healthz")


def bare_server(log: Path) -> Server:
    return Server([sys.executable, "bench/bare_server.py", "--port", "{port}"], dict(os.environ), log, "/socket.io/?EIO=4&transport=polling")


def migrate(env: dict) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "clts_forum", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def new_postgres_database() -> tuple[str, callable]:
    """A fresh PostgreSQL database and the function that drops it."""
    import psycopg2

    admin = psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=3)
    admin.autocommit = True
    name = f"clts_bench_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()

    return f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}", drop


def make_workshop(env: dict, phones: int, tracks: int = 10, hands: int = 0, questions: int = 0) -> dict:
    """A workshop at its tracks step with `phones` participants and a few published tracks.

    Built with the app's services, as an organiser and the facilitator would; the participants'
    tokens are what the join flow would hand their phones. `hands` of them (the last ones) have a
    hand waiting, and `questions` questions of the insight step have support, as in a plenary.
    """
    from clts_forum import create_app
    from clts_forum.actors import link_actor
    from clts_forum.config import INSTANCE_DIR, database_uri
    from clts_forum.extensions import db
    from clts_forum.models import SpeakRequest, Upvote
    from clts_forum.services import cards, participants, steps, workshops

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri(env["DATABASE_URL"], INSTANCE_DIR),
                      "ASYNC_MODE": "threading", "REDIS_URL": None})
    with app.app_context():
        workshop = workshops.create_workshop(title="Atelier de charge")
        facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
        categories = ["personne_accompagnee", "professionnel", "chercheur"]
        people = [participants.join(workshop, pseudonym=f"Tel{i:04d}", category=categories[i % 3])
                  for i in range(phones)]
        tokens = [person.token for person in people]
        if questions:  # asked during the insight step, supported by a few people each
            insight = next(s for s in workshop.steps if s.kind == "insight")
            steps.goto(facilitator, step_id=insight.id, from_step_id=None)
            for i in range(questions):
                question = cards.create(facilitator, {"client_id": f"benchquestion{i:04d}", "kind": "question",
                                                      "text": f"Question de la salle numéro {i}"})[0]
                db.session.add_all(Upvote(card_id=question.id, participant_id=person.id)
                                   for person in people[i * 7 % phones:][:1 + i % 10])
            db.session.commit()
        step = next(s for s in workshop.steps if s.kind == "tracks")
        steps.goto(facilitator, step_id=step.id, from_step_id=workshop.current_step_id)
        track_ids = [cards.create(facilitator, {"client_id": f"benchtrack{i:04d}", "kind": "track",
                                                "text": f"Piste de départ numéro {i}"})[0].id for i in range(tracks)]
        db.session.add_all(SpeakRequest(workshop_id=workshop.id, participant_id=person.id, peer_group=person.peer_group)
                           for person in people[phones - hands:] if hands)
        db.session.commit()
        result = {"tokens": tokens, "board": workshops.active_link(workshop, "board").token, "tracks": track_ids}
        db.session.remove()
        db.engine.dispose()
    return result


class Proxy:
    """nginx running `deploy/nginx.conf` in front of the workers, as the README's deployment has it.

    The site file is used as it is, but for its upstream lines (the workers' ports) and its `listen`
    (a free local port); the main configuration around it keeps nginx's files in `home`.
    tests/test_multiworker.py and the load benchmark both run it this way.
    """

    def __init__(self, workers: list, home: Path, connections: int = 512):
        self.workers, self.home, self.connections = workers, home, connections
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: Optional[subprocess.Popen] = None

    @staticmethod
    def binary() -> Optional[str]:
        return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

    def start(self, timeout: float = 10) -> "Proxy":
        nginx = self.binary()
        if nginx is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
        home = self.home
        home.mkdir(parents=True, exist_ok=True)
        site = (ROOT / "deploy" / "nginx.conf").read_text()
        upstreams = "".join(f"    server 127.0.0.1:{worker.port};\n" for worker in self.workers)
        site = re.sub(r"(    server 127\.0\.0\.1:\d+;\n)+", upstreams, site)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.port};")
        (home / "site.conf").write_text(site)
        # As root, nginx's workers would run as "nobody", who cannot write request bodies under a tmp dir.
        user = "user root;" if os.geteuid() == 0 else ""
        (home / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
worker_rlimit_nofile {4 * self.connections};
error_log {home}/error.log;
pid {home}/nginx.pid;
events {{ worker_connections {self.connections}; }}
http {{
    access_log off;
    client_body_temp_path {home}/body;
    proxy_temp_path {home}/proxy;
    include {home}/site.conf;
}}
""")
        self.process = subprocess.Popen([nginx, "-p", str(home), "-c", str(home / "nginx.conf"), "-g", "daemon off;"])
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)
                self.ps = psutil.Process(self.process.pid)
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    log = home / "error.log"
                    raise RuntimeError(f"nginx did not start: {log.read_text() if log.exists() else ''}")
                time.sleep(0.1)

    def cpu_seconds(self) -> float:
        """nginx's master and worker processes."""
        total = 0.0
        for process in [self.ps] + self.ps.children():
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
