"""Playwright with Debian's Chromium against pytest-django's live server."""

from tests.browser import artifacts

ARTIFACTS = artifacts("audience")
