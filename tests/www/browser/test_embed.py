"""The embeddable list inside another site, the builder's live preview and the regional
portal, in a real browser."""

import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser import PHONE, axe_violations

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def other_site(tmp_path):
    """Another origin (a second loopback server) that pages are written into."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=tmp_path))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_copied_code_shows_the_list_on_another_site(site, browser, other_site):
    folder, origin = other_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(site + "/integrer/?region=bourgogne-franche-comte&nombre=3")
    page.get_by_role("button", name="Copier le code").click()
    page.get_by_text("Copié dans le presse-papiers.").wait_for()
    code = page.evaluate("navigator.clipboard.readText()")
    assert code == page.locator("#code-integration").input_value()
    assert code.startswith(f'<iframe src="{site}/integrer/liste/?region=bourgogne-franche-comte')

    (folder / "index.html").write_text(
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>DREETS</title></head>"
        f"<body><h1>Les initiatives de notre région</h1>{code}</body></html>",
        encoding="utf-8",
    )
    page.goto(origin + "/index.html")
    frame = page.frame_locator("iframe")
    heading = frame.get_by_role("heading", level=1)
    assert heading.inner_text() == "Initiatives inclusion\u00a0: Bourgogne-Franche-Comté"
    links = frame.locator(".fr-card__title a")
    assert links.count() == 3
    for index in range(3):
        link = links.nth(index)
        assert link.get_attribute("target") == "_blank"
        assert link.evaluate("a => a.href").startswith(site + "/initiatives/")
    embedded = next(f for f in page.frames if f != page.main_frame)
    assert embedded.url.startswith(site + "/integrer/liste/")
    shot(page, "integration-autre-site")

    # A fiche opens in a new window, on this site.
    title = links.first.inner_text()
    with context.expect_page() as opened:
        links.first.click()
    fiche = opened.value
    fiche.wait_for_load_state()
    assert re.match(re.escape(site) + r"/initiatives/[\w-]+/$", fiche.url)
    assert fiche.get_by_role("heading", level=1).inner_text() == title
    # And the whole search, with the same region.
    more = frame.get_by_role("link", name=re.compile(r"Voir les \d+ initiatives"))
    assert more.evaluate("a => a.href") == site + "/initiatives/?region=bourgogne-franche-comte"
    context.close()


def test_the_builder_preview_follows_the_choices(site, page):
    page.goto(site + "/integrer/")
    preview = page.locator("iframe.cahier-embed-preview")
    page.get_by_label("Région").select_option("bretagne")
    page.wait_for_url(re.compile(r"region=bretagne"))
    assert "region=bretagne" in preview.get_attribute("src")
    assert "region=bretagne" in page.locator("#code-integration").input_value()
    page.locator("label[for='integrer-theme-sombre']").click()
    page.wait_for_url(re.compile(r"theme=sombre"))
    frame = page.frame_locator("iframe.cahier-embed-preview")
    assert frame.locator("html").get_attribute("data-fr-theme") == "dark"
    assert (
        frame.get_by_role("heading", level=1).inner_text()
        == "Initiatives inclusion\u00a0: Bretagne"
    )
    # A bound the form cannot hold is named, the rest kept.
    page.goto(site + "/integrer/?region=bretagne&nombre=99")
    assert page.get_by_text(
        "Le paramètre « nombre » doit être compris entre 1 et 20"
    ).first.is_visible()
    assert page.get_by_label("Région").input_value() == "bretagne"
    shot(page, "integrer-erreur")


def test_the_portal_is_reached_from_the_map_and_printable(site, page):
    page.goto(site + "/regions/")
    page.locator("a.cahier-map__region[data-region='bretagne']").click()
    page.wait_for_url(re.compile(r"/regions/bretagne/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Bretagne"
    assert page.locator(".cahier-map__region--current").get_attribute("aria-current") == "page"
    cards = page.locator(".cahier-portal__fiches > li").count()
    assert cards == int(
        re.search(r"(\d+) initiative", page.locator(".fr-text--lead").inner_text()).group(1)
    )
    assert page.get_by_role("button", name="Imprimer la page").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("#partager").is_visible()
    assert page.get_by_text("Page en ligne\u00a0: ").is_visible()
    page.emulate_media(media="screen")
    shot(page, "portail-bretagne")


PAGES = {
    "integrer": "/integrer/?region=bretagne&mot_cle=mobilite",
    "liste-integree": "/integrer/liste/?region=bretagne&nombre=4",
    "liste-integree-sombre": "/integrer/liste/?mot_cle=mobilite&theme=sombre",
    "liste-integree-erreur": "/integrer/liste/?region=atlantide",
    "portail-regional": "/regions/bretagne/",
}


def test_no_serious_accessibility_violation(site, page, phone):
    failures = {}
    for width, tab in (("bureau", page), ("telephone", phone)):
        for name, path in PAGES.items():
            tab.goto(site + path)
            shot(tab, f"{width}-{name}")
            if width == "telephone":
                assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
            violations = axe_violations(tab)
            if violations:
                failures[f"{width} {path}"] = violations
    assert failures == {}
