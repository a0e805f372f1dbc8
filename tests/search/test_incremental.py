"""After any sequence of changes, the structures a process patches with what changed
(cahier/search/state.py) equal the ones a full rebuild gives: facet bitsets and labels, the
vocabulary's counts and words, every sort order, the per-word sets, the lexicon — and counts and
facets of real searches. On SQLite and on PostgreSQL (marked `postgres`)."""

import random
import threading
import time
from dataclasses import replace

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from cahier.catalogue import services
from cahier.catalogue.enums import EventKind, ProjectStatus, PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import InitiativeData
from cahier.search import facets, matching, ordering, query, state
from cahier.search import vocabulary as search_vocabulary
from cahier.search.backends import get_backend
from cahier.search.engine import SearchQuery, search
from cahier.search.enums import Sort
from cahier.search.lexicon import build_lexicon
from cahier.search.models import Synonym
from tests.catalogue import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

WORDS = [
    "mobilité",
    "insertion",
    "jeunes",
    "décrocheurs",
    "garage",
    "solidaire",
    "vélo",
    "permis",
    "conduire",
    "logement",
    "accompagnement",
    "emploi",
    "numérique",
    "chantier",
    "bâtiment",
    "santé",
    "mentale",
    "détenus",
    "sortants",
    "prison",
    "zorglub",
    "quinoa",
    "coopérative",
    "saisonniers",
]
REGIONS = ("bretagne", "normandie", "occitanie")
QUERIES = [
    SearchQuery(q="mobilité"),
    SearchQuery(q="garage solidaire"),
    SearchQuery(q="zorglub"),
    SearchQuery(q="emploi", region=["bretagne"]),
    SearchQuery(),
    SearchQuery(sort=Sort.TITLE),
]
PHRASES = [("mobil",), ("garag", "solidair"), ("zorglub",), ("emploi",), ("quinoa",)]
SORTS = (Sort.TITLE, Sort.REGION, Sort.UPDATED, Sort.YEAR, Sort.REPLICATIONS)


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _touch_everything() -> None:
    """Use every structure, so that each must follow the next change."""
    for search_query in QUERIES:
        search(search_query)
    matching.match_bits(get_backend(), [PHRASES])
    for sort in SORTS:
        ordering._order(sort)


def _snapshot() -> dict:
    """What this process holds now (patched)."""
    _touch_everything()
    phrase_bits = state.cached("phrase_bits", dict, matching.patch_match_bits)
    return {
        "facets": facets.facet_index(),
        "vocabulary": query.vocabulary(),
        "lexicon": query.lexicon(),
        "orders": {sort: ordering._order(sort).tolist() for sort in SORTS},
        "phrases": {phrase: phrase_bits[phrase] for phrase in PHRASES},
        "results": [_result(search_query) for search_query in QUERIES],
    }


def _rebuilt() -> dict:
    """The same, every structure built from scratch; the patched ones are put back after, so
    that patches pile up over the steps."""
    kept = dict(state._local)
    state.clear_local()
    backend = get_backend()
    try:
        return {
            "facets": facets.build_facet_index(),
            "vocabulary": search_vocabulary._build_vocabulary(),
            "lexicon": build_lexicon(),
            "orders": {sort: ordering._order(sort).tolist() for sort in SORTS},
            "phrases": {phrase: backend.match_bits([[phrase]]) for phrase in PHRASES},
            "results": [_result(search_query) for search_query in QUERIES],
        }
    finally:
        state.clear_local()
        state._local.update(kept)


def _result(search_query: SearchQuery) -> tuple:
    result = search(search_query)
    return (
        result.count,
        [hit.slug for hit in result.hits],
        {name: [(v.value, v.count) for v in values] for name, values in result.facets.items()},
    )


def _comparable(structures: dict) -> dict:
    """Vocabulary and facets as plain values (the facets' by_key is an implementation detail
    checked through the bits of every value)."""
    vocabulary = structures["vocabulary"]
    index = structures["facets"]
    return {
        **structures,
        "facets": (index.published, index.facets),
        "vocabulary": (
            vocabulary.document_frequency,
            vocabulary.words,
            vocabulary.display,
            vocabulary.word_tokens,
        ),
        "lexicon": (structures["lexicon"].entries, structures["lexicon"].tokens),
    }


class Steps:
    """Random changes through the services, as curators and contributors make them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.keywords = [f.KeywordFactory(label=f"Thème {n}") for n in range(3)]
        self.events = [
            f.EventFactory(kind=EventKind.JITE, year=2018),
            f.EventFactory(kind=list(EventKind)[-1], year=2019),
        ]

    def _data(self) -> dict:
        rng = self.rng
        return {
            "title": _text(rng, 3),
            "region": f.region(rng.choice(REGIONS)),
            "description": _text(rng, 12),
            "public": _text(rng, 3),
            "keywords": rng.sample(self.keywords, rng.randint(0, 2)),
            "event": rng.choice([None, *self.events]),
            "project_status": rng.choice([ProjectStatus.ONGOING, ProjectStatus.UNKNOWN]),
        }

    def fiches(self, *statuses) -> list[Initiative]:
        return list(Initiative.objects.filter(status__in=statuses).order_by("pk"))

    def create(self) -> None:
        status = self.rng.choice([PublicationStatus.PUBLISHED, PublicationStatus.DRAFT])
        services.initiative_create(data=InitiativeData(**self._data()), status=status)

    def edit(self) -> None:
        fiches = self.fiches(PublicationStatus.PUBLISHED, PublicationStatus.DRAFT)
        if not fiches:
            return self.create()
        fiche = self.rng.choice(fiches)
        data = replace(InitiativeData.from_initiative(fiche), **self._data())
        services.initiative_update(initiative=fiche, data=data, expected_version=fiche.version)

    def archive(self) -> None:
        if fiches := self.fiches(PublicationStatus.PUBLISHED):
            fiche = self.rng.choice(fiches)
            services.initiative_set_status(initiative=fiche, status=PublicationStatus.ARCHIVED)

    def publish(self) -> None:
        if fiches := self.fiches(PublicationStatus.DRAFT, PublicationStatus.ARCHIVED):
            fiche = self.rng.choice(fiches)
            services.initiative_set_status(initiative=fiche, status=PublicationStatus.PUBLISHED)

    def replicate(self) -> None:
        """A published replication of a published fiche: its origin's « essaimé » changes."""
        if origins := self.fiches(PublicationStatus.PUBLISHED):
            data = InitiativeData(**self._data(), replication_of=self.rng.choice(origins))
            services.initiative_create(data=data, status=PublicationStatus.PUBLISHED)

    def rename_keyword(self) -> None:
        keyword = self.rng.choice(self.keywords)
        keyword.label = f"Thème {self.rng.choice(WORDS)} {keyword.pk}"
        keyword.save()

    def add_keyword(self) -> None:
        self.keywords.append(f.KeywordFactory(label=f"Nouveau thème {len(self.keywords)}"))

    def delete_keyword(self) -> None:
        if len(self.keywords) > 1:
            keyword = self.keywords.pop(self.rng.randrange(len(self.keywords)))
            services.term_delete(term=keyword)

    def synonym(self) -> None:
        Synonym.objects.create(terms=f"{self.rng.choice(WORDS)}\n{self.rng.choice(WORDS)}")

    def delete(self) -> None:
        if fiches := self.fiches(PublicationStatus.PUBLISHED, PublicationStatus.DRAFT):
            fiche = self.rng.choice(fiches)
            if not fiche.replications.exists():
                services.initiative_delete(initiative=fiche)

    def random(self) -> str:
        step = self.rng.choices(
            [
                "create",
                "edit",
                "archive",
                "publish",
                "replicate",
                "rename_keyword",
                "add_keyword",
                "delete_keyword",
                "synonym",
                "delete",
            ],
            weights=[3, 5, 2, 2, 1, 1, 1, 1, 1, 1],
        )[0]
        getattr(self, step)()
        return step


@pytest.mark.parametrize(("seed", "every"), [(1, 1), (2, 1), (3, 1), (4, 3)])
def test_patched_structures_equal_a_rebuild_after_random_changes(seed, every, monkeypatch):
    """Compared after each change, or (`every` 3) after three: one patch then merges several
    changes (several fiches inserted in each order at once)."""
    rng = random.Random(seed)  # noqa: S311 (test data)
    steps = Steps(rng)
    for _ in range(6):
        steps.create()
    builds = []
    for name in ("build_facet_index",):
        original = getattr(facets, name)
        monkeypatch.setattr(facets, name, lambda original=original: builds.append(1) or original())
    _touch_everything()
    builds.clear()

    for number in range(14):
        step = steps.random()
        if number % every != every - 1:
            continue
        patched = _comparable(_snapshot())
        assert not builds, f"étape {number} ({step}) : facettes reconstruites, pas mises à jour"
        expected = _comparable(_rebuilt())
        for key in expected:
            assert patched[key] == expected[key], f"étape {number} ({step}) : {key} diffère"
        builds.clear()


def test_a_search_after_an_edit_patches_instead_of_rebuilding(monkeypatch):
    """The first query after an edit re-reads the edited fiche only: no structure is built
    again (on the old code every change rebuilt them all)."""
    f.InitiativeFactory(title="Garage solidaire", description="Des voitures prêtées.")
    fiche = f.InitiativeFactory(title="Atelier vélo", description="Réparer son vélo.")
    assert search(SearchQuery(q="voitures")).count == 1
    search(SearchQuery(sort=Sort.TITLE))
    built = []
    monkeypatch.setattr(facets, "build_facet_index", lambda: built.append("facettes"))
    monkeypatch.setattr(search_vocabulary, "_build_vocabulary", lambda: built.append("vocabulaire"))
    monkeypatch.setattr(search_vocabulary, "build_lexicon", lambda: built.append("lexique"))
    monkeypatch.setattr(ordering, "_rows", _rows_of_changed_only(ordering._rows, built))

    data = replace(InitiativeData.from_initiative(fiche), description="Des voitures réparées.")
    services.initiative_update(initiative=fiche, data=data, expected_version=fiche.version)

    result = search(SearchQuery(q="voitures", sort=Sort.TITLE))
    assert result.count == 2
    assert [hit.title for hit in result.hits] == ["Atelier vélo", "Garage solidaire"]
    assert built == []


def _rows_of_changed_only(rows, built):
    def only_changed(ids=None):
        if ids is None:
            built.append("ordres de tri")
        return rows(ids)

    return only_changed


def test_a_full_change_rebuilds(monkeypatch):
    """A region edited (names, positions): nothing is patched, everything is rebuilt."""
    f.InitiativeFactory(title="Garage solidaire", region=f.region("bretagne"))
    assert search(SearchQuery(region=["bretagne"])).count == 1
    region = f.region("bretagne")
    region.name = "Bretagne armoricaine"
    region.save()
    labels = {v.value: v.label for v in search(SearchQuery()).facets["region"]}
    assert labels["bretagne"] == "Bretagne armoricaine"


def test_switched_off_every_change_rebuilds(settings, monkeypatch):
    settings.SEARCH_INCREMENTAL = False
    fiche = f.InitiativeFactory(title="Garage solidaire", description="Des voitures prêtées.")
    assert search(SearchQuery(q="voitures")).count == 1
    built = []
    original = facets.build_facet_index
    monkeypatch.setattr(facets, "build_facet_index", lambda: built.append(1) or original())
    data = replace(InitiativeData.from_initiative(fiche), description="Des vélos prêtés.")
    services.initiative_update(initiative=fiche, data=data, expected_version=fiche.version)
    assert search(SearchQuery(q="voitures")).count == 0
    assert built == [1]


@pytest.mark.django_db(transaction=True)
def test_a_build_outside_a_transaction_reads_one_snapshot():
    """A server builds outside any transaction: in a read snapshot (deferred transaction on
    SQLite, REPEATABLE READ on PostgreSQL) that it closes, then patches."""
    f.InitiativeFactory(title="Garage solidaire", description="Des voitures prêtées.")
    state.clear_local()
    assert search(SearchQuery(q="voitures")).count == 1
    assert not connection.in_atomic_block
    f.InitiativeFactory(title="Atelier vélo", description="Des voitures réparées.")
    assert search(SearchQuery(q="voitures")).count == 2


@pytest.mark.django_db(transaction=True)
def test_in_a_server_a_full_rebuild_happens_in_the_background(monkeypatch):
    """After a change the log cannot patch, the old structures answer until the new ones,
    built in a thread, take their place."""
    f.InitiativeFactory(title="Garage solidaire", region=f.region("bretagne"))
    state.clear_local()
    assert search(SearchQuery(region=["bretagne"])).count == 1
    monkeypatch.setattr(state, "_background", [True])
    region = f.region("bretagne")
    region.name = "Bretagne armoricaine"
    kept = dict(state._local)
    region.save()  # a full change: this process drops its structures…
    state._local.update(kept)  # …another process still holds them
    try:
        labels = {v.value: v.label for v in search(SearchQuery()).facets["region"]}
        assert labels["bretagne"] == "Bretagne"  # answered at once, by the old structures
        for _ in range(100):
            labels = {v.value: v.label for v in search(SearchQuery()).facets["region"]}
            if labels["bretagne"] == "Bretagne armoricaine":
                break
            time.sleep(0.05)
        assert labels["bretagne"] == "Bretagne armoricaine"
    finally:
        # The other structures' rebuilds may still be reading: the database is emptied after
        # the test, which a reading thread would lock (« database table is locked »).
        for thread in threading.enumerate():
            if thread.name.startswith("search-rebuild-"):
                thread.join(timeout=60)


def test_the_words_sets_follow_an_edit_in_one_query_whatever_their_number():
    """After an edit, every cached word or phrase set is brought up to date by one read of the
    changed fiches (not one index lookup per cached word, up to 1 000 of them), and equals
    what the index itself matches — a phrase within a field only."""
    fiche = f.InitiativeFactory(title="Atelier garage", description="Solidaire et mobile.")
    f.InitiativeFactory(title="Garage solidaire", description="Des voitures prêtées.")
    phrases = [*PHRASES, ("voitur",), ("atelier", "garag"), ("vel",), ("reparer", "vel")]
    matching.match_bits(get_backend(), [phrases])
    data = replace(
        InitiativeData.from_initiative(fiche),
        description="Réparer son vélo, un garage solidaire.",
    )
    services.initiative_update(initiative=fiche, data=data, expected_version=fiche.version)
    log = ("search_generation", "search_indexchange")  # reading the change is not patching

    with CaptureQueriesContext(connection) as captured:
        matching.match_bits(get_backend(), [phrases])
    patching = [q for q in captured.captured_queries if not any(t in q["sql"] for t in log)]
    assert len(patching) == 1, [q["sql"] for q in patching]
    cache = state.cached("phrase_bits", dict, matching.patch_match_bits)
    backend = get_backend()
    assert {phrase: cache[phrase] for phrase in phrases} == {
        phrase: backend.match_bits([[phrase]]) for phrase in phrases
    }


def test_a_patch_that_fails_half_way_is_rebuilt_not_patched_twice(monkeypatch):
    """Patches update structures in place: one that fails half-way (the database gone) must
    not leave a half-patched structure to be patched again with the same change."""
    f.InitiativeFactory(title="Garage solidaire", description="Des voitures prêtées.")
    assert search(SearchQuery(q="voitures")).count == 1
    f.InitiativeFactory(title="Atelier vélo", description="Des voitures réparées.")

    def failing(old, change):
        old.document_frequency["voitur"] += 100
        raise DatabaseError("connexion perdue")

    monkeypatch.setattr(search_vocabulary, "_patch_vocabulary", failing)
    with pytest.raises(DatabaseError):
        query.vocabulary()
    monkeypatch.undo()
    assert query.vocabulary().document_frequency["voitur"] == 2


def test_an_edit_re_reads_its_fiche_not_every_term_and_region():
    """After a fiche's edit the facets re-read that fiche only; the lists of regions, terms and
    event years are read again only when one of them changed (a keyword renamed)."""
    keyword = f.KeywordFactory(label="Mobilité")
    fiche = f.InitiativeFactory(title="Garage solidaire", keywords=[keyword])
    assert search(SearchQuery()).count == 1
    data = replace(InitiativeData.from_initiative(fiche), description="Des voitures.")
    services.initiative_update(initiative=fiche, data=data, expected_version=fiche.version)
    lists = ('FROM "catalogue_keyword"', 'FROM "catalogue_region"', 'FROM "catalogue_event"')

    with CaptureQueriesContext(connection) as captured:
        facets.facet_index()
    assert not [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in lists)]

    keyword.label = "Mobilité durable"
    keyword.save()
    labels = {v.value: v.label for v in search(SearchQuery()).facets["keyword"]}
    assert labels[keyword.slug] == "Mobilité durable"
