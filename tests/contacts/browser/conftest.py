"""Playwright with Debian's Chromium against pytest-django's live server."""

from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "contacts"


@pytest.fixture(scope="session")
def browser(chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return chromium
