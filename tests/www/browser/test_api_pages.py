"""The API's pages for people in Chromium: /api/v1/docs renders Swagger UI from our own static
files with nothing asked of another origin (an État intranet has no outside network) and no
Content-Security-Policy violation (tests/conftest.py fails the test on any); /api/v1/ passes
axe-core at both widths."""

from urllib.parse import urlsplit

import pytest

from tests.browser import PHONE, axe_violations

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _offline(tab) -> list[str]:
    """Refuse every request to another host, as a closed network would; returns their URLs."""
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if urlsplit(url).hostname in {"localhost", "127.0.0.1"} or url.startswith("data:"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    tab.route("**/*", route)
    return outside


def test_the_docs_render_offline_under_the_policy(site, page, phone):
    for width, tab in (("bureau", page), ("telephone", phone)):
        outside = _offline(tab)
        tab.goto(f"{site}/api/v1/docs")
        tab.get_by_text("Rechercher les initiatives").first.wait_for()
        assert tab.locator(".opblock").count() > 5
        assert tab.locator("html").get_attribute("lang") == "fr"
        assert tab.title().startswith("Documentation interactive")
        # Opening an operation shows its French parameter descriptions, from our schema.
        tab.get_by_text("Rechercher les initiatives").first.click()
        tab.locator(".opblock-body .parameters").first.wait_for()
        shot(tab, f"{width}-api-docs")
        assert outside == []
        # Swagger UI's own markup is third-party: its axe results are printed for the record
        # (docs/website.md), not asserted; our bar above it is checked with the landing page.
        print(width, "axe /api/v1/docs:", [(v["id"], v["impact"]) for v in axe_violations(tab)])


def test_the_landing_page_is_accessible_at_both_widths(site, page, phone):
    failures = {}
    for width, tab in (("bureau", page), ("telephone", phone)):
        tab.goto(f"{site}/api/v1/")
        assert tab.get_by_role("heading", level=1).inner_text() == "API et données ouvertes"
        shot(tab, f"{width}-api")
        if width == "telephone":
            assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if violations := axe_violations(tab):
            failures[width] = violations
    assert failures == {}
    page.get_by_role("link", name="Documentation interactive", exact=True).click()
    page.get_by_text("Rechercher les initiatives").first.wait_for()
