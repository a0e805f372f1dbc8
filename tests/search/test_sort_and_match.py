"""Sorting over every page (titre, région, numéro, date de mise à jour, année), match() and
the same set of fiches from the site, the API and the exports."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from cahier.catalogue.enums import EventKind
from cahier.catalogue.models import Initiative
from cahier.core.text import fold
from cahier.search.engine import SearchQuery, match, search
from cahier.search.indexing import reindex_all
from cahier.search.selectors import initiatives_matching
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory, edition_publish

pytestmark = pytest.mark.django_db

WORDS = ["zèbre", "Élan", "abeille", "Mouette", "étoile", "castor", "Ours"]
REGIONS = ["normandie", "bretagne", "occitanie", "corse"]
FICHES = 47  # more than two pages of 20


@pytest.fixture
def many():
    """47 « Atelier » fiches over 4 regions and 3 event years, updated at different times,
    numbered in a shuffled order in an edition (the last 5 unnumbered); 2 other fiches."""
    edition = EditionFactory(slug="cahier-test", year=2019)
    events = [f.EventFactory(kind=EventKind.JITE, year=year) for year in (2017, 2018, 2019)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(FICHES):
        number = (n * 7) % FICHES + 1  # a permutation of 1..47
        initiative = f.InitiativeFactory(
            title=f"Atelier {WORDS[n % len(WORDS)]} {n:02d}",
            slug=f"atelier-{n}",
            region=f.region(REGIONS[n % len(REGIONS)]),
            event=events[n % 3],
            edition=(edition, number) if n < FICHES - 5 else None,
        )
        # Not in creation order: the update order is its own.
        stamp = start + timedelta(hours=(n * 11) % FICHES)
        Initiative.objects.filter(pk=initiative.pk).update(updated_at=stamp)
    # The site numbers fiches by the current edition, a curator's explicit choice.
    edition_publish(edition)
    f.InitiativeFactory(title="Garage solidaire", slug="garage", description="Voitures.")
    f.InitiativeFactory(title="Vélo-école", slug="velo", description="Vélos.")
    reindex_all()


def _every_page(query: SearchQuery) -> list[str]:
    slugs, offset = [], 0
    while True:
        result = search(SearchQuery(**{**query.__dict__, "offset": offset, "limit": 20}))
        slugs += [hit.slug for hit in result.hits]
        offset += 20
        if offset >= result.count:
            return slugs


def _expected(key) -> list[str]:
    initiatives = Initiative.objects.filter(slug__startswith="atelier").select_related(
        "region", "event"
    )
    return [i.slug for i in sorted(initiatives, key=key)]


EXPECTED_KEYS = {
    "titre": lambda i: (fold(i.title), i.pk),
    "region": lambda i: (i.region.position, fold(i.title), i.pk),
    "mise-a-jour": lambda i: (-i.updated_at.timestamp(), i.pk),
    "annee": lambda i: (-i.event.year, fold(i.title), i.pk),
}


@pytest.mark.postgres
@pytest.mark.parametrize("sort", list(EXPECTED_KEYS))
def test_sorts_hold_on_every_page(many, sort):
    expected = _expected(EXPECTED_KEYS[sort])
    assert _every_page(SearchQuery(q="atelier", sort=sort)) == expected
    # Page 3 on its own is the tail of the same order (not a re-sort of that page).
    page3 = search(SearchQuery(q="atelier", sort=sort, limit=20, offset=40))
    assert [hit.slug for hit in page3.hits] == expected[40:]
    assert page3.count == FICHES


@pytest.mark.postgres
def test_title_sort_ignores_accents_and_case(many):
    titles = [hit.title for hit in search(SearchQuery(q="atelier", sort="titre", limit=100)).hits]
    words = [title.split()[1] for title in titles]
    # « Élan » and « étoile » sort with the e's, « Mouette » and « Ours » with m and o.
    assert words.index("Élan") < words.index("Mouette") < words.index("Ours")
    assert words.index("castor") < words.index("Élan")


@pytest.mark.postgres
def test_number_sort_is_fiche_order_with_or_without_words(many):
    def number_key(i):
        entry = i.edition_entries.first()
        return (entry is None, entry.number if entry else 0, i.pk)

    expected = _expected(number_key)
    assert _every_page(SearchQuery(q="atelier", sort="numero")) == expected
    # Without words, the default order is the same fiche order (the other two fiches among).
    listing = [s for s in _every_page(SearchQuery()) if s.startswith("atelier")]
    assert listing == expected


@pytest.mark.postgres
def test_relevance_stays_the_default_with_words(many):
    result = search(SearchQuery(q="garage"))
    assert [hit.slug for hit in result.hits] == ["garage"]
    assert result.hits[0].score is not None
    titled = search(SearchQuery(q="atelier", sort="titre"))
    assert all(hit.score is None for hit in titled.hits)


@pytest.mark.postgres
def test_match_returns_every_hit(many):
    ids = match(SearchQuery(q="atelier"))
    expected = sorted(
        Initiative.objects.filter(slug__startswith="atelier").values_list("pk", flat=True)
    )
    assert ids == expected and len(ids) == FICHES > 20
    assert len(match(SearchQuery())) == FICHES + 2
    breton = match(SearchQuery(q="atelier", region=["bretagne"]))
    assert breton == sorted(
        Initiative.objects.filter(slug__startswith="atelier", region__slug="bretagne").values_list(
            "pk", flat=True
        )
    )
    # Words matching any of them (OU): « garage vélos » finds both other fiches.
    slugs = set(
        Initiative.objects.filter(pk__in=match(SearchQuery(q="garage vélos"))).values_list(
            "slug", flat=True
        )
    )
    assert slugs == {"garage", "velo"}
    assert initiatives_matching(SearchQuery(q="atelier")).count() == FICHES


@pytest.mark.postgres
def test_same_filter_same_fiches_on_site_api_and_exports(client, many):
    params = {"q": "atelier", "region": ["bretagne", "corse"]}
    site_params = {"q": "atelier", "region": ["bretagne", "corse"], "tri": "titre"}
    site = []
    for page in (1, 2):
        html = client.get("/initiatives/", {**site_params, "page": page}).content.decode()
        site += re.findall(
            r'<h3 class="fr-h6 fr-mb-1w"><a href="/initiatives/([^/]+)/(?:\?[^"]*)?">', html
        )
    api = client.get("/api/v1/initiatives", {**params, "limit": 100}).json()
    exported = json.loads(client.get("/api/v1/exports/initiatives.json", params).getvalue())[
        "initiatives"
    ]
    expected = set(
        Initiative.objects.filter(
            slug__startswith="atelier", region__slug__in=["bretagne", "corse"]
        ).values_list("slug", flat=True)
    )
    assert len(expected) > 20  # two pages on the site
    assert set(site) == expected and len(site) == len(expected)
    assert {hit["slug"] for hit in api["results"]} == expected == {r["slug"] for r in exported}
