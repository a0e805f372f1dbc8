"""The reader's journey (a DREETS agent), at 1280 and 375 px: search, filter, sort, open a
fiche, go from fiche to fiche in the results' order, back to the same results, read an
acronym's definition, reach the glossary. No serious accessibility violation on any page
visited, and nothing wider than a phone's screen."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import DESKTOP, PHONE, axe_violations

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where a tooltip may go: inside the viewport (the acronym's definition, site.css + sigles.js).
TOOLTIP_BOX = """abbr => {
  const link = abbr.closest('a.sigle');
  const style = getComputedStyle(abbr, '::after');
  const left = link.getBoundingClientRect().left + parseFloat(style.left);
  return {content: style.content, left: left, right: left + parseFloat(style.width),
          viewport: document.documentElement.clientWidth,
          page: document.documentElement.scrollWidth};
}"""


def state(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def check(tab, width: str, name: str, failures: dict) -> None:
    """axe-core and horizontal overflow of the page shown, recorded under *name*."""
    shot(tab, f"lecteur-{width}-{name}")
    violations = axe_violations(tab)
    if violations:
        failures[f"{width} {name} axe"] = violations
    scroll_width = tab.evaluate("document.documentElement.scrollWidth")
    if scroll_width > tab.viewport_size["width"]:
        failures[f"{width} {name} overflow"] = scroll_width


@pytest.mark.parametrize("width", ["bureau", "telephone"])
def test_reader_journey(site, browser, width):
    phone = width == "telephone"
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP, locale="fr-FR", is_mobile=phone, has_touch=phone
    )
    tab = context.new_page()
    failures: dict = {}

    tab.goto(site + "/initiatives/?q=emploi")
    count = tab.locator("#nombre-resultats")
    total = int(count.inner_text().split()[0])
    check(tab, width, "resultats", failures)

    # Tick a region: while htmx fetches the results, the page says so (held request).
    held = []

    def filtered(url: str) -> bool:
        return "region=bretagne" in url

    tab.route(filtered, lambda route: held.append(route))
    tab.locator("label[for='f-region-bretagne']").click()
    tab.wait_for_function("document.querySelector('#resultats-recherche[aria-busy=true]')")
    assert tab.locator(".cahier-loading").is_visible()
    assert tab.locator("#annonce-resultats").inner_text() == "Mise à jour des résultats…"
    held[0].continue_()
    tab.unroute(filtered)
    tab.wait_for_url(re.compile(r"region=bretagne"))
    tab.wait_for_function(
        "n => parseInt(document.querySelector('#nombre-resultats').innerText) < n", arg=total
    )
    assert not tab.locator(".cahier-loading").is_visible()
    assert tab.locator("#resultats-recherche").get_attribute("aria-busy") is None
    assert tab.locator("#annonce-resultats").inner_text().startswith("4 initiatives")

    # Sort by title: htmx again, the URL keeps words, filter and sort.
    tab.locator("#tri").select_option("titre")
    tab.wait_for_url(re.compile(r"tri=titre"))
    tab.wait_for_function("!document.querySelector('#resultats-recherche[aria-busy]')")
    results_url = tab.url
    titles = tab.locator(".cahier-result h3 a").all_inner_texts()
    assert len(titles) == 4 and titles == sorted(titles, key=str.casefold)
    check(tab, width, "resultats-filtres", failures)

    # The third result, then the next one in the same order, then back.
    tab.get_by_role("link", name=titles[2], exact=True).click()
    tab.wait_for_url(re.compile(r"/initiatives/[\w-]+/\?"))
    assert tab.get_by_role("heading", level=1).inner_text() == titles[2]
    assert tab.get_by_text("(résultat 3 sur 4)").is_visible()
    check(tab, width, "fiche", failures)
    tab.get_by_role("link", name=re.compile("^Fiche suivante")).click()
    tab.wait_for_url(re.compile(r"sas-clause-sociale"))
    assert tab.get_by_role("heading", level=1).inner_text() == titles[3]
    assert tab.get_by_role("link", name=re.compile("^Fiche suivante")).count() == 0

    # PLIE in the side panel, near the right edge at 1280 px: its definition stays on screen.
    acronym = tab.locator(".cahier-aside a.sigle abbr", has_text="PLIE").first
    acronym.hover()
    tab.wait_for_function(
        f"abbr => ({TOOLTIP_BOX})(abbr).right <= document.documentElement.clientWidth",
        arg=acronym.element_handle(),
    )
    box = acronym.evaluate(TOOLTIP_BOX)
    assert "insertion" in box["content"].lower()
    assert box["left"] >= 0 and box["right"] <= box["viewport"], box
    assert box["page"] <= box["viewport"], box  # the definition does not widen the page
    shot(tab, f"lecteur-{width}-sigle")
    check(tab, width, "fiche-suivante", failures)

    tab.get_by_role("link", name=re.compile("^Fiche précédente")).click()
    tab.wait_for_url(re.compile(r"/initiatives/mobilite/\?"))
    tab.get_by_role("link", name="Retour aux résultats").click()
    tab.wait_for_url(re.compile(r"/initiatives/\?"))
    assert state(tab.url) == state(results_url)
    assert tab.locator("#f-region-bretagne").is_checked()
    assert tab.locator("#tri").input_value() == "titre"
    assert tab.locator(".cahier-result h3 a").all_inner_texts() == titles

    # The acronym leads to the glossary.
    tab.get_by_role("link", name=titles[3], exact=True).click()
    tab.wait_for_url(re.compile(r"sas-clause-sociale"))
    acronym = tab.locator(".cahier-aside a.sigle", has_text="PLIE").first
    acronym.click()
    tab.wait_for_url(re.compile(r"/glossaire/#PLIE$"))
    assert tab.locator("#PLIE").is_visible()
    check(tab, width, "glossaire", failures)
    context.close()
    assert failures == {}


READER_PAGES = {
    "accueil": "/",
    "resultats": "/initiatives/?q=mobilit%C3%A9",
    "resultats-vides": "/initiatives/?q=zzzzqqq",
    "fiche": "/initiatives/sas-clause-sociale-femmes-et-btp/",
    "fiche-depuis-resultats": "/initiatives/mobijob/?q=mobilit%C3%A9&page=1",
    "glossaire": "/glossaire/",
    "reperes": "/reperes/",
    "regions": "/regions/",
    "region": "/regions/bretagne/",
    "statistiques": "/statistiques/",
    "a-propos": "/a-propos/",
    "editions": "/editions/",
}


def test_no_reader_page_is_wider_than_a_phone(site, phone):
    wider = {}
    for path in READER_PAGES.values():
        phone.goto(site + path)
        scroll_width = phone.evaluate("document.documentElement.scrollWidth")
        if scroll_width > PHONE["width"]:
            wider[path] = scroll_width
    shot(phone, "telephone-editions")
    phone.goto(site + "/reperes/")
    # The « Fiches n° » column is on screen, not past its right edge.
    right = phone.locator("table").first.evaluate("t => t.getBoundingClientRect().right")
    assert right <= PHONE["width"]
    shot(phone, "telephone-reperes")
    assert wider == {}
