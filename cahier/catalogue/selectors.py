"""Reads of the catalogue. Views, API, exports and CLI read through here."""

from collections.abc import Callable

from cahier.core.prose import Glossary, glossary_from_rows
from cahier.core.text import name_key

from .models import GlossaryTerm, Region


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


def glossary_matcher() -> Glossary:
    """The glossary's acronym matcher for `core.prose.to_html`: one query; the matcher is
    rebuilt only when the table's content changes, so an edit shows on the next page."""
    rows = tuple(GlossaryTerm.objects.order_by("acronym").values_list("acronym", "definition"))
    return glossary_from_rows(rows)
