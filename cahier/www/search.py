"""The one place where the public site talks to the search engine (`cahier.search.engine`,
the same as the API): the site's French URL parameters (declared with the others in
`cahier.search.parameters`) in, the engine's query out, and the URLs of the page back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from cahier.search import engine, parameters
from cahier.search.enums import Sort
from cahier.search.parameters import API, SITE

PER_PAGE = 20
SORTS = dict(Sort.choices)
SEARCH_PATH = "/initiatives/"
PAGE_PARAM = parameters.PAGE.site
FEED_PATH = "/initiatives/flux.atom"


def search_url(values: dict) -> str:
    """The site's result page for *values* (API names → value or list of values)."""
    pairs = parameters.encode(values, SITE)
    return SEARCH_PATH + ("?" + urlencode(pairs) if pairs else "")


def feed_url(values: dict) -> str:
    """The Atom feed of the search *values* (API names; only words and filters count): the
    same French parameters as the result page, under FEED_PATH."""
    criteria = {p.name: values[p.name] for p in parameters.CRITERIA if p.name in values}
    pairs = parameters.encode(criteria, SITE)
    return FEED_PATH + ("?" + urlencode(pairs) if pairs else "")


@dataclass
class Query:
    """A result page of the site: the words, the filters (API names → values as given in the
    URL), the sort and the page. `from_querydict` raises SearchParameterError (its message
    names the site's parameter, see `error_message`)."""

    text: str = ""
    filters: dict[str, list] = field(default_factory=dict)
    sort: str = Sort.RELEVANCE
    page: int = 1
    per_page: int = PER_PAGE
    correct: bool = True  # typo correction and the other recoveries (`correction=non`)

    @classmethod
    def from_querydict(cls, data) -> Query:
        values = parameters.read(data.getlist, SITE)
        filters = {p.name: values[p.name] for p in parameters.FILTERS if p.name in values}
        return cls(
            text=values.get("q", ""),
            filters=filters,
            sort=values.get("sort", Sort.RELEVANCE),
            page=values.get("page", 1),
            correct=values.get("correct_typos", True),
        )

    def params(self, **changes) -> list[tuple[str, str]]:
        """The URL parameters of this query (page omitted when 1, sort when by relevance),
        with *changes* applied (`q`, `sort`, `page`, `filters`, `correct`)."""
        sort = changes.get("sort", self.sort)
        page = changes.get("page", 1)
        values = {
            "q": changes.get("q", self.text),
            **changes.get("filters", self.filters),
            "sort": "" if sort == Sort.RELEVANCE else sort,
            "correct_typos": changes.get("correct", self.correct),
            "page": page if page and int(page) > 1 else "",
        }
        return parameters.encode(values, SITE)

    def url(self, **changes) -> str:
        pairs = self.params(**changes)
        return SEARCH_PATH + ("?" + urlencode(pairs) if pairs else "")

    def fiche_url(self, fiche_url: str, page: int | None = None) -> str:
        """*fiche_url* opened from this search's page *page* (default: this page): the search
        travels in the fiche's query string, so that its page can lead back to these results
        and on to the previous and next ones (`fiche_navigation`). `page` is always written,
        even 1: it marks a fiche opened from the results (`/initiatives/` itself has no other
        parameter)."""
        page = page or self.page
        pairs = [pair for pair in self.params(page=page) if pair[0] != PAGE_PARAM]
        return fiche_url + "?" + urlencode([*pairs, (PAGE_PARAM, str(page))])

    def without(self, parameter: str, removed: set[str]) -> str:
        """This search without the values *removed* of filter *parameter* (API name)."""
        filters = {
            name: [v for v in values if not (name == parameter and str(v) in removed)]
            for name, values in self.filters.items()
        }
        return self.url(filters=filters)

    def adding(self, filters: list[tuple[str, str]]) -> str:
        """This search (words kept, first page) with the filter values *filters* added
        ((API name, value) pairs: an offer of the engine's query understanding)."""
        merged = {name: list(values) for name, values in self.filters.items()}
        for name, value in filters:
            if value not in merged.setdefault(name, []):
                merged[name].append(value)
        return self.url(filters=merged)

    def criteria(self) -> dict:
        """What the search finds by, in the parameters' names: words, filters and the correction
        choice (no sort, no paging): the feed, the exports and the API say the same."""
        return {"q": self.text, **self.filters, "correct_typos": self.correct}

    def feed_url(self) -> str:
        """The Atom feed of this search (words and filters; sort and page do not apply)."""
        return feed_url(self.criteria())

    def api_query(self) -> str:
        """The search (words, filters and the correction choice, no paging) with the API's
        parameter names."""
        return urlencode(parameters.encode(self.criteria(), API))

    def export_links(self) -> list[dict]:
        """The open-data exports of these results, same filters as the page. The JSON export
        (every fiche found, complete records) is the page's one JSON link: the search API's
        page of results is only announced in the head (`api_url`)."""
        from cahier.opendata.exporters import EXPORTERS

        query = self.api_query()
        return [
            {
                "label": EXPORTERS[key].verbose_name,
                "url": f"/api/v1/exports/{EXPORTERS[key].route()}" + (f"?{query}" if query else ""),
            }
            for key in ("csv", "csv-fr", "xlsx", "json")
        ]

    def api_url(self) -> str:
        """The API request returning the same page of results as JSON."""
        values = self.criteria()
        if self.sort != Sort.RELEVANCE:
            values["sort"] = self.sort
        if self.page > 1:
            values |= {"limit": self.per_page, "offset": self.offset}
        pairs = parameters.encode(values, API)
        return "/api/v1/initiatives" + ("?" + urlencode(pairs) if pairs else "")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def engine_query(self) -> engine.SearchQuery:
        return engine.SearchQuery(
            q=self.text,
            correct_typos=self.correct,
            sort=self.sort,
            limit=self.per_page,
            offset=self.offset,
            **self.filters,
        )


def search(query: Query) -> engine.SearchResult:
    """The engine's result for *query*; the filters become the engine's own spelling of the
    values it recognised (« trophees-fse » → « Trophées FSE »), so that the links removing a
    filter match the ticked values."""
    result = engine.search(query.engine_query())
    for name in query.filters:
        query.filters[name] = [v.value for v in result.facets.get(name, []) if v.selected]
    return result


def error_message(error: engine.SearchParameterError) -> str:
    return error.message(SITE)


@dataclass
class FicheNavigation:
    """Where a fiche opened from the results stands in them: the way back to the same results
    page, its rank, and the previous and next fiches (`{"title", "url"}`, None at either end,
    or both when the fiche is no longer among the results)."""

    back_url: str
    count: int
    rank: int | None = None
    previous: dict | None = None
    next: dict | None = None


def fiche_navigation(data, slug: str) -> FicheNavigation | None:
    """The search a fiche page was opened from (its query string, written by
    `Query.fiche_url`), or None for a fiche opened directly or with parameters the search
    cannot use. Runs the results page's own search (same words, filters, sort and page), so
    the order is the one the reader saw; the neighbouring page only at the page's ends."""
    if not any(parameter.site in data for parameter in parameters.surface(SITE)):
        return None
    try:
        query = Query.from_querydict(data)
        result = _page_hits(query)
    except parameters.SearchParameterError:
        return None
    navigation = FicheNavigation(back_url=query.url(page=query.page), count=result.count)
    slugs = [hit.slug for hit in result.hits]
    if slug not in slugs:
        return navigation
    index = slugs.index(slug)
    navigation.rank = query.offset + index + 1
    previous = _neighbour(query, result.hits, index - 1)
    following = _neighbour(query, result.hits, index + 1, count=result.count)
    navigation.previous, navigation.next = previous, following
    return navigation


def _page_hits(query: Query) -> engine.SearchResult:
    return engine.search(replace(query.engine_query(), with_facets=False))


def _neighbour(query: Query, hits, index: int, count: int = 0) -> dict | None:
    """The fiche at *index* of this page's *hits*, or the last of the previous page (index
    -1) or the first of the next one (index len(hits)); None past either end."""
    page = query.page
    if index < 0:
        if page == 1:
            return None
        page -= 1
        hits = _page_hits(replace(query, page=page)).hits
        index = len(hits) - 1
    elif index >= len(hits):
        if query.offset + len(hits) >= count:
            return None
        page += 1
        hits = _page_hits(replace(query, page=page)).hits
        index = 0
    if not 0 <= index < len(hits):
        return None
    hit = hits[index]
    return {"title": hit.title, "url": query.fiche_url(hit.url, page=page)}
