"""Replacing a team link: the old one stops at once (pages, connections, events), the new one works."""
import re

import pytest

from clts_forum.extensions import db
from clts_forum.models import RoleLink
from clts_forum.services import ServiceError, organisers, workshops
from helpers import link_token


@pytest.fixture
def organiser_client(client):
    organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    client.post("/login", data={"email": "claire@clts.example", "password": "un long mot de passe"})
    return client


def replace(organiser_client, workshop, role, group=None):
    link = workshops.active_link(workshop, role, group)
    response = organiser_client.post(f"/organiser/workshops/{workshop.id}/links/{link.id}/replace")
    db.session.expire_all()
    return link, response


def pushes_left(client) -> list[str]:
    """Events a test client got, read even after the server disconnected it."""
    return [packet["name"] for packet in client.queue]


@pytest.mark.parametrize("role,group,prefix", [("facilitator", None, "f"), ("board", None, "b"),
                                               ("referent", "experience", "r"), ("referent", "research", "r")])
def test_replacing_a_link_disconnects_its_holders_and_closes_the_old_page(
        organiser_client, workshop, connect, role, group, prefix):
    holder = connect(link_token(workshop, role, group))
    second_screen = connect(link_token(workshop, role, group))
    bystander = connect(link_token(workshop, "facilitator" if role != "facilitator" else "board"))
    old, response = replace(organiser_client, workshop, role, group)
    assert response.status_code == 302 and response.headers["Location"].endswith("#team-links")

    assert not holder.is_connected() and not second_screen.is_connected()
    assert "access.revoked" in pushes_left(holder)
    assert bystander.is_connected()
    assert not connect(old.token).is_connected()

    closed = organiser_client.get(f"/{prefix}/{old.token}")
    assert closed.status_code == 403 and "Lien remplacé".encode() in closed.data
    new = workshops.active_link(workshop, role, group)
    assert new.id != old.id and new.token != old.token
    assert organiser_client.get(f"/{prefix}/{new.token}").status_code == 200
    assert connect(new.token).is_connected()
    page = organiser_client.get(f"/organiser/workshops/{workshop.id}").data.decode()
    assert new.token in page and old.token not in page and "Le lien a été remplacé" in page


def test_a_link_revoked_elsewhere_can_no_longer_act(workshop, connect):
    """With several workers the revoking worker cannot close the others' sockets: events stop anyway."""
    console = connect(link_token(workshop, "facilitator"))
    link = workshops.active_link(workshop, "facilitator")
    link.revoked_at = link.created_at
    db.session.commit()
    refused = console.emit("workshop.state", {}, callback=True)
    assert refused["error"]["code"] == "unauthorized"


def test_a_link_that_acted_a_moment_ago_stops_once_replaced_on_another_worker(workshop, connect, monkeypatch):
    """The worker remembers for a few seconds that a link stands; the replacement's push makes it forget."""
    from clts_forum.services import rooms

    console = connect(link_token(workshop, "facilitator"))
    assert console.emit("workshop.state", {}, callback=True)["ok"]  # remembered as standing
    monkeypatch.setattr(rooms, "_disconnect", lambda room_name: None)  # the socket is held by another worker
    workshops.replace_link(workshop, workshops.active_link(workshop, "facilitator").id)
    assert console.is_connected()
    assert console.emit("workshop.state", {}, callback=True)["error"]["code"] == "unauthorized"


def test_only_this_workshops_unrevoked_links_can_be_replaced(app, workshop):
    other = workshops.create_workshop(title="Autre")
    with pytest.raises(ServiceError) as foreign:
        workshops.replace_link(workshop, workshops.active_link(other, "board").id)
    assert foreign.value.code == "not_found"
    old = workshops.active_link(workshop, "board")
    workshops.replace_link(workshop, old.id)
    with pytest.raises(ServiceError) as again:
        workshops.replace_link(workshop, old.id)
    assert again.value.code == "conflict"
    assert db.session.scalar(db.select(db.func.count()).select_from(RoleLink)
                             .filter_by(workshop_id=workshop.id, role="board", revoked_at=None)) == 1


def test_replacing_needs_an_organiser_and_a_csrf_token(app, client, workshop):
    link = workshops.active_link(workshop, "board")
    path = f"/organiser/workshops/{workshop.id}/links/{link.id}/replace"
    assert client.post(path).status_code == 302  # to the login page
    organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
    client.post("/login", data={"email": "claire@clts.example", "password": "un long mot de passe"})
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(path).status_code == 400
    page = client.get(f"/organiser/workshops/{workshop.id}").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(RoleLink, link.id).revoked_at is not None


def test_role_link_tokens_carry_at_least_128_random_bits(workshop):
    for link in workshop.role_links:
        assert len(link.token) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", link.token)  # 22 url-safe chars = 132 bits
    assert len({link.token for link in workshop.role_links}) == len(workshop.role_links)
