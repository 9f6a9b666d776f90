"""The migrations build exactly the model, on SQLite and on PostgreSQL, and can be undone."""
import flask_migrate
import pytest
import sqlalchemy as sa

from clts_forum import create_app
from clts_forum.config import INSTANCE_DIR, database_uri
from clts_forum.extensions import db
from services import postgres_url, redis_url  # noqa: F401  (fixtures)


def migrated_app(url: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": database_uri(url, INSTANCE_DIR), "ASYNC_MODE": "threading",
                       "REDIS_URL": None})


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def test_migrations_match_the_model_and_downgrade_cleanly(database):
    app = migrated_app(database)
    with app.app_context():
        flask_migrate.upgrade()
        flask_migrate.check()  # raises when models.py and the migrations disagree
        assert "card" in sa.inspect(db.engine).get_table_names()
        flask_migrate.downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
