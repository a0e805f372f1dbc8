"""Writes for editions: create, compose (choose, order, number), publish."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.catalogue.models import Edition, EditionEntry, Initiative
from cahier.core.text import fold

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
