"""Each visit of a step is kept: going back to an earlier step adds to the timeline, never rewrites it."""
from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

from pypdf import PdfReader

from clts_forum.actors import Actor
from clts_forum.exports import archive, pdf, report
from clts_forum.extensions import db
from clts_forum.models import StepVisit
from clts_forum.services import retention, steps

NINE = datetime(2026, 3, 12, 8, 0)  # 9:00 in Paris


def test_going_back_to_a_step_keeps_both_visits_in_the_timeline(workshop, facilitator, monkeypatch):
    clock = {"now": NINE}
    monkeypatch.setattr(steps, "utcnow", lambda: clock["now"])
    monkeypatch.setattr(retention, "utcnow", lambda: clock["now"])
    by_kind = {step.kind: step for step in workshop.steps}

    def go(kind: str, at_minute: int) -> None:
        clock["now"] = NINE + timedelta(minutes=at_minute)
        steps.goto(facilitator, step_id=by_kind[kind].id, from_step_id=workshop.current_step_id)

    go("perceptions", 0)
    go("tracks", 30)
    go("perceptions", 50)  # back for a forgotten perception
    go("tracks", 60)
    clock["now"] = NINE + timedelta(minutes=75)
    retention.close(Actor(role="organiser", workshop_id=workshop.id, label="Claire"), workshop)

    visits = db.session.scalars(db.select(StepVisit).order_by(StepVisit.started_at)).all()
    assert [(v.step.kind, v.started_at.minute, v.ended_at.minute) for v in visits] == [
        ("perceptions", 0, 30), ("tracks", 30, 50), ("perceptions", 50, 0), ("tracks", 0, 15)]
    timeline = report.build(workshop)["timeline"]
    visited = [(t["title"], t["started"][-5:], t["lasted"], t["visit"]) for t in timeline if t["visit"]]
    perceptions, tracks = by_kind["perceptions"].title, by_kind["tracks"].title
    assert visited == [(perceptions, "09:00", 30, 1), (tracks, "09:30", 20, 1), (perceptions, "09:50", 10, 2),
                       (tracks, "10:00", 15, 2)]
    assert all(t["lasted"] is None for t in timeline if not t["visit"])  # steps never reached, listed after
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.render(report.build(workshop)))).pages)
    assert f"{perceptions} (passage n° 2)" in text.replace("\n", " ") and "-1 min" not in text

    again = archive.restore(json.loads(json.dumps(archive.export(workshop))))
    assert [(t["title"], t["lasted"], t["visit"]) for t in report.build(again)["timeline"] if t["visit"]] == [
        (title, lasted, visit) for title, _start, lasted, visit in visited]


def test_a_workshop_without_recorded_visits_counts_one_per_started_step(app):
    import factory

    festival = factory.build()  # written straight to the database, as an older workshop would be
    timeline = report.build(festival)["timeline"]
    assert [t["lasted"] for t in timeline] == [40] * len(festival.steps) and {t["visit"] for t in timeline} == {1}
