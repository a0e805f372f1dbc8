"""Acronyms, synonyms, typos, places, snippets: what a reader notices in the results."""

import pytest

from cahier.search.engine import SearchQuery, search
from cahier.search.models import Synonym
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory, edition_publish

from .helpers import create, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary():
    f.GlossaryTermFactory(
        acronym="NEET",
        definition="Not in Education, Employment or Training (ni en emploi ni en formation)",
    )
    f.GlossaryTermFactory(
        acronym="CAARUD",
        definition="Centre d'accueil et d'accompagnement à la réduction des risques pour "
        "usagers de drogues",
    )
    f.GlossaryTermFactory(acronym="MDE(F)", definition="Maison de l'emploi (et de la formation)")


@pytest.mark.postgres
def test_acronym_finds_its_definition_and_back(glossary):
    create("Repérage", description="Aller vers les jeunes ni en emploi ni en formation.")
    create("Boussole", description="Un accompagnement des NEET du quartier.")
    create("Autre", description="Un atelier de cuisine.")
    assert set(titles("NEET")) == {"Repérage", "Boussole"}
    assert set(titles("ni en emploi ni en formation")[:2]) == {"Repérage", "Boussole"}


@pytest.mark.postgres
def test_acronyms_of_partners_are_expanded_at_indexing(glossary):
    create("TAPAJ", description="Travail payé à la journée.", partners=["CSAPA ou CAARUD"])
    create("Autre", description="Un atelier de cuisine.")
    assert titles("usagers de drogues") == ["TAPAJ"]


def test_acronym_variants_with_parentheses(glossary):
    create("Guichet", description="Porté par la MDEF du territoire.")
    assert titles("maison de l'emploi") == ["Guichet"]


@pytest.mark.postgres
def test_synonyms_including_multiword_phrases():
    create("Sortants", description="Accompagner les détenus avant leur libération.")
    create("Autre", description="Un atelier de cuisine.")
    assert titles("personnes sous main de justice") == ["Sortants"]
    assert titles("prison") == ["Sortants"]


def test_synonyms_edited_in_the_database_take_effect():
    create("Vélos", description="Des bicyclettes prêtées aux salariés.")
    assert titles("cyclisme") == []
    Synonym.objects.create(terms="cyclisme\nbicyclette\nvélo")
    assert titles("cyclisme") == ["Vélos"]
    Synonym.objects.filter(terms__startswith="cyclisme").update(is_active=False)
    Synonym.objects.first().save()  # any save invalidates, like the admin does
    assert titles("cyclisme") == []


def test_exact_word_outranks_synonym():
    create("Parrainage", description="Un parrainage par des cadres.")
    create("Mentorat", description="Un mentorat par des cadres.")
    assert titles("mentorat") == ["Mentorat", "Parrainage"]


@pytest.mark.postgres
def test_typos_are_corrected_against_the_indexed_vocabulary():
    create("Accueil des réfugiés", description="Accompagnement vers l'emploi.")
    create("Mobilité", description="Location de scooters et mobilité durable.")
    create("Santé", description="Un soutien aux personnes avec un handicap psychique.")
    result = search(SearchQuery(q="mobilitée"))
    assert [hit.title for hit in result.hits] == ["Mobilité"]
    assert result.corrected_query == "mobilité"
    result = search(SearchQuery(q="handicap psichique"))
    assert result.hits[0].title == "Santé"
    assert result.corrected_query == "handicap psychique"
    assert titles("réfugiers") == ["Accueil des réfugiés"]
    # Unaccented typing finds the accented word.
    assert titles("refugies") == ["Accueil des réfugiés"]


def test_words_that_exist_are_not_corrected():
    create("Scooters", description="Location de scooters.")
    result = search(SearchQuery(q="scooters"))
    assert result.corrected_query is None


@pytest.mark.postgres
def test_place_only_query_finds_fiches_of_the_region():
    create("Marseillais", region="provence-alpes-cote-d-azur", description="Emploi des jeunes.")
    create("Quartiers nord", region="bretagne", description="Un projet né à Marseille.")
    create("Breton", region="bretagne", description="Emploi des jeunes.")
    result = search(SearchQuery(q="Marseille"))
    assert result.places == ["Marseille"]
    assert {hit.title for hit in result.hits} == {"Marseillais", "Quartiers nord"}
    assert set(titles("PACA")) == {"Marseillais"}


def test_place_in_a_query_boosts_without_excluding():
    create("Jeunes bretons", region="bretagne", description="Emploi des jeunes.")
    create("Jeunes du sud", region="provence-alpes-cote-d-azur", description="Emploi des jeunes.")
    assert titles("emploi des jeunes Marseille") == ["Jeunes du sud", "Jeunes bretons"]
    assert titles("emploi des jeunes Bretagne") == ["Jeunes bretons", "Jeunes du sud"]


def test_overseas_aliases():
    create("Guyane", region="guyane", description="Pirogues et emploi.")
    create("Réunion", region="la-reunion", description="Emploi local.")
    create("Métropole", region="bretagne", description="Emploi local.")
    assert set(titles("outre-mer")) == {"Guyane", "Réunion"}
    assert set(titles("DOM")) == {"Guyane", "Réunion"}


def test_town_names_that_are_common_words():
    create("Donner du sens", region="bretagne", description="Donner du sens au travail.")
    create("Bourguignon", region="bourgogne-franche-comte", description="Emploi local.")
    # Lower case, among other words, « sens » is the word: no place recognised.
    assert search(SearchQuery(q="donner du sens au travail")).places == []
    # Capitalised, or alone, it is the town of Yonne (Bourgogne-Franche-Comté).
    assert search(SearchQuery(q="emploi à Sens")).places == ["Sens"]
    assert search(SearchQuery(q="sens")).places == ["Sens"]
    assert titles("emploi à Sens")[0] == "Bourguignon"


def test_department_numbers_only_when_meant():
    create("Nordiste", region="hauts-de-france", description="Emploi local.")
    assert search(SearchQuery(q="59")).places == ["Nord"]
    assert search(SearchQuery(q="département 59")).places == ["Nord"]
    assert search(SearchQuery(q="plus de 59 ans")).places == []


def test_snippets_escape_html_and_mark_matches():
    create("Piège", description="<script>alert(1)</script> Un garage solidaire & durable.")
    hit = search(SearchQuery(q="garage")).hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>garage</mark>" in hit.snippet
    assert "&amp; durable" in hit.snippet


def test_ties_are_broken_by_fiche_number_then_id():
    edition = EditionFactory()
    second = f.InitiativeFactory(title="Deux", description="Jardin partagé.", edition=(edition, 2))
    first = f.InitiativeFactory(title="Un", description="Jardin partagé.", edition=(edition, 1))
    edition_publish(edition)
    assert titles("jardin") == ["Un", "Deux"]
    assert [hit.number for hit in search(SearchQuery()).hits] == [1, 2]
    assert first.pk != second.pk


@pytest.mark.postgres
def test_large_result_sets_rank_from_the_rarest_concepts(monkeypatch, on_postgres):
    """Above CANDIDATE_BUDGET results, candidates come from the rarest words, then from the
    strong fields; filters still apply (forced here with a budget of one document)."""
    from cahier.search import matching

    monkeypatch.setattr(matching, "CANDIDATE_BUDGET", 1)
    sport = f.KeywordFactory(label="Sport", slug="sport")
    create("Emploi et vélo", description="Emploi, emploi et mobilité à vélo.")
    create("Boxe", description="L'emploi par la boxe.", keywords=[sport])
    create("Emploi", region="normandie", description="Emploi pour tous.", keywords=[sport])
    create("Cuisine", description="Un atelier de cuisine.")
    assert titles("emploi vélo")[0] == "Emploi et vélo"
    assert set(titles("emploi")) == {"Emploi et vélo", "Boxe", "Emploi"}
    assert titles("emploi", keyword=["sport"], region=["normandie"]) == ["Emploi"]


@pytest.mark.postgres
def test_glossary_added_later_reindexes_the_fiches_concerned():
    create(
        "Réduction des risques",
        description="Porté par le centre d'accueil et d'accompagnement à la réduction des "
        "risques pour usagers de drogues de la ville.",
    )
    create("Cuisine", description="Un atelier de cuisine avec le CAARUD.")
    assert titles("CAARUD") == ["Cuisine"]
    f.GlossaryTermFactory(
        acronym="CAARUD",
        definition="Centre d'accueil et d'accompagnement à la réduction des risques pour "
        "usagers de drogues",
    )
    assert set(titles("CAARUD")) == {"Réduction des risques", "Cuisine"}


def test_a_region_typed_any_way_is_named_once():
    create("Francilien", region="ile-de-france", description="Emploi local.")
    assert search(SearchQuery(q="ile de france")).places == ["Île-de-France"]
    assert titles("Île-de-France") == ["Francilien"]


@pytest.mark.postgres
def test_few_candidates_still_hold_the_best_fiche(monkeypatch):
    """The backend ranks the known matches (synonym phrases included) to pick the candidates:
    with a window of two, the best fiche still comes first, and the pages after the window
    list every match and nothing else."""
    from cahier.search import engine

    create("Mobilité solidaire", description="La mobilité des salariés, la mobilité partout.")
    create("Atelier un", description="Un atelier de mobilité.")
    create("Garage social", description="Passer le permis de conduire.")
    create("Atelier deux", description="Un atelier de mobilité.")
    create("Atelier trois", description="Un atelier de mobilité.")
    create("Engins", description="Le permis bateau pour conduire des engins.")
    best = search(SearchQuery(q="mobilité", limit=1)).hits[0].title
    monkeypatch.setattr(engine, "RERANK_WINDOW", 2)
    first = search(SearchQuery(q="mobilité", limit=2))
    assert first.count == 5
    assert first.hits[0].title == best
    rest = search(SearchQuery(q="mobilité", limit=3, offset=2))
    assert {hit.title for hit in first.hits + rest.hits} == {
        "Atelier un",
        "Garage social",
        "Atelier deux",
        "Mobilité solidaire",
        "Atelier trois",
    }
