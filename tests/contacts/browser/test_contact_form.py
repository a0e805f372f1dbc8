"""A reader asks to be put in touch, in a real browser, at 1280 and 375 px: the button on the
fiche, the form (axe-core: no serious or critical violation, empty or in error), the answer
page; the holder and the referent each get their own e-mail."""

import pytest
from django.core import mail
from django.core.cache import cache

from tests.browser import axe_violations, screenshot

from ..conftest import HOLDER, REFERENT, REQUESTER
from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"ordinateur": {"width": 1280, "height": 900}, "telephone": {"width": 375, "height": 740}}


@pytest.mark.parametrize("width", WIDTHS)
def test_contact_form_in_a_browser(live_server, browser, monkeypatch, width):
    from cahier.contacts import tokens
    from tests.catalogue.factories import InitiativeFactory

    cache.clear()
    # The minimum fill time has its own tests; here the robot is a test, not a spammer.
    monkeypatch.setattr(tokens, "MIN_FILL_SECONDS", 0)
    fiche = InitiativeFactory(slug="garage-solidaire", title="Garage solidaire", with_kit=True)
    phone = width == "telephone"
    context = browser.new_context(
        viewport=WIDTHS[width], locale="fr-FR", is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{fiche.get_absolute_url()}")
        page.get_by_role("link", name="Je souhaite m’inspirer de ce projet").click()
        page.wait_for_load_state()
        assert (
            page.get_by_role("heading", level=1)
            .inner_text()
            .startswith("Je souhaite m’inspirer de")
        )
        assert not page.locator("#id_site_web").is_visible()  # the honeypot
        assert HOLDER not in page.content() and REFERENT not in page.content()
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, ARTIFACTS / f"formulaire-{width}.png")

        # Sent empty: every problem named, nothing sent.
        page.get_by_role("button", name="Envoyer ma demande").click()
        page.wait_for_load_state()
        assert page.locator(".fr-error-text", has_text="Indiquez votre nom.").is_visible()
        assert page.locator(
            ".fr-message--error", has_text="Cochez la case pour accepter"
        ).is_visible()
        assert axe_violations(page) == []
        screenshot(page, ARTIFACTS / f"formulaire-erreurs-{width}.png")
        assert mail.outbox == []

        page.get_by_label("Votre nom").fill("Léa Martin")
        page.get_by_label("Votre organisme").fill("Ville de Lorient")
        page.get_by_label("Votre adresse électronique").fill(REQUESTER)
        page.get_by_label("Votre message").fill("Pouvons-nous visiter le garage ?")
        page.locator("label[for=id_consent]").click()
        page.get_by_role("button", name="Envoyer ma demande").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Votre demande est enregistrée"
        assert "Association Horizon" in page.content()
        assert HOLDER not in page.content() and REFERENT not in page.content()
        assert axe_violations(page) == []
        screenshot(page, ARTIFACTS / f"envoyee-{width}.png")
    finally:
        context.close()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {HOLDER, REFERENT, REQUESTER}
    assert by_recipient[HOLDER].reply_to == [REQUESTER]
    assert REFERENT not in by_recipient[HOLDER].body
    assert HOLDER not in by_recipient[REFERENT].body


@pytest.mark.parametrize("width", WIDTHS)
def test_curation_pages_in_a_browser(live_server, browser, width):
    from cahier.contacts import services
    from tests.catalogue.factories import InitiativeFactory
    from tests.contributions.factories import PASSWORD, UserFactory

    cache.clear()
    UserFactory(username="curatrice@example.org", email="curatrice@example.org", curator=True)
    fiche = InitiativeFactory(slug="garage-solidaire", title="Garage solidaire", with_kit=True)
    services.contact_request_send(
        initiative=fiche,
        requester=services.Requester(
            "Léa Martin", "Ville de Lorient", "Lorient", REQUESTER, "Bonjour"
        ),
        key="k",
    )
    phone = width == "telephone"
    context = browser.new_context(
        viewport=WIDTHS[width], locale="fr-FR", is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/connexion/")
        page.fill("input[name=username]", "curatrice@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/curation/demandes-de-contact/")
        assert page.get_by_role("cell", name="Léa Martin, Ville de Lorient (Lorient)").is_visible()
        assert REQUESTER not in page.content() and HOLDER not in page.content()
        assert axe_violations(page) == []
        screenshot(page, ARTIFACTS / f"curation-demandes-{width}.png")
        page.get_by_role("button", name="Marquer répondue").click()
        page.wait_for_load_state()
        assert page.get_by_text("marquée répondue").first.is_visible()

        page.goto(f"{live_server.url}/curation/referents-regionaux/")
        page.get_by_label("Adresse électronique — Bretagne").fill("bretag.pole3e@direccte.gouv.fr")
        page.get_by_role("button", name="Enregistrer les référents").click()
        page.wait_for_load_state()
        assert page.get_by_text("adresse DIRECCTE/DIECCTE de 2019").is_visible()
        assert axe_violations(page) == []
        screenshot(page, ARTIFACTS / f"curation-referents-{width}.png")
    finally:
        context.close()
