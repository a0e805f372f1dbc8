"""Reads of the catalogue. Views, API, exports and CLI read through here."""

from collections.abc import Callable

from django.db.models import CharField, IntegerField, OuterRef, QuerySet, Subquery, Value

# acronym_variants is imported from here by the search and the contributions (one rule, in core).
from cahier.core.prose import Glossary, glossary_from_rows
from cahier.core.prose import acronym_variants as acronym_variants
from cahier.core.text import name_key

from .models import Edition, EditionEntry, GlossaryTerm, Initiative, Region


def region_resolver() -> Callable[[str], Region | None]:
    """A resolver over the regions read once: the importer resolves hundreds of printed names."""
    by_key: dict[str, Region] = {}
    for region in Region.objects.all():
        for candidate in (region.name, region.slug, *region.aliases):
            by_key.setdefault(name_key(candidate), region)

    def resolve(name: str) -> Region | None:
        return by_key.get(name_key(name)) if name_key(name) else None

    return resolve


def region_resolve(name: str) -> Region | None:
    """The region a printed or typed name designates (official name, alias, any case or accent)."""
    return region_resolver()(name)


def edition_current() -> Edition | None:
    """The edition whose numbering the catalogue shows: the latest published one, else the latest."""
    return (
        Edition.objects.filter(is_published=True).order_by("-year", "-id").first()
        or Edition.objects.order_by("-year", "-id").first()
    )


def initiatives_with_number(
    queryset: QuerySet[Initiative] | None = None, edition: Edition | None = None
) -> QuerySet[Initiative]:
    """Annotate each initiative with `number`: its fiche number in *edition* (default: current)."""
    queryset = Initiative.objects.all() if queryset is None else queryset
    edition = edition or edition_current()
    if edition is None:
        # No edition yet: every initiative is unnumbered (a subquery over .none() would empty
        # the whole queryset).
        return queryset.annotate(
            number=Value(None, output_field=IntegerField()),
            list_title=Value("", output_field=CharField()),
        )
    entry = EditionEntry.objects.filter(edition=edition, initiative=OuterRef("pk"))
    return queryset.annotate(
        number=Subquery(entry.values("number")[:1]),
        list_title=Subquery(entry.values("list_title")[:1]),
    )


def edition_initiatives(edition: Edition) -> QuerySet[Initiative]:
    """The initiatives of *edition* in fiche order, with everything a full fiche shows."""
    return (
        initiatives_with_number(Initiative.objects.filter(editions=edition), edition)
        .with_relations()
        .order_by("number")
    )


def glossary_matcher() -> Glossary:
    """The glossary's acronym matcher for `core.prose.to_html`: one query; the matcher is
    rebuilt only when the table's content changes, so an edit shows on the next page."""
    rows = tuple(GlossaryTerm.objects.order_by("acronym").values_list("acronym", "definition"))
    return glossary_from_rows(rows)
