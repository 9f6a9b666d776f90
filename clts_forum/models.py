"""The model of DESIGN.md §2, in SQLAlchemy 2 style.

Times are naive UTC. Text typed by people is stored raw and escaped on output.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

from flask_login import UserMixin
from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Organiser(UserMixin, db.Model):
    """A CLTS staff account: creates workshops, gets role links, exports."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Workshop(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(300), default="")
    date: Mapped[Optional[date]] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    organiser_name: Mapped[str] = mapped_column(String(200), default="")
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    moderation: Mapped[str] = mapped_column(String(8), default="post")
    language: Mapped[str] = mapped_column(String(8), default="fr")
    template: Mapped[str] = mapped_column(String(40), default="festival")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    category_groups: Mapped[Optional[dict[str, str]]] = mapped_column(JSON)
    current_step_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("step.id", use_alter=True, name="fk_workshop_current_step"))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organiser.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    steps: Mapped[list[Step]] = relationship(
        back_populates="workshop", order_by="Step.position", foreign_keys="Step.workshop_id",
        cascade="all, delete-orphan")
    current_step: Mapped[Optional[Step]] = relationship(foreign_keys=[current_step_id], post_update=True)
    role_links: Mapped[list[RoleLink]] = relationship(back_populates="workshop", cascade="all, delete-orphan")


class Step(db.Model):
    """A phase of the day. `rules` is data read by services/rules.py."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(Text, default="")
    prompt_easy: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="steps", foreign_keys=[workshop_id])


class RoleLink(db.Model):
    """A secret link that opens a role (facilitator, référent of a group, board). Revocable."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    peer_group: Mapped[Optional[str]] = mapped_column(String(20))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="role_links")


class Participant(db.Model):
    """Minimal identity: a pseudonym and a category, nothing that reaches a person outside the room."""

    __table_args__ = (UniqueConstraint("workshop_id", "pseudonym_key", name="uq_participant_pseudonym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    pseudonym: Mapped[str] = mapped_column(String(40))
    # Case- and space-folded pseudonym, so "Marie" and " marie" are the same person to the room.
    pseudonym_key: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(30))
    peer_group: Mapped[str] = mapped_column(String(20))
    followed_here: Mapped[str] = mapped_column(String(10), default="unsaid")
    quote_by_default: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    purged_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class Theme(db.Model):
    """A named group of cards made by the facilitator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


card_link = db.Table(
    "card_link",
    db.Column("track_id", ForeignKey("card.id", ondelete="CASCADE"), primary_key=True),
    db.Column("perception_id", ForeignKey("card.id", ondelete="CASCADE"), primary_key=True),
)


class Card(db.Model):
    __table_args__ = (
        UniqueConstraint("workshop_id", "client_id", name="uq_card_client_id"),
        Index("ix_card_workshop_status", "workshop_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    step_id: Mapped[Optional[int]] = mapped_column(ForeignKey("step.id"))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participant.id"), index=True)
    # who typed it: the participant, a référent scribing for them, or the facilitator.
    written_by: Mapped[str] = mapped_column(String(20), default="participant")
    peer_group: Mapped[Optional[str]] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="published")
    # sealed: posted in a peer-group room; it stays there until the group releases it.
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    released: Mapped[bool] = mapped_column(Boolean, default=False)
    theme_id: Mapped[Optional[int]] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    consent_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    client_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    author: Mapped[Optional[Participant]] = relationship()
    step: Mapped[Optional[Step]] = relationship()
    links: Mapped[list[Card]] = relationship(
        secondary=card_link, primaryjoin=lambda: Card.id == card_link.c.track_id,
        secondaryjoin=lambda: Card.id == card_link.c.perception_id)


class Position(db.Model):
    """A participant's coloured card on a track: agree, mixed or disagree."""

    __table_args__ = (UniqueConstraint("card_id", "participant_id", name="uq_position_voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    peer_group: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(db.Model):
    """Every moderation and phase action: who, what, when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(40), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
