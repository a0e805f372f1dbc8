"""The four legal pages (and the sign-up form's privacy notice) on a desktop and on a phone: no serious accessibility violation
(axe-core), no horizontal scrolling (the cookies table scrolls inside its own frame), and the
footer reaches them."""

import pytest

from tests.browser import DESKTOP, PHONE, axe_violations, screenshot

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "mentions-legales": "/mentions-legales/",
    "donnees-personnelles": "/donnees-personnelles/",
    "cookies": "/cookies/",
    "accessibilite": "/accessibilite/",
    # The sign-up form and its « Vos données » notice.
    "inscription": "/inscription/",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_legal_pages_are_accessible_at_both_widths(live, browser, viewport):
    phone = viewport is PHONE
    context = browser.new_context(
        viewport=viewport, locale="fr-FR", is_mobile=phone, has_touch=phone
    )
    failures = {}
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(live + path)
            screenshot(page, ARTIFACTS / f"{viewport['width']}-{name}.png")
            violations = axe_violations(page)
            if violations:
                failures[path] = violations
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.goto(live + "/")
        page.get_by_role("link", name="Accessibilité : non conforme").click()
        page.wait_for_url(live + "/accessibilite/")
        assert page.get_by_role("heading", level=1).inner_text() == "Déclaration d’accessibilité"
    finally:
        context.close()
    assert failures == {}
