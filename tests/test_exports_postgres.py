"""The exports, the period's figures and the bilan, the purge and the archive round trip on PostgreSQL too."""
from __future__ import annotations

import json
from datetime import date

from clts_forum import create_app
from clts_forum.config import INSTANCE_DIR, database_uri
from clts_forum.exports import archive, document, pdf, report
from clts_forum.extensions import db
from clts_forum.models import utcnow
from clts_forum.services import bilan, retention
from clts_forum.services.statistics import Period
from clts_forum.actors import Actor

import factory
from services import postgres_url  # noqa: F401  (fixture)


def test_exports_statistics_and_round_trip_on_postgresql(postgres_url):  # noqa: F811
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri(postgres_url, INSTANCE_DIR), "ASYNC_MODE": "threading",
                      "REDIS_URL": None, "TESTING": True})
    with app.app_context(), app.test_request_context():
        db.create_all()
        try:
            festival = factory.build()
            built = report.build(festival)
            assert built["participation"]["total_shown"] == "11" and pdf.render(built) and document.render(built)
            figures = bilan.summary(festival.organisation, Period.parse(None, None, date.today()))
            assert figures["events"] == 1 and figures["people"] == 11
            first = archive.export(festival)
            second = archive.export(archive.restore(json.loads(json.dumps(first))))
            first.pop("exported_at"), second.pop("exported_at")
            assert first == second
            festival.final_export_at = utcnow()
            assert retention.purge_identities(Actor(role="organiser", workshop_id=festival.id, label="C"), festival) == 11
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def test_the_bilan_counts_the_same_on_postgresql(postgres_url):  # noqa: F811
    import mandate

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri(postgres_url, INSTANCE_DIR), "ASYNC_MODE": "threading",
                      "REDIS_URL": None, "TESTING": True})
    with app.app_context(), app.test_request_context():
        db.create_all()
        try:
            built = mandate.build()
            data = bilan.build(built.organisation, bilan.Scope.of_mandate(built.mandate))
            assert data["counts"] == mandate.EXPECTED["counts"] and data["sentence"] == mandate.SENTENCE
            assert {k: data["people"][k] for k in mandate.EXPECTED["people"]} == mandate.EXPECTED["people"]
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
