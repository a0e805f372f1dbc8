"""The results page offers the catalogue values a query names as one-click filters (« Filtrer :
JITE 2019 »), above the results; following one adds the filter and keeps the words. The API
gives the same offers in `understood`."""

import re
from html import unescape

import pytest

from cahier.catalogue import services
from tests.search.helpers import create

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    jite = services.event_get_or_create(kind="JITE", year=2019)
    older = services.event_get_or_create(kind="JITE", year=2018)
    create("Garage solidaire", description="Des projets de mobilité.", event=jite)
    create("Chantier bois", description="Des projets de menuiserie.", event=older)
    create("Repair café", description="Des projets de réparation.")


def _offers(html: str) -> list[tuple[str, str]]:
    block = html.split('id="filtres-proposes"', 1)[1].split("</ul>", 1)[0]
    return [
        (unescape(href), re.sub(r"<[^>]+>", "", unescape(text)).strip())
        for href, text in re.findall(
            r'<a class="fr-tag fr-tag--sm" href="([^"]+)">(.*?)</a>', block
        )
    ]


def test_the_page_offers_the_value_and_its_link_adds_the_filter_keeping_q(client, catalogue):
    html = client.get("/initiatives/?q=projets+JITE+2019").content.decode()
    # « projets » is in every fiche: nothing filtered; the fiche of the value is the pertinent
    # one (coverage.py), the two others are listed after it as partial results.
    data = client.get("/api/v1/initiatives", {"q": "projets JITE 2019"}).json()
    assert (data["count"], data["count_relevant"]) == (3, 1)
    assert data["results"][0]["title"] == "Garage solidaire"
    assert 'id="nombre-partiels"' in html
    [(url, text)] = _offers(html)
    assert text == "Filtrer\u00a0: JITE 2019 (1 initiative)"
    assert url == "/initiatives/?q=projets+JITE+2019&evenement=JITE&annee=2019"
    followed = client.get(url).content.decode()
    assert "1 initiative " in followed and "Garage solidaire" in followed
    assert 'id="filtres-proposes"' not in followed  # applied: no longer offered


def test_the_api_lists_the_offers(client, catalogue):
    data = client.get("/api/v1/initiatives", {"q": "projets JITE 2019"}).json()
    assert data["count"] == 3
    assert data["understood"] == [
        {
            "label": "Filtrer\u00a0: JITE 2019",
            "filters": [
                {"parameter": "event", "value": "JITE"},
                {"parameter": "year", "value": "2019"},
            ],
            "count": 1,
        }
    ]
    assert data["results"][0]["title"] == "Garage solidaire"
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "understood" in schema["SearchOut"]["properties"]
