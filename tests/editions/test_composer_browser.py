"""The editions pages in a real browser, at 1280 and 375 px: no serious axe-core violation on
the list, the new-edition form, the composer, an edition's page and the make-current page;
the composer's filter (live count) and « Tout cocher » work in the page; the browser's print
of a short fiche is one page with its address and date."""

import re

import pytest
from playwright.sync_api import expect

from cahier.editions import services
from tests.browser import DESKTOP, PHONE, artifacts, axe_violations, log_in, screenshot
from tests.catalogue import factories as f
from tests.contributions.factories import UserFactory
from tests.editions.factories import EditionFactory
from tests.editions.pdftext import pdf_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = artifacts("editions")
WIDTHS = {"ordinateur": DESKTOP, "telephone": PHONE}


def _catalogue():
    UserFactory(username="curatrice@example.org", email="curatrice@example.org", curator=True)
    fiches = [
        f.InitiativeFactory(title=title, region=f.region(region))
        for region, title in [
            ("bretagne", "Mobilité solidaire"),
            ("bretagne", "Garage solidaire"),
            ("auvergne-rhone-alpes", "Un toit, un emploi"),
            ("la-reunion", "PréKap'r"),
            ("la-reunion", "Mobilité lontan"),
        ]
    ]
    published = EditionFactory(slug="2019", year=2019, initiatives=fiches[:3], published=True)
    EditionFactory(slug="2027", year=2027, initiatives=fiches[:1], published=True, current=False)
    services.edition_create(slug="cahier-2031", year=2031, title="Le cahier")
    return published


@pytest.mark.parametrize("width", WIDTHS)
def test_editions_pages_pass_axe_and_the_composer_filters_and_ticks(live, browser, width):
    _catalogue()
    context = browser.new_context(viewport=WIDTHS[width], locale="fr-FR")
    page = context.new_page()
    log_in(page, live, "curatrice@example.org")
    failures = {}
    for name, path in [
        ("liste", "/editions/"),
        ("nouvelle", "/editions/nouvelle/"),
        ("composer", "/editions/cahier-2031/composer/"),
        ("edition", "/editions/2019/"),
        ("reference", "/editions/2027/reference/"),
    ]:
        page.goto(live + path)
        if violations := axe_violations(page):
            failures[name] = violations
        screenshot(page, ARTIFACTS / f"{width}-{name}.png")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert failures == {}

    # The composer with JavaScript: the filter shows the matching fiches and says how many.
    page.goto(live + "/editions/cahier-2031/composer/")
    count = page.locator("#filtre-fiches-compte")
    expect(count).to_have_text("5\u00a0fiches publiées, 0\u00a0cochée.")
    page.get_by_label("Filtrer les fiches").fill("mobilite")
    expect(count).to_have_text("2\u00a0fiches affichées sur 5, 0\u00a0cochée en tout.")
    assert page.locator("#region-auvergne-rhone-alpes").is_hidden()
    # « Tout cocher » ticks the shown fiches, in the page (nothing posted).
    page.get_by_role("button", name="Tout cocher (toutes les régions)").click()
    assert page.locator("input[type=checkbox]:checked").count() == 2
    page.get_by_label("Filtrer les fiches").fill("")
    page.get_by_role("button", name="Tout cocher (Bretagne)").click()
    assert page.locator("input[type=checkbox]:checked").count() == 3
    assert page.locator("#region-bretagne-legend").inner_text().endswith("2\u00a0cochées sur 2")
    screenshot(page, ARTIFACTS / f"{width}-composer-filtre.png")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer et numéroter").first.click()
    page.wait_for_load_state()
    assert "3 fiches numérotées" in page.locator("main").inner_text()
    context.close()


def test_the_browser_print_of_a_short_fiche_is_one_page_with_address_and_date(live, browser):
    # Shaped like the shortest 2019 fiche (« Profession Maçonnes finisseuses »), which the
    # browser printed on two pages, « Partenaires mobilisés » alone at the foot of the first.
    fiche = f.InitiativeFactory(
        slug="maconnes",
        title="Profession Maçonnes finisseuses",
        region=f.region("martinique"),
        description=(
            "L'objectif du projet est de permettre à des femmes en recherche d'emploi et "
            "souhaitant travailler dans le milieu du BTP, quelle que soit leur formation "
            "initiale ou leur expérience, d'obtenir un contrat de mission d'au moins 6 mois sur "
            "des postes de maçon finisseur.\n\nLe projet s'appuie sur des périodes d'immersion."
        ),
        added_value=[
            "Amener des femmes, sans nécessairement une expérience préalable dans le domaine, "
            "sur des métiers traditionnellement masculins ;",
            "Parallèlement, répondre aux difficultés de recrutement des entreprises.",
        ],
        results="Au 31/03/2018, 7 demandeuses d'emploi ont été recrutées en contrat de mission.",
        partners=["Pôle emploi", "Randstad travail temporaire", "SOGEA", "FAFTT", "CFA-BTP"],
        referent_emails=["972.direction@dieccte.gouv.fr"],
    )
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto(live + fiche.get_absolute_url())
    page.emulate_media(media="print")
    pages = pdf_pages(page.pdf(format="A4"), layout=True)
    context.close()
    assert len(pages) == 1, [p[-300:] for p in pages]
    text = " ".join(pages[0].replace("\u00a0", " ").split())
    assert "Partenaires mobilisés" in text, text
    assert text.index("Partenaires mobilisés") < text.index("FAFTT")
    assert "Fiche en ligne : http" in text and "/initiatives/maconnes/" in text
    assert re.search(r"mise à jour le \d{1,2}(er)? \w+ \d{4} · imprimée le \d", text)
