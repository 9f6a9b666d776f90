"""Bounded input on HTTP: body sizes per route, refused before they are read; ids the database can hold."""
from __future__ import annotations

import io
import socket
import subprocess
import sys

import pytest

from clts_forum.config import MAX_ARCHIVE_BYTES, MAX_FORM_BYTES
from clts_forum.services import organisers, participants, workshops
from live_server import ROOT, migrate, running, server_env
from services import postgres_url  # noqa: F401  (fixture)

ONE_GIB = 1024 ** 3


@pytest.fixture
def organiser_client(client):
    organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    client.post("/login", data={"email": "claire@clts.example", "password": "un long mot de passe"})
    return client


def test_a_form_larger_than_the_limit_is_refused_with_a_french_page(client):
    refused = client.post("/login", data={"email": "x@y.z", "password": "p" * (MAX_FORM_BYTES + 10)})
    assert refused.status_code == 413
    page = refused.get_data(as_text=True)
    assert "trop gros" in page and "1 Mo" in page and "Rien n" in page


def test_a_declared_length_above_the_limit_is_refused_before_the_body_is_read(client):
    body = io.BytesIO(b"email=a")  # a lying Content-Length: nothing beyond these bytes is ever sent
    refused = client.post("/login", input_stream=body, content_type="application/x-www-form-urlencoded",
                          environ_overrides={"CONTENT_LENGTH": str(ONE_GIB)})
    assert refused.status_code == 413
    assert body.tell() == 0, "the body was read before the refusal"


def test_the_archive_import_takes_its_own_larger_limit(organiser_client):
    big = b" " * (2 * MAX_FORM_BYTES) + b"?"  # over the forms' limit, under the archive's: read, then judged
    answer = organiser_client.post("/organiser/import", data={"archive": (io.BytesIO(big), "atelier.json")},
                                   content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "archive JSON" in answer.get_data(as_text=True)
    refused = organiser_client.post("/organiser/import", input_stream=io.BytesIO(b""),
                                    content_type="multipart/form-data; boundary=x",
                                    environ_overrides={"CONTENT_LENGTH": str(MAX_ARCHIVE_BYTES + 1024 * 1024)})
    assert refused.status_code == 413 and "50 Mo" in refused.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/organiser/workshops/9223372036854775808", "/organiser/workshops/2147483648",
                                  "/organiser/workshops/0", "/organiser/workshops/99999/report.pdf"])
def test_ids_out_of_range_are_not_found(organiser_client, path):
    assert organiser_client.get(path).status_code == 404


def test_only_the_phone_may_ask_for_the_microphone(client, workshop):
    home = client.get("/")
    assert "microphone=()" in home.headers["Permissions-Policy"]
    assert "camera=()" in home.headers["Permissions-Policy"]
    join_form = client.get(f"/j/{workshop.join_code}")
    assert "microphone=()" in join_form.headers["Permissions-Policy"]
    client.post(f"/j/{workshop.join_code}", data={"pseudonym": "Marie", "category": "personne_accompagnee",
                                                  "followed_here": "no"})
    phone = client.get(f"/j/{workshop.join_code}")
    assert "Facile" in phone.get_data(as_text=True)  # the live phone page, not the form
    assert "microphone=(self)" in phone.headers["Permissions-Policy"]
    console = client.get(f"/f/{workshops.active_link(workshop, 'facilitator').token}")
    assert "microphone=()" in console.headers["Permissions-Policy"]


def test_the_qr_code_is_cacheable_without_contradiction(client, workshop):
    cache = client.get(f"/j/{workshop.join_code}/qr.svg").headers["Cache-Control"]
    assert "max-age=3600" in cache and "no-store" not in cache
    assert "no-store" in client.get("/").headers["Cache-Control"]


# -- the real server (eventlet) -----------------------------------------------------------------------

def _exchange(url: str, head: bytes, body: bytes, timeout: float = 10) -> tuple[bytes, bool]:
    """Send a request head and part of a body; return the answer and whether the server then closed."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        connection.sendall(head)
        try:
            connection.sendall(body)
        except OSError:
            pass  # the server may already have answered and closed
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        closed = False
        try:
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    closed = True
                    break
                answer += chunk
        except socket.timeout:
            pass
        return answer, closed


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    instance = tmp_path_factory.mktemp("bounded")
    env = server_env(f"sqlite:///{instance / 'live.sqlite3'}", instance)
    migrate(env)
    with running(env, instance / "server.log") as server:
        yield server


def test_a_gigabyte_upload_is_answered_and_cut_off_without_being_read(live):
    head = (b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % ONE_GIB)
    answer, closed = _exchange(live.url, head, b"email=" + b"a" * 65536)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"Connection: close" in answer
    assert closed, "the server kept the connection to read the rest of the gigabyte"
    with socket.create_connection(("127.0.0.1", live.port), timeout=5):
        pass  # still accepting


def test_a_body_of_undeclared_length_is_refused_and_cut_off(live):
    head = (b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"a" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(MAX_FORM_BYTES // len(chunk) + 4))
    answer, closed = _exchange(live.url, head, body)
    assert answer.startswith(b"HTTP/1.1 411")
    assert closed


# -- start-up: the schema --------------------------------------------------------------------------------

def test_a_fresh_sqlite_instance_migrates_itself_at_start(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path)  # no `flask db upgrade`
    with running(env, tmp_path / "server.log") as server:
        import urllib.request

        with urllib.request.urlopen(server.url + "/login") as page:  # reads the organiser table
            assert page.status == 200


def test_a_server_database_behind_the_migrations_refuses_to_start_with_one_sentence(tmp_path, postgres_url):  # noqa: F811
    env = server_env(postgres_url, tmp_path, PORT="0")
    finished = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60)
    assert finished.returncode == 1
    assert "flask --app clts_forum db upgrade" in finished.stderr
    assert "Traceback" not in finished.stderr


def test_socket_ids_beyond_the_database_integer_are_refused_as_invalid(app):
    from clts_forum.services import ServiceError
    from clts_forum.services.validation import MAX_ROW_ID, identifier

    assert identifier(MAX_ROW_ID, field="id") == MAX_ROW_ID
    for value in (MAX_ROW_ID + 1, 2**63, 0, -1):
        with pytest.raises(ServiceError) as refused:
            identifier(value, field="id")
        assert refused.value.code == "invalid"
