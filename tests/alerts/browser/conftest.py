"""Playwright with Debian's Chromium against pytest-django's live server; the viewports and
the axe-core audit are shared (tests/browser.py)."""

from tests.browser import artifacts

ARTIFACTS = artifacts("alerts")
