"""Playwright with Debian's Chromium against pytest-django's live server; the viewports and
the axe-core audit are the public site's (tests/www/browser/conftest.py)."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.www.browser.conftest import DESKTOP, PHONE, axe_violations  # noqa: F401

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "alerts"


@pytest.fixture(scope="session")
def browser(chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return chromium


@pytest.fixture
def live(live_server, transactional_db):
    return live_server.url
