"""Read-only queries the public pages need beyond `cahier.catalogue.selectors`."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import (
    Funding,
    GlossaryTerm,
    Initiative,
    Keyword,
    PublicType,
    Region,
)
from cahier.editions.selectors import edition_current, initiatives_with_number
from cahier.search import state as search_state
from cahier.search.engine import facet_entries, published_count


@dataclass
class KeyFigures:
    initiatives: int
    regions: int
    keywords: int
    publics: int
    acronyms: int


# Published fiches per region or term: popcounts of the search's per-process facet bitsets
# (cahier/search/facets.py), kept in step with the database by the catalogue generation. A
# COUNT over the catalogue's link tables grew with it (≈ 0.5 s a page at 100 000 fiches).
_TERM_FACETS = {Keyword: "keyword", PublicType: "public", Funding: "funding"}


def _with_counts(objects: list, facet: str, key: str) -> list:
    counts = {entry.value: entry.count for entry in facet_entries((facet,))[facet]}
    for item in objects:
        item.count = counts.get(getattr(item, key), 0)
    return objects


def key_figures(regions=None, keywords=None, publics=None) -> KeyFigures:
    """The catalogue's figures; a page that already has the regions, keywords and publics
    with their counts passes them (no second read)."""
    regions = regions_with_counts() if regions is None else regions
    keywords = terms_with_counts(Keyword) if keywords is None else keywords
    publics = terms_with_counts(PublicType) if publics is None else publics
    return KeyFigures(
        initiatives=published_count(),
        regions=sum(1 for region in regions if region.count and not region.is_national),
        keywords=sum(1 for term in keywords if term.count),
        publics=sum(1 for term in publics if term.count),
        acronyms=GlossaryTerm.objects.count(),
    )


def regions_with_counts() -> list[Region]:
    """Every region (and « National ») in their order, each with `count` published fiches."""
    return _with_counts(list(Region.objects.all()), "region", "slug")


def terms_with_counts(model) -> list:
    """Keywords, publics or fundings in their order, each with `count` published fiches."""
    return _with_counts(list(model.objects.all()), _TERM_FACETS[model], "slug")


# The fiches Repères lists under each entry of an index, in fiche order; past this, the count
# and a link to the search filtered by the entry. The largest entry of the 2019 cahier has 19
# fiches (« Jeunes »): its indexes stay whole, as printed.
INDEX_FICHES = 20


@dataclass
class IndexEntry:
    """One entry of an index (a keyword, a public, a funding) and its first fiches."""

    slug: str
    label: str
    count: int
    fiches: list[Initiative]  # the first INDEX_FICHES, numbered (`number`), in fiche order

    @property
    def more(self) -> bool:
        return self.count > len(self.fiches)


def index_entries(facets: tuple[str, ...], limit: int | None = None) -> dict[str, list]:
    """Each value of each of *facets* (`keyword`, `public`, `funding`) with its count of
    published fiches and the first *limit* of them in fiche order (the order of the results
    filtered by that value): neither the size of the page nor the number of queries grows with
    the catalogue. *limit* defaults to INDEX_FICHES."""
    edition = edition_current()
    entries = facet_entries(facets, INDEX_FICHES if limit is None else limit, edition)
    ids = [pk for values in entries.values() for entry in values for pk in entry.ids]
    found = initiatives_with_number(Initiative.objects.filter(pk__in=ids), edition)
    fiches = found.only("slug", "title").in_bulk() if ids else {}
    return {
        facet: [
            IndexEntry(
                entry.value,
                entry.label,
                entry.count,
                [fiches[pk] for pk in entry.ids if pk in fiches],
            )
            for entry in values
        ]
        for facet, values in entries.items()
    }


def similar_ids(initiative: Initiative, limit: int = 5) -> list[int]:
    """Published initiatives sharing keywords (3 points each), publics (2) or the region (1),
    most similar first; ties broken by title then id, so the choice is deterministic.

    One grouped query over the link tables: the ORM's annotated version (COUNT over two
    joined M2M) took ~0.5 s at 10 000 fiches."""
    keyword_ids = [k.pk for k in initiative.keywords.all()]
    public_ids = [p.pk for p in initiative.publics.all()]
    keywords = Initiative.keywords.through._meta.db_table
    publics = Initiative.publics.through._meta.db_table
    table = Initiative._meta.db_table
    parts, params = [], []
    if keyword_ids:
        marks = ", ".join(["%s"] * len(keyword_ids))
        parts.append(
            f"SELECT initiative_id AS id, 3 AS pts FROM {keywords} WHERE keyword_id IN ({marks})"
        )
        params += keyword_ids
    if public_ids:
        marks = ", ".join(["%s"] * len(public_ids))
        parts.append(
            f"SELECT initiative_id AS id, 2 AS pts FROM {publics} WHERE publictype_id IN ({marks})"
        )
        params += public_ids
    parts.append(f"SELECT id, 1 AS pts FROM {table} WHERE region_id = %s")
    params.append(initiative.region_id)
    sql = (
        f"SELECT i.id FROM ({' UNION ALL '.join(parts)}) s JOIN {table} i ON i.id = s.id "
        "WHERE i.status = %s AND i.id <> %s "
        "GROUP BY i.id, i.title ORDER BY SUM(s.pts) DESC, i.title, i.id LIMIT %s"
    )
    params += [PublicationStatus.PUBLISHED.value, initiative.pk, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def similar_initiatives(initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """`similar_ids`, cached until the catalogue changes.

    The key carries the search index's generation, which every change of an initiative, a
    taxonomy, a region or the glossary bumps (cahier.search.state)."""
    key = f"cahier:www:similar:{initiative.pk}:{limit}:{search_state.generation()}"
    ids = cache.get(key)
    if ids is None:
        ids = similar_ids(initiative, limit)
        cache.set(key, ids, timeout=24 * 3600)
    found = (
        Initiative.objects.published()
        .select_related("region")
        .only("slug", "title", "territory", "region__name")
        .in_bulk(ids)
    )
    return [found[pk] for pk in ids if pk in found]
