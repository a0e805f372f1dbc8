"""The only code that writes editions and their entries: create, compose (choose, order,
number), number one fiche, publish (freeze), unpublish, choose the current edition, and the
edition part of the imports (the printed cahier, an open-data JSON document).

A published edition is frozen: its numbering, its fiches and its texts never change again
(every write below refuses it with the same message), so a PDF once downloaded stays true.
Which edition the site shows is a separate, explicit choice (`edition_make_current`)."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.signals import initiatives_changed
from cahier.contributions.audit import audit_log
from cahier.contributions.enums import AuditAction
from cahier.core.cleaning import clean_line, clean_text
from cahier.core.text import fold, name_key
from cahier.opendata.records import printed_record

from .document import edition_extras_snapshot
from .models import Edition, EditionEntry
from .selectors import (
    edition_current,
    edition_is_frozen,
    edition_switch_changes,
    initiatives_with_number,
)

ORDERS = ("region", "given")
# What an import compares with a published edition (the source file's name may change).
PRINTED_FIELDS = ("year", "title", "subtitle", "publisher", "edito", "edito_signature")
# The one cleaning rule (cahier.core.cleaning) for an edition's texts, whoever writes them.
_LINE_TEXTS = ("title", "subtitle", "publisher")
_TEXTS = ("edito", "edito_signature")


def _cleaned(values: dict) -> dict:
    return {
        name: clean_line(value)
        if name in _LINE_TEXTS
        else clean_text(value)
        if name in _TEXTS
        else value
        for name, value in values.items()
    }


# Paths under /editions/ that an edition slug would shadow.
RESERVED_SLUGS = {"nouvelle"}


def _refuse_if_frozen(edition: Edition, what: str = "sa numérotation") -> None:
    if edition_is_frozen(edition):
        raise ValidationError(
            f"L’édition « {edition.title} » ({edition.year}) est publiée : {what} ne change "
            "plus. Les modifications vont dans une nouvelle édition (Éditions › Composer une "
            "nouvelle édition)."
        )


def _validate_edition(*, slug: str, year: int, title: str, exclude_pk: int | None = None) -> None:
    errors = {}
    if not slug:
        errors["slug"] = "L’identifiant est obligatoire."
    elif slug in RESERVED_SLUGS:
        errors["slug"] = f"« {slug} » est réservé : choisissez un autre identifiant."
    elif Edition.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        errors["slug"] = f"Une édition « {slug} » existe déjà."
    if not title.strip():
        errors["title"] = "Le titre est obligatoire."
    if not 1900 <= year <= 2200:
        errors["year"] = "L’année doit être comprise entre 1900 et 2200."
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
        **_cleaned(
            {
                "year": year,
                "title": title,
                "subtitle": subtitle,
                "edito": edito,
                "edito_signature": edito_signature,
            }
        ),
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
    values = _cleaned(
        {
            "year": year,
            "title": title,
            "subtitle": subtitle,
            "edito": edito,
            "edito_signature": edito_signature,
        }
    )
    if all(getattr(edition, name) == value for name, value in values.items()):
        return edition
    _refuse_if_frozen(edition, "son texte")
    _validate_edition(slug=edition.slug, year=year, title=title, exclude_pk=edition.pk)
    for name, value in values.items():
        setattr(edition, name, value)
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


def _refuse_unpublished(initiatives: Iterable[Initiative]) -> None:
    unpublished = [i.title for i in initiatives if i.status != PublicationStatus.PUBLISHED]
    if unpublished:
        raise ValidationError(
            "Seules des fiches publiées peuvent entrer dans une édition : " + ", ".join(unpublished)
        )


def _entries_replace(edition: Edition, numbered: Sequence[tuple[int, Initiative, str]]) -> None:
    edition.entries.all().delete()
    EditionEntry.objects.bulk_create(
        EditionEntry(edition=edition, initiative=initiative, number=number, list_title=list_title)
        for number, initiative, list_title in numbered
    )
    edition.save(update_fields=["updated_at"])


@transaction.atomic
def edition_compose(
    *, edition: Edition, initiatives: Iterable[Initiative], order: str = "region"
) -> list[EditionEntry]:
    """Make *initiatives* the fiches of *edition*, numbered 1…n in *order* ("region": by region
    then title, as the 2019 cahier; "given": as passed). Only published initiatives can enter
    an edition; a published edition is frozen."""
    _refuse_if_frozen(edition)
    chosen = _ordered(initiatives, order)
    _refuse_unpublished(chosen)
    if len({i.pk for i in chosen}) != len(chosen):
        raise ValidationError("Une fiche ne peut figurer qu’une fois dans une édition.")
    kept_titles = dict(edition.entries.values_list("initiative_id", "list_title"))
    _entries_replace(
        edition,
        [
            (number, initiative, kept_titles.get(initiative.pk, ""))
            for number, initiative in enumerate(chosen, start=1)
        ],
    )
    _changed(edition)
    return list(edition.entries.order_by("number"))


@transaction.atomic
def edition_number_set(
    *, edition: Edition, initiative: Initiative, number: int | None
) -> EditionEntry | None:
    """The fiche's number in *edition*; None takes it out of the edition. A proposal not yet
    published may be numbered in an edition in preparation: publishing the edition requires
    every fiche published."""
    _refuse_if_frozen(edition)
    if number is None:
        edition.entries.filter(initiative=initiative).delete()
        entry = None
    else:
        if number < 1:
            raise ValidationError({"number": "Le numéro doit être un entier positif."})
        taken = (
            edition.entries.filter(number=number)
            .exclude(initiative=initiative)
            .select_related("initiative")
            .first()
        )
        if taken:
            raise ValidationError(
                {"number": f"Le numéro {number} est déjà celui de « {taken.initiative} »."}
            )
        entry, _ = EditionEntry.objects.update_or_create(
            edition=edition, initiative=initiative, defaults={"number": number}
        )
    edition.save(update_fields=["updated_at"])
    _changed(edition, [initiative.pk])
    return entry


def _changed(edition: Edition, ids: list[int] | None = None) -> None:
    """The current edition's list titles are indexed by the search: keep it in step."""
    if edition.is_current:
        ids = (
            ids
            if ids is not None
            else list(edition.entries.values_list("initiative_id", flat=True))
        )
        initiatives_changed.send(sender=Initiative, ids=ids)


def _freeze(edition: Edition, glossary: Sequence[str] | None = None) -> None:
    """Snapshot every fiche as printed (its open-data record) and the edition's glossary and
    index order: from now on the edition shows these, whatever happens to the fiches."""
    entries = {entry.initiative_id: entry for entry in edition.entries.all()}
    initiatives = initiatives_with_number(
        Initiative.objects.filter(pk__in=list(entries)), edition
    ).with_relations()
    records = []
    for initiative in initiatives:
        entry = entries[initiative.pk]
        entry.snapshot = printed_record(initiative)
        records.append(entry.snapshot)
    EditionEntry.objects.bulk_update(entries.values(), ["snapshot"])
    edition.snapshot = edition_extras_snapshot(records, glossary)


@transaction.atomic
def editions_freeze_published() -> int:
    """Snapshot the published editions that have none yet (published before snapshots
    existed), as they print today. Run after `migrate`; returns how many it froze."""
    editions = list(Edition.objects.filter(is_published=True, snapshot__isnull=True))
    for edition in editions:
        _freeze(edition)
        edition.save(update_fields=["snapshot", "updated_at"])
    return len(editions)


@transaction.atomic
def edition_publish(
    *, edition: Edition, actor=None, glossary: Sequence[str] | None = None
) -> Edition:
    """Publish *edition*: freeze it (a snapshot of each fiche, of the glossary, or of the
    acronyms of *glossary* only, and of the index order) and offer it for download. It does NOT become the edition whose numbers the
    site shows: that is `edition_make_current`, a separate curator decision."""
    if edition.is_published:
        return edition
    if not edition.entries.exists():
        raise ValidationError("Une édition sans fiche ne peut pas être publiée.")
    if edition.snapshot is None:
        _refuse_unpublished(
            Initiative.objects.filter(editions=edition).exclude(status=PublicationStatus.PUBLISHED)
        )
        _freeze(edition, glossary)
    # Published again after a withdrawal: the snapshot taken the first time stays.
    edition.is_published = True
    edition.published_at = edition.published_at or timezone.now()
    edition.save(update_fields=["is_published", "published_at", "snapshot", "updated_at"])
    audit_log(action=AuditAction.EDITION_PUBLISHED, actor=actor, edition=edition.slug)
    return edition


@transaction.atomic
def edition_unpublish(*, edition: Edition, actor=None) -> Edition:
    """Withdraw *edition* from the public list, its PDF and the API. It stays frozen (same
    snapshot, same numbers if published again); the current edition cannot be withdrawn."""
    if edition.is_current:
        raise ValidationError(
            f"« {edition.title} » ({edition.year}) est l’édition de référence du site : "
            "choisissez d’abord une autre édition de référence."
        )
    if not edition.is_published:
        return edition
    edition.is_published = False
    edition.save(update_fields=["is_published", "updated_at"])
    audit_log(action=AuditAction.EDITION_UNPUBLISHED, actor=actor, edition=edition.slug)
    return edition


@transaction.atomic
def edition_make_current(*, edition: Edition, actor=None, reason: str = "") -> Edition:
    """Make *edition* the one whose numbers the site, /reperes/, the exports and the API show.
    Only a published (frozen) edition can be; the audit log keeps who chose it, when, what it
    replaced and what changed (selectors.edition_switch_changes)."""
    if not edition.is_published:
        raise ValidationError(
            "Seule une édition publiée peut devenir l’édition de référence : publiez-la d’abord."
        )
    # Two curators (or two servers) choosing at once: the second waits for the first, then
    # reads which edition is current now; without the lock it would break the database's
    # one-current-edition constraint (PostgreSQL; SQLite serialises writes anyway).
    list(Edition.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    previous = edition_current()
    if previous is not None and previous.pk == edition.pk:
        return edition
    changes = edition_switch_changes(edition)
    # Clear first: the database allows one current edition at a time.
    Edition.objects.filter(is_current=True).update(is_current=False)
    edition.is_current = True
    edition.save(update_fields=["is_current", "updated_at"])
    audit_log(
        action=AuditAction.EDITION_MADE_CURRENT,
        actor=actor,
        reason=reason,
        edition=edition.slug,
        previous=previous.slug if previous else None,
        unnumbered=len(changes.lost),
        renumbered=len(changes.renumbered),
        numbered=len(changes.gained),
    )
    ids = set(edition.entries.values_list("initiative_id", flat=True))
    if previous is not None:
        ids |= set(previous.entries.values_list("initiative_id", flat=True))
    initiatives_changed.send(sender=Initiative, ids=sorted(ids))
    return edition


def _numbering_of(edition: Edition) -> list[tuple[int, int, str]]:
    return sorted(edition.entries.values_list("number", "initiative_id", "list_title"))


def _frozen_numbering(edition: Edition, numbered) -> list[tuple[int, int, str]]:
    """The frozen *edition*'s numbering as the import states it: a printed list title that is
    only another spelling of the fiche's title (« Un toit, un emploi » for « Un toit un
    emploi »: same words, `name_key`) is what the importer now writes as one title, with no
    list title; the edition keeps its printed list, and the same document is not refused."""
    titles = {initiative.pk: initiative.title for _, initiative, _ in numbered}
    return sorted(
        (number, pk, "" if name_key(title) == name_key(titles.get(pk, "")) else title)
        for number, pk, title in _numbering_of(edition)
    )


@transaction.atomic
def edition_import(
    *,
    slug: str,
    values: dict,
    numbered: Sequence[tuple[int, Initiative, str]],
    glossary: Sequence[str] | None = None,
) -> Edition:
    """The edition part of an import (the printed cahier, an open-data JSON document): the
    edition *slug* with *values* (year, title, edito…) and its fiches *numbered*
    ((number, initiative, list title)), published and frozen. Importing the same document
    again writes nothing; a different one into a published edition is refused (import it
    under another identifier). The first edition of an empty site becomes its current one.
    *glossary*: the acronyms the document prints (its glossary is frozen with them only)."""
    values = _cleaned(values)
    edition = Edition.objects.filter(slug=slug).first()
    wanted = sorted((number, initiative.pk, title) for number, initiative, title in numbered)
    if edition is not None and edition_is_frozen(edition):
        if _frozen_numbering(edition, numbered) != wanted:
            _refuse_if_frozen(edition)
        if any(getattr(edition, name) != values.get(name, "") for name in PRINTED_FIELDS):
            _refuse_if_frozen(edition, "son texte")
        return edition
    if edition is None:
        _validate_edition(slug=slug, year=values["year"], title=values["title"])
        edition = Edition.objects.create(slug=slug, **values)
    elif any(getattr(edition, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(edition, name, value)
        edition.save()
    _refuse_unpublished(initiative for _, initiative, _ in numbered)
    if _numbering_of(edition) != wanted:
        _entries_replace(edition, numbered)
    edition_publish(edition=edition, glossary=glossary)
    if edition_current() is None:
        edition_make_current(edition=edition)
    return edition
