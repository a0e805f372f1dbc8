"""What keeps the search fast at 100 000 fiches (docs/search.md, « Issue 12 à 100 000 fiches, à
travers le serveur »): the plans and the structures built before the first query."""

import pytest
from django.db import connection

from cahier.search.backends import SQLiteBackend
from cahier.search.engine import SearchQuery, search

from .helpers import create

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 plan")
def test_ranking_known_ids_filters_the_full_text_rows_instead_of_seeking_each_id():
    """FTS5 given `rowid IN (…)` as a constraint runs the whole full-text query once per id:
    with common words that cost 40 s for 2 807 ids at 100 000 fiches. The ids must only filter
    the rows the MATCH yields, and the ranking stays the one of the unrestricted query."""
    ids = [create(f"Atelier couture {n}", description="couture " * n).pk for n in range(1, 6)]
    backend = SQLiteBackend()
    expression = [[("coutur",)]]
    sql, params = backend.top_sql(backend.compile(expression), 3, matches=ids[1:4])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    # « INDEX 0:=M… »: FTS5 was handed the rowid equality; « INDEX 0:M… »: the MATCH alone.
    assert "INDEX 0:M" in plan, plan
    everything = [pk for pk, _ in backend.top(expression, 10)]
    restricted = [pk for pk, _ in backend.top(expression, 3, matches=ids[1:4])]
    assert restricted == [pk for pk in everything if pk in ids[1:4]]


def test_after_warming_a_misspelt_derived_or_valued_query_builds_nothing(monkeypatch):
    """What the recoveries and query understanding read (correction pools, families table,
    value recogniser, French word list) is built by warm() — in a server, before the first
    request — not by the first reader who misspells a word."""
    from cahier.search import correction, engine, recognition, state, vocabulary

    create("Atelier couture", description="Couture et retouches pour l’emploi.")
    # warm() switches this process to rebuilding in background threads, as a server does:
    # for this test only (a thread still reading when the database is emptied locks it).
    monkeypatch.setattr(state, "_background", [False])
    engine.warm()

    def built_again(*args, **kwargs):
        raise AssertionError("built by a query")

    monkeypatch.setattr(recognition, "build_recogniser", built_again)
    monkeypatch.setattr(correction.Pool, "_index", built_again)
    lookup = vocabulary.vocabulary()._lookup
    french_misses = correction.french_words.cache_info().misses
    for words in ("couturière", "coutrue", "retouhces JITE 2019"):
        search(SearchQuery(q=words))
    assert vocabulary.vocabulary()._lookup is lookup is not None
    assert correction.french_words.cache_info().misses == french_misses


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite plan")
def test_the_apis_last_modified_reads_an_index_not_the_whole_table():
    """Every API answer carries Last-Modified, the latest `updated_at`: without an index, a
    scan of every fiche (80 ms per request at 100 000 fiches)."""
    from cahier.api.http import catalogue_last_modified
    from cahier.catalogue.models import Initiative

    create("Atelier couture")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN SELECT MAX(updated_at) FROM catalogue_initiative")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "INDEX catalogue_initiative_updated" in plan, plan
    assert catalogue_last_modified() == Initiative.objects.get().updated_at


def test_the_strong_fields_are_ranked_once_for_the_pertinent_and_the_partial_results(
    monkeypatch,
):
    """A query whose words are all common ranks candidates from the strong fields (title,
    taxonomy…); that ranking does not depend on the group, so the pertinent and the partial
    results (coverage.py) share one query instead of asking it twice (≈ 50 ms each at 100 000
    fiches)."""
    from cahier.search import engine, matching

    for n in range(4):
        create(f"Atelier couture {n}", description="Couture et jardin partagé.")
        create(f"Atelier {n}", description="Réparation de vélos.")
    monkeypatch.setattr(matching, "CANDIDATE_BUDGET", 1)  # every word counts as common
    monkeypatch.setattr(engine, "RERANK_WINDOW", 2)  # both groups need candidates
    calls = []
    backend_class = type(engine.get_backend())
    top = backend_class.top

    def counting_top(self, *args, **kwargs):
        calls.append(kwargs.get("strong_only", False))
        return top(self, *args, **kwargs)

    monkeypatch.setattr(backend_class, "top", counting_top)
    # A page within the ranked window (deeper pages keep the backend's order).
    result = search(SearchQuery(q="atelier couture jardin", limit=2))
    assert calls.count(True) == 1
    assert (result.count, result.count_relevant) == (8, 4)
    assert [hit.title.startswith("Atelier couture") for hit in result.hits] == [True, True]
