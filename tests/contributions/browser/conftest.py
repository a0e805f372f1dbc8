"""Playwright with Debian's Chromium (/usr/bin/chromium) against pytest-django's live server."""

import pytest

from tests.browser import artifacts

ARTIFACTS = artifacts("contributions")


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium


@pytest.fixture
def live(live_server, transactional_db):
    """The live server's URL (regions are put back after each flush by tests/conftest.py)."""
    return live_server.url
