"""Reads of the catalogue. Views, API, exports and CLI read through here."""

from collections.abc import Callable, Iterable

from cahier.core.text import name_key

from .models import Region


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


def acronym_variants(acronym: str) -> Iterable[str]:
    """« MDE(F) » → MDE(F), MDE, MDEF."""
    yield acronym
    if "(" in acronym and ")" in acronym:
        head, _, rest = acronym.partition("(")
        inner, _, tail = rest.partition(")")
        yield head + tail
        yield head + inner + tail
