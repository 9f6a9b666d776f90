from datetime import date

import pytest

from clts_forum.extensions import db
from clts_forum.models import Workshop
from clts_forum.services import ServiceError, workshops
from clts_forum.services.programmes import TEMPLATES
from clts_forum.services.workshops import JOIN_ALPHABET, JOIN_CODE_LENGTH


def test_festival_template_gives_the_festival_programme(workshop):
    assert [s.kind for s in workshop.steps] == ["welcome", "perceptions", "tracks", "insight", "synthesis",
                                                 "evaluation"]
    assert [s.position for s in workshop.steps] == list(range(6))
    assert all(s.title and s.prompt and s.prompt_easy and s.duration_minutes > 0 for s in workshop.steps)
    assert workshop.current_step_id is None and workshop.status == "draft"


def test_croisement_template_starts_with_sealed_peer_groups(app):
    created = workshops.create_workshop(title="Croisement", template="croisement")
    kinds = [s.kind for s in created.steps]
    assert kinds == ["welcome", "peer_groups", "crossing", "tracks", "insight", "synthesis", "evaluation"]
    assert set(TEMPLATES) == {"festival", "croisement"}


def test_every_role_gets_its_own_secret_link(workshop):
    tokens = [link.token for link in workshop.role_links]
    roles = sorted((link.role, link.peer_group or "") for link in workshop.role_links)
    assert roles == [("board", ""), ("facilitator", ""), ("referent", "experience"), ("referent", "practice"),
                     ("referent", "research")]
    assert len(set(tokens)) == len(tokens)
    assert all(len(token) >= 32 for token in tokens)  # 24 random bytes: 192 bits


def test_join_codes_are_short_unambiguous_and_unique(app):
    codes = {workshops.create_workshop(title=f"W{i}").join_code for i in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == JOIN_CODE_LENGTH and set(code) <= set(JOIN_ALPHABET)


def test_a_code_is_found_however_it_is_typed(workshop):
    code = workshop.join_code
    spaced = f" {code[:3].lower()}-{code[3:]} "
    assert workshops.by_code(spaced).id == workshop.id
    assert workshops.by_code("nope") is None
    assert workshops.by_code("") is None


@pytest.mark.parametrize("field, value", [("title", ""), ("title", "x" * 201), ("title", 42),
                                          ("moderation", "sometimes"), ("template", "unknown")])
def test_bad_workshop_data_is_refused_and_nothing_is_stored(app, field, value):
    data = {"title": "Atelier", field: value}
    with pytest.raises(ServiceError) as refusal:
        workshops.create_workshop(**data)
    assert refusal.value.code == "invalid"
    assert db.session.scalar(db.select(db.func.count()).select_from(Workshop)) == 0


def test_text_is_stored_as_typed(app):
    created = workshops.create_workshop(title="<b>Atelier</b> & co", theme="Théâtre « forum »",
                                        when=date(2026, 12, 3), place="Lyon")
    assert created.title == "<b>Atelier</b> & co"
    assert created.theme == "Théâtre « forum »"


def test_composition_counts_participants_per_group(workshop, join):
    join("Awa", "personne_accompagnee")
    join("Bruno", "professionnel")
    join("Chloé", "cadre")
    join("Dan", "chercheur")
    assert workshops.composition(workshop.id) == {
        "groups": {"experience": 1, "practice": 2, "research": 1}, "total": 4}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_a_workshop_created_in_english_gets_an_english_programme_and_questionnaire(app, template):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        english = workshops.create_workshop(title="English day", template=template)
    french = workshops.create_workshop(title="Journée", template=template, language="fr")
    assert english.language == "en" and french.language == "fr"
    for en, fr in zip(english.steps, french.steps):
        for field in ("title", "prompt", "prompt_easy"):
            assert getattr(en, field) != getattr(fr, field), (template, field, getattr(fr, field))
    assert english.steps[0].title == "Welcome and ground rules"
    for en, fr in zip(english.evaluation_questions, french.evaluation_questions):
        assert en.text != fr.text and en.text_easy != fr.text_easy
    assert english.evaluation_questions[1].text_easy == "Were you able to speak?"
