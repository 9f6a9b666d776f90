"""Accounts of an organisation: invitation links, roles, disabling, sessions ended on the server, `next`."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g

from clts_forum.extensions import db
from clts_forum.models import Invitation, Workshop, utcnow
from clts_forum.services import ServiceError, invitations, organisations, organisers, ownership, workshops

PASSWORD = "un long mot de passe"


@pytest.fixture
def alice(app):
    return organisers.create(name="Alice", email="alice@clts.example", password=PASSWORD)


def login(client, email, password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def opens_dashboard(client) -> bool:
    """As a new request would: the test's app context (and Flask-Login's user in `g`) outlives requests."""
    g.pop("_login_user", None)
    return client.get("/organiser/").status_code == 200


def test_the_first_setup_account_is_admin_of_a_first_organisation(client):
    made = client.post("/setup", data={"organisation": "CLTS du Doubs", "name": "Alice", "email": "a@clts.example",
                                       "password": PASSWORD, "confirm": PASSWORD})
    assert made.status_code == 302
    account = organisers.authenticate("a@clts.example", PASSWORD)
    assert account.role == "admin" and account.organisation.name == "CLTS du Doubs"
    assert account.organisation.time_zone == "Europe/Paris"


def test_setup_adopts_the_organisation_the_demo_made_before_any_account(client):
    demo = workshops.create_workshop(title="Démo")  # no account yet: the default organisation
    client.post("/setup", data={"organisation": "CLTS", "name": "Alice", "email": "a@clts.example",
                                "password": PASSWORD, "confirm": PASSWORD})
    assert organisers.authenticate("a@clts.example", PASSWORD).organisation_id == demo.organisation_id


def test_an_admin_invites_an_account_with_a_one_time_link(app, client, alice):
    login(client, alice.email)
    page = client.post("/admin/accounts", data={"name": "Bruno", "email": "bruno@clts.example",
                                                "role": "secretariat"}).data.decode()
    link = page.split('value="http://127.0.0.1:5000')[1].split('"')[0]
    token = link.rsplit("/", 1)[1]
    stored = db.session.scalar(db.select(Invitation))
    assert token not in stored.token_hash and len(stored.token_hash) == 64  # only its hash is kept
    other = app.test_client()
    assert other.get(link).status_code == 200
    done = other.post(link, data={"password": "mon nouveau mot de passe", "confirm": "mon nouveau mot de passe"})
    assert done.status_code == 302 and other.get("/organiser/").status_code == 200
    bruno = organisers.authenticate("bruno@clts.example", "mon nouveau mot de passe")
    assert bruno.role == "secretariat" and bruno.organisation_id == alice.organisation_id
    assert app.test_client().get(link).status_code == 404  # used once, then nothing


def test_an_invitation_expires_and_a_new_link_cancels_the_old(alice):
    account = organisers.create_invited(name="B", email="b@clts.example", role="organiser",
                                        organisation=alice.organisation)
    first = invitations.issue(account, by=alice)
    second = invitations.issue(account, by=alice)
    assert invitations.valid(first) is None and invitations.valid(second) is not None
    invitations.valid(second).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(ServiceError):
        invitations.accept(second, PASSWORD)


def test_an_invited_account_cannot_log_in_before_setting_its_password(alice):
    organisers.create_invited(name="B", email="b@clts.example", role="organiser", organisation=alice.organisation)
    assert organisers.authenticate("b@clts.example", "") is None


def test_logging_out_ends_the_session_on_the_server(app, client, alice):
    login(client, alice.email)
    copied = client.get_cookie("session", domain="127.0.0.1").value
    thief = app.test_client()
    thief.set_cookie("session", copied, domain="127.0.0.1")
    assert opens_dashboard(thief)
    g.pop("_login_user", None)
    assert client.post("/logout").status_code == 302
    assert not opens_dashboard(thief)  # the copied cookie opens nothing after "Se déconnecter"


def test_disabling_an_account_ends_its_sessions_at_once(app, client, alice):
    bruno = organisers.create(name="Bruno", email="bruno@clts.example", password=PASSWORD)
    login(client, bruno.email)
    assert opens_dashboard(client)
    admin = app.test_client()
    login(admin, alice.email)
    assert admin.post(f"/admin/accounts/{bruno.id}/disable").status_code == 302
    assert not opens_dashboard(client)
    assert login(app.test_client(), bruno.email).status_code == 401
    with pytest.raises(ServiceError):
        organisers.disable(alice, alice)  # never oneself


def test_changing_the_password_ends_the_other_sessions(app, client, alice):
    login(client, alice.email)
    elsewhere = app.test_client()
    login(elsewhere, alice.email)
    changed = client.post("/account", data={"current": PASSWORD, "password": "un tout autre mot de passe",
                                            "confirm": "un tout autre mot de passe"})
    assert changed.status_code == 302
    assert opens_dashboard(client)  # this one stays
    assert not opens_dashboard(elsewhere)


@pytest.mark.parametrize("target", ["/%09/evil.example/", "/\t/evil.example/", "//evil.example/", "https://evil.example/",
                                    "/\\evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example",
                                    "javascript:alert(1)"])
def test_log_in_never_sends_elsewhere(client, alice, target):
    from urllib.parse import quote

    answer = client.post(f"/login?next={quote(target, safe='%')}",
                         data={"email": alice.email, "password": PASSWORD})
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location.split("?")[0][:2]
    assert "evil.example" not in location or location.startswith("/organiser")


def test_log_in_follows_a_same_site_path(client, alice):
    answer = client.post("/login?next=/organiser/groups/", data={"email": alice.email, "password": PASSWORD})
    assert answer.headers["Location"] == "/organiser/groups/"


def test_the_open_redirect_of_the_report_is_closed(client, alice):
    """The exact request of issue 17: the server answered `Location: //evil.example/`."""
    answer = client.post("/login?next=/%09/evil.example/", data={"email": alice.email, "password": PASSWORD})
    assert answer.headers["Location"] == "/organiser/"
    broken = client.post("/login?next=/%0a/x", data={"email": alice.email, "password": PASSWORD})
    assert broken.status_code == 302


def test_roles_and_the_last_admin(alice):
    bruno = organisers.create(name="Bruno", email="bruno@clts.example", password=PASSWORD)
    assert bruno.role == "organiser"  # the first account of an organisation is its admin, not the next ones
    with pytest.raises(ServiceError):
        organisers.change_role(alice, alice, "organiser")
    organisers.change_role(alice, bruno, "admin")
    organisers.change_role(alice, alice, "secretariat")
    assert alice.role == "secretariat"


def test_transfer_and_share_stay_within_the_organisation(alice):
    bruno = organisers.create(name="Bruno", email="bruno@clts.example", password=PASSWORD)
    stranger = organisers.create(name="Oscar", email="oscar@other.example", password=PASSWORD,
                                 organisation=organisations.create(name="Autre"))
    workshop = workshops.create_workshop(title="Atelier", created_by=alice)
    ownership.transfer(alice, workshop, bruno.id)
    assert db.session.get(Workshop, workshop.id).created_by_id == bruno.id
    ownership.share(alice, workshop, alice.id, True)
    assert [a.id for a in workshop.shared_with] == [alice.id]
    with pytest.raises(ServiceError) as refused:
        ownership.transfer(alice, workshop, stranger.id)
    assert refused.value.status == 404


def test_an_organisation_settings_time_zone_is_checked(alice):
    with pytest.raises(ServiceError):
        organisations.update(alice.organisation, name="CLTS", zone="Mars/Olympus", language="fr", settings={})
    organisations.update(alice.organisation, name="CLTS", zone="America/Cayenne", language="fr",
                         settings={"short_name": "CLTSG"})
    assert alice.organisation.time_zone == "America/Cayenne" and organisations.short_name(alice.organisation) == "CLTSG"


def test_the_cli_adds_an_organisation_with_its_first_admin_link(app):
    result = app.test_cli_runner().invoke(args=["create-organisation", "CLTS du Jura", "--admin-name", "Jeanne",
                                                "--admin-email", "jeanne@jura.example"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().rsplit(" ", 1)[1]
    assert "/invitation/" in link
    account = db.session.scalar(db.select(organisers.Organiser).filter_by(email="jeanne@jura.example"))
    assert account.role == "admin" and account.organisation.name == "CLTS du Jura"
