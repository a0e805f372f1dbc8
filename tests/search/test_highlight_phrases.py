"""Highlights mark whole concepts: a phrase (synonym, acronym definition) only where all of it
occurs, never its words one by one; `highlights` and `snippet_html` say the same."""

import pytest

from tests.search.helpers import create

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _hit(client, q):
    return client.get("/api/v1/initiatives", {"q": q}).json()["results"][0]


def _marked(hit):
    return [hit["snippet"][h["start"] : h["end"]] for h in hit["highlights"]]


def test_words_of_a_phrase_synonym_are_not_marked_alone(client):
    # « jeunes » has « moins de 26 ans » among its synonyms: « au moins un soir » is no match.
    create(
        "Garde d'enfants",
        description="Les jeunes parents garantissent au moins un soir par semaine, à 20 ans.",
    )
    hit = _hit(client, "jeunes")
    assert _marked(hit) == ["jeunes"]
    assert "<mark>moins</mark>" not in hit["snippet_html"]
    assert "<mark>ans</mark>" not in hit["snippet_html"]


def test_a_phrase_is_marked_where_all_of_it_occurs(client):
    create("Accompagnement", description="Des parcours pour les moins de 26 ans du quartier.")
    hit = _hit(client, "jeunes")
    assert _marked(hit) == ["moins", "de", "26", "ans"]
    assert (
        "<mark>moins</mark> <mark>de</mark> <mark>26</mark> <mark>ans</mark>" in hit["snippet_html"]
    )
