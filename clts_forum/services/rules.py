"""Step rules as data, and the one place that checks an action against them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from flask_babel import gettext as _

from ..actors import PARTICIPANT, Actor
from ..models import Step, Workshop
from ..vocabulary import CARD_KINDS, GROUP_ORDER, MODERATION_MODES
from . import ServiceError
from .programmes import default_rules


@dataclass(frozen=True)
class StepRules:
    post_kinds: tuple[str, ...]
    post_groups: Optional[tuple[str, ...]]  # None: every group
    sealed: bool
    positions: bool
    upvotes: bool
    moderation: Optional[str]  # None: the workshop's mode

    @classmethod
    def of(cls, step: Step) -> "StepRules":
        rules = default_rules(step.kind)
        rules.update(step.rules or {})
        post = rules.get("post") or {}
        groups = post.get("groups")
        return cls(
            post_kinds=tuple(k for k in post.get("kinds", []) if k in CARD_KINDS),
            post_groups=None if groups is None else tuple(g for g in groups if g in GROUP_ORDER),
            sealed=bool(rules.get("sealed")),
            positions=bool(rules.get("positions")),
            upvotes=bool(rules.get("upvotes")),
            moderation=rules.get("moderation") if rules.get("moderation") in MODERATION_MODES else None,
        )

    def group_may_post(self, peer_group: Optional[str], kind: str) -> bool:
        return kind in self.post_kinds and (self.post_groups is None or peer_group in self.post_groups)


def moderation_mode(workshop: Workshop, step: Step) -> str:
    return StepRules.of(step).moderation or workshop.moderation


def check_post(actor: Actor, workshop: Workshop, step: Optional[Step], kind: str) -> StepRules:
    """Raise unless `actor` may post a card of `kind` now."""
    if step is None:
        raise ServiceError("not_allowed_now", _("L'atelier n'a pas encore commencé."))
    if workshop.status == "closed":
        raise ServiceError("not_allowed_now", _("L'atelier est terminé."))
    if workshop.paused:
        raise ServiceError("paused", _("L'atelier est en pause."))
    rules = StepRules.of(step)
    if actor.role == PARTICIPANT and not rules.group_may_post(actor.peer_group, kind):
        raise ServiceError("not_allowed_now",
                           _("Ce type de carte n'est pas ouvert pour vous à cette étape."))
    if actor.role != PARTICIPANT and not actor.is_staff:
        raise ServiceError("forbidden", _("Vous ne pouvez pas écrire de carte."))
    return rules
