"""The search an alert follows: the URL query of /initiatives/ read by the one declaration of
the search parameters (`cahier.search.parameters`, site spelling), kept in a canonical form
(words and filters only, declaration order, the engine's own spelling of each value), shown
back in French words and run by the site's engine (`search.selectors.initiatives_matching`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from cahier.search import engine, parameters
from cahier.search.parameters import CRITERIA, SITE, SearchParameterError
from cahier.search.selectors import initiatives_matching

SEARCH_PATH = "/initiatives/"
SEPARATOR = " · "
NBSP = "\u00a0"


@dataclass(frozen=True)
class AlertQuery:
    """Words and filters by API name (`{"q": "garage", "region": ["bretagne"]}`)."""

    values: dict

    @classmethod
    def from_querydict(cls, data) -> AlertQuery:
        """The criteria of a result page's URL (`request.GET`); sort and page are dropped.
        Raises SearchParameterError (bad or unknown value), as the result page would."""
        values = parameters.read(data.getlist, SITE, CRITERIA)
        return cls(values)._canonical()

    @classmethod
    def from_text(cls, text: str) -> AlertQuery:
        """A stored query (Subscription.query)."""
        return cls.from_querydict(QueryDict(text))

    def _canonical(self) -> AlertQuery:
        """The engine's spelling of each filter value (« trophees-fse » → « Trophées FSE »);
        unknown values raise SearchParameterError."""
        result = self._result
        values = {"q": self.values["q"]} if self.values.get("q") else {}
        for parameter in parameters.FILTERS:
            if parameter.name not in self.values:
                continue
            chosen = [v.value for v in result.facets.get(parameter.name, []) if v.selected]
            values[parameter.name] = chosen or list(self.values[parameter.name])
        return AlertQuery(values)

    @cached_property
    def _result(self) -> engine.SearchResult:
        """The engine's answer (one hit, the facets): the canonical values and their labels."""
        return engine.search(engine.SearchQuery(limit=1, **self.values))

    @property
    def text(self) -> str:
        """The canonical URL query (site spelling), "" for every fiche."""
        return urlencode(parameters.encode(self.values, SITE))

    def search_url(self) -> str:
        return SEARCH_PATH + (f"?{self.text}" if self.text else "")

    def feed_url(self) -> str:
        """The Atom feed of the same search (the site's `www:feed`, same query)."""
        return reverse("www:feed") + (f"?{self.text}" if self.text else "")

    def parts(self) -> list[tuple[str, str]]:
        """(label, values) in French: [("Mot-clé", "Mobilité"), ("Région", "Bretagne")]."""
        facets = self._result.facets if self.values else {}
        parts = []
        for parameter in CRITERIA:
            value = self.values.get(parameter.name)
            if not value:
                continue
            if parameter.name == "q":
                parts.append((parameter.label, f"«{NBSP}{value}{NBSP}»"))
                continue
            labels = {v.value: v.label for v in facets.get(parameter.name, [])}
            shown = ", ".join(labels.get(str(item), str(item)) for item in value)
            parts.append((parameter.label, shown))
        return parts

    def describe(self) -> str:
        """« Mot-clé : Mobilité · Région : Bretagne »; « Toutes les initiatives » without criteria."""
        parts = self.parts()
        if not parts:
            return "Toutes les nouvelles initiatives"
        return SEPARATOR.join(f"{label}{NBSP}: {value}" for label, value in parts)

    def region_only(self) -> bool:
        return set(self.values) == {"region"}

    def initiatives(self):
        """The published fiches this search finds, as the site finds them (unordered)."""
        return initiatives_matching(engine.SearchQuery(with_facets=False, **self.values))


def parse(text: str, cache: dict | None = None) -> AlertQuery | None:
    """A stored query, or None when it no longer reads (a filter value removed since).
    *cache* (text → result) spares a sender's run reading the same search again."""
    if cache is not None and text in cache:
        return cache[text]
    try:
        query = AlertQuery.from_text(text)
    except SearchParameterError:
        query = None
    if cache is not None:
        cache[text] = query
    return query
