"""The Socket.IO namespace: authenticate on connect, then authorise each event and delegate.

Events are `noun.verb`; each handler returns the ack `{"ok": true, ...}`, and a refusal becomes
`{"ok": false, "error": {"code", "message"}}` (docs/protocol.md). Rules live in services.
"""
from __future__ import annotations

import logging
from functools import wraps
from typing import Any, Callable, Optional

from flask import current_app, request
from flask_babel import gettext as _
from flask_socketio import Namespace, join_room, leave_room

from .actors import (BOARD, FACILITATOR, PARTICIPANT, REFERENT, Actor, actor_for_token, participant_actor,
                     revoked)
from .drain import Drain
from .extensions import db, socketio
from .services import (ServiceError, audit, cards, evaluation, glossary, moderation, participants, positions,
                       questions, releases, retention, room, rooms, running, speaking, state, steps, synthesis,
                       themes, undo, workshops)
from .services.ratelimit import LiveRateLimiter
from .services.rooms import rooms_for
from .services.visibility import card_for

log = logging.getLogger(__name__)

VISITOR = "visitor"  # connected with a join code: may only join
MEMBERS = (PARTICIPANT, REFERENT, FACILITATOR, BOARD)
# What a closed workshop still answers: every other event changes something and gets `closed`.
READ_ONLY_EVENTS = frozenset({"workshop.state"})


def _error(code: str, message: object) -> dict:
    return ServiceError(code, message).as_ack()


def handles(*roles: str) -> Callable:
    """Authorise an event for `roles` (none: any authenticated member) and turn errors into acks."""

    def decorate(method: Callable) -> Callable:
        event = method.__name__.removeprefix("on_").replace("_", ".", 1)  # on_card_create -> card.create

        @wraps(method)
        def handler(self: "LiveNamespace", data: Any = None, *_ignored: Any) -> dict:
            actor = self.actors.get(request.sid)
            if actor is None or revoked(actor):
                return _error("unauthorized", _("Connexion non identifiée. Rechargez la page."))
            if actor.role not in (roles or MEMBERS):
                return _error("forbidden", _("Cette action ne vous est pas permise."))
            rooms.hold_pushes()
            try:
                self.spend_rate(actor, event)
                self.check_workshop(actor, event)
                ack = {"ok": True} | (method(self, actor, data) or {})
                for workshop_id in audit.take_audited_workshops():  # the console's log follows every action
                    rooms.emit("audit.changed", undo.log_payload(workshop_id), rooms.staff_room(workshop_id))
                return ack
            except ServiceError as refusal:
                db.session.rollback()
                audit.take_audited_workshops()
                return refusal.as_ack()
            except Exception:  # never drop the connection over one bad event
                db.session.rollback()
                audit.take_audited_workshops()
                log.exception("event %s failed", request.event.get("message") if request.event else "?")
                return _error("internal", _("Une erreur est survenue. Réessayez."))
            finally:
                rooms.release_pushes()

        handler.roles = roles
        handler.event = event
        return handler

    return decorate


def client_address() -> str:
    """The address this connection came from: behind `TRUSTED_PROXIES`, the one the proxy saw.

    Socket.IO requests reach the app before werkzeug's ProxyFix, so the forwarded header is read here.
    """
    hops = current_app.config["TRUSTED_PROXIES"]
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.remote_addr or "unknown"


class LiveNamespace(Namespace):
    def __init__(self, namespace: str = "/", rate_limiter: Optional[LiveRateLimiter] = None):
        super().__init__(namespace)
        self.actors: dict[str, Actor] = {}
        self.drain = Drain()  # graceful shutdown (clts_forum/server.py)
        self.rate_limiter = rate_limiter

    def spend_rate(self, actor: Actor, event: str) -> None:
        """Count this event against its actor (a person or a role link, not an address)."""
        if self.rate_limiter is None:
            return
        key = (f"p{actor.participant_id}" if actor.participant_id else
               f"l{actor.link_id}" if actor.link_id else f"s{request.sid}")
        self.rate_limiter.check(key, event)

    @staticmethod
    def check_workshop(actor: Actor, event: str) -> None:
        """A purged identity no longer acts nor reads (a socket opened before the purge, on any worker);
        a closed workshop only answers read-only events (services/retention.py)."""
        workshop = running.workshop(actor.workshop_id)
        if actor.participant_id is not None and workshop.identities_purged_at is not None:
            raise ServiceError("unauthorized", _("Connexion non identifiée. Rechargez la page."))
        if event not in READ_ONLY_EVENTS:
            retention.require_open(workshop)

    # -- connection ---------------------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        actor = self._authenticate(auth)
        if actor is None:
            raise ConnectionRefusedError({"code": "unauthorized",
                                          "message": _("Lien ou code invalide. Demandez un nouveau lien.")})
        self._become(actor)
        if auth.get("batch") is False:  # a client that takes each push alone (docs/protocol.md, "Batches")
            socketio.server.manager.prefer_single_pushes(request.sid)

    def on_disconnect(self, reason: Any = None) -> None:
        self.actors.pop(request.sid, None)

    def _authenticate(self, auth: Any) -> Optional[Actor]:
        if not isinstance(auth, dict):
            return None
        if "token" in auth:
            return actor_for_token(auth["token"])
        workshop = workshops.by_code(auth.get("join_code")) if isinstance(auth.get("join_code"), str) else None
        return Actor(role=VISITOR, workshop_id=workshop.id) if workshop else None

    def _become(self, actor: Actor) -> None:
        previous = self.actors.get(request.sid)
        if previous is not None:
            for room in rooms_for(previous):
                leave_room(room)
        self.actors[request.sid] = actor
        if actor.role != VISITOR:
            for room in rooms_for(actor):
                join_room(room)

    def trigger_event(self, event: str, *args: Any) -> Any:
        """Count the event in flight (or refuse it while shutting down), then handle it."""
        if event == "disconnect":
            return self._route(event, *args)
        with self.drain.event() as admitted:
            if not admitted:
                if event == "connect":
                    return False
                return _error("unavailable", _("Le serveur redémarre. Réessayez dans un instant."))
            return self._route(event, *args)

    def _route(self, event: str, *args: Any) -> Any:
        """Route `noun.verb` to `on_noun_verb`; an unknown event gets an error ack, not silence."""
        if event in ("connect", "disconnect"):
            return super().trigger_event(event, *args)
        method = "on_" + event.replace(".", "_") if isinstance(event, str) and "." in event else None
        if method is None or not hasattr(getattr(self, method, None), "roles"):
            return {"ok": False, "error": {"code": "unknown_event", "message": f"Unknown event: {event!r}"[:200]}}
        return super().trigger_event(event.replace(".", "_"), *args)

    # -- events -------------------------------------------------------------------------------

    @handles(VISITOR)
    def on_participant_join(self, actor: Actor, data: Any) -> dict:
        if not isinstance(data, dict):
            raise ServiceError("invalid", _("La demande est mal formée."))
        address = client_address()
        if self.rate_limiter is not None:
            self.rate_limiter.spend_join(f"s{request.sid}", address)
        try:
            participant = participants.join(workshops.get(actor.workshop_id), **{
                key: data.get(key) for key in ("pseudonym", "category", "followed_here", "quote_by_default")})
        except ServiceError:
            if self.rate_limiter is not None:
                self.rate_limiter.refund_join(address)
            raise
        self._become(participant_actor(participant))
        return {"token": participant.token, "participant_id": participant.id}

    @handles(FACILITATOR)
    def on_participant_remove(self, actor: Actor, data: Any) -> dict:
        return {"participant_id": participants.remove(actor, data).id}

    @handles()
    def on_workshop_state(self, actor: Actor, data: Any) -> dict:
        return {"state": state.snapshot(actor)}

    @handles(FACILITATOR)
    def on_workshop_close(self, actor: Actor, data: Any) -> dict:
        retention.close(actor, workshops.get(actor.workshop_id))
        return {}

    @handles(PARTICIPANT, FACILITATOR)
    def on_card_create(self, actor: Actor, data: Any) -> dict:
        card, replayed = cards.create(actor, data)
        return {"card": card_for(actor, card), "replayed": replayed}

    @handles(PARTICIPANT)
    def on_card_edit(self, actor: Actor, data: Any) -> dict:
        return {"card": card_for(actor, cards.edit(actor, data))}

    @handles(PARTICIPANT)
    def on_card_withdraw(self, actor: Actor, data: Any) -> dict:
        return {"card": card_for(actor, cards.withdraw(actor, data))}

    @handles(FACILITATOR)
    def on_step_goto(self, actor: Actor, data: Any) -> dict:
        data = data if isinstance(data, dict) else {}
        step = steps.goto(actor, step_id=data.get("step_id"), from_step_id=data.get("from_step_id"))
        return {"current_step_id": step.id}

    @handles(FACILITATOR)
    def on_step_update(self, actor: Actor, data: Any) -> dict:
        return {"step_id": steps.update(actor, data).id}

    @handles(FACILITATOR)
    def on_step_add(self, actor: Actor, data: Any) -> dict:
        return {"step_id": steps.add(actor, data).id}

    @handles(FACILITATOR)
    def on_step_remove(self, actor: Actor, data: Any) -> dict:
        steps.remove(actor, data)
        return {}

    @handles(FACILITATOR)
    def on_step_reorder(self, actor: Actor, data: Any) -> dict:
        steps.reorder(actor, data)
        return {}

    @handles(PARTICIPANT)
    def on_position_set(self, actor: Actor, data: Any) -> dict:
        return {"value": positions.take(actor, data)}

    @handles(PARTICIPANT)
    def on_card_upvote(self, actor: Actor, data: Any) -> dict:
        return {"on": questions.upvote(actor, data)}

    @handles(FACILITATOR)
    def on_question_answer(self, actor: Actor, data: Any) -> dict:
        return {"card": card_for(actor, questions.mark_answered(actor, data))}

    @handles(PARTICIPANT)
    def on_release_propose(self, actor: Actor, data: Any) -> dict:
        return {"release": releases.payload(releases.propose(actor, data))}

    @handles(REFERENT, FACILITATOR)
    def on_release_confirm(self, actor: Actor, data: Any) -> dict:
        return {"release": releases.payload(releases.confirm(actor, data))}

    @handles(PARTICIPANT, REFERENT, FACILITATOR)
    def on_release_cancel(self, actor: Actor, data: Any) -> dict:
        return {"release": releases.payload(releases.cancel(actor, data))}

    @handles(PARTICIPANT)
    def on_hand_raise(self, actor: Actor, data: Any) -> dict:
        return {"hand": speaking.raise_hand(actor)}

    @handles(PARTICIPANT)
    def on_hand_lower(self, actor: Actor, data: Any) -> dict:
        return {"hand": speaking.lower_hand(actor)}

    @handles(FACILITATOR)
    def on_turn_start(self, actor: Actor, data: Any) -> dict:
        speaking.start_turn(actor, data)
        return {}

    @handles(FACILITATOR)
    def on_turn_stop(self, actor: Actor, data: Any) -> dict:
        speaking.stop_turn(actor)
        return {}

    @handles(FACILITATOR)
    def on_queue_balance(self, actor: Actor, data: Any) -> dict:
        speaking.balance(actor)
        return {}

    @handles(FACILITATOR)
    def on_queue_reorder(self, actor: Actor, data: Any) -> dict:
        speaking.reorder(actor, data)
        return {}

    @handles(FACILITATOR)
    def on_synthesis_draft(self, actor: Actor, data: Any) -> dict:
        return {"version": synthesis.draft(actor, data).version}

    @handles(PARTICIPANT, REFERENT)
    def on_synthesis_decide(self, actor: Actor, data: Any) -> dict:
        return {"decision": synthesis.decide(actor, data).decision}

    @handles(FACILITATOR)
    def on_synthesis_reopen(self, actor: Actor, data: Any) -> dict:
        return {"version": synthesis.reopen(actor, data).version}

    @handles(FACILITATOR)
    def on_evaluation_configure(self, actor: Actor, data: Any) -> dict:
        evaluation.configure(actor, data)
        return {"questions": evaluation.questions_payload(actor.workshop_id)}

    @handles(PARTICIPANT)
    def on_evaluation_submit(self, actor: Actor, data: Any) -> dict:
        evaluation.submit(actor, data)
        return {}

    # -- moderation, themes and steering the room (issue 4) ------------------------------------------

    @handles(REFERENT, FACILITATOR)
    def on_card_moderate(self, actor: Actor, data: Any) -> dict:
        return {"card": card_for(actor, moderation.moderate(actor, data))}

    @handles(REFERENT, FACILITATOR)
    def on_card_reword(self, actor: Actor, data: Any) -> dict:
        return {"reword_id": moderation.propose_reword(actor, data).id}

    @handles(PARTICIPANT)
    def on_reword_answer(self, actor: Actor, data: Any) -> dict:
        return {"card": card_for(actor, moderation.answer_reword(actor, data))}

    @handles(FACILITATOR)
    def on_card_merge(self, actor: Actor, data: Any) -> dict:
        return {"card": card_for(actor, moderation.merge(actor, data))}

    @handles(REFERENT)
    def on_card_scribe(self, actor: Actor, data: Any) -> dict:
        card, replayed = cards.scribe(actor, data)
        return {"card": card_for(actor, card), "replayed": replayed}

    @handles(FACILITATOR)
    def on_theme_create(self, actor: Actor, data: Any) -> dict:
        return {"theme_id": themes.create(actor, data).id}

    @handles(FACILITATOR)
    def on_theme_rename(self, actor: Actor, data: Any) -> dict:
        themes.rename(actor, data)
        return {}

    @handles(FACILITATOR)
    def on_theme_assign(self, actor: Actor, data: Any) -> dict:
        return {"count": len(themes.assign(actor, data))}

    @handles(FACILITATOR)
    def on_theme_merge(self, actor: Actor, data: Any) -> dict:
        return {"theme_id": themes.merge(actor, data).id}

    @handles(FACILITATOR)
    def on_workshop_pause(self, actor: Actor, data: Any) -> dict:
        return {"paused": room.set_paused(actor, data)}

    @handles(PARTICIPANT)
    def on_pause_request(self, actor: Actor, data: Any) -> dict:
        room.request_pause(actor)
        return {}

    @handles(FACILITATOR)
    def on_pause_seen(self, actor: Actor, data: Any) -> dict:
        room.pause_requests_seen(actor)
        return {}

    @handles(FACILITATOR)
    def on_step_lock(self, actor: Actor, data: Any) -> dict:
        return {"locked": room.set_locked(actor, data).locked}

    @handles(FACILITATOR)
    def on_timer_set(self, actor: Actor, data: Any) -> dict:
        return {"timer": room.timer(actor, data)}

    @handles(FACILITATOR)
    def on_spotlight_set(self, actor: Actor, data: Any) -> dict:
        return {"card_id": room.spotlight(actor, data)}

    @handles(FACILITATOR)
    def on_board_layout(self, actor: Actor, data: Any) -> dict:
        return {"layout": room.layout(actor, data)}

    @handles(FACILITATOR)
    def on_audit_undo(self, actor: Actor, data: Any) -> dict:
        return {"undone": audit.payload(undo.undo_last(actor))}

    @handles(FACILITATOR)
    def on_glossary_update(self, actor: Actor, data: Any) -> dict:
        return {"entries": glossary.update(actor, data)}
