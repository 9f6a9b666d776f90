"""HTTP pages: joining on a phone, role links, organiser accounts, security headers."""
import json
import re

import pytest

from clts_forum.extensions import db
from clts_forum.models import Organiser, Participant, Workshop
from clts_forum.services import organisers
from helpers import link_token


def page_config(response) -> dict:
    match = re.search(rb'<script type="application/json" id="page-config">(.*?)</script>', response.data, re.S)
    return json.loads(match.group(1))


def join_form(pseudonym="Awa", category="personne_accompagnee", followed_here="no"):
    return {"pseudonym": pseudonym, "category": category, "followed_here": followed_here}


def test_home_offers_to_type_a_code(client):
    page = client.get("/")
    assert page.status_code == 200 and "Rejoindre un atelier".encode() in page.data


def test_a_code_leads_to_the_join_form(client, workshop):
    found = client.post("/j", data={"code": workshop.join_code.lower()})
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/j/{workshop.join_code}")
    unknown = client.post("/j", data={"code": "ZZZZZZ"})
    assert unknown.status_code == 404 and "Aucun atelier".encode() in unknown.data
    assert client.get("/j/ZZZZZZ").status_code == 404


def test_joining_asks_only_pseudonym_category_and_the_dependency_question(client, workshop):
    form = client.get(f"/j/{workshop.join_code}").data.decode()
    assert 'name="pseudonym"' in form and 'name="category"' in form and 'name="followed_here"' in form
    assert "type=\"email\"" not in form and "tel" not in re.findall(r'type="(\w+)"', form)
    assert "travailleur social" in form


def test_a_phone_keeps_its_identity_across_reloads(client, workshop):
    joined = client.post(f"/j/{workshop.join_code}", data=join_form(followed_here="yes"))
    assert joined.status_code == 302
    first = client.get(f"/j/{workshop.join_code}")
    again = client.get(f"/j/{workshop.join_code}")
    assert first.status_code == again.status_code == 200
    assert page_config(first)["token"] == page_config(again)["token"]
    participant = db.session.scalar(db.select(Participant))
    assert (participant.pseudonym, participant.peer_group, participant.followed_here) == ("Awa", "experience", "yes")
    assert page_config(first)["role"] == "participant"


def test_a_taken_pseudonym_keeps_what_was_typed(client, workshop, join):
    join("Awa")
    refused = client.post(f"/j/{workshop.join_code}", data=join_form(pseudonym="awa"))
    assert refused.status_code == 409
    assert "déjà pris".encode() in refused.data and b'value="awa"' in refused.data


@pytest.mark.parametrize("form", [join_form(pseudonym=""), join_form(category="roi"), {"pseudonym": "Awa"},
                                  join_form(pseudonym="x" * 41)])
def test_bad_join_forms_are_refused_without_storing(client, workshop, form):
    assert client.post(f"/j/{workshop.join_code}", data=form).status_code == 400
    assert db.session.scalar(db.select(db.func.count()).select_from(Participant)) == 0


def test_leaving_forgets_the_phone_identity(client, workshop):
    client.post(f"/j/{workshop.join_code}", data=join_form())
    client.post(f"/j/{workshop.join_code}/leave")
    assert b'name="pseudonym"' in client.get(f"/j/{workshop.join_code}").data


def test_role_links_open_their_page_and_nothing_else(client, workshop):
    for path, role in (("b", "board"), ("f", "facilitator")):
        page = client.get(f"/{path}/{link_token(workshop, role)}")
        assert page.status_code == 200 and page_config(page)["role"] == role
    referent = client.get(f"/r/{link_token(workshop, 'referent', 'research')}")
    assert referent.status_code == 200 and "Savoir académique".encode() in referent.data
    assert client.get(f"/f/{link_token(workshop, 'board')}").status_code == 404  # a board link is not a console
    assert client.get("/b/not-a-real-token-at-all-000000").status_code == 404


def test_the_qr_code_points_to_the_join_page(client, workshop):
    svg = client.get(f"/j/{workshop.join_code}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data


def test_every_page_sends_security_headers(client, workshop):
    for path in ("/", f"/j/{workshop.join_code}", f"/b/{link_token(workshop, 'board')}", "/login", "/nope"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Frame-Options"] == "DENY"


def test_pages_carry_no_inline_script(client, workshop, join):
    client.post(f"/j/{workshop.join_code}", data=join_form())
    for path in (f"/j/{workshop.join_code}", f"/b/{link_token(workshop, 'board')}",
                 f"/f/{link_token(workshop, 'facilitator')}"):
        html = client.get(path).data.decode()
        for script in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            attributes, body = script
            assert "src=" in attributes or 'type="application/json"' in attributes
        assert " on" not in re.sub(r"<script.*?</script>", "", html, flags=re.S).split("<body", 1)[1].split(">")[0]


def test_static_files_are_versioned_and_cached(client, workshop):
    html = client.get(f"/b/{link_token(workshop, 'board')}").data.decode()
    url = re.search(r'src="(/static/js/board\.js\?v=\w+)"', html).group(1)
    cached = client.get(url)
    assert cached.status_code == 200 and "immutable" in cached.headers["Cache-Control"]
    # the modules it imports are versioned too, so a release never mixes old and new modules
    assert re.search(r'from "\./live\.js\?v=\w+"', cached.get_data(as_text=True))
    assert cached.headers["Content-Type"].startswith("text/javascript")


def test_first_run_creates_the_first_organiser_then_closes(client):
    assert client.get("/login").headers["Location"].endswith("/setup")
    created = client.post("/setup", data={"name": "Claire", "email": "Claire@CLTS.example",
                                          "password": "un long mot de passe", "confirm": "un long mot de passe"})
    assert created.status_code == 302
    organiser = db.session.scalar(db.select(Organiser))
    assert organiser.email == "claire@clts.example" and "un long" not in organiser.password_hash
    assert client.get("/setup").status_code == 302  # only once


@pytest.fixture
def organiser_client(client):
    organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    client.post("/login", data={"email": "claire@clts.example", "password": "un long mot de passe"})
    return client


def test_login_refuses_wrong_passwords(client):
    organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    refused = client.post("/login", data={"email": "claire@clts.example", "password": "mauvais"})
    assert refused.status_code == 401
    assert client.get("/organiser/").status_code == 302


def test_login_never_redirects_off_site(client):
    organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    moved = client.post("/login?next=//evil.example/x", data={"email": "claire@clts.example",
                                                                "password": "un long mot de passe"})
    assert moved.headers["Location"] == "/organiser/"


def test_an_organiser_creates_a_workshop_and_gets_its_links(organiser_client):
    created = organiser_client.post("/organiser/workshops/new", data={
        "title": "Festival 2026", "theme": "L'accueil", "date": "2026-12-03", "place": "Lyon",
        "organiser_name": "CLTS du Rhône", "template": "festival", "moderation": "post"})
    assert created.status_code == 302
    workshop = db.session.scalar(db.select(Workshop))
    page = organiser_client.get(created.headers["Location"]).data.decode()
    assert workshop.join_code in page and "/f/" in page and "/b/" in page
    assert len(set(re.findall(r"/r/[\w-]+", page))) == 3
    assert "Festival 2026" in organiser_client.get("/organiser/").data.decode()


def test_organiser_pages_need_a_login(client, workshop):
    for path in ("/organiser/", "/organiser/workshops/new", f"/organiser/workshops/{workshop.id}"):
        assert client.get(path).status_code == 302


def test_health(client):
    assert client.get("/healthz").json == {"ok": True}
