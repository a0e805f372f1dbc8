"""What a person does on the site, in a real browser."""

import re

import pytest

from tests.browser import PHONE, axe_violations

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_filter_and_follow_a_fiche(site, page):
    page.goto(site + "/")
    page.get_by_label("Rechercher une initiative (mot, territoire").fill("mobilité")
    page.get_by_label("Rechercher une initiative (mot, territoire").press("Enter")
    page.wait_for_url(re.compile(r"/initiatives/\?q=mobilit"))
    heading = page.locator("#nombre-resultats")
    total = int(heading.inner_text().split()[0])
    assert total >= 3
    assert page.locator("mark").first.is_visible()
    shot(page, "resultats-mobilite")

    # Tick a region: htmx refreshes the results and the URL keeps the state.
    page.locator("label[for='f-region-bourgogne-franche-comte']").click()
    page.wait_for_url(re.compile(r"region=bourgogne-franche-comte"))
    page.wait_for_function(
        "n => parseInt(document.querySelector('#nombre-resultats').innerText) < n", arg=total
    )
    filtered = int(heading.inner_text().split()[0])
    assert 0 < filtered < total
    tag = page.get_by_role("link", name=re.compile("Retirer le filtre Région : Bourgogne"))
    assert tag.is_visible()
    shot(page, "resultats-filtre-region")

    # The tag removes its filter.
    tag.click()
    page.wait_for_url(re.compile(r"/initiatives/\?q=mobilit[^&]*$"))
    assert int(page.locator("#nombre-resultats").inner_text().split()[0]) == total

    # Open a fiche, then follow one of its keywords.
    page.get_by_role("link", name="Mobijob").click()
    # The fiche carries the search it was opened from (docs/website.md).
    page.wait_for_url(re.compile(r"/initiatives/mobijob/\?q=mobilit[^&]*&page=1$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mobijob"
    assert page.get_by_text("Trophées FSE 2019 · retenu · Mobilité").first.is_visible()
    shot(page, "fiche-mobijob")
    page.locator(".fr-tags-group").get_by_role("link", name="Mobilité").click()
    page.wait_for_url(re.compile(r"mot_cle=mobilite"))
    assert page.get_by_label(re.compile(r"^Mobilité")).is_checked()


def test_acronym_shows_its_definition_and_leads_to_the_glossary(site, page):
    page.goto(site + "/initiatives/mobijob/")
    acronym = page.locator("a.sigle abbr", has_text="PLIE").first
    definition = acronym.get_attribute("title")
    assert definition and "insertion" in definition.lower()
    acronym.hover()
    # The definition is also drawn on hover/focus (keyboard users get no native tooltip).
    shown = acronym.evaluate("el => getComputedStyle(el, '::after').content")
    assert definition in shown
    shot(page, "sigle-survol")
    acronym.click()
    page.wait_for_url(re.compile(r"/glossaire/#PLIE$"))
    assert page.locator("#PLIE").is_visible()


def test_map_region_leads_to_its_portal(site, page):
    page.goto(site + "/regions/")
    region = page.locator("a.cahier-map__region[data-region='bretagne']")
    label = region.get_attribute("aria-label")
    count = int(re.search(r"(\d+) initiative", label).group(1))
    assert region.locator("title").text_content() == label
    shot(page, "carte-regions")
    region.click()
    page.wait_for_url(re.compile(r"/regions/bretagne/$"))
    assert page.locator(".cahier-portal__fiches > li").count() == count
    page.get_by_role("link", name="Rechercher parmi ces initiatives").click()
    page.wait_for_url(re.compile(r"region=bretagne"))
    assert int(page.locator("#nombre-resultats").inner_text().split()[0]) == count


@pytest.mark.parametrize("width", ["bureau", "telephone"])
def test_keyboard_only_journey(site, browser, width):
    viewport = PHONE if width == "telephone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Contenu"
    # Skip to the content, reach the search field, search.
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "recherche-accueil-input":
            break
    page.keyboard.type("mobilité")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=mobilit"))
    # Tick the first region with the space bar, then apply.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "region":
            break
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"region="))
    # Tab on to the first result and open it.
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.cahier-result h3')"):
            break
    title = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/initiatives/[\w-]+/\?"))
    assert page.get_by_role("heading", level=1).inner_text() == title
    focus_visible = page.evaluate(
        "() => { const a = document.querySelector('.fr-tags-group a'); a.focus();"
        " return getComputedStyle(a).outlineStyle; }"
    )
    assert focus_visible != "none"
    shot(page, f"clavier-fiche-{width}")
    context.close()


def test_filters_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/initiatives/?q=emploi")
    total = int(page.locator("#nombre-resultats").inner_text().split()[0])
    page.locator("label[for='f-region-hauts-de-france']").click()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(r"region=hauts-de-france"))
    assert int(page.locator("#nombre-resultats").inner_text().split()[0]) < total
    page.get_by_role("link", name=re.compile("Retirer le filtre")).click()
    assert "region=" not in page.url
    context.close()


def test_phone_width_menu_search_and_pages(site, phone):
    phone.goto(site + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "telephone-accueil")
    phone.get_by_role("button", name="Menu").click()
    phone.locator("#modal-menu").get_by_role("link", name="Régions").click()
    phone.wait_for_url(re.compile(r"/regions/$"))
    shot(phone, "telephone-regions")
    phone.goto(site + "/initiatives/?q=mobilit%C3%A9")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "telephone-resultats")
    phone.goto(site + "/initiatives/mobijob/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "telephone-fiche")


PAGES = {
    "accueil": "/",
    "resultats": "/initiatives/?q=mobilit%C3%A9&region=bourgogne-franche-comte",
    "resultats-vides": "/initiatives/?q=zzzzqqq",
    "fiche": "/initiatives/mobijob/",
    "regions": "/regions/",
    "reperes": "/reperes/",
    "glossaire": "/glossaire/",
    "a-propos": "/a-propos/",
    "erreur-404": "/initiatives/nexiste-pas/",
}


def test_no_serious_accessibility_violation_on_any_page_type(site, page, phone):
    failures = {}
    for width, tab in (("bureau", page), ("telephone", phone)):
        for name, path in PAGES.items():
            tab.goto(site + path)
            shot(tab, f"{width}-{name}")
            violations = axe_violations(tab)
            if violations:
                failures[f"{width} {path}"] = violations
    assert failures == {}
