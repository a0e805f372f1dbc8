"""The project holder's whole journey, in a real browser at 1280 and 375 px: sign up, open the
activation mail, log in, meet an error in a step (the summary at the top, « Erreur : » in the
title), see in the preview what is missing with a link to its field, send, read the curator's
reason for « modifications demandées », fix and send again. Every kind of page passes axe."""

import re
import shutil
from pathlib import Path

import pytest
from django.core import mail

from tests.browser import DESKTOP, PHONE, axe_violations, screenshot

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"
EMAIL = "porteuse@example.org"
SHOTS = Path("/work/shots/holder")


def _shot(page, name: str, width: int) -> None:
    path = ARTIFACTS / f"porteur-{name}-{width}.png"
    screenshot(page, path)
    if SHOTS.is_dir():  # the lead's review folder, when there is one
        shutil.copy(path, SHOTS / path.name)


def _continue(page):
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_holder_journey(live, browser, viewport, open_call_cast):
    from cahier.catalogue.enums import PublicationStatus as S
    from cahier.catalogue.models import Initiative
    from cahier.contributions import services

    width = viewport["width"]
    context = browser.new_context(locale="fr-FR", viewport=viewport)
    page = context.new_page()
    try:
        # Sign up: one name for the identifier, optional fields marked, nothing else.
        page.goto(f"{live}/inscription/")
        form = page.locator("main form")
        assert form.get_by_label("Adresse électronique").count() == 1
        assert "Prénom (facultatif)" in form.inner_text()
        assert "Sauf mention contraire, tous les champs sont obligatoires." in page.content()
        assert "Optionnel" not in page.content()
        assert axe_violations(page) == []
        _shot(page, "inscription", width)
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=first_name]", "Awa")
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.get_by_role("button", name="Créer mon compte").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Vérifiez votre messagerie").is_visible()
        assert page.get_by_role("button", name="Renvoyer le lien").is_visible()
        assert axe_violations(page) == []
        _shot(page, "verifiez", width)
        # « Renvoyer le lien »: a new mail, whose link replaces the first one.
        page.get_by_role("button", name="Renvoyer le lien").click()
        page.wait_for_load_state()
        assert "un nouveau lien vient de lui être envoyé" in page.content()
        links = [re.search(r"https?://\S+/inscription/confirmer/\S+/", m.body) for m in mail.outbox]
        assert len(links) == 2 and all(links)
        path = links[-1].group(0).split("/inscription/")[1]
        page.goto(f"{live}/inscription/{path}")
        page.wait_for_load_state()
        assert "votre compte activé" in page.content()
        context.clear_cookies()  # signed out

        # Log in: the identifier has the same name as at sign-up.
        page.goto(f"{live}/connexion/")
        assert page.locator("label[for=id_username]").inner_text().strip() == (
            "Adresse électronique"
        )
        assert axe_violations(page) == []
        page.fill("input[name=username]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()

        # Step 1 sent empty: the summary on top, « Erreur : » in the title, links to fields.
        page.goto(f"{live}/proposer/nouvelle/")
        _continue(page)
        assert page.title().startswith("Erreur\u00a0: ")
        summary = page.locator("[data-error-summary]")
        assert summary.get_attribute("role") == "alert"
        assert "Le formulaire contient 2\u00a0erreurs" in summary.inner_text()
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
        assert axe_violations(page) == []
        _shot(page, "etape-erreur", width)
        summary.get_by_role("link", name=re.compile("Titre de l’initiative")).click()
        assert page.evaluate("document.activeElement.id") == "id_title"
        page.fill("input[name=title]", "Vélos partagés Quimperlé")
        page.select_option("select[name=region]", label="Bretagne")
        page.fill("input[name=territory]", "Quimperlé Communauté")
        _continue(page)
        initiative = Initiative.objects.get(title="Vélos partagés Quimperlé")
        assert not page.title().startswith("Erreur")

        # Steps 2 and 3 left empty: not « complétée » in the stepper; the preview links there.
        page.goto(f"{live}/mes-initiatives/{initiative.pk}/apercu/")
        states = page.locator("[data-step-state]")
        assert states.nth(0).get_attribute("data-step-state") == "complétée"
        assert states.nth(1).get_attribute("data-step-state") == "à compléter"
        assert states.nth(2).get_attribute("data-step-state") == "à compléter"
        assert axe_violations(page) == []
        _shot(page, "apercu-incomplet", width)
        page.get_by_role("link", name="Décrivez le projet (étape 2).").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/mes-initiatives/{initiative.pk}/etape/2/#id_description")
        assert "Descriptif du projet (facultatif)" not in page.content()
        assert axe_violations(page) == []
        page.fill(
            "textarea[name=description]",
            "Des vélos à assistance électrique prêtés aux demandeurs d'emploi.",
        )
        _continue(page)
        page.fill("input[name=porteur]", "Association Cyclo-Emploi")
        page.fill("textarea[name=public]", "Demandeurs d'emploi sans moyen de transport")
        page.fill("textarea[name=referent_emails]", "velo@example.org")
        _continue(page)
        assert axe_violations(page) == []  # step 4, the suggestions
        page.goto(f"{live}/mes-initiatives/{initiative.pk}/etape/6/")
        kit = page.content()
        for label in ["Contacts du porteur", "Budget annuel", "Financeurs"]:
            assert label in kit  # issue 10's structured contacts, budget and funders
        assert axe_violations(page) == []
        _shot(page, "etape-6", width)
        page.goto(f"{live}/mes-initiatives/{initiative.pk}/apercu/")
        assert "Il manque des informations" not in page.content()
        page.get_by_role("button", name="Envoyer ma proposition").click()
        page.wait_for_load_state()
        assert "Votre proposition a été soumise" in page.content()

        # The curator asks for changes; the holder reads the reason where the alert says.
        initiative.refresh_from_db()
        services.initiative_transition(
            initiative=initiative,
            to=S.CHANGES_REQUESTED,
            actor=open_call_cast.curator,
            reason="Ajoutez les résultats obtenus.",
        )
        page.goto(f"{live}/mes-initiatives/")
        assert page.locator("td[data-label='État']").first.is_visible()
        # Nothing of the table runs off the screen (on phones: one card per proposal).
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        _shot(page, "mes-initiatives", width)
        page.get_by_role("link", name="Vélos partagés Quimperlé").first.click()
        page.wait_for_load_state()
        crumbs = page.locator(".fr-breadcrumb__list li").all_text_contents()
        assert [c.strip() for c in crumbs] == ["Accueil", "Mes initiatives", initiative.title]
        alert = page.locator("#modifications-demandees")
        assert "Ajoutez les résultats obtenus." in alert.inner_text()
        comments = page.locator("h2#commentaires ~ .fr-callout").first
        assert "Ajoutez les résultats obtenus." in comments.inner_text()
        assert "Aucun commentaire" not in page.content()
        assert axe_violations(page) == []
        _shot(page, "modifications-demandees", width)

        # Fix and send again.
        page.goto(f"{live}/mes-initiatives/{initiative.pk}/etape/4/")
        page.fill("textarea[name=results]", "42 personnes ont repris un emploi grâce aux vélos.")
        _continue(page)
        page.goto(f"{live}/mes-initiatives/{initiative.pk}/apercu/")
        page.get_by_role("button", name="Envoyer ma proposition").click()
        page.wait_for_load_state()
        assert "Votre proposition a été soumise" in page.content()
    finally:
        context.close()
    initiative.refresh_from_db()
    assert initiative.status == S.SUBMITTED
    assert "42 personnes" in initiative.results
