"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium (`apt-get install -y chromium`).
Screenshots go to test-artifacts/www/ (git-ignored)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "www"
AXE = Path(__file__).resolve().parent.parent / "assets" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def browser(chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return chromium


@pytest.fixture
def site(live_server, transactional_db):
    """The live server holding the real 2019 cahier (46 fiches, 102 acronyms).

    Regions flushed by the previous live-server test are put back by tests/conftest.py."""
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
    # Evaluated through the DevTools protocol: an inline <script> tag would be refused by the
    # Content-Security-Policy (and fail the test, see tests/conftest.py).
    page.evaluate(AXE.read_text(encoding="utf-8"))
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
