"""Unit tests of the method's services: programme editing, releases, positions, questions, speaking,
synthesis and evaluation."""
import pytest

from clts_forum.extensions import db
from clts_forum.models import EvaluationAnswer, Position, SpeakRequest
from clts_forum.services import (ServiceError, cards, evaluation, positions, questions, releases, speaking, steps,
                                 synthesis, throttle, workshops)
from clts_forum.services.rules import StepRules
from helpers import as_actor


def refused(code, call, *args):
    with pytest.raises(ServiceError) as refusal:
        call(*args)
    assert refusal.value.code == code, refusal.value.message
    return refusal.value


def staff_card(facilitator, kind, text, **extra):
    card, _ = cards.create(facilitator, {"client_id": f"staff-{kind}-{abs(hash(text)) % 10**9}", "kind": kind,
                                         "text": text, **extra})
    return card


# -- the programme ----------------------------------------------------------------------------------

def test_the_facilitator_edits_the_programme(workshop, facilitator):
    first = workshop.steps[0]
    steps.update(facilitator, {"id": first.id, "title": "Bienvenue", "prompt": "Installez-vous.",
                               "prompt_easy": "Asseyez-vous.", "duration_minutes": 20})
    assert (first.title, first.prompt, first.prompt_easy, first.duration_minutes) == (
        "Bienvenue", "Installez-vous.", "Asseyez-vous.", 20)
    added = steps.add(facilitator, {"kind": "crossing", "after_id": first.id, "title": "Échanges"})
    assert [s.kind for s in workshop.steps][:3] == ["welcome", "crossing", "perceptions"]
    assert added.title == "Échanges" and StepRules.of(added).hands
    steps.reorder(facilitator, {"order": [s.id for s in reversed(workshop.steps)]})
    assert workshop.steps[0].kind == "evaluation" and [s.position for s in workshop.steps] == list(range(7))
    steps.remove(facilitator, {"id": added.id})
    assert added not in workshop.steps and len(workshop.steps) == 6


def test_step_rules_are_data_the_facilitator_can_change(workshop, facilitator, join, start):
    perceptions = next(s for s in workshop.steps if s.kind == "perceptions")
    steps.update(facilitator, {"id": perceptions.id, "rules": {"post": {"kinds": ["perception"], "groups": None},
                                                               "hands": True}})
    start("perceptions")
    card, _ = cards.create(as_actor(join("Bruno", "professionnel")),
                           {"client_id": "bruno-0001", "kind": "perception", "text": "Vu du guichet"})
    assert card.peer_group == "practice"


@pytest.mark.parametrize("rules", [{"post": {"kinds": ["poem"]}}, {"post": {"groups": ["aliens"]}},
                                   {"post": {"groups": []}}, {"sealed": "yes"}, {"moderation": "sometimes"},
                                   {"unknown": True}, [], "rules"])
def test_malformed_rules_are_refused(workshop, facilitator, rules):
    refused("invalid", steps.update, facilitator, {"id": workshop.steps[0].id, "rules": rules})


def test_used_steps_stay(workshop, facilitator, join, start):
    start("perceptions")
    cards.create(as_actor(join("Awa")), {"client_id": "awa-00001", "kind": "perception", "text": "Idée"})
    perceptions = workshop.current_step
    refused("conflict", steps.remove, facilitator, {"id": perceptions.id})
    refused("invalid", steps.reorder, facilitator, {"order": [perceptions.id]})
    refused("forbidden", steps.update, as_actor(join("Zoé")), {"id": perceptions.id, "title": "Piraté"})


# -- sealed rooms and releases ---------------------------------------------------------------------------

@pytest.fixture
def croisement(app):
    return workshops.create_workshop(title="Croisement", template="croisement")


def goto(workshop, kind):
    facilitator = as_link(workshop, "facilitator")
    step = next(s for s in workshop.steps if s.kind == kind)
    steps.goto(facilitator, step_id=step.id, from_step_id=workshop.current_step_id)
    return step


def as_link(workshop, role, group=None):
    from clts_forum.actors import link_actor

    return link_actor(workshops.active_link(workshop, role, group))


def member(workshop, name, category="personne_accompagnee"):
    from clts_forum.services import participants

    return as_actor(participants.join(workshop, pseudonym=name, category=category))


def test_a_group_releases_what_it_chose_and_only_that(croisement):
    goto(croisement, "peer_groups")
    awa, ali = member(croisement, "Awa"), member(croisement, "Ali")
    kept, _ = cards.create(awa, {"client_id": "awa-kept-1", "kind": "perception", "text": "Reste entre nous"})
    shared, _ = cards.create(ali, {"client_id": "ali-share1", "kind": "perception", "text": "À dire à tous"})
    assert kept.sealed and shared.sealed and not shared.released

    proposal = releases.propose(awa, {"summary": "Nous voulons être écoutés.", "card_ids": [shared.id]})
    assert proposal.status == "proposed" and not shared.released
    refused("forbidden", releases.confirm, ali, {"id": proposal.id})  # a member proposes, does not confirm
    refused("forbidden", releases.confirm, as_link(croisement, "referent", "practice"), {"id": proposal.id})
    releases.confirm(as_link(croisement, "referent", "experience"), {"id": proposal.id})
    assert shared.released and not kept.released
    public = cards_seen_by(as_link(croisement, "board"))
    assert public == {"À dire à tous", "Nous voulons être écoutés."}
    refused("conflict", releases.confirm, as_link(croisement, "facilitator"), {"id": proposal.id})


def cards_seen_by(actor):
    from clts_forum.services.visibility import visible_cards

    return {c.text for c in db.session.scalars(visible_cards(actor))}


def test_a_group_cannot_release_another_groups_cards(croisement):
    goto(croisement, "peer_groups")
    awa, bruno = member(croisement, "Awa"), member(croisement, "Bruno", "professionnel")
    secret, _ = cards.create(awa, {"client_id": "awa-secret", "kind": "perception", "text": "Secret"})
    refused("invalid", releases.propose, bruno, {"card_ids": [secret.id]})
    refused("invalid", releases.propose, bruno, {"summary": "  "})
    assert releases.visible_to(bruno) == [] and releases.visible_to(as_link(croisement, "board")) == []


def test_releases_wait_for_a_step_that_opens_them(croisement):
    goto(croisement, "welcome")
    refused("not_allowed_now", releases.propose, member(croisement, "Awa"), {"summary": "Trop tôt"})


# -- positions -------------------------------------------------------------------------------------------

def test_positions_are_counted_per_group_and_can_change(workshop, facilitator, start, join):
    start("tracks")
    track = staff_card(facilitator, "track", "Ouvrir le jeudi soir")
    awa, ali, bruno = as_actor(join("Awa")), as_actor(join("Ali")), as_actor(join("Bruno", "professionnel"))
    positions.take(awa, {"card_id": track.id, "value": "agree"})
    positions.take(ali, {"card_id": track.id, "value": "disagree"})
    positions.take(bruno, {"card_id": track.id, "value": "agree"})
    positions.take(ali, {"card_id": track.id, "value": "mixed"})  # changed, not added
    positions.take(bruno, {"card_id": track.id, "value": None})  # withdrawn
    assert positions.aggregates(workshop.id)[track.id] == {
        "experience": {"agree": 1, "mixed": 1, "disagree": 0},
        "practice": {"agree": 0, "mixed": 0, "disagree": 0},
        "research": {"agree": 0, "mixed": 0, "disagree": 0}}
    assert positions.mine(ali.participant_id) == {track.id: "mixed"}
    assert db.session.scalar(db.select(db.func.count()).select_from(Position)) == 2


def test_positions_need_an_open_step_and_a_published_track(workshop, facilitator, start, join):
    perception_step = start("perceptions")
    awa = as_actor(join("Awa"))
    perception, _ = cards.create(awa, {"client_id": "awa-perc-1", "kind": "perception", "text": "Attente"})
    refused("not_allowed_now", positions.take, awa, {"card_id": perception.id, "value": "agree"})
    start("tracks")
    refused("not_found", positions.take, awa, {"card_id": perception.id, "value": "agree"})
    track = staff_card(facilitator, "track", "Une piste")
    refused("invalid", positions.take, awa, {"card_id": track.id, "value": "yes"})
    refused("forbidden", positions.take, facilitator, {"card_id": track.id, "value": "agree"})
    assert perception_step.kind == "perceptions"


def test_a_burst_of_positions_becomes_one_push_per_interval(app, workshop, facilitator, start, join, connect,
                                                            monkeypatch):
    from helpers import drain, link_token

    monkeypatch.setattr(throttle.socketio, "start_background_task", lambda task: None)  # flush by hand below
    start("tracks")
    track = staff_card(facilitator, "track", "Une piste")
    board = connect(link_token(workshop, "board"))
    drain(board)
    people = [as_actor(join(f"P{n}")) for n in range(12)]
    for n, person in enumerate(people):
        positions.take(person, {"card_id": track.id, "value": ("agree", "mixed", "disagree")[n % 3]})
    throttle.flush_now()
    pushes = drain(board).get("positions.updated", [])
    assert len(pushes) == 1
    assert pushes[0]["tracks"][str(track.id)]["experience"] == {"agree": 4, "mixed": 4, "disagree": 4}


# -- questions -------------------------------------------------------------------------------------------

def test_questions_are_supported_once_and_marked_answered(workshop, facilitator, start, join):
    start("insight")
    question = staff_card(facilitator, "question", "Qui décide des horaires ?")
    awa, bruno = as_actor(join("Awa")), as_actor(join("Bruno", "professionnel"))
    questions.upvote(awa, {"id": question.id})
    questions.upvote(awa, {"id": question.id})
    questions.upvote(bruno, {"id": question.id, "on": True})
    questions.upvote(bruno, {"id": question.id, "on": False})
    assert questions.counts(workshop.id) == {question.id: 1}
    refused("forbidden", questions.mark_answered, awa, {"id": question.id})
    assert questions.mark_answered(facilitator, {"id": question.id}).answered_at is not None


def test_pending_questions_cannot_be_supported(workshop, start, join):
    start("insight")  # questions are pre-moderated in the insight step
    awa = as_actor(join("Awa"))
    question, _ = cards.create(awa, {"client_id": "awa-quest1", "kind": "question", "text": "Pourquoi ?"})
    assert question.status == "pending"
    refused("not_found", questions.upvote, as_actor(join("Binta")), {"id": question.id})


# -- speaking --------------------------------------------------------------------------------------------

def test_hands_queue_and_turns(workshop, facilitator, start, join):
    start("tracks")
    bruno, awa = as_actor(join("Bruno", "professionnel")), as_actor(join("Awa"))
    assert speaking.raise_hand(bruno) == {"status": "waiting", "place": 1}
    assert speaking.raise_hand(bruno) == {"status": "waiting", "place": 1}  # raising twice is one hand
    assert speaking.raise_hand(awa) == {"status": "waiting", "place": 2}
    speaking.balance(facilitator)  # people concerned first
    assert speaking.hand_of(workshop.id, awa.participant_id) == {"status": "waiting", "place": 1}
    first = speaking.waiting_order(workshop.id)[0]
    speaking.start_turn(facilitator, {"id": first.id})
    assert speaking.hand_of(workshop.id, awa.participant_id)["status"] == "speaking"
    refused("stale", speaking.start_turn, facilitator, {"id": first.id})
    speaking.stop_turn(facilitator)
    share = speaking.share_of_voice(workshop.id)
    assert share["experience"]["turns"] == 1 and share["practice"]["turns"] == 0
    assert speaking.lower_hand(bruno) == {"status": "none", "place": None}
    assert speaking.queue_payload(workshop.id, public=False)["waiting"] == []


def test_balancing_favours_those_who_spoke_least(workshop, facilitator, start, join):
    start("tracks")
    bruno, chloe = as_actor(join("Bruno", "professionnel")), as_actor(join("Chloé", "cadre"))
    speaking.raise_hand(bruno)
    speaking.start_turn(facilitator, {"id": speaking.waiting_order(workshop.id)[0].id})
    speaking.stop_turn(facilitator)
    speaking.raise_hand(bruno)
    speaking.raise_hand(chloe)
    speaking.balance(facilitator)
    assert [r.participant_id for r in speaking.waiting_order(workshop.id)] == [chloe.participant_id,
                                                                               bruno.participant_id]
    speaking.reorder(facilitator, {"order": [r.id for r in reversed(speaking.waiting_order(workshop.id))]})
    assert speaking.waiting_order(workshop.id)[0].participant_id == bruno.participant_id
    refused("stale", speaking.reorder, facilitator, {"order": [{"id": 1}]})


def test_the_board_sees_pseudonyms_in_the_queue_only_with_consent(workshop, start, join):
    start("tracks")
    speaking.raise_hand(as_actor(join("Awa")))  # people concerned are not named by default
    speaking.raise_hand(as_actor(join("Bruno", "professionnel")))
    public = speaking.queue_payload(workshop.id, public=True)["waiting"]
    assert [(e["peer_group"], e["pseudonym"]) for e in public] == [("experience", None), ("practice", "Bruno")]
    assert db.session.scalar(db.select(db.func.count()).select_from(SpeakRequest)) == 2


# -- synthesis -------------------------------------------------------------------------------------------

def test_the_synthesis_is_final_when_every_group_validated_the_same_version(workshop, facilitator, start, join):
    awa, bruno, dan = as_actor(join("Awa")), as_actor(join("Bruno", "professionnel")), as_actor(join("Dan", "chercheur"))
    start("perceptions")
    card, _ = cards.create(awa, {"client_id": "awa-synth1", "kind": "perception", "text": "Attente"})
    start("synthesis")
    first = synthesis.draft(facilitator, {"text": "Version 1", "source_card_ids": [card.id]})
    synthesis.decide(awa, {"version": 1, "decision": "validated"})
    refused("invalid", synthesis.decide, bruno, {"version": 1, "decision": "changes"})  # a comment is needed
    synthesis.decide(bruno, {"version": 1, "decision": "changes", "comment": "Ajouter les horaires"})
    assert synthesis.final_version(workshop.id) is None
    synthesis.draft(facilitator, {"text": "Version 2 avec les horaires"})
    refused("stale", synthesis.decide, dan, {"version": first.version, "decision": "validated"})
    for person in (awa, bruno):
        synthesis.decide(person, {"version": 2, "decision": "validated"})
    assert synthesis.final_version(workshop.id) is None  # research has not decided yet
    synthesis.decide(as_link(workshop, "referent", "research"), {"version": 2, "decision": "validated"})
    assert synthesis.final_version(workshop.id).version == 2
    log = synthesis.payload(workshop.id)["log"]
    assert [(e["version"], e["peer_group"], e["decision"]) for e in log] == [
        (1, "experience", "validated"), (1, "practice", "changes"), (2, "experience", "validated"),
        (2, "practice", "validated"), (2, "research", "validated")]
    assert "Awa" not in str(log)
    refused("not_allowed_now", cards.edit, awa, {"id": card.id, "text": "Trop tard"})
    refused("not_allowed_now", synthesis.draft, facilitator, {"text": "Version 3"})


def test_only_groups_present_must_validate(workshop, facilitator, start, join):
    awa = as_actor(join("Awa"))
    start("synthesis")
    synthesis.draft(facilitator, {"text": "Seul le groupe présent valide"})
    synthesis.decide(awa, {"version": 1, "decision": "validated"})
    assert synthesis.final_version(workshop.id).version == 1


def test_decisions_need_the_synthesis_step(workshop, facilitator, start, join):
    awa = as_actor(join("Awa"))
    start("tracks")
    synthesis.draft(facilitator, {"text": "Brouillon"})
    refused("not_allowed_now", synthesis.decide, awa, {"version": 1, "decision": "validated"})
    refused("forbidden", synthesis.draft, awa, {"text": "Ma version"})


# -- evaluation ------------------------------------------------------------------------------------------

def test_the_evaluation_is_anonymous_once_and_per_group(workshop, facilitator, start, join):
    start("evaluation")
    scale, second, third, text = evaluation.questions(workshop.id)
    awa, ali, bruno = as_actor(join("Awa")), as_actor(join("Ali")), as_actor(join("Bruno", "professionnel"))
    evaluation.submit(awa, {"answers": {str(scale.id): 5, str(text.id): "Merci"}})
    evaluation.submit(ali, {"answers": {str(scale.id): 3}})
    evaluation.submit(bruno, {"answers": {str(scale.id): 4, str(second.id): None}})
    refused("conflict", evaluation.submit, awa, {"answers": {str(scale.id): 1}})
    results = evaluation.results(workshop.id)
    assert results["submissions"] == "<5"  # counts as exports print them
    first = results["questions"][0]["groups"]
    # two or one answer(s) could be told to be someone's: the "<5" rule withholds them (issue 12)
    assert first["experience"] == {"count": "<5", "withheld": True, "distribution": None, "mean": None}
    assert first["practice"]["mean"] is None and first["research"] == {
        "count": "0", "withheld": False, "distribution": [0, 0, 0, 0, 0], "mean": None}
    assert results["questions"][3]["groups"]["experience"] == {"count": "<5", "withheld": True, "texts": []}
    for name in ("Céline", "Dora", "Emma"):
        evaluation.submit(as_actor(join(name)), {"answers": {str(scale.id): 4}})
    first = evaluation.results(workshop.id)["questions"][0]["groups"]
    assert first["experience"] == {"count": "5", "withheld": False, "distribution": [0, 0, 1, 3, 1], "mean": 4.0}
    assert "participant_id" not in EvaluationAnswer.__table__.columns


@pytest.mark.parametrize("answers", [{"999": 3}, {"QID": 0}, {"QID": 6}, {"QID": "5"}, {"QID": True}, [], "5"])
def test_bad_evaluation_answers_are_refused(workshop, start, join, answers):
    start("evaluation")
    question = evaluation.questions(workshop.id)[0]
    if isinstance(answers, dict):
        answers = {k.replace("QID", str(question.id)): v for k, v in answers.items()}
    refused("invalid", evaluation.submit, as_actor(join("Awa")), {"answers": answers})
    assert evaluation.results(workshop.id)["submissions"] == "0"


def test_the_questionnaire_is_configurable_until_the_first_answer(workshop, facilitator, start, join):
    evaluation.configure(facilitator, {"questions": [{"kind": "scale", "text": "Utile ?", "text_easy": "Utile ?"},
                                                     {"kind": "text", "text": "Un mot ?"}]})
    assert [q.text for q in evaluation.questions(workshop.id)] == ["Utile ?", "Un mot ?"]
    start("evaluation")
    evaluation.submit(as_actor(join("Awa")), {"answers": {str(evaluation.questions(workshop.id)[0].id): 4}})
    refused("conflict", evaluation.configure, facilitator, {"questions": [{"kind": "scale", "text": "Autre ?"}]})
    refused("invalid", evaluation.configure, facilitator, {"questions": []})
