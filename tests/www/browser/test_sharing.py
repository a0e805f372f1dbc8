"""The « Lien à partager » of a fiche in Chromium, under the Content-Security-Policy (a
refused script fails the test: tests/conftest.py watches the console)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_copy_button_copies_the_short_link_that_leads_to_the_fiche(site, browser):
    context = browser.new_context(locale="fr-FR", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{site}/initiatives/")
        page.locator(".cahier-result h3 a").first.click()
        page.wait_for_load_state("load")
        # Opened from the results, the fiche's address carries the search (?page=1): the short
        # link leads to the fiche itself.
        fiche_url = page.url.split("?")[0]
        short = page.locator("#lien-court").input_value()
        assert "/f/" in short
        button = page.get_by_role("button", name="Copier le lien")
        button.click()  # shown by www/js/share.js, a static file the policy allows
        status = page.locator("[data-copie-statut]")
        status.filter(has_text="Lien copié").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == short
        # The short link leads back to the fiche (on this server: CAHIER_BASE_URL's path).
        page.goto(site + short[short.index("/f/") :])
        assert page.url == fiche_url
    finally:
        context.close()
