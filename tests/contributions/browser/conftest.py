"""Playwright with Debian's Chromium (/usr/bin/chromium) against pytest-django's live server."""

from tests.browser import artifacts

ARTIFACTS = artifacts("contributions")
