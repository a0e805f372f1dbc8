"""The search, for the website, the API and the CLI: `search(SearchQuery) -> SearchResult`.

    from cahier.search.engine import SearchQuery, search
    result = search(SearchQuery(q="jeunes décrocheurs", region=["bretagne"], limit=10))
    result.count, result.hits[0].title, result.hits[0].snippet, result.facets["keyword"]

See docs/search.md for every field."""

from dataclasses import dataclass, field

from django.db.models import F, IntegerField, Value
from django.urls import NoReverseMatch

from cahier.catalogue.enums import ProvenanceStatus
from cahier.catalogue.models import Event, Initiative
from cahier.catalogue.selectors import edition_current, initiatives_with_number
from cahier.core.text import fold

from .backends import Filters, get_backend
from .facets import FACETS, FacetIndex, bitset, event_value, facet_index
from .query import ParsedQuery, lexicon, parse, vocabulary
from .ranking import RERANK_WINDOW, rerank, scoring_concepts
from .snippets import snippet

PLACE_BOOST = 1.6
MAX_LIMIT = 100

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


def _filters_sql(chosen: dict[str, list]) -> Filters:
    sql: list[str] = []
    params: list = []
    event_table = Event._meta.db_table

    def marks(values) -> str:
        return ", ".join(["%s"] * len(values))

    for facet, definitions in chosen.items():
        if facet == "region":
            values = [d.pk for d in definitions]
            sql.append(f"i.region_id IN ({marks(values)})")
        elif facet in ("keyword", "public", "funding"):
            relation = {
                "keyword": Initiative.keywords,
                "public": Initiative.publics,
                "funding": Initiative.fundings,
            }[facet]
            through = relation.through._meta.db_table
            column = relation.field.m2m_reverse_name()
            values = [d.pk for d in definitions]
            sql.append(
                f"i.id IN (SELECT initiative_id FROM {through} WHERE {column} IN ({marks(values)}))"
            )
        elif facet == "event":
            values = [d.value for d in definitions]
            sql.append(
                f"i.event_id IN (SELECT id FROM {event_table} WHERE kind IN ({marks(values)}))"
            )
        elif facet == "year":
            values = [int(d.value) for d in definitions]
            sql.append(
                f"i.event_id IN (SELECT id FROM {event_table} WHERE year IN ({marks(values)}))"
            )
        elif facet == "status":
            values = [d.value for d in definitions]
            sql.append(f"i.provenance_status IN ({marks(values)})")
        params.extend(values)
    return Filters(sql, params)


def _filter_queryset(queryset, chosen: dict[str, list]):
    for facet, definitions in chosen.items():
        if facet == "region":
            queryset = queryset.filter(region_id__in=[d.pk for d in definitions])
        elif facet == "keyword":
            queryset = queryset.filter(keywords__in=[d.pk for d in definitions])
        elif facet == "public":
            queryset = queryset.filter(publics__in=[d.pk for d in definitions])
        elif facet == "funding":
            queryset = queryset.filter(fundings__in=[d.pk for d in definitions])
        elif facet == "event":
            queryset = queryset.filter(event__kind__in=[d.value for d in definitions])
        elif facet == "year":
            queryset = queryset.filter(event__year__in=[int(d.value) for d in definitions])
        elif facet == "status":
            queryset = queryset.filter(provenance_status__in=[d.value for d in definitions])
    return queryset.distinct()


def _with_number(queryset, edition):
    # selectors.initiatives_with_number annotates a Subquery over .none() when no edition
    # exists, which empties the whole queryset (EmptyResultSet): avoid it here.
    if edition is None:
        return queryset.annotate(number=Value(None, output_field=IntegerField()))
    return initiatives_with_number(queryset, edition)


def _url(initiative: Initiative) -> str:
    try:
        return initiative.get_absolute_url()
    except NoReverseMatch:  # pragma: no cover - the www app always routes fiches
        return f"/initiatives/{initiative.slug}/"


def _hits(ids_scores: list[tuple[int, float | None]], tokens: set[str], edition) -> list[SearchHit]:
    ids = [pk for pk, _ in ids_scores]
    if not ids:
        return []
    queryset = (
        _with_number(Initiative.objects.filter(pk__in=ids), edition)
        .select_related("region")
        .only(
            "slug",
            "title",
            "region__name",
            "region__slug",
            "porteur_label",
            "description",
            "results",
            "public",
        )
    )
    by_id = {initiative.pk: initiative for initiative in queryset}
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


def search(query: SearchQuery) -> SearchResult:
    """Run *query*: matching published initiatives, best first (fiche order without `q`),
    facet counts over the results, the typo correction applied if any."""
    index = facet_index()
    chosen = _resolve(query, index)
    edition = edition_current()
    filter_bits = {facet: _union(definitions) for facet, definitions in chosen.items()}

    parsed: ParsedQuery | None = None
    expression = []
    if query.q.strip():
        parsed = parse(query.q, correct=query.correct_typos)
        expression = parsed.expression(lexicon())
    backend = get_backend()
    if expression:
        match = bitset(backend.match_ids(expression)) & index.published
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
    if count and expression:
        boost_regions = sorted(parsed.place_region_ids) if parsed else []
        end = query.offset + query.limit
        # The first RERANK_WINDOW results are re-ranked by coordination; pages beyond keep
        # the backend's order (documented in docs/search.md).
        in_window = end <= RERANK_WINDOW
        rows = backend.ranked(
            expression,
            _filters_sql(chosen),
            boost_regions,
            PLACE_BOOST,
            getattr(edition, "pk", None),
            RERANK_WINDOW if in_window else query.limit,
            0 if in_window else query.offset,
        )
        if in_window:
            fields = backend.fields([row[0] for row in rows])
            page = rerank(
                rows,
                fields,
                scoring_concepts(parsed, expression),
                vocabulary().document_frequency,
                index.published.bit_count(),
                set(boost_regions),
                PLACE_BOOST,
            )[query.offset : end]
        else:
            page = [(row[0], row[1]) for row in rows]
    elif count:
        queryset = _filter_queryset(_with_number(Initiative.objects.published(), edition), chosen)
        if edition is not None:
            queryset = queryset.order_by(F("number").asc(nulls_last=True), "pk")
        else:
            queryset = queryset.order_by("pk")
        ids = queryset.values_list("pk", flat=True)[query.offset : query.offset + query.limit]
        page = [(pk, None) for pk in ids]

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
        hits=_hits(page, tokens, edition),
        facets=facets,
        corrected_query=parsed.corrected_query if parsed else None,
        places=sorted({p.name for c in parsed.concepts for p in c.places}) if parsed else [],
        suggestions=suggestions,
    )
