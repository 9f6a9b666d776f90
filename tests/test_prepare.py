"""Preparing a workshop from its page (no console): programme, glossary, questionnaire, moderation mode."""
from __future__ import annotations

import pytest

from clts_forum.actors import organiser_actor
from clts_forum.extensions import db
from clts_forum.models import AuditEntry, Step
from clts_forum.services import (ServiceError, cards, evaluation, glossary, moderation_rules, organisers, participants,
                                 retention, steps, workshops)
from helpers import as_actor, drain, link_token

PASSWORD = "un long mot de passe"


@pytest.fixture
def organiser(app):
    return organisers.create(name="Claire", email="claire@clts.example", password=PASSWORD)


@pytest.fixture
def mine(organiser):
    return workshops.create_workshop(title="Journée d'automne", created_by=organiser)


@pytest.fixture
def logged_in(client, organiser):
    client.post("/login", data={"email": "claire@clts.example", "password": PASSWORD})
    return client


def url(workshop, tail: str = "") -> str:
    return f"/organiser/workshops/{workshop.id}/preparer/{tail}"


def step_form(step: Step, **changes) -> dict:
    form = {"title": step.title, "prompt": step.prompt, "prompt_easy": step.prompt_easy,
            "duration_minutes": str(step.duration_minutes), "post_kinds": ["perception"], "hands": "1"}
    return form | changes


# -- services ----------------------------------------------------------------------------------------

def test_a_closed_workshop_refuses_every_change_to_its_preparation(mine, organiser):
    actor = organiser_actor(organiser, mine)
    retention.close(actor, mine)
    first = mine.steps[0]
    calls = [lambda: steps.update(actor, {"id": first.id, "title": "Autre"}),
             lambda: steps.add(actor, {"kind": "welcome"}),
             lambda: steps.remove(actor, {"id": mine.steps[-1].id}),
             lambda: steps.reorder(actor, {"order": [s.id for s in reversed(mine.steps)]}),
             lambda: glossary.update(actor, {"entries": [{"term": "RSA", "explanation": "Une aide."}]}),
             lambda: evaluation.configure(actor, {"questions": [{"kind": "text", "text": "Et alors ?"}]}),
             lambda: moderation_rules.set_mode(actor, mine, "pre")]
    for call in calls:
        with pytest.raises(ServiceError) as refusal:
            call()
        assert refusal.value.code == "closed" and refusal.value.status == 409
    db.session.refresh(mine)
    assert first.title != "Autre" and mine.glossary is None and mine.moderation == "post"


def test_the_moderation_mode_is_staff_only_checked_audited_and_pushed(mine, organiser, connect):
    board = connect(link_token(mine, "board"))
    drain(board)
    actor = organiser_actor(organiser, mine)
    with pytest.raises(ServiceError) as refusal:
        moderation_rules.set_mode(actor, mine, "both")
    assert refusal.value.code == "invalid"
    someone = participants.join(mine, pseudonym="Marie", category="personne_accompagnee")
    with pytest.raises(ServiceError) as refusal:
        moderation_rules.set_mode(as_actor(someone), mine, "pre")
    assert refusal.value.code == "forbidden"

    moderation_rules.set_mode(actor, mine, "pre")

    assert mine.moderation == "pre"
    entry = db.session.scalar(db.select(AuditEntry).filter_by(workshop_id=mine.id, action="workshop.moderation"))
    assert entry.data == {"from": "post", "to": "pre"}
    pushes = drain(board)
    assert pushes["workshop.changed"][-1]["moderation"] == "pre"
    assert all(s["rules"]["moderation"] == "pre" for s in pushes["steps.changed"][-1]["steps"]
               if s["kind"] != "insight")


# -- the page ---------------------------------------------------------------------------------------

def test_the_workshop_page_links_to_the_preparation(logged_in, mine):
    page = logged_in.get(f"/organiser/workshops/{mine.id}").get_data(as_text=True)
    assert url(mine) in page
    prepared = logged_in.get(url(mine))
    assert prepared.status_code == 200
    text = prepared.get_data(as_text=True)
    assert all(step.title in text for step in mine.steps)
    assert "CCAS : Centre communal" in text  # the default glossary, ready to edit


def test_a_step_is_edited_with_its_prompts_duration_and_rules(logged_in, mine):
    step = mine.steps[1]
    answer = logged_in.post(url(mine, f"steps/{step.id}"), data=step_form(
        step, title="Nos regards", prompt="Comment vivez-vous l'accueil ?", prompt_easy="L'accueil, c'est comment ?",
        duration_minutes="40", post_kinds=["perception", "question"], post_groups=["experience"], sealed="1",
        moderation="pre"))
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#step-{step.id}")
    db.session.refresh(step)
    assert (step.title, step.prompt, step.prompt_easy, step.duration_minutes) == \
        ("Nos regards", "Comment vivez-vous l'accueil ?", "L'accueil, c'est comment ?", 40)
    assert step.rules["post"] == {"kinds": ["perception", "question"], "groups": ["experience"]}
    assert step.rules["sealed"] is True and step.rules["hands"] is True and step.rules["positions"] is False
    assert step.rules["moderation"] == "pre"


def test_a_refused_step_keeps_what_was_typed_and_says_why(logged_in, mine):
    step = mine.steps[1]
    before = step.title
    answer = logged_in.post(url(mine, f"steps/{step.id}"), data=step_form(step, title="Nouveau titre",
                                                                         duration_minutes="deux heures"))
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "La durée doit être un nombre de minutes entre 0 et 600." in page
    assert 'value="Nouveau titre"' in page and 'value="deux heures"' in page
    db.session.refresh(step)
    assert step.title == before
    bad_kind = logged_in.post(url(mine, f"steps/{step.id}"), data=step_form(step, post_kinds=["rumeur"]))
    assert bad_kind.status_code == 400 and "Type de carte inconnu" in bad_kind.get_data(as_text=True)


def test_steps_are_added_moved_and_removed(logged_in, mine):
    ids = [s.id for s in mine.steps]
    answer = logged_in.post(url(mine, "steps"), data={"kind": "insight", "after_id": str(ids[0])})
    assert answer.status_code == 302
    db.session.refresh(mine)
    added = mine.steps[1]
    assert added.id not in ids and added.kind == "insight"
    logged_in.post(url(mine, f"steps/{added.id}/move"), data={"direction": "up"})
    db.session.refresh(mine)
    assert mine.steps[0].id == added.id
    logged_in.post(url(mine, f"steps/{added.id}/move"), data={"direction": "up"})  # already first: nothing
    db.session.refresh(mine)
    assert mine.steps[0].id == added.id
    logged_in.post(url(mine, f"steps/{added.id}/move"), data={"direction": "down"})
    db.session.refresh(mine)
    assert [s.id for s in mine.steps][:2] == [ids[0], added.id]
    removed = logged_in.post(url(mine, f"steps/{added.id}/remove"))
    assert removed.status_code == 302
    db.session.refresh(mine)
    assert [s.id for s in mine.steps] == ids
    assert logged_in.post(url(mine, "steps"), data={"kind": "nap"}).status_code == 400


def test_a_step_holding_cards_is_not_removed(logged_in, mine, organiser):
    actor = organiser_actor(organiser, mine)
    step = next(s for s in mine.steps if s.kind == "perceptions")
    steps.goto(actor, step_id=step.id, from_step_id=None)
    marie = participants.join(mine, pseudonym="Marie", category="personne_accompagnee")
    cards.create(as_actor(marie), {"client_id": "prep-card-00001", "kind": "perception", "text": "Long"})
    answer = logged_in.post(url(mine, f"steps/{step.id}/remove"))
    assert answer.status_code == 409 and "ne peut pas être retirée" in answer.get_data(as_text=True)
    assert db.session.get(Step, step.id) is not None


def test_the_glossary_is_edited_one_line_per_acronym(logged_in, mine):
    answer = logged_in.post(url(mine, "glossary"), data={"glossary": "dalo : Droit au logement opposable.\n\n"
                                                                      "CCAS : La mairie, pour le social."})
    assert answer.status_code == 302
    db.session.refresh(mine)
    assert mine.glossary == {"DALO": "Droit au logement opposable.", "CCAS": "La mairie, pour le social."}
    refused = logged_in.post(url(mine, "glossary"), data={"glossary": "RSA : Une aide.\nsans deux-points"})
    assert refused.status_code == 400
    assert "Ligne 2" in refused.get_data(as_text=True) and "sans deux-points" in refused.get_data(as_text=True)
    not_an_acronym = logged_in.post(url(mine, "glossary"), data={"glossary": "Mot d ici : un mot"})
    assert not_an_acronym.status_code == 400 and "pas un sigle" in not_an_acronym.get_data(as_text=True)
    db.session.refresh(mine)
    assert "DALO" in mine.glossary


def test_the_questionnaire_is_edited_and_blank_rows_dropped(logged_in, mine):
    answer = logged_in.post(url(mine, "evaluation"), data={
        "kind-0": "scale", "text-0": "La journée vous a plu ?", "text_easy-0": "C'était bien ?",
        "kind-1": "text", "text-1": "Une idée pour la prochaine fois ?", "text_easy-1": "",
        "kind-2": "scale", "text-2": "", "text_easy-2": ""})
    assert answer.status_code == 302
    assert [(q.kind, q.text, q.text_easy) for q in evaluation.questions(mine.id)] == [
        ("scale", "La journée vous a plu ?", "C'était bien ?"), ("text", "Une idée pour la prochaine fois ?", "")]
    empty = logged_in.post(url(mine, "evaluation"), data={"kind-0": "scale", "text-0": ""})
    assert empty.status_code == 400 and "de 1 à 8 questions" in empty.get_data(as_text=True)
    assert len(evaluation.questions(mine.id)) == 2


def test_the_moderation_mode_is_set_from_the_page(logged_in, mine):
    assert logged_in.post(url(mine, "moderation"), data={"moderation": "pre"}).status_code == 302
    db.session.refresh(mine)
    assert mine.moderation == "pre"
    assert logged_in.post(url(mine, "moderation"), data={"moderation": "jamais"}).status_code == 400


def test_a_closed_workshop_shows_its_preparation_but_refuses_changes(logged_in, mine, organiser):
    retention.close(organiser_actor(organiser, mine), mine)
    page = logged_in.get(url(mine))
    assert page.status_code == 200 and "sa préparation ne change plus" in page.get_data(as_text=True)
    refused = logged_in.post(url(mine, "glossary"), data={"glossary": "RSA : Une aide."})
    assert refused.status_code == 409


def test_the_console_sees_what_the_page_prepared(logged_in, mine, connect):
    console = connect(link_token(mine, "facilitator"))
    drain(console)
    step = mine.steps[0]
    logged_in.post(url(mine, f"steps/{step.id}"), data=step_form(step, title="Bienvenue à toutes et tous"))
    pushed = drain(console)["steps.changed"][-1]["steps"]
    assert pushed[0]["title"] == "Bienvenue à toutes et tous"
    state = console.emit("workshop.state", {}, callback=True)["state"]
    assert state["steps"][0]["title"] == "Bienvenue à toutes et tous"


def test_an_imported_or_recorded_workshop_has_no_preparation(logged_in, organiser):
    from datetime import date

    from clts_forum.services import events
    event = events.record(organiser, kind="temps_fort", title="Rencontre", when=date.today(), counts={})
    assert logged_in.get(f"/organiser/workshops/{event.id}/preparer/").status_code == 404
