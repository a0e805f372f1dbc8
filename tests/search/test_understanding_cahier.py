"""Query understanding on the real 2019 cahier: catalogue values named in the words rank the
fiches carrying them first and are offered as filters, never applied silently."""

import pytest

from cahier.search.engine import SearchQuery, match, search

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.usefixtures("cahier_2019")]


def offers(result) -> dict[str, tuple[list, int]]:
    return {reading.label: (reading.filters, reading.count) for reading in result.understood}


def test_jite_2019_presented_come_first_and_the_filter_is_offered():
    result = search(SearchQuery(q="projets présentés à la JITE 2019", limit=5))
    # The five fiches presented at the JITE 2019 (the words alone put 1, 39 and 34 first).
    assert {hit.number for hit in result.hits} == {9, 14, 25, 40, 41}
    filters, count = offers(result)["Filtrer\u00a0: JITE 2019"]
    assert filters == [("event", "JITE"), ("year", "2019")]
    assert count == 5 == search(SearchQuery(q=result.query.q, event=["JITE"], year=[2019])).count
    assert offers(result)["Filtrer\u00a0: statut de provenance «\u00a0présenté\u00a0»"][1] == 21


def test_nothing_is_filtered_silently():
    q = "projets présentés à la JITE 2019"
    understood = search(SearchQuery(q=q))
    plain = search(SearchQuery(q=q, understand=False))
    assert understood.count == plain.count == 46
    assert plain.understood == []
    # Values only add the fiches carrying them: every fiche the words find is still found.
    q = "présentés en 2018"
    found = set(match(SearchQuery(q=q)))
    assert set(match(SearchQuery(q=q, understand=False))) < found
    # Past the re-ranked window too (the backend's order), every fiche counted is listed.
    deep = search(SearchQuery(q=q, limit=100))
    assert {hit.initiative.pk for hit in deep.hits} == found and deep.count == len(found)


def test_statuses_in_their_plural_feminine_and_accent_free_forms():
    result = search(SearchQuery(q="candidats non retenus aux Trophées du FSE", limit=2))
    assert {hit.number for hit in result.hits} == {7, 12}  # the two « non retenu »
    assert offers(result)["Filtrer\u00a0: statut de provenance «\u00a0non retenu\u00a0»"][1] == 2
    assert offers(result)["Filtrer\u00a0: Trophées FSE"] == ([("event", "Trophées FSE")], 6)
    # « retenus » named a status: it is no typo for « détenus ».
    assert result.corrected_query is None
    for q in ("projets retenues", "fiches presentees", "projets recueillis"):
        assert [reading.filters[0][0] for reading in search(SearchQuery(q=q)).understood] == [
            "status"
        ]


def test_a_negated_status_or_a_lone_year_is_not_a_value():
    assert search(SearchQuery(q="projets non présentés")).understood == []
    assert search(SearchQuery(q="emploi 2019")).understood == []
    labels = offers(search(SearchQuery(q="initiatives présentées en 2018")))
    assert labels["Filtrer\u00a0: année 2018"] == ([("year", "2018")], 24)


def test_keyword_public_and_places_are_offered_without_changing_the_ranking():
    q = "formations au numérique pour jeunes"
    result = search(SearchQuery(q=q))
    labels = offers(result)
    assert labels["Filtrer\u00a0: mot-clé «\u00a0Numérique\u00a0»"] == (
        [("keyword", "numerique")],
        4,
    )
    assert labels["Filtrer\u00a0: public visé «\u00a0Jeunes\u00a0»"][0] == [("public", "jeunes")]
    # Labels already weigh in the text (`labels` field): offered, not ranked twice.
    plain = search(SearchQuery(q=q, understand=False))
    assert [hit.number for hit in result.hits] == [hit.number for hit in plain.hits]
    marseille = offers(search(SearchQuery(q="emploi à Marseille")))
    assert marseille["Filtrer\u00a0: région «\u00a0Provence-Alpes-Côte d'Azur\u00a0»"][1] == 4


def test_a_filter_already_applied_is_not_offered_again():
    result = search(SearchQuery(q="projets présentés à la JITE 2019", event=["JITE"], year=[2019]))
    assert "Filtrer\u00a0: JITE 2019" not in offers(result)
    assert result.count == 5
