"""Writes for editions: create, compose (choose, order, number), publish."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.catalogue.models import Edition, EditionEntry, Initiative
from cahier.core.text import fold, unique_slug

ORDERS = ("region", "given")
# Paths under /editions/ that an edition slug would shadow.
RESERVED_SLUGS = {"nouvelle"}


def _validate_edition(*, slug: str, year: int, title: str, exclude_pk: int | None = None) -> None:
    errors = {}
    if not slug:
        errors["slug"] = "L'identifiant est obligatoire."
    elif slug in RESERVED_SLUGS:
        errors["slug"] = f"« {slug} » est réservé : choisissez un autre identifiant."
    elif Edition.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        errors["slug"] = f"Une édition « {slug} » existe déjà."
    if not title.strip():
        errors["title"] = "Le titre est obligatoire."
    if not 1900 <= year <= 2200:
        errors["year"] = "L'année doit être comprise entre 1900 et 2200."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def edition_create(
    *,
    slug: str,
    year: int,
    title: str,
    subtitle: str = "",
    edito: str = "",
    edito_signature: str = "",
) -> Edition:
    """A new, unpublished and empty edition."""
    _validate_edition(slug=slug, year=year, title=title)
    return Edition.objects.create(
        slug=slug,
        year=year,
        title=title.strip(),
        subtitle=subtitle.strip(),
        edito=edito,
        edito_signature=edito_signature,
    )


@transaction.atomic
def edition_update(
    *,
    edition: Edition,
    year: int,
    title: str,
    subtitle: str = "",
    edito: str = "",
    edito_signature: str = "",
) -> Edition:
    _validate_edition(slug=edition.slug, year=year, title=title, exclude_pk=edition.pk)
    edition.year = year
    edition.title = title.strip()
    edition.subtitle = subtitle.strip()
    edition.edito = edito
    edition.edito_signature = edito_signature
    edition.save()
    return edition


def _ordered(initiatives: Iterable[Initiative], order: str) -> list[Initiative]:
    initiatives = list(initiatives)
    if order == "region":
        # The printed order: regions in their official order, then fiches by title.
        return sorted(
            initiatives,
            key=lambda i: (i.region.position, fold(i.region.name), fold(i.title), i.pk),
        )
    if order == "given":
        return initiatives
    raise ValueError(f"Ordre inconnu : {order!r} (attendu : {', '.join(ORDERS)})")


@transaction.atomic
def edition_compose(
    *, edition: Edition, initiatives: Iterable[Initiative], order: str = "region"
) -> list[EditionEntry]:
    """Make *initiatives* the fiches of *edition*, numbered 1…n in *order* ("region": by region
    then title, as the 2019 cahier; "given": as passed). Only published initiatives can enter
    an edition. A published edition's numbering is frozen: unpublish it first."""
    if edition.is_published:
        raise ValidationError(
            "Cette édition est publiée : sa numérotation ne change plus. "
            "Dépubliez-la pour la recomposer."
        )
    chosen = _ordered(initiatives, order)
    unpublished = [i.title for i in chosen if i.status != "published"]
    if unpublished:
        raise ValidationError(
            "Seules des fiches publiées peuvent entrer dans une édition : " + ", ".join(unpublished)
        )
    if len({i.pk for i in chosen}) != len(chosen):
        raise ValidationError("Une fiche ne peut figurer qu'une fois dans une édition.")
    kept_titles = dict(edition.entries.values_list("initiative_id", "list_title"))
    edition.entries.all().delete()
    entries = EditionEntry.objects.bulk_create(
        EditionEntry(
            edition=edition,
            initiative=initiative,
            number=number,
            list_title=kept_titles.get(initiative.pk, ""),
        )
        for number, initiative in enumerate(chosen, start=1)
    )
    edition.save(update_fields=["updated_at"])
    return entries


@transaction.atomic
def edition_publish(*, edition: Edition) -> Edition:
    """Publish *edition*: it becomes the current edition, whose numbers the site shows."""
    if not edition.entries.exists():
        raise ValidationError("Une édition sans fiche ne peut pas être publiée.")
    edition.is_published = True
    edition.published_at = edition.published_at or timezone.now()
    edition.save(update_fields=["is_published", "published_at", "updated_at"])
    return edition


@transaction.atomic
def edition_unpublish(*, edition: Edition) -> Edition:
    edition.is_published = False
    edition.save(update_fields=["is_published", "updated_at"])
    return edition


@transaction.atomic
def catalogue_load_json(*, document: dict) -> dict[str, int]:
    """Load an open-data JSON export (`/api/v1/exports/initiatives.json` or
    `cahier export --format json`) into the database: index tables, glossary, initiatives
    (published, created or updated by slug) and the edition with its numbering.
    Exporting again gives the same document (see tests/editions/test_exports.py)."""
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
    for record in document.get("initiatives", []):
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
        existing = Initiative.objects.filter(slug=record["slug"]).first()
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
        if record.get("number") is not None:
            numbered.append((record["number"], initiative))

    edition_data = document.get("edition") or {}
    if edition_data.get("slug"):
        edition, _ = Edition.objects.update_or_create(
            slug=edition_data["slug"],
            defaults={
                "year": edition_data["year"],
                "title": edition_data["title"],
                "subtitle": edition_data.get("subtitle", ""),
                "edito": edition_data.get("edito", ""),
                "edito_signature": edition_data.get("edito_signature", ""),
                "is_published": True,
            },
        )
        if edition.published_at is None:
            edition.published_at = timezone.now()
            edition.save(update_fields=["published_at"])
        printed = {item["number"]: item["title"] for item in edition_data.get("list", [])}
        edition.entries.all().delete()
        EditionEntry.objects.bulk_create(
            EditionEntry(
                edition=edition,
                initiative=initiative,
                number=number,
                list_title=""
                if printed.get(number, initiative.title) == initiative.title
                else printed[number],
            )
            for number, initiative in numbered
        )
    counts["initiatives"] = counts["created"] + counts["updated"]
    return counts
