"""The search, for the website, the API and the CLI: `search(SearchQuery) -> SearchResult`.

    from cahier.search.engine import SearchQuery, search
    result = search(SearchQuery(q="jeunes décrocheurs", region=["bretagne"], limit=10))
    result.count, result.hits[0].title, result.hits[0].snippet, result.facets["keyword"]

See docs/search.md for every field."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from cahier.catalogue.enums import ProvenanceStatus
from cahier.catalogue.models import Initiative
from cahier.core.text import fold
from cahier.editions.models import EditionEntry
from cahier.editions.selectors import edition_current

from . import state
from .backends import get_backend
from .facets import FACETS, FacetIndex, bitset, event_value, facet_index, ids_of
from .query import ParsedQuery, lexicon, parse, vocabulary
from .ranking import RERANK_WINDOW, rerank, scoring_concepts
from .snippets import snippet

PLACE_BOOST = 1.6
# Above this many results, candidates come from the rarest query concepts (see _candidates).
CANDIDATE_BUDGET = 5000
MAX_LIMIT = 100
MAX_QUERY_LENGTH = 500

FACET_PARAMETERS = {
    "region": "région",
    "keyword": "mot-clé",
    "public": "public",
    "funding": "financement",
    "event": "événement",
    "year": "année",
    "status": "statut de provenance",
}


class SearchParameterError(ValueError):
    """A parameter the search cannot use; `parameter` names it, the message is for people."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(message)


@dataclass
class SearchQuery:
    """What to look for. Facet filters take several values (OR within a facet, AND across).

    region/keyword/public/funding: slugs; event: « JITE » or « Trophées FSE » (or « trophees-fse »);
    year: event years; status: provenance status (« présenté », « retenu »…)."""

    q: str = ""
    region: list[str] = field(default_factory=list)
    keyword: list[str] = field(default_factory=list)
    public: list[str] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    event: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    limit: int = 20
    offset: int = 0
    with_facets: bool = True
    correct_typos: bool = True

    def filters(self) -> dict[str, list]:
        return {facet: list(getattr(self, facet)) for facet in FACETS if getattr(self, facet)}


@dataclass
class SearchHit:
    initiative: Initiative
    number: int | None
    slug: str
    title: str
    region: str
    region_slug: str
    porteur: str
    snippet: str  # safe HTML: escaped text with <mark> around matching words
    score: float | None  # None when listing without a query
    url: str


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
    count: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    corrected_query: str | None = None
    places: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


def _resolve(query: SearchQuery, index: FacetIndex) -> dict[str, list]:
    """Facet → the FacetValueDefs chosen; unknown values raise SearchParameterError."""
    if not 1 <= query.limit <= MAX_LIMIT:
        raise SearchParameterError(
            "limit", f"Le paramètre « limit » doit être compris entre 1 et {MAX_LIMIT}."
        )
    if query.offset < 0:
        raise SearchParameterError("offset", "Le paramètre « offset » doit être positif ou nul.")
    if len(query.q) > MAX_QUERY_LENGTH:
        raise SearchParameterError(
            "q", f"La requête « q » dépasse {MAX_QUERY_LENGTH} caractères : raccourcissez-la."
        )
    chosen: dict[str, list] = {}
    for facet, values in query.filters().items():
        definitions = []
        for raw in values:
            value = str(raw).strip()
            if facet == "event":
                value = event_value(value) or value
            if facet == "status":
                value = _status_value(value) or value
            definition = index.value(facet, value)
            if definition is None and facet == "year" and value.isdigit():
                definition = index.value(facet, str(int(value)))
            if definition is None:
                raise SearchParameterError(
                    facet,
                    f"Valeur inconnue pour le paramètre « {facet} » "
                    f"({FACET_PARAMETERS[facet]}) : « {raw} ».",
                )
            if definition not in definitions:
                definitions.append(definition)
        chosen[facet] = definitions
    return chosen


def _status_value(text: str) -> str | None:
    wanted = fold(text).replace("-", " ").strip()
    for status in ProvenanceStatus:
        if fold(status.value) == wanted:
            return status.value
    return None


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


def _url(initiative: Initiative) -> str:
    try:
        # One reverse() per search instead of one per hit: slugs need no escaping.
        return reverse("www:initiative", kwargs={"slug": "SLUG"}).replace("SLUG", initiative.slug)
    except NoReverseMatch:  # pragma: no cover - the www app always routes fiches
        return f"/initiatives/{initiative.slug}/"


def _hits(
    ids_scores: list[tuple[int, float | None]], tokens: set[str], numbers: dict[int, int]
) -> list[SearchHit]:
    ids = [pk for pk, _ in ids_scores]
    if not ids:
        return []
    queryset = Initiative.objects.filter(pk__in=ids).select_related("region", "porteur", "event")
    by_id = {}
    for initiative in queryset:
        initiative.number = numbers.get(initiative.pk)  # as selectors.initiatives_with_number
        by_id[initiative.pk] = initiative
    hits = []
    for pk, score in ids_scores:
        initiative = by_id.get(pk)
        if initiative is None:
            continue
        texts = [initiative.description, initiative.results, initiative.public]
        hits.append(
            SearchHit(
                initiative=initiative,
                number=initiative.number,
                slug=initiative.slug,
                title=initiative.title,
                region=initiative.region.name,
                region_slug=initiative.region.slug,
                porteur=initiative.porteur_label,
                snippet=snippet(texts, tokens),
                score=None if score is None else round(score, 4),
                url=_url(initiative),
            )
        )
    return hits


def _listing(selected: int, edition, offset: int, limit: int) -> list[int]:
    """Fiche order without a query: numbered fiches of the current edition, then the others
    by creation (id), straight from the bitset."""
    numbered: list[int] = []
    if edition is not None:
        entries = EditionEntry.objects.filter(edition=edition).order_by("number")
        numbered = [
            pk for pk in entries.values_list("initiative_id", flat=True) if selected >> pk & 1
        ]
    page = numbered[offset : offset + limit]
    if len(page) < limit:
        rest = selected & ~bitset(numbered)
        start = max(0, offset - len(numbered))
        page += ids_of(rest)[start : start + limit - len(page)]
    return page


def _candidates(backend, expression, exact, required, selected: int, k: int, needed: int):
    """The k documents the final scoring looks at. When the filtered result set is small the
    backend ranks all of it; otherwise only the rarest typed concepts (up to CANDIDATE_BUDGET
    documents, synonyms aside) pick the candidates — common words (« emploi », « insertion »)
    score every candidate later but would cost a full scan to rank — then, if too few, the
    matches in the strong fields (title, taxonomy, porteur, public, places), then any result."""
    if selected.bit_count() <= CANDIDATE_BUDGET:
        return backend.top(expression, k, required, matches=ids_of(selected))
    frequency = vocabulary().document_frequency
    total = max(1, facet_index().published.bit_count())

    def phrase_frequency(phrase) -> float:
        # Words of a phrase taken as independent: an estimate, phrases are rarer still.
        estimate = float(total)
        for token in phrase:
            estimate *= frequency.get(token, 0) / total
        return estimate

    def concept_frequency(alternatives) -> float:
        return sum(phrase_frequency(phrase) for phrase in alternatives if phrase)

    # What was typed picks the candidates (synonyms still score them in ranking.py).
    ranked = sorted(exact, key=concept_frequency)
    chosen, budget = [], 0.0
    for alternatives in ranked:
        df = concept_frequency(alternatives)
        if budget + df > CANDIDATE_BUDGET:
            break
        chosen.append(alternatives)
        budget += df
    rows = []
    if chosen:
        # The chosen concepts' sets are cached (_match_bits): the backend ranks known ids.
        matches = ids_of(_match_bits(backend, chosen) & selected)
        rows = backend.top(chosen, k, required, matches=matches)
    if len(rows) < needed:
        seen = {pk for pk, _ in rows}
        extra = backend.top(exact, k, required, strong_only=True)
        rows += [row for row in extra if row[0] not in seen]
    if len(rows) < needed:
        # Still short (common words only, in the body only): any other result will do, the
        # final scoring orders them; the page never shows fewer fiches than the count allows.
        seen = {pk for pk, _ in rows}
        for pk in ids_of(selected):
            if len(rows) >= k:
                break
            if pk not in seen:
                rows.append((pk, 0.0))
    return rows


PHRASE_CACHE_SIZE = 1000


def _match_bits(backend, expression) -> int:
    """Documents matching any alternative of any concept. Each word or phrase's set is kept
    (per process, up to PHRASE_CACHE_SIZE, until the index changes): common words such as
    « emploi » cost a scan of most of the index once, then an OR of integers."""
    cache: dict = state.cached("phrase_bits", dict)
    bits = 0
    for alternatives in expression:
        for phrase in alternatives:
            found = cache.get(phrase)
            if found is None:
                found = backend.match_bits([[phrase]])
                if len(cache) >= PHRASE_CACHE_SIZE:
                    cache.pop(next(iter(cache)))
                cache[phrase] = found
            bits |= found
    return bits


def _place_names(parsed: ParsedQuery | None) -> list[str]:
    """One name per place (« Île-de-France », not its aliases too)."""
    names: dict[str, str] = {}
    for concept in parsed.concepts if parsed else ():
        for place in concept.places:
            names.setdefault(place.key, place.name)
    return sorted(names.values())


def search(query: SearchQuery) -> SearchResult:
    """Run *query*: matching published initiatives, best first (fiche order without `q`),
    facet counts over the results, the typo correction applied if any."""
    index = facet_index()
    chosen = _resolve(query, index)
    filter_bits = {facet: _union(definitions) for facet, definitions in chosen.items()}
    edition = edition_current()

    parsed: ParsedQuery | None = None
    expression = []
    if query.q.strip():
        parsed = parse(query.q, correct=query.correct_typos)
        expression = parsed.expression(lexicon())
    backend = get_backend()
    if expression:
        match = _match_bits(backend, expression) & index.published
    elif parsed is not None and parsed.concepts:
        match = 0
    else:
        match = index.published

    selected = match
    for bits in filter_bits.values():
        selected &= bits
    count = selected.bit_count()

    facets: dict[str, list[FacetValue]] = {}
    if query.with_facets:
        for facet in FACETS:
            base = match
            for other, bits in filter_bits.items():
                if other != facet:
                    base &= bits
            chosen_values = {d.value for d in chosen.get(facet, ())}
            values = []
            for definition in index.facets[facet]:
                number = (base & definition.bits).bit_count()
                if number or definition.value in chosen_values:
                    values.append(
                        FacetValue(
                            definition.value,
                            definition.label,
                            number,
                            definition.value in chosen_values,
                        )
                    )
            facets[facet] = values

    page: list[tuple[int, float | None]] = []
    numbers: dict[int, int] = {}
    end = query.offset + query.limit
    if count and expression:
        required = [[d.token for d in definitions] for definitions in chosen.values()]
        if end <= RERANK_WINDOW:
            exact = parsed.exact_expression(lexicon())
            rows = _candidates(backend, expression, exact, required, selected, RERANK_WINDOW, end)
            ids = [pk for pk, _ in rows]
            regions = dict(Initiative.objects.filter(pk__in=ids).values_list("pk", "region_id"))
            numbers = _numbers(ids, edition)
            page = rerank(
                [(pk, score, numbers.get(pk), regions.get(pk)) for pk, score in rows],
                backend.fields(ids),
                scoring_concepts(parsed, expression),
                vocabulary().document_frequency,
                index.published.bit_count(),
                parsed.place_region_ids,
                PLACE_BOOST,
            )[query.offset : end]
        else:
            # Deep pages keep the backend's order (documented in docs/search.md).
            page = backend.top(expression, end, required)[query.offset : end]
    elif count:
        page = [(pk, None) for pk in _listing(selected, edition, query.offset, query.limit)]

    suggestions: list[Suggestion] = []
    if not count:
        for facet, definitions in chosen.items():
            without = match
            for other, bits in filter_bits.items():
                if other != facet:
                    without &= bits
            if without:
                labels = ", ".join(d.label for d in definitions)
                suggestions.append(
                    Suggestion(
                        f"Retirer le filtre {FACET_PARAMETERS[facet]} « {labels} »",
                        facet,
                        ",".join(d.value for d in definitions),
                        without.bit_count(),
                    )
                )

    tokens = parsed.highlight_tokens if parsed else set()
    return SearchResult(
        query=query,
        count=count,
        hits=_hits(page, tokens, numbers or _numbers([pk for pk, _ in page], edition)),
        facets=facets,
        corrected_query=parsed.corrected_query if parsed else None,
        places=_place_names(parsed),
        suggestions=suggestions,
    )
