import pytest

from clts_forum.extensions import db
from clts_forum.models import Participant
from clts_forum.services import ServiceError, participants, workshops
from clts_forum.vocabulary import CATEGORIES, DEFAULT_CATEGORY_GROUPS


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_each_category_maps_to_its_peer_group(join, category):
    participant = join(f"P-{category}", category)
    assert participant.peer_group == DEFAULT_CATEGORY_GROUPS[category]


def test_people_concerned_are_not_quoted_by_default_others_are(join):
    assert join("Awa", "personne_accompagnee").quote_by_default is False
    assert join("Bruno", "professionnel").quote_by_default is True
    assert join("Célia", "personne_accompagnee", quote_by_default=True).quote_by_default is True


def test_the_same_pseudonym_cannot_be_taken_twice_whatever_the_case(join):
    join("Marie")
    with pytest.raises(ServiceError) as refusal:
        join("  marie ")
    assert refusal.value.code == "pseudonym_taken"
    assert "marie" in refusal.value.message.lower()


def test_identity_is_minimal_and_tokens_are_secret(join):
    participant = join("Awa")
    columns = set(Participant.__table__.columns.keys())
    assert not columns & {"email", "phone", "last_name", "address"}
    assert len(participant.token) >= 32
    assert participants.by_token(participant.token).id == participant.id
    assert participants.by_token("x" * 32) is None


@pytest.mark.parametrize("data, code", [
    ({"pseudonym": "", "category": "professionnel"}, "invalid"),
    ({"pseudonym": "   ", "category": "professionnel"}, "invalid"),
    ({"pseudonym": "x" * 41, "category": "professionnel"}, "invalid"),
    ({"pseudonym": ["Marie"], "category": "professionnel"}, "invalid"),
    ({"pseudonym": "Marie", "category": "directeur"}, "invalid"),
    ({"pseudonym": "Marie", "category": None}, "invalid"),
    ({"pseudonym": "Marie", "category": "cadre", "followed_here": "maybe"}, "invalid"),
])
def test_bad_join_data_is_refused(workshop, data, code):
    with pytest.raises(ServiceError) as refusal:
        participants.join(workshop, **data)
    assert refusal.value.code == code
    assert db.session.scalar(db.select(db.func.count()).select_from(Participant)) == 0


def test_pseudonym_is_one_clean_line(join):
    assert join("  Jean\n\tPierre\x00 ").pseudonym == "Jean Pierre"


def test_a_closed_workshop_takes_no_one(workshop, join):
    workshop.status = "closed"
    db.session.commit()
    with pytest.raises(ServiceError) as refusal:
        join("Late")
    assert refusal.value.code == "closed"


def test_dependency_answer_is_only_in_the_staff_payload(join):
    participant = join("Awa", followed_here="yes")
    assert workshops.participant_payload(participant)["followed_here"] == "yes"
