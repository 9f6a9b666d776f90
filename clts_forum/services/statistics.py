"""The organiser's yearly review: workshops, participants by category, productions, over a period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from collections import Counter

from sqlalchemy import func, or_

from ..extensions import db
from ..models import Participant, Workshop
from ..vocabulary import CATEGORIES, GROUP_ORDER, PEER_GROUPS
from . import synthesis

SMALL_COUNT = 5


def shown_count(count: int) -> str:
    """A composition count as exports print it: from 1 to 4 people could be recognised."""
    return "<5" if 0 < count < SMALL_COUNT else str(count)


def shown_percent(count: int, total: int) -> str:
    """The share of a count; left out with the count itself when the count is under 5."""
    if not total or 0 < count < SMALL_COUNT:
        return "—"
    return f"{round(100 * count / total)} %"


def participation(workshop_ids: list[int]) -> dict:
    """n and % per category and per peer group, with the small-count rule applied (`n`, `percent`)."""
    rows = db.session.execute(db.select(Participant.category, Participant.peer_group)
                              .where(Participant.workshop_id.in_(workshop_ids))).all() if workshop_ids else []
    total = len(rows)
    by_category = Counter(category for category, _group in rows)
    by_group = Counter(group for _category, group in rows)

    def line(key: str, label: object, count: int) -> dict:
        return {"key": key, "label": str(label), "count": count, "n": shown_count(count),
                "percent": shown_percent(count, total)}

    return {"total": total, "total_shown": shown_count(total),
            "categories": [line(k, label, by_category[k]) for k, label in CATEGORIES.items()],
            "groups": [line(g, PEER_GROUPS[g], by_group[g]) for g in GROUP_ORDER]}


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def parse(cls, start: Optional[str], end: Optional[str], today: date) -> "Period":
        """From/to as typed (YYYY-MM-DD); the current calendar year by default or when unreadable."""
        def read(value: Optional[str], default: date) -> date:
            try:
                return date.fromisoformat(value) if value else default
            except ValueError:
                return default
        first = read(start, date(today.year, 1, 1))
        last = read(end, date(today.year, 12, 31))
        return cls(min(first, last), max(first, last))


def workshops_in(period: Period, owner_id: Optional[int]) -> list[Workshop]:
    """The organiser's workshops dated in the period (undated ones count on their creation day)."""
    day = func.coalesce(Workshop.date, func.date(Workshop.created_at))
    query = db.select(Workshop).where(day >= period.start, day <= period.end)
    if owner_id is not None:
        query = query.where(or_(Workshop.created_by_id == owner_id, Workshop.created_by_id.is_(None)))
    return list(db.session.scalars(query.order_by(Workshop.date, Workshop.id)))


def review(period: Period, owner_id: Optional[int]) -> dict:
    found = workshops_in(period, owner_id)
    ids = [w.id for w in found]
    return {
        "period": period,
        "workshops": len(found),
        "productions": sum(1 for w in found if synthesis.is_final(w.id)),
        "participation": participation(ids),
    }


BAR_WIDTH = 360


def chart(lines: list[dict]) -> dict:
    """Bars for a server-drawn SVG (no script). A count under 5 gets no bar, only its "<5" label."""
    top = max((line["count"] for line in lines if line["n"] != "<5"), default=0)
    bars = [{"label": line["label"], "n": line["n"], "percent": line["percent"], "y": 8 + 30 * i,
             "width": round(BAR_WIDTH * line["count"] / top) if top and line["n"] != "<5" else 0}
            for i, line in enumerate(lines)]
    return {"bars": bars, "height": 16 + 30 * len(bars), "bar_width": BAR_WIDTH}
