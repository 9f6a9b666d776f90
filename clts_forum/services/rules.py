"""Step rules as data, and the one place that checks every action against them.

A step's `rules` JSON overrides its kind's defaults (programmes.DEFAULT_RULES):

    {"post": {"kinds": ["track"], "groups": null}, "sealed": false, "positions": true,
     "upvotes": false, "release": false, "validation": false, "evaluation": false,
     "hands": true, "moderation": null}
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import FACILITATOR, PARTICIPANT, REFERENT, Actor
from ..models import Step, Workshop
from ..vocabulary import CARD_KINDS, GROUP_ORDER, MODERATION_MODES
from . import ServiceError
from .programmes import default_rules

FLAGS = ("sealed", "positions", "upvotes", "release", "validation", "evaluation", "hands")


@dataclass(frozen=True)
class StepRules:
    post_kinds: tuple[str, ...]
    post_groups: Optional[tuple[str, ...]]  # None: every group
    sealed: bool  # cards stay in the author's peer-group room until released
    positions: bool  # agree / mixed / disagree on tracks
    upvotes: bool  # support for questions
    release: bool  # a group may bring its sealed work to the plenary
    validation: bool  # groups validate the synthesis
    evaluation: bool  # the questionnaire is open
    hands: bool  # participants may ask to speak
    moderation: Optional[str]  # None: the workshop's mode

    @classmethod
    def of(cls, step: Step) -> "StepRules":
        """A running step (services/running.py) carries its rules parsed once; a stored step is parsed here."""
        parsed = getattr(step, "parsed_rules", None)
        return parsed if parsed is not None else cls.parse(step.kind, step.rules)

    @classmethod
    def parse(cls, kind: str, overrides: Optional[dict]) -> "StepRules":
        rules = default_rules(kind)
        rules.update(overrides or {})
        post = rules.get("post") or {}
        groups = post.get("groups")
        return cls(
            post_kinds=tuple(k for k in post.get("kinds") or [] if k in CARD_KINDS),
            post_groups=None if groups is None else tuple(g for g in groups if g in GROUP_ORDER),
            moderation=rules.get("moderation") if rules.get("moderation") in MODERATION_MODES else None,
            **{flag: bool(rules.get(flag)) for flag in FLAGS},
        )

    def as_data(self) -> dict[str, Any]:
        """The stored form, as the step editor sends it back."""
        data = asdict(self)
        return {"post": {"kinds": list(data.pop("post_kinds")),
                         "groups": None if self.post_groups is None else list(data.pop("post_groups"))},
                **{k: v for k, v in data.items() if k != "post_groups"}}

    def group_may_post(self, peer_group: Optional[str], kind: str) -> bool:
        return kind in self.post_kinds and (self.post_groups is None or peer_group in self.post_groups)


# action -> (the rule flag that opens it, the roles that may do it, why it is refused when closed)
ACTIONS: dict[str, tuple[str, frozenset, object]] = {
    "position": ("positions", frozenset({PARTICIPANT}), _l("Les positions ne sont pas ouvertes à cette étape.")),
    "upvote": ("upvotes", frozenset({PARTICIPANT}), _l("Le soutien aux questions n'est pas ouvert à cette étape.")),
    "release": ("release", frozenset({PARTICIPANT, REFERENT, FACILITATOR}),
                _l("Les groupes ne partagent pas leur travail à cette étape.")),
    "validate": ("validation", frozenset({PARTICIPANT, REFERENT}), _l("La validation n'est pas ouverte à cette étape.")),
    "evaluate": ("evaluation", frozenset({PARTICIPANT}), _l("L'évaluation n'est pas ouverte à cette étape.")),
    "raise_hand": ("hands", frozenset({PARTICIPANT}), _l("On ne demande pas la parole à cette étape.")),
}


def moderation_mode(workshop: Workshop, step: Step) -> str:
    return StepRules.of(step).moderation or workshop.moderation


def _running_step(actor: Actor, workshop: Workshop) -> Step:
    step = workshop.current_step
    if step is None:
        raise ServiceError("not_allowed_now", _("L'atelier n'a pas encore commencé."))
    if workshop.status == "closed":
        raise ServiceError("not_allowed_now", _("L'atelier est terminé."))
    if workshop.paused and not actor.is_staff:
        raise ServiceError("paused", _("L'atelier est en pause."))
    return step


def check(actor: Actor, workshop: Workshop, action: str) -> tuple[Step, StepRules]:
    """Raise unless `actor` may do `action` in the current step; return the step and its rules."""
    flag, roles, closed = ACTIONS[action]
    if actor.role not in roles:
        raise ServiceError("forbidden", _("Cette action ne vous est pas permise."), 403)
    step = _running_step(actor, workshop)
    rules = StepRules.of(step)
    if not getattr(rules, flag):
        raise ServiceError("not_allowed_now", closed)
    return step, rules


def check_post(actor: Actor, workshop: Workshop, kind: str) -> tuple[Step, StepRules]:
    """Raise unless `actor` may post a card of `kind` now. Staff post facilitator content at any time."""
    if actor.role != PARTICIPANT and not actor.is_staff:
        raise ServiceError("forbidden", _("Vous ne pouvez pas écrire de carte."), 403)
    step = _running_step(actor, workshop)
    rules = StepRules.of(step)
    if actor.role == PARTICIPANT:
        if step.locked:
            raise ServiceError("not_allowed_now", _("L'écriture est fermée pour le moment."))
        if not rules.group_may_post(actor.peer_group, kind):
            raise ServiceError("not_allowed_now", _("Ce type de carte n'est pas ouvert pour vous à cette étape."))
    return step, rules
