"""The report of a workshop as plain data, already filtered by the privacy rules.

What it never contains: hidden, withdrawn, pending, merged or sealed-unreleased cards (the board's
view, `visibility.visible_cards`); a pseudonym without the author's consent to be quoted (the peer
group stands in); dependency answers; who recorded a group's validation (the group stands in);
composition counts from 1 to 4 (shown as "<5", their percentage left out).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Optional

from flask_babel import gettext as _

from .. import localtime
from ..actors import BOARD, Actor
from ..extensions import db
from ..models import Card, Organiser, Step, StepVisit, Synthesis, Theme, Upvote, Validation, Workshop, utcnow
from ..services import evaluation, positions, retention, speaking, synthesis
from ..services.statistics import participation
from ..services.visibility import public_card, visible_cards
from ..vocabulary import CARD_KINDS, GROUP_ORDER, PEER_GROUPS, STEP_KINDS

POSITION_VALUES = ("agree", "mixed", "disagree")


def method_line() -> str:
    return _("Méthode du croisement des savoirs et des pratiques (ATD Quart Monde) : chaque groupe de "
             "pairs — savoir d'expérience, savoir d'action, savoir académique — travaille d'abord seul, "
             "puis les groupes croisent leurs savoirs à égalité ; la synthèse est validée par chaque groupe.")


def group_label(group: Optional[str]) -> str:
    return str(PEER_GROUPS.get(group, _("Animation"))) if group else _("Animation")


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60:02d} s"


def attribution(card: Card, named: bool = True) -> str:
    """The pseudonym when the author consented to be quoted (and the report names anyone), else the peer group."""
    author = public_card(card)["author"] if named else None
    if author:
        return f"{author} ({group_label(card.peer_group)})"
    if card.written_by == "facilitator":
        return _("Animation")
    return group_label(card.peer_group)


def public_cards(workshop_id: int) -> list[Card]:
    """Exactly what the board may show: the public view of `visibility`, never re-implemented."""
    board = Actor(role=BOARD, workshop_id=workshop_id)
    return list(db.session.scalars(visible_cards(board)))


def _card_entry(workshop: Workshop, card: Card, upvotes: dict[int, int], named: bool = True) -> dict:
    return {"id": card.id, "kind": card.kind, "kind_label": str(CARD_KINDS.get(card.kind, card.kind)), "text": card.text, "text_easy": card.text_easy,
            "by": attribution(card, named), "group": card.peer_group, "group_label": group_label(card.peer_group),
            "answered": card.answered_at is not None, "support": upvotes.get(card.id, 0),
            "theme_id": card.theme_id, "created_at": localtime.when(workshop, card.created_at),
            "created_moment": localtime.local_naive(workshop, card.created_at)}


def _by_group(entries: list[dict]) -> list[dict]:
    grouped = defaultdict(list)
    for entry in entries:
        grouped[entry["group"]].append(entry)
    order = GROUP_ORDER + [None]
    return [{"group": g, "label": group_label(g), "cards": grouped[g]} for g in order if grouped.get(g)]


def _steps(workshop: Workshop, cards: list[Card], upvotes: dict[int, int], named: bool) -> list[dict]:
    by_step: dict[Optional[int], list[Card]] = defaultdict(list)
    for card in cards:
        by_step[card.step_id].append(card)
    public_ids = {c.id for c in cards}
    tracks_ids = [c.id for c in cards if c.kind == "track"]
    stances = positions.aggregates(workshop.id, tracks_ids)
    out = []
    steps: list[Optional[Step]] = list(workshop.steps)
    if by_step.get(None):
        steps.append(None)  # cards posted outside any step (rare): kept, not lost
    for step in steps:
        mine = by_step.get(step.id if step else None, [])
        entries = {card.id: _card_entry(workshop, card, upvotes, named) for card in mine}
        tracks = []
        for card in mine:
            if card.kind != "track":
                continue
            per_group = stances.get(card.id) or {g: dict.fromkeys(POSITION_VALUES, 0) for g in GROUP_ORDER}
            tracks.append(entries[card.id] | {
                "answers": [link.text for link in card.links if link.id in public_ids],  # never a hidden one
                "positions": [{"group": g, "label": group_label(g), **per_group[g]} for g in GROUP_ORDER],
            })
        out.append({
            "title": step.title if step else _("Hors étape"),
            "kind": step.kind if step else "",
            "kind_label": str(STEP_KINDS.get(step.kind, step.kind)) if step else "",
            "perceptions": _by_group([entries[c.id] for c in mine if c.kind == "perception"]),
            "summaries": [entries[c.id] for c in mine if c.kind == "summary"],
            "tracks": tracks,
            "questions": [entries[c.id] for c in mine if c.kind == "question"],
            "insights": [entries[c.id] for c in mine if c.kind == "insight"],
            "syntheses": [entries[c.id] for c in mine if c.kind == "synthesis"],
        })
    return out


def _themes(workshop_id: int, entries_by_id: dict[int, dict]) -> list[dict]:
    themes = db.session.scalars(db.select(Theme).filter_by(workshop_id=workshop_id).order_by(Theme.id))
    out = []
    for theme in themes:
        members = [e for e in entries_by_id.values() if e["theme_id"] == theme.id]
        out.append({"name": theme.name, "cards": members})
    return out


def _synthesis(workshop: Workshop) -> dict:
    workshop_id = workshop.id
    versions = {s.id: s for s in db.session.scalars(db.select(Synthesis).filter_by(workshop_id=workshop_id))}
    final = synthesis.final_version(workshop_id)
    latest = max(versions.values(), key=lambda s: s.version, default=None)
    log = db.session.scalars(db.select(Validation).filter_by(workshop_id=workshop_id)
                             .order_by(Validation.decided_at, Validation.id))
    decisions = {"validated": _("validée"), "changes": _("changements demandés"),
                 synthesis.REOPENED: _("rouverte par l'animation")}
    return {
        "final": {"version": final.version, "text": final.text} if final else None,
        "latest": {"version": latest.version, "text": latest.text} if latest else None,
        # decided_by may name a participant: the group is what the log shows
        "log": [{"version": versions[v.synthesis_id].version, "group": v.peer_group,
                 "label": group_label(v.peer_group), "decision": v.decision,
                 "decision_label": decisions.get(v.decision, v.decision), "comment": v.comment,
                 "at": localtime.when(workshop, v.decided_at)} for v in log],
    }


def _evaluation(workshop_id: int) -> dict:
    """`evaluation.results`, whose "<5" rule already withheld what small groups answered."""
    found = evaluation.results(workshop_id)
    questions = []
    for question in found["questions"]:
        groups = []
        for group in GROUP_ORDER:
            data = question["groups"][group]
            line = {"group": group, "label": group_label(group), "count": data["count"], "withheld": data["withheld"]}
            if question["kind"] == "scale":
                mean = data["mean"]
                groups.append(line | {"mean": f"{mean:.1f}".replace(".", ",") if mean is not None else "—",
                                      "mean_value": mean,
                                      "distribution": data["distribution"] or ["—"] * len(evaluation.SCALE)})
            else:
                groups.append(line | {"texts": data["texts"]})
        questions.append({"text": question["text"], "kind": question["kind"], "groups": groups})
    return {"questions": questions, "submissions": found["submissions"],
            "withheld": any(g["withheld"] for q in questions for g in q["groups"])}


def _share(workshop_id: int, cards_shown: list[Card]) -> list[dict]:
    """Contributions are the cards the report shows (so an imported archive counts the same);
    speaking time is the queue's record of turns."""
    share = speaking.share_of_voice(workshop_id)
    for group in GROUP_ORDER:
        share[group]["cards"] = sum(1 for card in cards_shown if card.peer_group == group)
    cards = sum(v["cards"] for v in share.values())
    seconds = sum(v["seconds"] for v in share.values())
    return [{"group": g, "label": group_label(g), "cards": share[g]["cards"],
             "cards_percent": f"{round(100 * share[g]['cards'] / cards)} %" if cards else "—",
             "turns": share[g]["turns"], "speaking": _minutes(share[g]["seconds"]),
             "speaking_percent": f"{round(100 * share[g]['seconds'] / seconds)} %" if seconds else "—"}
            for g in GROUP_ORDER]


def _visits(workshop: Workshop) -> list[tuple[Step, datetime, Optional[datetime]]]:
    """(step, start, end) of every time the room was on a step, in order. A workshop without recorded
    visits (an imported archive, data written before visits were kept) has one per started step."""
    rows = db.session.execute(db.select(StepVisit.step_id, StepVisit.started_at, StepVisit.ended_at)
                              .filter_by(workshop_id=workshop.id).order_by(StepVisit.started_at, StepVisit.id)).all()
    by_id = {step.id: step for step in workshop.steps}
    if rows:
        return [(by_id[step_id], start, end) for step_id, start, end in rows if step_id in by_id]
    started = sorted((s for s in workshop.steps if s.started_at), key=lambda s: s.started_at)
    ends = [nxt.started_at for nxt in started[1:]] + [None]
    return [(step, step.started_at, end) for step, end in zip(started, ends)]


def _timeline(workshop: Workshop) -> list[dict]:
    """Each visit of a step with how long it lasted (the last one ends when the workshop closed), then
    the steps never reached."""
    visits = _visits(workshop)
    out, seen = [], {}
    for n, (step, start, end) in enumerate(visits):
        end = end or (visits[n + 1][1] if n + 1 < len(visits) else workshop.closed_at)
        seen[step.id] = seen.get(step.id, 0) + 1
        lasted = max(0, int((end - start).total_seconds() // 60)) if end else None
        out.append({"title": step.title, "kind_label": str(STEP_KINDS.get(step.kind, step.kind)),
                    "planned": step.duration_minutes, "started": localtime.when(workshop, start),
                    "lasted": lasted, "visit": seen[step.id]})
    for step in workshop.steps:
        if step.id not in seen:
            out.append({"title": step.title, "kind_label": str(STEP_KINDS.get(step.kind, step.kind)),
                        "planned": step.duration_minutes, "started": "", "lasted": None, "visit": 0})
    return out


def organisation_name(workshop: Workshop) -> str:
    """Who the document is from: the organiser named on the workshop, else the account that made it."""
    if workshop.organiser_name:
        return workshop.organiser_name
    owner = db.session.get(Organiser, workshop.created_by_id) if workshop.created_by_id else None
    return owner.name if owner else ""


def is_final(workshop: Workshop) -> bool:
    """A report is final once the workshop is closed; before, it is a draft of the day so far."""
    return workshop.status == "closed"


def build(workshop: Workshop, named: bool = True) -> dict:
    """The report's data. `named=False` (the public recap) names nobody: no pseudonym, even with consent,
    no facilitation team, and the organisation rather than the account that made the workshop."""
    cards = public_cards(workshop.id)
    ids = [c.id for c in cards if c.kind == "question"]
    upvotes = dict(db.session.execute(
        db.select(Upvote.card_id, db.func.count()).where(Upvote.card_id.in_(ids)).group_by(Upvote.card_id)
    ).all()) if ids else {}
    entries = {card.id: _card_entry(workshop, card, upvotes, named) for card in cards}
    return {
        "final": is_final(workshop),
        "reopened": retention.reopenings(workshop),
        "generated_at": localtime.when(workshop, utcnow()),
        "time_zone": localtime.zone_label(workshop),
        "workshop": {
            "title": workshop.title, "theme": workshop.theme,
            "date": workshop.date.strftime("%d/%m/%Y") if workshop.date else "",
            "place": workshop.place, "organiser": workshop.organiser_name, "territory": workshop.territory,
            "facilitation_team": workshop.facilitation_team if named else "",
            "organisation": organisation_name(workshop) if named else (workshop.organiser_name
                                                                        or workshop.organisation.name),
        },
        "method": method_line(),
        "steps": _steps(workshop, cards, upvotes, named),
        "themes": _themes(workshop.id, entries),
        "synthesis": _synthesis(workshop),
        "evaluation": _evaluation(workshop.id),
        "participation": participation([workshop.id]),
        "share": _share(workshop.id, cards),
        "timeline": _timeline(workshop),
        "card_count": len(cards),
    }
