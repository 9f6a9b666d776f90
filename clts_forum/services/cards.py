"""Cards: post, edit, withdraw. Each call commits before anything is acked or broadcast."""
from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from ..actors import REFERENT, Actor, participant_actor, sender
from ..extensions import db
from ..models import Card, Participant, Workshop, card_link
from ..vocabulary import CARD_KINDS, DEFAULT_CATEGORY_GROUPS
from . import ServiceError, access, commit_keeping_loaded, participants, running, synthesis
from .participants import pseudonym_key
from .moderation import hold_for_review, review_flags
from .personal_data import detect
from .rules import check_post, moderation_mode
from .running import RunningWorkshop
from .validation import choice, clean_text, client_id, flag, identifier, payload_dict
from .visibility import publish_change, shared_rooms, visible_cards
from .workshops import get

MAX_LINKS = 20
POSTABLE_KINDS = [kind for kind in CARD_KINDS if kind != "summary"]  # summaries come from releases


def _text(value: Any) -> str:
    return clean_text(value, field=_l("Texte"), max_length=current_app.config["MAX_CARD_LENGTH"])


# A card's text can also be a facilitator's rewording or a group's summary (2,000 characters each).
LONGEST_OTHER_TEXT = 2000


def clean_stored_text(value: Any) -> tuple[str, str]:
    """A card's text and easy-read text as any card may hold them (an archive's cards, for one)."""
    data = payload_dict(value)
    limit = max(current_app.config["MAX_CARD_LENGTH"], LONGEST_OTHER_TEXT)
    return (clean_text(data.get("text"), field=_l("Texte"), max_length=limit),
            clean_text(data.get("text_easy"), field=_l("Version facile à lire"), max_length=1000, required=False))


def _existing(workshop_id: int, cid: str) -> Card | None:
    return db.session.scalar(db.select(Card).filter_by(workshop_id=workshop_id, client_id=cid))


def _replay(actor: Actor, card: Card) -> Card:
    """A retried create: the same author gets the stored card back; anyone else is refused."""
    same_author = card.author_id == actor.participant_id if actor.participant_id else card.written_by != "participant"
    if not same_author:
        raise ServiceError("conflict", _("Cet identifiant de message est déjà utilisé."), 409)
    return card


def _linked_perceptions(actor: Actor, kind: str, value: Any) -> list[Card]:
    if value in (None, []):
        return []
    if kind != "track":
        raise ServiceError("invalid", _("Seule une piste peut être reliée à des perceptions."))
    if not isinstance(value, list) or len(value) > MAX_LINKS:
        raise ServiceError("invalid", _("La liste des perceptions reliées est invalide."))
    ids = {identifier(v, field="links") for v in value}
    found = db.session.scalars(visible_cards(actor).where(Card.id.in_(ids), Card.kind == "perception")).all()
    if len(found) != len(ids):
        raise ServiceError("invalid", _("Une des perceptions reliées n'existe pas ou n'est pas visible."))
    return list(found)


def create(actor: Actor, data: Any, written_by: str | None = None) -> tuple[Card, bool]:
    """Post a card in the current step. Returns (card, replayed): replayed is True for a retry.

    A retry (same `client_id`) gets the stored card back, even if the step's rules changed since.
    The lookup runs only when the insert or the rules refuse, so a first post costs no extra query.
    """
    data = payload_dict(data)
    cid = client_id(data.get("client_id"))
    workshop = running.workshop(actor.workshop_id)
    try:
        card = _new_card(actor, workshop, data, cid, written_by)
        _insert(card)
        if card.flags and card.status == "pending":
            hold_for_review(card)
        commit_keeping_loaded()
    except (ServiceError, IntegrityError):  # refused, or the same client id stored already (maybe by a race)
        db.session.rollback()
        existing = _existing(workshop.id, cid)
        if existing is None:
            raise
        return _replay(actor, existing), True
    publish_change(card, before=set(), created=True)
    return card, False


_CARD_INSERT = insert(Card.__table__)  # built once: building and keying a statement per card cost as much as running it


def _insert(card: Card) -> None:
    """Write a new card (and its links) with Core statements instead of the ORM's unit of work.

    The unit of work cost more than the row itself on the hottest event. The column defaults are
    filled in on the object first, so it carries every field its payloads read, id included, and
    it then joins the session as a loaded object (callers may go on changing it).
    """
    card.author_id = card.author.id if card.author is not None else None
    for column in Card.__table__.columns:
        if column.key != "id" and column.key not in card.__dict__:
            default = column.default
            setattr(card, column.key, None if default is None else
                    default.arg(None) if default.is_callable else default.arg)
    card.updated_at = card.created_at
    row = {column.key: getattr(card, column.key) for column in Card.__table__.columns if column.key != "id"}
    card.id = db.session.execute(_CARD_INSERT, row).inserted_primary_key[0]
    if card.links:
        db.session.execute(insert(card_link), [{"track_id": card.id, "perception_id": p.id} for p in card.links])
    make_transient_to_detached(card)  # the row exists: the object joins the session as loaded, clean
    db.session.add(card)


def _new_card(actor: Actor, workshop: Workshop | RunningWorkshop, data: dict, cid: str,
              written_by: str | None) -> Card:
    kind = choice(data.get("kind"), POSTABLE_KINDS, field=_l("Type de carte"))
    step, rules = check_post(actor, workshop, kind)
    text = _text(data.get("text"))
    # the insight's key points come with an easy-read version
    text_easy = clean_text(data.get("text_easy"), field=_l("Version facile à lire"), max_length=1000,
                           required=False) if actor.is_staff else ""
    links = _linked_perceptions(actor, kind, data.get("links"))
    author = sender(actor) if actor.participant_id else None
    flags = detect(text) if author else []
    return Card(
        workshop_id=workshop.id, step_id=step.id, kind=kind, text=text, text_easy=text_easy, client_id=cid,
        author=author,  # the object, not its id: building the payloads then needs no query
        written_by=written_by or ("participant" if author else "facilitator"),
        peer_group=author.peer_group if author else None,
        sealed=rules.sealed and author is not None,
        # A card that seems to name someone waits for a moderator, whatever the mode.
        status="pending" if author and (moderation_mode(workshop, step) == "pre" or flags) else "published",
        flags=flags,
        consent_quote=flag(data.get("consent_quote"), field=_l("Citation"),
                           default=author.quote_by_default if author else True),
        links=links,
        merged_cards=[], rewords=[],  # a new card has none: no lazy load when building its payloads
    )


def _own_card(actor: Actor, card_id: Any) -> Card:
    card = access.load(Card, card_id, actor, message=_("Carte introuvable."),
                       accept=lambda card: card.status != "withdrawn")
    if actor.participant_id is None or card.author_id != actor.participant_id:
        raise ServiceError("forbidden", _("Vous ne pouvez modifier que vos propres cartes."), 403)
    if synthesis.is_final(actor.workshop_id):
        raise ServiceError("not_allowed_now", _("La synthèse est validée : les cartes ne changent plus."))
    return card


def edit(actor: Actor, data: Any) -> Card:
    """The author rewrites their card; under pre-moderation it waits for approval again."""
    data = payload_dict(data)
    card = _own_card(actor, data.get("id"))
    text = _text(data.get("text"))
    consent = flag(data.get("consent_quote"), field=_l("Citation"), default=card.consent_quote)
    if text == card.text and consent == card.consent_quote:
        return card
    before = shared_rooms(card)
    card.text, card.consent_quote = text, consent
    workshop = get(actor.workshop_id)
    flagged = review_flags(card)
    if card.status == "published" and (flagged or card.step and moderation_mode(workshop, card.step) == "pre"):
        card.status = "pending"
        if flagged:
            hold_for_review(card)
    db.session.commit()
    publish_change(card, before)
    return card


def withdraw(actor: Actor, data: Any) -> Card:
    card = _own_card(actor, payload_dict(data).get("id"))
    before = shared_rooms(card)
    card.status = "withdrawn"
    db.session.commit()
    publish_change(card, before)
    return card


def scribe(actor: Actor, data: Any) -> tuple[Card, bool]:
    """A référent writes for a person of their group who has no phone, under a pseudonym they give.

    The person becomes a participant without a device (`scribed_by_link_id`); the card follows the
    step's rules as if they had posted it, and is marked as written by the référent. The new
    participant and the card are written together: a refused card leaves no participant behind.
    """
    if actor.role != REFERENT:
        raise ServiceError("forbidden", _("Seul·e un·e référent·e écrit pour une autre personne."), 403)
    data = payload_dict(data)
    pseudonym = participants.clean_pseudonym(data.get("pseudonym"))
    workshop = get(actor.workshop_id)
    person = db.session.scalar(db.select(Participant).filter_by(workshop_id=workshop.id,
                                                                pseudonym_key=pseudonym_key(pseudonym)))
    new = person is None
    if new:
        categories = [c for c, g in (workshop.category_groups or DEFAULT_CATEGORY_GROUPS).items() if g == actor.peer_group]
        category = data.get("category") or categories[0]
        if category not in categories:
            raise ServiceError("invalid", _("Cette catégorie n'appartient pas à votre groupe."))
        person = participants.join(workshop, pseudonym=pseudonym, category=category, scribed_by_link_id=actor.link_id,
                                   commit=False)
    if person.scribed_by_link_id is None or person.peer_group != actor.peer_group:
        raise ServiceError("conflict", _("« %(name)s » a déjà son propre téléphone dans cet atelier.", name=pseudonym), 409)
    written = create(participant_actor(person), data, written_by="referent")
    if new:
        participants.announce(person)
    return written
