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
"""
import uuid

import pytest

from clts_forum.extensions import socketio
from clts_forum.services import cards, organisers, participants, workshops
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
    ("GET", "/b/<token>"):                       "-    -    -    -    -    Y    -    -",
    ("GET", "/f/<token>"):                       "-    -    -    -    -    -    Y    -",
    ("GET", "/r/<token>"):                       "-    -    -    Y    Y    -    -    -",
    ("GET", "/login"):                           "Y    Y    Y    Y    Y    Y    Y    Y",
    ("POST", "/login"):                          "Y    Y    Y    Y    Y    Y    Y    Y",
    # first-run only: closed (sends to /login) once an organiser exists, as in the scene
    ("GET", "/setup"):                           "-    -    -    -    -    -    -    -",
    ("POST", "/setup"):                          "-    -    -    -    -    -    -    -",
    ("POST", "/logout"):                         "-    -    -    -    -    -    -    Y",
    ("GET", "/organiser/"):                      "-    -    -    -    -    -    -    Y",
    ("GET", "/organiser/workshops/new"):         "-    -    -    -    -    -    -    Y",
    ("POST", "/organiser/workshops/new"):        "-    -    -    -    -    -    -    Y",
    ("GET", "/organiser/workshops/<int:workshop_id>"): "-  -  -  -  -  -  -  Y",
    ("POST", "/organiser/workshops/<int:workshop_id>/links/<int:link_id>/replace"): "- - - - - - - Y",
    # the secretariat's exports, closing, purge and import: the organiser only
    ("GET", "/organiser/import"): "- - - - - - - Y",
    ("POST", "/organiser/import"): "- - - - - - - Y",
    ("GET", "/organiser/statistics.csv"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/archive.json"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/cards.csv"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/positions.csv"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/report"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/report.docx"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/report.pdf"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/report/facile"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/purge"): "- - - - - - - Y",
    ("POST", "/organiser/workshops/<int:workshop_id>/close"): "- - - - - - - Y",
    ("POST", "/organiser/workshops/<int:workshop_id>/purge"): "- - - - - - - Y",
    # preparing the day: the room's paper, the moderation rules, a copy for the next session
    ("GET", "/organiser/workshops/<int:workshop_id>/affiche.pdf"): "- - - - - - - Y",
    ("GET", "/organiser/workshops/<int:workshop_id>/cartes-de-table.pdf"): "- - - - - - - Y",
    ("POST", "/organiser/workshops/<int:workshop_id>/duplicate"): "- - - - - - - Y",
    ("POST", "/organiser/workshops/<int:workshop_id>/moderation-rules"): "- - - - - - - Y",
    ("GET", "/healthz"):                         "Y    Y    Y    Y    Y    Y    Y    Y",
    ("GET", "/static/<path:filename>"):          "Y    Y    Y    Y    Y    Y    Y    Y",
}

#                            anon oth  part oref ref  brd  fac  org
EVENTS = {
    "participant.join":     "Y    -    -    -    -    -    -    -",
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
    "audit.undo":           "-    -    -    -    -    -    Y    -",
}

DENIED_CODES = {"unauthorized", "forbidden", "not_found"}
# Their payload names an item the scene does not hold (a release, a reword, a theme, a question):
# `not_found` then means the actor got past authorisation. Cross-workshop access to items is
# covered by the events that name the scene's card and step.
UNKNOWN_ITEM_EVENTS = {"release.confirm", "release.cancel", "reword.answer", "step.remove", "theme.rename",
                       "theme.merge", "question.answer"}


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
    missing = sorted(app_routes(app) - set(HTTP))
    assert not missing, f"routes without a row in HTTP (add their allow/deny cells): {missing}"
    assert not set(HTTP) - app_routes(app), f"rows for routes that no longer exist: {sorted(set(HTTP) - app_routes(app))}"


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
    own_token = scene.token(actor) or "x" * 32
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
