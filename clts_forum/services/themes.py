"""Themes: named groups of cards the facilitator makes, to read the room by subject."""
from __future__ import annotations

from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..actors import Actor
from ..extensions import db
from ..models import Card, Theme
from . import ServiceError, access, audit, rooms
from .validation import clean_text, identifier, optional_identifier, payload_dict
from .visibility import publish_change, shared_rooms

MAX_CARDS = 200


def _staff(actor: Actor) -> None:
    access.require_staff(actor, _("Seule l'animation organise les thèmes."))


def clean_name(value: Any) -> str:
    return clean_text(value, field=_l("Nom du thème"), max_length=120, multiline=False)


def _theme(actor: Actor, theme_id: Any) -> Theme:
    return access.load(Theme, theme_id, actor, field="theme_id", message=_("Thème introuvable."))


def payload(workshop_id: int) -> list[dict]:
    return [{"id": t.id, "name": t.name}
            for t in db.session.scalars(db.select(Theme).filter_by(workshop_id=workshop_id).order_by(Theme.id))]


def _push(workshop_id: int) -> None:
    rooms.emit("themes.changed", {"themes": payload(workshop_id)}, rooms.everyone(workshop_id))


def create(actor: Actor, data: Any) -> Theme:
    _staff(actor)
    theme = Theme(workshop_id=actor.workshop_id, name=clean_name(payload_dict(data).get("name")))
    db.session.add(theme)
    db.session.flush()
    audit.record(actor, "theme.create", f"theme:{theme.id}", {"name": theme.name})
    db.session.commit()
    _push(actor.workshop_id)
    return theme


def rename(actor: Actor, data: Any) -> Theme:
    _staff(actor)
    data = payload_dict(data)
    theme = _theme(actor, data.get("id"))
    old, theme.name = theme.name, clean_name(data.get("name"))
    audit.record(actor, "theme.rename", f"theme:{theme.id}", {"from": old, "to": theme.name})
    db.session.commit()
    _push(actor.workshop_id)
    return theme


def _set_themes(cards: list[Card], theme_id: Optional[int]) -> None:
    changed = [(card, shared_rooms(card)) for card in cards]
    for card in cards:
        card.theme_id = theme_id
    db.session.commit()
    for card, before in changed:
        publish_change(card, before)


def assign(actor: Actor, data: Any) -> list[Card]:
    """Put several cards in a theme at once (`theme_id: null` takes them out of any theme)."""
    _staff(actor)
    data = payload_dict(data)
    theme_id = optional_identifier(data.get("theme_id"), field="theme_id")
    if theme_id is not None:
        _theme(actor, theme_id)
    raw = data.get("card_ids")
    if not isinstance(raw, list) or not raw or len(raw) > MAX_CARDS:
        raise ServiceError("invalid", _("Choisissez de 1 à %(n)d cartes.", n=MAX_CARDS))
    ids = {identifier(value, field="card_ids") for value in raw}
    cards = list(db.session.scalars(db.select(Card).where(Card.id.in_(ids), Card.workshop_id == actor.workshop_id)))
    if len(cards) != len(ids):
        raise ServiceError("not_found", _("Une des cartes n'existe pas dans l'atelier."), 404)
    audit.record(actor, "theme.assign", f"theme:{theme_id}",
                 {"theme_id": theme_id, "previous": {str(c.id): c.theme_id for c in cards}})
    _set_themes(cards, theme_id)
    return cards


def restore_assignment(actor: Actor, previous: dict[str, Optional[int]]) -> None:
    """Undo of an assignment: each card goes back to the theme it had."""
    cards = {c.id: c for c in db.session.scalars(db.select(Card).where(
        Card.id.in_([int(k) for k in previous]), Card.workshop_id == actor.workshop_id))}
    changed = [(card, shared_rooms(card)) for card in cards.values()]
    for key, theme_id in previous.items():
        if int(key) in cards:
            cards[int(key)].theme_id = theme_id if theme_id is None or db.session.get(Theme, theme_id) else None
    audit.record(actor, "theme.assign", "theme:restore", {"previous": previous})
    db.session.commit()
    for card, before in changed:
        publish_change(card, before)


def merge(actor: Actor, data: Any) -> Theme:
    """Merge theme `id` into `into_id`: its cards move over and it disappears."""
    _staff(actor)
    data = payload_dict(data)
    merged, kept = _theme(actor, data.get("id")), _theme(actor, data.get("into_id"))
    if merged.id == kept.id:
        raise ServiceError("invalid", _("Choisissez deux thèmes différents."))
    cards = list(db.session.scalars(db.select(Card).filter_by(theme_id=merged.id)))
    audit.record(actor, "theme.merge", f"theme:{merged.id}",
                 {"name": merged.name, "into": kept.id, "cards": [c.id for c in cards]})
    changed = [(card, shared_rooms(card)) for card in cards]
    for card in cards:
        card.theme_id = kept.id
    db.session.delete(merged)
    db.session.commit()
    for card, before in changed:
        publish_change(card, before)
    _push(actor.workshop_id)
    return kept


def delete(actor: Actor, theme_id: int) -> None:
    """Remove a theme (undo of its creation); its cards, if any, lose it."""
    theme = _theme(actor, theme_id)
    cards = list(db.session.scalars(db.select(Card).filter_by(theme_id=theme.id)))
    audit.record(actor, "theme.delete", f"theme:{theme.id}", {"name": theme.name})
    changed = [(card, shared_rooms(card)) for card in cards]
    for card in cards:
        card.theme_id = None
    db.session.delete(theme)
    db.session.commit()
    for card, before in changed:
        publish_change(card, before)
    _push(actor.workshop_id)


def recreate(actor: Actor, name: str, card_ids: list[int]) -> Theme:
    """Undo of a merge: the theme comes back with the cards it had."""
    theme = Theme(workshop_id=actor.workshop_id, name=name)
    db.session.add(theme)
    db.session.flush()
    cards = list(db.session.scalars(db.select(Card).where(Card.id.in_(card_ids), Card.workshop_id == actor.workshop_id)))
    audit.record(actor, "theme.create", f"theme:{theme.id}", {"name": name, "cards": card_ids})
    _set_themes(cards, theme.id)
    _push(actor.workshop_id)
    return theme
