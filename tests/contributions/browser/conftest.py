"""Playwright with Debian's Chromium (/usr/bin/chromium) against pytest-django's live server."""

from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "contributions"


@pytest.fixture(scope="session")
def browser(chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return chromium


@pytest.fixture
def live(live_server, transactional_db):
    """The live server's URL (regions are put back after each flush by tests/conftest.py)."""
    return live_server.url
