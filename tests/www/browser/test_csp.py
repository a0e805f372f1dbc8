"""Pages under the Content-Security-Policy in Chromium: a refused script or style fails the test
(tests/conftest.py watches the console of every browser test). The API docs: test_api_pages.py."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_fiche_page_keeps_its_json_ld_and_runs_its_scripts(site, page):
    page.goto(f"{site}/initiatives/")
    page.locator(".cahier-result h3 a").first.click()
    page.wait_for_load_state("load")
    # The JSON-LD block is data: Chromium neither runs it nor reports it under script-src.
    data = page.evaluate(
        "JSON.parse(document.querySelector(\"script[type='application/ld+json']\").textContent)"
    )
    assert data["@context"]
    # The print button is shown by www/js/print.js, a static file the policy allows.
    assert page.locator("[data-imprimer]").first.is_visible()
