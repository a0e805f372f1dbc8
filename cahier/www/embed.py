"""The embeddable list of fiches (/integrer/liste/) and its builder (/integrer/): what the URL
asks for, the address to copy, and the server cache of the rendered list.

The criteria are the search's own (`cahier.search.parameters`, site spelling: `q`, `region`,
`mot_cle`, `public`, … and `tri`); only the number of fiches (`nombre`) and the theme
(`theme`) belong to the embed. See docs/integration.md."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.templatetags.static import static

from cahier.search import engine, parameters
from cahier.search import state as search_state
from cahier.search.parameters import INTEGER, SITE, Parameter, SearchParameterError

from .enums import EmbedTheme
from .search import search_url

EMBED_PATH = "/integrer/liste/"
BUILDER_PATH = "/integrer/"
MAX_COUNT = 20
DEFAULT_COUNT = 5
# Bumped when the embed's markup changes: the server cache keeps rendered lists a day.
VERSION = 1
CACHE_TIMEOUT = 24 * 3600
# How long a browser (or a proxy) may reuse a list without asking again.
MAX_AGE = 300

CRITERIA = parameters.CRITERIA
# The filters the builder offers (the embed takes every criterion of the search).
BUILDER_FILTERS = tuple(p for p in parameters.FILTERS if p.name in {"region", "keyword", "public"})
COUNT = Parameter(
    "nombre",
    "nombre",
    "Nombre de fiches",
    "nombre de fiches",
    f"Nombre de fiches affichées (1 à {MAX_COUNT}, {DEFAULT_COUNT} par défaut).",
    kind=INTEGER,
    surfaces=frozenset(),
    minimum=1,
    maximum=MAX_COUNT,
)
THEME = "theme"


@dataclass(frozen=True)
class Embed:
    """What an embed shows: search criteria (API names → values), sort, count, theme."""

    criteria: dict = field(default_factory=dict)
    sort: str = ""
    count: int = DEFAULT_COUNT
    theme: EmbedTheme = EmbedTheme.LIGHT

    @classmethod
    def from_querydict(cls, data) -> Embed:
        """The embed a URL asks for; SearchParameterError names the first bad parameter."""
        values = parameters.read(data.getlist, SITE, (*CRITERIA, parameters.SORT, COUNT))
        theme = (data.get(THEME) or "").strip() or EmbedTheme.LIGHT
        if theme not in EmbedTheme.values:
            raise SearchParameterError(
                THEME,
                "Thème inconnu pour le paramètre «\u00a0{name}\u00a0»\u00a0: «\u00a0{value}\u00a0» "
                "(thèmes possibles\u00a0: " + ", ".join(EmbedTheme.values) + ").",
                value=theme,
            )
        return cls(
            criteria={p.name: values[p.name] for p in CRITERIA if p.name in values},
            sort=values.get("sort", ""),
            count=values.get(COUNT.name, DEFAULT_COUNT),
            theme=EmbedTheme(theme),
        )

    def params(self) -> list[tuple[str, str]]:
        """The URL parameters of this embed (site spelling; defaults left out but the count)."""
        pairs = parameters.encode({**self.criteria, "sort": self.sort}, SITE)
        pairs.append((COUNT.site, str(self.count)))
        if self.theme != EmbedTheme.LIGHT:
            pairs.append((THEME, self.theme.value))
        return pairs

    def url(self) -> str:
        return EMBED_PATH + "?" + urlencode(self.params())

    def builder_url(self) -> str:
        return BUILDER_PATH + "?" + urlencode(self.params())

    def search_url(self) -> str:
        """The site's full search with the same criteria."""
        return search_url({**self.criteria, "sort": self.sort})

    def height(self, shown: int | None = None) -> int:
        """A frame height (pixels) that shows a list of *shown* fiches (default: the count
        asked for) in one column; two columns from 768 px of frame width leave room, and the
        integrator adjusts it to the page."""
        return 200 + 170 * max(1, self.count if shown is None else shown)

    def engine_query(self) -> engine.SearchQuery:
        return engine.SearchQuery(**self.criteria, sort=self.sort, limit=self.count)


def search(embed: Embed) -> engine.SearchResult:
    """The fiches of *embed*; SearchParameterError for a value no fiche can have."""
    return engine.search(embed.engine_query())


def selected_labels(result: engine.SearchResult) -> list[str]:
    """The labels of the chosen filter values (« Bretagne », « Mobilité »), in facet order."""
    return [
        value.label
        for parameter in parameters.FILTERS
        for value in result.facets.get(parameter.name, [])
        if value.selected
    ]


def spelled(parameter: str) -> str:
    """The URL name of the parameter a SearchParameterError names (`keyword` → `mot_cle`)."""
    declared = parameters.PARAMETERS.get(parameter)
    return declared.site if declared else parameter


def read_leniently(data) -> tuple[Embed, engine.SearchResult, dict[str, str]]:
    """The builder's reading of a URL: each parameter the embed cannot use is left out and
    its message kept (URL name → French message), so the rest of the choices survive."""
    data = data.copy()
    errors: dict[str, str] = {}
    while True:
        try:
            options = Embed.from_querydict(data)
            return options, search(options), errors
        except SearchParameterError as error:
            name = spelled(error.parameter)
            if name in errors or name not in data:  # pragma: no cover - cannot loop
                raise
            errors[name] = error.message(SITE)
            data.pop(name)


@dataclass(frozen=True)
class Rendered:
    html: str
    etag: str


def rendered(embed: Embed, render: Callable[[], str]) -> Rendered:
    """The list *render* makes for *embed*, from the server cache when the catalogue has not
    changed since (the key carries the search index's generation, bumped by every change of
    a fiche, a taxonomy, a region or the glossary: cahier/search/state.py)."""
    # The stylesheet's hashed name (production storage) changes with a deployment that changes
    # it: a list cached before must not point to a file that is gone.
    source = urlencode(embed.params()) + static("www/css/embed.css")
    digest = hashlib.sha256(source.encode()).hexdigest()[:32]
    key = f"cahier:www:embed:{VERSION}:{search_state.generation()}:{digest}"
    found = cache.get(key)
    if found is not None:
        return Rendered(*found)
    html = render()
    etag = '"' + hashlib.sha256(html.encode()).hexdigest()[:32] + '"'
    cache.set(key, (html, etag), timeout=CACHE_TIMEOUT)
    return Rendered(html, etag)
