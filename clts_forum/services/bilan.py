"""The bilan of a mandate or of any period, for the whole organisation, as plain data.

How it counts (stated on the page and in every export):

- **Events** count on their date (an undated one on its creation day), and only when *held*
  (services/events.py): a planned workshop or an imported archive is listed apart, never counted.
- **Members at the start** are the rosters on the first day (of the mandate, else of the period), all
  groups together (a person on two rosters counts twice) and per group, by category, in full: members
  agreed to be members, so the `<5` rule of anonymous attendance does not apply to them.
- **People and attendances** are counted over the events the committee organised (journées, working-group
  meetings, others; a temps fort's delegation is listed with it, not added). An *attendance* is one person
  at one event. A *distinct person* is a member counted once however many meetings they attended, plus
  each anonymous participant once per event: anonymous participants of different events cannot be linked,
  so the figure is an upper bound. People recorded by hand count like anonymous ones.
- Anonymous attendance by category keeps the `<5` rule (`statistics.shown_count`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Optional

from flask_babel import gettext as _
from flask_babel import get_locale, ngettext
from sqlalchemy import func

from ..extensions import db
from ..models import Mandate, Member, Organisation, Participant, Production, WorkingGroup, Workshop
from ..vocabulary import CATEGORIES, CATEGORY_SHARES, EVENT_KINDS, PRODUCTION_KINDS, PRODUCTION_STATUSES
from . import events, members, organisations
from .statistics import Period, shown_count, shown_percent

ORGANISED_KINDS = ("journee", "reunion", "autre")
CONCERNED = "personne_accompagnee"


@dataclass(frozen=True)
class Scope:
    """What a bilan covers: a period, and the mandate it is for (if any)."""
    period: Period
    mandate: Optional[Mandate] = None

    @property
    def start_day(self) -> date:
        return self.mandate.starts_on if self.mandate else self.period.start

    @classmethod
    def of_mandate(cls, mandate: Mandate) -> "Scope":
        return cls(Period(mandate.starts_on, mandate.ends_on), mandate)


def percent(count: int, total: int) -> int:
    """A whole percentage, halves rounded up (12.5 % → 13 %), as a reader rounds."""
    return (200 * count + total) // (2 * total) if total else 0


def _day(event: Workshop) -> date:
    return event.date or event.created_at.date()


def events_in(organisation_id: int, period: Period) -> list[Workshop]:
    day = func.coalesce(Workshop.date, func.date(Workshop.created_at))
    found = db.session.scalars(db.select(Workshop).where(
        Workshop.organisation_id == organisation_id, day >= period.start, day <= period.end)
        .order_by(day, Workshop.id))
    return list(found)


def _attendance(event: Workshop) -> dict:
    """Who came to one event: every participant row (live) or the counts typed by hand (recorded)."""
    if event.recorded:
        counts = {k: int(v) for k, v in (event.recorded_attendance or {}).items() if k in CATEGORIES}
        return {"total": sum(counts.values()), "members": set(), "anonymous": Counter(counts)}
    rows = db.session.execute(db.select(Participant.member_id, Participant.category)
                              .where(Participant.workshop_id == event.id, Participant.removed_at.is_(None))).all()
    return {"total": len(rows), "members": {m for m, _c in rows if m is not None},
            "anonymous": Counter(c for m, c in rows if m is None)}


def _category_lines(counts: Counter, total: int, small_rule: bool) -> list[dict]:
    lines = []
    for key, label in CATEGORIES.items():
        n = counts.get(key, 0)
        lines.append({"key": key, "label": str(label), "count": n,
                      "n": shown_count(n) if small_rule else str(n),
                      "percent": shown_percent(n, total) if small_rule else f"{percent(n, total)} %",
                      "share": None if small_rule and 0 < n < 5 else percent(n, total)})
    return lines


def _roster(groups: list[WorkingGroup], day: date) -> dict:
    per_group, together = [], Counter()
    for group in groups:
        on_roster = members.roster_at(group, day)
        counts = Counter(m.category for m in on_roster)
        together += counts
        per_group.append({"name": group.name, "total": len(on_roster),
                          "categories": _category_lines(counts, len(on_roster), small_rule=False),
                          "listed": [{"name": m.display_name, "structure": m.structure,
                                      "category": str(CATEGORIES.get(m.category, m.category))}
                                     for m in on_roster if m.consent_listed and m.purged_at is None]})
    total = sum(together.values())
    return {"day": day, "total": total, "categories": _category_lines(together, total, small_rule=False),
            "groups": per_group}


def _groups_of(organisation_id: int, mandate: Optional[Mandate]) -> list[WorkingGroup]:
    query = db.select(WorkingGroup).filter_by(organisation_id=organisation_id)
    if mandate is not None:
        query = query.where((WorkingGroup.mandate_id == mandate.id) | WorkingGroup.mandate_id.is_(None))
    return list(db.session.scalars(query.order_by(WorkingGroup.name, WorkingGroup.id)))


def _event_line(event: Workshop, seen: dict, group_names: dict[int, str]) -> dict:
    return {"id": event.id, "date": _day(event), "kind": event.kind, "kind_label": str(EVENT_KINDS[event.kind]),
            "title": event.title, "place": event.place, "organiser": event.organiser_name,
            "group": group_names.get(event.working_group_id, ""), "recorded": event.recorded,
            "attendances": seen["total"], "members": len(seen["members"]),
            "anonymous": sum(seen["anonymous"].values()),
            "delegation": _category_lines(seen["anonymous"], seen["total"], small_rule=True)
            if event.kind == "temps_fort" else None}


def build(organisation: Organisation, scope: Scope, today: Optional[date] = None) -> dict:
    today = today or date.today()
    found = events_in(organisation.id, scope.period)
    group_names = {g.id: g.name for g in db.session.scalars(
        db.select(WorkingGroup).filter_by(organisation_id=organisation.id))}
    held = [e for e in found if events.is_held(e, today)]
    lines, member_ids, anonymous, attendances = [], set(), Counter(), 0
    for event in held:
        seen = _attendance(event)
        lines.append(_event_line(event, seen, group_names))
        if event.kind in ORGANISED_KINDS:
            attendances += seen["total"]
            member_ids |= seen["members"]
            anonymous += seen["anonymous"]
    member_categories = Counter(db.session.scalars(db.select(Member.category).where(Member.id.in_(member_ids)))) \
        if member_ids else Counter()
    people = member_categories + anonymous
    distinct = len(member_ids) + sum(anonymous.values())

    def of_kind(kind: str) -> list[dict]:
        return [line for line in lines if line["kind"] == kind]

    meetings = of_kind("reunion")
    productions = list(db.session.scalars(db.select(Production).where(
        Production.organisation_id == organisation.id, Production.produced_on >= scope.period.start,
        Production.produced_on <= scope.period.end).order_by(Production.produced_on, Production.id)))
    roster = _roster(_groups_of(organisation.id, scope.mandate), scope.start_day)
    data = {
        "organisation": organisation.name,
        "short_name": organisations.short_name(organisation),
        "period": scope.period, "mandate": scope.mandate, "generated_on": today,
        "temps_forts": of_kind("temps_fort"), "journees": of_kind("journee"), "meetings": meetings,
        "others": of_kind("autre"), "events": lines,
        "meetings_per_group": [{"name": name, "count": sum(1 for m in meetings if m["group"] == name)}
                               for name in sorted({m["group"] for m in meetings})],
        "not_counted": [{"date": _day(e), "title": e.title, "kind_label": str(EVENT_KINDS[e.kind]),
                         "reason": _("importé (copie d'une archive)") if e.imported_at else _("prévu, pas encore tenu")}
                        for e in found if not events.is_held(e, today)],
        "productions": [{"title": p.title, "kind_label": str(PRODUCTION_KINDS.get(p.kind, p.kind)),
                         "date": p.produced_on, "groups": ", ".join(g.name for g in p.groups),
                         "status": p.status, "status_label": str(PRODUCTION_STATUSES[p.status]),
                         "validated_on": p.validated_on, "diffused_on": p.diffused_on} for p in productions],
        "productions_by_status": [{"label": str(label), "count": sum(1 for p in productions if p.status == key)}
                                  for key, label in PRODUCTION_STATUSES.items()],
        "roster": roster,
        "people": {"attendances": attendances, "distinct": distinct, "members": len(member_ids),
                   "anonymous": sum(anonymous.values()),
                   "categories": _category_lines(people, distinct, small_rule=True),
                   "concerned": {"n": shown_count(people[CONCERNED]), "percent": shown_percent(people[CONCERNED],
                                                                                               distinct)}},
        "counts": {"events": len(lines), "temps_forts": len(of_kind("temps_fort")),
                   "journees": len(of_kind("journee")), "meetings": len(meetings), "others": len(of_kind("autre")),
                   "productions": len(productions), "members_at_start": roster["total"]},
    }
    data["sentence"] = sentence(data)
    return data


def _form(n: int) -> int:
    """The count that picks the plural form: French, the source language, says "0 production" (0 and 1
    take the singular), which the source strings' fallback rule would not."""
    return 1 if n == 0 and str(get_locale()) == "fr" else n


def sentence(data: dict) -> str:
    """The bilan's sentence, written from the figures (categories by share, largest first)."""
    counts, roster, people = data["counts"], data["roster"], data["people"]
    parts = [
        ngettext("%(count)d temps fort où le %(name)s a participé dans le cadre du réseau national ou régional",
                 "%(count)d temps forts où le %(name)s a participé dans le cadre du réseau national ou régional",
                 _form(counts["temps_forts"]), count=counts["temps_forts"], name=data["short_name"]),
        ngettext("%(count)d production", "%(count)d productions", _form(counts["productions"]),
                 count=counts["productions"]),
        ngettext("%(count)d journée organisée par le Comité", "%(count)d journées organisées par le Comité",
                 _form(counts["journees"]), count=counts["journees"]),
    ]
    start = _("au début du mandat") if data["mandate"] else _("au début de la période")
    members_part = ngettext("%(count)d membre %(start)s pour l'ensemble des groupes",
                            "%(count)d membres %(start)s pour l'ensemble des groupes", _form(roster["total"]),
                            count=roster["total"], start=start)
    shares = sorted((line for line in roster["categories"] if line["count"]),
                    key=lambda line: -line["count"])
    if shares:
        members_part += " " + _("dont") + " " + ", ".join(
            f"{line['share']}\u00a0% {CATEGORY_SHARES[line['key']]}" for line in shares)
    parts.append(members_part)
    parts.append(ngettext("%(count)d réunion de groupe de travail", "%(count)d réunions de groupes de travail",
                          _form(counts["meetings"]), count=counts["meetings"]))
    parts.append(" ".join([
        ngettext("%(count)d personne différente venue", "%(count)d personnes différentes venues",
                 _form(people["distinct"]), count=people["distinct"]),
        ngettext("(dont %(count)d membre des groupes)", "(dont %(count)d membres des groupes)",
                 _form(people["members"]), count=people["members"]),
        ngettext("pour %(count)d présence", "pour %(count)d présences", _form(people["attendances"]),
                 count=people["attendances"])]))
    return " ; ".join(parts) + "."


def summary(organisation: Organisation, period: Period, today: Optional[date] = None) -> dict:
    """The dashboard's figures, counted as the bilan counts them."""
    data = build(organisation, Scope(period), today)
    return {"events": data["counts"]["events"], "people": data["people"]["distinct"],
            "members": data["people"]["members"], "attendances": data["people"]["attendances"],
            "productions": data["counts"]["productions"], "categories": data["people"]["categories"],
            "not_counted": len(data["not_counted"])}
