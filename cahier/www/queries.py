"""Read-only queries the public pages need beyond `cahier.catalogue.selectors`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import (
    Funding,
    GlossaryTerm,
    Initiative,
    Keyword,
    PublicType,
    Region,
)
from cahier.catalogue.selectors import initiatives_with_number

PUBLISHED = Q(initiatives__status=PublicationStatus.PUBLISHED)


@dataclass
class KeyFigures:
    initiatives: int
    regions: int
    keywords: int
    publics: int
    acronyms: int


def key_figures() -> KeyFigures:
    published = Initiative.objects.published()
    return KeyFigures(
        initiatives=published.count(),
        regions=published.filter(region__is_national=False).values("region").distinct().count(),
        keywords=Keyword.objects.filter(PUBLISHED).distinct().count(),
        publics=PublicType.objects.filter(PUBLISHED).distinct().count(),
        acronyms=GlossaryTerm.objects.count(),
    )


def regions_with_counts() -> QuerySet[Region]:
    """Every region (and « National »), each with `count` published initiatives."""
    return Region.objects.annotate(count=Count("initiatives", filter=PUBLISHED))


def terms_with_counts(model) -> QuerySet:
    """Keywords, publics or fundings with `count` published initiatives."""
    return model.objects.annotate(count=Count("initiatives", filter=PUBLISHED))


def terms_with_numbers(model) -> list:
    """Each term with its published initiatives (fiche number, title, slug) in fiche order."""
    terms = list(terms_with_counts(model))
    through = model.initiatives.through
    field = model._meta.model_name  # keyword / publictype / funding
    rows = through.objects.filter(initiative__status=PublicationStatus.PUBLISHED).values_list(
        f"{field}_id", "initiative_id"
    )
    by_term: dict[int, list[int]] = {}
    for term_id, initiative_id in rows:
        by_term.setdefault(term_id, []).append(initiative_id)
    initiatives = {
        i.pk: i
        for i in initiatives_with_number(Initiative.objects.published()).only("slug", "title")
    }
    for term in terms:
        term.fiches = sorted(
            (initiatives[pk] for pk in by_term.get(term.pk, []) if pk in initiatives),
            key=lambda i: (i.number is None, i.number or 0, i.title),
        )
    return terms


def similar_initiatives(initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """Published initiatives sharing keywords, publics or the region, most shared first.

    Deterministic: ties are broken by title then id."""
    keyword_ids = [k.pk for k in initiative.keywords.all()]
    public_ids = [p.pk for p in initiative.publics.all()]
    candidates = (
        Initiative.objects.published()
        .exclude(pk=initiative.pk)
        .annotate(
            shared_keywords=Count("keywords", filter=Q(keywords__in=keyword_ids), distinct=True),
            shared_publics=Count("publics", filter=Q(publics__in=public_ids), distinct=True),
            same_region=Case(
                When(region_id=initiative.region_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .annotate(similarity=F("shared_keywords") * 3 + F("shared_publics") * 2 + F("same_region"))
        .filter(similarity__gt=0)
        .select_related("region")
        .order_by("-similarity", "title", "pk")
    )
    return list(candidates[:limit])


TAXONOMIES = {"mot_cle": Keyword, "public": PublicType, "financement": Funding}
