"""The « Pour essaimer » step with JavaScript, at 1280 px: a funder row added in place (no
page load), the origin fiche picked by typing part of its title, everything saved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import axe_violations, screenshot

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"


def test_kit_step_with_javascript(live, browser):
    from cahier.catalogue.models import Initiative
    from cahier.contributions import accounts, services
    from tests.catalogue.factories import InitiativeFactory
    from tests.contributions.factories import UserFactory, complete_data

    curator = UserFactory(username="curatrice@example.org", email="curatrice@example.org")
    accounts.curator_grant(user=curator)
    contributor = UserFactory(username="porteur@example.org", email="porteur@example.org")
    call = services.call_save(
        actor=curator,
        title="Appel 2026",
        text="Proposez vos initiatives.",
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=30),
    )
    origin = InitiativeFactory(title="Un toit un emploi")
    InitiativeFactory(title="Toits partagés d'Auvergne")
    proposal = services.initiative_save(data=complete_data(), actor=contributor, call=call)

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live}/connexion/")
        page.fill("input[name=username]", "porteur@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        step = f"{live}/mes-initiatives/{proposal.pk}/etape/6/"
        page.goto(step)
        assert axe_violations(page) == []

        page.locator("label[for=id_project_status_0]").click()  # « En cours » (DSFR radio)
        page.fill("input[name=funders-0-name]", "Région Auvergne-Rhône-Alpes")
        page.select_option("select[name=funders-0-type]", label="Région")
        funders = page.locator("#records-funders")
        funders.get_by_role("button", name="Ajouter une ligne").click()
        # Added in place: same page, one more row, focus in it.
        assert page.url == step
        assert page.locator("input[name=funders-1-name]").is_visible()
        assert page.evaluate("document.activeElement.name") == "funders-1-name"
        assert page.input_value("input[name=funders-rows]") == "2"
        page.keyboard.type("Fonds social européen")
        page.select_option("select[name=funders-1-type]", label="FSE / FSE+")

        # The origin, by typing: the select is replaced by a search.
        assert not page.locator("select[name=replication_of]").is_visible()
        page.get_by_role("combobox", name="Fiche d’origine").fill("toit emploi")
        option = page.get_by_role("option", name="Un toit un emploi (Bretagne)")
        option.wait_for()
        assert page.locator("#origin-search-results [role=option]").count() == 1  # all words
        option.click()
        assert (
            "Fiche choisie\u00a0: Un toit un emploi" in page.locator(".origin-search").inner_text()
        )
        assert page.locator("input[name=lineage][value=fiche]").is_checked()
        page.fill("textarea[name=adaptations]", "Un seul bailleur au lieu de trois.")
        screenshot(page, ARTIFACTS / "pour-essaimer.png")
        assert axe_violations(page) == []

        page.get_by_role("button", name="Enregistrer et continuer").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/mes-initiatives/{proposal.pk}/apercu/")
        content = page.content()
        assert "Région Auvergne-Rhône-Alpes (Région)" in content
        assert "Fonds social européen (FSE / FSE+)" in content
    finally:
        context.close()

    proposal = Initiative.objects.get(pk=proposal.pk)
    assert proposal.project_status == "en cours"
    assert [f["name"] for f in proposal.funders] == [
        "Région Auvergne-Rhône-Alpes",
        "Fonds social européen",
    ]
    assert proposal.replication_of == origin
    assert proposal.adaptations == "Un seul bailleur au lieu de trois."
