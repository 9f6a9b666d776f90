"""The real PostgreSQL and Redis of the machine, for the multi-worker tests.

Where a service is absent the tests skip with the reason, except under CI=true, where a missing
service is a failure: those tests must run there.
"""
from __future__ import annotations

import os
import uuid

import pytest

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} — required under CI=true")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh database for this module, dropped afterwards."""
    import psycopg2

    try:
        admin = psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        unavailable(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {error}".strip())
    admin.autocommit = True
    name = f"clts_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


@pytest.fixture(scope="module")
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        unavailable(f"Redis not reachable at {REDIS_TEST_URL}: {error}")
    return REDIS_TEST_URL
