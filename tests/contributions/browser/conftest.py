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


AXE = Path(settings.BASE_DIR) / "tests" / "www" / "assets" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the current page (the site's copy of axe)."""
    # Evaluated through the DevTools protocol: an inline <script> tag would be refused by the
    # Content-Security-Policy (and fail the test, see tests/conftest.py).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
