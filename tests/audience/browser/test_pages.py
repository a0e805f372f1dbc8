"""The readings in a real browser, at 1280 and 375 px: the holder's fiche page (table by month)
and the curators' ranking pass axe-core (no serious or critical violation) and do not overflow
the phone's width; the browser's own visit, headless, is not counted."""

import pytest
from django.db.models import Sum

from tests.browser import DESKTOP, PHONE, axe_violations, screenshot
from tests.contributions.factories import PASSWORD

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"ordinateur": DESKTOP, "telephone": PHONE}


def _login(page, base, email):
    page.goto(f"{base}/connexion/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _check(page, name):
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, ARTIFACTS / f"{name}.png")


@pytest.mark.parametrize("width", WIDTHS)
def test_readings_pages_in_a_browser(live_server, browser, width):
    from cahier.audience.models import FicheViews
    from tests.audience.conftest import holder_fiche
    from tests.audience.test_pages import readings
    from tests.contributions.factories import UserFactory

    curator = UserFactory(username="curatrice@example.org", curator=True)
    holder = UserFactory(username="porteur@example.org", email="porteur@example.org")
    fiche = holder_fiche(holder, curator, "Garage solidaire")
    readings(fiche, 12)
    readings(fiche, 30, days_ago=70)
    phone = width == "telephone"
    for email, path, name, shown in (
        ("porteur@example.org", f"/mes-initiatives/{fiche.pk}/", "porteur", "42 au total"),
        ("curatrice@example.org", "/curation/consultations/", "curation", "42 consultations"),
    ):
        context = browser.new_context(
            viewport=WIDTHS[width], locale="fr-FR", is_mobile=phone, has_touch=phone
        )
        page = context.new_page()
        try:
            page.goto(f"{live_server.url}{fiche.get_absolute_url()}")  # headless: not counted
            _login(page, live_server.url, email)
            page.goto(f"{live_server.url}{path}")
            assert shown in page.locator("main").inner_text()
            _check(page, f"{name}-{width}")
        finally:
            context.close()
    assert FicheViews.objects.aggregate(n=Sum("views"))["n"] == 42
