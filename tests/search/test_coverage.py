"""Pertinent and partial results (cahier/search/coverage.py) on the real 2019 cahier, on both
backends: a long query no longer « finds » the whole catalogue as if every fiche answered it."""

import json

import pytest

from cahier.core.text import fold
from cahier.search.engine import SearchQuery, match, search
from cahier.search.enums import Sort

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.usefixtures("cahier_2019")]

RURAL = "insertion des jeunes en milieu rural"


def _text(hit) -> str:
    """What a reader of the fiche sees: title, territory, description, results, partners
    (« Aide à domicile en milieu rural » is one)."""
    initiative = hit.initiative
    parts = [initiative.title, initiative.territory, initiative.description, initiative.results]
    return fold(" ".join([*parts, *map(str, initiative.partners)]).lower())


def test_long_query_finds_few_pertinent_fiches_and_a_rural_one_first():
    result = search(SearchQuery(q=RURAL, limit=46))
    assert result.count >= 40  # still found (OR): listed, counted, exported
    assert 1 <= result.count_relevant <= 5
    assert result.count_all <= result.count_relevant
    # Rural fiches first, not the urban project in Martinique.
    assert all("rural" in _text(hit) for hit in result.hits[: result.count_relevant])
    assert all(hit.region != "Martinique" for hit in result.hits[: result.count_relevant])
    flags = [hit.partial for hit in result.hits]
    assert flags == [False] * result.count_relevant + [True] * (
        result.count - result.count_relevant
    )


def test_every_page_is_a_slice_of_the_same_list_across_the_boundary():
    whole = [(hit.slug, hit.partial) for hit in search(SearchQuery(q=RURAL, limit=46)).hits]
    boundary = search(SearchQuery(q=RURAL, limit=1)).count_relevant
    for offset in (0, boundary - 1, boundary, boundary + 3):
        page = search(SearchQuery(q=RURAL, limit=3, offset=offset)).hits
        assert [(hit.slug, hit.partial) for hit in page] == whole[offset : offset + 3]


def test_other_sorts_list_the_pertinent_fiches_first_each_group_in_that_order():
    result = search(SearchQuery(q=RURAL, sort=Sort.TITLE, limit=46))
    relevant = [hit.title for hit in result.hits if not hit.partial]
    partial = [hit.title for hit in result.hits if hit.partial]
    assert [hit.partial for hit in result.hits] == [False] * len(relevant) + [True] * len(partial)
    key = lambda title: fold(title.lower())  # noqa: E731
    assert relevant == sorted(relevant, key=key) and partial == sorted(partial, key=key)
    second = search(SearchQuery(q=RURAL, sort=Sort.TITLE, limit=2, offset=len(relevant) - 1))
    assert [hit.title for hit in second.hits] == [relevant[-1], partial[0]]


def test_one_word_and_rare_words_keep_every_result_pertinent():
    for q in ("mobilité", "TAPAJ", "garage solidaire"):
        result = search(SearchQuery(q=q))
        assert result.count_relevant == result.count, q
        assert not any(hit.partial for hit in result.hits)


def test_facets_and_exports_count_what_count_counts():
    result = search(SearchQuery(q=RURAL))
    assert sum(value.count for value in result.facets["region"]) == result.count
    assert len(match(SearchQuery(q=RURAL))) == result.count


def test_api_fields(client):
    body = client.get("/api/v1/initiatives", {"q": RURAL, "limit": 46}).json()
    assert body["count"] >= 40
    assert 1 <= body["count_relevant"] <= 5
    assert body["count_all"] <= body["count_relevant"]
    partial = [hit["partial"] for hit in body["results"]]
    assert partial.index(True) == body["count_relevant"]
    export = client.get("/api/v1/exports/initiatives.json", {"q": RURAL})
    assert len(json.loads(export.getvalue())["initiatives"]) == body["count"]
    single = client.get("/api/v1/initiatives", {"q": "mobilité"}).json()
    assert single["count_relevant"] == single["count"]
    listing = client.get("/api/v1/initiatives").json()
    assert listing["count"] == listing["count_relevant"] == listing["count_all"] == 46


def test_site_shows_pertinent_results_then_the_partial_ones_under_their_heading(client):
    result = search(SearchQuery(q=RURAL, limit=1))
    relevant, partial = result.count_relevant, result.count - result.count_relevant
    html = client.get("/initiatives/", {"q": RURAL}).content.decode()
    assert f"{relevant} résultat" in html and "pertinent" in html
    heading = f"{partial} résultats partiels&nbsp;: ne contiennent qu’une partie de la recherche"
    assert heading in html
    assert html.index('<ol class="cahier-results" start="1">') < html.index(heading)
    assert f'<ol class="cahier-results" start="{relevant + 1}">' in html
    # Numbered by rank (each li's value: the DSFR's own counter would restart at 1).
    assert f'<li class="cahier-result" value="{relevant + 1}">' in html
    # Page 2 holds partial results only: the heading again, numbering from 21.
    page_2 = client.get("/initiatives/", {"q": RURAL, "page": 2}).content.decode()
    assert heading in page_2 and '<ol class="cahier-results" start="21">' in page_2
    assert '<li class="cahier-result" value="21">' in page_2
    single = client.get("/initiatives/", {"q": "mobilité"}).content.decode()
    assert "partiel" not in single
