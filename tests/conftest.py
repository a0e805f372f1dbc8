"""Shared fixtures.

`make test` runs the suite twice: on SQLite (everything), then with CAHIER_TEST_DATABASE_URL
pointing at PostgreSQL for the tests marked `postgres`. When that server cannot be reached the
second pass reports those tests as skipped, with the reason."""

import os
import socket
from urllib.parse import urlparse

import pytest

PG_URL = os.environ.get("CAHIER_TEST_DATABASE_URL", "")


def _postgres_unreachable_reason() -> str | None:
    if not PG_URL.startswith("postgres"):
        return None
    parsed = urlparse(PG_URL)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 5432
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as error:
        return f"PostgreSQL injoignable sur {host}:{port} ({error}) : tests PostgreSQL ignorés"


_PG_SKIP_REASON = _postgres_unreachable_reason()


def pytest_collection_modifyitems(config, items):
    if _PG_SKIP_REASON:
        skip = pytest.mark.skip(reason=_PG_SKIP_REASON)
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The region table is seeded by a data migration; nothing else is global."""
    yield


@pytest.fixture
def on_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"
