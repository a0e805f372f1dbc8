"""What a printed edition shows, built from the fiches' open-data records.

A published edition is frozen: its fiches come from the snapshots taken when it was published
(EditionEntry.snapshot), its glossary and index order from Edition.snapshot, so that later
edits of a fiche, or taking it back to draft, never change it. An edition in preparation
shows the catalogue as it is now. Both go through the same records and the same templates."""

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max
from django.urls import reverse

from cahier.catalogue.enums import EventKind, Openness, ProjectStatus, PublicationStatus
from cahier.catalogue.models import Funding, GlossaryTerm, Initiative, Keyword, PublicType, Region
from cahier.core.prose import Glossary, glossary_from_rows
from cahier.opendata.records import printed_record

from .models import Edition
from .selectors import cover_lines, edition_initiatives, initiatives_with_number

TAXONOMIES = {"keywords": Keyword, "publics": PublicType, "fundings": Funding}
# Keys of a record's `transfer` read as they are, with their value when absent.
TRANSFER_KEYS = {
    "success_conditions": "",
    "pitfalls": "",
    "funders": [],
    "staff_fte": None,
    "essential_partners": "",
    "prerequisites": "",
    "resources": [],
    "offers": [],
}


@dataclass(frozen=True)
class PrintedRegion:
    name: str
    is_overseas: bool = False
    position: int = 999


@dataclass(frozen=True)
class PrintedEvent:
    kind: str
    year: int

    def get_kind_display(self) -> str:
        return EventKind(self.kind).label if self.kind in EventKind.values else self.kind


@dataclass(frozen=True)
class PrintedTerm:
    acronym: str
    definition: str


@dataclass(frozen=True)
class PrintedLink:
    """A fiche a printed fiche links to (its origin, its replications), as its record names it."""

    title: str
    slug: str
    region: PrintedRegion | None = None
    status: str = PublicationStatus.PUBLISHED  # a record names published fiches only

    def get_absolute_url(self) -> str:
        return reverse("www:initiative", kwargs={"slug": self.slug})


class PrintedFiche:
    """One fiche as printed, from its open-data record. It answers what the printed cahier's
    templates and filters ask an Initiative (region, event, porteur_label…), so the PDF and
    the pages render a snapshot with the very templates that render a live fiche."""

    def __init__(self, record: dict, *, list_title: str, region: PrintedRegion, status: str):
        self.record = record
        self.number = record.get("number")
        self.pk = self.number
        self.list_title = list_title
        self.region = region
        # The fiche's state in the catalogue now: the edition links to it only while public.
        self.status = status
        provenance = record.get("provenance") or {}
        self.event = (
            PrintedEvent(provenance["event"], provenance["year"])
            if provenance.get("event")
            else None
        )
        self.provenance_status = provenance.get("status") or ""
        self.provenance_category = provenance.get("category") or ""

    def __getattr__(self, name: str):
        # slug, title, territory, description, added_value, public, partners, links,
        # referent_emails, results, started_year, ended_year, outcomes, contacts: the record's
        # own keys; success_conditions, pitfalls, funders, staff_fte…: its `transfer` keys.
        record = self.__dict__.get("record", {})
        if name in record:
            return record[name]
        if name in TRANSFER_KEYS:
            return (record.get("transfer") or {}).get(name, TRANSFER_KEYS[name])
        if name in ("started_year", "ended_year"):
            return None
        if name in ("outcomes", "contacts"):
            return []
        raise AttributeError(name)

    @property
    def porteur_label(self) -> str:
        return self.record.get("porteur", "")

    # Life, transfer kit and lineage (records 1.2.0): the Initiative's attribute names, so
    # catalogue.essaimage reads a snapshot like a live fiche. A snapshot taken before 1.2.0
    # has none of them: the fiche prints as it did.
    @property
    def project_status(self) -> str:
        return self.record.get("status") or ProjectStatus.UNKNOWN

    @property
    def _transfer(self) -> dict:
        return self.record.get("transfer") or {}

    @property
    def budget_min(self) -> int | None:
        return (self._transfer.get("budget") or {}).get("min")

    @property
    def budget_max(self) -> int | None:
        return (self._transfer.get("budget") or {}).get("max")

    @property
    def setup_months(self) -> int | None:
        return self._transfer.get("setup_time")

    @property
    def openness(self) -> str:
        return self._transfer.get("openness") or Openness.UNSPECIFIED

    @property
    def _origin(self) -> dict:
        return self.record.get("replication_of") or {}

    @property
    def replication_of(self) -> PrintedLink | None:
        origin = self._origin
        return PrintedLink(origin["title"], origin["slug"]) if origin.get("slug") else None

    @property
    def origin_name(self) -> str:
        return "" if self._origin.get("slug") else self._origin.get("title") or ""

    @property
    def origin_url(self) -> str:
        return self._origin.get("url") or ""

    @property
    def adaptations(self) -> str:
        return self._origin.get("adaptations") or ""

    @property
    def published_replications(self) -> list[PrintedLink]:
        return [
            PrintedLink(item["title"], item["slug"], PrintedRegion(item["region"]))
            for item in self.record.get("replications") or []
        ]

    def labels(self, taxonomy: str) -> list[str]:
        return list(self.record.get(taxonomy, []))

    def get_absolute_url(self) -> str:
        return reverse("www:initiative", kwargs={"slug": self.record["slug"]})


@dataclass
class IndexEntry:
    label: str
    numbers: list[int]


@dataclass
class RegionGroup:
    region: PrintedRegion
    initiatives: list[PrintedFiche] = field(default_factory=list)


@dataclass
class EditionDocument:
    """Everything the printed edition shows, in print order."""

    edition: Edition
    cover: tuple[str, str, str]
    initiatives: list[PrintedFiche]
    regions: list[RegionGroup]
    keywords: list[IndexEntry]
    publics: list[IndexEntry]
    fundings: list[IndexEntry]
    glossary: list[PrintedTerm]
    acronyms: Glossary | None = None  # the matcher the fiches' acronyms are set in italics with
    frozen: bool = False


def edition_extras_snapshot(records: list[dict], glossary: Sequence[str] | None = None) -> dict:
    """The parts of a printed edition that live outside its fiches: the glossary (the acronyms
    of *glossary* only when given: an imported document prints its own, not the entries added
    since, such as DREETS) and, for each index, the labels its fiches use in the index's order."""
    used = {name: {label for record in records for label in record[name]} for name in TAXONOMIES}
    terms = GlossaryTerm.objects.order_by("acronym")
    if glossary is not None:
        terms = terms.filter(acronym__in=list(glossary))
    return {
        "glossary": [{"acronym": term.acronym, "definition": term.definition} for term in terms],
        **{
            name: [
                label
                for label in model.objects.order_by("position", "label").values_list(
                    "label", flat=True
                )
                if label in used[name]
            ]
            for name, model in TAXONOMIES.items()
        },
    }


def _live_records(edition: Edition, pks: list[int] | None = None) -> dict[int, dict]:
    """initiative pk → its record as it is now, numbered in *edition*."""
    if pks is None:
        initiatives = edition_initiatives(edition)
    else:
        queryset = Initiative.objects.filter(pk__in=pks)
        initiatives = initiatives_with_number(queryset, edition).with_relations()
    return {initiative.pk: printed_record(initiative) for initiative in initiatives}


def _fiches(edition: Edition, frozen: bool) -> list[PrintedFiche]:
    entries = list(
        edition.entries.select_related("initiative").only(
            "number", "list_title", "snapshot", "initiative__status", "initiative__slug"
        )
    )
    entries.sort(key=lambda entry: entry.number)
    if frozen:
        missing = [entry.initiative_id for entry in entries if entry.snapshot is None]
        live = _live_records(edition, missing) if missing else {}
    else:
        live = _live_records(edition)
    regions = {region.name: region for region in Region.objects.all()}
    fiches = []
    for entry in entries:
        record = entry.snapshot if frozen and entry.snapshot is not None else None
        record = record or live[entry.initiative_id]
        region = regions.get(record["region"])
        fiches.append(
            PrintedFiche(
                record,
                list_title=entry.list_title,
                region=PrintedRegion(record["region"], region.is_overseas, region.position)
                if region
                else PrintedRegion(record["region"]),
                status=entry.initiative.status,
            )
        )
    return fiches


def _index(fiches: list[PrintedFiche], name: str, order: list[str]) -> list[IndexEntry]:
    numbers: dict[str, list[int]] = defaultdict(list)
    for fiche in fiches:
        for label in fiche.labels(name):
            numbers[label].append(fiche.number)
    return [IndexEntry(label, sorted(numbers[label])) for label in order if numbers.get(label)]


def edition_document(edition: Edition) -> EditionDocument:
    # Published (or published then withdrawn): the snapshot, never the catalogue as it is now.
    frozen = edition.snapshot is not None
    fiches = _fiches(edition, frozen)
    extras = edition.snapshot if frozen else edition_extras_snapshot([f.record for f in fiches])
    groups: list[RegionGroup] = []
    for fiche in fiches:
        if not groups or groups[-1].region.name != fiche.region.name:
            groups.append(RegionGroup(fiche.region))
        groups[-1].initiatives.append(fiche)
    glossary = [PrintedTerm(term["acronym"], term["definition"]) for term in extras["glossary"]]
    return EditionDocument(
        edition=edition,
        cover=cover_lines(edition),
        initiatives=fiches,
        regions=groups,
        keywords=_index(fiches, "keywords", extras["keywords"]),
        publics=_index(fiches, "publics", extras["publics"]),
        fundings=_index(fiches, "fundings", extras["fundings"]),
        glossary=glossary,
        acronyms=glossary_from_rows(tuple((term.acronym, term.definition) for term in glossary)),
        frozen=frozen,
    )


def edition_fingerprint(edition: Edition) -> str:
    """Changes whenever anything the printed edition shows changes. A frozen edition: its own
    fields and its snapshots only (editing a fiche does not touch it). An edition in
    preparation: also its initiatives, the glossary and the index labels as they are now."""
    # What the edition prints, not its timestamps: choosing it as the site's current edition
    # or withdrawing it does not rebuild its PDF.
    fields = Edition.objects.filter(pk=edition.pk).values(
        "year", "title", "subtitle", "publisher", "edito", "edito_signature", "snapshot"
    )
    entries = list(
        edition.entries.order_by("number").values_list(
            "initiative_id", "number", "list_title", "snapshot"
        )
    )
    parts: list = [list(fields), entries]
    if edition.snapshot is None or any(entry[3] is None for entry in entries):
        stamps: list[datetime | None] = [
            Initiative.objects.filter(editions=edition).aggregate(m=Max("updated_at"))["m"]
        ]
        parts.append([stamp.isoformat() if stamp else "-" for stamp in stamps])
        parts.append(list(GlossaryTerm.objects.order_by("pk").values_list("acronym", "definition")))
        parts.append(
            [
                list(model.objects.order_by("pk").values_list("label", "position"))
                for model in TAXONOMIES.values()
            ]
        )
    digest = hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()
    return digest[:16]
