"""The « Pour essaimer » step with JavaScript, at 1280 px: a funder row added in place (no
page load), the origin fiche picked by typing part of its title, everything saved."""

import pytest

from tests.browser import axe_violations, log_in, screenshot

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kit_step_with_javascript(live, browser, open_call_cast):
    from cahier.catalogue.models import Initiative
    from cahier.contributions import services
    from tests.catalogue.factories import InitiativeFactory
    from tests.contributions.factories import complete_data

    contributor, call = open_call_cast.holder, open_call_cast.call
    origin = InitiativeFactory(title="Un toit un emploi")
    InitiativeFactory(title="Toits partagés d'Auvergne")
    proposal = services.initiative_save(data=complete_data(), actor=contributor, call=call)

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        log_in(page, live, "porteur@example.org")
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
