"""Reads of the catalogue. Views, API, exports and CLI read through here."""

from collections.abc import Callable
from dataclasses import dataclass, field

from cahier.core.prose import Glossary, Renames, glossary_from_rows, renames_from_rows
from cahier.core.text import name_key

from .enums import EventKind, PublicationStatus
from .models import GlossaryTerm, Initiative, InstitutionChange, Region


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


def institution_renames() -> Renames:
    """The institutions that changed names, for `core.prose.to_html` (« DIRECCTE (aujourd’hui
    DREETS) »): one query; the matcher is rebuilt only when the table's content changes."""
    rows = tuple(
        InstitutionChange.objects.order_by("pk").values_list(
            "old_acronym", "old_name", "new_acronym", "new_name", "changed_on"
        )
    )
    return renames_from_rows(rows)


@dataclass
class DeadAddress:
    """An address of a fiche (referent of 2019 or structured contact) in an old mail domain."""

    address: str
    change: InstitutionChange


@dataclass
class FicheWithDeadAddresses:
    initiative: Initiative
    addresses: list[DeadAddress]


def initiatives_with_dead_addresses() -> list[FicheWithDeadAddresses]:
    """The fiches (archived ones aside) whose referent or contact addresses are in a mail
    domain of an institution that changed names (`InstitutionChange.owns_address`), by title;
    two queries."""
    changes = [change for change in InstitutionChange.objects.all() if change.old_mail_domains]
    if not changes:
        return []
    found = []
    fiches = (
        Initiative.objects.exclude(status=PublicationStatus.ARCHIVED)
        .only("pk", "title", "slug", "status", "referent_emails", "contacts")
        .order_by("title", "pk")
    )
    for initiative in fiches:
        emails = [*(initiative.referent_emails or [])]
        emails += [c.get("email") or "" for c in initiative.contacts or [] if isinstance(c, dict)]
        addresses = []
        for email in dict.fromkeys(e.strip() for e in emails if isinstance(e, str) and e.strip()):
            change = next((c for c in changes if c.owns_address(email)), None)
            if change is not None:
                addresses.append(DeadAddress(email, change))
        if addresses:
            found.append(FicheWithDeadAddresses(initiative, addresses))
    return found


INDEX_RELATIONS = ("keywords", "publics", "fundings")


def with_list_relations(initiatives: list[Initiative]) -> list[Initiative]:
    """*initiatives* (read with `with_relations(prefetch=False)`) with what `prefetch_related`
    would add, read for the whole list: the terms of their indexes (`Initiative.index_terms`)
    and their published replications (`published_replications`). A few queries for the list
    and no queryset or term object per fiche and relation: at 100 000 fiches, an export spent
    more time in `prefetch_related` than in anything else."""
    return _with_published_replications(_with_index_terms(initiatives))


def _with_index_terms(initiatives: list[Initiative]) -> list[Initiative]:
    """One query per index for the list; the terms themselves (a few dozen) read once each."""
    pks = [initiative.pk for initiative in initiatives]
    loaded: dict[int, dict[str, list]] = {pk: {name: [] for name in INDEX_RELATIONS} for pk in pks}
    for name in INDEX_RELATIONS:
        field = Initiative._meta.get_field(name)
        term_column = field.m2m_reverse_field_name()
        # In the database's order (the model's ordering, its collation): the order the
        # relation's queryset gives the fiche page and the API.
        terms = list(field.related_model.objects.all())
        rank = {term.pk: position for position, term in enumerate(terms)}
        by_pk = {term.pk: term for term in terms}
        pairs = field.remote_field.through.objects.filter(initiative_id__in=pks).values_list(
            "initiative_id", term_column
        )
        for initiative_id, term_id in pairs:
            loaded[initiative_id][name].append(by_pk[term_id])
        for fiche_terms in loaded.values():
            fiche_terms[name].sort(key=lambda term: rank[term.pk])
    for initiative in initiatives:
        initiative.loaded_index_terms = loaded[initiative.pk]
    return initiatives


def _with_published_replications(initiatives: list[Initiative]) -> list[Initiative]:
    """The ids of the replications first, found by the `replication_of` index alone: asked
    with the publication status in the same query, SQLite walks every published fiche by its
    status index instead (250 ms for 500 fiches at 100 000). Then the published ones, by title."""
    by_origin: dict[int, list[Initiative]] = {initiative.pk: [] for initiative in initiatives}
    rows = (
        Initiative.objects.filter(replication_of_id__in=list(by_origin))
        .order_by()
        .values_list("pk", "status")
    )
    published = [pk for pk, status in rows if status == PublicationStatus.PUBLISHED]
    if published:
        replications = Initiative.objects.filter(pk__in=published).select_related("region")
        for replication in replications.order_by("title"):
            by_origin[replication.replication_of_id].append(replication)
    for initiative in initiatives:
        initiative.published_replications = by_origin[initiative.pk]
    return initiatives
