"""One home for each access rule in a live workshop (issue 17): `access.load` and `access.require_staff`.

The cross-workshop cases of every event are in test_authorization_matrix.py; this file checks the
two helpers themselves and that no service writes either rule by hand again.
"""
import re
from pathlib import Path

import pytest

from clts_forum.models import Card, Step
from clts_forum.services import ServiceError, access, cards, workshops
from helpers import as_actor

SOURCE = Path(__file__).resolve().parent.parent / "clts_forum"


def refused(code, call, *args, **kwargs):
    with pytest.raises(ServiceError) as refusal:
        call(*args, **kwargs)
    assert refusal.value.code == code, refusal.value.message
    return refusal.value


def test_load_finds_an_item_only_within_the_workshop(workshop, facilitator, join, start):
    start("perceptions")
    other = workshops.create_workshop(title="Atelier B")
    own_step, foreign_step = workshop.steps[0], other.steps[0]
    assert access.load(Step, own_step.id, facilitator) is own_step
    assert access.load(Step, own_step.id, workshop) is own_step
    assert access.load(Step, own_step.id, workshop.id) is own_step
    missing = refused("not_found", access.load, Step, 10**6, facilitator, message="Étape introuvable.")
    foreign = refused("not_found", access.load, Step, foreign_step.id, facilitator, message="Étape introuvable.")
    assert (missing.message, missing.status) == (foreign.message, foreign.status) == ("Étape introuvable.", 404)
    for malformed in ("1", 1.0, True, None, -1, 2**63, [1]):
        refused("invalid", access.load, Step, malformed, facilitator)
    card, _ = cards.create(as_actor(join("Awa")), {"client_id": "access-card-1", "kind": "perception", "text": "Une idée"})
    assert access.load(Card, card.id, facilitator, accept=lambda c: c.kind == "perception") is card
    refused("not_found", access.load, Card, card.id, facilitator, accept=lambda c: c.kind == "track")


def test_require_staff_lets_only_the_facilitator_through(workshop, facilitator, join):
    access.require_staff(facilitator)
    refusal = refused("forbidden", access.require_staff, as_actor(join("Awa")), "Seule l'animation fait cela.")
    assert refusal.status == 403 and refusal.message == "Seule l'animation fait cela."


def test_no_service_writes_the_workshop_or_staff_check_by_hand():
    by_hand = re.compile(r"workshop_id\s*!=|!=\s*(actor|workshop)\.(workshop_)?id\b|if not actor\.is_staff:\s*\n\s*raise")
    offenders = [f"{path.relative_to(SOURCE)}:{source[:match.start()].count(chr(10)) + 1}"
                 for path in sorted(SOURCE.rglob("*.py")) if path.name != "access.py"
                 for source in [path.read_text()] for match in by_hand.finditer(source)]
    assert not offenders, f"use access.load / access.require_staff instead: {offenders}"
