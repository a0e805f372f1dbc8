"""A page of results as readers see it: each fiche found, with its extract and highlights."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from cahier.catalogue.models import Initiative

from .snippets import snippet_html, snippet_parts


@dataclass
class SearchHit:
    initiative: Initiative
    number: int | None
    slug: str
    title: str
    region: str
    region_slug: str
    porteur: str
    snippet: SafeString  # escaped text with <mark> around matching words (the site)
    snippet_text: str  # the same extract, plain text (the API)
    highlights: list[tuple[int, int]]  # character offsets of the matching words in snippet_text
    score: float | None  # None unless ordered by relevance (words given, sort pertinence)
    url: str
    partial: bool = False  # holds only part of the query (coverage.py), listed after the others


def _url(initiative: Initiative) -> str:
    try:
        # One reverse() per search instead of one per hit: slugs need no escaping.
        return reverse("www:initiative", kwargs={"slug": "SLUG"}).replace("SLUG", initiative.slug)
    except NoReverseMatch:  # pragma: no cover - the www app always routes fiches
        return f"/initiatives/{initiative.slug}/"


def hits_of(
    ids_scores: list[tuple[int, float | None, bool]], phrases, numbers: dict[int, int]
) -> list[SearchHit]:
    """The page's hits in the order of *ids_scores* ((id, score, partial) triples): each fiche
    with its number in the current edition (*numbers*) and an extract where *phrases* are
    marked whole (snippets.py)."""
    ids = [pk for pk, _, _ in ids_scores]
    if not ids:
        return []
    queryset = Initiative.objects.filter(pk__in=ids).select_related("region", "porteur", "event")
    by_id = {}
    for initiative in queryset:
        initiative.number = numbers.get(initiative.pk)  # as selectors.initiatives_with_number
        by_id[initiative.pk] = initiative
    hits = []
    for pk, score, partial in ids_scores:
        initiative = by_id.get(pk)
        if initiative is None:
            continue
        texts = [initiative.description, initiative.results, initiative.public]
        extract, spans = snippet_parts(texts, phrases)
        hits.append(
            SearchHit(
                initiative=initiative,
                number=initiative.number,
                slug=initiative.slug,
                title=initiative.title,
                region=initiative.region.name,
                region_slug=initiative.region.slug,
                porteur=initiative.porteur_label,
                # Escaped text with <mark> around the matching words (snippets.py).
                snippet=mark_safe(snippet_html(extract, spans)),  # noqa: S308
                snippet_text=extract,
                highlights=spans,
                score=None if score is None else round(score, 4),
                url=_url(initiative),
                partial=partial,
            )
        )
    return hits
