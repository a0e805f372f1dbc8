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


_TRANSACTIONAL = ("transactional_db", "live_server", "django_db_reset_sequences")


@pytest.fixture(autouse=True)
def _reference_regions(request):
    """Regions are reference data seeded by a migration; transactional tests flush them, so
    put them back before any test that touches the database."""
    marker = request.node.get_closest_marker("django_db")
    transactional = any(name in request.fixturenames for name in _TRANSACTIONAL) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        yield
        return
    from cahier.catalogue.services import regions_seed

    regions_seed()
    yield


@pytest.fixture
def on_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    """One Debian Chromium for the whole session, driven by Playwright's sync API.

    Shared by every app's browser tests: two sync Playwright instances cannot live in one
    thread. Never `playwright install`; skipped with the reason when Chromium is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} absent : tests navigateur ignorés (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
