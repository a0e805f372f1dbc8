"""Playwright with Debian's Chromium against pytest-django's live server; the viewports and
the axe-core audit are shared (tests/browser.py)."""

import pytest

from tests.browser import artifacts

ARTIFACTS = artifacts("legal")


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium


@pytest.fixture
def live(live_server, transactional_db):
    return live_server.url
