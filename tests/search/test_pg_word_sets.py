"""PostgreSQL keeps the set of fiches of each word (`search_posting`): a word no process has seen
yet is answered from one row, not a visit of every fiche that contains it. The sets follow
every change in the same transaction and always equal what the tsvectors say."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cahier.catalogue import services
from cahier.catalogue.enums import PublicationStatus
from cahier.search import state
from cahier.search.backends import get_backend, ids_to_bits
from cahier.search.engine import SearchQuery, search
from cahier.search.indexing import reindex_all
from tests.search.helpers import create, edit

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only(on_postgres):
    if not on_postgres:
        pytest.skip("les ensembles par mot sont propres à PostgreSQL")


def _sets_from_the_tsvectors() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM ts_stat('SELECT vector FROM search_document')")
        words = [word for (word,) in cursor.fetchall()]
        sets = {}
        for word in words:
            cursor.execute(
                "SELECT string_agg(initiative_id::text, ',') FROM search_document "
                "WHERE vector @@ to_tsquery('simple', %s)",
                ["'" + word + "'"],
            )
            sets[word] = ids_to_bits(cursor.fetchone()[0])
    return sets


def _stored_sets() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT token, bits FROM search_posting WHERE ndoc > 0")
        return {token: int.from_bytes(bits, "little") for token, bits in cursor.fetchall()}


def test_word_sets_follow_every_change():
    garage = create("Garage solidaire", description="Réparer des voitures à bas prix.")
    velo = create("Atelier vélo", description="Réparer des vélos, prêter des voitures.")
    assert _stored_sets() == _sets_from_the_tsvectors()

    garage = edit(garage, description="Louer des scooters pour aller travailler.")
    assert _stored_sets() == _sets_from_the_tsvectors()
    services.initiative_set_status(initiative=velo, status=PublicationStatus.ARCHIVED)
    assert _stored_sets() == _sets_from_the_tsvectors()
    services.initiative_delete(initiative=garage)
    assert _stored_sets() == _sets_from_the_tsvectors() == {}

    create("Épicerie sociale", description="Des paniers à petit prix.")
    reindex_all()
    assert _stored_sets() == _sets_from_the_tsvectors()
    assert get_backend().vocabulary() == {
        word: bits.bit_count() for word, bits in _stored_sets().items()
    }


def test_an_unseen_word_reads_its_set_not_the_fiches():
    create("Garage solidaire", description="Réparer des voitures, un zorglub.")
    create("Atelier vélo", description="Réparer des vélos, un autre zorglub.")
    state.clear_local()
    search(SearchQuery(q="garage"))  # builds the per-process structures
    with CaptureQueriesContext(connection) as queries:
        result = search(SearchQuery(q="zorglub"))
    assert result.count == 2
    matching = [q["sql"] for q in queries if "@@" in q["sql"] or "search_posting" in q["sql"]]
    assert any("search_posting" in sql for sql in matching)
    # No GIN match over search_document to know which fiches hold the word.
    assert not any("string_agg" in sql for sql in matching), matching
