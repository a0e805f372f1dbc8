"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium (`apt-get install -y chromium`).
Screenshots go to test-artifacts/www/ (git-ignored)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser import DESKTOP, PHONE, artifacts, screenshot

ARTIFACTS = artifacts("www")


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
    screenshot(page, ARTIFACTS / f"{name}.png")
