"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium (`apt-get install -y chromium`).
Screenshots go to test-artifacts/www/ (git-ignored)."""

import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

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
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "www"
AXE = Path(__file__).resolve().parent.parent / "assets" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : tests navigateur ignorés (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", autouse=True)
def _reseed_regions(django_db_blocker):
    """Live-server tests flush the database; put back the regions the migration seeded."""
    yield
    from cahier.catalogue.models import Region

    regions = Path(settings.BASE_DIR) / "cahier" / "catalogue" / "data" / "regions.json"
    with django_db_blocker.unblock():
        for row in json.loads(regions.read_text(encoding="utf-8")):
            Region.objects.update_or_create(slug=row["slug"], defaults=row)


@pytest.fixture
def site(live_server, transactional_db, _reseed_regions):
    """The live server holding the real 2019 cahier (46 fiches, 102 acronyms)."""
    from cahier.catalogue.models import Region

    if not Region.objects.exists():
        regions = Path(settings.BASE_DIR) / "cahier" / "catalogue" / "data" / "regions.json"
        for row in json.loads(regions.read_text(encoding="utf-8")):
            Region.objects.update_or_create(slug=row["slug"], defaults=row)
    call_command(
        "import",
        str(settings.CAHIER_DEFAULT_DOCUMENT),
        verbosity=0,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the current page."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
