import pytest

from clts_forum.extensions import db
from clts_forum.models import Card
from clts_forum.services import ServiceError, cards
from clts_forum.services.visibility import visible_cards
from helpers import as_actor


def post(participant, text="Une idée", kind="perception", client_id=None, **extra):
    data = {"client_id": client_id or f"cid-{participant.id}-{abs(hash(text)) % 10**8}", "kind": kind,
            "text": text, **extra}
    return cards.create(as_actor(participant), data)


def count_cards() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Card))


def test_a_person_concerned_posts_a_perception(workshop, join, start):
    step = start("perceptions")
    awa = join("Awa")
    card, replayed = post(awa, "On attend trop longtemps au guichet.")
    assert not replayed
    assert (card.kind, card.status, card.peer_group, card.step_id) == ("perception", "published", "experience", step.id)
    assert card.text == "On attend trop longtemps au guichet."
    assert card.consent_quote is False  # people concerned are not quoted unless they say so


def test_a_retried_post_is_stored_once(workshop, join, start):
    start("perceptions")
    awa = join("Awa")
    first, _ = post(awa, client_id="same-client-id")
    again, replayed = post(awa, client_id="same-client-id")
    assert replayed and again.id == first.id
    assert count_cards() == 1


def test_a_post_retried_after_the_room_moved_on_still_gets_its_card_back(workshop, join, start):
    """A phone that lost its ack resends once back online, maybe after the step changed."""
    start("perceptions")
    awa = join("Awa")
    first, _ = post(awa, client_id="sent-before-the-step-changed")
    start("tracks")  # perceptions are closed here
    again, replayed = post(awa, client_id="sent-before-the-step-changed")
    assert replayed and again.id == first.id
    with pytest.raises(ServiceError) as refusal:
        post(awa, client_id="a-new-perception-now")
    assert refusal.value.code == "not_allowed_now"
    assert count_cards() == 1


def test_characters_that_cannot_be_stored_or_exported_are_left_out(workshop, join, start):
    start("perceptions")
    card, _ = post(join("Awa"), "Un accueil\ud800 digne\uffff")  # a lone surrogate, a noncharacter
    db.session.expire_all()
    assert db.session.get(Card, card.id).text == "Un accueil digne"


def test_someone_else_cannot_reuse_a_client_id(workshop, join, start):
    start("perceptions")
    post(join("Awa"), client_id="shared-client-id")
    with pytest.raises(ServiceError) as refusal:
        post(join("Binta"), client_id="shared-client-id")
    assert refusal.value.code == "conflict"


def test_the_perceptions_step_of_the_festival_belongs_to_the_people_concerned(workshop, join, start):
    start("perceptions")
    with pytest.raises(ServiceError) as refusal:
        post(join("Bruno", "professionnel"))
    assert refusal.value.code == "not_allowed_now"
    assert count_cards() == 0


def test_nothing_can_be_posted_before_the_start_or_in_the_wrong_kind(workshop, join, start):
    awa = join("Awa")
    with pytest.raises(ServiceError) as before:
        post(awa)
    assert before.value.code == "not_allowed_now"
    start("welcome")
    with pytest.raises(ServiceError) as welcome:
        post(awa)
    assert welcome.value.code == "not_allowed_now"
    start("perceptions")
    with pytest.raises(ServiceError) as wrong_kind:
        post(awa, kind="track")
    assert wrong_kind.value.code == "not_allowed_now"
    assert count_cards() == 0


@pytest.mark.parametrize("data", [
    {"text": ""}, {"text": " \n\t "}, {"text": "x" * 1001}, {"text": 12}, {"text": None}, {"text": ["a"]},
    {"kind": "poem"}, {"kind": None}, {"client_id": ""}, {"client_id": "short"}, {"client_id": "bad id!"},
    {"client_id": 12345678}, {"consent_quote": "yes"}, {"links": [1]},
])
def test_bad_cards_are_refused_and_nothing_is_stored(workshop, join, start, data):
    start("perceptions")
    payload = {"client_id": "client-0001", "kind": "perception", "text": "Une idée"} | data
    with pytest.raises(ServiceError) as refusal:
        cards.create(as_actor(join("Awa")), payload)
    assert refusal.value.code == "invalid"
    assert count_cards() == 0


def test_non_dict_payloads_are_refused(workshop, join, start):
    start("perceptions")
    awa = join("Awa")
    for payload in (None, "text", 3, ["a"]):
        with pytest.raises(ServiceError):
            cards.create(as_actor(awa), payload)


def test_the_limit_is_exactly_1000_characters(workshop, join, start):
    start("perceptions")
    card, _ = post(join("Awa"), "é" * 1000)
    assert len(card.text) == 1000


def test_pre_moderation_keeps_cards_pending(workshop, join, start):
    workshop.moderation = "pre"
    db.session.commit()
    start("perceptions")
    card, _ = post(join("Awa"))
    assert card.status == "pending"


def test_tracks_link_to_visible_perceptions(workshop, join, start):
    start("perceptions")
    awa = join("Awa")
    perception, _ = post(awa, "Le guichet ferme tôt.")
    start("tracks")
    bruno = join("Bruno", "professionnel")
    track, _ = post(bruno, "Ouvrir le jeudi soir.", kind="track", links=[perception.id])
    assert [c.id for c in track.links] == [perception.id]
    with pytest.raises(ServiceError):
        post(bruno, "Autre piste", kind="track", links=[track.id])  # a track is not a perception


def test_authors_edit_and_withdraw_their_own_cards_only(workshop, join, start):
    start("perceptions")
    awa, binta = join("Awa"), join("Binta")
    card, _ = post(awa, "Première version")
    edited = cards.edit(as_actor(awa), {"id": card.id, "text": "Deuxième version"})
    assert edited.text == "Deuxième version"
    with pytest.raises(ServiceError) as refusal:
        cards.edit(as_actor(binta), {"id": card.id, "text": "Piraté"})
    assert refusal.value.code == "forbidden"
    with pytest.raises(ServiceError):
        cards.withdraw(as_actor(binta), {"id": card.id})
    assert cards.withdraw(as_actor(awa), {"id": card.id}).status == "withdrawn"
    with pytest.raises(ServiceError) as gone:
        cards.edit(as_actor(awa), {"id": card.id, "text": "Trop tard"})
    assert gone.value.code == "not_found"


def test_editing_under_pre_moderation_asks_for_approval_again(workshop, join, start):
    start("perceptions")
    awa = join("Awa")
    card, _ = post(awa)
    workshop.moderation = "pre"
    db.session.commit()
    assert cards.edit(as_actor(awa), {"id": card.id, "text": "Autrement dit"}).status == "pending"


def test_withdrawn_and_pending_cards_stay_out_of_other_peoples_view(workshop, join, start, facilitator):
    start("perceptions")
    awa, binta = join("Awa"), join("Binta")
    kept, _ = post(awa, "Gardée")
    gone, _ = post(awa, "Retirée")
    cards.withdraw(as_actor(awa), {"id": gone.id})
    workshop.moderation = "pre"
    db.session.commit()
    pending, _ = post(awa, "En attente")

    def seen_by(actor):
        return {c.id for c in db.session.scalars(visible_cards(actor))}

    assert seen_by(as_actor(binta)) == {kept.id}
    assert seen_by(as_actor(awa)) == {kept.id, pending.id}
    assert seen_by(facilitator) == {kept.id, pending.id}
