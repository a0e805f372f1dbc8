"""A call run end to end by two people in a real browser: the contributor proposes during an
open call, the curator asks for changes, the contributor fixes, the curator publishes, and the
fiche is found by the public search with its new revision."""

import pytest

from tests.browser import axe_violations, log_in, screenshot

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _continue(page):
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()


def test_call_journey(live, browser, open_call_cast):
    from cahier.catalogue.models import Initiative

    contributor_ctx = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    curator_ctx = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        # The contributor proposes.
        page = contributor_ctx.new_page()
        log_in(page, live, "porteur@example.org")
        page.goto(f"{live}/proposer/")
        page.get_by_role("link", name="Commencer une proposition").click()
        assert axe_violations(page) == []
        page.fill("input[name=title]", "Vélos partagés Quimperlé")
        page.select_option("select[name=region]", label="Bretagne")
        page.fill("input[name=territory]", "Quimperlé Communauté")
        _continue(page)
        page.fill(
            "textarea[name=description]",
            "Des vélos à assistance électrique prêtés aux demandeurs d'emploi pour leurs entretiens.",
        )
        _continue(page)
        page.fill("input[name=porteur]", "Association Cyclo-Emploi")
        page.fill("textarea[name=public]", "Demandeurs d'emploi sans moyen de transport")
        page.fill("textarea[name=referent_emails]", "velo@example.org")
        _continue(page)
        _continue(page)  # step 4: results left for later
        _continue(page)  # step 5: no indicators yet
        _continue(page)  # step 6: the transfer kit is optional
        page.get_by_role("button", name="Envoyer ma proposition").click()
        page.wait_for_load_state()
        assert "Votre proposition a été soumise" in page.content()
        initiative = Initiative.objects.get(title="Vélos partagés Quimperlé")

        # The curator asks for changes.
        office = curator_ctx.new_page()
        log_in(office, live, "curatrice@example.org")
        office.goto(f"{live}/curation/file/")
        office.get_by_role("link", name="Vélos partagés Quimperlé").click()
        assert axe_violations(office) == []
        office.fill("textarea[name=reason]", "Ajoutez les résultats obtenus.")
        office.get_by_role("button", name="Demander des modifications").click()
        office.wait_for_load_state()
        assert "Nouvel état : Modifications demandées." in office.content()

        # The contributor reads the request and fixes the proposal.
        page.goto(f"{live}/mes-initiatives/{initiative.pk}/")
        assert "Ajoutez les résultats obtenus." in page.content()
        page.get_by_role("link", name="Modifier", exact=True).click()
        page.goto(f"{live}/mes-initiatives/{initiative.pk}/etape/4/")
        page.fill("textarea[name=results]", "42 personnes ont repris un emploi grâce aux vélos.")
        _continue(page)
        page.goto(f"{live}/mes-initiatives/{initiative.pk}/apercu/")
        screenshot(page, ARTIFACTS / "apercu.png")
        assert axe_violations(page) == []
        page.get_by_role("button", name="Envoyer ma proposition").click()
        page.wait_for_load_state()

        # The curator sees the new revision in the history, then publishes.
        office.goto(f"{live}/curation/initiatives/{initiative.pk}/historique/")
        office.get_by_role("link", name="Différences avec la précédente").first.click()
        inserted = office.locator("ins.diff-ins").all_inner_texts()
        assert "42 personnes ont repris un emploi grâce aux vélos." in " ".join(inserted)
        office.goto(f"{live}/curation/initiatives/{initiative.pk}/")
        office.get_by_role("button", name="Publier").click()
        office.wait_for_load_state()
        screenshot(office, ARTIFACTS / "curation.png")

        # Anyone finds it through the public search, with the fixed text.
        public = browser.new_page()
        public.goto(f"{live}/initiatives/?q=vélos+Quimperlé")
        public.get_by_role("link", name="Vélos partagés Quimperlé").first.click()
        public.wait_for_load_state()
        assert "42 personnes ont repris un emploi" in public.content()
        public.close()
    finally:
        contributor_ctx.close()
        curator_ctx.close()
    initiative.refresh_from_db()
    assert initiative.status == "published"
