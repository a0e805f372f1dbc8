"""Playwright with Debian's Chromium (/usr/bin/chromium) against pytest-django's live server."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "contributions"
REGIONS = Path(settings.BASE_DIR) / "cahier" / "catalogue" / "data" / "regions.json"


def _seed_regions():
    from cahier.catalogue.models import Region

    for row in json.loads(REGIONS.read_text(encoding="utf-8")):
        Region.objects.update_or_create(slug=row["slug"], defaults=row)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : tests navigateur ignorés (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live(live_server, transactional_db, django_db_blocker):
    """The live server's URL; regions put back after the flush that ends the test."""
    _seed_regions()
    yield live_server.url
    with django_db_blocker.unblock():
        _seed_regions()
