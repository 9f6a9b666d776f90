"""Two real worker processes sharing PostgreSQL and Redis serve one workshop (DESIGN.md §5)."""
from __future__ import annotations

import queue
import re
import sys
import uuid

import pytest
import requests
import socketio

from live_server import ROOT, app_for, migrate, running, server_env
from services import postgres_url, redis_url, unavailable  # noqa: F401  (fixtures)


class Peer:
    """A protocol client as docs/protocol.md describes it: connect with a token, ask for the state."""

    def __init__(self, url: str, auth: dict, transports=("websocket",), route: str | None = None):
        self.pushes: "queue.Queue[tuple[str, dict]]" = queue.Queue()
        session = requests.Session()
        if route:  # the cookie a browser got from the app's pages (clts_forum/views/__init__.py)
            session.cookies.set("clts_route", route)
        self.client = socketio.Client(reconnection=False, http_session=session)
        self.frames: list[str] = []  # the event name of each frame received
        self.client.on("*", self._receive)
        self.client.connect(url, auth=auth, transports=list(transports), wait_timeout=10)

    def _receive(self, event: str, data) -> None:
        self.frames.append(event)
        for name, payload in data if event == "batch" else [(event, data)]:  # docs/protocol.md, "Batches"
            self.pushes.put((name, payload))

    def call(self, event: str, data: dict | None = None) -> dict:
        return self.client.call(event, data or {}, timeout=10)

    def next_push(self, name: str, timeout: float = 10) -> dict:
        while True:
            event, data = self.pushes.get(timeout=timeout)
            if event == name:
                return data

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture(scope="module")
def workers(tmp_path_factory, postgres_url, redis_url):  # noqa: F811
    instance = tmp_path_factory.mktemp("workers")
    env = server_env(postgres_url, instance, REDIS_URL=redis_url, SOCKETIO_CHANNEL=f"clts-test-{uuid.uuid4().hex}")
    migrate(env)
    with running(env, instance / "worker-a.log") as first, running(env, instance / "worker-b.log") as second:
        yield first, second


def new_workshop(database_url: str) -> dict:
    from clts_forum.services import workshops

    with app_for(database_url):
        workshop = workshops.create_workshop(title="Deux workers")
        return {"code": workshop.join_code, "board": workshops.active_link(workshop, "board").token,
                "facilitator": workshops.active_link(workshop, "facilitator").token,
                "perceptions": next(s.id for s in workshop.steps if s.kind == "perceptions")}


def test_a_card_posted_on_one_worker_reaches_the_board_on_the_other(workers, postgres_url):  # noqa: F811
    from clts_forum.extensions import db
    from clts_forum.models import Card

    worker_a, worker_b = workers
    workshop = new_workshop(postgres_url)
    code, board_token, facilitator_token, perceptions = (
        workshop["code"], workshop["board"], workshop["facilitator"], workshop["perceptions"])

    phone = Peer(worker_a.url, {"join_code": code})
    board = Peer(worker_b.url, {"token": board_token})
    facilitator = Peer(worker_b.url, {"token": facilitator_token})
    try:
        joined = phone.call("participant.join", {"pseudonym": "Awa", "category": "personne_accompagnee"})
        assert joined["ok"]
        assert board.next_push("composition.changed")["groups"]["experience"] == 1
        assert facilitator.next_push("participant.joined")["pseudonym"] == "Awa"

        assert facilitator.call("step.goto", {"step_id": perceptions, "from_step_id": None})["ok"]
        assert phone.next_push("step.changed")["step"]["kind"] == "perceptions"  # worker B → worker A

        sent = phone.call("card.create", {"client_id": "two-workers-01", "kind": "perception",
                                          "text": "Traversé d'un worker à l'autre"})
        assert sent["ok"]
        crossed = board.next_push("card.created")
        assert crossed["id"] == sent["card"]["id"] and crossed["text"] == "Traversé d'un worker à l'autre"
        assert "author_pseudonym" not in crossed

        retried = phone.call("card.create", {"client_id": "two-workers-01", "kind": "perception",
                                             "text": "Traversé d'un worker à l'autre"})
        assert retried["replayed"] and retried["card"]["id"] == sent["card"]["id"]
        state = board.call("workshop.state")["state"]
        assert [c["id"] for c in state["cards"]] == [sent["card"]["id"]]
    finally:
        for peer in (phone, board, facilitator):
            peer.close()

    with app_for(postgres_url):
        assert db.session.scalar(db.select(db.func.count()).select_from(Card).filter_by(text="Traversé d'un worker à l'autre")) == 1


def test_each_worker_follows_a_step_change_made_on_the_other(workers, postgres_url):  # noqa: F811
    """Each worker keeps the running step in memory; the change made on B reaches A through Redis."""
    worker_a, worker_b = workers
    workshop = new_workshop(postgres_url)
    phone = Peer(worker_a.url, {"join_code": workshop["code"]})
    facilitator = Peer(worker_b.url, {"token": workshop["facilitator"]})
    try:
        assert phone.call("participant.join", {"pseudonym": "Awa", "category": "personne_accompagnee"})["ok"]
        assert facilitator.call("step.goto", {"step_id": workshop["perceptions"], "from_step_id": None})["ok"]
        phone.next_push("step.changed")
        assert phone.call("card.create", {"client_id": "cache-0001", "kind": "perception", "text": "Avant"})["ok"]
        assert facilitator.call("step.lock", {"step_id": workshop["perceptions"], "locked": True})["ok"]
        phone.next_push("step.updated")
        refused = phone.call("card.create", {"client_id": "cache-0002", "kind": "perception", "text": "Fermé"})
        assert refused["error"]["code"] == "not_allowed_now"
        assert facilitator.call("step.lock", {"step_id": workshop["perceptions"], "locked": False})["ok"]
        phone.next_push("step.updated")
        assert phone.call("card.create", {"client_id": "cache-0003", "kind": "perception", "text": "Rouvert"})["ok"]
    finally:
        phone.close()
        facilitator.close()


def test_a_busy_room_reaches_the_other_worker_in_order_batched_or_single_as_asked(workers, postgres_url):  # noqa: F811
    worker_a, worker_b = workers
    workshop = new_workshop(postgres_url)
    facilitator = Peer(worker_a.url, {"token": workshop["facilitator"]})
    board = Peer(worker_b.url, {"token": workshop["board"]})
    single = Peer(worker_b.url, {"token": workshop["board"], "batch": False})
    try:
        assert facilitator.call("step.goto", {"step_id": workshop["perceptions"], "from_step_id": None})["ok"]
        posted = [facilitator.call("card.create", {"client_id": f"busy-{n:04d}", "kind": "insight",
                                                   "text": f"Repère {n}"})["card"]["id"] for n in range(15)]
        for peer in (board, single):
            assert [peer.next_push("card.created")["id"] for _ in posted] == posted
        assert "batch" not in single.frames
    finally:
        for peer in (facilitator, board, single):
            peer.close()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, workers):
    """nginx running deploy/nginx.conf in front of the two workers (bench/servers.py runs it)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.servers import Proxy

    if Proxy.binary() is None:
        unavailable("nginx is not installed (apt-get install nginx-light)")
    try:
        running_proxy = Proxy(list(workers), tmp_path_factory.mktemp("nginx")).start()
    except RuntimeError as error:
        pytest.fail(str(error))
    yield running_proxy.url
    running_proxy.stop()


def test_the_nginx_configuration_keeps_long_polling_clients_on_one_worker(proxy, postgres_url):  # noqa: F811
    """Long-polling sends many requests per connection: they must all reach the same worker."""
    workshop = new_workshop(postgres_url)
    polling = {"transports": ("polling",)}
    board = Peer(proxy, {"token": workshop["board"]}, route="board-0001", **polling)
    facilitator = Peer(proxy, {"token": workshop["facilitator"]}, route="console-7", **polling)
    phones = [Peer(proxy, {"join_code": workshop["code"]}, route=f"phone-{n}", **polling)
              for n in range(6)]
    try:
        for n, phone in enumerate(phones):
            assert phone.call("participant.join", {"pseudonym": f"P{n}", "category": "personne_accompagnee"})["ok"]
        assert facilitator.call("step.goto", {"step_id": workshop["perceptions"], "from_step_id": None})["ok"]
        for n, phone in enumerate(phones):
            phone.next_push("step.changed")
            sent = phone.call("card.create", {"client_id": f"proxy-card-{n:04d}", "kind": "perception",
                                              "text": f"Carte {n} par le proxy"})
            assert sent["ok"], sent
        texts = set()
        while len(texts) < len(phones):
            texts.add(board.next_push("card.created")["text"])
        assert texts == {f"Carte {n} par le proxy" for n in range(len(phones))}
    finally:
        for peer in (board, facilitator, *phones):
            peer.close()


def _raw_post(url: str, path: str, length: int, body: bytes = b"") -> bytes:
    """A POST whose head declares `length` bytes; returns the answer's head and start."""
    import socket

    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(b"POST %s HTTP/1.1\r\nHost: clts.example.org\r\nContent-Type: multipart/form-data; "
                           b"boundary=x\r\nContent-Length: %d\r\n\r\n%s" % (path.encode(), length, body))
        answer = b""
        while b"</html>" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def test_the_proxy_leaves_body_limits_to_the_app_and_answers_beyond_them_in_french(proxy):
    """An archive over nginx's old 1 MB limit reaches the app; beyond the app's 50 MB, a French page."""
    from clts_forum.config import MAX_ARCHIVE_BYTES

    body = (b'--x\r\nContent-Disposition: form-data; name="archive"; filename="a.json"\r\n'
            b"Content-Type: application/json\r\n\r\n" + b" " * (3 * 1024 * 1024) + b"{}\r\n--x--\r\n")
    answer = _raw_post(proxy, "/organiser/import", len(body), body)
    # the app's own answer (no CSRF token, not logged in), not a refusal of the size
    assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.1 302")), answer[:200]
    assert b"Content-Security-Policy" in answer
    too_big = _raw_post(proxy, "/organiser/import", MAX_ARCHIVE_BYTES + 4 * 1024 * 1024)
    assert too_big.startswith(b"HTTP/1.1 413")
    assert "trop gros" in too_big.decode("utf-8", "replace")
    head = too_big.split(b"\r\n\r\n", 1)[0].decode()
    assert "Server: nginx\r\n" in head + "\r\n", "nginx must not announce its version"


def test_the_proxy_sends_hsts_over_https_only(proxy):
    plain = requests.get(proxy + "/", timeout=5)
    assert "Strict-Transport-Security" not in plain.headers
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r'https\s+"max-age=31536000; includeSubDomains"', site)
    assert "add_header Strict-Transport-Security $strict_transport_security always;" in site
