"""Real server processes for end-to-end and multi-worker tests: `python app.py` under eventlet."""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url: str, instance: Path, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "FLASK_"))}
    env.update({"DATABASE_URL": database_url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "e2e-secret",
                "ASYNC_MODE": "eventlet"})
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def migrate(env: dict) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "clts_forum", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)


class LiveServer:
    def __init__(self, env: dict, log_path: Path, port: Optional[int] = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(env, PORT=str(self.port), HOST="127.0.0.1", PUBLIC_URL=self.url)
        self.log_path = log_path
        self.process: Optional[subprocess.Popen] = None

    def start(self, timeout: float = 30) -> "LiveServer":
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()


@contextmanager
def running(env: dict, log_path: Path, port: Optional[int] = None) -> Iterator[LiveServer]:
    server = LiveServer(env, log_path, port).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def app_for(database_url: str):
    """An app context on the servers' database, to set up data the way an organiser would."""
    from clts_forum import create_app
    from clts_forum.config import INSTANCE_DIR, database_uri
    from clts_forum.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri(database_url, INSTANCE_DIR), "ASYNC_MODE": "threading",
                      "REDIS_URL": None})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def run_async(coroutine):
    """asyncio.run in its own thread: Playwright's sync API may hold an event loop in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
