"""How contributions are moderated, said to participants before they join and on their phone.

HCTS guidance asks that people who use social services know how what they write is moderated.
A workshop may have its own words (`Workshop.moderation_rules`, with an easy-read version); without
them, the text below fits the workshop's moderation mode and steps, in the reader's language.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import Actor
from ..extensions import db
from ..models import Workshop
from ..vocabulary import MODERATION_MODES
from . import access, audit, rooms
from .rules import StepRules
from .validation import choice, clean_text
from .steps import broadcast_programme
from .workshops import require_open, workshop_payload

MAX_LENGTH = 3000


@dataclass(frozen=True)
class ModerationRules:
    text: str
    easy: str
    custom: bool


def _pre_moderated_steps(workshop: Workshop) -> list[str]:
    """Titles of the steps whose cards wait for a moderator when the workshop's mode does not."""
    if workshop.moderation == "pre":
        return []
    return [step.title for step in workshop.steps if StepRules.of(step).moderation == "pre"]


def default_text(workshop: Workshop) -> str:
    if workshop.moderation == "pre":
        shown = _("Vos cartes sont lues par l'équipe d'animation avant de s'afficher sur l'écran et les "
                  "téléphones. En attendant, vous seul·e les voyez, avec la mention « en attente de validation ».")
    else:
        shown = _("Vos cartes s'affichent tout de suite sur l'écran et les téléphones. L'équipe d'animation "
                  "les lit pendant la journée.")
    paragraphs = [
        _("Qui modère : l'animateur ou l'animatrice de la journée, et pour chaque groupe son ou sa référent·e, "
          "qui ne voit que les cartes de son groupe."),
        shown,
    ]
    steps = _pre_moderated_steps(workshop)
    if steps:
        paragraphs.append(_("À ces étapes, les cartes sont lues avant de s'afficher : %(steps)s.",
                            steps=", ".join(steps)))
    paragraphs += [
        _("Une carte qui semble nommer quelqu'un ou donner un numéro, une adresse ou un e-mail est mise en "
          "attente, quel que soit le mode, et relue avant d'être affichée : on parle des situations, pas des "
          "personnes."),
        _("Une carte est masquée si elle blesse ou vise une personne, si elle donne une information "
          "personnelle ou si elle est hors sujet. Vous la voyez toujours sur votre téléphone, avec la "
          "mention « masquée par l'animation »."),
        _("L'équipe peut vous proposer une autre formulation, par exemple pour enlever un nom : c'est vous "
          "qui acceptez ou refusez. Vous pouvez modifier ou retirer votre carte jusqu'à la validation de la "
          "synthèse."),
        _("Chaque décision de modération est notée dans un journal : ce qui a été fait, quand, et par qui "
          "(l'animation ou un·e référent·e), jamais avec votre nom."),
    ]
    return "\n\n".join(paragraphs)


def default_easy(workshop: Workshop) -> str:
    first = (_("L'équipe lit chaque carte avant de la montrer.") if workshop.moderation == "pre"
             else _("Votre carte s'affiche tout de suite. L'équipe la lit."))
    return "\n".join([
        first,
        _("Une carte avec un nom ou un numéro de téléphone attend. L'équipe la lit d'abord."),
        _("Une carte qui fait du mal à quelqu'un est cachée."),
        _("L'équipe peut proposer d'autres mots. Vous dites oui ou non."),
        _("Vous pouvez changer ou retirer votre carte."),
    ])


def for_workshop(workshop: Workshop) -> ModerationRules:
    """The workshop's own words where it has them, otherwise the default for its mode."""
    return ModerationRules(text=workshop.moderation_rules or default_text(workshop),
                           easy=workshop.moderation_rules_easy or default_easy(workshop),
                           custom=bool(workshop.moderation_rules))


def update(actor: Actor, workshop: Workshop, *, text: object, easy: object) -> ModerationRules:
    """Set the workshop's own words (empty: back to the default text); not once the workshop is closed."""
    require_open(workshop)
    workshop.moderation_rules = clean_text(text, field=_l("Règles de modération"), max_length=MAX_LENGTH,
                                           required=False)
    workshop.moderation_rules_easy = clean_text(easy, field=_l("Règles de modération, facile à lire"),
                                                max_length=MAX_LENGTH, required=False)
    audit.record(actor, "workshop.moderation_rules", "workshop", {"custom": bool(workshop.moderation_rules)})
    db.session.commit()
    return for_workshop(workshop)


def set_mode(actor: Actor, workshop: Workshop, mode: object) -> Workshop:
    """The workshop's moderation mode (`pre`: cards wait for a moderator; `post`: published at once).

    Steps whose rules name no mode follow it, so every page gets the workshop and its steps again.
    """
    access.require_staff(actor, _("Seule l'animation choisit le mode de modération."))
    require_open(workshop)
    mode = choice(mode, MODERATION_MODES, field=_l("Modération"))
    if mode == workshop.moderation:
        return workshop
    previous, workshop.moderation = workshop.moderation, mode
    audit.record(actor, "workshop.moderation", "workshop", {"from": previous, "to": mode})
    db.session.commit()
    rooms.emit("workshop.changed", workshop_payload(workshop), rooms.everyone(workshop.id))
    broadcast_programme(workshop)
    return workshop
