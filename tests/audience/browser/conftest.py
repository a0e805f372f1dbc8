"""Playwright with Debian's Chromium against pytest-django's live server."""

import pytest

from tests.browser import artifacts

ARTIFACTS = artifacts("audience")


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium
