"""Pages that list fiches by region, keyword or public stay bounded as the catalogue grows:
each index entry of Repères shows its count and its first fiches, then a link to the search
filtered by it; the pages' SQL queries do not multiply with the fiches (docs/performance.md)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cahier.www import queries
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory, edition_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """« Mobilité »: fiches nos 1 to 4 of the edition and two unnumbered ones; « Numérique »:
    two fiches."""
    edition = EditionFactory(slug="2019", year=2019)
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    digital = f.KeywordFactory(label="Numérique", slug="numerique")
    numbered = [
        f.InitiativeFactory(
            slug=f"garage-{n}",
            title=f"Garage {n}",
            region=f.region("bretagne"),
            keywords=[mobility],
            edition=(edition, n),
        )
        # Created out of number order: the entry follows the numbers, not the ids.
        for n in (3, 1, 4, 2)
    ]
    unnumbered = [
        f.InitiativeFactory(slug=f"velo-{n}", title=f"Vélo {n}", keywords=[mobility, digital])
        for n in (1, 2)
    ]
    edition_publish(edition)
    return {"numbered": numbered, "unnumbered": unnumbered}


def _row(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"')[1].split("</tr>")[0]


def test_an_entry_with_more_fiches_than_the_limit_lists_the_first_and_links_to_all(
    client, catalogue, monkeypatch
):
    monkeypatch.setattr(queries, "INDEX_FICHES", 3)
    html = client.get("/reperes/").content.decode()
    row = _row(html, "mot_cle-mobilite")
    assert "<td>6</td>" in row
    shown = [part.split("<")[0] for part in row.split("Fiche </span>")[1:]]
    assert shown == ["1", "2", "3"]  # the first three in fiche order
    assert "Garage 4" not in row and "Vélo" not in row
    link = 'href="/initiatives/?mot_cle=mobilite">Voir les 6 fiches'
    assert link in row
    # The count the link announces is what the filtered search finds.
    api = client.get("/api/v1/initiatives", {"keyword": "mobilite"}).json()
    assert api["count"] == 6
    assert "(les 3 premières ; au-delà, un lien ouvre la recherche avec toutes)" in html


def test_an_entry_with_few_fiches_lists_them_all(client, catalogue):
    html = client.get("/reperes/").content.decode()
    mobility = _row(html, "mot_cle-mobilite")
    assert mobility.count("Fiche </span>") == 6 and "Voir les" not in mobility
    # Unnumbered fiches come after the numbered ones, as in the results.
    assert mobility.index("Garage 4") < mobility.index("Vélo 1") < mobility.index("Vélo 2")
    digital = _row(html, "mot_cle-numerique")
    assert "<td>2</td>" in digital and digital.count("s.&nbsp;n.") == 2
    assert "Voir les" not in html and "premières" not in html


def _queries(client, url: str) -> int:
    client.get(url)  # the process's structures built, as in a running server
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for query in captured.captured_queries if "search_generation" not in query["sql"])


@pytest.mark.parametrize(
    "url", ["/", "/reperes/", "/regions/", "/regions/bretagne/", "/statistiques/"]
)
def test_the_pages_queries_do_not_grow_with_the_fiches(client, catalogue, url):
    before = _queries(client, url)
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    youth = f.PublicTypeFactory(label="Jeunes", slug="jeunes")
    for n in range(8):
        f.InitiativeFactory(
            slug=f"nouvelle-{n}",
            region=f.region(["bretagne", "occitanie", "normandie"][n % 3]),
            keywords=[mobility],
            publics=[youth],
        )
    assert _queries(client, url) == before
