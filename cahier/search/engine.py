"""The search, for the website, the API and the CLI: `search(SearchQuery) -> SearchResult`,
and `match(SearchQuery) -> ids` for the exports.

    from cahier.search.engine import SearchQuery, search
    result = search(SearchQuery(q="jeunes décrocheurs", region=["bretagne"], limit=10))
    result.count, result.hits[0].title, result.hits[0].snippet, result.facets["keyword"]

The parameters (SearchQuery, their checks, their names on each surface) are declared in
parameters.py. See docs/search.md for every field."""

from dataclasses import dataclass, field, replace

from cahier.catalogue.models import Initiative
from cahier.editions.models import EditionEntry
from cahier.editions.selectors import edition_current
from cahier.quality.criteria import published_ids_with_score_at_least

from . import matching, state, understanding
from .backends import get_backend
from .correction import french_words
from .coverage import Coverage, query_coverage, split_page
from .enums import Sort
from .facets import (
    CHOICE_FACETS,
    FACETS,
    FacetIndex,
    bitset,
    choice_value,
    event_value,
    facet_index,
    ids_of,
    published_count,  # noqa: F401 - the engine's interface, re-exported
)
from .hits import SearchHit, hits_of
from .ordering import (  # noqa: F401 - facet_entries: the engine's interface, re-exported
    FacetEntry,
    facet_entries,
    numbered_page,
    sorted_page,
    warm_orders,
)
from .parameters import (  # noqa: F401 - the engine's interface, re-exported
    MAX_LIMIT,
    MAX_QUERY_LENGTH,
    PARAMETERS,
    SearchParameterError,
    SearchQuery,
)
from .query import ParsedQuery, correction_pools, lexicon, parse, vocabulary
from .ranking import RERANK_WINDOW, rerank, scoring_concepts
from .recognition import recogniser
from .recovery import Recovery, nearby_places, variants, worth_showing

PLACE_BOOST = 1.6


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Suggestion:
    """What to try when nothing matched: drop a filter (`parameter`, `value`) for `count` results."""

    label: str
    parameter: str
    value: str
    count: int


@dataclass
class SearchResult:
    query: SearchQuery
    count: int  # every result: pertinent and partial (what facets and exports count)
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    corrected_query: str | None = None
    places: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    # Catalogue values the words name, offered as filters (understanding.py): label, filters, count
    understood: list[understanding.Reading] = field(default_factory=list)
    count_relevant: int = 0  # the pertinent results (coverage.py), listed first
    count_all: int = 0  # the results holding every concept of the query
    recoveries: list[Recovery] = field(default_factory=list)  # recovery.py, the ladder


def _resolve(query: SearchQuery, index: FacetIndex) -> dict[str, list]:
    """Facet → the FacetValueDefs chosen; bad or unknown values raise SearchParameterError."""
    query.check()
    chosen: dict[str, list] = {}
    for facet, values in query.filters().items():
        definitions = []
        for raw in values:
            value = str(raw).strip()
            if facet == "event":
                value = event_value(value) or value
            if facet in CHOICE_FACETS or facet == "replicated":
                value = choice_value(facet, value) or value
            definition = index.value(facet, value)
            if definition is None and facet == "year" and value.isascii() and value.isdigit():
                definition = index.value(facet, str(int(value)))
            if definition is None:
                raise PARAMETERS[facet].unknown(raw)
            if definition not in definitions:
                definitions.append(definition)
        chosen[facet] = definitions
    return chosen


def _union(definitions) -> int:
    bits = 0
    for definition in definitions:
        bits |= definition.bits
    return bits


def _numbers(ids, edition) -> dict[int, int]:
    if edition is None or not ids:
        return {}
    entries = EditionEntry.objects.filter(edition=edition, initiative_id__in=list(ids))
    return dict(entries.values_list("initiative_id", "number"))


def warm() -> None:
    """Build the per-process structures now — a server process before its first request
    (config/wsgi.py) — and from then on rebuild them in the background when needed."""
    facet_index()
    vocabulary().pool.prepare()  # and what the recoveries read (recovery.py)
    vocabulary().lookup()  # derivational families (families.py)
    lexicon().pool.prepare()
    french_words()
    recogniser()  # catalogue values named in the words (understanding.py)
    warm_orders()
    state.serve_in_background()


def _place_names(parsed: ParsedQuery | None) -> list[str]:
    """One name per place (« Île-de-France », not its aliases too)."""
    names: dict[str, str] = {}
    for concept in parsed.concepts if parsed else ():
        for place in concept.places:
            names.setdefault(place.key, place.name)
    return sorted(names.values())


@dataclass
class _Selection:
    """What a query selects, before any ranking: the bitsets of the words and filters."""

    index: FacetIndex
    chosen: dict[str, list]
    filter_bits: dict[str, int]
    parsed: ParsedQuery | None
    expression: list
    match: int  # published fiches matching the words (all of them without words)
    selected: int  # … and every filter
    coverage: Coverage  # which of *selected* are pertinent (coverage.py)
    readings: list = field(default_factory=list)  # values the words name (understanding.py)

    @property
    def value_concepts(self) -> list:
        return understanding.value_concepts(self.readings)

    @property
    def required(self) -> list[list[str]]:
        """The filters as the backends take them: for each facet, the tokens of its values."""
        return [[d.token for d in definitions] for definitions in self.chosen.values()]

    def without(self, facet: str) -> int:
        """The words' matches with every filter but *facet*'s."""
        bits = self.match
        for other, filter_bits in self.filter_bits.items():
            if other != facet:
                bits &= filter_bits
        return bits


def _select(query: SearchQuery) -> _Selection:
    index = facet_index()
    chosen = _resolve(query, index)
    filter_bits = {facet: _union(definitions) for facet, definitions in chosen.items()}
    parsed: ParsedQuery | None = None
    expression, readings = [], []
    if query.q.strip():
        parsed = parse(query.q, correct=query.correct_typos)
        readings = understanding.read(query.q, index, chosen) if query.understand else []
        understanding.restore_corrections(parsed, readings)
        expression = parsed.expression(lexicon())
    if expression:
        values = understanding.value_concepts(readings)
        matched = matching.match_bits(get_backend(), expression + values) & index.published
        if not matched and parsed.place_only and query.correct_typos:
            expression, matched = _nearby_places(parsed, index)
    elif parsed is not None and parsed.concepts:
        matched = 0
    else:
        matched = index.published
    if query.quality_min is not None:
        # The score is computed, not indexed: the published fiches scoring enough, after the
        # words (facet counts follow).
        matched &= bitset(published_ids_with_score_at_least(query.quality_min))
    selected = matched
    for bits in filter_bits.values():
        selected &= bits
    covered = query_coverage(
        understanding.coverage_concepts(parsed, expression, readings) if parsed else [],
        selected,
        index.published,
        lambda alternatives: matching.match_bits(get_backend(), [alternatives]),
        vocabulary().document_frequency,
    )
    if parsed is not None and query.understand:
        readings += understanding.place_readings(parsed, index, chosen)
    return _Selection(
        index, chosen, filter_bits, parsed, expression, matched, selected, covered, readings
    )


def _last_rung(query: SearchQuery) -> tuple[_Selection, SearchQuery, Recovery | None]:
    """The selection of *query*; when it finds nothing (words and filters), the first variant
    of its stranded words (recovery.variants) that finds something, with the query searched
    and the VARIANT recovery that says so. Never when the words as typed find something."""
    selection = _select(query)
    parsed = selection.parsed
    if selection.selected or not query.correct_typos or parsed is None:
        return selection, query, None
    # The words kept as typed, and the corrected ones: their correction found nothing either.
    words = sorted(parsed.stranded + parsed.corrected_words, key=lambda word: word.start)
    if not words:
        return selection, query, None
    pools = correction_pools(vocabulary(), lexicon())
    frequency = vocabulary().document_frequency
    tried = parsed.corrections
    for recovery in variants(parsed.text_nfc, words, pools, frequency, tried):
        other = replace(query, q=recovery.variant)
        found = _select(other)
        if found.selected:
            return found, other, recovery
    return selection, query, None


def _nearby_places(parsed: ParsedQuery, index: FacetIndex) -> tuple[list, int]:
    """A query naming only places no fiche is in: the other regions of their group."""
    backend = get_backend()
    return nearby_places(
        parsed,
        lexicon(),
        lambda expression: matching.match_bits(backend, expression) & index.published,
    )


def _recoveries(query: SearchQuery, parsed: ParsedQuery | None, count: int) -> list[Recovery]:
    def count_of(words: str) -> int:  # the same search with other words
        return _select(replace(query, q=words)).selected.bit_count()

    return worth_showing(parsed.recoveries if parsed else [], count, count_of)


def match(query: SearchQuery) -> list[int]:
    """The id of every published fiche *query* finds (words and filters), ascending: no
    ranking, snippets, facets or paging — bit operations once the words' sets are cached.
    `sort`, `limit` and `offset` are ignored. Raises SearchParameterError as search()."""
    return ids_of(_last_rung(query)[0].selected)


def _facets(selection: _Selection) -> dict[str, list[FacetValue]]:
    """Disjunctive counts: each facet counted with the other facets' filters, not its own;
    a chosen value stays listed (selected, maybe with 0) even when nothing has it."""
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        base = selection.without(facet)
        chosen_values = {d.value for d in selection.chosen.get(facet, ())}
        values = []
        for definition in selection.index.facets[facet]:
            number = (base & definition.bits).bit_count()
            selected = definition.value in chosen_values
            if number or selected:
                values.append(FacetValue(definition.value, definition.label, number, selected))
        facets[facet] = values
    return facets


def _pool(selection: _Selection, bits: int, end: int) -> list[tuple[int, float]]:
    """The candidates among *bits* that ranking.py scores: all of them when few."""
    if bits.bit_count() <= RERANK_WINDOW:
        return [(pk, 0.0) for pk in ids_of(bits)]
    # The values the words name (understanding.py) bring their fiches as candidates too.
    values = selection.value_concepts
    rows = matching.candidates(
        get_backend(),
        selection.expression + values,
        selection.parsed.exact_expression(lexicon()),
        selection.required,
        bits,
        RERANK_WINDOW,
        end,
        values,
    )
    return [row for row in rows if bits >> row[0] & 1]


def _ranked(selection: _Selection, bits: int, offset: int, limit: int, edition, numbers: dict):
    """Results of *bits* (the pertinent or the partial ones, coverage.py) best first
    (ranking.py), one page; fills *numbers* for the candidates."""
    backend = get_backend()
    parsed = selection.parsed
    # The values the words name (understanding.py) find their fiches too, on every page.
    expression = selection.expression + selection.value_concepts
    end = offset + limit
    if end > RERANK_WINDOW:
        # Deep pages keep the backend's order (documented in docs/search.md).
        return backend.top(expression, end, selection.required, matches=ids_of(bits))[offset:end]
    # Scored among the whole selection's candidates, plus the group's own: BM25 normalises
    # field lengths over the candidates, so a fiche keeps its score in either group.
    rows = _pool(selection, selection.selected, end)
    inside = sum(1 for pk, _ in rows if bits >> pk & 1)
    if bits != selection.selected and inside < min(RERANK_WINDOW, bits.bit_count()):
        # The group's own candidates, unless the selection's already fill the window.
        seen = {pk for pk, _ in rows}
        rows += [row for row in _pool(selection, bits, end) if row[0] not in seen]
    ids = [pk for pk, _ in rows]
    regions = dict(Initiative.objects.filter(pk__in=ids).values_list("pk", "region_id"))
    fresh = [pk for pk in ids if pk not in numbers]
    numbers.update(dict.fromkeys(fresh))  # looked up: None for a fiche without number
    numbers.update(_numbers(fresh, edition))
    ranked = rerank(
        [(pk, score, numbers.get(pk), regions.get(pk)) for pk, score in rows],
        backend.fields(ids),
        understanding.scoring(
            scoring_concepts(parsed, selection.expression), parsed, selection.readings
        ),
        vocabulary().document_frequency,
        selection.index.published.bit_count(),
        parsed.place_region_ids,
        PLACE_BOOST,
        understanding.boosts(selection.readings),
    )
    return [(pk, score) for pk, score in ranked if bits >> pk & 1][offset:end]


def _suggestions(selection: _Selection) -> list[Suggestion]:
    """Nothing found: each filter whose removal would find something."""
    suggestions = []
    for facet, definitions in selection.chosen.items():
        without = selection.without(facet)
        if without:
            labels = ", ".join(d.label for d in definitions)
            suggestions.append(
                Suggestion(
                    f"Retirer le filtre {PARAMETERS[facet].noun} « {labels} »",
                    facet,
                    ",".join(d.value for d in definitions),
                    without.bit_count(),
                )
            )
    return suggestions


def _highlight_phrases(parsed: ParsedQuery | None) -> set[tuple[str, ...]]:
    """Every alternative of every concept, whole: a phrase is marked where it all occurs."""
    if parsed is None:
        return set()
    return {phrase for concept in parsed.concepts for phrase in concept.alternatives}


def search(query: SearchQuery) -> SearchResult:
    """Run *query*: matching published initiatives in the order asked for (`query.order()`:
    best first with words, fiche order without), facet counts over the results, the typo
    correction applied if any. Every order holds on every page."""
    selection, searched, rung = _last_rung(query)
    count = selection.selected.bit_count()
    edition = edition_current()
    order = query.order()
    numbers: dict[int, int] = {}

    def page_of(bits: int, offset: int, limit: int) -> list[tuple[int, float | None]]:
        # Every order lists the pertinent results, then the partial ones (coverage.py).
        if order == Sort.RELEVANCE and selection.expression:
            return _ranked(selection, bits, offset, limit, edition, numbers)
        if order in (Sort.RELEVANCE, Sort.NUMBER):
            return [(pk, None) for pk in numbered_page(bits, edition, offset, limit)]
        return [(pk, None) for pk in sorted_page(bits, order, offset, limit)]

    relevant = selection.coverage.relevant
    page = (
        split_page(relevant, selection.selected & ~relevant, query.offset, query.limit, page_of)
        if count
        else []
    )
    parsed = selection.parsed
    phrases = _highlight_phrases(parsed)
    numbers.update(_numbers([pk for pk, _, _ in page if pk not in numbers], edition))
    for reading in selection.readings:
        reading.count = (selection.selected & reading.bits).bit_count()
    return SearchResult(
        query=query,
        count=count,
        count_relevant=relevant.bit_count(),
        count_all=selection.coverage.complete.bit_count(),
        hits=hits_of(page, phrases, numbers),
        facets=_facets(selection) if query.with_facets else {},
        corrected_query=parsed.corrected_query if parsed else None,
        places=_place_names(parsed),
        suggestions=[] if count else _suggestions(selection),
        understood=[reading for reading in selection.readings if reading.count],
        recoveries=_recoveries(searched, parsed, count) + ([rung] if rung else []),
    )
