"""Who may do what: every HTTP route and every socket event × every kind of actor, as a table.

The route and event lists come from the app (app.url_map, the namespace's handlers): a new route or
event without a row here makes `test_every_route_has_a_row` / `test_every_event_has_a_row` fail
and name it. To add a row, copy a neighbour and set the eight cells:

    Y  allowed (passes authorisation: ok, or a refusal about the payload or the step)
    -  denied (HTTP 302 to log-in, 403, 404; socket: refused connection, `unauthorized`, `forbidden`
       or `not_found` for an item of this workshop)
    o  only on the actor's own workshop (events that name no item of this one, or refused by the
       actor's own workshop's step rules before any item is looked up)

For the events of UNKNOWN_ITEM_EVENTS the cells say who passes the role gate; the per-item checks
(another group's release or reword → `forbidden`) are tested with the services.

Columns: anonymous (HTTP: no cookie; socket: a visitor with the public join code), participant of
another workshop, participant, référent of another group, référent of the card's group, board,
facilitator, organiser (HTTP: logged in; socket: organisers act through the facilitator link, so
they have no socket identity of their own).

The staff's pages (the organisation: its workshops, groups, members, productions, bilan, accounts) and
the member pages have their own table, ORG_HTTP, whose scene is an organisation with one account of
each role, a working group's meeting run by the organiser, and another organisation (see OrgScene).
"""
import uuid

import pytest
from flask import g

from clts_forum.extensions import db, socketio
from clts_forum.services import cards, organisers, participants, recap, workshops
from helpers import as_actor, link_token

ACTORS = ("anonymous", "other_participant", "participant", "other_referent", "referent", "board",
          "facilitator", "organiser")

#                                                anon oth  part oref ref  brd  fac  org
HTTP = {
    ("GET", "/"):                                "Y    Y    Y    Y    Y    Y    Y    Y",
    ("POST", "/j"):                              "Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/j/<code>"):                        "Y    Y    Y    Y    Y    Y    Y    Y",
    ("POST", "/j/<code>"):                       "Y    Y    Y    Y    Y    Y    Y    Y",
    ("POST", "/j/<code>/leave"):                 "Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/j/<code>/qr.svg"):                 "Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/j/<code>/moderation"):             "Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/j/<code>/confidentialite"):        "Y    Y    Y    Y    Y    Y    Y    Y",
    # the recap: a phone of the workshop; the public recap link is its own key (whoever holds it)
    ("GET", "/j/<code>/compte-rendu"):           "-    -    Y    -    -    -    -    -",
    ("GET", "/compte-rendu/<token>"):            "Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/b/<token>"):                       "-    -    -    -    -    Y    -    -",
    ("GET", "/f/<token>"):                       "-    -    -    -    -    -    Y    -",
    ("GET", "/r/<token>"):                       "-    -    -    Y    Y    -    -    -",
    ("GET", "/login"):                           "Y    Y    Y    Y    Y    Y    Y    Y",
    ("POST", "/login"):                          "Y    Y    Y    Y    Y    Y    Y    Y",
    # first-run only: closed (sends to /login) once an organiser exists, as in the scene
    ("GET", "/setup"):                           "-    -    -    -    -    -    -    -",
    ("POST", "/setup"):                          "-    -    -    -    -    -    -    -",
    ("POST", "/logout"):                         "-    -    -    -    -    -    -    Y",
    ("GET", "/healthz"):                         "Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/accessibilite"):                   "Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/static/<path:filename>"):          "Y    Y    Y    Y    Y    Y    Y    Y",
}

#                            anon oth  part oref ref  brd  fac  org
EVENTS = {
    "participant.join":     "Y    -    -    -    -    -    -    -",
    "participant.remove":   "-    -    -    -    -    -    Y    -",
    "workshop.state":       "-    o    Y    Y    Y    Y    Y    -",
    "card.create":          "-    o    Y    -    -    -    Y    -",
    "card.edit":            "-    -    Y    -    -    -    -    -",
    "card.withdraw":        "-    -    Y    -    -    -    -    -",
    "card.upvote":          "-    o    Y    -    -    -    -    -",
    "card.moderate":        "-    -    -    -    Y    -    Y    -",
    "card.reword":          "-    -    -    -    Y    -    Y    -",
    "card.merge":           "-    -    -    -    -    -    Y    -",
    "card.scribe":          "-    -    -    Y    Y    -    -    -",
    "reword.answer":        "-    o    Y    -    -    -    -    -",
    "question.answer":      "-    -    -    -    -    -    Y    -",
    "position.set":         "-    o    Y    -    -    -    -    -",
    "release.propose":      "-    o    Y    -    -    -    -    -",
    "release.confirm":      "-    -    -    Y    Y    -    Y    -",
    "release.cancel":       "-    o    Y    Y    Y    -    Y    -",
    "step.goto":            "-    -    -    -    -    -    Y    -",
    "step.update":          "-    -    -    -    -    -    Y    -",
    "step.add":             "-    -    -    -    -    -    Y    -",
    "step.remove":          "-    -    -    -    -    -    Y    -",
    "step.reorder":         "-    -    -    -    -    -    Y    -",
    "step.lock":            "-    -    -    -    -    -    Y    -",
    "hand.raise":           "-    o    Y    -    -    -    -    -",
    "hand.lower":           "-    o    Y    -    -    -    -    -",
    "turn.start":           "-    -    -    -    -    -    Y    -",
    "turn.stop":            "-    -    -    -    -    -    Y    -",
    "queue.balance":        "-    -    -    -    -    -    Y    -",
    "queue.reorder":        "-    -    -    -    -    -    Y    -",
    "synthesis.draft":      "-    -    -    -    -    -    Y    -",
    "synthesis.decide":     "-    o    Y    Y    Y    -    -    -",
    "evaluation.configure": "-    -    -    -    -    -    Y    -",
    "evaluation.submit":    "-    o    Y    -    -    -    -    -",
    "theme.create":         "-    -    -    -    -    -    Y    -",
    "theme.rename":         "-    -    -    -    -    -    Y    -",
    "theme.assign":         "-    -    -    -    -    -    Y    -",
    "theme.merge":          "-    -    -    -    -    -    Y    -",
    "workshop.pause":       "-    -    -    -    -    -    Y    -",
    "pause.request":        "-    o    Y    -    -    -    -    -",
    "pause.seen":           "-    -    -    -    -    -    Y    -",
    "timer.set":            "-    -    -    -    -    -    Y    -",
    "spotlight.set":        "-    -    -    -    -    -    Y    -",
    "board.layout":         "-    -    -    -    -    -    Y    -",
    "glossary.update":      "-    -    -    -    -    -    Y    -",
    "workshop.close":       "-    -    -    -    -    -    Y    -",
    "synthesis.reopen":     "-    -    -    -    -    -    Y    -",
    "audit.undo":           "-    -    -    -    -    -    Y    -",
}

DENIED_CODES = {"unauthorized", "forbidden", "not_found"}
# Their payload names an item the scene does not hold (a release, a reword, a theme, a question):
# `not_found` then means the actor got past authorisation. Cross-workshop access to items is
# covered by the events that name the scene's card and step. `audit.undo` has nothing to undo in the scene
# (its only action is the start, which is never undone): `not_found` there too means it got past the role gate.
UNKNOWN_ITEM_EVENTS = {"release.confirm", "release.cancel", "reword.answer", "step.remove", "theme.rename",
                       "theme.merge", "question.answer", "audit.undo"}


def cells(row: str) -> dict[str, str]:
    values = row.split()
    assert len(values) == len(ACTORS), f"a row needs {len(ACTORS)} cells: {row!r}"
    return dict(zip(ACTORS, values))


def app_routes(app) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def app_events() -> set[str]:
    namespace = socketio.server.namespace_handlers["/"]
    return {getattr(namespace, name).event for name in dir(namespace)
            if name.startswith("on_") and hasattr(getattr(namespace, name), "event")}


def test_every_route_has_a_row(app):
    rows = set(HTTP) | set(ORG_HTTP)
    assert not set(HTTP) & set(ORG_HTTP), f"routes with two rows: {sorted(set(HTTP) & set(ORG_HTTP))}"
    missing = sorted(app_routes(app) - rows)
    assert not missing, f"routes without a row in HTTP or ORG_HTTP (add their allow/deny cells): {missing}"
    assert not rows - app_routes(app), f"rows for routes that no longer exist: {sorted(rows - app_routes(app))}"


def test_every_event_has_a_row(app):
    missing = sorted(app_events() - set(EVENTS))
    assert not missing, f"socket events without a row in EVENTS (add their allow/deny cells): {missing}"
    assert not set(EVENTS) - app_events(), f"rows for events that no longer exist: {sorted(set(EVENTS) - app_events())}"


# -- the scene: workshop A (the target) and workshop B ------------------------------------------

class Scene:
    def __init__(self, workshop):
        from clts_forum.services import steps

        self.workshop = workshop
        self.other = workshops.create_workshop(title="Atelier B")
        facilitator = as_link(workshop, "facilitator")
        tracks = next(s for s in workshop.steps if s.kind == "perceptions")
        steps.goto(facilitator, step_id=tracks.id, from_step_id=None)
        # workshop B runs the same step, so its participant meets the item checks, not the step's rules
        elsewhere = next(s for s in self.other.steps if s.kind == "perceptions")
        steps.goto(as_link(self.other, "facilitator"), step_id=elsewhere.id, from_step_id=None)
        self.participant = participants.join(workshop, pseudonym="Awa", category="personne_accompagnee")
        self.neighbour = participants.join(workshop, pseudonym="Binta", category="personne_accompagnee")
        self.stranger = participants.join(self.other, pseudonym="Zoé", category="personne_accompagnee")
        self.card, _ = cards.create(as_actor(self.participant), {"client_id": uuid.uuid4().hex,
                                                                 "kind": "perception", "text": "Une carte"})
        self.step = tracks
        self.organiser = organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")
        self.recap_token = recap.make_public_link(facilitator, workshop)

    def token(self, actor: str):
        w = self.workshop
        return {"other_participant": self.stranger.token, "participant": self.participant.token,
                "other_referent": link_token(w, "referent", "research"),
                "referent": link_token(w, "referent", "experience"), "board": link_token(w, "board"),
                "facilitator": link_token(w, "facilitator")}.get(actor)


def as_link(workshop, role, group=None):
    from clts_forum.actors import link_actor

    return link_actor(workshops.active_link(workshop, role, group))


@pytest.fixture
def scene(workshop):
    return Scene(workshop)


def payload(scene: Scene, event: str) -> dict:
    card, step = scene.card.id, scene.step.id
    return {
        "participant.join": {"pseudonym": "Nouvelle", "category": "cadre"},
        "participant.remove": {"id": scene.neighbour.id},
        "card.create": {"client_id": uuid.uuid4().hex, "kind": "perception", "text": "Idée"},
        "card.edit": {"id": card, "text": "Modifiée"},
        "card.withdraw": {"id": card},
        "card.upvote": {"id": card, "on": True},
        "card.moderate": {"id": card, "action": "hide"},
        "card.reword": {"id": card, "text": "Reformulée"},
        "card.merge": {"id": card, "into_id": card},
        "card.scribe": {"client_id": uuid.uuid4().hex, "kind": "perception", "text": "Dictée",
                        "pseudonym": f"Sans téléphone {uuid.uuid4().hex[:6]}", "category": "personne_accompagnee"},
        "reword.answer": {"id": 10**6, "accept": True},
        "question.answer": {"id": card, "answered": True},
        "position.set": {"card_id": card, "value": "agree"},
        "release.propose": {"summary": "Résumé", "card_ids": [card]},
        "release.confirm": {"id": 10**6},
        "release.cancel": {"id": 10**6},
        "step.goto": {"step_id": step, "from_step_id": step},
        "step.update": {"id": step, "title": "Titre"},
        "step.add": {"kind": "welcome"},
        "step.remove": {"id": 10**6},
        "step.reorder": {"order": []},
        "step.lock": {"locked": True},
        "turn.start": {"participant_id": scene.participant.id},
        "queue.reorder": {"order": []},
        "synthesis.draft": {"text": "Synthèse"},
        "synthesis.decide": {"version": 1, "decision": "agree"},
        "evaluation.configure": {"questions": []},
        "evaluation.submit": {"answers": {}},
        "theme.create": {"name": "Thème"},
        "theme.rename": {"id": 10**6, "name": "Autre"},
        "theme.assign": {"theme_id": None, "card_ids": [card]},
        "theme.merge": {"id": 10**6, "into_id": 10**6},
        "workshop.pause": {"paused": True},
        "timer.set": {"action": "start"},
        "spotlight.set": {"card_id": card},
        "board.layout": {"layout": "auto"},
        "glossary.update": {"entries": [{"term": "CCAS", "explanation": "Centre communal d'action sociale."}]},
    }.get(event, {})


def outcome(scene: Scene, connect, actor: str, event: str) -> str:
    if actor == "anonymous":
        client = connect({"join_code": scene.workshop.join_code})
    else:
        token = scene.token(actor)
        client = connect(token) if token else connect({})
    if not client.is_connected():
        return "-"
    ack = client.emit(event, payload(scene, event), callback=True)
    denied = DENIED_CODES - {"not_found"} if event in UNKNOWN_ITEM_EVENTS else DENIED_CODES
    if not ack["ok"] and ack["error"]["code"] in denied:
        return "-"
    assert ack["ok"] or ack["error"]["code"] not in {"internal"}, ack
    return "o" if actor == "other_participant" else "Y"


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_socket_event_authorisation(scene, connect, event):
    expected = cells(EVENTS[event])
    got = {actor: outcome(scene, connect, actor, event) for actor in ACTORS}
    wrong = {actor: f"expected {expected[actor]}, got {got[actor]}" for actor in ACTORS if got[actor] != expected[actor]}
    assert not wrong, f"{event}: {wrong}"


def http_request(app, scene: Scene, actor: str, method: str, rule: str):
    client = app.test_client()
    w = scene.workshop
    if actor == "organiser":
        client.post("/login", data={"email": "claire@clts.example", "password": "un long mot de passe"})
    elif actor in ("participant", "other_participant"):
        joined = scene.participant if actor == "participant" else scene.stranger
        with client.session_transaction() as session:
            session[f"participant:{joined.workshop_id}"] = joined.token
    own_token = scene.recap_token if rule.startswith("/compte-rendu/") else scene.token(actor) or "x" * 32
    path = (rule.replace("<code>", w.join_code).replace("<token>", own_token)
            .replace("<int:workshop_id>", str(w.id))
            .replace("<int:link_id>", str(workshops.active_link(w, "board").id))
            .replace("<path:filename>", "css/base.css"))
    data = {"code": w.join_code} if rule == "/j" else {}
    response = client.open(path, method=method, data=data)
    if response.status_code in (401, 403, 404) or (
            response.status_code == 302 and "/login" in response.headers["Location"]):
        return "-"
    assert response.status_code < 500, (actor, method, rule, response.status_code)
    return "Y"


@pytest.mark.parametrize("route", sorted(HTTP), ids=lambda route: f"{route[0]} {route[1]}")
def test_http_route_authorisation(app, scene, route):
    expected = cells(HTTP[route])
    got = {actor: http_request(app, scene, actor, *route) for actor in ACTORS}
    wrong = {actor: f"expected {expected[actor]}, got {got[actor]}" for actor in ACTORS if got[actor] != expected[actor]}
    assert not wrong, f"{route}: {wrong}"


# -- the organisation's pages: every role of it, another organisation, a disabled account -----------

ORG_ACTORS = ("anonymous", "participant", "member", "referent", "admin", "secretariat", "organiser", "colleague",
              "other_org", "disabled")
# participant: joined the meeting; member: holds the member link; referent: the meeting's référent link
# (experience); organiser: owns the meeting and animates its group; colleague: an organiser of the same
# organisation; other_org: the admin of another organisation; disabled: an admin logged in, then disabled.

#                                                                  anon part memb ref  adm  sec  org  col  oth  dis
ORG_HTTP = {
    ("GET", "/account"):                                          "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("POST", "/account"):                                         "-    -    -    -    Y    Y    Y    Y    Y    -",
    # a one-time link is its own key: whoever holds it may set the password once
    ("GET", "/invitation/<token>"):                               "Y    Y    Y    Y    Y    Y    Y    Y    Y    Y",
    ("POST", "/invitation/<token>"):                              "Y    Y    Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/organiser/"):                                       "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("GET", "/organiser/statistics.csv"):                         "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("GET", "/organiser/workshops/new"):                          "-    -    -    -    Y    -    Y    Y    Y    -",
    ("POST", "/organiser/workshops/new"):                         "-    -    -    -    Y    -    Y    Y    Y    -",
    ("GET", "/organiser/events/new"):                             "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("POST", "/organiser/events/new"):                            "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("GET", "/organiser/events/<int:workshop_id>/edit"):          "-    -    -    -    Y    Y    Y    -    -    -",
    ("POST", "/organiser/events/<int:workshop_id>/edit"):         "-    -    -    -    Y    Y    Y    -    -    -",
    ("GET", "/organiser/import"):                                 "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("POST", "/organiser/import"):                                "-    -    -    -    Y    Y    Y    Y    Y    -",
    # a workshop: seen and exported by every account of its organisation ...
    ("GET", "/organiser/workshops/<int:workshop_id>"):            "-    -    -    -    Y    Y    Y    Y    -    -",
    ("GET", "/organiser/workshops/<int:workshop_id>/report"):     "-    -    -    -    Y    Y    Y    Y    -    -",
    ("GET", "/organiser/workshops/<int:workshop_id>/report/facile"): "- - - - Y Y Y Y - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/report/final"): "- - - - Y Y Y Y - -",
    ("GET", "/organiser/workshops/<int:workshop_id>/report.pdf"): "-    -    -    -    Y    Y    Y    Y    -    -",
    ("GET", "/organiser/workshops/<int:workshop_id>/report.docx"): "-   -    -    -    Y    Y    Y    Y    -    -",
    ("GET", "/organiser/workshops/<int:workshop_id>/cards.csv"):  "-    -    -    -    Y    Y    Y    Y    -    -",
    ("GET", "/organiser/workshops/<int:workshop_id>/positions.csv"): "- - - - Y Y Y Y - -",
    ("GET", "/organiser/workshops/<int:workshop_id>/evaluation.csv"): "- - - - Y Y Y Y - -",
    ("GET", "/organiser/workshops/<int:workshop_id>/data.xlsx"): "- - - - Y Y Y Y - -",
    ("GET", "/organiser/workshops/<int:workshop_id>/archive.json"): "-  -    -    -    Y    Y    Y    Y    -    -",
    ("GET", "/organiser/workshops/<int:workshop_id>/moderation.csv"): "- - - - Y Y Y Y - -",
    ("GET", "/organiser/workshops/<int:workshop_id>/moderation.xlsx"): "- - - - Y Y Y Y - -",
    # ... run by its owner, the animators of its group and the admins ...
    ("POST", "/organiser/workshops/<int:workshop_id>/links/<int:link_id>/replace"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/close"):     "-    -    -    -    Y    -    Y    -    -    -",
    ("POST", "/organiser/workshops/<int:workshop_id>/reopen"):    "-    -    -    -    Y    -    Y    -    -    -",
    ("POST", "/organiser/workshops/<int:workshop_id>/members/<int:member_id>/present"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/production"): "-   -    -    -    Y    -    Y    -    -    -",
    # preparing the day (the room's paper, the moderation rules) and a copy for the next session
    ("GET", "/organiser/workshops/<int:workshop_id>/affiche.pdf"): "- - - - Y - Y - - -",
    ("GET", "/organiser/workshops/<int:workshop_id>/cartes-de-table.pdf"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/moderation-rules"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/duplicate"): "- - - - Y - Y - - -",
    ("GET", "/organiser/workshops/<int:workshop_id>/preparer/"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/preparer/moderation"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/preparer/steps"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/preparer/steps/<int:step_id>"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/preparer/steps/<int:step_id>/move"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/preparer/steps/<int:step_id>/remove"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/preparer/glossary"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/preparer/evaluation"): "- - - - Y - Y - - -",
    # the recap's public link, its QR code
    ("POST", "/organiser/workshops/<int:workshop_id>/recap-link"): "- - - - Y - Y - - -",
    ("POST", "/organiser/workshops/<int:workshop_id>/recap-link/revoke"): "- - - - Y - Y - - -",
    ("GET", "/organiser/workshops/<int:workshop_id>/compte-rendu-qr.pdf"): "- - - - Y - Y - - -",
    # ... purged by them or the secretariat; transferred or shared by the admins
    ("GET", "/organiser/workshops/<int:workshop_id>/purge"):      "-    -    -    -    Y    Y    Y    -    -    -",
    ("POST", "/organiser/workshops/<int:workshop_id>/purge"):     "-    -    -    -    Y    Y    Y    -    -    -",
    ("POST", "/organiser/workshops/<int:workshop_id>/transfer"):  "-    -    -    -    Y    -    -    -    -    -",
    ("POST", "/organiser/workshops/<int:workshop_id>/share"):     "-    -    -    -    Y    -    -    -    -    -",
    # working groups: seen by every account of the organisation, changed by its animators and the admins
    ("GET", "/organiser/groups/"):                                "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("POST", "/organiser/groups/"):                               "-    -    -    -    Y    -    Y    Y    Y    -",
    ("GET", "/organiser/groups/<int:group_id>"):                  "-    -    -    -    Y    Y    Y    Y    -    -",
    ("POST", "/organiser/groups/<int:group_id>"):                 "-    -    -    -    Y    -    Y    -    -    -",
    ("POST", "/organiser/groups/<int:group_id>/members"):         "-    -    -    -    Y    -    Y    -    -    -",
    ("GET", "/organiser/groups/<int:group_id>/members/<int:member_id>"): "- - - - Y - Y - - -",
    ("POST", "/organiser/groups/<int:group_id>/members/<int:member_id>"): "- - - - Y - Y - - -",
    ("POST", "/organiser/groups/<int:group_id>/members/<int:member_id>/card"): "- - - - Y - Y - - -",
    ("GET", "/organiser/groups/<int:group_id>/members/<int:member_id>/card.pdf"): "- - - - Y - Y - - -",
    ("GET", "/organiser/groups/<int:group_id>/cards.pdf"):        "-    -    -    -    Y    -    Y    -    -    -",
    ("POST", "/organiser/groups/<int:group_id>/meetings"):        "-    -    -    -    Y    -    Y    -    -    -",
    # productions: seen and edited by every account; validated and diffused by the secretariat and admins
    ("GET", "/organiser/productions/"):                           "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("POST", "/organiser/productions/"):                          "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("GET", "/organiser/productions/<int:production_id>"):        "-    -    -    -    Y    Y    Y    Y    -    -",
    ("POST", "/organiser/productions/<int:production_id>"):       "-    -    -    -    Y    Y    Y    Y    -    -",
    ("GET", "/organiser/productions/<int:production_id>/file"):   "-    -    -    -    Y    Y    Y    Y    -    -",
    ("POST", "/organiser/productions/<int:production_id>/status"): "-   -    -    -    Y    Y    -    -    -    -",
    # the bilan and the mandates (another organisation's admin gets its own organisation's)
    ("GET", "/organiser/bilan"):                                  "-    -    -    -    Y    Y    -    -    Y    -",
    ("GET", "/organiser/bilan.pdf"):                              "-    -    -    -    Y    Y    -    -    Y    -",
    ("GET", "/organiser/bilan.docx"):                             "-    -    -    -    Y    Y    -    -    Y    -",
    ("GET", "/organiser/bilan.csv"):                              "-    -    -    -    Y    Y    -    -    Y    -",
    ("GET", "/organiser/bilan.xlsx"):                             "-    -    -    -    Y    Y    -    -    Y    -",
    ("GET", "/organiser/mandates"):                               "-    -    -    -    Y    Y    Y    Y    Y    -",
    ("POST", "/organiser/mandates"):                              "-    -    -    -    Y    Y    -    -    Y    -",
    # accounts and settings: the admins, of their own organisation
    ("GET", "/admin/"):                                           "-    -    -    -    Y    -    -    -    Y    -",
    ("POST", "/admin/accounts"):                                  "-    -    -    -    Y    -    -    -    Y    -",
    ("POST", "/admin/accounts/<int:account_id>/invitation"):      "-    -    -    -    Y    -    -    -    -    -",
    ("POST", "/admin/accounts/<int:account_id>/disable"):         "-    -    -    -    Y    -    -    -    -    -",
    ("POST", "/admin/accounts/<int:account_id>/enable"):          "-    -    -    -    Y    -    -    -    -    -",
    ("POST", "/admin/accounts/<int:account_id>/role"):            "-    -    -    -    Y    -    -    -    -    -",
    ("GET", "/admin/settings"):                                   "-    -    -    -    Y    -    -    -    Y    -",
    ("POST", "/admin/settings"):                                  "-    -    -    -    Y    -    -    -    Y    -",
    # the member's own link (the QR code of their card), and the référent's roster page at a meeting
    ("GET", "/m/<token>"):                                        "-    -    Y    -    -    -    -    -    -    -",
    ("GET", "/m/<token>/card.pdf"):                               "-    -    Y    -    -    -    -    -    -    -",
    ("GET", "/m/<token>/leave"):                                  "-    -    Y    -    -    -    -    -    -    -",
    ("POST", "/m/<token>/leave"):                                 "-    -    Y    -    -    -    -    -    -    -",
    ("POST", "/m/<token>/meetings/<int:workshop_id>"):            "-    -    Y    -    -    -    -    -    -    -",
    ("GET", "/r/<token>/members"):                                "-    -    -    Y    -    -    -    -    -    -",
    ("POST", "/r/<token>/members/<int:member_id>"):               "-    -    -    Y    -    -    -    -    -    -",
}


class OrgScene:
    """Organisation A: one account of each role, a working group animated by the organiser, its member, a
    meeting the organiser runs (joined by a participant), an event recorded by the organiser, a production
    with a file; organisation B with its admin."""

    def __init__(self, app):
        from datetime import date

        from clts_forum.services import (events, invitations, members, organisations, productions,
                                         working_groups)
        from clts_forum.views.productions import folder

        a = organisations.create(name="CLTS A")
        account = lambda name, role, org=a: organisers.create(  # noqa: E731
            name=name, email=f"{name.lower()}@clts.example", password=PASSWORD, organisation=org, role=role)
        self.accounts = {"admin": account("Alice", "admin"), "secretariat": account("Sophie", "secretariat"),
                         "organiser": account("Claire", "organiser"), "colleague": account("Bruno", "organiser"),
                         "disabled": account("Denis", "admin"),
                         "other_org": account("Oscar", "admin", organisations.create(name="CLTS B"))}
        self.target = account("Tina", "organiser")
        self.group = working_groups.create(self.accounts["organiser"], name="Aller vers")
        self.member = members.add(self.group, display_name="Josiane", category="personne_accompagnee",
                                  joined_on=date.today())
        self.meeting = working_groups.new_meeting(self.accounts["organiser"], self.group, title="Réunion 1",
                                                  when=date.today())
        self.participant = participants.join(self.meeting, pseudonym="Awa", category="personne_accompagnee")
        self.event = events.record(self.accounts["organiser"], kind="temps_fort", title="Rencontre",
                                   when=date.today(), counts={"professionnel": 2})
        self.production = productions.create(self.accounts["organiser"], title="Guide", kind="guide",
                                             produced_on=date.today())
        with app.test_request_context():
            productions.attach_file(self.production, name="guide.pdf", data=b"%PDF-1.4\n%%EOF\n", folder=folder())
        pending = organisers.create_invited(name="Nouvelle", email="nouvelle@clts.example", role="organiser",
                                            organisation=a)
        self.invitation = invitations.issue(pending, by=None)

    def path(self, actor: str, rule: str) -> str:
        db.session.refresh(self.member)
        token = {"/m/": self.member.token if actor == "member" else None,
                 "/r/": link_token(self.meeting, "referent", "experience") if actor == "referent" else None,
                 "/invitation/": self.invitation}
        own = next((value for prefix, value in token.items() if rule.startswith(prefix)), None) or "x" * 32
        workshop = self.event if rule.startswith("/organiser/events/") else self.meeting
        db.session.refresh(self.meeting)  # a step the previous actor removed is gone: name one that exists
        return (rule.replace("<token>", own).replace("<int:workshop_id>", str(workshop.id))
                .replace("<int:link_id>", str(workshops.active_link(self.meeting, "board").id))
                .replace("<int:group_id>", str(self.group.id)).replace("<int:member_id>", str(self.member.id))
                .replace("<int:production_id>", str(self.production.id))
                .replace("<int:step_id>", str(self.meeting.steps[0].id))
                .replace("<int:account_id>", str(self.target.id)))


PASSWORD = "un long mot de passe"


@pytest.fixture(scope="module")
def org_scene(module_app):
    """One scene for the whole table (accounts cost a password hash each): the routes' empty forms change
    nothing that another row's outcome depends on (a closed meeting still answers, with its refusal)."""
    scene = OrgScene(module_app)
    scene.clients = {}
    return scene


def _client(app, scene: OrgScene, actor: str):
    """A browser per actor, logged in once (the disabled account: logged in, then disabled, each time)."""
    if actor in scene.clients and actor != "disabled":
        return scene.clients[actor]
    client = app.test_client()
    if actor in scene.accounts:
        account = scene.accounts[actor]
        assert client.post("/login", data={"email": account.email, "password": PASSWORD}).status_code == 302
        if actor == "disabled":  # the session must end at once, everywhere
            organisers.disable(scene.accounts["admin"], account)
    elif actor == "participant":
        with client.session_transaction() as session:
            session[f"participant:{scene.meeting.id}"] = scene.participant.token
    scene.clients[actor] = client
    return client


def org_request(app, scene: OrgScene, actor: str, method: str, rule: str) -> str:
    # requests share the test's app context, hence `g`, where Flask-Login keeps the last request's user
    g.pop("_login_user", None)
    client = _client(app, scene, actor)
    g.pop("_login_user", None)
    if actor == "member":
        with client.session_transaction() as session:
            session["members"] = {str(scene.group.id): scene.member.token}
    response = client.open(scene.path(actor, rule), method=method, data={})
    if actor == "disabled":
        organisers.enable(scene.accounts[actor])
    if response.status_code in (401, 403, 404) or (
            response.status_code == 302 and "/login" in response.headers["Location"]):
        return "-"
    assert response.status_code < 500, (actor, method, rule, response.status_code)
    return "Y"


def org_cells(row: str) -> dict[str, str]:
    values = row.split()
    assert len(values) == len(ORG_ACTORS), f"a row needs {len(ORG_ACTORS)} cells: {row!r}"
    return dict(zip(ORG_ACTORS, values))


@pytest.mark.parametrize("route", sorted(ORG_HTTP), ids=lambda route: f"{route[0]} {route[1]}")
def test_organisation_route_authorisation(module_app, org_scene, route):
    expected = org_cells(ORG_HTTP[route])
    got = {actor: org_request(module_app, org_scene, actor, *route) for actor in ORG_ACTORS}
    wrong = {actor: f"expected {expected[actor]}, got {got[actor]}" for actor in ORG_ACTORS
             if got[actor] != expected[actor]}
    assert not wrong, f"{route}: {wrong}"
