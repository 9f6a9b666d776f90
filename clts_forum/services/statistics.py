"""Composition statistics and their `<5` rule, the period a review covers, and its server-drawn chart.

The figures of a period are counted in services/bilan.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from collections import Counter

from ..extensions import db
from ..models import Participant
from ..vocabulary import CATEGORIES, GROUP_ORDER, PEER_GROUPS

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
                              .where(Participant.workshop_id.in_(workshop_ids), Participant.removed_at.is_(None))
                              ).all() if workshop_ids else []
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


BAR_WIDTH = 360


def chart(lines: list[dict]) -> dict:
    """Bars for a server-drawn SVG (no script). A count under 5 gets no bar, only its "<5" label."""
    top = max((line["count"] for line in lines if line["n"] != "<5"), default=0)
    bars = [{"label": line["label"], "n": line["n"], "percent": line["percent"], "y": 8 + 30 * i,
             "width": round(BAR_WIDTH * line["count"] / top) if top and line["n"] != "<5" else 0}
            for i, line in enumerate(lines)]
    return {"bars": bars, "height": 16 + 30 * len(bars), "bar_width": BAR_WIDTH}
