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


class Organisation(db.Model):
    """A CLTS (or another committee): its accounts, workshops, working groups, productions, mandates.

    One installation may host several. `settings` holds what the admin adds beyond the named fields.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # The organisation's local time (zoneinfo key): pages and exports show its workshops' times in it.
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    language: Mapped[str] = mapped_column(String(8), default="fr")
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Organiser(UserMixin, db.Model):
    """A staff account of an organisation, with one role: admin, secretariat or organiser.

    An invited account has no usable password until its invitation is used.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="organiser")
    disabled_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    organisation: Mapped[Organisation] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login: a disabled account is logged out everywhere
        return self.disabled_at is None


class AccountSession(db.Model):
    """A log-in, kept on the server: logging out, disabling the account or changing its password ends it,
    so a copied session cookie opens nothing afterwards. The cookie holds the token; this row its hash."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class Invitation(db.Model):
    """A one-time link that lets a person set the password of their account. Only the token's hash is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organiser.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    account: Mapped[Organiser] = relationship(foreign_keys=[organiser_id])


class Mandate(db.Model):
    """A mandate of the committee: a numbered period. Its members "at the start" are the rosters then."""

    __table_args__ = (UniqueConstraint("organisation_id", "number", name="uq_mandate_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


working_group_animator = db.Table(
    "working_group_animator",
    db.Column("working_group_id", ForeignKey("working_group.id", ondelete="CASCADE"), primary_key=True),
    db.Column("organiser_id", ForeignKey("organiser.id", ondelete="CASCADE"), primary_key=True),
)


class WorkingGroup(db.Model):
    """A partner working group: meets several times with the same members, over a mandate."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text, default="")
    mandate_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mandate.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    mandate: Mapped[Optional[Mandate]] = relationship()
    animators: Mapped[list[Organiser]] = relationship(secondary=working_group_animator, order_by="Organiser.name")
    members: Mapped[list[Member]] = relationship(back_populates="group", order_by="Member.id",
                                                 cascade="all, delete-orphan")


class Member(db.Model):
    """A person on a working group's roster: no account, no e-mail; a personal link (and its printed card)
    lets them join each meeting as themselves. Kept for the mandate, purged by retention after it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    working_group_id: Mapped[int] = mapped_column(ForeignKey("working_group.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(30))
    structure: Mapped[str] = mapped_column(String(200), default="")
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[Optional[date]] = mapped_column(Date)
    consent_listed: Mapped[bool] = mapped_column(Boolean, default=False)
    # the personal link; replacing a lost card gives a new one and the old opens nothing
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    purged_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    group: Mapped[WorkingGroup] = relationship(back_populates="members")


production_group = db.Table(
    "production_group",
    db.Column("production_id", ForeignKey("production.id", ondelete="CASCADE"), primary_key=True),
    db.Column("working_group_id", ForeignKey("working_group.id", ondelete="CASCADE"), primary_key=True),
)


class Production(db.Model):
    """A document the committee produces: en cours → validée par le comité technique → diffusée."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    produced_on: Mapped[date] = mapped_column(Date)
    link: Mapped[str] = mapped_column(String(500), default="")
    # an uploaded file, stored under the instance folder by a random name (`file_key`)
    file_key: Mapped[Optional[str]] = mapped_column(String(80))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    file_type: Mapped[Optional[str]] = mapped_column(String(8))
    file_size: Mapped[int] = mapped_column(Integer, default=0)
    # a meeting's validated synthesis promoted to a production keeps its text and its meeting
    text: Mapped[str] = mapped_column(Text, default="")
    source_workshop_id: Mapped[Optional[int]] = mapped_column(ForeignKey("workshop.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    validated_on: Mapped[Optional[date]] = mapped_column(Date)
    diffused_on: Mapped[Optional[date]] = mapped_column(Date)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organiser.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    groups: Mapped[list[WorkingGroup]] = relationship(secondary=production_group, order_by="WorkingGroup.name")


workshop_share = db.Table(
    "workshop_share",
    db.Column("workshop_id", ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True),
    db.Column("organiser_id", ForeignKey("organiser.id", ondelete="CASCADE"), primary_key=True),
)


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
    territory: Mapped[str] = mapped_column(String(200), default="")
    facilitation_team: Mapped[str] = mapped_column(String(300), default="")
    # acronym -> plain explanation, shown on tap (None: the default glossary)
    glossary: Mapped[Optional[dict[str, str]]] = mapped_column(JSON)
    board_layout: Mapped[str] = mapped_column(String(20), default="auto")
    # The workshop's own words on moderation, shown before joining and in the phone's menu
    # ("" : the default text for its moderation mode, services/moderation_rules.py).
    moderation_rules: Mapped[str] = mapped_column(Text, default="")
    moderation_rules_easy: Mapped[str] = mapped_column(Text, default="")
    # the card shown full-screen on the board (no foreign key: a card may be deleted by a purge)
    spotlight_card_id: Mapped[Optional[int]] = mapped_column(Integer)
    closed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    final_export_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    identities_purged_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # the public recap link's secret (services/recap.py): None until the organiser makes one, or once revoked
    recap_token: Mapped[Optional[str]] = mapped_column(String(64), unique=True, index=True)
    current_step_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("step.id", use_alter=True, name="fk_workshop_current_step"))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organiser.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # journee, reunion (a working group's meeting), temps_fort (recorded by hand, no live session), autre
    kind: Mapped[str] = mapped_column(String(20), default="journee")
    working_group_id: Mapped[Optional[int]] = mapped_column(ForeignKey("working_group.id"), index=True)
    # the meeting this one started from (its open tracks and synthesis draft were carried forward)
    carried_from_id: Mapped[Optional[int]] = mapped_column(ForeignKey("workshop.id"))
    # made from a JSON archive: a copy of a record, never a live workshop, never counted as held
    imported_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # an event recorded by hand (a temps fort, or a past journée): no live session, no participants;
    # who went is counted by category in `recorded_attendance`
    recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_attendance: Mapped[Optional[dict[str, int]]] = mapped_column(JSON)

    organisation: Mapped[Organisation] = relationship()
    working_group: Mapped[Optional[WorkingGroup]] = relationship()
    carried_from: Mapped[Optional[Workshop]] = relationship(remote_side=[id])
    created_by: Mapped[Optional[Organiser]] = relationship(foreign_keys=[created_by_id])
    shared_with: Mapped[list[Organiser]] = relationship(secondary=workshop_share, order_by="Organiser.name")
    steps: Mapped[list[Step]] = relationship(
        back_populates="workshop", order_by="Step.position", foreign_keys="Step.workshop_id",
        cascade="all, delete-orphan")
    current_step: Mapped[Optional[Step]] = relationship(foreign_keys=[current_step_id], post_update=True)
    role_links: Mapped[list[RoleLink]] = relationship(back_populates="workshop", cascade="all, delete-orphan")
    evaluation_questions: Mapped[list[EvaluationQuestion]] = relationship(
        order_by="EvaluationQuestion.position", cascade="all, delete-orphan")


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
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The step's timer: running since `timer_started_at`, plus what ran before a pause.
    timer_started_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    timer_elapsed_seconds: Mapped[int] = mapped_column(Integer, default=0)
    timer_added_seconds: Mapped[int] = mapped_column(Integer, default=0)

    workshop: Mapped[Workshop] = relationship(back_populates="steps", foreign_keys=[workshop_id])


class StepVisit(db.Model):
    """One time the room was on a step: going back to an earlier step adds a visit, never rewrites one.

    The report's timeline lists every visit with its duration. `ended_at` is None while it lasts.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("step.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    step: Mapped[Step] = relationship()


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

    __table_args__ = (UniqueConstraint("workshop_id", "pseudonym_key", name="uq_participant_pseudonym"),
                      UniqueConstraint("workshop_id", "member_id", name="uq_participant_member"))

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
    locale: Mapped[Optional[str]] = mapped_column(String(8))
    # Set when a référent writes for a person without a phone (scribe mode).
    scribed_by_link_id: Mapped[Optional[int]] = mapped_column(ForeignKey("role_link.id"))
    # a working group's member, joined with their member link or marked present (then without a device)
    member_id: Mapped[Optional[int]] = mapped_column(ForeignKey("member.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    purged_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # removed by the facilitator (joined in bad faith): not counted, not listed, its token renewed
    removed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


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
    text_easy: Mapped[str] = mapped_column(Text, default="")
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
    # brought from the working group's previous meeting as this meeting's starting point
    carried_over: Mapped[bool] = mapped_column(Boolean, default=False)
    client_id: Mapped[str] = mapped_column(String(64))
    # personal-data alerts found in the text (phone, email, address, name), for the moderator
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    answered_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    merged_into_id: Mapped[Optional[int]] = mapped_column(ForeignKey("card.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    author: Mapped[Optional[Participant]] = relationship()
    step: Mapped[Optional[Step]] = relationship()
    # duplicates merged into this card: each one's author counts as support
    merged_cards: Mapped[list[Card]] = relationship(foreign_keys=[merged_into_id], back_populates="merged_into")
    merged_into: Mapped[Optional[Card]] = relationship(foreign_keys=[merged_into_id], remote_side=[id],
                                                       back_populates="merged_cards")
    rewords: Mapped[list[Reword]] = relationship(order_by="Reword.id", cascade="all, delete-orphan",
                                                 back_populates="card")
    links: Mapped[list[Card]] = relationship(
        secondary=card_link, primaryjoin=lambda: Card.id == card_link.c.track_id,
        secondaryjoin=lambda: Card.id == card_link.c.perception_id)


class Position(db.Model):
    """A participant's coloured card on a track: agree, mixed or disagree."""

    __table_args__ = (UniqueConstraint("card_id", "participant_id", name="uq_position_voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"), index=True)
    # None: restored from an archive, which keeps counts per group, never who took which position
    participant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participant.id"))
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


class Upvote(db.Model):
    __table_args__ = (UniqueConstraint("card_id", "participant_id", name="uq_upvote_voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participant.id"))  # None: from an archive
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Reword(db.Model):
    """A new wording the facilitator proposes (e.g. to remove a name); the author accepts or refuses."""

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"), index=True)
    proposed_text: Mapped[str] = mapped_column(Text)
    original_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="proposed")  # proposed, accepted, refused, replaced
    proposed_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    card: Mapped[Card] = relationship(back_populates="rewords")

    @property
    def workshop_id(self) -> int:
        """A proposal belongs to its card's workshop (what `access.load` checks)."""
        return self.card.workshop_id


release_card = db.Table(
    "release_card",
    db.Column("release_id", ForeignKey("release.id", ondelete="CASCADE"), primary_key=True),
    db.Column("card_id", ForeignKey("card.id", ondelete="CASCADE"), primary_key=True),
)


class Release(db.Model):
    """What a peer group brings from its sealed room to the plenary: proposed, then confirmed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("step.id"))
    peer_group: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="proposed")  # proposed, confirmed, cancelled
    proposed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participant.id"))
    decided_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    cards: Mapped[list[Card]] = relationship(secondary=release_card)


class SpeakRequest(db.Model):
    """A raised hand, then the turn it becomes: waiting, speaking, done (or cancelled)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    participant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participant.id"))  # None: from an archive
    peer_group: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    # manual order set by the facilitator; None: by the balancing rule
    rank: Mapped[Optional[float]] = mapped_column()
    raised_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    ended_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class Synthesis(db.Model):
    """One version of the final text. Versions are never edited: a change makes a new version."""

    __table_args__ = (UniqueConstraint("workshop_id", "version", name="uq_synthesis_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    source_card_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Validation(db.Model):
    """A peer group's decision on a synthesis version: validated, or changes asked (with a comment)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    synthesis_id: Mapped[int] = mapped_column(ForeignKey("synthesis.id"))
    peer_group: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(12))  # validated, changes
    comment: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EvaluationQuestion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # scale (1-5) or text
    text: Mapped[str] = mapped_column(Text)
    text_easy: Mapped[str] = mapped_column(Text, default="")


class EvaluationAnswer(db.Model):
    """Anonymous: the peer group only, never the participant."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("evaluation_question.id", ondelete="CASCADE"))
    peer_group: Mapped[str] = mapped_column(String(20))
    scale_value: Mapped[Optional[int]] = mapped_column(Integer)
    text_value: Mapped[Optional[str]] = mapped_column(Text)


class EvaluationSubmission(db.Model):
    """Who has answered the evaluation (to answer once), kept apart from what they answered."""

    __table_args__ = (UniqueConstraint("workshop_id", "participant_id", name="uq_evaluation_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    participant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participant.id"))  # None: from an archive


class PauseRequest(db.Model):
    """A participant's private "I need a pause" to the facilitator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    seen_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
