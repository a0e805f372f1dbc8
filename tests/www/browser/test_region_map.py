"""The regions map in a real browser: readable and usable on a 375 px phone (no sideways
scrolling, overseas regions visible and clickable, no text under 12 px), every region reached
from the keyboard, no serious axe-core violation."""

import re

import pytest

from tests.browser import axe_violations
from tests.catalogue import factories as f

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERSEAS = ("guadeloupe", "martinique", "guyane", "la-reunion", "mayotte")
# The rendered size of each text of the map: SVG text scales with the drawing.
TEXT_SIZES = """() => [...document.querySelectorAll(
  '.cahier-map text, .cahier-map__tile-name, .cahier-map__tile-count, .cahier-map figcaption'
  )].map(e => {
    const svg = e.closest('svg');
    const scale = svg && e.tagName === 'text'
      ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
    return [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize) * scale];
  })"""


@pytest.fixture
def fiches(live):
    for slug in ("bretagne", "bretagne", "ile-de-france", "la-reunion", "mayotte", "corse"):
        f.InitiativeFactory(region=f.region(slug))
    return live


def test_the_map_is_readable_and_usable_on_a_phone(fiches, phone):
    for path in ("/regions/", "/regions/bretagne/"):
        phone.goto(fiches + path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, path
        small = [(text, round(size, 1)) for text, size in phone.evaluate(TEXT_SIZES) if size < 12]
        assert small == [], path
        # Corsica is whole inside the drawing.
        svg = phone.locator(".cahier-map__svg").bounding_box()
        corsica = phone.locator("a[data-region='corse'] path").bounding_box()
        assert (
            svg["x"] <= corsica["x"] and corsica["x"] + corsica["width"] <= svg["x"] + svg["width"]
        )
        assert corsica["y"] + corsica["height"] <= svg["y"] + svg["height"]
        assert axe_violations(phone) == [], path
    shot(phone, "telephone-carte-portail")
    phone.goto(fiches + "/regions/")
    shot(phone, "telephone-carte-regions")
    for slug in OVERSEAS:
        tile = phone.locator(f"a.cahier-map__tile[data-region='{slug}']")
        tile.scroll_into_view_if_needed()
        assert tile.is_visible()
        box = tile.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44 and box["x"] + box["width"] <= 375
    phone.locator("a.cahier-map__tile[data-region='la-reunion']").tap()
    phone.wait_for_url(re.compile(r"/regions/la-reunion/$"))
    assert phone.get_by_role("heading", level=1).inner_text() == "La Réunion"
    current = phone.locator("a.cahier-map__tile[aria-current='page']")
    assert current.get_attribute("data-region") == "la-reunion"


def test_every_region_is_reached_from_the_keyboard(fiches, page):
    page.goto(fiches + "/regions/")
    assert axe_violations(page) == []
    shot(page, "carte-regions-bureau")
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        region = page.evaluate("document.activeElement.getAttribute('data-region')")
        if region and region not in reached:
            reached.append(region)
    assert len(reached) == 19 and "national" in reached and set(OVERSEAS) <= set(reached)
    # The focused region is named with its count, as a screen reader announces it.
    region = page.locator("a.cahier-map__region[data-region='bretagne']")
    region.focus()
    assert region.get_attribute("aria-label") == "Bretagne : 2 initiatives"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/regions/bretagne/$"))
