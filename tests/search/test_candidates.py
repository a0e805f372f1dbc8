"""Which fiches the final ranking looks at (matching.candidates): what keeps a search cheap at
100 000 fiches (docs/search.md, « Issue 12 à 100 000 fiches : candidats, expressions, extraits ») without changing
what a reader sees first or the pages after it."""

import pytest

from cahier.search import engine, matching
from cahier.search.engine import SearchQuery, search

from .helpers import create

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def ranked_expressions(monkeypatch):
    """The expressions the backend is asked to rank, as lists of their concepts' first words."""
    calls = []
    backend_class = type(engine.get_backend())
    top = backend_class.top

    def recording_top(self, expression, k, required=(), strong_only=False, matches=None):
        calls.append(([alternatives[0][0] for alternatives in expression], strong_only))
        return top(self, expression, k, required, strong_only=strong_only, matches=matches)

    monkeypatch.setattr(backend_class, "top", recording_top)
    return calls


def _catalogue(bikes_in_normandy: int):
    for n in range(6):
        create(f"Emploi breton {n}", description="Emploi et vélo." if n < 3 else "Emploi local.")
    for n in range(6):
        bike = n < bikes_in_normandy
        create(
            f"Emploi normand {n}",
            region="normandie",
            description="Emploi, emploi et vélo solidaire." if bike else "Emploi, emploi local.",
        )


def _pages(q: str, size: int, total: int, **filters) -> list[str]:
    titles = []
    for offset in range(0, total, size):
        query = SearchQuery(q=q, limit=size, offset=offset, **filters)
        titles += [hit.title for hit in search(query).hits]
    return titles


def test_few_results_with_common_words_are_ranked_from_the_rarest_word(
    monkeypatch, ranked_expressions
):
    """Six results (a filter) but a word found everywhere: ranking the whole expression reads
    every document of « emploi », whatever the filter (30 ms at 100 000 fiches for a long
    query). The rarest word picks the candidates when it gives a full window of them; the best
    fiche still comes first and the pages list every result once."""
    _catalogue(bikes_in_normandy=3)
    monkeypatch.setattr(matching, "CANDIDATE_BUDGET", 8)  # « emploi » (12 fiches) is common
    monkeypatch.setattr(engine, "RERANK_WINDOW", 2)
    first = search(SearchQuery(q="emploi vélo", region=["normandie"], limit=1))
    assert first.hits[0].title.startswith("Emploi normand")
    assert "vélo" in first.hits[0].snippet_text
    ranked = [words for words, strong in ranked_expressions if not strong]
    assert ranked and all(words == ["velo"] for words in ranked), ranked_expressions
    pages = _pages("emploi vélo", 2, 6, region=["normandie"])
    assert sorted(pages) == [f"Emploi normand {n}" for n in range(6)]


def test_when_the_rarest_word_gives_too_few_candidates_the_whole_query_is_ranked(
    monkeypatch, ranked_expressions
):
    """One fiche of the six has the rare word: the candidates would be one short of the
    window; the backend ranks the whole expression among the six, the same for every page."""
    _catalogue(bikes_in_normandy=1)
    monkeypatch.setattr(matching, "CANDIDATE_BUDGET", 8)
    monkeypatch.setattr(engine, "RERANK_WINDOW", 2)
    result = search(SearchQuery(q="emploi vélo", region=["normandie"], limit=2))
    assert result.hits[0].title == "Emploi normand 0"
    assert (["emploi", "velo"], False) in ranked_expressions
    pages = _pages("emploi vélo", 2, 6, region=["normandie"])
    assert sorted(pages) == [f"Emploi normand {n}" for n in range(6)]


def test_the_strong_fields_ranking_is_kept_until_the_catalogue_changes(
    monkeypatch, ranked_expressions
):
    """Common words only: candidates come from the strong fields (title, taxonomy…), a ranking
    that does not depend on the rest of the search. It is asked once per process, not once per
    reader, and asked again after a change — the new fiche is found first."""
    for n in range(4):
        create(f"Atelier couture {n}", description="Couture et jardin partagé.")
        create(f"Atelier {n}", description="Réparation de vélos.")
    monkeypatch.setattr(matching, "CANDIDATE_BUDGET", 1)  # every word counts as common
    monkeypatch.setattr(engine, "RERANK_WINDOW", 2)

    def strong_calls() -> int:
        return sum(1 for _, strong in ranked_expressions if strong)

    search(SearchQuery(q="atelier couture jardin", limit=2))
    search(SearchQuery(q="atelier couture jardin", limit=2))
    assert strong_calls() == 1
    create("Couture jardin atelier", description="Atelier couture, jardin, couture au jardin.")
    result = search(SearchQuery(q="atelier couture jardin", limit=2))
    assert strong_calls() == 2
    assert result.hits[0].title == "Couture jardin atelier"


def test_a_named_value_is_not_ranked_in_the_strong_fields_its_fiches_come_first(
    monkeypatch, ranked_expressions
):
    """« projets présentés à la JITE 2025 »: every word is common and the event's token is in
    a fifth of the fiches at 100 000 — ranking it in the strong fields read tens of thousands
    of rows (40 to 90 ms) to order fiches that all hold it alike. The strong fields rank the
    typed words only; the fiches of the event are the next candidates, so they still lead."""
    from cahier.catalogue import services

    event = services.event_get_or_create(kind="JITE", year=2025)
    for n in range(3):
        create(f"Atelier {n}", description="Des projets d’insertion.")
    create("Chantier bois", description="Des projets de menuiserie.", event=event)
    monkeypatch.setattr(matching, "CANDIDATE_BUDGET", 1)  # every word counts as common
    monkeypatch.setattr(engine, "RERANK_WINDOW", 2)
    result = search(SearchQuery(q="projets à la JITE 2025", limit=2))
    assert result.hits[0].title == "Chantier bois"
    strong = [words for words, is_strong in ranked_expressions if is_strong]
    assert strong and not any(word.startswith("zz") for words in strong for word in words)


def test_strong_fields_outside_the_group_do_not_leave_its_page_empty(monkeypatch):
    """The strong fields' rows are kept for the whole catalogue: when they all lie outside the
    group being ranked (here the pertinent results, whose words are in their descriptions
    only), they must not count as its candidates — its page would be empty."""
    for n in range(3):
        create(f"Projet {n}", description="Atelier de couture au jardin partagé.")
    for n in range(3):
        create(f"Atelier {n}", description="Réparation de vélos.")
    monkeypatch.setattr(matching, "CANDIDATE_BUDGET", 1)  # every word counts as common
    monkeypatch.setattr(engine, "RERANK_WINDOW", 2)
    result = search(SearchQuery(q="atelier couture jardin", limit=2))
    assert result.count_relevant == 3
    assert [hit.title.startswith("Projet") for hit in result.hits] == [True, True]
