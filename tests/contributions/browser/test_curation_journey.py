"""A curator's round in a real browser, at 1280 and 375 px: the home of what needs doing, the
queue, the review page (changes requested, first without the reason: the field itself is in
error), then a duplicate merged with « Combiner »; every curation page type has no serious or
critical axe-core violation."""

import pytest

from tests.browser import DESKTOP, PHONE, axe_violations, log_in, screenshot

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page, name, shot):
    screenshot(page, ARTIFACTS / f"curation-{shot}.png")
    assert axe_violations(page) == [], name


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_curator_round(live, browser, viewport, open_call_cast):
    from cahier.catalogue.models import Initiative
    from cahier.contributions import services
    from tests.contributions.factories import complete_data

    owner, call = open_call_cast.holder, open_call_cast.call
    fiches = {}
    for title, link in [
        ("Vélos partagés Quimperlé", "https://velos.example.org"),
        ("Vélos partagés à Quimperlé", "https://cyclo.example.org"),
    ]:
        draft = services.initiative_save(
            data=complete_data(title=title, links=[link]), actor=owner, call=call
        )
        fiches[title] = services.initiative_transition(
            initiative=draft, to="submitted", actor=owner
        )
    kept = fiches["Vélos partagés Quimperlé"]
    duplicate = fiches["Vélos partagés à Quimperlé"]
    size = "phone" if viewport is PHONE else "desktop"
    context = browser.new_context(locale="fr-FR", viewport=viewport)
    try:
        page = context.new_page()
        log_in(page, live, "curatrice@example.org")
        page.goto(f"{live}/curation/")
        assert "2 fiches soumises" in page.content()
        _checked(page, "accueil", f"accueil-{size}")

        page.get_by_role("link", name="À examiner").click()
        page.wait_for_load_state()
        assert page.locator("main caption").inner_text() == "2 fiches"
        _checked(page, "file d’examen", f"file-{size}")

        page.get_by_role("link", name="Vélos partagés Quimperlé", exact=True).click()
        page.wait_for_load_state()
        _checked(page, "examen", f"examen-{size}")
        page.get_by_role("button", name="Demander des modifications").click()
        page.wait_for_load_state()
        field = page.locator(".fr-input-group--error textarea[name=reason]")
        assert field.get_attribute("aria-invalid") == "true"
        assert (
            page.locator(".fr-input-group--error .fr-error-text")
            .inner_text()
            .startswith("Indiquez le motif")
        )
        _checked(page, "examen, motif manquant", f"examen-motif-manquant-{size}")
        field.fill("Ajoutez les résultats obtenus.")
        page.get_by_role("button", name="Demander des modifications").click()
        page.wait_for_load_state()
        assert "Nouvel état : Modifications demandées." in page.content()

        page.goto(f"{live}/curation/initiatives/{duplicate.pk}/")
        page.get_by_role("link", name="Fusionner comme doublon…").click()
        page.wait_for_load_state()
        page.get_by_role("link", name="Vélos partagés Quimperlé", exact=True).first.click()
        page.wait_for_load_state()
        _checked(page, "fusion", f"fusion-{size}")
        page.locator("label[for=combiner-links]").click()
        page.get_by_role("button", name="Fusionner").click()
        page.wait_for_load_state()
        assert "Doublon fusionné dans « Vélos partagés Quimperlé »" in page.content()

        for path, name in [
            ("/curation/mises-a-jour/", "mises à jour proposées"),
            ("/curation/liens/", "liens cassés"),
            ("/curation/demandes-de-contact/", "demandes de contact"),
            ("/curation/consultations/", "consultations"),
        ]:
            page.goto(f"{live}{path}")
            assert page.locator('.fr-sidemenu [aria-current="page"]').count() == 1, name
            _checked(page, name, f"{path.strip('/').replace('/', '-')}-{size}")
    finally:
        context.close()
    kept = Initiative.objects.get(pk=kept.pk)
    assert kept.links == ["https://velos.example.org", "https://cyclo.example.org"]
    assert Initiative.objects.get(pk=duplicate.pk).status == "rejected"
