"""Query understanding follows the catalogue: a value a curator adds is recognised at the next
query, without a restart, on both backends."""

import pytest

from cahier.catalogue import services
from cahier.search.engine import SearchQuery, search
from tests.catalogue import factories as f
from tests.search.helpers import create

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_keyword_added_by_a_curator_is_recognised_at_the_next_query():
    create("Ruchers partagés", description="Des ruches sur les toits pour former des apiculteurs.")
    assert search(SearchQuery(q="apiculture urbaine")).understood == []
    keyword = f.KeywordFactory(label="Apiculture urbaine")
    create(
        "Miel des quartiers", description="Un atelier de production de miel.", keywords=[keyword]
    )
    result = search(SearchQuery(q="projets d’apiculture urbaine"))
    [reading] = result.understood
    assert reading.label == "Filtrer\u00a0: mot-clé «\u00a0Apiculture urbaine\u00a0»"
    assert reading.filters == [("keyword", keyword.slug)] and reading.count == 1


def test_a_new_event_year_ranks_its_fiches_first():
    event = services.event_get_or_create(kind="JITE", year=2025)
    older = services.event_get_or_create(kind="JITE", year=2018)
    create("Garage solidaire", description="Réparer les voitures à la JITE 2025 prix.", event=older)
    create("Chantier bois", description="Menuiserie.", event=event, provenance_status="présenté")
    result = search(SearchQuery(q="JITE 2025"))
    assert [hit.title for hit in result.hits] == ["Chantier bois", "Garage solidaire"]
    assert [(r.label, r.count) for r in result.understood] == [("Filtrer\u00a0: JITE 2025", 1)]


def test_project_status_and_openness_are_named_by_their_labels():
    create("Atelier vélo", description="Des projets de réparation.", openness="oui")
    create("Ressourcerie", description="Des projets de réemploi.", project_status="terminé")
    create("Jardin", description="Des projets de maraîchage.", project_status="en cours")
    result = search(SearchQuery(q="projets ouverts à l’essaimage"))
    assert [(r.filters, r.count) for r in result.understood] == [
        ([("openness", "oui"), ("openness", "oui avec accompagnement")], 1)
    ]
    assert result.hits[0].title == "Atelier vélo"
    terminated = search(SearchQuery(q="projets terminés"))
    assert [r.filters for r in terminated.understood] == [[("project_status", "terminé")]]
    assert terminated.hits[0].title == "Ressourcerie" and terminated.count == 3
    # « cours » alone is a word (« cours de français »), « en cours » the status.
    assert search(SearchQuery(q="cours de français")).understood == []
    assert [r.count for r in search(SearchQuery(q="projets en cours")).understood] == [1]
