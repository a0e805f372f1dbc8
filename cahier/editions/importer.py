"""Imports that carry an edition, all or nothing: `cahier import` (a printed cahier: its fiches
through the catalogue's loader, its edition through the editions services) and
`catalogue_load_json` (an open-data JSON export loaded back)."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction

from cahier.catalogue.importer import CahierParseError, ImportReport, ParsedCahier
from cahier.catalogue.importer import load_cahier as load_fiches
from cahier.catalogue.models import Initiative
from cahier.core.text import unique_slug

from . import services
from .models import Edition


class EditionRefused(CahierParseError):
    """The document is well formed but its edition refuses it (published, hence frozen)."""

    def __init__(self, message: str):
        Exception.__init__(self, message)
        self.line = 0
        self.message = message


@transaction.atomic
def load_cahier(
    parsed: ParsedCahier,
    *,
    slug: str | None = None,
    year: int | None = None,
    source: str = "",
    force: bool = False,
) -> ImportReport:
    """Create or update the edition described by *parsed* (default identifier: its year) and
    its fiches. A published edition is frozen: importing the same document again changes
    nothing, a document numbered differently is refused (EditionRefused). Fiches edited since
    their last import are kept and the import refused (ImportConflicts) unless *force*."""
    year = year or parsed.year
    if year is None:
        raise CahierParseError(1, "année de l'édition introuvable : précisez --year.")
    slug = slug or str(year)
    edition = Edition.objects.filter(slug=slug).first()
    numbered = (
        {
            entry.number: entry.initiative
            for entry in edition.entries.select_related("initiative", "initiative__updated_by")
        }
        if edition
        else {}
    )
    report = load_fiches(parsed, numbered=numbered, source=source, force=force)
    # The cover prints « Le cahier des initiatives » over « INCLUSION »: together, the title.
    title = " ".join(part for part in (parsed.title, parsed.subtitle) if part)
    try:
        report.edition = services.edition_import(
            slug=slug,
            values={
                "year": year,
                "title": title,
                "subtitle": "",
                "publisher": parsed.publisher,
                "edito": parsed.edito,
                "edito_signature": parsed.edito_signature,
                "source_path": source,
            },
            numbered=report.numbering,
        )
    except ValidationError as error:
        raise EditionRefused(" ".join(error.messages)) from error
    return report


def _record_uid(record: dict, seen: set[uuid.UUID]) -> uuid.UUID | None:
    """The permanent `id` of an open-data record (None in files exported before it existed)."""
    if not record.get("id"):
        return None
    try:
        uid = uuid.UUID(str(record["id"]))
    except ValueError as error:
        raise ValidationError(
            f"Fiche « {record['slug']} » : identifiant permanent « {record['id']} » invalide."
        ) from error
    if uid in seen:
        raise ValidationError(
            f"Fiche « {record['slug']} » : identifiant permanent « {uid} » déjà donné à une "
            "autre fiche du fichier."
        )
    seen.add(uid)
    return uid


@transaction.atomic
def catalogue_load_json(*, document: dict) -> dict[str, int]:
    """Load an open-data JSON export (`/api/v1/exports/initiatives.json` or
    `cahier export --format json`) into the database: index tables, glossary, initiatives
    (published; matched on their permanent `id`, then on their slug; they keep the file's
    `id`) and the edition with its numbering.
    Exporting again gives the same document (see tests/opendata/test_exports.py)."""
    from cahier.catalogue.enums import PublicationStatus
    from cahier.catalogue.models import Funding, GlossaryTerm, Keyword, PublicType
    from cahier.catalogue.selectors import region_resolver
    from cahier.catalogue.services import (
        InitiativeData,
        event_get_or_create,
        initiative_create,
        initiative_set_status,
        initiative_update,
    )

    models = {"keywords": Keyword, "publics": PublicType, "fundings": Funding}
    terms: dict[str, dict[str, object]] = {name: {} for name in models}
    taxonomies = document.get("taxonomies") or {}
    for name, model in models.items():
        for position, entry in enumerate(taxonomies.get(name, [])):
            term, _ = model.objects.update_or_create(
                label=entry["label"],
                defaults={
                    "slug": entry.get("slug") or unique_slug(entry["label"], set()),
                    "position": entry.get("position", position),
                },
            )
            terms[name][term.label] = term

    def term(name: str, label: str):
        if label not in terms[name]:
            model = models[name]
            taken = set(model.objects.values_list("slug", flat=True))
            terms[name][label], _ = model.objects.get_or_create(
                label=label, defaults={"slug": unique_slug(label, taken)}
            )
        return terms[name][label]

    for entry in document.get("glossary", []):
        GlossaryTerm.objects.update_or_create(
            acronym=entry["acronym"], defaults={"definition": entry["definition"]}
        )

    counts = {"created": 0, "updated": 0}
    numbered: list[tuple[int, Initiative]] = []
    find_region = region_resolver()
    seen: set[uuid.UUID] = set()
    for record in document.get("initiatives", []):
        uid = _record_uid(record, seen)
        region = find_region(record["region"])
        if region is None:
            raise ValidationError(
                f"Fiche « {record['slug']} » : région inconnue « {record['region']} »."
            )
        provenance = record.get("provenance") or {}
        event = (
            event_get_or_create(kind=provenance["event"], year=provenance["year"])
            if provenance.get("event")
            else None
        )
        data = InitiativeData(
            title=record["title"],
            region=region,
            territory=record.get("territory", ""),
            description=record.get("description", ""),
            added_value=record.get("added_value", []),
            porteur=record.get("porteur", ""),
            public=record.get("public", ""),
            partners=record.get("partners", []),
            links=record.get("links", []),
            referent_emails=record.get("referent_emails", []),
            results=record.get("results", ""),
            event=event,
            provenance_status=provenance.get("status") or "",
            provenance_category=provenance.get("category") or "",
            keywords=[term("keywords", label) for label in record.get("keywords", [])],
            publics=[term("publics", label) for label in record.get("publics", [])],
            fundings=[term("fundings", label) for label in record.get("fundings", [])],
        )
        existing = (uid and Initiative.objects.filter(uid=uid).first()) or (
            Initiative.objects.filter(slug=record["slug"]).first()
        )
        if existing:
            initiative = initiative_update(
                initiative=existing, data=data, expected_version=existing.version
            )
            if initiative.status != PublicationStatus.PUBLISHED:
                # Through the service, so that the search index follows.
                initiative = initiative_set_status(
                    initiative=initiative, status=PublicationStatus.PUBLISHED
                )
            counts["updated"] += 1
        else:
            initiative = initiative_create(data=data, status="published", slug=record["slug"])
            counts["created"] += 1
        if uid and initiative.uid != uid:
            # The identifier is the file's: it must survive the trip from one instance to another.
            Initiative.objects.filter(pk=initiative.pk).update(uid=uid)
            initiative.uid = uid
        if record.get("number") is not None:
            numbered.append((record["number"], initiative))

    edition_data = document.get("edition") or {}
    if edition_data.get("slug"):
        printed = {item["number"]: item["title"] for item in edition_data.get("list", [])}
        services.edition_import(
            slug=edition_data["slug"],
            values={
                "year": edition_data["year"],
                "title": edition_data["title"],
                "subtitle": edition_data.get("subtitle", ""),
                "publisher": edition_data.get("publisher", ""),
                "edito": edition_data.get("edito", ""),
                "edito_signature": edition_data.get("edito_signature", ""),
            },
            numbered=[
                (
                    number,
                    initiative,
                    ""
                    if printed.get(number, initiative.title) == initiative.title
                    else printed[number],
                )
                for number, initiative in numbered
            ],
        )
    counts["initiatives"] = counts["created"] + counts["updated"]
    return counts
