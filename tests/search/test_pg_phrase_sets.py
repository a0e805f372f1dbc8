"""PostgreSQL keeps the set of fiches of each phrase of the lexicon (`search_phrase`,
pgphrases.py): a synonym or an acronym's definition of common words no process has seen yet is
answered from one row, not a check of the word order in every fiche holding its words (100 to
400 ms at 100 000 fiches). A row present always equals what the fiches hold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cahier.catalogue import services
from cahier.catalogue.enums import PublicationStatus
from cahier.search import pgphrases, state
from cahier.search.engine import SearchQuery, search
from cahier.search.indexing import reindex_all
from cahier.search.models import Synonym
from tests.search.helpers import create, edit

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only(on_postgres):
    if not on_postgres:
        pytest.skip("les ensembles par expression sont propres à PostgreSQL")


def _stored() -> dict[str, set[int]]:
    from cahier.search.facets import ids_of

    keys = pgphrases.stored()
    return {key: set(ids_of(bits)) for key, bits in pgphrases.read(keys).items()}


@pytest.fixture
def garde():
    """A synonym group with a phrase of common words, known to the index by a rebuild."""
    Synonym.objects.create(terms="garde d’enfants\naccueil du jeune enfant", is_active=True)
    state.clear_local()
    crèche = create("Crèche à vocation d’insertion", description="L’accueil du jeune enfant.")
    create("Jeunes", description="Un enfant, un jeune : l’accueil du public.")
    reindex_all()
    state.clear_local()
    return crèche


def test_a_lexicon_phrase_is_read_from_its_set_not_checked_in_the_fiches(garde):
    key = "accueil jeun enfant"
    assert _stored()[key] == {garde.pk}
    search(SearchQuery(q="crèche"))  # builds the per-process structures
    with CaptureQueriesContext(connection) as queries:
        result = search(SearchQuery(q="garde d’enfants"))
    assert [hit.title for hit in result.hits][0] == "Crèche à vocation d’insertion"
    sql = [q["sql"] for q in queries]
    assert any("search_phrase" in s for s in sql)
    # No GIN match over search_document to know which fiches hold the phrase in order.
    assert not any("string_agg" in s and "search_document" in s for s in sql), sql


def test_phrase_sets_follow_every_change(garde):
    key = "accueil jeun enfant"
    other = create("Halte-garderie", description="Un atelier.")
    other = edit(other, description="Un lieu d’accueil du jeune enfant pour chercher un emploi.")
    assert _stored()[key] == {garde.pk, other.pk}
    state.clear_local()  # a new process reads the row
    assert {hit.title for hit in search(SearchQuery(q="garde d’enfants")).hits} >= {
        "Halte-garderie",
        "Crèche à vocation d’insertion",
    }
    services.initiative_set_status(initiative=garde, status=PublicationStatus.ARCHIVED)
    assert _stored()[key] == {other.pk}
    # Words of the phrase in two fields (title then description) are not the phrase.
    crossing = create("Un lieu d’accueil", description="Jeune enfant bienvenu.")
    assert crossing.pk not in _stored()[key]
    services.initiative_delete(initiative=other)
    assert _stored()[key] == set()


def test_a_phrase_the_lexicon_gains_later_is_still_found(garde):
    Synonym.objects.create(terms="bricolage solidaire\nréparation partagée", is_active=True)
    state.clear_local()
    create("Repair café", description="Une réparation partagée des appareils.")
    assert "repar partag" not in _stored()  # until the next rebuild
    assert [hit.title for hit in search(SearchQuery(q="bricolage solidaire")).hits] == [
        "Repair café"
    ]
    reindex_all()
    assert len(_stored()["repar partag"]) == 1
