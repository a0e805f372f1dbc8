"""Reads of the catalogue. Views, API, exports and CLI read through here."""

from collections.abc import Callable
from dataclasses import dataclass, field

from cahier.core.prose import Glossary, glossary_from_rows
from cahier.core.text import name_key

from .enums import EventKind
from .models import GlossaryTerm, Initiative, Region


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


@dataclass
class AdministrationAddress:
    """A DIRECCTE/DREETS mailbox of a region as the published fiches cite it: how many fiches,
    and the events (« JITE 2018 ») they came from."""

    address: str
    fiches: int = 0
    events: list[str] = field(default_factory=list)


def region_administration_addresses(region: Region) -> list[AdministrationAddress]:
    """The region's DIRECCTE/DREETS mailboxes (`Region.owns_address`) cited as referents by its
    published fiches, most cited first; one query."""
    found: dict[str, AdministrationAddress] = {}
    events: dict[str, set[tuple[int, str]]] = {}
    rows = (
        Initiative.objects.published()
        .filter(region=region)
        .values_list("referent_emails", "event__kind", "event__year")
    )
    for emails, kind, year in rows:
        for email in dict.fromkeys(e.strip().lower() for e in emails or [] if e.strip()):
            if not region.owns_address(email):
                continue
            entry = found.setdefault(email, AdministrationAddress(email))
            entry.fiches += 1
            if kind:
                events.setdefault(email, set()).add((year, kind))
    labels = dict(EventKind.choices)
    for email, entry in found.items():
        entry.events = [f"{labels[kind]} {year}" for year, kind in sorted(events.get(email, ()))]
    return sorted(found.values(), key=lambda entry: (-entry.fiches, entry.address))
