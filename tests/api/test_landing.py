"""`/api/v1/` (the landing page) and `/api/v1/docs` (Swagger UI) as a reuser meets them: every
example link answers, the docs load only our own scripts. The browser side (rendering under the
Content-Security-Policy, offline, axe) is in tests/www/browser/test_api_pages.py."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from cahier.api.api import api

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts: list[str | None] = []
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "script" and attrs.get("type") != "application/json":
            self.scripts.append(attrs.get("src"))
        elif tag == "html":
            self.lang = attrs.get("lang")


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_the_landing_page_lists_every_address_with_an_example_that_answers(client, sample_edition):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>API et données ouvertes</h1>" in html
    assert f"<strong>{api.version}</strong>" in html
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in html
    for path in (
        "/api/v1/initiatives",
        "/api/v1/initiatives/{slug}",
        "/api/v1/exports/initiatives.csv",
        "/api/v1/exports/initiatives-tableur.csv",
        "/api/v1/exports/initiatives.json",
        "/api/v1/exports/initiatives.xlsx",
        "/api/v1/exports/data-inclusion/services.json",
        "/api/v1/exports/data-inclusion/structures.json",
        "/api/v1/editions/{slug}",
        "/initiatives/flux.atom",
    ):
        assert f"GET {path}</code>" in html, path
    examples = [
        href.replace("&amp;", "&")
        for href in _parse(html).hrefs
        if href.startswith(("/api/v1/", "/initiatives/flux.atom"))
    ]
    # One example per address, plus the docs, the schema and the changelog links.
    assert len(set(examples)) >= 20
    assert "/api/v1/initiatives/fiche-1" in examples
    assert "/api/v1/editions/cahier-2019" in examples
    assert "/api/v1/docs" in examples and "/api/v1/openapi.json" in examples
    for href in set(examples):
        assert client.get(href).status_code == 200, href


def test_the_landing_page_summarises_the_changelog(client):
    html = client.get("/api/v1/").content.decode()
    assert "<li>1.5.0 — 1er décembre 2026</li>" in html
    assert "<li>1.0.0 — 27 novembre 2026</li>" in html
    assert 'href="/api/v1/changelog"' in html


def test_asking_for_json_gives_the_index_of_addresses(client, sample_edition):
    response = client.get("/api/v1/", headers={"Accept": "application/json"})
    assert response["Content-Type"] == "application/json"
    assert "Accept" in response["Vary"].split(", ")
    index = response.json()
    assert index["version"] == api.version
    assert index["links"]["openapi"] == "http://testserver/api/v1/openapi.json"
    search = next(e for e in index["endpoints"] if e["path"] == "/api/v1/initiatives")
    assert search["example"].startswith("http://testserver/api/v1/initiatives?q=emploi")
    # A browser's usual Accept header still gets the page.
    page = client.get("/api/v1/", headers={"Accept": "text/html,application/json;q=0.9"})
    assert page["Content-Type"].startswith("text/html")


def test_an_empty_catalogue_shows_no_dead_example(client):
    html = client.get("/api/v1/").content.decode()
    assert "GET /api/v1/initiatives/{slug}</code>" in html
    assert "/api/v1/initiatives/None" not in html and "/api/v1/editions/None" not in html


def test_the_docs_page_is_french_and_loads_only_our_own_scripts(client):
    html = client.get("/api/v1/docs").content.decode()
    parsed = _parse(html)
    assert parsed.lang == "fr"
    assert "<title>Documentation interactive — API du cahier" in html
    assert parsed.scripts == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert all(not urlsplit(src).netloc for src in parsed.scripts)
    # Without JavaScript: where to read the same thing.
    noscript = html.split("<noscript>")[1].split("</noscript>")[0]
    assert 'href="/api/v1/openapi.json"' in noscript and 'href="/api/v1/"' in noscript


def test_the_site_footer_leads_to_the_landing_page(client):
    html = client.get("/glossaire/").content.decode()
    assert 'href="/api/v1/">API et données ouvertes</a>' in html
