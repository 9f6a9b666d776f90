import pytest

from clts_forum.extensions import db
from clts_forum.models import AuditEntry
from clts_forum.services import ServiceError, steps
from helpers import as_actor


def test_the_facilitator_starts_and_moves_through_the_steps(workshop, facilitator):
    first, second = workshop.steps[0], workshop.steps[1]
    steps.goto(facilitator, step_id=first.id, from_step_id=None)
    assert workshop.current_step_id == first.id and workshop.status == "running"
    assert first.started_at is not None
    steps.goto(facilitator, step_id=second.id, from_step_id=first.id)
    steps.goto(facilitator, step_id=first.id, from_step_id=second.id)  # going back is allowed
    assert workshop.current_step_id == first.id
    actions = db.session.scalars(db.select(AuditEntry.data).filter_by(action="step.goto")).all()
    assert actions == [{"from": None, "to": first.id}, {"from": first.id, "to": second.id},
                       {"from": second.id, "to": first.id}]


def test_a_double_click_does_not_skip_a_step(workshop, facilitator):
    first, second, third = workshop.steps[:3]
    steps.goto(facilitator, step_id=first.id, from_step_id=None)
    steps.goto(facilitator, step_id=second.id, from_step_id=first.id)
    with pytest.raises(ServiceError) as refusal:
        steps.goto(facilitator, step_id=third.id, from_step_id=first.id)  # the second click, stale
    assert refusal.value.code == "stale"
    assert workshop.current_step_id == second.id


def test_only_staff_move_the_room(workshop, join):
    with pytest.raises(ServiceError) as refusal:
        steps.goto(as_actor(join("Awa")), step_id=workshop.steps[0].id, from_step_id=None)
    assert refusal.value.code == "forbidden"
    assert workshop.current_step_id is None


@pytest.mark.parametrize("step_id", [None, "1", 0, -3, 10**9, True, 1.5])
def test_unknown_or_malformed_steps_are_refused(workshop, facilitator, step_id):
    with pytest.raises(ServiceError) as refusal:
        steps.goto(facilitator, step_id=step_id, from_step_id=None)
    assert refusal.value.code in {"invalid", "not_found"}


def test_a_step_of_another_workshop_is_not_found(app, workshop, facilitator):
    from clts_forum.services import workshops

    other = workshops.create_workshop(title="Autre")
    with pytest.raises(ServiceError) as refusal:
        steps.goto(facilitator, step_id=other.steps[0].id, from_step_id=None)
    assert refusal.value.code == "not_found"
