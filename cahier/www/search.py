"""The one place where the public site talks to the search engine (`cahier.search.engine`,
the same as the API): French URL parameters in, the engine's query out, and back."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.safestring import SafeString, mark_safe

from cahier.catalogue.models import Initiative
from cahier.core.text import fold
from cahier.search import engine

SORTS = {
    "pertinence": "Pertinence",
    "titre": "Titre",
    "region": "Région",
    "annee": "Année",
}
# URL parameter (French, as the site shows it) → facet title.
FACET_PARAMS = {
    "region": "Région",
    "mot_cle": "Mot-clé",
    "public": "Public visé",
    "financement": "Financement spécifique",
    "evenement": "Événement",
    "annee": "Année",
    "statut": "Statut de provenance",
}
# Site parameter → the engine's (and the API's) parameter.
ENGINE_PARAMS = {
    "region": "region",
    "mot_cle": "keyword",
    "public": "public",
    "financement": "funding",
    "evenement": "event",
    "annee": "year",
    "statut": "status",
}
# Beyond this many results, sorting by title/region/year would fetch too much: relevance order.
SORTABLE_MAX = 500
PER_PAGE = 20


@dataclass
class Query:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "pertinence"
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_querydict(cls, data) -> Query:
        filters = {}
        for param in FACET_PARAMS:
            values = [value for value in dict.fromkeys(data.getlist(param)) if value.strip()]
            if values:
                filters[param] = values
        sort = data.get("tri", "pertinence")
        if sort not in SORTS:
            sort = "pertinence"
        try:
            page = max(1, int(data.get("page", "1")))
        except ValueError:
            page = 1
        return cls(text=data.get("q", "").strip()[:200], filters=filters, sort=sort, page=page)

    def params(self, **changes) -> list[tuple[str, str]]:
        """The URL parameters of this query (page omitted when 1), with *changes* applied."""
        text = changes.get("q", self.text)
        sort = changes.get("tri", self.sort)
        page = changes.get("page", 1)
        filters = changes.get("filters", self.filters)
        pairs: list[tuple[str, str]] = []
        if text:
            pairs.append(("q", text))
        for param in FACET_PARAMS:
            pairs.extend((param, value) for value in filters.get(param, []))
        if sort != "pertinence":
            pairs.append(("tri", sort))
        if page and int(page) > 1:
            pairs.append(("page", str(page)))
        return pairs

    def url(self, **changes) -> str:
        pairs = self.params(**changes)
        return "/initiatives/" + ("?" + urlencode(pairs) if pairs else "")

    def api_query(self) -> str:
        """The search (words and filters, no paging) with the API's parameter names."""
        pairs: list[tuple[str, str]] = [("q", self.text)] if self.text else []
        for param, values in self.filters.items():
            pairs.extend((ENGINE_PARAMS[param], value) for value in values)
        return urlencode(pairs)

    def export_links(self) -> list[dict]:
        """The open-data exports of these results (CSV, XLSX, JSON), same filters as the page."""
        from cahier.opendata.exporters import EXPORTERS

        query = self.api_query()
        return [
            {
                "label": EXPORTERS[key].verbose_name,
                "url": f"/api/v1/exports/initiatives.{EXPORTERS[key].extension}"
                + (f"?{query}" if query else ""),
            }
            for key in ("csv", "xlsx", "json")
        ]

    def api_url(self) -> str:
        """The API request returning the same page of results as JSON."""
        pairs: list[tuple[str, str]] = [("q", self.text)] if self.text else []
        for param, values in self.filters.items():
            pairs.extend((ENGINE_PARAMS[param], value) for value in values)
        if self.page > 1:
            pairs += [("limit", str(self.per_page)), ("offset", str(self.offset))]
        return "/api/v1/initiatives" + ("?" + urlencode(pairs) if pairs else "")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def engine_query(self, **overrides) -> engine.SearchQuery:
        filters = {ENGINE_PARAMS[param]: values for param, values in self.filters.items()}
        if "year" in filters:
            filters["year"] = [int(value) for value in filters["year"] if value.isdigit()]
        options = {"q": self.text, "limit": self.per_page, "offset": self.offset, **filters}
        return engine.SearchQuery(**{**options, **overrides})


@dataclass
class Hit:
    initiative: Initiative
    snippet: SafeString
    score: float = 0.0


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Suggestion:
    label: str
    url: str
    count: int


@dataclass
class Result:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    corrected_query: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)
    error: str = ""
    sorted_by_relevance_only: bool = False


def search(query: Query) -> Result:
    try:
        result = engine.search(query.engine_query())
    except engine.SearchParameterError as error:
        # An unknown value in the URL (a renamed keyword, a hand-edited link): drop that filter.
        param = next((p for p, e in ENGINE_PARAMS.items() if e == error.parameter), None)
        query.filters.pop(param, None)
        result = engine.search(query.engine_query())
        converted = _convert(query, result)
        converted.error = str(error)
        return converted
    converted = _convert(query, result)
    if query.sort != "pertinence" and result.count:
        if result.count <= SORTABLE_MAX:
            converted.hits = _sorted_page(query, result)
        else:
            converted.sorted_by_relevance_only = True
    return converted


def _convert(query: Query, result: engine.SearchResult) -> Result:
    facets = {}
    for param, name in ENGINE_PARAMS.items():
        facets[param] = [
            FacetValue(str(v.value), v.label, v.count) for v in result.facets.get(name, [])
        ]
    site_param = {e: p for p, e in ENGINE_PARAMS.items()}
    suggestions = []
    for suggestion in result.suggestions:
        param = site_param.get(suggestion.parameter)
        if param:
            removed = set(suggestion.value.split(","))
            filters = {
                p: [v for v in vs if not (p == param and v in removed)]
                for p, vs in query.filters.items()
            }
            suggestions.append(
                Suggestion(suggestion.label, query.url(filters=filters), suggestion.count)
            )
    initiatives = _page_initiatives(result.hits)
    return Result(
        hits=[
            Hit(i, mark_safe(h.snippet), h.score or 0.0)  # noqa: S308 - the engine escapes
            for i, h in zip(initiatives, result.hits, strict=True)
        ],
        total=result.count,
        facets=facets,
        corrected_query=result.corrected_query or "",
        suggestions=suggestions,
    )


def _sorted_page(query: Query, first: engine.SearchResult) -> list[Hit]:
    """Every hit of the result set, sorted by title, region or year, then the page asked for."""
    hits = list(first.hits) if query.offset == 0 and first.count <= query.per_page else []
    if not hits:
        offset = 0
        while offset < first.count:
            page = engine.search(query.engine_query(limit=100, offset=offset, with_facets=False))
            hits.extend(page.hits)
            offset += 100
    sort_data = {
        pk: (position, year or 0)
        for pk, position, year in Initiative.objects.filter(
            pk__in=[h.initiative.pk for h in hits]
        ).values_list("pk", "region__position", "event__year")
    }
    keys = {
        "titre": lambda h: fold(h.title),
        "region": lambda h: (sort_data[h.initiative.pk][0], fold(h.title)),
        "annee": lambda h: (-sort_data[h.initiative.pk][1], fold(h.title)),
    }
    hits.sort(key=keys[query.sort])
    page = hits[query.offset : query.offset + query.per_page]
    initiatives = _page_initiatives(page)
    return [
        Hit(i, mark_safe(h.snippet), h.score or 0.0)  # noqa: S308 - the engine escapes
        for i, h in zip(initiatives, page, strict=True)
    ]


def _page_initiatives(hits) -> list[Initiative]:
    """The initiatives of a page of hits, in one query with what the result list shows.

    The engine's hits carry slimmed-down initiatives: reading a deferred field in the template
    would cost one query per field and per hit."""
    found = Initiative.objects.select_related("region", "event").in_bulk(
        [h.initiative.pk for h in hits]
    )
    initiatives = []
    for hit in hits:
        initiative = found.get(hit.initiative.pk, hit.initiative)
        initiative.number = getattr(hit, "number", None)
        initiatives.append(initiative)
    return initiatives
