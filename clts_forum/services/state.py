"""The `workshop.state` snapshot: everything an identity may see, to rebuild a page after any (re)connect."""
from __future__ import annotations

from ..actors import BOARD, PARTICIPANT, Actor
from ..extensions import db
from ..models import Participant, utcnow
from . import (evaluation, glossary, positions, questions, recap, releases, retention, room, speaking, synthesis, themes,
               undo)
from .visibility import card_for, visible_cards
from .workshops import composition, get, participant_payload, step_payload, workshop_payload


def me_payload(actor: Actor) -> dict:
    me = {"role": actor.role, "peer_group": actor.peer_group}
    if actor.participant_id is not None:
        participant = db.session.get(Participant, actor.participant_id)
        me |= {"participant_id": participant.id, "pseudonym": participant.pseudonym,
               "category": participant.category, "quote_by_default": participant.quote_by_default}
    return me


def snapshot(actor: Actor) -> dict:
    workshop = get(actor.workshop_id)
    state = {
        "workshop": workshop_payload(workshop),
        "steps": [step_payload(step) for step in workshop.steps],
        "me": me_payload(actor),
        "cards": [card_for(actor, card) for card in db.session.scalars(visible_cards(actor))],
        "composition": composition(workshop.id),
        "positions": positions.aggregates(workshop.id),
        "upvotes": questions.counts(workshop.id),
        "releases": releases.visible_to(actor),
        "synthesis": synthesis.payload(workshop.id),
        "evaluation": {"questions": evaluation.questions_payload(workshop.id)},
        "themes": themes.payload(workshop.id),
        "glossary": glossary.entries(workshop),
        "server_time": utcnow().isoformat(timespec="seconds") + "Z",
    }
    if actor.role == PARTICIPANT:
        state["mine"] = {"positions": positions.mine(actor.participant_id),
                         "upvotes": questions.mine(actor.participant_id),
                         "hand": speaking.hand_of(workshop.id, actor.participant_id),
                         "evaluated": evaluation.has_answered(workshop.id, actor.participant_id)}
        state["recap"] = recap.for_phone(workshop)
    if actor.is_staff or actor.role == BOARD:
        state["queue"] = speaking.queue_payload(workshop.id, public=actor.role == BOARD)
    if actor.is_staff:
        state["evaluation"]["results"] = evaluation.results(workshop.id)
        state["pause_requests"] = room.pause_requests(workshop.id)
        state["audit"] = undo.log_payload(workshop.id)
        state["workshop"]["close_summary"] = retention.close_summary(workshop.id)
    if actor.is_staff or actor.moderates_group:
        query = db.select(Participant).filter_by(workshop_id=workshop.id, purged_at=None, removed_at=None)
        if actor.moderates_group:
            query = query.filter_by(peer_group=actor.moderates_group)
        state["participants"] = [participant_payload(p) for p in db.session.scalars(query.order_by(Participant.id))]
    return state
