"""The search on the real 2019 cahier (46 fiches, glossary of 102 acronyms)."""

import pytest

from cahier.search.engine import SearchQuery, search

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.usefixtures("cahier_2019")]


def numbers(q, limit=10, **filters):
    return [hit.number for hit in search(SearchQuery(q=q, limit=limit, **filters)).hits]


def test_partners_acronyms_lead_to_drug_users():
    assert 37 in numbers("usagers de drogues", limit=3)  # TAPAJ: partners CSAPA or CAARUD


def test_neet_both_ways():
    assert {23, 41} <= set(numbers("NEET", limit=5))
    assert {23, 41} & set(numbers("ni en emploi ni en formation", limit=5))


def test_typos_on_real_vocabulary():
    assert {5, 14, 43} & set(numbers("réfugiers", limit=3))
    result = search(SearchQuery(q="mobilitée"))
    assert result.corrected_query == "mobilité"
    assert result.hits[0].number in {8, 12}


def test_town_favours_its_region():
    result = search(SearchQuery(q="Marseille", limit=4))
    assert result.places == ["Marseille"]
    assert {hit.region for hit in result.hits} == {"Provence-Alpes-Côte d'Azur"}


def test_overseas_query_lists_overseas_fiches_first():
    result = search(SearchQuery(q="outre-mer", limit=5))
    assert result.count >= 3
    assert all(hit.region in {"Guyane", "Martinique", "La Réunion"} for hit in result.hits[:3])


def test_listing_is_in_fiche_order_and_facets_cover_everything():
    result = search(SearchQuery(limit=46))
    assert [hit.number for hit in result.hits] == list(range(1, 47))
    assert result.count == 46
    assert sum(value.count for value in result.facets["region"]) == 46
    keywords = {value.label: value.count for value in result.facets["keyword"]}
    assert keywords["Mobilité"] >= 3
