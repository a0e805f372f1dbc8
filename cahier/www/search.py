"""The one place where the public site talks to the search engine.

The results page must use the same engine as the API (`cahier.search`). Until that module lands
on main, `_fallback_search` answers with a naive in-memory search so that the pages can be built
and tested; switching to the engine is the `ENGINE` line below plus `_from_engine`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cahier.catalogue.models import Funding, Initiative, Keyword, PublicType, Region
from cahier.core.text import fold

ENGINE = None  # becomes the engine's search function once cahier.search lands

SORTS = {
    "pertinence": "Pertinence",
    "titre": "Titre",
    "region": "Région",
    "annee": "Année",
}
# URL parameter (French, as the site shows it) → facet name.
FACET_PARAMS = {
    "region": "Région",
    "mot_cle": "Mot-clé",
    "public": "Public visé",
    "financement": "Financement spécifique",
    "annee": "Année",
}
# Site parameter → API parameter, for the « JSON » twin link.
API_PARAMS = {
    "q": "q",
    "region": "region",
    "mot_cle": "keyword",
    "public": "public",
    "financement": "funding",
    "annee": "year",
    "tri": "sort",
    "page": "page",
}
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

    def api_url(self) -> str:
        pairs = [(API_PARAMS[key], value) for key, value in self.params(page=self.page)]
        return "/api/v1/initiatives" + ("?" + urlencode(pairs) if pairs else "")


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
class Result:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    corrected_query: str = ""


def search(query: Query) -> Result:
    if ENGINE is not None:  # pragma: no cover - wired when cahier.search lands
        return _from_engine(ENGINE, query)
    return _fallback_search(query)


def _from_engine(engine, query: Query) -> Result:  # pragma: no cover
    raise NotImplementedError


# --- Fallback: a naive search over the published initiatives, replaced by cahier.search. -----


def _haystack(initiative: Initiative) -> str:
    parts = [
        initiative.title,
        initiative.territory,
        initiative.description,
        " ".join(initiative.added_value),
        initiative.porteur_label,
        initiative.public,
        " ".join(initiative.partners),
        initiative.results,
        " ".join(k.label for k in initiative.keywords.all()),
        " ".join(p.label for p in initiative.publics.all()),
    ]
    return fold(" ".join(parts))


def _facet_key(initiative: Initiative) -> dict[str, list[str]]:
    return {
        "region": [initiative.region.slug],
        "mot_cle": [k.slug for k in initiative.keywords.all()],
        "public": [p.slug for p in initiative.publics.all()],
        "financement": [f.slug for f in initiative.fundings.all()],
        "annee": [str(initiative.event.year)] if initiative.event_id else [],
    }


def _snippet(text: str, tokens: list[str], width: int = 220) -> SafeString:
    folded = fold(text)
    start = 0
    if tokens and len(folded) == len(text):
        positions = [folded.find(token) for token in tokens if token in folded]
        if positions:
            start = max(0, min(positions) - 60)
    excerpt = text[start : start + width]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    html = escape(excerpt)
    if tokens and len(folded) == len(text):
        pattern = re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)))
        folded_html = fold(html)
        if len(folded_html) == len(html):
            pieces, last = [], 0
            for match in pattern.finditer(folded_html):
                pieces += [html[last : match.start()], "<mark>", html[match.start() : match.end()]]
                pieces.append("</mark>")
                last = match.end()
            html = "".join(pieces) + html[last:]
    return mark_safe(prefix + html + suffix)  # noqa: S308 - escaped above


def _fallback_search(query: Query) -> Result:
    tokens = [token for token in re.split(r"\W+", fold(query.text)) if len(token) > 1]
    initiatives = list(Initiative.objects.published().with_relations())
    matched = []
    for initiative in initiatives:
        haystack = _haystack(initiative)
        if all(token in haystack for token in tokens):
            score = sum(haystack.count(t) + 5 * fold(initiative.title).count(t) for t in tokens)
            matched.append((initiative, score, _facet_key(initiative)))

    def keep(item, skip: str | None = None) -> bool:
        _, _, keys = item
        return all(
            set(values) & set(keys[param])
            for param, values in query.filters.items()
            if param != skip
        )

    facets = {}
    labels = _facet_labels()
    for param in FACET_PARAMS:
        counts: dict[str, int] = {}
        for item in matched:
            if keep(item, skip=param):
                for value in item[2][param]:
                    counts[value] = counts.get(value, 0) + 1
        facets[param] = [
            FacetValue(value, labels[param].get(value, value), count)
            for value, count in sorted(
                counts.items(), key=lambda pair: (-pair[1], labels[param].get(pair[0], pair[0]))
            )
        ]
    hits = [item for item in matched if keep(item)]
    sorters = {
        "pertinence": lambda item: (-item[1], fold(item[0].title)),
        "titre": lambda item: fold(item[0].title),
        "region": lambda item: (item[0].region.position, fold(item[0].title)),
        "annee": lambda item: (
            -(item[0].event.year if item[0].event_id else 0),
            fold(item[0].title),
        ),
    }
    hits.sort(key=sorters[query.sort])
    offset = (query.page - 1) * query.per_page
    page = hits[offset : offset + query.per_page]
    return Result(
        hits=[Hit(i, _snippet(i.description, tokens), score) for i, score, _ in page],
        total=len(hits),
        facets=facets,
    )


def _facet_labels() -> dict[str, dict[str, str]]:
    return {
        "region": dict(Region.objects.values_list("slug", "name")),
        "mot_cle": dict(Keyword.objects.values_list("slug", "label")),
        "public": dict(PublicType.objects.values_list("slug", "label")),
        "financement": dict(Funding.objects.values_list("slug", "label")),
        "annee": {},
    }
