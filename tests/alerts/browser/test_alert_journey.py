"""« Me prévenir » from a result page, on a desktop and on a phone: the form, the page after
it, the confirmation page; no serious accessibility violation (axe-core) on any of them."""

import re

import pytest
from django.core import mail

from tests.browser import DESKTOP, PHONE, axe_violations, screenshot

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_me_prevenir_from_a_result_page(live, browser, viewport):
    from cahier.alerts.models import Subscription
    from tests.catalogue.factories import InitiativeFactory, KeywordFactory, region

    mobility = KeywordFactory(label="Mobilité", slug="mobilite")
    InitiativeFactory(title="Garage solidaire", region=region("bretagne"), keywords=[mobility])
    InitiativeFactory(title="Épicerie solidaire", region=region("normandie"))
    phone = viewport is PHONE
    context = browser.new_context(
        viewport=viewport, locale="fr-FR", is_mobile=phone, has_touch=phone
    )
    width = viewport["width"]
    try:
        page = context.new_page()
        page.goto(f"{live}/initiatives/?region=bretagne&mot_cle=mobilite")
        link = page.get_by_role("link", name="Me prévenir des nouvelles initiatives")
        assert link.is_visible()
        link.click()
        page.wait_for_url(re.compile(r"/alertes/\?region=bretagne&mot_cle=mobilite$"))
        query = page.locator(".cahier-alert-query")
        assert "Région\u00a0: Bretagne" in query.inner_text()
        assert "Mot-clé\u00a0: Mobilité" in query.inner_text()
        assert page.get_by_role("link", name="flux Atom de cette recherche").is_visible()
        assert axe_violations(page) == []
        screenshot(page, ARTIFACTS / f"formulaire-{width}.png")

        # An invalid address: a clear error, what was typed is kept.
        page.get_by_label("Votre adresse électronique").fill("lectrice@")
        page.get_by_role("button", name="Me prévenir").click()
        assert page.locator(
            ".fr-error-text", has_text="Saisissez une adresse électronique valide"
        ).is_visible()
        assert page.get_by_label("Votre adresse électronique").input_value() == "lectrice@"
        assert axe_violations(page) == []

        page.get_by_label("Votre adresse électronique").fill("lectrice@example.org")
        page.locator("label[for=id_frequency_2]").click()
        assert page.locator("#id_frequency_2").is_checked()
        page.get_by_role("button", name="Me prévenir").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Confirmez votre alerte"
        assert axe_violations(page) == []
        screenshot(page, ARTIFACTS / f"envoye-{width}.png")
        subscription = Subscription.objects.get()
        assert (subscription.frequency, subscription.confirmed) == ("mensuel", False)

        found = re.search(r"https?://[^/\s]+(/alertes/confirmer/\S+/)", mail.outbox[-1].body)
        page.goto(live + found.group(1))
        assert axe_violations(page) == []
        page.get_by_role("button", name="Confirmer mon alerte").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Alerte confirmée"
        assert axe_violations(page) == []
        screenshot(page, ARTIFACTS / f"confirmee-{width}.png")
        subscription.refresh_from_db()
        assert subscription.confirmed
    finally:
        context.close()
